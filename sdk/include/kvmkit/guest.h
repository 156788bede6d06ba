/*
 * kvmkit guest API: talking to the runner from a guest.
 *
 * Thin wrappers over the ABI in <kvmkit/abi.h> (shared with the runner).
 * Everything here is safe to call before the C library is set up.
 */
#ifndef KVMKIT_GUEST_H
#define KVMKIT_GUEST_H

#include <kvmkit/abi.h>
#include <stddef.h>
#include <stdint.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

/* Raw hypercall, one `out` to the hypercall port (docs/abi.md):
 *   64-bit: number in RAX, arguments in RDI, RSI, RDX, R10, R8, result in RAX;
 *   32-bit: number in EAX, arguments in EBX, ECX, EDX, ESI, EDI, result in
 *           EAX (the order of Linux's int $0x80).
 * The result is >= 0, or -KVMKIT_Exxx. */
#if defined(__x86_64__)
static __inline__ long kvmkit_hypercall(long nr, long a0, long a1, long a2,
				    long a3, long a4)
{
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	long ret;
	__asm__ volatile("outb %%al, %[port]"
			 : "=a"(ret)
			 : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8),
			   [port] "i"(KVMKIT_PORT_HYPERCALL)
			 : "memory");
	return ret;
}
#elif defined(__i386__)
static __inline__ long kvmkit_hypercall(long nr, long a0, long a1, long a2,
				    long a3, long a4)
{
	long ret;
	__asm__ volatile("outb %%al, %[port]"
			 : "=a"(ret)
			 : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3), "D"(a4),
			   [port] "i"(KVMKIT_PORT_HYPERCALL)
			 : "memory");
	return ret;
}
#else
#error "kvmkit guests are x86-64 or i386 code"
#endif

/* Write len bytes to the runner's stdout in one VM exit. Like the console
 * port, this bypasses stdout's buffer (fully buffered when the runner's
 * stdout is not a terminal): fflush(stdout) first to keep the order. */
long kvmkit_console_write(const void *buf, size_t len);

/* One byte to the console port, as the classic KVM hello world does. */
static __inline__ void kvmkit_outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

/* Store the run's result in the slot at KVMKIT_RESULT_ADDR. */
void kvmkit_set_result(uint64_t value);
uint64_t kvmkit_get_result(void);

/* End the run with this status at once: no atexit handlers, no flushing
 * (exit() in <stdlib.h> does those first). */
__KVMKIT_NORETURN void kvmkit_exit(int status);

/* Stop the vCPU with HLT: the run ends normally with the stored result. */
__KVMKIT_NORETURN void kvmkit_halt(void);

/* What the runner told us at entry. */
const struct kvmkit_bootinfo *kvmkit_bootinfo(void);

/* Free memory between the end of the image and the bottom of the stack,
 * for the heap. */
void kvmkit_heap_region(uintptr_t *start, uintptr_t *end);

/* Time from the host: 0 on success, -KVMKIT_Exxx on error. */
long kvmkit_clock_gettime(int clock, struct kvmkit_timespec *ts);

/* Exits the runner has served so far, this call's included. */
long kvmkit_exit_counts(struct kvmkit_exit_counts *counts);

__KVMKIT_END_DECLS

#endif
