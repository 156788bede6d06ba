/* Stand-ins for the parts of libc-test's support code that need POSIX
 * (tests/libc-test/run): write() for print.c, t_setutf8() from utf8.c,
 * which asks <langinfo.h> for the codeset, and t_memfill(). */
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

/* t_memfill() (memfill.c: POSIX mmap and rlimits) uses up the memory so
 * that the next malloc fails: here the guest's heap, biggest blocks
 * first. */
#include <stdlib.h>

int t_memfill(void)
{
	for (size_t n = (size_t)1 << 40; n; n /= 2)
		while (malloc(n))
			;
	return 0;
}
