/* Stand-ins for the parts of libc-test's support code that need POSIX
 * (tests/libc-test/run): write() for print.c, and t_setutf8() from
 * utf8.c, which asks <langinfo.h> for the codeset. */
#include <locale.h>
#include <stdio.h>

#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n)
{
	FILE *f = fd == 2 ? stderr : stdout;
	size_t k = fwrite(buf, 1, n, f);
	fflush(f);
	return (ssize_t)k;
}

/* The guest's locale is UTF-8 already; glibc needs C.UTF-8 named. */
int t_setutf8(void)
{
	return setlocale(LC_CTYPE, "C.UTF-8") ? 0 : -1;
}
