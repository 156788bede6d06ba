/*
 * <unistd.h> for kvmkit guests: POSIX file descriptors (sdk/libc/fd.c).
 * 0 reads the runner's stdin, 1 and 2 write to its console, and open()
 * gives descriptors from 3 up for files under --share DIR. There are no
 * processes: no fork, exec, pipe or dup.
 */
#ifndef _KVMKIT_UNISTD_H
#define _KVMKIT_UNISTD_H

#include <sys/types.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
off_t lseek(int fd, off_t off, int whence);
int close(int fd);
int unlink(const char *path);
int access(const char *path, int mode);
int isatty(int fd);

__KVMKIT_END_DECLS

#endif
