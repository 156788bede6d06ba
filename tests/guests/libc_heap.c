/* libc test guest: malloc, calloc, realloc, aligned_alloc and free under
 * a random workload, with the heap's own consistency check after each
 * phase. Prints "heap ok" and returns 0, or says what broke (result 1). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long __malloc_check(void); /* the SDK's heap walker */

#define SLOTS 256

static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];
static uint64_t state = 88172645463325252ull;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static int fail(const char *what, int i)
{
	printf("heap: %s (slot %d)\n", what, i);
	return 1;
}

int main(void)
{
	long start = __malloc_check();
	if (start <= 0)
		return fail("no heap", -1);

	for (int op = 0; op < 20000; op++) {
		int i = (int)(next() % SLOTS);
		if (ptr[i]) {
			for (size_t k = 0; k < len[i]; k++)
				if (ptr[i][k] != (unsigned char)(i ^ k))
					return fail("block corrupted", i);
			if (next() % 3 == 0) {
				size_t n = next() % 5000;
				unsigned char *p = realloc(ptr[i], n);
				if (!p)
					return fail("realloc failed", i);
				for (size_t k = 0; k < n; k++)
					p[k] = (unsigned char)(i ^ k);
				ptr[i] = p;
				len[i] = n;
			} else {
				free(ptr[i]);
				ptr[i] = NULL;
			}
		} else {
			size_t n = next() % 3000;
			unsigned char *p;
			switch (next() % 3) {
			case 0: p = malloc(n); break;
			case 1: p = calloc(n, 1);
				for (size_t k = 0; p && k < n; k++)
					if (p[k])
						return fail("calloc not zeroed", i);
				break;
			default: p = aligned_alloc(4096, n);
				if ((uintptr_t)p % 4096)
					return fail("misaligned", i);
				break;
			}
			if (!p)
				return fail("out of memory", i);
			for (size_t k = 0; k < n; k++)
				p[k] = (unsigned char)(i ^ k);
			ptr[i] = p;
			len[i] = n;
		}
		if (op % 1000 == 0 && __malloc_check() < 0)
			return fail("heap inconsistent", op);
	}
	for (int i = 0; i < SLOTS; i++)
		free(ptr[i]);
	if (__malloc_check() != start)
		return fail("free space not coalesced back", -1);

	/* A block as large as most of the heap, then nothing left. */
	void *big = malloc((size_t)start / 2);
	if (!big)
		return fail("cannot allocate half the heap", -1);
	free(big);
	if (malloc((size_t)start * 2) != NULL)
		return fail("allocated more than the heap", -1);

	/* Use every byte the heap gives: it must not reach into the stack
	 * (this function's frame is there), nor past guest memory. */
	static unsigned char *blocks[4096];
	void **p_small;
	int nblocks = 0;
	while (nblocks < 4096 && (blocks[nblocks] = malloc(16384)))
		memset(blocks[nblocks++], 0x5a, 16384);
	if ((long)nblocks * 16384 < start / 2)
		return fail("heap filled early", nblocks);
	/* Then small blocks, to the last bytes the heap has: a heap that ran
	 * into the stack would be written over by this very function. */
	void **small = NULL;
	while ((p_small = malloc(48))) {
		memset(p_small, 0x5a, 48);
		*p_small = small;
		small = p_small;
	}
	while (small) {
		void **next = *small;
		free(small);
		small = next;
	}
	while (nblocks > 0)
		free(blocks[--nblocks]);
	if (__malloc_check() != start)
		return fail("free space not coalesced back after filling", -1);

	printf("heap ok: %ld bytes free\n", start);
	return 0;
}
