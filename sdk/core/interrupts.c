/*
 * kvmkit_set_handler(): point an IDT gate at the SDK's stub for that
 * vector (isr.S), which calls the C handler with a struct kvmkit_frame.
 * The IDT is the runner's (IDTR at entry), shared by every CPU; the gate
 * it had is kept, so a NULL handler gives the vector back to the runner.
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>

#include "../internal/libc_hooks.h"

extern char __kvmkit_isr_stubs[];
void __kvmkit_dispatch(struct kvmkit_frame *frame);

#define STUB_SIZE 16
#define CODE_SELECTOR KVMKIT_SEL_CODE64

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;     /* 0x8e: present, DPL 0, 64-bit interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t zero;
};

static kvmkit_handler handlers[256];
static struct idt_gate runner_gates[256];
static uint8_t have_runner_gate[256];

static struct idt_gate *idt(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	return (struct idt_gate *)(uintptr_t)idtr.base;
}

/* Handlers run on the stack of the code they interrupt, except where
 * that stack cannot be trusted: a double fault, an NMI, a machine
 * check use the CPU's exception stack (IST1). */
static uint8_t gate_ist(unsigned vector)
{
	return vector == 2 || vector == 8 || vector == 18;
}

/* A gate is two 8-byte words; write it with interrupts off so that this
 * CPU never takes a half-written one (other CPUs see the old gate or the
 * new one: each word is one store, and the high word does not change
 * for handlers below 4 GiB). */
static void write_gate(unsigned vector, const struct idt_gate *g)
{
	volatile struct idt_gate *slot = &idt()[vector];
	int was_on = kvmkit_irq_enabled();
	kvmkit_irq_disable();
	*slot = *g;
	if (was_on)
		kvmkit_irq_enable();
}

int kvmkit_set_handler(unsigned vector, kvmkit_handler fn)
{
	if (vector > 255)
		return -1;
	struct idt_gate *gate = &idt()[vector];
	if (!have_runner_gate[vector]) {
		runner_gates[vector] = *gate;
		have_runner_gate[vector] = 1;
	}
	if (!fn) {
		write_gate(vector, &runner_gates[vector]);
		__atomic_store_n(&handlers[vector], (kvmkit_handler)0,
				 __ATOMIC_RELEASE);
		return 0;
	}
	/* The handler first, then the gate that leads to it. */
	__atomic_store_n(&handlers[vector], fn, __ATOMIC_RELEASE);
	uint64_t stub = (uintptr_t)__kvmkit_isr_stubs + vector * STUB_SIZE;
	struct idt_gate g = {
		.offset_low = (uint16_t)stub,
		.selector = CODE_SELECTOR,
		.ist = gate_ist(vector),
		.type = 0x8e,
		.offset_mid = (uint16_t)(stub >> 16),
		.offset_high = (uint32_t)(stub >> 32),
		.zero = 0,
	};
	write_gate(vector, &g);
	return 0;
}

void __kvmkit_dispatch(struct kvmkit_frame *frame)
{
	kvmkit_handler fn =
		__atomic_load_n(&handlers[frame->vector & 0xff], __ATOMIC_ACQUIRE);
	if (fn) {
		fn(frame);
		return;
	}
	/* The handler was removed as this interrupt came in. */
	static const char msg[] = "interrupt on a vector whose handler was removed";
	kvmkit_hypercall(KVMKIT_HC_ABORT, (long)(uintptr_t)msg,
			 (long)(sizeof(msg) - 1), 0, 0, 0);
}

void kvmkit_wait_for_interrupt(void)
{
	if (kvmkit_irq_enabled()) {
		__asm__ volatile("hlt" ::: "memory");
		return;
	}
	/* STI takes effect after the next instruction: no interrupt can
	 * slip in between the two and leave HLT asleep. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
