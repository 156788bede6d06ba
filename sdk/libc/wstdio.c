/*
 * Wide-character stdio: streams carry bytes, and wide characters go in and
 * out of them in the locale's encoding (UTF-8). Streams have no lasting
 * orientation: fwide() reports the mode asked for. The wprintf family
 * formats through vasprintf, so conversions behave as printf's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

wint_t fputwc(wchar_t wc, FILE *f)
{
	char buf[4];
	size_t n = wcrtomb(buf, wc, NULL);
	if (n == (size_t)-1)
		return WEOF;
	return fwrite(buf, 1, n, f) == n ? (wint_t)wc : WEOF;
}

wint_t putwc(wchar_t wc, FILE *f) { return fputwc(wc, f); }
wint_t putwchar(wchar_t wc) { return fputwc(wc, stdout); }

int fputws(const wchar_t *restrict s, FILE *restrict f)
{
	for (; *s; s++)
		if (fputwc(*s, f) == WEOF)
			return -1;
	return 0;
}

wint_t fgetwc(FILE *f)
{
	mbstate_t st = { { 0 }, 0, 0 };
	for (;;) {
		int c = fgetc(f);
		if (c == EOF)
			return WEOF; /* end of file, or inside a character */
		char b = (char)c;
		wchar_t wc;
		size_t r = mbrtowc(&wc, &b, 1, &st);
		if (r == (size_t)-1)
			return WEOF; /* errno = EILSEQ */
		if (r != (size_t)-2)
			return (wint_t)wc;
	}
}

wint_t getwc(FILE *f) { return fgetwc(f); }
wint_t getwchar(void) { return fgetwc(stdin); }

/* One pushed-back byte per stream: ASCII characters only. */
wint_t ungetwc(wint_t wc, FILE *f)
{
	if (wc == WEOF || wc >= 0x80 || ungetc((int)wc, f) == EOF)
		return WEOF;
	return wc;
}

wchar_t *fgetws(wchar_t *restrict s, int n, FILE *restrict f)
{
	int i = 0;
	if (n <= 0)
		return NULL;
	while (i < n - 1) {
		wint_t wc = fgetwc(f);
		if (wc == WEOF) {
			if (i == 0 || ferror(f))
				return NULL;
			break;
		}
		s[i++] = (wchar_t)wc;
		if (wc == L'\n')
			break;
	}
	s[i] = 0;
	return s;
}

int fwide(FILE *f, int mode)
{
	(void)f;
	return mode > 0 ? 1 : mode < 0 ? -1 : 0;
}

/* The format in the multibyte encoding, in a malloc'ed string. */
static char *narrow_format(const wchar_t *fmt)
{
	size_t n = wcstombs(NULL, fmt, 0);
	if (n == (size_t)-1)
		return NULL;
	char *s = malloc(n + 1);
	if (s)
		wcstombs(s, fmt, n + 1);
	return s;
}

static int wformat(char **out, const wchar_t *fmt, va_list ap)
{
	char *nfmt = narrow_format(fmt);
	if (!nfmt)
		return -1;
	int r = vasprintf(out, nfmt, ap);
	free(nfmt);
	return r;
}

int vfwprintf(FILE *restrict f, const wchar_t *restrict fmt, va_list ap)
{
	char *s;
	int r = wformat(&s, fmt, ap);
	if (r < 0)
		return -1;
	size_t wide = mbstowcs(NULL, s, 0);
	if (fwrite(s, 1, (size_t)r, f) != (size_t)r)
		r = -1;
	else
		r = (int)wide;
	free(s);
	return r;
}

int vwprintf(const wchar_t *restrict fmt, va_list ap)
{
	return vfwprintf(stdout, fmt, ap);
}

/* C: a negative result when n or more wide characters were needed. */
int vswprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt,
	      va_list ap)
{
	char *out;
	if (n == 0)
		return -1;
	int r = wformat(&out, fmt, ap);
	if (r < 0)
		return -1;
	size_t len = mbstowcs(s, out, n);
	free(out);
	if (len == (size_t)-1)
		return -1;
	if (len >= n) {
		s[n - 1] = 0;
		errno = EOVERFLOW;
		return -1;
	}
	return (int)len;
}

int fwprintf(FILE *restrict f, const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfwprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int wprintf(const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfwprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}

int swprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vswprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}

size_t wcsftime(wchar_t *restrict s, size_t max, const wchar_t *restrict fmt,
		const struct tm *restrict tm)
{
	char *nfmt = narrow_format(fmt);
	if (!nfmt || max == 0) {
		free(nfmt);
		return 0;
	}
	char *buf = malloc(max * 4);
	size_t n = buf ? strftime(buf, max * 4, nfmt, tm) : 0;
	size_t len = n ? mbstowcs(s, buf, max) : 0;
	free(buf);
	free(nfmt);
	return len < max ? len : 0;
}
