/*
 * hc_stdin: copy the runner's stdin to its stdout with the raw calls
 * (KVMKIT_HC_STDIN_READ until 0 = end of file, KVMKIT_HC_CONSOLE_WRITE),
 * then say how many bytes came through.
 */
#include <kvmkit/guest.h>
#include <stdio.h>

int main(void)
{
	static char buf[7]; /* small on purpose: several reads per line */
	long total = 0, reads = 0;
	for (;;) {
		long n = kvmkit_hypercall(KVMKIT_HC_STDIN_READ,
					  (long)(uintptr_t)buf, sizeof(buf), 0,
					  0, 0);
		if (n < 0) {
			printf("stdin_read failed: %ld\n", n);
			return 1;
		}
		if (n == 0)
			break;
		reads++;
		total += n;
		kvmkit_console_write(buf, (size_t)n);
	}
	printf("%ld bytes\n", total);
	return reads > 0 ? 0 : 2;
}
