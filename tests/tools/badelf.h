/*
 * Malformed guest images for loader tests: each variant takes a good
 * x86-64 ELF executable and breaks exactly one thing about it.
 */
#ifndef TESTS_BADELF_H
#define TESTS_BADELF_H

#include <stddef.h>
#include <stdint.h>

struct badelf_variant {
	const char *name;
	const char *expected_error; /* a piece of the runner's message */
};

extern const struct badelf_variant badelf_variants[];
extern const size_t badelf_variant_count;

/* Apply variant `name` to the image in *buf (size *size, malloc'd; may be
 * reallocated or shrunk). Returns 0, or -1 if the name is unknown or the
 * image is not one this tool understands. */
int badelf_apply(const char *name, uint8_t **buf, size_t *size);

#endif
