#include "guest_memory.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#define HUGE_PAGE (2ull << 20)

int guest_memory_alloc(struct guest_memory *mem, uint64_t size, char *err,
		       size_t errlen)
{
	/* MAP_NORESERVE: a 16 GiB guest costs nothing until it touches its
	 * pages, so setup time does not grow with memory size. */
	void *host = mmap(NULL, size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host == MAP_FAILED) {
		snprintf(err, errlen, "cannot map %llu bytes of guest memory: %s",
			 (unsigned long long)size, strerror(errno));
		return -1;
	}
	/* Let KSM merge identical pages of many small guests; failure (no
	 * KSM in this kernel) is harmless. Merged pages are a timing side
	 * channel between guests (a write to a merged page is slow):
	 * --no-merge takes them out again (docs/security.md). */
	madvise(host, size, MADV_MERGEABLE);
	/* Every guest touches a few pages at the bottom (the runner's tables,
	 * the image) and at the top (the stack). With transparent huge pages
	 * each first touch there would fill a whole 2 MiB page: a small guest
	 * would need 4 MiB of RSS for a few KiB. Keep those two ends in small
	 * pages; the rest, which only a guest that uses its memory touches,
	 * still gets huge pages. */
	uint64_t end_size = size < 2 * HUGE_PAGE ? size : HUGE_PAGE;
	madvise(host, end_size, MADV_NOHUGEPAGE);
	madvise((uint8_t *)host + size - end_size, end_size, MADV_NOHUGEPAGE);
	mem->host = host;
	mem->size = size;
	return 0;
}

int guest_memory_unmerge(struct guest_memory *mem, char *err, size_t errlen)
{
	/* EINVAL: a kernel without KSM, where nothing is merged anyway. */
	if (madvise(mem->host, mem->size, MADV_UNMERGEABLE) < 0 &&
	    errno != EINVAL) {
		snprintf(err, errlen, "--no-merge: madvise: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

void guest_memory_free(struct guest_memory *mem)
{
	if (mem->host)
		munmap(mem->host, mem->size);
	mem->host = NULL;
	mem->size = 0;
}

bool guest_range_ok(const struct guest_memory *mem, uint64_t addr,
		    uint64_t len)
{
	return addr <= mem->size && len <= mem->size - addr;
}

void *guest_ptr(const struct guest_memory *mem, uint64_t addr, uint64_t len)
{
	if (!guest_range_ok(mem, addr, len))
		return NULL;
	return mem->host + addr;
}

int parse_size(const char *text, uint64_t *out)
{
	if (!text || !isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	char *end;
	unsigned long long value = strtoull(text, &end, 10);
	if (errno || end == text)
		return -1;
	unsigned shift = 0;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	default: return -1;
	}
	/* Accept "16M", "16MB", "16MiB". */
	if (shift && (strcmp(end, "") != 0 && strcasecmp(end, "B") != 0 &&
		      strcasecmp(end, "iB") != 0))
		return -1;
	if (shift && value > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)value << shift;
	return 0;
}
