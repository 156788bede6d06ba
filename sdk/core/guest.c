/*
 * The guest side of the kvmkit ABI: result slot, halting, exiting, and the
 * hypercalls that do not belong to a C library function.
 */
#include <kvmkit/guest.h>

/* Symbols from the linker script (linker/guest.ld). */
extern char __heap_start[];
extern char __stack_size[];

/* The result slot lives at a small constant address; hide the constant
 * from the compiler so that it does not treat it as a null-page access. */
static volatile uint64_t *result_slot(void)
{
	uintptr_t addr = KVMKIT_RESULT_ADDR;
	__asm__("" : "+r"(addr));
	return (volatile uint64_t *)addr;
}

void kvmkit_set_result(uint64_t value)
{
	*result_slot() = value;
}

uint64_t kvmkit_get_result(void)
{
	return *result_slot();
}

long kvmkit_console_write(const void *buf, size_t len)
{
	return kvmkit_hypercall(KVMKIT_HC_CONSOLE_WRITE, (long)(uintptr_t)buf,
				(long)len, 0, 0, 0);
}

_Noreturn void kvmkit_exit(int status)
{
	kvmkit_hypercall(KVMKIT_HC_EXIT, status, 0, 0, 0, 0);
	for (;;) /* the runner never resumes us; halt if it does */
		__asm__ volatile("hlt");
}

_Noreturn void kvmkit_halt(void)
{
	/* With the in-kernel APIC, HLT only sleeps until an interrupt: ask
	 * the runner to stop this CPU (the run, on CPU 0) instead. */
	const struct kvmkit_bootinfo *info = kvmkit_bootinfo();
	if (info && (info->flags & KVMKIT_BOOT_IRQCHIP))
		kvmkit_hypercall(KVMKIT_HC_HALT, 0, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("hlt");
}

void kvmkit_heap_region(uintptr_t *start, uintptr_t *end)
{
	const struct kvmkit_bootinfo *info = kvmkit_bootinfo();
	uintptr_t heap_start = ((uintptr_t)__heap_start + 15) & ~(uintptr_t)15;
	uintptr_t stack_size = (uintptr_t)__stack_size;
	uintptr_t heap_end = heap_start;

	/* The runner's stack and its guard page, or (an older runner) the
	 * linker script's __stack_size. */
	if (info && info->stack_size)
		stack_size = (uintptr_t)info->stack_size + 4096;
	if (info && info->mem_size > heap_start + stack_size)
		heap_end = (uintptr_t)info->mem_size - stack_size;
	*start = heap_start;
	*end = heap_end;
}

long kvmkit_clock_gettime(int clock, struct kvmkit_timespec *ts)
{
	return kvmkit_hypercall(KVMKIT_HC_TIME, clock, (long)(uintptr_t)ts, 0,
				0, 0);
}

long kvmkit_exit_counts(struct kvmkit_exit_counts *counts)
{
	return kvmkit_hypercall(KVMKIT_HC_EXIT_COUNTS, (long)(uintptr_t)counts,
				0, 0, 0, 0);
}
