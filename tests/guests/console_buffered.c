/*
 * console_buffered: stdout's buffering into a pipe, and that nothing
 * buffered is lost however the guest stops.
 *
 *   console_buffered LINES END
 *
 * prints LINES lines "line N\n" (one printf each), then a tail without a
 * newline ("tail"), then ends as END says: "return" (main returns 0),
 * "ud2" (an invalid-opcode fault), "abort", "hlt" (a bare HLT, skipping
 * the exit hooks) or "spin" (for --timeout); "stderr" writes "err\n" to
 * stderr after the lines and before the tail, then returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	long lines = strtol(argv[1], NULL, 10);
	for (long i = 1; i <= lines; i++)
		printf("line %ld\n", i);
	if (!strcmp(argv[2], "stderr"))
		fputs("err\n", stderr);
	printf("tail");
	if (!strcmp(argv[2], "ud2"))
		__asm__ volatile("ud2");
	if (!strcmp(argv[2], "abort"))
		abort();
	if (!strcmp(argv[2], "hlt"))
		__asm__ volatile("cli; hlt");
	if (!strcmp(argv[2], "spin"))
		for (;;)
			__asm__ volatile("pause");
	return 0;
}
