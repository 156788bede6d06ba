/*
 * signal() and raise(): handlers run synchronously on raise(), the only
 * way a signal reaches a guest. A handler stays installed after it runs
 * (glibc's and BSD's signal()). The default action of a signal whose
 * default is to end the process ends the run with status 128 + signal
 * number, what a shell shows for a process a signal killed; SIGABRT's is
 * abort() (status 134).
 */
#include <errno.h>
#include <setjmp.h>
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

/* The signal mask (sigsetjmp in setjmp.S reads it) and what was raised
 * while blocked; bit sig - 1 of a sigset_t is signal sig. */
sigset_t __kvmkit_sigmask;
static sigset_t pending;

#define WORD(sig) ((unsigned)((sig) - 1) / 32)
#define BIT(sig) (1u << (unsigned)((sig) - 1) % 32)

int raise(int sig)
{
	if (sig <= 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (__kvmkit_sigmask.__bits[WORD(sig)] & BIT(sig)) {
		pending.__bits[WORD(sig)] |= BIT(sig);
		return 0;
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

static int bad_signal(int sig)
{
	if (sig <= 0 || sig >= NSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigemptyset(sigset_t *set)
{
	set->__bits[0] = set->__bits[1] = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	set->__bits[0] = set->__bits[1] = ~0u;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	set->__bits[WORD(sig)] |= BIT(sig);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	set->__bits[WORD(sig)] &= ~BIT(sig);
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	return !!(set->__bits[WORD(sig)] & BIT(sig));
}

int sigpending(sigset_t *set)
{
	*set = pending;
	return 0;
}

/* SIGKILL and SIGSTOP cannot be blocked; signals that become unblocked
 * and are pending are delivered (raised) before sigprocmask returns. */
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	sigset_t m = __kvmkit_sigmask;
	if (old)
		*old = m;
	if (!set)
		return 0;
	for (int i = 0; i < 2; i++) {
		switch (how) {
		case SIG_BLOCK: m.__bits[i] |= set->__bits[i]; break;
		case SIG_UNBLOCK: m.__bits[i] &= ~set->__bits[i]; break;
		case SIG_SETMASK: m.__bits[i] = set->__bits[i]; break;
		default: errno = EINVAL; return -1;
		}
	}
	m.__bits[WORD(SIGKILL)] &= ~(BIT(SIGKILL) | BIT(SIGSTOP));
	__kvmkit_sigmask = m;
	for (int sig = 1; sig < NSIG; sig++) {
		unsigned w = WORD(sig), b = BIT(sig);
		if ((pending.__bits[w] & b) && !(m.__bits[w] & b)) {
			pending.__bits[w] &= ~b;
			raise(sig);
		}
	}
	return 0;
}

void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__saved) {
		sigset_t m;
		m.__bits[0] = env->__mask[0];
		m.__bits[1] = env->__mask[1];
		sigprocmask(SIG_SETMASK, &m, NULL);
	}
	longjmp(env->__jb, val);
}
