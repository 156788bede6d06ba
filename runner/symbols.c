#include "symbols.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int symbols_add(struct symbol_table *t, uint64_t addr, uint64_t size,
		const char *name)
{
	if (t->count == t->capacity) {
		/* Doubling: growing by one symbol each time left a trail of
		 * freed copies over the heap (hello's ~250 symbols: several
		 * pages, each a host page fault and 4 KiB of RSS). */
		size_t capacity = t->capacity ? 2 * t->capacity : 64;
		struct symbol *grown =
			realloc(t->syms, capacity * sizeof(*t->syms));
		if (!grown)
			return -1;
		t->syms = grown;
		t->capacity = capacity;
	}
	char *copy = strdup(name);
	if (!copy)
		return -1;
	t->syms[t->count++] = (struct symbol){ addr, size, copy };
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;
	return (x->addr > y->addr) - (x->addr < y->addr);
}

void symbols_sort(struct symbol_table *t)
{
	if (t->count)
		qsort(t->syms, t->count, sizeof(*t->syms), by_addr);
}

const struct symbol *symbols_find(const struct symbol_table *t, uint64_t addr)
{
	const struct symbol *best = NULL;
	/* Binary search for the last symbol starting at or below addr. */
	size_t lo = 0, hi = t->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->syms[mid].addr <= addr) {
			best = &t->syms[mid];
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (best && best->size && addr - best->addr >= best->size)
		return NULL;
	return best;
}

void symbols_describe(const struct symbol_table *t, uint64_t addr, char *buf,
		      size_t len)
{
	const struct symbol *s = symbols_find(t, addr);
	if (!s)
		snprintf(buf, len, "%s", "");
	else if (addr == s->addr)
		snprintf(buf, len, "%s", s->name);
	else
		snprintf(buf, len, "%s+0x%llx", s->name,
			 (unsigned long long)(addr - s->addr));
}

void symbols_free(struct symbol_table *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->syms[i].name);
	free(t->syms);
	t->syms = NULL;
	t->count = 0;
	t->capacity = 0;
}
