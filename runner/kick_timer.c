/*
 * kick_timer.h: a POSIX timer per vCPU thread (SIGEV_THREAD_ID), whose
 * signal handler calls the backend's async-signal-safe kick().
 */
#define _GNU_SOURCE
#include "kick_timer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KICK_SIGNAL SIGALRM

struct kick_timer {
	const struct vm_backend *backend;
	struct vcpu *vcpu;
	timer_t id;
	pid_t tid; /* the thread it signals */
};

static void on_kick(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	struct kick_timer *t = info->si_value.sival_ptr;
	/* SI_TIMER: the deadline; SI_QUEUE: kick_timer_kick_now(). */
	if ((info->si_code == SI_TIMER || info->si_code == SI_QUEUE) && t)
		t->backend->kick(t->vcpu);
}

static int install_rc;

/* No SA_RESTART: KVM_RUN and blocking reads must return. */
static void install_once(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_kick;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	install_rc = sigaction(KICK_SIGNAL, &sa, NULL);
}

/* One handler for the whole process, installed by the first timer. */
static int install_handler(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, install_once);
	return install_rc;
}

struct kick_timer *kick_timer_create(const struct vm_backend *backend,
				     struct vcpu *vcpu, char *err,
				     size_t errlen)
{
	struct kick_timer *t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "timer: out of memory");
		return NULL;
	}
	t->backend = backend;
	t->vcpu = vcpu;
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = KICK_SIGNAL;
	ev.sigev_value.sival_ptr = t;
	t->tid = gettid();
	ev._sigev_un._tid = t->tid;
	if (install_handler() < 0 ||
	    timer_create(CLOCK_MONOTONIC, &ev, &t->id) < 0) {
		snprintf(err, errlen, "timer: %s", strerror(errno));
		free(t);
		return NULL;
	}
	return t;
}

int kick_timer_arm(struct kick_timer *t, double when)
{
	struct itimerspec its;
	memset(&its, 0, sizeof(its));
	if (when > 0) {
		time_t whole = (time_t)when;
		its.it_value.tv_sec = whole;
		its.it_value.tv_nsec = (long)((when - (double)whole) * 1e9);
		if (its.it_value.tv_nsec >= 1000000000L)
			its.it_value.tv_nsec = 999999999L;
		/* 0.0 would disarm: the earliest real time is 1 ns. */
		if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
			its.it_value.tv_nsec = 1;
	}
	return timer_settime(t->id, TIMER_ABSTIME, &its, NULL);
}

int kick_timer_kick_now(struct kick_timer *t)
{
	/* Kick first: if the thread is between two runs, the next run
	 * returns at once; the signal ends a run in progress. */
	t->backend->kick(t->vcpu);
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = KICK_SIGNAL;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	/* si_uid stays 0: the kernel does not check it within a process,
	 * and getuid() would be one more call for the sandbox to allow. */
	info.si_value.sival_ptr = t;
	return (int)syscall(SYS_rt_tgsigqueueinfo, getpid(), t->tid,
			    KICK_SIGNAL, &info);
}

void kick_timer_destroy(struct kick_timer *t)
{
	if (!t)
		return;
	timer_delete(t->id);
	free(t);
}
