/*
 * hc_bounds: every hypercall that takes a guest address or length, fed
 * boundary values; one line per call with its raw result. The runner must
 * answer each with an error (or a safe success) and keep running.
 *
 * Run with -m 64M (so that KVMKIT_IO_MAX bytes fit above the buffer and
 * lengths are refused for being too long, not for leaving memory), stdin
 * at end of file, and --share DIR with DIR empty and writable.
 * tests/integration/hypercalls.bats has the expected output.
 */
#include <kvmkit/guest.h>
#include <stdio.h>

#define WRAP_ADDR 0xffffffffffffff00ull /* + 0x200 wraps past 2^64 */
#define WRAP_LEN  0x200ull

static char buf[64];
static uint64_t mem; /* guest memory size: the first address past the end */

static long hc(long nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	return kvmkit_hypercall(nr, (long)a0, (long)a1, (long)a2, 0, 0);
}

static void show(const char *what, long result)
{
	printf("%s = %ld\n", what, result);
}

/* Address 0 is guest memory like any other; the compiler must not know
 * that we write there. */
static volatile char *address_zero(void)
{
	uintptr_t p = 0;
	__asm__("" : "+r"(p));
	return (volatile char *)p;
}

static void console_write_cases(void)
{
	uint64_t b = (uintptr_t)buf;
	show("console_write(NULL, 0)", hc(KVMKIT_HC_CONSOLE_WRITE, 0, 0, 0));
	/* Prints the two bytes at address 0, before its line. */
	address_zero()[0] = '@';
	address_zero()[1] = '@';
	show("console_write(NULL, 2)", hc(KVMKIT_HC_CONSOLE_WRITE, 0, 2, 0));
	show("console_write(NULL, 1)", hc(KVMKIT_HC_CONSOLE_WRITE, 0, 1, 0));
	/* The very last byte of memory is a valid buffer (it is the top of
	 * the stack, which holds nothing we return to). */
	*(volatile char *)(uintptr_t)(mem - 1) = '!';
	show("console_write(end-1, 1)",
	     hc(KVMKIT_HC_CONSOLE_WRITE, mem - 1, 1, 0));
	show("console_write(end-1, 2)",
	     hc(KVMKIT_HC_CONSOLE_WRITE, mem - 1, 2, 0));
	show("console_write(end, 0)", hc(KVMKIT_HC_CONSOLE_WRITE, mem, 0, 0));
	show("console_write(end, 1)", hc(KVMKIT_HC_CONSOLE_WRITE, mem, 1, 0));
	show("console_write(end+1, 0)",
	     hc(KVMKIT_HC_CONSOLE_WRITE, mem + 1, 0, 0));
	show("console_write(buf, IO_MAX+1)",
	     hc(KVMKIT_HC_CONSOLE_WRITE, b, KVMKIT_IO_MAX + 1ull, 0));
	show("console_write(wrap, 0x200)",
	     hc(KVMKIT_HC_CONSOLE_WRITE, WRAP_ADDR, WRAP_LEN, 0));
	buf[0] = 'o';
	buf[1] = 'k';
	buf[2] = ' ';
	show("console_write(buf, 3)", hc(KVMKIT_HC_CONSOLE_WRITE, b, 3, 0));
}

