/*
 * Reading guest memory the way the vCPU sees it, in any CPU mode: a
 * linear address goes through the tables the control registers select
 * (none, 32-bit with or without PSE, or 4-level), and code and stack
 * addresses are segment base + offset at the mode's width.
 */
#ifndef RUNNER_LINEAR_READ_H
#define RUNNER_LINEAR_READ_H

#include <stddef.h>
#include <stdint.h>

#include "guest_memory.h"
#include "vm_backend.h"

/* Copy up to len bytes from linear address la into dst. Stops at the
 * first byte that is not mapped (or, with PAE paging in 32-bit mode,
 * which the runner never sets up, at once); returns the bytes copied. */
size_t linear_read(const struct guest_memory *mem, const struct vm_sregs *s,
		   uint64_t la, void *dst, size_t len);

/* seg.base + offset, the offset cut to the code width (16, 32 or 64). */
uint64_t linear_address(const struct vm_segment *seg, uint64_t offset,
			unsigned bits);

#endif
