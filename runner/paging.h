/*
 * Long-mode page tables that identity-map all of guest memory, and a walker
 * that translates a guest virtual address through any set of tables.
 */
#ifndef RUNNER_PAGING_H
#define RUNNER_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_memory.h"

#define PTE_PRESENT  (1ull << 0)
#define PTE_WRITABLE (1ull << 1)
#define PTE_USER     (1ull << 2)
#define PTE_LARGE    (1ull << 7) /* PS: 2 MiB page in a PD, 1 GiB in a PDPT */
#define PTE_NX       (1ull << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ull

/* Build the tables inside guest memory at KVMKIT_PAGE_TABLES_ADDR: every
 * byte of [0, mem->size) maps to itself, nothing beyond is mapped. Uses
 * 1 GiB pages where allowed, then 2 MiB, then 4 KiB for a tail that is not
 * a whole 2 MiB. mem->size must be a multiple of 4 KiB. Sets *cr3. */
int paging_build(struct guest_memory *mem, bool use_1g_pages, uint64_t guard,
		 uint64_t *cr3,
		 char *err, size_t errlen);

/* The same with the tables handed out from [start, end). */
int paging_build_at(struct guest_memory *mem, bool use_1g_pages,
		    uint64_t guard, uint64_t start, uint64_t end,
		    uint64_t *cr3, char *err, size_t errlen);

struct translation {
	uint64_t phys;      /* physical address                          */
	uint64_t page_size; /* 4 KiB, 2 MiB or 1 GiB                     */
	uint64_t flags;     /* PTE flags of the leaf entry               */
};

/* Walk the 4-level tables at cr3 for virtual address va. Returns 0 and
 * fills t, or -1 if va is not mapped (or a table lies outside memory). */
int paging_translate(const struct guest_memory *mem, uint64_t cr3,
		     uint64_t va, struct translation *t);

/* Copy up to len bytes from guest virtual address va, through the tables
 * at cr3, into dst. Stops at the first byte that is not mapped; returns
 * how many bytes were copied. */
size_t paging_read_virtual(const struct guest_memory *mem, uint64_t cr3,
			   uint64_t va, void *dst, size_t len);

#endif
