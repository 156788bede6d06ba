/* libc-test's support code (test.h, print.c) includes <unistd.h> for
 * write(); a kvmkit guest has no POSIX file descriptors. This stand-in
 * declares what that code uses; tests/libc-test/standin.c defines it on
 * top of <stdio.h>. Not part of the SDK. */
#ifndef KVMKIT_LIBC_TEST_UNISTD_H
#define KVMKIT_LIBC_TEST_UNISTD_H
#include <stddef.h>
typedef long ssize_t;
ssize_t write(int fd, const void *buf, size_t n);
#endif
