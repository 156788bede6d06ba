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

__KVMKIT_END_DECLS

#endif
