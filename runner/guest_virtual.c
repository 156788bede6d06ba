#include "guest_virtual.h"

#include "paging.h"

void *guest_virtual_ptr(const struct guest_memory *mem, uint64_t cr3,
			uint64_t va, uint64_t len)
{
	/* Empty, larger than memory (which also bounds the walk below), or
	 * wrapping past 2^64. */
	if (len == 0 || len > mem->size || va + (len - 1) < va)
		return NULL;
	struct translation first;
	if (paging_translate(mem, cr3, va, &first) < 0)
		return NULL;
	/* Every page the range touches must follow on from the first, or
	 * one host pointer cannot cover it. */
	uint64_t last = va + (len - 1);
	uint64_t page_end = va | (first.page_size - 1);
	while (page_end < last) {
		uint64_t next = page_end + 1;
		struct translation t;
		if (paging_translate(mem, cr3, next, &t) < 0 ||
		    t.phys != first.phys + (next - va))
			return NULL;
		page_end = next | (t.page_size - 1);
	}
	return guest_ptr(mem, first.phys, len);
}
