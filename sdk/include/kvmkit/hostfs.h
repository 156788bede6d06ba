/*
 * kvmkit host files: the guest side of the file hypercalls.
 *
 * Files live on the host, in the directory the runner was given with
 * --share DIR; paths are relative to DIR and can never leave it. Each
 * function is one hypercall and returns its result unchanged: >= 0 on
 * success, -KVMKIT_Exxx on error (docs/hypercalls.md lists them). Without
 * --share every call returns -KVMKIT_EACCES.
 *
 * These are the raw calls; <stdio.h>'s fopen() and friends are built on
 * the same hypercalls and add buffering.
 */
#ifndef KVMKIT_HOSTFS_H
#define KVMKIT_HOSTFS_H

#include <kvmkit/abi.h>
#include <stddef.h>
#include <stdint.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

/* Open path (a C string) with KVMKIT_O_* flags; returns a guest fd
 * (0..31). Created files get mode 0666 less the runner's umask. */
long kvmkit_open(const char *path, int flags);
/* The same with an explicit length: path need not be NUL-terminated and
 * must not contain a NUL within len bytes. */
long kvmkit_open_len(const char *path, size_t len, int flags);

/* Up to len bytes (at most KVMKIT_IO_MAX); 0 at end of file. */
long kvmkit_read(int fd, void *buf, size_t len);
long kvmkit_write(int fd, const void *buf, size_t len);

/* Move the file offset; whence is KVMKIT_SEEK_SET, _CUR or _END. Returns
 * the new offset. */
long kvmkit_seek(int fd, int64_t offset, int whence);

long kvmkit_close(int fd);

/* Size, mode (as st_mode) and modification time of path; a final
 * symlink is followed. */
long kvmkit_stat(const char *path, struct kvmkit_stat *st);
long kvmkit_stat_len(const char *path, size_t len, struct kvmkit_stat *st);

__KVMKIT_END_DECLS

#endif