static void time_cases(void)
{
	struct kvmkit_timespec ts;
	uint64_t t = (uintptr_t)&ts;
	/* Address 0 is guest memory: the time lands there. */
	show("time(REALTIME, NULL)",
	     hc(KVMKIT_HC_TIME, KVMKIT_CLOCK_REALTIME, 0, 0));
	show("time(REALTIME, end-1)",
	     hc(KVMKIT_HC_TIME, KVMKIT_CLOCK_REALTIME, mem - 1, 0));
	show("time(REALTIME, end-8)",
	     hc(KVMKIT_HC_TIME, KVMKIT_CLOCK_REALTIME, mem - 8, 0));
	show("time(REALTIME, end)",
	     hc(KVMKIT_HC_TIME, KVMKIT_CLOCK_REALTIME, mem, 0));
	show("time(REALTIME, wrap)",
	     hc(KVMKIT_HC_TIME, KVMKIT_CLOCK_REALTIME, WRAP_ADDR, 0));
	show("time(REALTIME, -8)",
	     hc(KVMKIT_HC_TIME, KVMKIT_CLOCK_REALTIME, (uint64_t)-8, 0));
	show("time(2, &ts)", hc(KVMKIT_HC_TIME, 2, t, 0));
	show("time(-1, &ts)", hc(KVMKIT_HC_TIME, (uint64_t)-1, t, 0));
	show("time(MONOTONIC, &ts)",
	     hc(KVMKIT_HC_TIME, KVMKIT_CLOCK_MONOTONIC, t, 0));
}

static void exit_counts_cases(void)
{
	struct kvmkit_exit_counts c;
	show("exit_counts(NULL)", hc(KVMKIT_HC_EXIT_COUNTS, 0, 0, 0));
	show("exit_counts(end-1)", hc(KVMKIT_HC_EXIT_COUNTS, mem - 1, 0, 0));
	show("exit_counts(end)", hc(KVMKIT_HC_EXIT_COUNTS, mem, 0, 0));
	show("exit_counts(wrap)", hc(KVMKIT_HC_EXIT_COUNTS, WRAP_ADDR, 0, 0));
	show("exit_counts(&c)",
	     hc(KVMKIT_HC_EXIT_COUNTS, (uintptr_t)&c, 0, 0));
}

static void stdin_read_cases(void)
{
	uint64_t b = (uintptr_t)buf;
	show("stdin_read(NULL, 0)", hc(KVMKIT_HC_STDIN_READ, 0, 0, 0));
	show("stdin_read(NULL, 2)", hc(KVMKIT_HC_STDIN_READ, 0, 2, 0));
	show("stdin_read(end-1, 2)", hc(KVMKIT_HC_STDIN_READ, mem - 1, 2, 0));
	show("stdin_read(end, 1)", hc(KVMKIT_HC_STDIN_READ, mem, 1, 0));
	/* Longer than KVMKIT_IO_MAX: cut to KVMKIT_IO_MAX, which fits. */
	show("stdin_read(buf, IO_MAX+1)",
	     hc(KVMKIT_HC_STDIN_READ, b, KVMKIT_IO_MAX + 1ull, 0));
	show("stdin_read(wrap, 0x200)",
	     hc(KVMKIT_HC_STDIN_READ, WRAP_ADDR, WRAP_LEN, 0));
	show("stdin_read(buf, 16)", hc(KVMKIT_HC_STDIN_READ, b, 16, 0));
}

static void unknown_cases(void)
{
	show("hypercall(ABI_VERSION)", hc(KVMKIT_HC_ABI_VERSION, 0, 0, 0));
	show("hypercall(COUNT)", hc(KVMKIT_HC_COUNT, 0, 0, 0));
	show("hypercall(63)", hc(63, 0, 0, 0));
	show("hypercall(64)", hc(64, 0, 0, 0));
	show("hypercall(2^63-1)", hc(0x7fffffffffffffffll, 0, 0, 0));
	show("hypercall(-1)", hc(-1, 0, 0, 0));
}

static void copy(char *dst, const char *src)
{
	while ((*dst++ = *src++))
		;
}

