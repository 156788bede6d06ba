/* libc test guest: a failing assert. Prints a line first (stdout must be
 * flushed by abort), then the assertion message; the run ends with
 * status 134. */
#include <assert.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argv;
	printf("before the assertion");
	assert(argc == 1);
	assert(argc + 1 == 3);
	printf("not reached\n");
	return 0;
}
