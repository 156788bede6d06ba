#include "linear_read.h"

#include <stdbool.h>
#include <string.h>

#include "machine_setup.h"
#include "paging.h"
#include "paging32.h"

/* A linear address to a physical one under the vCPU's paging. */
static int translate(const struct guest_memory *mem, const struct vm_sregs *s,
		     uint64_t la, struct translation *t)
{
	if (!(s->cr0 & CR0_PG)) {
		t->phys = la;
		t->page_size = 1ull << 12;
		t->flags = 0;
		return 0;
	}
	if (s->efer & EFER_LMA)
		return paging_translate(mem, s->cr3, la, t);
	if (s->cr4 & CR4_PAE)
		return -1; /* 32-bit PAE paging: not walked */
	return paging32_translate(mem, s->cr3, (s->cr4 & CR4_PSE) != 0, la, t);
}

size_t linear_read(const struct guest_memory *mem, const struct vm_sregs *s,
		   uint64_t la, void *dst, size_t len)
{
	uint8_t *out = dst;
	size_t done = 0;
	while (done < len) {
		struct translation t;
		if (translate(mem, s, la + done, &t) < 0)
			break;
		/* Up to the end of this page: the next may map elsewhere. */
		uint64_t in_page = t.page_size - (t.phys & (t.page_size - 1));
		size_t chunk = len - done < in_page ? len - done : (size_t)in_page;
		const uint8_t *src = guest_ptr(mem, t.phys, chunk);
		if (!src)
			break;
		memcpy(out + done, src, chunk);
		done += chunk;
	}
	return done;
}

uint64_t linear_address(const struct vm_segment *seg, uint64_t offset,
			unsigned bits)
{
	if (bits == 64)
		return offset; /* CS, SS, DS bases are 0 in 64-bit mode */
	uint64_t mask = bits == 32 ? 0xffffffffull : 0xffffull;
	return (seg->base + (offset & mask)) & 0xffffffffull;
}
