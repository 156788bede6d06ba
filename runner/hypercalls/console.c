/* Console hypercalls: a whole buffer out in one exit, and stdin in. */
#include "hypercall.h"

#include <errno.h>
#include <poll.h>
#include <kvmkit/abi.h>
#include <string.h>
#include <unistd.h>

#include "host_wait.h"
#include "run.h"

int64_t hc_console_write(struct run *run, struct run_cpu *cpu,
				const uint64_t *args)
{
	(void)cpu;
	uint64_t addr = args[0], len = args[1];
	if (len > KVMKIT_IO_MAX)
		return -KVMKIT_EINVAL;
	const void *buf = hc_guest_buffer(run, addr, len);
	if (!buf)
		return -KVMKIT_EFAULT;
	if (console_write(&run->console, buf, len) < 0)
		return -KVMKIT_EIO;
	return (int64_t)len;
}

int64_t hc_stdin_read(struct run *run, struct run_cpu *cpu,
			const uint64_t *args)
{
	(void)cpu;
	uint64_t addr = args[0], len = args[1];
	if (len > KVMKIT_IO_MAX)
		len = KVMKIT_IO_MAX;
	void *buf = hc_guest_buffer(run, addr, len);
	if (!buf)
		return -KVMKIT_EFAULT;
	/* With --gdb - stdin carries the debugger's protocol, not input
	 * for the guest: the guest sees end of file. */
	if (run->opt->gdb && !strcmp(run->opt->gdb, "-"))
		return 0;
	/* A prompt the guest printed must be visible before we block. */
	console_flush(&run->console);
	for (;;) {
		/* Wait in poll(), never in read(): the wait ends at --timeout
		 * or a termination signal (the run loop then stops the run). */
		int w = host_wait(STDIN_FILENO, POLLIN, run->deadline);
		if (w == 0) {
			if (run_deadline_passed(run))
				run_stop(run, STOP_TIMEOUT,
					 "guest still running after --timeout "
					 "%g s (waiting for stdin)",
					 run->opt->timeout);
			return -KVMKIT_EIO;
		}
		ssize_t n = w < 0 ? -1 : read(STDIN_FILENO, buf, len);
		if (n >= 0)
			return n;
		if (errno != EINTR && errno != EAGAIN)
			return -KVMKIT_EIO;
	}
}
