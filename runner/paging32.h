/*
 * 32-bit paging (CR0.PG without CR4.PAE) with 4 MiB pages (CR4.PSE): the
 * tables of --mode paged32, and a walker for them.
 */
#ifndef RUNNER_PAGING32_H
#define RUNNER_PAGING32_H

#include <stddef.h>
#include <stdint.h>

#include "guest_memory.h"
#include "paging.h"

#define PDE32_PS (1u << 7) /* 4 MiB page (with CR4.PSE) */

/* Build a page directory at [start, end) that identity-maps every byte of
 * [0, mem->size) with 4 MiB pages, and a tail that is not a whole 4 MiB
 * with one page table of 4 KiB pages; nothing beyond memory is mapped.
 * mem->size must be a multiple of 4 KiB and at most 4 GiB. Sets *cr3. */
int paging32_build(struct guest_memory *mem, uint64_t start, uint64_t end,
		   uint64_t *cr3, char *err, size_t errlen);

/* Translate linear address va through the tables at cr3, with or without
 * PSE. Returns 0 and fills t, or -1 if va is not mapped. */
int paging32_translate(const struct guest_memory *mem, uint64_t cr3,
		       bool pse, uint64_t va, struct translation *t);

/* Bytes of tables paging32_build needs for mem_size bytes. */
uint64_t paging32_table_bytes(uint64_t mem_size);

#endif
