/*
 * The one interface between the runner and whatever executes the guest.
 *
 * Everything KVM-specific lives behind it (backend_kvm.c). The loader, the
 * page-table builder, hypercalls and reports only see the neutral types
 * below, so an emulated backend (for machines without /dev/kvm) or a gdb
 * stub can be added without touching them.
 */
#ifndef RUNNER_VM_BACKEND_H
#define RUNNER_VM_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
};

struct vm_segment {
	uint64_t base;
	uint32_t limit;
	uint16_t selector;
	uint8_t type;    /* descriptor type field (4 bits)         */
	uint8_t present, dpl, db, s, l, g, avl;
};

struct vm_table {
	uint64_t base;
	uint16_t limit;
};

struct vm_sregs {
	struct vm_segment cs, ds, es, fs, gs, ss, tr, ldt;
	struct vm_table gdt, idt;
	uint64_t cr0, cr2, cr3, cr4, cr8, efer;
};

/* The x87 FPU, SSE and MXCSR state of a vCPU, laid out as FXSAVE keeps
 * it (a debugger's view; save_state covers everything for a reset). */
struct vm_fpu {
	uint8_t st[8][10];   /* ST(0)..ST(7): 80-bit, in stack order       */
	uint16_t fcw, fsw;   /* control and status words (TOP: fsw 13:11)  */
	uint8_t ftw;         /* abridged tag: bit i set = physical register
			      * i holds a value                          */
	uint16_t fop;        /* last x87 opcode (11 bits)                  */
	uint64_t fip, fdp;   /* last x87 instruction and operand pointers  */
	uint8_t xmm[16][16]; /* XMM0..XMM15                               */
	uint32_t mxcsr;      /* bits 31:16 are reserved (must be 0)       */
};

enum vm_exit_kind {
	VM_EXIT_IO,             /* port I/O                                   */
	VM_EXIT_HLT,            /* HLT executed                               */
	VM_EXIT_MMIO,           /* access to a physical address with no RAM   */
	VM_EXIT_SHUTDOWN,       /* triple fault: the vCPU state is lost       */
	VM_EXIT_FAIL_ENTRY,     /* the CPU refused to enter the guest         */
	VM_EXIT_INTERNAL_ERROR, /* the backend could not emulate something    */
	VM_EXIT_INTERRUPTED,    /* a signal (timeout) kicked the vCPU out     */
	VM_EXIT_DEBUG,          /* guest debugging (set_guest_debug) stopped it */
	VM_EXIT_OTHER,          /* anything else, see raw_reason              */
};

struct vm_exit {
	enum vm_exit_kind kind;
	uint32_t raw_reason; /* the backend's own exit code, for reports */
	union {
		struct {
			bool out;       /* guest wrote (OUT) rather than read (IN) */
			uint16_t port;
			uint8_t size;   /* 1, 2 or 4 bytes per element             */
			uint32_t count; /* elements (REP string I/O gives > 1)     */
			uint8_t *data;  /* size * count bytes, owned by the backend */
		} io;
		struct {
			uint64_t addr;
			uint32_t len;
			bool write;
			uint8_t data[8];
		} mmio;
		struct {
			uint32_t vector; /* 1: #DB (step, debug register), 3: #BP */
			uint64_t pc;     /* linear address of the instruction     */
			uint64_t dr6, dr7;
		} debug;
		uint64_t hardware_reason; /* VM_EXIT_FAIL_ENTRY        */
		uint32_t suberror;        /* VM_EXIT_INTERNAL_ERROR    */
	} u;
};

/* What a debugger asks of a vCPU (set_guest_debug). */
struct vm_debug {
	bool enable;        /* false: the guest runs as without a debugger    */
	bool single_step;   /* stop (VM_EXIT_DEBUG, vector 1) after each instruction */
	bool sw_breakpoints; /* an int3 stops with VM_EXIT_DEBUG, vector 3,
			      * instead of reaching the guest's IDT          */
	bool hw_breakpoints; /* load addr[] and dr7 into the debug registers */
	bool inject_breakpoint; /* deliver a #BP to the guest at the next entry
				 * (an int3 that was the guest's own)         */
	uint64_t addr[4];   /* DR0-DR3                                        */
	uint64_t dr7;
};

/*
 * A VM is guest memory plus the machine around it; a vCPU is one virtual
 * CPU of that VM. A VM has one or more vCPUs, each run by one host thread:
 * run() and the register calls of a vCPU are made from the thread that
 * runs it (or while it is not running), kick() from anywhere.
 * Both types are private to each backend.
 */
struct vm;
struct vcpu;
struct vcpu_state; /* a saved vCPU, see save_state */

