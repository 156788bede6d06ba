/* <errno.h>: error numbers with the same values as Linux, so that numbers
 * from the runner (-KVMKIT_Exxx) and from the C library agree. */
#ifndef _KVMKIT_ERRNO_H
#define _KVMKIT_ERRNO_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

int *__errno_location(void) __attribute__((__const__));
#define errno (*__errno_location())

#define EPERM         1
#define ENOENT        2
#define ESRCH         3
#define EINTR         4
#define EIO           5
#define ENXIO         6
#define E2BIG         7
#define ENOEXEC       8
#define EBADF         9
#define ECHILD       10
#define EAGAIN       11
#define ENOMEM       12
#define EACCES       13
#define EFAULT       14
#define EBUSY        16
#define EEXIST       17
#define EXDEV        18
#define ENODEV       19
#define ENOTDIR      20
#define EISDIR       21
#define EINVAL       22
#define ENFILE       23
#define EMFILE       24
#define ENOTTY       25
#define EFBIG        27
#define ENOSPC       28
#define ESPIPE       29
#define EROFS        30
#define EMLINK       31
#define EPIPE        32
#define EDOM         33
#define ERANGE       34
#define EDEADLK      35
#define ENAMETOOLONG 36
#define ENOLCK       37
#define ENOSYS       38
#define ENOTEMPTY    39
#define ELOOP        40
#define EWOULDBLOCK  EAGAIN
#define EOVERFLOW    75
#define EILSEQ       84
#define ENOTSUP      95
#define EOPNOTSUPP   ENOTSUP
#define ETIMEDOUT   110

__KVMKIT_END_DECLS

#endif
