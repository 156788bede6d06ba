#define _GNU_SOURCE /* pipe2 */
#include "stop_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define MAX_WATCHED 64

static volatile sig_atomic_t received;
static int wake_pipe[2] = { -1, -1 };
/* Read by the handler: changed only with the signals blocked. */
static struct {
	const struct vm_backend *backend;
	struct vcpu *vcpu;
} watched[MAX_WATCHED];

static const int stop_signals[] = { SIGTERM, SIGHUP, SIGINT };

static void on_stop_signal(int sig)
{
	int saved = errno;
	if (!received)
		received = sig;
	if (wake_pipe[1] >= 0) {
		ssize_t n = write(wake_pipe[1], "", 1); /* full pipe: awake */
		(void)n;
	}
	for (int i = 0; i < MAX_WATCHED; i++)
		if (watched[i].vcpu)
			watched[i].backend->kick(watched[i].vcpu);
	errno = saved;
}

int stop_signals_install(void)
{
	if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sa.sa_flags = 0; /* no SA_RESTART: blocking calls return EINTR */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&sa.sa_mask, stop_signals[i]);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		if (sigaction(stop_signals[i], &sa, NULL) < 0)
			return -1;
	return 0;
}

int stop_signal_received(void)
{
	return received;
}

int stop_signal_fd(void)
{
	return wake_pipe[0];
}

static void block_stop_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&set, stop_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void stop_signal_watch(const struct vm_backend *backend, struct vcpu *vcpu)
{
	sigset_t old;
	block_stop_signals(&old);
	for (int i = 0; i < MAX_WATCHED; i++)
		if (!watched[i].vcpu) {
			watched[i].backend = backend;
			watched[i].vcpu = vcpu;
			break;
		}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* A signal before the watch: kick now, as the handler would have. */
	if (received)
		backend->kick(vcpu);
}

void stop_signal_unwatch(struct vcpu *vcpu)
{
	sigset_t old;
	block_stop_signals(&old);
	for (int i = 0; i < MAX_WATCHED; i++)
		if (watched[i].vcpu == vcpu)
			watched[i].vcpu = NULL;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}
