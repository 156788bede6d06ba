#include "raw_image.h"

#include <stdbool.h>
#include <stdio.h>

#define PAGE 0x1000ull
/* Offsets in the runner's block for a raw image. */
#define OFF_GDT    0x0000ull
#define OFF_IDT    0x1000ull /* 4 KiB: a 64-bit IDT, or a 32-bit one, or the IVT */
#define OFF_TSS    0x2000ull
#define OFF_STUBS  0x3000ull /* 256 * 16 bytes */
#define OFF_STACK  0x4000ull /* exception stack, 4 KiB, top at OFF_TABLES */
#define OFF_TABLES 0x5000ull
/* Below this the result slot (0x400) and the first page stay the guest's. */
#define LOWEST     0x1000ull
#define REAL_MODE_LIMIT 0x100000ull

static bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

static void fill(struct machine_layout *l, uint64_t base, uint64_t tables)
{
	l->start = base;
	l->gdt = base + OFF_GDT;
	l->idt = base + OFF_IDT;
	l->tss = base + OFF_TSS;
	l->stubs = base + OFF_STUBS;
	l->exc_stack_top = base + OFF_TABLES;
	l->tables = base + OFF_TABLES;
	l->tables_end = l->tables + tables;
	l->end = l->tables_end;
}

int raw_image_place(uint64_t load, uint64_t size, uint64_t entry,
		    uint64_t mem_size, const struct cpu_mode_ops *mode,
		    struct machine_layout *layout, char *err, size_t errlen)
{
	uint64_t end = load + size;
	if (size == 0) {
		snprintf(err, errlen, "raw image is empty");
		return -1;
	}
	if (end < load || end > mem_size) {
		snprintf(err, errlen,
			 "raw image [0x%llx, 0x%llx) does not fit in guest "
			 "memory (%llu bytes): give the guest more with -m or "
			 "load it lower with --load",
			 (unsigned long long)load, (unsigned long long)end,
			 (unsigned long long)mem_size);
		return -1;
	}
	if (entry >= mem_size) {
		snprintf(err, errlen,
			 "--entry 0x%llx lies outside guest memory (%llu bytes)",
			 (unsigned long long)entry,
			 (unsigned long long)mem_size);
		return -1;
	}
	uint64_t tables = (mode->table_bytes(mem_size) + PAGE - 1) & ~(PAGE - 1);
	uint64_t need = OFF_TABLES + tables;
	uint64_t limit = mode->mode == MODE_REAL ? REAL_MODE_LIMIT : mem_size;
	if (limit > mem_size)
		limit = mem_size;
	uint64_t above = (end + PAGE - 1) & ~(PAGE - 1);
	const uint64_t candidates[] = { LOWEST, above < LOWEST ? LOWEST : above };
	for (size_t i = 0; i < 2; i++) {
		uint64_t base = candidates[i];
		if (base + need > limit || overlaps(base, base + need, load, end))
			continue;
		fill(layout, base, tables);
		return 0;
	}
	snprintf(err, errlen,
		 "raw image [0x%llx, 0x%llx) overlaps the runner's structures "
		 "(GDT, IDT, TSS, exception stubs%s: 0x%llx bytes), which "
		 "must lie at 0x%llx or right above the image%s, inside guest "
		 "memory (%llu bytes): load it elsewhere with --load, or give "
		 "the guest more memory with -m",
		 (unsigned long long)load, (unsigned long long)end,
		 tables ? ", page tables" : "", (unsigned long long)need,
		 (unsigned long long)LOWEST,
		 mode->mode == MODE_REAL ? " and below 1 MiB (real mode)" : "",
		 (unsigned long long)mem_size);
	return -1;
}
