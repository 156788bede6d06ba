/*
 * Interrupts and exceptions in a kvmkit guest: C handlers for IDT vectors,
 * the local APIC's timer, end-of-interrupt and IPIs (docs/interrupts.md).
 *
 * A vector without a handler keeps the runner's default: the run stops
 * and the report names the exception or interrupt. The APIC calls need
 * the in-kernel interrupt controller, which the runner gives to any image
 * that uses them (kvmkit_apic_available() says whether it is there).
 */
#ifndef KVMKIT_INTERRUPTS_H
#define KVMKIT_INTERRUPTS_H

#include <stdint.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

/* What a handler gets: everything the interrupted code had in its
 * registers, saved on the stack it was using. Changes are loaded back
 * when the handler returns: add to rip to skip an instruction, or copy
 * another thread's saved frame over this one to switch threads (the
 * x87/SSE state is part of the frame, so it moves with the thread). */
struct kvmkit_frame {
	uint8_t fxsave[512] __attribute__((__aligned__(16)));
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code; /* 0 for vectors that have none */
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

typedef void (*kvmkit_handler)(struct kvmkit_frame *frame);

/* Call fn for every interrupt or exception on `vector` (0..255), on any
 * CPU; NULL gives the vector back to the runner's default report.
 * Returns 0, or -1 for a vector out of range. Handlers run with
 * interrupts off, on the interrupted code's stack (#DF, NMI and #MC on
 * the CPU's exception stack), and must not call printf or malloc (the
 * code they interrupted may hold the C library's lock). */
int kvmkit_set_handler(unsigned vector, kvmkit_handler fn);

static __inline__ void kvmkit_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static __inline__ void kvmkit_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

/* Whether interrupts are on (RFLAGS.IF). */
static __inline__ int kvmkit_irq_enabled(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	return (flags & 0x200) != 0;
}

/* Wait for the next interrupt with interrupts on (sti; hlt: the CPU
 * sleeps in KVM until one arrives), then leave them as they were. */
void kvmkit_wait_for_interrupt(void);

/* ---------------------------------------------------- the local APIC */

/* Whether the machine has the in-kernel APIC (boot info flag). */
int kvmkit_apic_available(void);

/* Tell this CPU's APIC the current interrupt is handled: every handler
 * of an APIC interrupt (timer, IPI) calls it, or no other interrupt of
 * its priority or lower arrives. */
void kvmkit_eoi(void);

/* The timer's input clock, ticks per second (boot info; 1 GHz on KVM). */
uint64_t kvmkit_timer_hz(void);

/* The TSC's ticks per second, 0 when unknown. */
uint64_t kvmkit_tsc_hz(void);

static __inline__ uint64_t kvmkit_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* This CPU's APIC timer: interrupt `vector` (32..255) every
 * `microseconds`, or once after them, or once when the TSC reaches
 * `tsc` (TSC-deadline mode, where the CPU has it). Each returns 0, or -1
 * with no APIC, a vector below 32, a period of 0, or (deadline) no
 * TSC-deadline mode. Interrupts must be enabled for them to arrive. */
int kvmkit_timer_periodic(uint64_t microseconds, unsigned vector);
int kvmkit_timer_oneshot(uint64_t microseconds, unsigned vector);
int kvmkit_timer_tsc_deadline(uint64_t tsc, unsigned vector);
int kvmkit_timer_has_tsc_deadline(void);
void kvmkit_timer_stop(void);

/* Interrupt `vector` (32..255) on CPU `cpu` through the APICs (a fixed
 * IPI). 0, or -1 with no APIC or a bad cpu or vector. */
int kvmkit_send_ipi(unsigned cpu, unsigned vector);

__KVMKIT_END_DECLS

#endif
