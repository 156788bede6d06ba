/*
 * Guest virtual addresses, as the host sees them: where a range of the
 * guest's own address space (through its page tables) lies in the host's
 * memory, for hypercalls that take pointers the guest maps as it likes.
 */
#ifndef RUNNER_GUEST_VIRTUAL_H
#define RUNNER_GUEST_VIRTUAL_H

#include <stdbool.h>
#include <stdint.h>

#include "guest_memory.h"

/* The host address of guest virtual range [va, va + len), translated
 * through the 4-level tables at cr3, or NULL unless all of it is mapped
 * (canonical, present), contiguous in guest physical memory, and inside
 * guest memory. len must be at least 1. Page protections (R/W, U/S, NX)
 * are not checked: the host reads and writes where the guest's address
 * points. */
void *guest_virtual_ptr(const struct guest_memory *mem, uint64_t cr3,
			uint64_t va, uint64_t len);

/* The same through 32-bit tables (CR0.PG without CR4.PAE, as --mode
 * paged32 sets up), with 4 MiB pages if pse (CR4.PSE); va beyond 4 GiB
 * is not mapped. */
void *guest_virtual_ptr32(const struct guest_memory *mem, uint64_t cr3,
			  bool pse, uint64_t va, uint64_t len);

#endif
