/*
 * hostile_io: a guest that leans on the runner's host I/O.
 *
 *   hostile_io.elf flood-read   write 256 KiB to the console (more than a
 *                               pipe holds), then read stdin
 *   hostile_io.elf partial-spin write "partial" through port 0xE9 with no
 *                               newline (held in the runner's buffer), then
 *                               spin forever
 *
 * For tests/integration/hostile.bats: --timeout and termination signals
 * must end these runs with a report and without losing output.
 */
#include <kvmkit/guest.h>
#include <stdint.h>
#include <string.h>

static void port_puts(const char *s)
{
	for (; *s; s++)
		__asm__ volatile("outb %0, %1" : : "a"(*s), "Nd"(0xe9));
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "flood-read")) {
		static char line[1024];
		memset(line, 'x', sizeof(line) - 1);
		line[sizeof(line) - 1] = '\n';
		for (int i = 0; i < 256; i++)
			kvmkit_console_write(line, sizeof(line));
		static char buf[64];
		long n = kvmkit_hypercall(KVMKIT_HC_STDIN_READ,
					  (long)(uintptr_t)buf, sizeof(buf), 0,
					  0, 0);
		return n < 0 ? 1 : 0;
	}
	if (argc == 2 && !strcmp(argv[1], "partial-spin")) {
		port_puts("partial");
		for (;;)
			__asm__ volatile("pause");
	}
	return 2;
}
