/* Long mode's pieces, also used for the ABI's default machine
 * (machine_setup.c) and by the unit tests. */
#ifndef RUNNER_MODE_LONG_H
#define RUNNER_MODE_LONG_H

#include "cpu_mode.h"

/* GDT (null, code64, data, 64-bit TSS), the TSS, a 64-bit IDT whose 256
 * gates lead to the exception stubs on the IST1 stack, and the stubs. */
void mode_long_write_tables(struct guest_memory *mem,
			    const struct machine_layout *layout);
/* A 64-bit TSS whose RSP0 and IST1 are stack_top (also each extra CPU's
 * TSS, machine_setup.c). */
void mode_long_write_tss(uint8_t *tss, uint64_t stack_top);
/* Long-mode segments and control registers, page tables at cr3; nx: the
 * CPU has NX, so EFER.NXE is set. */
void mode_long_sregs(struct vm_sregs *s, const struct machine_layout *layout,
		     uint64_t cr3, bool nx);

#endif
