/*
 * Multibyte characters: the guest's locale encodes them in UTF-8 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). Restartable
 * functions keep the bytes of an incomplete character in their mbstate_t;
 * the others use a state of their own, as C says.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uchar.h>
#include <wchar.h>

#define ILSEQ ((size_t)-1)
#define INCOMPLETE ((size_t)-2)
#define LOW_SURROGATE_PENDING ((size_t)-3)

static size_t fail(mbstate_t *ps)
{
	*ps = (mbstate_t){ { 0 }, 0, 0 };
	errno = EILSEQ;
	return ILSEQ;
}

/* Length of the sequence a lead byte starts, 0 if it cannot lead. */
static unsigned seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Is c a valid byte number i (1...) of a sequence led by lead? The second
 * byte's range rules out overlong forms, surrogates and > U+10FFFF. */
static int valid_next(unsigned char lead, unsigned i, unsigned char c)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (i == 1) {
		if (lead == 0xe0) lo = 0xa0;
		else if (lead == 0xed) hi = 0x9f;
		else if (lead == 0xf0) lo = 0x90;
		else if (lead == 0xf4) hi = 0x8f;
	}
	return c >= lo && c <= hi;
}

size_t mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
	       mbstate_t *restrict ps)
{
	static mbstate_t internal;
	if (!ps)
		ps = &internal;
	if (!s) {
		pwc = NULL;
		s = "";
		n = 1;
	}
	unsigned have = ps->__count;
	if (have > 3)
		return fail(ps);
	if (n == 0)
		return INCOMPLETE;

	const unsigned char *u = (const unsigned char *)s;
	unsigned char lead = have ? ps->__bytes[0] : u[0];
	unsigned len = seq_len(lead);
	if (!len)
		return fail(ps);
	if (len == 1) {
		if (pwc)
			*pwc = lead;
		return lead ? 1 : 0;
	}

	unsigned char bytes[4];
	for (unsigned i = 0; i < have; i++)
		bytes[i] = ps->__bytes[i];
	size_t used = 0;
	for (unsigned i = have; i < len; i++) {
		if (used == n) {
			for (unsigned k = 0; k < i; k++)
				ps->__bytes[k] = bytes[k];
			ps->__count = (unsigned short)i;
			return INCOMPLETE;
		}
		unsigned char c = u[used++];
		if (i > 0 && !valid_next(lead, i, c))
			return fail(ps);
		bytes[i] = c;
	}

	uint32_t wc = bytes[0] & (0x7f >> len);
	for (unsigned i = 1; i < len; i++)
		wc = wc << 6 | (bytes[i] & 0x3f);
	ps->__count = 0;
	if (pwc)
		*pwc = (wchar_t)wc;
	return used;
}

size_t mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps)
{
	static mbstate_t internal;
	return mbrtowc(NULL, s, n, ps ? ps : &internal);
}

int mbsinit(const mbstate_t *ps)
{
	return !ps || (ps->__count == 0 && ps->__surrogate == 0);
}

