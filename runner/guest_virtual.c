#include "guest_virtual.h"

#include "paging.h"
#include "paging32.h"

/* How one address is translated: through 4-level tables, or through
 * 32-bit ones with or without 4 MiB pages. */
struct walk {
	uint64_t cr3;
	bool paging32;
	bool pse;
};

static int translate(const struct guest_memory *mem, const struct walk *w,
		     uint64_t va, struct translation *t)
{
	return w->paging32 ? paging32_translate(mem, w->cr3, w->pse, va, t)
			   : paging_translate(mem, w->cr3, va, t);
}

static void *virtual_ptr(const struct guest_memory *mem, const struct walk *w,
			 uint64_t va, uint64_t len)
{
	/* Empty, larger than memory (which also bounds the walk below), or
	 * wrapping past 2^64. */
	if (len == 0 || len > mem->size || va + (len - 1) < va)
		return NULL;
	struct translation first;
	if (translate(mem, w, va, &first) < 0)
		return NULL;
	/* Every page the range touches must follow on from the first, or
	 * one host pointer cannot cover it. */
	uint64_t last = va + (len - 1);
	uint64_t page_end = va | (first.page_size - 1);
	while (page_end < last) {
		uint64_t next = page_end + 1;
		struct translation t;
		if (translate(mem, w, next, &t) < 0 ||
		    t.phys != first.phys + (next - va))
			return NULL;
		page_end = next | (t.page_size - 1);
	}
	return guest_ptr(mem, first.phys, len);
}

void *guest_virtual_ptr(const struct guest_memory *mem, uint64_t cr3,
			uint64_t va, uint64_t len)
{
	const struct walk w = { .cr3 = cr3 };
	return virtual_ptr(mem, &w, va, len);
}

void *guest_virtual_ptr32(const struct guest_memory *mem, uint64_t cr3,
			  bool pse, uint64_t va, uint64_t len)
{
	const struct walk w = { .cr3 = cr3, .paging32 = true, .pse = pse };
	return virtual_ptr(mem, &w, va, len);
}
