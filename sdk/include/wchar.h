/*
 * <wchar.h>: wide characters are Unicode code points (wchar_t is GCC's
 * 32-bit int); the multibyte encoding of the guest's one locale is UTF-8
 * (sdk/libc/multibyte.c, wstring.c, wstdio.c).
 */
#ifndef _KVMKIT_WCHAR_H
#define _KVMKIT_WCHAR_H

#include <stdarg.h>
#include <stddef.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

#ifndef __KVMKIT_MBSTATE_T
#define __KVMKIT_MBSTATE_T
/* Bytes of an incomplete UTF-8 sequence, or a pending UTF-16 low
 * surrogate (mbrtoc16, c16rtomb). All zero is the initial state. */
typedef struct {
	unsigned char __bytes[4];
	unsigned short __count, __surrogate;
} mbstate_t;
#endif

typedef unsigned int wint_t;
typedef struct __kvmkit_file FILE;
struct tm;

#define WEOF      (0xffffffffu)
#define WCHAR_MIN __WCHAR_MIN__
#define WCHAR_MAX __WCHAR_MAX__

size_t wcslen(const wchar_t *s);
size_t wcsnlen(const wchar_t *s, size_t maxlen);
wchar_t *wcscpy(wchar_t *__restrict d, const wchar_t *__restrict s);
wchar_t *wcsncpy(wchar_t *__restrict d, const wchar_t *__restrict s, size_t n);
wchar_t *wcscat(wchar_t *__restrict d, const wchar_t *__restrict s);
wchar_t *wcsncat(wchar_t *__restrict d, const wchar_t *__restrict s, size_t n);
int wcscmp(const wchar_t *a, const wchar_t *b);
int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);
int wcscoll(const wchar_t *a, const wchar_t *b);
size_t wcsxfrm(wchar_t *__restrict d, const wchar_t *__restrict s, size_t n);
wchar_t *wcschr(const wchar_t *s, wchar_t c);
wchar_t *wcsrchr(const wchar_t *s, wchar_t c);
size_t wcsspn(const wchar_t *s, const wchar_t *accept);
size_t wcscspn(const wchar_t *s, const wchar_t *reject);
wchar_t *wcspbrk(const wchar_t *s, const wchar_t *accept);
wchar_t *wcsstr(const wchar_t *hay, const wchar_t *needle);
wchar_t *wcstok(wchar_t *__restrict s, const wchar_t *__restrict delim,
		wchar_t **__restrict save);
wchar_t *wcsdup(const wchar_t *s);
wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n);
int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n);
wchar_t *wmemcpy(wchar_t *__restrict d, const wchar_t *__restrict s, size_t n);
wchar_t *wmemmove(wchar_t *d, const wchar_t *s, size_t n);
wchar_t *wmemset(wchar_t *d, wchar_t c, size_t n);

long wcstol(const wchar_t *__restrict s, wchar_t **__restrict end, int base);
unsigned long wcstoul(const wchar_t *__restrict s, wchar_t **__restrict end,
		      int base);
long long wcstoll(const wchar_t *__restrict s, wchar_t **__restrict end,
		  int base);
unsigned long long wcstoull(const wchar_t *__restrict s,
			    wchar_t **__restrict end, int base);
double wcstod(const wchar_t *__restrict s, wchar_t **__restrict end);
float wcstof(const wchar_t *__restrict s, wchar_t **__restrict end);
long double wcstold(const wchar_t *__restrict s, wchar_t **__restrict end);

wint_t btowc(int c);
int wctob(wint_t wc);
int mbsinit(const mbstate_t *ps);
size_t mbrlen(const char *__restrict s, size_t n, mbstate_t *__restrict ps);
size_t mbrtowc(wchar_t *__restrict pwc, const char *__restrict s, size_t n,
	       mbstate_t *__restrict ps);
size_t wcrtomb(char *__restrict s, wchar_t wc, mbstate_t *__restrict ps);
size_t mbsrtowcs(wchar_t *__restrict dst, const char **__restrict src,
		 size_t len, mbstate_t *__restrict ps);
size_t wcsrtombs(char *__restrict dst, const wchar_t **__restrict src,
		 size_t len, mbstate_t *__restrict ps);

wint_t fgetwc(FILE *f);
wint_t getwc(FILE *f);
wint_t getwchar(void);
wint_t fputwc(wchar_t wc, FILE *f);
wint_t putwc(wchar_t wc, FILE *f);
wint_t putwchar(wchar_t wc);
wint_t ungetwc(wint_t wc, FILE *f);
wchar_t *fgetws(wchar_t *__restrict s, int n, FILE *__restrict f);
int fputws(const wchar_t *__restrict s, FILE *__restrict f);
int fwide(FILE *f, int mode);
int fwprintf(FILE *__restrict f, const wchar_t *__restrict fmt, ...);
int wprintf(const wchar_t *__restrict fmt, ...);
int swprintf(wchar_t *__restrict s, size_t n, const wchar_t *__restrict fmt,
	     ...);
int vfwprintf(FILE *__restrict f, const wchar_t *__restrict fmt, va_list ap);
int vwprintf(const wchar_t *__restrict fmt, va_list ap);
int vswprintf(wchar_t *__restrict s, size_t n, const wchar_t *__restrict fmt,
	      va_list ap);
size_t wcsftime(wchar_t *__restrict s, size_t max,
		const wchar_t *__restrict fmt, const struct tm *__restrict tm);

__KVMKIT_END_DECLS

#endif
