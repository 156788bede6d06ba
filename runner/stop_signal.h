/*
 * Termination signals (SIGTERM, SIGHUP, SIGINT) end a run cleanly: the
 * handler records the signal, kicks every vCPU out of KVM_RUN and wakes any
 * host wait (host_wait.h); the run loop then stops the guest with
 * STOP_SIGNAL, the console is flushed, the report written, and the runner
 * exits with 128 + N, as a shell would show for a process killed by N.
 */
#ifndef RUNNER_STOP_SIGNAL_H
#define RUNNER_STOP_SIGNAL_H

#include "vm_backend.h"

/* Install the handlers (once per process; main.c does it). 0 or -1. */
int stop_signals_install(void);

/* The first termination signal received, or 0. */
int stop_signal_received(void);

/* A descriptor that becomes readable when a termination signal has been
 * received (a self-pipe), or -1 before stop_signals_install(). */
int stop_signal_fd(void);

/* Kick this vCPU when a termination signal arrives (a signal that lands
 * just before KVM_RUN would otherwise not end it). Call from the thread
 * that runs it; unwatch before destroying the vCPU. The signal itself
 * interrupts KVM_RUN only on the thread it is delivered to: with vCPUs on
 * several threads, each must also be woken (the kick timer's signal). */
void stop_signal_watch(const struct vm_backend *backend, struct vcpu *vcpu);
void stop_signal_unwatch(struct vcpu *vcpu);

#endif
