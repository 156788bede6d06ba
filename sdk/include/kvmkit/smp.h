/*
 * Several CPUs in one guest (docs/smp.md): start one at a C function,
 * know which CPU code runs on, per-CPU data, a spinlock. With
 * `runner --cpus N`, CPU 0 runs main() and CPUs 1..N-1 wait until
 * kvmkit_start_cpu() starts them. C11 <stdatomic.h> works too.
 */
#ifndef KVMKIT_SMP_H
#define KVMKIT_SMP_H

#include <stdint.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

/* The CPU this code runs on: 0 for the boot CPU, up to
 * kvmkit_cpu_count() - 1. Its GS base points to its struct
 * kvmkit_percpu (written by the runner). */
static __inline__ unsigned kvmkit_cpu_id(void)
{
	uint32_t id;
	__asm__ volatile("movl %%gs:8, %0" : "=r"(id));
	return id;
}

/* CPUs of the run (runner --cpus). */
unsigned kvmkit_cpu_count(void);

/* One pointer of this CPU's own, for per-CPU data. */
static __inline__ void *kvmkit_cpu_local(void)
{
	void *p;
	__asm__ volatile("movq %%gs:16, %0" : "=r"(p));
	return p;
}

static __inline__ void kvmkit_cpu_set_local(void *p)
{
	__asm__ volatile("movq %0, %%gs:16" : : "r"(p) : "memory");
}

/* Start CPU `cpu` (1..count-1) running fn(arg) on a stack of its own
 * (KVMKIT_CPU_STACK_SIZE bytes from the heap). When fn returns, the CPU
 * stops. Returns 0, or -1: no such CPU, already started, or no memory. */
#define KVMKIT_CPU_STACK_SIZE (64 * 1024)
int kvmkit_start_cpu(unsigned cpu, void (*fn)(void *), void *arg);

/* Whether fn of a started CPU has returned; kvmkit_wait_cpu() spins
 * until it has. */
int kvmkit_cpu_done(unsigned cpu);
void kvmkit_wait_cpu(unsigned cpu);

/* A test-and-set spinlock; spin with PAUSE while it is taken. */
typedef struct {
	volatile uint32_t locked;
} kvmkit_spinlock_t;

#define KVMKIT_SPINLOCK_INIT { 0 }

static __inline__ int kvmkit_spin_trylock(kvmkit_spinlock_t *l)
{
	return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

static __inline__ void kvmkit_spin_lock(kvmkit_spinlock_t *l)
{
	while (!kvmkit_spin_trylock(l))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

static __inline__ void kvmkit_spin_unlock(kvmkit_spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

__KVMKIT_END_DECLS

#endif
