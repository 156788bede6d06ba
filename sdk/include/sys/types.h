/*
 * <sys/types.h> for kvmkit guests: the POSIX types that portable programs
 * reach for (zlib's zconf.h includes it for off_t), Linux's sizes.
 */
#ifndef _KVMKIT_SYS_TYPES_H
#define _KVMKIT_SYS_TYPES_H

#include <stddef.h>

typedef long ssize_t;
typedef long off_t;
/* off_t is already 64 bits; the large-file name exists as in glibc
 * (zlib's configure looks for it and then builds its 64-bit-offset
 * variant). */
#if defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)
typedef long off64_t;
#endif
typedef unsigned int mode_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;

#endif
