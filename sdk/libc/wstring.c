/* Wide-character strings (<wchar.h>): the <string.h> functions over
 * wchar_t, and wcsto* through their narrow forms. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t wcslen(const wchar_t *s)
{
	const wchar_t *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t wcsnlen(const wchar_t *s, size_t maxlen)
{
	size_t n = 0;
	while (n < maxlen && s[n])
		n++;
	return n;
}

wchar_t *wcscpy(wchar_t *restrict d, const wchar_t *restrict s)
{
	wchar_t *r = d;
	while ((*d++ = *s++))
		;
	return r;
}

wchar_t *wcsncpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

wchar_t *wcscat(wchar_t *restrict d, const wchar_t *restrict s)
{
	wcscpy(d + wcslen(d), s);
	return d;
}

wchar_t *wcsncat(wchar_t *restrict d, const wchar_t *restrict s, size_t n)
{
	wchar_t *p = d + wcslen(d);
	size_t i = 0;
	for (; i < n && s[i]; i++)
		p[i] = s[i];
	p[i] = 0;
	return d;
}

/* wchar_t is signed: compare as values, as glibc does. */
int wcscmp(const wchar_t *a, const wchar_t *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a < *b ? -1 : *a > *b;
}

int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return *a < *b ? -1 : 1;
		if (!*a)
			break;
	}
	return 0;
}

/* The "C" locale collates by code point. */
int wcscoll(const wchar_t *a, const wchar_t *b)
{
	return wcscmp(a, b);
}

size_t wcsxfrm(wchar_t *restrict d, const wchar_t *restrict s, size_t n)
{
	size_t len = wcslen(s);
	if (len < n)
		wcscpy(d, s);
	return len;
}

wchar_t *wcschr(const wchar_t *s, wchar_t c)
{
	for (;; s++) {
		if (*s == c)
			return (wchar_t *)s;
		if (!*s)
			return NULL;
	}
}

wchar_t *wcsrchr(const wchar_t *s, wchar_t c)
{
	const wchar_t *last = NULL;
	for (;; s++) {
		if (*s == c)
			last = s;
		if (!*s)
			return (wchar_t *)last;
	}
}

size_t wcsspn(const wchar_t *s, const wchar_t *accept)
{
	size_t n = 0;
	while (s[n] && wcschr(accept, s[n]))
		n++;
	return n;
}

size_t wcscspn(const wchar_t *s, const wchar_t *reject)
{
	size_t n = 0;
	while (s[n] && !wcschr(reject, s[n]))
		n++;
	return n;
}

wchar_t *wcspbrk(const wchar_t *s, const wchar_t *accept)
{
	s += wcscspn(s, accept);
	return *s ? (wchar_t *)s : NULL;
}

wchar_t *wcsstr(const wchar_t *hay, const wchar_t *needle)
{
	size_t n = wcslen(needle);
	for (; *hay; hay++)
		if (!wcsncmp(hay, needle, n))
			return (wchar_t *)hay;
	return n ? NULL : (wchar_t *)hay;
}

wchar_t *wcstok(wchar_t *restrict s, const wchar_t *restrict delim,
		wchar_t **restrict save)
{
	if (!s)
		s = *save;
	if (!s)
		return NULL;
	s += wcsspn(s, delim);
	if (!*s) {
		*save = NULL;
		return NULL;
	}
	wchar_t *end = s + wcscspn(s, delim);
	if (*end)
		*end++ = 0;
	else
		end = NULL;
	*save = end;
	return s;
}

wchar_t *wcsdup(const wchar_t *s)
{
	size_t n = (wcslen(s) + 1) * sizeof(wchar_t);
	wchar_t *d = malloc(n);
	return d ? memcpy(d, s, n) : NULL;
}

wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n)
{
	for (; n; n--, s++)
		if (*s == c)
			return (wchar_t *)s;
	return NULL;
}

int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b)
			return *a < *b ? -1 : 1;
	return 0;
}

wchar_t *wmemcpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n)
{
	return memcpy(d, s, n * sizeof(wchar_t));
}

wchar_t *wmemmove(wchar_t *d, const wchar_t *s, size_t n)
{
	return memmove(d, s, n * sizeof(wchar_t));
}

wchar_t *wmemset(wchar_t *d, wchar_t c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = c;
	return d;
}

/* ---------------------------------------------------------- wcsto* */

/* Numbers are ASCII: copy the ASCII prefix of s, parse it with the
 * narrow function, and map its end back (one char per wide char). */
static char *narrow(const wchar_t *s, char *small, size_t small_len)
{
	size_t n = 0;
	while (s[n] > 0 && s[n] < 0x80)
		n++;
	char *buf = n < small_len ? small : malloc(n + 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)s[i];
	buf[n] = 0;
	return buf;
}

#define WCSTO(name, type, call)                                            \
	type name(const wchar_t *restrict s, wchar_t **restrict end         \
		  WCSTO_BASE_PARAM)                                          \
	{                                                                  \
		char small[128], *e;                                       \
		char *buf = narrow(s, small, sizeof(small));               \
		if (!buf) {                                                \
			if (end)                                           \
				*end = (wchar_t *)s;                       \
			return 0;                                          \
		}                                                          \
		type r = call;                                             \
		if (end)                                                   \
			*end = (wchar_t *)s + (e - buf);                   \
		if (buf != small) {                                        \
			int saved = errno;                                 \
			free(buf);                                         \
			errno = saved;                                     \
		}                                                          \
		return r;                                                  \
	}

#define WCSTO_BASE_PARAM , int base
WCSTO(wcstol, long, strtol(buf, &e, base))
WCSTO(wcstoul, unsigned long, strtoul(buf, &e, base))
WCSTO(wcstoll, long long, strtoll(buf, &e, base))
WCSTO(wcstoull, unsigned long long, strtoull(buf, &e, base))
WCSTO(wcstoimax, intmax_t, strtoimax(buf, &e, base))
WCSTO(wcstoumax, uintmax_t, strtoumax(buf, &e, base))
#undef WCSTO_BASE_PARAM
#define WCSTO_BASE_PARAM
WCSTO(wcstod, double, strtod(buf, &e))
WCSTO(wcstof, float, strtof(buf, &e))
WCSTO(wcstold, long double, strtold(buf, &e))
