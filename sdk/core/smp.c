/*
 * Starting the other CPUs (docs/smp.md): the runner puts a waiting CPU
 * straight into long mode at __kvmkit_cpu_entry (isr.S) with the stack
 * and the function we give it (KVMKIT_HC_CPU_START); it runs fn(arg) in
 * the same C environment as main(), then stops.
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>
#include <kvmkit/smp.h>
#include <stdlib.h>

extern char __kvmkit_cpu_entry[];
_Noreturn void __kvmkit_cpu_main(void (*fn)(void *), void *arg,
				 unsigned cpu);
void __kvmkit_apic_cpu_init(void);

static uint8_t started[KVMKIT_MAX_CPUS];
static uint8_t done[KVMKIT_MAX_CPUS];

unsigned kvmkit_cpu_count(void)
{
	const struct kvmkit_bootinfo *info = kvmkit_bootinfo();
	if (!info || info->cpu_count == 0)
		return 1;
	return info->cpu_count;
}

int kvmkit_start_cpu(unsigned cpu, void (*fn)(void *), void *arg)
{
	if (cpu == 0 || cpu >= kvmkit_cpu_count() || !fn ||
	    __atomic_exchange_n(&started[cpu], 1, __ATOMIC_ACQ_REL))
		return -1;
	char *stack = aligned_alloc(16, KVMKIT_CPU_STACK_SIZE);
	if (!stack) {
		started[cpu] = 0;
		return -1;
	}
	long r = kvmkit_hypercall(KVMKIT_HC_CPU_START, (long)cpu,
				  (long)(uintptr_t)__kvmkit_cpu_entry,
				  (long)(uintptr_t)(stack + KVMKIT_CPU_STACK_SIZE),
				  (long)(uintptr_t)fn, (long)(uintptr_t)arg);
	if (r < 0) {
		free(stack);
		started[cpu] = 0;
		return -1;
	}
	return 0;
}

_Noreturn void __kvmkit_cpu_main(void (*fn)(void *), void *arg,
				 unsigned cpu)
{
	__kvmkit_apic_cpu_init(); /* so that IPIs reach it */
	fn(arg);
	__atomic_store_n(&done[cpu], 1, __ATOMIC_RELEASE);
	kvmkit_halt(); /* stops this CPU only */
}

int kvmkit_cpu_done(unsigned cpu)
{
	return cpu < KVMKIT_MAX_CPUS &&
	       __atomic_load_n(&done[cpu], __ATOMIC_ACQUIRE);
}

void kvmkit_wait_cpu(unsigned cpu)
{
	if (cpu >= KVMKIT_MAX_CPUS || !started[cpu])
		return;
	while (!kvmkit_cpu_done(cpu))
		__builtin_ia32_pause();
}
