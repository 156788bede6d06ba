/*
 * The heap: one region from kvmkit_heap_region() (between the image and
 * the stack), cut into chunks with boundary tags.
 *
 * Every chunk starts with a 16-byte header: the size of the previous
 * chunk (meaningful only while that one is free) and its own size with two
 * flag bits. Free chunks sit on one doubly linked list, first fit. Freeing
 * merges a chunk with free neighbours on both sides, so the heap never
 * holds two adjacent free chunks. A zero-size in-use chunk at the end of
 * the region stops the walk. Payloads are 16-byte aligned, as the x86-64
 * ABI wants for max_align_t.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kvmkit/guest.h>

#include "../internal/libc_hooks.h"

#define INUSE 1u
#define PREV_INUSE 2u
#define FLAGS (INUSE | PREV_INUSE)
#define HEADER 16u
#define MIN_CHUNK 32u

struct chunk {
	size_t prev_size;
	size_t head;                /* size | INUSE | PREV_INUSE  */
	struct chunk *next, *prev;  /* free list (free chunks only) */
};

static struct chunk *free_list;
static char *heap_lo, *heap_hi; /* [lo, hi): chunks, then the end marker */
static int ready;

static size_t size_of(const struct chunk *c) { return c->head & ~(size_t)FLAGS; }
static struct chunk *next_chunk(struct chunk *c) { return (struct chunk *)((char *)c + size_of(c)); }
static void *payload(struct chunk *c) { return (char *)c + HEADER; }
static struct chunk *chunk_of(void *p) { return (struct chunk *)((char *)p - HEADER); }

static void list_remove(struct chunk *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		free_list = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

static void list_push(struct chunk *c)
{
	c->prev = NULL;
	c->next = free_list;
	if (free_list)
		free_list->prev = c;
	free_list = c;
}

/* Mark c (of `size` bytes) free: footer for the next chunk, list. */
static void make_free(struct chunk *c, size_t size)
{
	c->head = size | (c->head & PREV_INUSE);
	struct chunk *n = next_chunk(c);
	n->prev_size = size;
	n->head &= ~(size_t)PREV_INUSE;
	list_push(c);
}

void __malloc_init(void)
{
	uintptr_t lo, hi;

	if (ready)
		return;
	ready = 1;
	kvmkit_heap_region(&lo, &hi);
	lo = (lo + 15) & ~(uintptr_t)15;
	hi &= ~(uintptr_t)15;
	if (hi < lo + MIN_CHUNK + HEADER)
		return; /* no heap: every malloc fails */
	heap_lo = (char *)lo;
	heap_hi = (char *)hi - HEADER;
	struct chunk *end = (struct chunk *)heap_hi;
	end->head = INUSE; /* size 0: the walk stops here */
	struct chunk *c = (struct chunk *)heap_lo;
	c->head = PREV_INUSE;
	make_free(c, (size_t)(heap_hi - heap_lo));
}

/* Bytes of chunk needed for n bytes of payload, or 0 on overflow. */
static size_t chunk_size(size_t n)
{
	if (n > SIZE_MAX / 2)
		return 0;
	size_t size = (n + HEADER + 15) & ~(size_t)15;
	return size < MIN_CHUNK ? MIN_CHUNK : size;
}

/* Give c exactly `size` bytes if the rest can make a chunk of its own;
 * the rest becomes free (merged with a free successor). */
static void trim(struct chunk *c, size_t size)
{
	size_t have = size_of(c);

	if (have - size < MIN_CHUNK)
		return;
	c->head = size | (c->head & FLAGS);
	struct chunk *rest = next_chunk(c);
	size_t rest_size = have - size;
	struct chunk *after = (struct chunk *)((char *)rest + rest_size);
	rest->head = PREV_INUSE;
	if (!(after->head & INUSE)) {
		list_remove(after);
		rest_size += size_of(after);
	}
	make_free(rest, rest_size);
}

static void mark_used(struct chunk *c)
{
	c->head |= INUSE;
	next_chunk(c)->head |= PREV_INUSE;
}

static void *malloc_nolock(size_t n)
{
	size_t size = chunk_size(n);

	__malloc_init();
	if (size == 0) {
		errno = ENOMEM;
		return NULL;
	}
	for (struct chunk *c = free_list; c; c = c->next) {
		if (size_of(c) >= size) {
			list_remove(c);
			mark_used(c);
			trim(c, size);
			return payload(c);
		}
	}
	errno = ENOMEM;
	return NULL;
}

static void free_nolock(void *p)
{
	if (!p)
		return;
	struct chunk *c = chunk_of(p);
	size_t size = size_of(c);
	struct chunk *n = next_chunk(c);

	if (!(n->head & INUSE)) {
		list_remove(n);
		size += size_of(n);
	}
	if (!(c->head & PREV_INUSE)) {
		struct chunk *prev = (struct chunk *)((char *)c - c->prev_size);
		list_remove(prev);
		size += size_of(prev);
		c = prev;
	}
	c->head &= ~(size_t)INUSE;
	make_free(c, size);
}

void *calloc(size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total)) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

