/*
 * The four CPU modes a guest can start in (--mode), as in the classic KVM
 * lab: real mode, 32-bit protected mode without paging, 32-bit protected
 * mode with 4 MiB pages, and 64-bit long mode. Each mode's machine (its
 * segments, control registers, descriptor and page tables) is built by
 * one file: mode_real.c, mode_protected.c, mode_paged32.c, mode_long.c.
 */
#ifndef RUNNER_CPU_MODE_H
#define RUNNER_CPU_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_memory.h"
#include "vm_backend.h"

enum cpu_mode {
	MODE_DEFAULT,   /* not chosen: long for ELF64, protected for ELF32 */
	MODE_REAL,
	MODE_PROTECTED,
	MODE_PAGED32,
	MODE_LONG,
};

/*
 * Where the runner's own structures are in guest memory. For an ELF image
 * they are at the ABI's fixed addresses (include/kvmkit/abi.h); for a raw
 * image the runner packs them into one block where the image is not
 * (image_layout.c). A mode uses the pieces it needs.
 */
struct machine_layout {
	uint64_t start, end;    /* the whole block [start, end)              */
	uint64_t gdt, idt, tss; /* descriptor tables; idt is the IVT in real mode */
	uint64_t stubs;         /* 256 exception stubs, KVMKIT_EXC_STUB_SIZE  */
	uint64_t exc_stack_top; /* long mode IST1 stack                       */
	uint64_t tables, tables_end; /* page tables are handed out from here  */
};

/* What a mode's builder gets and fills. */
struct mode_build {
	struct guest_memory *mem;
	const struct machine_layout *layout;
	bool use_1g_pages;      /* long mode: the CPU has 1 GiB pages */
	bool nx;                /* long mode: the CPU has NX (EFER.NXE) */
	uint64_t stack_guard;   /* long mode: page left unmapped, 0: none */
	struct vm_sregs sregs;  /* out: the vCPU's segments and control regs */
};

struct cpu_mode_ops {
	enum cpu_mode mode;
	const char *name;       /* as --mode spells it */
	unsigned bits;          /* 16, 32 or 64: code width at entry */
	/* Bytes of page tables the mode needs for mem_size bytes of memory. */
	uint64_t (*table_bytes)(uint64_t mem_size);
	/* Write the mode's tables into memory and fill b->sregs. Returns 0, or
	 * -1 with a message. */
	int (*build)(struct mode_build *b, char *err, size_t errlen);
};

/* The mode's operations; NULL for MODE_DEFAULT. */
const struct cpu_mode_ops *cpu_mode_ops(enum cpu_mode mode);
const char *cpu_mode_name(enum cpu_mode mode);
/* "real", "protected", "paged32" or "long"; -1 if text names none. */
int cpu_mode_parse(const char *text, enum cpu_mode *mode);

/* The code width, 16, 32 or 64, of a vCPU in this state: what the report
 * prints registers and decodes instructions at. */
unsigned cpu_code_bits(const struct vm_sregs *sregs);

/* The most guest memory a 32-bit mode can address: the top of the 4 GiB
 * space holds KVM's real-mode TSS and identity page (vm_backend.h) and,
 * on a PC, device memory. */
#define MODE32_MEM_MAX (3ull << 30)

/* mode_real.c, mode_protected.c, mode_paged32.c, mode_long.c */
extern const struct cpu_mode_ops mode_real_ops, mode_protected_ops,
	mode_paged32_ops, mode_long_ops;

/* Real mode's registers at entry: CS:IP reaching entry (< 1 MiB), every
 * other register 0. Returns 0, or -1 with a message. */
int mode_real_entry(struct vm_sregs *s, struct vm_regs *r, uint64_t entry,
		    char *err, size_t errlen);

#endif
