/* The 32-bit machine shared by protected mode and paged32. */
#ifndef RUNNER_MODE_PROTECTED_H
#define RUNNER_MODE_PROTECTED_H

#include "cpu_mode.h"

/* GDT (null, flat code32, flat data, 32-bit TSS), the TSS, a 32-bit IDT
 * whose 256 gates lead to the 32-bit exception stubs, and the stubs. */
void mode32_write_tables(struct guest_memory *mem,
			 const struct machine_layout *layout);
/* Flat 32-bit segments, CR0.PE (no paging), OSFXSR|OSXMMEXCPT. */
void mode32_sregs(struct vm_sregs *s, const struct machine_layout *layout);

#endif
