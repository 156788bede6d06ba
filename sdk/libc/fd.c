/*
 * POSIX file descriptors on the runner's hypercalls, for programs that use
 * read()/write() rather than <stdio.h> (zlib's gzopen, minigzip), and
 * stat() (cmocka's own tests).
 *
 * 0 is the runner's stdin, 1 and 2 its console; a file opened under
 * --share DIR is the file hypercalls' descriptor (0..31) plus 3, the same
 * number fileno() gives for a stream. Unbuffered, as POSIX says: each call
 * is one hypercall (a write of more than KVMKIT_IO_MAX bytes is partial).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kvmkit/abi.h>
#include <kvmkit/hostfs.h>

#include "stdio_impl.h"

/* A hypercall's result as POSIX returns it: >= 0, or -1 with errno. */
static long result(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* A file's hypercall descriptor, or -1 (EBADF) for anything else. */
static int host_fd(int fd)
{
	if (fd < FD_FIRST_FILE || fd >= FD_FIRST_FILE + 32) {
		errno = EBADF;
		return -1;
	}
	return fd - FD_FIRST_FILE;
}

int open(const char *path, int flags, ...)
{
	if (flags & ~(O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND) ||
	    (flags & O_ACCMODE) == O_ACCMODE) {
		errno = EINVAL;
		return -1;
	}
	long r = result(__kvmkit_open(path, flags));
	return r < 0 ? -1 : (int)r + FD_FIRST_FILE;
}

int creat(const char *path, mode_t mode)
{
	(void)mode;
	return open(path, O_WRONLY | O_CREAT | O_TRUNC);
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (fd == STDIN_FILENO)
		return result(__kvmkit_read(FD_STDIN, buf, n));
	int h = host_fd(fd);
	return h < 0 ? -1 : result(__kvmkit_read(h, buf, n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (n == 0)
		return 0;
	if (fd == STDOUT_FILENO || fd == STDERR_FILENO)
		return result(__kvmkit_write(FD_CONSOLE, buf, n));
	int h = host_fd(fd);
	return h < 0 ? -1 : result(__kvmkit_write(h, buf, n));
}

off_t lseek(int fd, off_t off, int whence)
{
	if (fd >= 0 && fd < FD_FIRST_FILE) {
		errno = ESPIPE;
		return -1;
	}
	int h = host_fd(fd);
	return h < 0 ? -1 : result(__kvmkit_seek(h, off, whence));
}

/* Closing 0, 1 or 2 is allowed and changes nothing: the console stays. */
int close(int fd)
{
	if (fd >= 0 && fd < FD_FIRST_FILE)
		return 0;
	int h = host_fd(fd);
	return h < 0 ? -1 : (int)result(__kvmkit_close(h));
}

int unlink(const char *path)
{
	return (int)result(__kvmkit_remove(path));
}

/* Whether path exists under the share; the runner grants what its own
 * permissions allow, which a guest cannot ask about, so R_OK, W_OK and
 * X_OK are not checked further. */
int access(const char *path, int mode)
{
	struct kvmkit_stat st;

	(void)mode;
	return (int)result(__kvmkit_stat(path, &st)) < 0 ? -1 : 0;
}

int stat(const char *restrict path, struct stat *restrict st)
{
	struct kvmkit_stat ks;

	if (result(__kvmkit_stat(path, &ks)) < 0)
		return -1;
	memset(st, 0, sizeof(*st));
	st->st_mode = ks.mode;
	st->st_size = (off_t)ks.size;
	st->st_mtime = (long)ks.mtime_sec;
	st->st_nlink = 1;
	return 0;
}

int isatty(int fd)
{
	if ((fd == STDOUT_FILENO || fd == STDERR_FILENO) &&
	    __kvmkit_stdout_is_tty())
		return 1;
	errno = (fd >= 0 && fd < FD_FIRST_FILE + 32) ? ENOTTY : EBADF;
	return 0;
}
