/*
 * Deep recursion: `stack_overflow N` recurses N levels (about 170 bytes
 * each) and checks that the heap is intact afterwards; `stack_overflow`
 * with no argument recurses until the stack's guard page stops it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long __malloc_check(void);

static volatile long sink;

__attribute__((noinline)) static long recurse(long depth, long limit)
{
	volatile char frame[128];
	frame[0] = (char)depth;
	frame[127] = (char)(depth >> 8);
	if (limit && depth >= limit)
		return depth;
	long r = recurse(depth + 1, limit);
	sink += frame[0] + frame[127];
	return r;
}

int main(int argc, char **argv)
{
	char *before = malloc(1000);
	memset(before, 'h', 1000);
	long limit = argc > 1 ? atol(argv[1]) : 0;
	long depth = recurse(1, limit);
	char *after = malloc(1000);
	int intact = after && before[999] == 'h' && __malloc_check() >= 0;
	printf("recursed %ld levels, heap %s\n", depth, intact ? "intact" : "BROKEN");
	return 0;
}