static void *realloc_nolock(void *p, size_t n)
{
	if (!p)
		return malloc_nolock(n);
	struct chunk *c = chunk_of(p);
	size_t size = chunk_size(n);
	if (size == 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (size_of(c) >= size) {
		trim(c, size);
		return p;
	}
	/* Grow in place into a free successor when it is big enough. */
	struct chunk *next = next_chunk(c);
	if (!(next->head & INUSE) && size_of(c) + size_of(next) >= size) {
		list_remove(next);
		c->head += size_of(next);
		next_chunk(c)->head |= PREV_INUSE;
		trim(c, size);
		return p;
	}
	void *q = malloc_nolock(n);
	if (q) {
		memcpy(q, p, size_of(c) - HEADER);
		free_nolock(p);
	}
	return q;
}

void *reallocarray(void *p, size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, total);
}

static void *aligned_alloc_nolock(size_t align, size_t n)
{
	if (align == 0 || (align & (align - 1))) {
		errno = EINVAL;
		return NULL;
	}
	if (align <= 16)
		return malloc_nolock(n);
	if (n > SIZE_MAX / 2 || align > SIZE_MAX / 4) {
		errno = ENOMEM;
		return NULL;
	}
	/* Over-allocate, then give back the unaligned head as a free chunk
	 * (at least MIN_CHUNK long, so it can stand alone). */
	char *p = malloc_nolock(n + align + MIN_CHUNK);
	if (!p)
		return NULL;
	uintptr_t a = ((uintptr_t)p + MIN_CHUNK + align - 1) & ~(uintptr_t)(align - 1);
	if ((uintptr_t)p % align == 0)
		a = (uintptr_t)p;
	if (a != (uintptr_t)p) {
		struct chunk *c = chunk_of(p);
		struct chunk *ac = chunk_of((void *)a);
		size_t lead = a - (uintptr_t)p;
		ac->head = (size_of(c) - lead) | INUSE;
		c->head = lead | (c->head & PREV_INUSE) | INUSE;
		free_nolock(p); /* marks ac's PREV_INUSE clear, merges backwards */
		p = (char *)a;
	}
	trim(chunk_of(p), chunk_size(n));
	return p;
}

int posix_memalign(void **out, size_t align, size_t n)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	void *p = aligned_alloc(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *memalign(size_t align, size_t n)
{
	return aligned_alloc(align, n);
}

/* For the tests: walk the heap and check its invariants. Returns the
 * number of free bytes, or -1 if something is inconsistent. */
long __malloc_check(void)
{
	long free_bytes = 0, listed = 0;
	int prev_free = 0;

	__malloc_init();
	if (!heap_lo)
		return 0;
	struct chunk *c = (struct chunk *)heap_lo;
	while ((char *)c < heap_hi) {
		size_t size = size_of(c);
		if (size < MIN_CHUNK || size % 16 || (char *)c + size > heap_hi)
			return -1;
		if (!!(c->head & PREV_INUSE) == prev_free)
			return -1;
		if (!(c->head & INUSE)) {
			if (prev_free) /* two free neighbours: not merged */
				return -1;
			if (next_chunk(c)->prev_size != size)
				return -1;
			free_bytes += (long)size;
		}
		prev_free = !(c->head & INUSE);
		c = next_chunk(c);
	}
	if ((char *)c != heap_hi)
		return -1;
	for (struct chunk *f = free_list; f; f = f->next) {
		if (f->head & INUSE)
			return -1;
		listed += (long)size_of(f);
	}
	return listed == free_bytes ? free_bytes : -1;
}

/* The public entry points that touch the heap, under the C library's
 * lock: several CPUs (or preempted threads) may allocate at once. */
void *malloc(size_t n)
{
	__libc_lock();
	void *p = malloc_nolock(n);
	__libc_unlock();
	return p;
}

void free(void *p)
{
	__libc_lock();
	free_nolock(p);
	__libc_unlock();
}

void *realloc(void *p, size_t n)
{
	__libc_lock();
	void *q = realloc_nolock(p, n);
	__libc_unlock();
	return q;
}

void *aligned_alloc(size_t align, size_t n)
{
	__libc_lock();
	void *p = aligned_alloc_nolock(align, n);
	__libc_unlock();
	return p;
}
