/*
 * Guest physical memory: one anonymous host mapping seen by the guest at
 * physical address 0. Every access the runner makes on behalf of a guest
 * goes through guest_ptr(), which checks the range first.
 */
#ifndef RUNNER_GUEST_MEMORY_H
#define RUNNER_GUEST_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guest_memory {
	uint8_t *host;
	uint64_t size;
};

/* Map size bytes of guest memory, offered to KSM for merging. */
int guest_memory_alloc(struct guest_memory *mem, uint64_t size, char *err,
		       size_t errlen);
/* Take guest memory out of KSM (--no-merge). 0, or -1 and err. */
int guest_memory_unmerge(struct guest_memory *mem, char *err, size_t errlen);
void guest_memory_free(struct guest_memory *mem);

/* Whether [addr, addr + len) lies inside guest memory (overflow-safe). */
bool guest_range_ok(const struct guest_memory *mem, uint64_t addr,
		    uint64_t len);

/* Host address of guest range [addr, addr + len), or NULL if any byte of
 * it is outside guest memory. */
void *guest_ptr(const struct guest_memory *mem, uint64_t addr, uint64_t len);

/* Parse a size such as "16M", "2G", "4096" or "512K". Returns 0 and sets
 * *out, or -1 if the text is not a size. */
int parse_size(const char *text, uint64_t *out);

#endif
