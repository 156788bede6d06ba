/*
 * The threads of CPUs 1..N-1 (smp.h). Each one parks on a condition
 * variable until its CPU is started (KVMKIT_HC_CPU_START) and a run_for()
 * is in progress, then runs its vCPU with the same loop as CPU 0
 * (run_cpu_loop). Everything shared is guarded by run->lock.
 */
#define _GNU_SOURCE
#include "smp.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kick_timer.h"
#include "machine_setup.h"
#include "run_loop.h"
#include "stop_signal.h"

struct smp {
	pthread_cond_t cond;   /* any change of go, quit, parked, a CPU state */
	pthread_t *threads;    /* [i] runs CPU i; [0] unused */
	unsigned started;      /* threads created */
	unsigned parked;       /* threads waiting in park() */
	bool go;               /* a run_for() is in progress */
	bool quit;
};

int smp_create(struct run *run, char *err, size_t errlen)
{
	struct smp *smp = calloc(1, sizeof(*smp));
	if (smp)
		smp->threads = calloc(run->ncpus, sizeof(*smp->threads));
	if (!smp || !smp->threads) {
		free(smp);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pthread_cond_init(&smp->cond, NULL);
	run->smp = smp;
	return 0;
}

bool smp_may_run(struct run *run, const struct run_cpu *cpu)
{
	return __atomic_load_n(&run->smp->go, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&cpu->state, __ATOMIC_ACQUIRE) == CPU_RUNNING &&
	       !cpu->held;
}

/* KVMKIT_HC_CPU_START asked for this CPU: put it in long mode at the
 * registers given, on the caller's page tables, and make it runnable
 * (with the in-kernel APIC it would otherwise wait for INIT-SIPI). */
static void start_cpu(struct run *run, struct run_cpu *cpu)
{
	struct vm_sregs sregs;
	machine_initial_sregs(&sregs, cpu->start_cr3,
			      run->backend->has_nx(run->vm));
	machine_cpu_sregs(&sregs, cpu->id, run->ncpus);
	if (run->backend->set_sregs(cpu->vcpu, &sregs) < 0 ||
	    run->backend->set_regs(cpu->vcpu, &cpu->start_regs) < 0 ||
	    run->backend->make_runnable(cpu->vcpu) < 0) {
		run_stop(run, STOP_ERROR, "cannot start CPU %u: %s", cpu->id,
			 strerror(errno));
		return;
	}
	__atomic_store_n(&cpu->state, CPU_RUNNING, __ATOMIC_RELEASE);
}

static bool wants_to_run(struct run *run, const struct run_cpu *cpu)
{
	return run->smp->go && !run_stopped(run) && !run_debug_stopped(run) &&
	       !cpu->held &&
	       (cpu->state == CPU_STARTING || cpu->state == CPU_RUNNING);
}

static void *cpu_thread(void *arg)
{
	struct run_cpu *cpu = arg;
	struct run *run = cpu->run;
	struct smp *smp = run->smp;
	char err[256];

	/* Termination signals go to CPU 0's thread, which stops the run and
	 * kicks the others; each vCPU is still watched, so that a signal
	 * just before KVM_RUN is not missed (stop_signal.h). */
	sigset_t stop_set;
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGTERM);
	sigaddset(&stop_set, SIGHUP);
	sigaddset(&stop_set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);

	pthread_mutex_lock(&run->lock);
	stop_signal_watch(run->backend, cpu->vcpu);
	cpu->timer = kick_timer_create(run->backend, cpu->vcpu, err,
				       sizeof(err));
	cpu->timer_tid = gettid();
	if (!cpu->timer)
		run_stop(run, STOP_ERROR, "CPU %u: %s", cpu->id, err);
	else if (run->deadline > 0)
		kick_timer_arm(cpu->timer, run->deadline);
	for (;;) {
		smp->parked++;
		pthread_cond_broadcast(&smp->cond);
		while (!smp->quit && !wants_to_run(run, cpu))
			pthread_cond_wait(&smp->cond, &run->lock);
		smp->parked--;
		if (smp->quit)
			break;
		if (cpu->state == CPU_STARTING)
			start_cpu(run, cpu);
		pthread_mutex_unlock(&run->lock);
		run_cpu_loop(run, cpu, 0);
		pthread_mutex_lock(&run->lock);
	}
	pthread_mutex_unlock(&run->lock);
	return NULL;
}

void smp_resume(struct run *run)
{
	struct smp *smp = run->smp;
	if (!smp)
		return;
	pthread_mutex_lock(&run->lock);
	for (; smp->started + 1 < run->ncpus; smp->started++) {
		unsigned id = smp->started + 1;
		int rc = pthread_create(&smp->threads[id], NULL, cpu_thread,
					&run->cpus[id]);
		if (rc) {
			run_stop(run, STOP_ERROR, "cannot start the thread of "
				 "CPU %u: %s", id, strerror(rc));
			break;
		}
	}
	__atomic_store_n(&smp->go, true, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&smp->cond);
	pthread_mutex_unlock(&run->lock);
}

void smp_kick_others(struct run *run, const struct run_cpu *self)
{
	for (unsigned i = 0; i < run->ncpus; i++) {
		struct run_cpu *cpu = &run->cpus[i];
		if (cpu != self && cpu->timer)
			kick_timer_kick_now(cpu->timer);
	}
	if (run->smp)
		pthread_cond_broadcast(&run->smp->cond);
}

void smp_wake(struct run *run)
{
	if (run->smp)
		pthread_cond_broadcast(&run->smp->cond);
}

void smp_wait(struct run *run, double until)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	double wait = until > 0 ? until - monotonic_seconds() : 0.05;
	if (wait <= 0)
		return;
	if (wait > 0.05)
		wait = 0.05;
	long ns = ts.tv_nsec + (long)(wait * 1e9);
	ts.tv_sec += ns / 1000000000;
	ts.tv_nsec = ns % 1000000000;
	pthread_mutex_lock(&run->lock);
	if (!run_stopped(run) && !run_debug_stopped(run))
		pthread_cond_timedwait(&run->smp->cond, &run->lock, &ts);
	pthread_mutex_unlock(&run->lock);
}

void smp_pause(struct run *run)
{
	struct smp *smp = run->smp;
	if (!smp)
		return;
	pthread_mutex_lock(&run->lock);
	__atomic_store_n(&smp->go, false, __ATOMIC_RELEASE);
	smp_kick_others(run, &run->cpus[0]);
	while (smp->parked < smp->started)
		pthread_cond_wait(&smp->cond, &run->lock);
	pthread_mutex_unlock(&run->lock);
}

void smp_destroy(struct run *run)
{
	struct smp *smp = run->smp;
	if (!smp)
		return;
	pthread_mutex_lock(&run->lock);
	smp->quit = true;
	smp->go = false;
	smp_kick_others(run, &run->cpus[0]);
	pthread_mutex_unlock(&run->lock);
	for (unsigned i = 1; i <= smp->started; i++)
		pthread_join(smp->threads[i], NULL);
	pthread_cond_destroy(&smp->cond);
	free(smp->threads);
	free(smp);
	run->smp = NULL;
}
