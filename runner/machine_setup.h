/*
 * The machine state a guest starts in: the runner's tables in low memory
 * (GDT, TSS, default IDT with exception-reporting stubs, boot info and
 * arguments) and the registers at entry, all as include/kvmkit/abi.h
 * documents them. Backend-neutral: it writes guest memory and fills
 * vm_regs/vm_sregs, and never talks to KVM.
 */
#ifndef RUNNER_MACHINE_SETUP_H
#define RUNNER_MACHINE_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu_mode.h"
#include "descriptors.h"
#include "guest_memory.h"
#include "vm_backend.h"

#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_AM (1ull << 18)
#define CR0_PG (1ull << 31)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

/* The runner's structures at the ABI's fixed addresses (ELF images). */
struct machine_layout machine_layout_abi(void);

/* Long mode at the ABI's addresses: write GDT, TSS, IDT and exception
 * stubs into guest memory (mode_long.c builds them). */
void machine_write_tables(struct guest_memory *mem);

/* Write boot info, argv (argv[0] is the image name) and the environment
 * (envc "NAME=VALUE" strings). Returns -1 with a message if they do not
 * fit in KVMKIT_ARGS_SIZE. */
int machine_write_bootinfo(struct guest_memory *mem, uint64_t image_end,
			   int argc, char *const argv[], int envc,
			   char *const envp[], uint64_t stack_size, char *err,
			   size_t errlen);

/* The per-CPU areas of ncpus CPUs (struct kvmkit_percpu, and a TSS,
 * its GDT descriptor and an exception stack for each CPU but 0), and the
 * CPU fields of the boot info (after machine_write_bootinfo). */
void machine_write_cpus(struct guest_memory *mem, unsigned ncpus,
			uint32_t flags, uint64_t apic_timer_hz, uint64_t tsc_hz);

/* Adjust machine_initial_sregs() for CPU `cpu` of ncpus: GS base at its
 * struct kvmkit_percpu, its own TSS, a GDT limit covering every TSS. */
void machine_cpu_sregs(struct vm_sregs *s, unsigned cpu, unsigned ncpus);

/* Long-mode segments and control registers at entry; nx: the CPU offers
 * NX, so EFER.NXE is set. */
void machine_initial_sregs(struct vm_sregs *sregs, uint64_t cr3, bool nx);
/* Long-mode registers at entry. */
void machine_initial_regs(struct vm_regs *regs, uint64_t entry,
			  uint64_t mem_size);

#endif
