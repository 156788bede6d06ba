/*
 * qsort, qsort_r and bsearch. qsort is an introsort: quicksort with a
 * median-of-three pivot, insertion sort for short runs, and heapsort when
 * the recursion gets too deep, so it is O(n log n) on any input and uses
 * O(log n) stack.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef int (*cmp_r_fn)(const void *, const void *, void *);

static void swap(char *a, char *b, size_t size)
{
	if (a == b)
		return;
	/* Whole words when the elements allow it. */
	if (size % sizeof(long) == 0 && (uintptr_t)a % sizeof(long) == 0 &&
	    (uintptr_t)b % sizeof(long) == 0) {
		for (size_t i = 0; i < size; i += sizeof(long)) {
			long t = *(long *)(a + i);
			*(long *)(a + i) = *(long *)(b + i);
			*(long *)(b + i) = t;
		}
		return;
	}
	for (size_t i = 0; i < size; i++) {
		char t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

static void insertion_sort(char *base, size_t n, size_t size, cmp_r_fn cmp,
			   void *arg)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			char *a = base + (j - 1) * size, *b = a + size;
			if (cmp(a, b, arg) <= 0)
				break;
			swap(a, b, size);
		}
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
		      cmp_r_fn cmp, void *arg)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size, arg) < 0)
			child++;
		if (cmp(base + root * size, base + child * size, arg) >= 0)
			return;
		swap(base + root * size, base + child * size, size);
		root = child;
	}
}

static void heap_sort(char *base, size_t n, size_t size, cmp_r_fn cmp,
		      void *arg)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(base, i, n, size, cmp, arg);
	for (size_t end = n - 1; end > 0; end--) {
		swap(base, base + end * size, size);
		sift_down(base, 0, end, size, cmp, arg);
	}
}

static void intro_sort(char *base, size_t n, size_t size, cmp_r_fn cmp,
		       void *arg, int depth)
{
	while (n > 12) {
		if (depth-- == 0) {
			heap_sort(base, n, size, cmp, arg);
			return;
		}
		/* Median of three to the front, as the pivot. */
		char *lo = base, *mid = base + (n / 2) * size;
		char *hi = base + (n - 1) * size;
		if (cmp(mid, lo, arg) < 0)
			swap(mid, lo, size);
		if (cmp(hi, mid, arg) < 0) {
			swap(hi, mid, size);
			if (cmp(mid, lo, arg) < 0)
				swap(mid, lo, size);
		}
		swap(base, mid, size);

		/* Hoare partition around base[0]: elements equal to the
		 * pivot go to both sides, which keeps many duplicates fast. */
		size_t i = 0, j = n;
		for (;;) {
			do
				i++;
			while (i < n && cmp(base + i * size, base, arg) < 0);
			do
				j--;
			while (cmp(base + j * size, base, arg) > 0);
			if (i >= j)
				break;
			swap(base + i * size, base + j * size, size);
		}
		swap(base, base + j * size, size);

		/* Recurse into the smaller side, loop on the larger. */
		size_t left = j, right = n - j - 1;
		char *rbase = base + (j + 1) * size;
		if (left < right) {
			intro_sort(base, left, size, cmp, arg, depth);
			base = rbase;
			n = right;
		} else {
			intro_sort(rbase, right, size, cmp, arg, depth);
			n = left;
		}
	}
	insertion_sort(base, n, size, cmp, arg);
}

void qsort_r(void *base, size_t n, size_t size,
	     int (*cmp)(const void *, const void *, void *), void *arg)
{
	int depth = 0;

	if (n < 2 || size == 0)
		return;
	for (size_t k = n; k > 1; k >>= 1)
		depth += 2;
	intro_sort(base, n, size, cmp, arg, depth);
}

struct cmp_wrap {
	int (*cmp)(const void *, const void *);
};

static int call_cmp(const void *a, const void *b, void *arg)
{
	return ((struct cmp_wrap *)arg)->cmp(a, b);
}

void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *))
{
	struct cmp_wrap w = { cmp };
	qsort_r(base, n, size, call_cmp, &w);
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *lo = base;

	while (n > 0) {
		const char *mid = lo + (n / 2) * size;
		int c = cmp(key, mid);
		if (c == 0)
			return (void *)mid;
		if (c > 0) {
			lo = mid + size;
			n -= n / 2 + 1;
		} else {
			n /= 2;
		}
	}
	return NULL;
}
