/*
 * Hypercalls: the guest puts a call number in RAX and arguments in RDI,
 * RSI, RDX, R10, R8, then writes to KVMKIT_PORT_HYPERCALL; the runner looks
 * the number up in the table (table.c) and puts the handler's return value
 * in RAX. One file per family of calls; docs/hypercalls.md shows how to
 * add one.
 *
 * Handlers get the run (guest memory, console, counters), the calling
 * vCPU and the five argument registers, and return a value >= 0 or
 * -KVMKIT_Exxx. Every guest address must be checked with guest_ptr()
 * before use.
 */
#ifndef RUNNER_HYPERCALL_H
#define RUNNER_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

struct run;
struct run_cpu;
struct vm_regs;
struct vm_sregs;

#define HYPERCALL_ARGS 5

/* The call's arguments from the caller's registers, by the guest's mode
 * (args.c). Returns true for the 32-bit convention, whose number (RAX)
 * it cuts to 32 bits and whose result is 32 bits wide. */
bool hypercall_args(const struct run *run, struct vm_regs *regs,
		    uint64_t args[HYPERCALL_ARGS]);

/* cpu is the vCPU that made the call (its registers, its number). */
typedef int64_t (*hypercall_fn)(struct run *run, struct run_cpu *cpu,
				const uint64_t args[HYPERCALL_ARGS]);

struct hypercall {
	const char *name;
	hypercall_fn fn;
};

/* The host address of the guest buffer [addr, addr + len) that a call
 * reads or writes, or NULL when any byte of it is outside guest memory.
 * Address 0 is guest memory, but a non-empty buffer there is a NULL
 * pointer and is refused too. */
void *hc_guest_buffer(struct run *run, uint64_t addr, uint64_t len);

/* What a handler may read of the calling vCPU (vcpu_state.c,
 * docs/hypercalls.md): its registers as they are at the call (RAX the call
 * number), and its segment, table and control registers. 0, or -1. */
int hc_regs(struct run *run, struct run_cpu *cpu, struct vm_regs *regs);
int hc_sregs(struct run *run, struct run_cpu *cpu, struct vm_sregs *sregs);

/* The host address of guest *virtual* range [va, va + len), through the
 * calling vCPU's own page tables (its CR3: 4-level in long mode, 32-bit
 * under --mode paged32; with paging off, virtual is physical), or NULL unless every byte is mapped, the pages follow on in
 * guest physical memory, and all of it is inside guest memory. NULL for
 * va 0 or len 0 too. Page protections are not applied. */
void *hc_guest_virtual(struct run *run, struct run_cpu *cpu, uint64_t va,
		       uint64_t len);

/* The entry for call number nr, or NULL if there is none. */
const struct hypercall *hypercall_lookup(uint64_t nr);

/* process.c */
int64_t hc_abi_version(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_exit(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_abort(struct run *, struct run_cpu *, const uint64_t *);
/* console.c */
int64_t hc_console_write(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_stdin_read(struct run *, struct run_cpu *, const uint64_t *);
/* clock.c */
int64_t hc_time(struct run *, struct run_cpu *, const uint64_t *);
/* stats.c */
int64_t hc_exit_counts(struct run *, struct run_cpu *, const uint64_t *);
/* cpu.c */
int64_t hc_halt(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_cpu_start(struct run *, struct run_cpu *, const uint64_t *);
/* files.c */
int64_t hc_file_open(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_file_read(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_file_write(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_file_seek(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_file_close(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_file_stat(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_file_remove(struct run *, struct run_cpu *, const uint64_t *);
int64_t hc_file_rename(struct run *, struct run_cpu *, const uint64_t *);

#endif
