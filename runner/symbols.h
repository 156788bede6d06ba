/*
 * Function symbols of the guest image, to name the function a fault or a
 * timeout happened in ("in parse_line+0x1c").
 */
#ifndef RUNNER_SYMBOLS_H
#define RUNNER_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct symbol {
	uint64_t addr;
	uint64_t size;
	char *name;
};

struct symbol_table {
	struct symbol *syms; /* sorted by addr */
	size_t count;
	size_t capacity;     /* entries allocated */
};

int symbols_add(struct symbol_table *t, uint64_t addr, uint64_t size,
		const char *name);
void symbols_sort(struct symbol_table *t);
/* The symbol containing addr (or the nearest one below it when sizes are
 * unknown), or NULL. */
const struct symbol *symbols_find(const struct symbol_table *t, uint64_t addr);
/* "name+0x1c" or "" when no symbol covers addr. */
void symbols_describe(const struct symbol_table *t, uint64_t addr, char *buf,
		      size_t len);
void symbols_free(struct symbol_table *t);

#endif
