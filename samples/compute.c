/*
 * compute: a CPU-bound guest, to compare a guest's speed with the host's.
 *
 * Each round fills a buffer (4 MiB by default) with pseudo-random 64-bit
 * numbers (xorshift64*), sorts it with a merge sort of its own and folds
 * the sorted array into a hash (FNV-1a); at the end it prints one line with
 * the checksum. So the run is guest CPU time and memory traffic, with just
 * a couple of VM exits. The same file builds as an ordinary host program
 * (`gcc -O2 samples/compute.c`), and `make bench` times both on one machine
 * and reports the ratio: what running inside kvmkit costs. The sort is its
 * own, not qsort(), so that both builds run the same code. Arguments: the
 * buffer size in KiB and the number of rounds
 * (`build/runner -m 64M samples/compute.elf 8192 2`). The result is the
 * checksum's low 31 bits (a host build's exit status is its low byte).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t xorshift64s(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Bottom-up merge sort of a[0..n) using tmp[0..n); returns the sorted one. */
static uint64_t *merge_sort(uint64_t *a, uint64_t *tmp, size_t n)
{
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
		}
		uint64_t *t = a;
		a = tmp;
		tmp = t;
	}
	return a;
}

static uint64_t fnv1a(uint64_t h, const uint64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 64; b += 8)
			h = (h ^ ((v[i] >> b) & 0xff)) * 0x100000001b3ULL;
	return h;
}

int main(int argc, char **argv)
{
	size_t kib = argc > 1 ? strtoul(argv[1], NULL, 10) : 4096;
	int rounds = argc > 2 ? atoi(argv[2]) : 4;
	size_t n = kib * 1024 / sizeof(uint64_t);

	if (n < 2 || rounds < 1) {
		printf("usage: compute [KIB [ROUNDS]]\n");
		return -1;
	}
	uint64_t *a = malloc(n * sizeof(*a)), *tmp = malloc(n * sizeof(*tmp));
	if (!a || !tmp) {
		printf("compute: cannot allocate 2 x %zu KiB (give the guest "
		       "more memory with -m)\n", kib);
		return -1;
	}

	uint64_t seed = 0x9e3779b97f4a7c15ULL, hash = 0xcbf29ce484222325ULL;
	for (int r = 0; r < rounds; r++) {
		for (size_t i = 0; i < n; i++)
			a[i] = xorshift64s(&seed);
		uint64_t *sorted = merge_sort(a, tmp, n);
		for (size_t i = 1; i < n; i++)
			if (sorted[i - 1] > sorted[i]) {
				printf("compute: not sorted at %zu\n", i);
				return -1;
			}
		hash = fnv1a(hash, sorted, n);
	}
	printf("compute: %d x %zu KiB sorted and hashed, checksum %016llx\n",
	       rounds, kib, (unsigned long long)hash);
	free(a);
	free(tmp);
	return (int)(hash & 0x7fffffff);
}
