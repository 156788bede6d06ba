/*
 * A timer that ends a vCPU's KVM_RUN at a given time.
 *
 * --timeout, and time slices when several guests share a thread, need the
 * vCPU out of the guest at a moment the guest does not choose. The timer
 * signals the thread that runs the vCPU (not the whole process, so each
 * vCPU thread has its own), and its handler kicks the vCPU: run() then
 * returns VM_EXIT_INTERRUPTED, and a blocking host call that thread is in
 * returns EINTR.
 */
#ifndef RUNNER_KICK_TIMER_H
#define RUNNER_KICK_TIMER_H

#include <stddef.h>

#include "vm_backend.h"

struct kick_timer;

/* A timer for vcpu, signalling the calling thread, which must be the one
 * that runs the vCPU. NULL with a message in err on failure. */
struct kick_timer *kick_timer_create(const struct vm_backend *backend,
				     struct vcpu *vcpu, char *err,
				     size_t errlen);

/* Kick at CLOCK_MONOTONIC time `when` (seconds); 0 disarms. A time that
 * has passed kicks at once. Returns 0, or -1 with errno. */
int kick_timer_arm(struct kick_timer *t, double when);

/* Kick the timer's vCPU now, from any thread: its run() returns
 * VM_EXIT_INTERRUPTED and a blocking call in its thread gets EINTR. */
int kick_timer_kick_now(struct kick_timer *t);

void kick_timer_destroy(struct kick_timer *t);

#endif
