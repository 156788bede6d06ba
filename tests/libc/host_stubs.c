/* Fakes for the hypercalls (hostio.c and sdk/core), prefixed like the
 * rest of the SDK so that the renamed library links against them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

char stub_console[1 << 20];
size_t stub_console_len;
int stub_console_calls;
static const char *stdin_data;
static size_t stdin_len, stdin_pos;

void stub_console_reset(void)
{
	stub_console_len = 0;
	stub_console_calls = 0;
}

void stub_stdin_set(const char *data, size_t len)
{
	stdin_data = data;
	stdin_len = len;
	stdin_pos = 0;
}

long kk_kvmkit_console_write(const void *p, size_t n)
{
	stub_console_calls++;
	if (stub_console_len + n <= sizeof(stub_console)) {
		memcpy(stub_console + stub_console_len, p, n);
		stub_console_len += n;
	}
	return (long)n;
}

long kk___kvmkit_write(int fd, const void *p, size_t n)
{
	if (fd == -1)
		return kk_kvmkit_console_write(p, n);
	return -9; /* -EBADF */
}

long kk___kvmkit_read(int fd, void *p, size_t n)
{
	if (fd != -2)
		return -9;
	/* Hand out input in small pieces, as a pipe might. */
	size_t k = stdin_len - stdin_pos;
	if (k > n)
		k = n;
	if (k > 7)
		k = 7;
	memcpy(p, stdin_data + stdin_pos, k);
	stdin_pos += k;
	return (long)k;
}

long kk___kvmkit_open(const char *path, int flags)
{
	(void)path;
	(void)flags;
	return -38; /* -ENOSYS */
}

long kk___kvmkit_remove(const char *path)
{
	(void)path;
	return -38;
}

long kk___kvmkit_rename(const char *from, const char *to)
{
	(void)from;
	(void)to;
	return -38;
}

long kk___kvmkit_stat(const char *path, void *st)
{
	(void)path;
	(void)st;
	return -2; /* -ENOENT */
}

long kk___kvmkit_seek(int fd, long long off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	return -29;
}

long kk___kvmkit_close(int fd)
{
	(void)fd;
	return 0;
}

long kk___kvmkit_time(int clock, long long *sec, long *nsec)
{
	(void)clock;
	*sec = 0;
	*nsec = 0;
	return 0;
}

_Noreturn void kk___kvmkit_abort(const char *msg)
{
	(void)msg;
	abort();
}

_Noreturn void kk___kvmkit_exit(int status)
{
	exit(status);
}

/* The host tests see stdout as a terminal: line buffered. */
int kk___kvmkit_stdout_is_tty(void)
{
	return 1;
}

void kk___kvmkit_publish_console_buffer(unsigned char **buf_at,
					 size_t *len_at)
{
	(void)buf_at;
	(void)len_at;
}

/* A 64 MiB heap for the SDK's malloc. */
static char heap[64 << 20] __attribute__((aligned(4096)));

void kk_kvmkit_heap_region(uintptr_t *start, uintptr_t *end)
{
	*start = (uintptr_t)heap;
	*end = (uintptr_t)heap + sizeof(heap);
}

/* sdk/libc/tls.c sets FS's base from the guest's TLS segment: the host
 * program has its own thread pointer, which must stay. */
void kk___tls_init(void)
{
}