struct vm_backend {
	const char *name;
	/* Create a VM over host memory [mem, mem + size) seen by the guest at
	 * physical address 0. On failure returns NULL and fills err. */
	struct vm *(*create)(void *mem, uint64_t size, char *err, size_t errlen);
	/* Give the VM an in-kernel interrupt controller (local APICs with
	 * their timers, IPIs). Before the first create_vcpu. From then on
	 * HLT is served inside the backend: a halted vCPU sleeps until an
	 * interrupt and run() does not return VM_EXIT_HLT. -1 + err. */
	int (*create_irqchip)(struct vm *, char *err, size_t errlen);
	/* Add vCPU number id (0 is the boot CPU). NULL and err on failure. */
	struct vcpu *(*create_vcpu)(struct vm *, unsigned id, char *err,
				    size_t errlen);
	int (*get_regs)(struct vcpu *, struct vm_regs *);
	int (*set_regs)(struct vcpu *, const struct vm_regs *);
	int (*get_sregs)(struct vcpu *, struct vm_sregs *);
	int (*set_sregs)(struct vcpu *, const struct vm_sregs *);
	/* x87 and SSE registers. 0, or -1 with errno. */
	int (*get_fpu)(struct vcpu *, struct vm_fpu *);
	int (*set_fpu)(struct vcpu *, const struct vm_fpu *);
	/* Run until the next exit. Returns 0 and fills exit, or -1 with errno. */
	int (*run)(struct vcpu *, struct vm_exit *exit);
	/* Make a running or about-to-run run() return VM_EXIT_INTERRUPTED.
	 * Async-signal-safe: called from timer signal handlers. */
	void (*kick)(struct vcpu *);
	/* With an irqchip, vCPUs other than 0 wait for a start signal (as
	 * application processors wait for INIT-SIPI); this makes one runnable
	 * at the registers set, as if started. */
	int (*make_runnable)(struct vcpu *);
	/* The vCPU's TSC frequency in kHz, 0 when unknown. */
	uint64_t (*tsc_khz)(struct vcpu *);
	/* Debugger control of a vCPU: breakpoints, watchpoints, stepping.
	 * Returns 0, or -1 with errno. */
	int (*set_guest_debug)(struct vcpu *, const struct vm_debug *);
	/* Reserve the 4 pages at addr (below 4 GiB, outside guest memory)
	 * that Intel VMX needs to run real-mode and protected-mode guests:
	 * an identity-mapped page table (KVM_SET_IDENTITY_MAP_ADDR, first
	 * page) and a TSS (KVM_SET_TSS_ADDR, next 3 pages). Called before
	 * create_vcpu, for guests that start in a 16/32-bit mode. Returns 0,
	 * or -1 with a message. */
	int (*set_legacy_area)(struct vm *, uint64_t addr, char *err,
			       size_t errlen);
	/* Whether the CPU offers 1 GiB pages to the guest. */
	bool (*has_1g_pages)(struct vm *);
	/* Whether the CPU offers the guest no-execute pages (EFER.NXE). */
	bool (*has_nx)(struct vm *);
	/* Name of the backend's raw exit code, for reports. */
	const char *(*raw_exit_name)(uint32_t raw_reason);
	/*
	 * Reset in place (--repeat, --each): the run is put back to the state
	 * it had before it first ran, instead of building a new VM.
	 */
	/* Start KVM's log of the guest pages the vCPUs (and KVM) write. */
	int (*enable_dirty_log)(struct vm *);
	/* Set in bitmap (bit p % 64 of word p / 64 for the 4 KiB page p) each
	 * page written since the last call, and start a new log. The bitmap
	 * has a bit for every page of guest memory. 0, or -1 with errno. */
	int (*get_dirty_log)(struct vm *, uint64_t *bitmap);
	/* Everything the vCPU holds (registers, FPU/SSE/AVX state, MSRs,
	 * pending events, debug registers), to put back with restore_state.
	 * NULL with errno on failure. */
	struct vcpu_state *(*save_state)(struct vcpu *);
	int (*restore_state)(struct vcpu *, const struct vcpu_state *);
	void (*free_state)(struct vcpu_state *);
	/* Destroy a vCPU (before its VM), and a VM. NULL is allowed. */
	void (*destroy_vcpu)(struct vcpu *);
	void (*destroy)(struct vm *);
};

/* Where the runner puts that area: QEMU's choice, just below the 4 GiB
 * PC's BIOS flash, so far above the guest memory of a 16/32-bit guest
 * (at most MODE32_MEM_MAX, cpu_mode.h). */
#define VM_LEGACY_AREA_ADDR 0xfeffc000ull
#define VM_LEGACY_AREA_SIZE 0x4000ull

/* The KVM backend. Its create() explains a missing or unusable /dev/kvm. */
extern const struct vm_backend kvm_backend;

#endif
