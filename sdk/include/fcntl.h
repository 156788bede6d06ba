/*
 * <fcntl.h> for kvmkit guests: open() and creat() on files under the
 * runner's --share DIR (sdk/libc/fd.c). The flags are Linux's values, the
 * same as the file hypercall's KVMKIT_O_*; flags the runner cannot honour
 * (O_EXCL, O_CLOEXEC, O_NONBLOCK...) are not defined, so that programs
 * that test for them with #ifdef leave them out.
 */
#ifndef _KVMKIT_FCNTL_H
#define _KVMKIT_FCNTL_H

#include <sys/types.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

#define O_RDONLY   00
#define O_WRONLY   01
#define O_RDWR     02
#define O_ACCMODE  03
#define O_CREAT    0100
#define O_TRUNC    01000
#define O_APPEND   02000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* mode is accepted and ignored: created files get 0666 less the runner's
 * umask. */
int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);

__KVMKIT_END_DECLS

#endif
