/*
 * 32-bit protected mode with paging and 4 MiB pages (--mode paged32): the
 * protected-mode machine (mode_protected.c) plus a page directory that
 * identity-maps all of guest memory (paging32.c).
 *
 *   CR0 = PE|MP|ET|NE|WP|AM|PG   CR4 = PSE|OSFXSR|OSXMMEXCPT   EFER = 0
 *   CR3 = the page directory: PDE i maps [i * 4 MiB, (i + 1) * 4 MiB)
 */
#include "mode_protected.h"

#include "machine_setup.h"
#include "paging32.h"

static int paged32_build(struct mode_build *b, char *err, size_t errlen)
{
	uint64_t cr3;
	if (paging32_build(b->mem, b->layout->tables, b->layout->tables_end,
			   &cr3, err, errlen) < 0)
		return -1;
	mode32_write_tables(b->mem, b->layout);
	mode32_sregs(&b->sregs, b->layout);
	b->sregs.cr0 |= CR0_WP | CR0_AM | CR0_PG;
	b->sregs.cr4 |= CR4_PSE;
	b->sregs.cr3 = cr3;
	return 0;
}

const struct cpu_mode_ops mode_paged32_ops = {
	.mode = MODE_PAGED32,
	.name = "paged32",
	.bits = 32,
	.table_bytes = paging32_table_bytes,
	.build = paged32_build,
};
