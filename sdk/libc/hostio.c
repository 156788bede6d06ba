/*
 * The C library's hypercalls, in one file: the host build of the tests
 * (tests/libc) leaves this file out and supplies fakes instead.
 */
#include <kvmkit/guest.h>
#include <string.h>

#include "stdio_impl.h"

#include <kvmkit/hostfs.h>

long __kvmkit_write(int fd, const void *p, size_t n)
{
	if (n > KVMKIT_IO_MAX)
		n = KVMKIT_IO_MAX;
	if (fd == FD_CONSOLE)
		return kvmkit_console_write(p, n);
	return kvmkit_hypercall(KVMKIT_HC_FILE_WRITE, fd, (long)(uintptr_t)p,
				(long)n, 0, 0);
}

long __kvmkit_read(int fd, void *p, size_t n)
{
	if (n > KVMKIT_IO_MAX)
		n = KVMKIT_IO_MAX;
	if (fd == FD_STDIN)
		return kvmkit_hypercall(KVMKIT_HC_STDIN_READ, (long)(uintptr_t)p,
					(long)n, 0, 0, 0);
	return kvmkit_hypercall(KVMKIT_HC_FILE_READ, fd, (long)(uintptr_t)p,
				(long)n, 0, 0);
}

long __kvmkit_open(const char *path, int flags)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_OPEN, (long)(uintptr_t)path,
				(long)strlen(path), flags, 0, 0);
}

long __kvmkit_seek(int fd, long long off, int whence)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_SEEK, fd, (long)off, whence, 0,
				0);
}

long __kvmkit_remove(const char *path)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_REMOVE, (long)(uintptr_t)path,
				(long)strlen(path), 0, 0, 0);
}

long __kvmkit_stat(const char *path, struct kvmkit_stat *st)
{
	return kvmkit_stat(path, st);
}

long __kvmkit_rename(const char *from, const char *to)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_RENAME, (long)(uintptr_t)from,
				(long)strlen(from), (long)(uintptr_t)to,
				(long)strlen(to), 0);
}

long __kvmkit_close(int fd)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_CLOSE, fd, 0, 0, 0, 0);
}

/* abort(): the runner prints msg and ends the run with status 134. */
_Noreturn void __kvmkit_abort(const char *msg)
{
	kvmkit_hypercall(KVMKIT_HC_ABORT, (long)(uintptr_t)msg,
			 (long)strlen(msg), 0, 0, 0);
	for (;;)
		__asm__ volatile("hlt");
}

/* exit(): end the run now with this status. */
_Noreturn void __kvmkit_exit(int status)
{
	kvmkit_exit(status);
}

long __kvmkit_time(int clock, long long *sec, long *nsec)
{
	struct kvmkit_timespec ts;
	long r = kvmkit_clock_gettime(clock, &ts);
	if (r >= 0) {
		*sec = ts.tv_sec;
		*nsec = (long)ts.tv_nsec;
	}
	return r;
}

int __kvmkit_stdout_is_tty(void)
{
	const struct kvmkit_bootinfo *info = kvmkit_bootinfo();
	/* Without boot info (another runner) keep the safe default. */
	return !info || (info->flags & KVMKIT_BOOT_STDOUT_TTY);
}

void __kvmkit_publish_console_buffer(unsigned char **buf_at, size_t *len_at)
{
	struct kvmkit_bootinfo *info =
		(struct kvmkit_bootinfo *)kvmkit_bootinfo();
	if (!info)
		return;
	info->console_buf_at = (uint64_t)(uintptr_t)buf_at;
	info->console_len_at = (uint64_t)(uintptr_t)len_at;
}
