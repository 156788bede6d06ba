#include "host_wait.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

#include "stop_signal.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Whether fd is ready right now. */
static int ready_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	return poll(&p, 1, 0) > 0;
}

int host_wait(int fd, short events, double deadline)
{
	for (;;) {
		/* Stopping: what is ready still goes through (a final console
		 * flush), nothing waits. */
		if (stop_signal_received())
			return ready_now(fd, events);
		int timeout = -1;
		if (deadline > 0) {
			double left = deadline - now();
			if (left <= 0)
				return ready_now(fd, events);
			timeout = (int)(left * 1e3) + 1; /* ms, rounded up */
		}
		struct pollfd p[2] = {
			{ .fd = fd, .events = events },
			{ .fd = stop_signal_fd(), .events = POLLIN },
		};
		int n = poll(p, p[1].fd >= 0 ? 2 : 1, timeout);
		if (n < 0 && errno == EINTR)
			continue; /* the kick timer or a stop signal: see above */
		if (n < 0)
			return -1;
		if (p[0].revents)
			return 1;
		/* Timed out, or the stop pipe woke us: the loop decides. */
	}
}
