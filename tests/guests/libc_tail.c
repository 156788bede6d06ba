/*
 * libc_tail: output that does not end with a newline must still reach the
 * console when main returns (stdout is flushed after main), and main's
 * return value is the result, sign-extended to 64 bits: `libc_tail.elf -1`
 * gives result 0xffffffffffffffff. A byte written to the console port
 * first must come out first, and an atexit handler runs after main
 * returns.
 */
#include <kvmkit/guest.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit(void)
{
	printf(" (atexit)");
}

int main(int argc, char **argv)
{
	atexit(at_exit);
	kvmkit_outb(KVMKIT_PORT_CONSOLE, '>');
	printf("partial line, no newline");
	return argc > 1 ? atoi(argv[1]) : 0;
}
