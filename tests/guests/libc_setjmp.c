/* libc test guest: setjmp/longjmp out of nested calls, keeping volatile
 * locals, and longjmp(env, 0) arriving as 1. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;

static int dive(int depth, int val)
{
	if (depth == 0)
		longjmp(env, val);
	if (depth < 0)
		return 0;
	return dive(depth - 1, val) + 1; /* not reached */
}

int main(void)
{
	volatile int rounds = 0;
	int r = setjmp(env);

	printf("setjmp returned %d\n", r);
	if (rounds++ < 3)
		dive(100, rounds == 3 ? 0 : rounds * 10);
	printf("rounds %d\n", rounds);
	return 0;
}
