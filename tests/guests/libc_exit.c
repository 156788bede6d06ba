/* libc test guest: exit() runs atexit handlers in reverse order, then
 * flushes stdout; the status is exit()'s argument. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("handler registered first\n"); }
static void second(void) { printf("handler registered second; "); }

int main(void)
{
	atexit(first);
	atexit(second);
	printf("main: partial line, ");
	exit(3);
}
