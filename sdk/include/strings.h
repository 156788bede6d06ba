/* <strings.h> (POSIX): case-insensitive comparisons and old BSD names. */
#ifndef _KVMKIT_STRINGS_H
#define _KVMKIT_STRINGS_H

#include <stddef.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
void bzero(void *s, size_t n);
int bcmp(const void *a, const void *b, size_t n);
void bcopy(const void *src, void *dst, size_t n);
int ffs(int i);

__KVMKIT_END_DECLS

#endif
