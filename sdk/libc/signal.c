/*
 * signal() and raise(): handlers run synchronously on raise(), the only
 * way a signal reaches a guest. A handler stays installed after it runs
 * (glibc's and BSD's signal()). The default action of a signal whose
 * default is to end the process ends the run with status 128 + signal
 * number, what a shell shows for a process a signal killed; SIGABRT's is
 * abort() (status 134).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "stdio_impl.h"

static void (*handlers[NSIG])(int);

void (*signal(int sig, void (*handler)(int)))(int)
{
	if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) {
		errno = EINVAL;
		return SIG_ERR;
	}
	void (*old)(int) = handlers[sig];
	handlers[sig] = handler;
	return old;
}

static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH;
}

int raise(int sig)
{
	if (sig <= 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	void (*h)(int) = handlers[sig];
	if (h == SIG_IGN)
		return 0;
	if (h != SIG_DFL) {
		h(sig);
		return 0;
	}
	if (ignored_by_default(sig))
		return 0;
	if (sig == SIGABRT)
		abort();
	fprintf(stderr, "guest terminated by signal %d\n", sig);
	__stdio_flush_all();
	__kvmkit_exit(128 + sig);
}

/* abort(): a SIGABRT handler runs first and may longjmp away; it runs
 * once, so that one that calls abort() itself does not loop. */
void __signal_abort_handler(void)
{
	void (*h)(int) = handlers[SIGABRT];

	handlers[SIGABRT] = SIG_DFL;
	if (h != SIG_DFL && h != SIG_IGN)
		h(SIGABRT);
}
