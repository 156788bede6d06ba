#include "paging.h"

#include <kvmkit/abi.h>
#include <stdio.h>
#include <string.h>

#include "linear_read.h"
#include "machine_setup.h"

#define PAGE_4K (1ull << 12)
#define PAGE_2M (1ull << 21)
#define PAGE_1G (1ull << 30)
#define ENTRIES 512

/* Page-table pages are handed out in order from the runner's area. */
struct table_alloc {
	struct guest_memory *mem;
	uint64_t next, end;
};

static uint64_t *table_at(struct guest_memory *mem, uint64_t addr)
{
	return guest_ptr(mem, addr, PAGE_4K);
}

static uint64_t new_table(struct table_alloc *a)
{
	if (a->next + PAGE_4K > a->end ||
	    !table_at(a->mem, a->next))
		return 0;
	uint64_t addr = a->next;
	memset(table_at(a->mem, addr), 0, PAGE_4K);
	a->next += PAGE_4K;
	return addr;
}

/* Entry pointing to a next-level table. */
static uint64_t table_entry(uint64_t addr)
{
	return addr | PTE_PRESENT | PTE_WRITABLE;
}

/* Leaf entry mapping a page to itself. */
static uint64_t leaf_entry(uint64_t addr, bool large)
{
	return addr | PTE_PRESENT | PTE_WRITABLE | (large ? PTE_LARGE : 0);
}

/* Index of va at level (3 = PML4 ... 0 = PT). */
static unsigned level_index(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & (ENTRIES - 1);
}

/* Find or create the table that entry[idx] points to. */
static uint64_t next_table(struct table_alloc *a, uint64_t table, unsigned idx)
{
	uint64_t *entries = table_at(a->mem, table);
	if (!(entries[idx] & PTE_PRESENT)) {
		uint64_t t = new_table(a);
		if (!t)
			return 0;
		entries[idx] = table_entry(t);
	}
	return entries[idx] & PTE_ADDR_MASK;
}

/* Does [addr, addr + size) hold the guard page (0: there is none)? */
static bool holds_guard(uint64_t addr, uint64_t size, uint64_t guard)
{
	return guard && guard >= addr && guard - addr < size;
}

int paging_build(struct guest_memory *mem, bool use_1g_pages, uint64_t guard,
		 uint64_t *cr3, char *err, size_t errlen)
{
	return paging_build_at(mem, use_1g_pages, guard,
			       KVMKIT_PAGE_TABLES_ADDR, KVMKIT_PAGE_TABLES_END,
			       cr3, err, errlen);
}

int paging_build_at(struct guest_memory *mem, bool use_1g_pages,
		    uint64_t guard, uint64_t start, uint64_t end,
		    uint64_t *cr3, char *err, size_t errlen)
{
	if (mem->size % PAGE_4K || mem->size > (ENTRIES * PAGE_1G * ENTRIES)) {
		snprintf(err, errlen, "cannot map %llu bytes of guest memory",
			 (unsigned long long)mem->size);
		return -1;
	}
	struct table_alloc a = { mem, start, end };
	uint64_t pml4 = new_table(&a);
	if (!pml4)
		goto full;

	uint64_t addr = 0;
	while (addr < mem->size) {
		uint64_t left = mem->size - addr;
		uint64_t pdpt = next_table(&a, pml4, level_index(addr, 3));
		if (!pdpt)
			goto full;
		if (use_1g_pages && addr % PAGE_1G == 0 && left >= PAGE_1G &&
		    !holds_guard(addr, PAGE_1G, guard)) {
			table_at(mem, pdpt)[level_index(addr, 2)] =
				leaf_entry(addr, true);
			addr += PAGE_1G;
			continue;
		}
		uint64_t pd = next_table(&a, pdpt, level_index(addr, 2));
		if (!pd)
			goto full;
		if (addr % PAGE_2M == 0 && left >= PAGE_2M &&
		    !holds_guard(addr, PAGE_2M, guard)) {
			table_at(mem, pd)[level_index(addr, 1)] =
				leaf_entry(addr, true);
			addr += PAGE_2M;
			continue;
		}
		uint64_t pt = next_table(&a, pd, level_index(addr, 1));
		if (!pt)
			goto full;
		if (addr != guard) /* the guard page stays unmapped */
			table_at(mem, pt)[level_index(addr, 0)] =
				leaf_entry(addr, false);
		addr += PAGE_4K;
	}
	*cr3 = pml4;
	return 0;
full:
	snprintf(err, errlen,
		 "page tables for %llu bytes of guest memory do not fit in "
		 "[0x%llx, 0x%llx)",
		 (unsigned long long)mem->size,
		 (unsigned long long)start, (unsigned long long)end);
	return -1;
}

int paging_translate(const struct guest_memory *mem, uint64_t cr3,
		     uint64_t va, struct translation *t)
{
	/* Canonical form: bits 63..47 all equal. */
	uint64_t top = va >> 47;
	if (top != 0 && top != 0x1ffff)
		return -1;
	uint64_t table = cr3 & PTE_ADDR_MASK;
	for (int level = 3; level >= 0; level--) {
		const uint64_t *entries =
			guest_ptr(mem, table, PAGE_4K);
		if (!entries)
			return -1;
		uint64_t e = entries[level_index(va, level)];
		if (!(e & PTE_PRESENT))
			return -1;
		bool leaf = level == 0 || ((level == 1 || level == 2) &&
					   (e & PTE_LARGE));
		if (leaf) {
			uint64_t size = 1ull << (12 + 9 * level);
			uint64_t base = e & PTE_ADDR_MASK & ~(size - 1);
			t->phys = base | (va & (size - 1));
			t->page_size = size;
			t->flags = e & ~PTE_ADDR_MASK;
			return 0;
		}
		table = e & PTE_ADDR_MASK;
	}
	return -1;
}

size_t paging_read_virtual(const struct guest_memory *mem, uint64_t cr3,
			   uint64_t va, void *dst, size_t len)
{
	/* One reader for every mode (linear_read.c): long-mode paging here. */
	struct vm_sregs s = {
		.cr0 = CR0_PE | CR0_PG, .cr3 = cr3, .cr4 = CR4_PAE,
		.efer = EFER_LME | EFER_LMA,
	};
	return linear_read(mem, &s, va, dst, len);
}
