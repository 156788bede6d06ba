/*
 * Host files under the runner's --share DIR: one hypercall per function
 * (runner/hypercalls/files.c is the other side).
 */
#include <kvmkit/guest.h>
#include <kvmkit/hostfs.h>

/* Not the C library's strlen: this file must work without it. */
static size_t path_len(const char *path)
{
	size_t n = 0;
	while (path[n])
		n++;
	return n;
}

long kvmkit_open_len(const char *path, size_t len, int flags)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_OPEN, (long)(uintptr_t)path,
				(long)len, flags, 0, 0);
}

long kvmkit_open(const char *path, int flags)
{
	return kvmkit_open_len(path, path ? path_len(path) : 0, flags);
}

long kvmkit_read(int fd, void *buf, size_t len)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_READ, fd, (long)(uintptr_t)buf,
				(long)len, 0, 0);
}

long kvmkit_write(int fd, const void *buf, size_t len)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_WRITE, fd, (long)(uintptr_t)buf,
				(long)len, 0, 0);
}

long kvmkit_seek(int fd, int64_t offset, int whence)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_SEEK, fd, (long)offset, whence,
				0, 0);
}

long kvmkit_close(int fd)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_CLOSE, fd, 0, 0, 0, 0);
}

long kvmkit_stat_len(const char *path, size_t len, struct kvmkit_stat *st)
{
	return kvmkit_hypercall(KVMKIT_HC_FILE_STAT, (long)(uintptr_t)path,
				(long)len, (long)(uintptr_t)st, 0, 0);
}

long kvmkit_stat(const char *path, struct kvmkit_stat *st)
{
	return kvmkit_stat_len(path, path ? path_len(path) : 0, st);
}
