/*
 * <uchar.h>: UTF-16 and UTF-32 characters to and from the multibyte
 * encoding (UTF-8) (sdk/libc/multibyte.c).
 */
#ifndef _KVMKIT_UCHAR_H
#define _KVMKIT_UCHAR_H

#include <stddef.h>
#include <stdint.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

#ifndef __KVMKIT_MBSTATE_T
#define __KVMKIT_MBSTATE_T
typedef struct {
	unsigned char __bytes[4];
	unsigned short __count, __surrogate;
} mbstate_t;
#endif

/* Keywords in C++11 (and C23 keeps them typedefs). */
#if !defined(__cplusplus) || __cplusplus < 201103L
typedef uint_least16_t char16_t;
typedef uint_least32_t char32_t;
#endif

size_t mbrtoc16(char16_t *__restrict pc16, const char *__restrict s,
		size_t n, mbstate_t *__restrict ps);
size_t c16rtomb(char *__restrict s, char16_t c16, mbstate_t *__restrict ps);
size_t mbrtoc32(char32_t *__restrict pc32, const char *__restrict s,
		size_t n, mbstate_t *__restrict ps);
size_t c32rtomb(char *__restrict s, char32_t c32, mbstate_t *__restrict ps);

__KVMKIT_END_DECLS

#endif
