/*
 * Several vCPUs in one run: CPU 0 runs on the thread that calls
 * run_for(); CPUs 1..N-1 each on a host thread of their own, which runs
 * its vCPU only while a run_for() is in progress (docs/smp.md).
 *
 * All of it is driven from run_loop.c; nothing here is needed with one
 * CPU (run->smp is then NULL and every call below does nothing).
 */
#ifndef RUNNER_SMP_H
#define RUNNER_SMP_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

/* Prepare the threads of CPUs 1..N-1 (started by the first smp_resume).
 * -1 with err on failure. */
int smp_create(struct run *run, char *err, size_t errlen);

/* run_for() begins: let the other CPUs run. Starts their threads the
 * first time. Called without run->lock. */
void smp_resume(struct run *run);

/* run_for() ends: take every other CPU out of the guest and wait until
 * each one's thread is parked, so that registers and memory hold still
 * (for the report, a debugger, or the next time slice). */
void smp_pause(struct run *run);

/* CPU 0 is held (run_cpu.held): its thread waits while the others run,
 * until something changes (a stop, a debugger's stop) or at most until
 * CLOCK_MONOTONIC time `until`, 50 ms at a time. */
void smp_wait(struct run *run, double until);

/* Whether `cpu` (not 0) may go on running its vCPU. */
bool smp_may_run(struct run *run, const struct run_cpu *cpu);

/* The run has stopped, or CPU `target` was just started: kick every CPU
 * but `self` (NULL: all) out of the guest / wake the parked threads, so
 * they see it. Called under run->lock. */
void smp_kick_others(struct run *run, const struct run_cpu *self);
void smp_wake(struct run *run);

/* End the threads (after the last smp_pause) and free everything. */
void smp_destroy(struct run *run);

#endif
