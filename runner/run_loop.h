/*
 * The exit loop of one vCPU, shared by the thread of CPU 0 (run_for) and
 * the threads of the other CPUs (smp.c).
 */
#ifndef RUNNER_RUN_LOOP_H
#define RUNNER_RUN_LOOP_H

#include "run.h"

/* Run `cpu` and serve its exits until the run stops, CLOCK_MONOTONIC time
 * `until` passes (0: never), or (CPUs other than 0) smp_may_run() says
 * no. Called without run->lock; takes it to serve each exit. */
void run_cpu_loop(struct run *run, struct run_cpu *cpu, double until);

#endif