static void file_cases(void)
{
	uint64_t b = (uintptr_t)buf;
	struct kvmkit_stat st;
	uint64_t s = (uintptr_t)&st;
	long fd;

	show("file_open(NULL, 1)", hc(KVMKIT_HC_FILE_OPEN, 0, 1, 0));
	show("file_open(end-1, 2)", hc(KVMKIT_HC_FILE_OPEN, mem - 1, 2, 0));
	show("file_open(end, 1)", hc(KVMKIT_HC_FILE_OPEN, mem, 1, 0));
	show("file_open(buf, IO_MAX+1)",
	     hc(KVMKIT_HC_FILE_OPEN, b, KVMKIT_IO_MAX + 1ull, 0));
	show("file_open(buf, PATH_MAX+1)",
	     hc(KVMKIT_HC_FILE_OPEN, b, KVMKIT_PATH_MAX + 1ull, 0));
	show("file_open(wrap, 0x200)",
	     hc(KVMKIT_HC_FILE_OPEN, WRAP_ADDR, WRAP_LEN, 0));
	copy(buf, "bounds.txt");
	show("file_open(\"bounds.txt\", 1<<40)",
	     hc(KVMKIT_HC_FILE_OPEN, b, 10, 1ull << 40));
	fd = hc(KVMKIT_HC_FILE_OPEN, b, 10,
		KVMKIT_O_WRONLY | KVMKIT_O_CREAT | KVMKIT_O_TRUNC);
	show("file_open(\"bounds.txt\", WRONLY|CREAT|TRUNC)", fd);

	show("file_write(fd, NULL, 0)", hc(KVMKIT_HC_FILE_WRITE, fd, 0, 0));
	show("file_write(fd, NULL, 2)", hc(KVMKIT_HC_FILE_WRITE, fd, 0, 2));
	show("file_write(fd, end-1, 2)",
	     hc(KVMKIT_HC_FILE_WRITE, fd, mem - 1, 2));
	show("file_write(fd, end, 1)", hc(KVMKIT_HC_FILE_WRITE, fd, mem, 1));
	show("file_write(fd, buf, IO_MAX+1)",
	     hc(KVMKIT_HC_FILE_WRITE, fd, b, KVMKIT_IO_MAX + 1ull));
	show("file_write(fd, wrap, 0x200)",
	     hc(KVMKIT_HC_FILE_WRITE, fd, WRAP_ADDR, WRAP_LEN));
	show("file_write(1, buf, 1)", hc(KVMKIT_HC_FILE_WRITE, 1, b, 1));
	show("file_write(32, buf, 1)", hc(KVMKIT_HC_FILE_WRITE, 32, b, 1));
	show("file_write(-1, buf, 1)",
	     hc(KVMKIT_HC_FILE_WRITE, (uint64_t)-1, b, 1));
	show("file_read(fd, buf, 5) on a write-only fd",
	     hc(KVMKIT_HC_FILE_READ, fd, b, 5));
	copy(buf, "12345");
	show("file_write(fd, \"12345\", 5)", hc(KVMKIT_HC_FILE_WRITE, fd, b, 5));

	show("file_seek(fd, 0, 3)", hc(KVMKIT_HC_FILE_SEEK, fd, 0, 3));
	show("file_seek(fd, 0, -1)",
	     hc(KVMKIT_HC_FILE_SEEK, fd, 0, (uint64_t)-1));
	show("file_seek(fd, -1, SET)",
	     hc(KVMKIT_HC_FILE_SEEK, fd, (uint64_t)-1, KVMKIT_SEEK_SET));
	show("file_seek(fd, -6, END)",
	     hc(KVMKIT_HC_FILE_SEEK, fd, (uint64_t)-6, KVMKIT_SEEK_END));
	show("file_seek(fd, 0, END)",
	     hc(KVMKIT_HC_FILE_SEEK, fd, 0, KVMKIT_SEEK_END));
	show("file_seek(fd, -2, CUR)",
	     hc(KVMKIT_HC_FILE_SEEK, fd, (uint64_t)-2, KVMKIT_SEEK_CUR));
	show("file_seek(32, 0, SET)",
	     hc(KVMKIT_HC_FILE_SEEK, 32, 0, KVMKIT_SEEK_SET));
	show("file_close(32)", hc(KVMKIT_HC_FILE_CLOSE, 32, 0, 0));
	show("file_close(-1)", hc(KVMKIT_HC_FILE_CLOSE, (uint64_t)-1, 0, 0));
	show("file_close(fd)", hc(KVMKIT_HC_FILE_CLOSE, fd, 0, 0));
	show("file_close(fd) again", hc(KVMKIT_HC_FILE_CLOSE, fd, 0, 0));
	show("file_seek(fd, 0, SET) closed",
	     hc(KVMKIT_HC_FILE_SEEK, fd, 0, KVMKIT_SEEK_SET));

	copy(buf, "bounds.txt");
	fd = hc(KVMKIT_HC_FILE_OPEN, b, 10, KVMKIT_O_RDONLY);
	show("file_open(\"bounds.txt\", RDONLY)", fd);
	show("file_read(fd, NULL, 0)", hc(KVMKIT_HC_FILE_READ, fd, 0, 0));
	show("file_read(fd, NULL, 2)", hc(KVMKIT_HC_FILE_READ, fd, 0, 2));
	show("file_read(fd, end-1, 2)",
	     hc(KVMKIT_HC_FILE_READ, fd, mem - 1, 2));
	show("file_read(fd, end, 1)", hc(KVMKIT_HC_FILE_READ, fd, mem, 1));
	show("file_read(fd, buf, IO_MAX+1)",
	     hc(KVMKIT_HC_FILE_READ, fd, b, KVMKIT_IO_MAX + 1ull));
	show("file_read(fd, wrap, 0x200)",
	     hc(KVMKIT_HC_FILE_READ, fd, WRAP_ADDR, WRAP_LEN));
	show("file_write(fd, buf, 1) on a read-only fd",
	     hc(KVMKIT_HC_FILE_WRITE, fd, b, 1));
	long n = hc(KVMKIT_HC_FILE_READ, fd, b + 16, 16);
	show("file_read(fd, buf, 16)", n);
	if (n > 0)
		printf("read back: %.*s\n", (int)n, buf + 16);
	show("file_read(fd, buf, 16) at the end",
	     hc(KVMKIT_HC_FILE_READ, fd, b + 16, 16));

	show("file_stat(NULL, 1, &st)", hc(KVMKIT_HC_FILE_STAT, 0, 1, s));
	show("file_stat(end-1, 2, &st)",
	     hc(KVMKIT_HC_FILE_STAT, mem - 1, 2, s));
	show("file_stat(end, 1, &st)", hc(KVMKIT_HC_FILE_STAT, mem, 1, s));
	show("file_stat(buf, IO_MAX+1, &st)",
	     hc(KVMKIT_HC_FILE_STAT, b, KVMKIT_IO_MAX + 1ull, s));
	show("file_stat(wrap, 0x200, &st)",
	     hc(KVMKIT_HC_FILE_STAT, WRAP_ADDR, WRAP_LEN, s));
	show("file_stat(\"bounds.txt\", NULL)",
	     hc(KVMKIT_HC_FILE_STAT, b, 10, 0));
	show("file_stat(\"bounds.txt\", end-1)",
	     hc(KVMKIT_HC_FILE_STAT, b, 10, mem - 1));
	show("file_stat(\"bounds.txt\", end)",
	     hc(KVMKIT_HC_FILE_STAT, b, 10, mem));
	show("file_stat(\"bounds.txt\", wrap)",
	     hc(KVMKIT_HC_FILE_STAT, b, 10, WRAP_ADDR));
	show("file_stat(\"bounds.txt\", &st)",
	     hc(KVMKIT_HC_FILE_STAT, b, 10, s));
	printf("size %llu\n", (unsigned long long)st.size);
	show("file_close(fd)", hc(KVMKIT_HC_FILE_CLOSE, fd, 0, 0));
}

int main(void)
{
	/* Its raw console hypercalls must land between the lines that name
	 * them: keep stdout line buffered, as on a terminal. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	mem = kvmkit_bootinfo()->mem_size;
	console_write_cases();
	time_cases();
	exit_counts_cases();
	stdin_read_cases();
	unknown_cases();
	file_cases();
	printf("still running\n");
	return 7;
}
