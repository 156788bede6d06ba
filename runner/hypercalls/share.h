/*
 * The host directory a guest may reach with the file hypercalls
 * (--share DIR; hypercalls/files.c). Every path the guest names is
 * resolved beneath DIR with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS),
 * so no path, `..' or symlink can lead outside it.
 */
#ifndef RUNNER_SHARE_H
#define RUNNER_SHARE_H

#include <stddef.h>
#include <stdint.h>

struct run;

/* How many files a guest may have open at once (guest fds 0..31). */
#define SHARE_MAX_FILES 32

/* Open DIR for run's file hypercalls. dir NULL (no --share): nothing to do,
 * and every file call returns -KVMKIT_EACCES. Returns 0, or -1 with a
 * message in err when DIR does not exist, is not a directory, or this
 * kernel cannot confine paths to it (no openat2(2), Linux < 5.6). */
int share_open(struct run *run, const char *dir, char *err, size_t errlen);

/* The name of the kernel filesystem (proc, sysfs, ...) that fd is on, or
 * NULL: nothing on those is ever served to a guest. */
const char *share_kernel_filesystem(int fd);

/* A host errno as the guest sees it: -KVMKIT_Exxx for the errors
 * docs/hypercalls.md lists, -KVMKIT_EIO for any other. */
int64_t share_host_error(int host_errno);

/* Close every file the guest left open, and DIR. Safe to call when
 * share_open was not called or failed. */
void share_close(struct run *run);

#endif
