/*
 * <signal.h>: C's signals inside a guest. Nothing asynchronous ever
 * arrives (a guest has no other process and no terminal); raise() runs
 * the handler at once, as C describes (sdk/libc/signal.c). Numbers are
 * Linux's.
 */
#ifndef _KVMKIT_SIGNAL_H
#define _KVMKIT_SIGNAL_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

typedef int sig_atomic_t;

#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
#define SIG_ERR ((void (*)(int))-1)

#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGURG   23
#define SIGWINCH 28
#define NSIG     65

void (*signal(int sig, void (*handler)(int)))(int);
int raise(int sig);

/* POSIX signal sets and the signal mask: a signal raise()d while blocked
 * stays pending and its handler runs when sigprocmask unblocks it. */
typedef struct { unsigned int __bits[2]; } sigset_t;
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int sigprocmask(int how, const sigset_t *__restrict set,
		sigset_t *__restrict old);
int sigpending(sigset_t *set);

__KVMKIT_END_DECLS

#endif
