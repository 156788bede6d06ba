/*
 * lines: console output, for make bench.
 *
 * Prints COUNT lines (default 10000) of WIDTH bytes each, newline included
 * (default 64, at most 4000), one printf() per line. Into a pipe (as make
 * bench runs it) stdout is fully buffered: one hypercall, one VM exit and
 * one write(2) per 64 KiB; on a terminal, one per line. The run measures
 * the console's throughput and the cost of its exits. `build/runner build/bench/guests/lines.elf 10000 64`.
 * The result is the number of lines printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WIDTH 4000

static char text[MAX_WIDTH + 1];

int main(int argc, char **argv)
{
	long count = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
	long width = argc > 2 ? strtol(argv[2], NULL, 10) : 64;

	if (count < 0 || width < 8 || width > MAX_WIDTH) {
		printf("usage: lines [COUNT [WIDTH (8..%d)]]\n", MAX_WIDTH);
		return -1;
	}
	/* "NNNNNN " then letters; the number and the newline take 8 bytes */
	for (long i = 0; i < width - 8; i++)
		text[i] = (char)('a' + i % 26);
	text[width - 8] = '\0';
	for (long i = 0; i < count; i++)
		printf("%06ld %s\n", i % 1000000, text);
	return (int)count;
}
