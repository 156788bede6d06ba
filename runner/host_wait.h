/*
 * Waiting on a host descriptor for a guest (stdin, a stalled stdout), in a
 * way that never outlasts --timeout or a termination signal: every
 * blocking host call the runner makes for a guest waits here first.
 */
#ifndef RUNNER_HOST_WAIT_H
#define RUNNER_HOST_WAIT_H

/* Wait until fd is ready for events (POLLIN or POLLOUT), until the
 * CLOCK_MONOTONIC time deadline (0: none), or until a termination signal
 * has been received (stop_signal.h), whichever comes first. Returns 1 when
 * fd is ready (also at end of file or on an error, which the read or
 * write then reports), 0 for the deadline or a signal, -1 with errno. */
int host_wait(int fd, short events, double deadline);

#endif