size_t wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps)
{
	char buf[4];
	(void)ps; /* UTF-8 output needs no state */
	if (!s) {
		s = buf;
		wc = 0;
	}
	uint32_t c = (uint32_t)wc;
	if (c < 0x80) {
		s[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		s[0] = (char)(0xc0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c >= 0xd800 && c <= 0xdfff)
		goto bad;
	if (c < 0x10000) {
		s[0] = (char)(0xe0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	if (c < 0x110000) {
		s[0] = (char)(0xf0 | c >> 18);
		s[1] = (char)(0x80 | (c >> 12 & 0x3f));
		s[2] = (char)(0x80 | (c >> 6 & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		return 4;
	}
bad:
	errno = EILSEQ;
	return ILSEQ;
}

wint_t btowc(int c)
{
	return c >= 0 && c < 0x80 ? (wint_t)c : WEOF;
}

int wctob(wint_t wc)
{
	return wc < 0x80 ? (int)wc : EOF;
}

size_t mbsrtowcs(wchar_t *restrict dst, const char **restrict src, size_t len,
		 mbstate_t *restrict ps)
{
	static mbstate_t internal;
	if (!ps)
		ps = &internal;
	const char *s = *src;
	size_t count = 0;

	while (!dst || count < len) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, s, 4, ps);
		if (r == ILSEQ) {
			if (dst)
				*src = s;
			return ILSEQ;
		}
		if (r == INCOMPLETE) /* a NUL inside a sequence: bad input */
			return fail(ps);
		if (dst)
			dst[count] = wc;
		if (r == 0) {
			if (dst)
				*src = NULL;
			return count;
		}
		s += r;
		count++;
	}
	*src = s;
	return count;
}

size_t wcsrtombs(char *restrict dst, const wchar_t **restrict src, size_t len,
		 mbstate_t *restrict ps)
{
	const wchar_t *w = *src;
	size_t count = 0;

	for (;; w++) {
		char buf[4];
		size_t n = wcrtomb(buf, *w, ps);
		if (n == ILSEQ) {
			if (dst)
				*src = w;
			return ILSEQ;
		}
		if (*w == 0) {
			if (dst) {
				if (count < len)
					dst[count] = 0;
				else
					break;
				*src = NULL;
			}
			return count;
		}
		if (dst) {
			if (count + n > len)
				break;
			for (size_t i = 0; i < n; i++)
				dst[count + i] = buf[i];
		}
		count += n;
	}
	*src = w;
	return count;
}

/* ------------------------------------------------ <stdlib.h>'s forms */

int mblen(const char *s, size_t n)
{
	static mbstate_t state;
	if (!s) {
		state = (mbstate_t){ { 0 }, 0, 0 };
		return 0; /* UTF-8 has no shift states */
	}
	size_t r = mbrtowc(NULL, s, n, &state);
	if (r == INCOMPLETE) {
		state = (mbstate_t){ { 0 }, 0, 0 };
		errno = EILSEQ;
		return -1;
	}
	return (int)r;
}

int mbtowc(wchar_t *restrict pwc, const char *restrict s, size_t n)
{
	mbstate_t state = { { 0 }, 0, 0 };
	if (!s)
		return 0;
	size_t r = mbrtowc(pwc, s, n, &state);
	if (r == INCOMPLETE) {
		errno = EILSEQ;
		return -1;
	}
	return (int)r;
}

int wctomb(char *s, wchar_t wc)
{
	if (!s)
		return 0;
	return (int)wcrtomb(s, wc, NULL);
}

size_t mbstowcs(wchar_t *restrict dst, const char *restrict src, size_t n)
{
	mbstate_t state = { { 0 }, 0, 0 };
	const char *s = src;
	return mbsrtowcs(dst, &s, n, &state);
}

size_t wcstombs(char *restrict dst, const wchar_t *restrict src, size_t n)
{
	const wchar_t *w = src;
	return wcsrtombs(dst, &w, n, NULL);
}

/* --------------------------------------------------------- <uchar.h> */

size_t mbrtoc32(char32_t *restrict pc32, const char *restrict s, size_t n,
		mbstate_t *restrict ps)
{
	static mbstate_t internal;
	wchar_t wc;
	size_t r = mbrtowc(&wc, s, n, ps ? ps : &internal);
	if (pc32 && s && r <= 4)
		*pc32 = (char32_t)wc;
	return r;
}

size_t c32rtomb(char *restrict s, char32_t c32, mbstate_t *restrict ps)
{
	return wcrtomb(s, (wchar_t)c32, ps);
}

/* A character above U+FFFF comes out as two calls: the high surrogate
 * with the sequence's length, then the low one with (size_t)-3. */
size_t mbrtoc16(char16_t *restrict pc16, const char *restrict s, size_t n,
		mbstate_t *restrict ps)
{
	static mbstate_t internal;
	if (!ps)
		ps = &internal;
	if (ps->__surrogate) {
		if (pc16)
			*pc16 = ps->__surrogate;
		ps->__surrogate = 0;
		return LOW_SURROGATE_PENDING;
	}
	wchar_t wc;
	size_t r = mbrtowc(&wc, s, n, ps);
	if (r > 4 || !s)
		return r;
	if (wc >= 0x10000) {
		uint32_t v = (uint32_t)wc - 0x10000;
		ps->__surrogate = (unsigned short)(0xdc00 | (v & 0x3ff));
		wc = (wchar_t)(0xd800 | v >> 10);
	}
	if (pc16)
		*pc16 = (char16_t)wc;
	return r;
}

size_t c16rtomb(char *restrict s, char16_t c16, mbstate_t *restrict ps)
{
	static mbstate_t internal;
	if (!ps)
		ps = &internal;
	if (!s) {
		ps->__surrogate = 0;
		return 1;
	}
	if (c16 >= 0xd800 && c16 <= 0xdbff) {
		if (ps->__surrogate)
			return fail(ps);
		ps->__surrogate = c16;
		return 0;
	}
	if (c16 >= 0xdc00 && c16 <= 0xdfff) {
		if (!ps->__surrogate)
			return fail(ps);
		uint32_t wc = 0x10000 + ((uint32_t)(ps->__surrogate - 0xd800) << 10) +
			      (c16 - 0xdc00u);
		ps->__surrogate = 0;
		return wcrtomb(s, (wchar_t)wc, ps);
	}
	if (ps->__surrogate)
		return fail(ps);
	return wcrtomb(s, (wchar_t)c16, ps);
}
