#include "paging32.h"

#include <stdio.h>
#include <string.h>

#define PAGE_4K (1ull << 12)
#define PAGE_4M (1ull << 22)
#define PDE32_P  (1u << 0)
#define PDE32_RW (1u << 1)
#define ADDR32_MASK 0xfffff000u

uint64_t paging32_table_bytes(uint64_t mem_size)
{
	return (1 + (mem_size % PAGE_4M ? 1 : 0)) * PAGE_4K;
}

int paging32_build(struct guest_memory *mem, uint64_t start, uint64_t end,
		   uint64_t *cr3, char *err, size_t errlen)
{
	if (mem->size % PAGE_4K || mem->size > (1ull << 32)) {
		snprintf(err, errlen,
			 "32-bit paging cannot map %llu bytes of guest memory",
			 (unsigned long long)mem->size);
		return -1;
	}
	uint64_t need = paging32_table_bytes(mem->size);
	uint32_t *pd = guest_ptr(mem, start, need);
	if (start % PAGE_4K || start + need > end || !pd ||
	    start + need > (1ull << 32)) {
		snprintf(err, errlen,
			 "32-bit page tables (%llu bytes) do not fit in "
			 "[0x%llx, 0x%llx)", (unsigned long long)need,
			 (unsigned long long)start, (unsigned long long)end);
		return -1;
	}
	memset(pd, 0, need);
	uint64_t whole = mem->size / PAGE_4M;
	for (uint64_t i = 0; i < whole; i++)
		pd[i] = (uint32_t)(i * PAGE_4M) | PDE32_P | PDE32_RW | PDE32_PS;
	if (mem->size % PAGE_4M) {
		/* The tail: 4 KiB pages up to the end of memory, no further. */
		uint64_t pt_addr = start + PAGE_4K;
		uint32_t *pt = pd + 1024;
		uint64_t base = whole * PAGE_4M;
		for (uint64_t a = base; a < mem->size; a += PAGE_4K)
			pt[(a - base) / PAGE_4K] =
				(uint32_t)a | PDE32_P | PDE32_RW;
		pd[whole] = (uint32_t)pt_addr | PDE32_P | PDE32_RW;
	}
	*cr3 = start;
	return 0;
}

int paging32_translate(const struct guest_memory *mem, uint64_t cr3,
		       bool pse, uint64_t va, struct translation *t)
{
	if (va >> 32)
		return -1;
	const uint32_t *pd = guest_ptr(mem, cr3 & ADDR32_MASK, PAGE_4K);
	if (!pd)
		return -1;
	uint32_t pde = pd[va >> 22];
	if (!(pde & PDE32_P))
		return -1;
	if (pse && (pde & PDE32_PS)) {
		/* Bits 13..20 of a 4 MiB PDE (PSE-36) stay 0 here: only
		 * below-4 GiB frames are built. */
		t->phys = (pde & 0xffc00000u) | (va & (PAGE_4M - 1));
		t->page_size = PAGE_4M;
		t->flags = pde & 0xfff;
		return 0;
	}
	const uint32_t *pt = guest_ptr(mem, pde & ADDR32_MASK, PAGE_4K);
	if (!pt)
		return -1;
	uint32_t pte = pt[(va >> 12) & 1023];
	if (!(pte & PDE32_P))
		return -1;
	t->phys = (pte & ADDR32_MASK) | (va & (PAGE_4K - 1));
	t->page_size = PAGE_4K;
	t->flags = pte & 0xfff;
	return 0;
}
