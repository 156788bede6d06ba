/* Failed assertions: glibc's message on stderr, then abort (status 134),
 * with the same message as the reason in the runner's report. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

_Noreturn void __abort_with(const char *why);

_Noreturn void __assert_fail(const char *expr, const char *file,
			     unsigned int line, const char *func)
{
	static char msg[512];

	snprintf(msg, sizeof(msg), "%s:%u: %s: Assertion `%s' failed.", file,
		 line, func, expr);
	fprintf(stderr, "%s\n", msg);
	__abort_with(msg);
}
