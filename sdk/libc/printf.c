/*
 * The printf family: format parsing, integer/character/string/pointer
 * conversions and the string and stream front ends. Floating-point
 * conversions are in format_float.c.
 *
 * Behaviour follows C11; where C leaves a choice (or calls a combination
 * undefined) we do what glibc does, so that output matches the host:
 * "(nil)" for a null %p, "(null)" for a null %s, '+' and ' ' honoured by
 * %p, "%m" for strerror(errno).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "stdio_impl.h"
#include "../internal/libc_hooks.h"

void __fmt_write(struct fmt_out *o, const char *s, size_t n)
{
	if (n == 0)
		return;
	o->count += n;
	o->put(o, s, n);
}

void __fmt_pad(struct fmt_out *o, char c, size_t n)
{
	char chunk[64];

	if (n == 0)
		return;
	memset(chunk, c, n < sizeof(chunk) ? n : sizeof(chunk));
	while (n > 0) {
		size_t k = n < sizeof(chunk) ? n : sizeof(chunk);
		__fmt_write(o, chunk, k);
		n -= k;
	}
}

static size_t field_pad(const struct fmt_spec *sp, size_t len)
{
	return (size_t)sp->width > len ? (size_t)sp->width - len : 0;
}

void __fmt_field_start(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *prefix, size_t plen, size_t blen,
		       int zero_ok)
{
	size_t pad = field_pad(sp, plen + blen);
	int zeros = zero_ok && (sp->flags & FMT_ZERO);

	if (!(sp->flags & FMT_MINUS) && !zeros)
		__fmt_pad(o, ' ', pad);
	__fmt_write(o, prefix, plen);
	if (!(sp->flags & FMT_MINUS) && zeros)
		__fmt_pad(o, '0', pad);
}

void __fmt_field_end(struct fmt_out *o, const struct fmt_spec *sp,
		     size_t plen, size_t blen)
{
	if (sp->flags & FMT_MINUS)
		__fmt_pad(o, ' ', field_pad(sp, plen + blen));
}

/* A string body (no prefix, never zero-padded). */
static void put_field(struct fmt_out *o, const struct fmt_spec *sp,
		      const char *s, size_t n)
{
	__fmt_field_start(o, sp, "", 0, n, 0);
	__fmt_write(o, s, n);
	__fmt_field_end(o, sp, 0, n);
}

/* Integer conversions (d i u o x X p): the digits of v into the end of a
 * buffer, then prefix, precision zeros and width. */
static void put_integer(struct fmt_out *o, const struct fmt_spec *sp,
			uintmax_t v, int negative)
{
	char digits[3 * sizeof(uintmax_t) + 2];
	char *end = digits + sizeof(digits), *p = end;
	const char *xdigits = sp->conv == 'X' ? "0123456789ABCDEF"
					      : "0123456789abcdef";
	unsigned base = 10;
	char prefix[3];
	size_t plen = 0;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	for (uintmax_t x = v; x != 0; x /= base)
		*--p = xdigits[x % base];

	size_t ndig = (size_t)(end - p);
	size_t zeros = sp->prec >= 0 && (size_t)sp->prec > ndig
			       ? (size_t)sp->prec - ndig : 0;
	/* "%.0d" of 0 prints no digit; without a precision 0 prints "0". */
	if (ndig == 0 && sp->prec < 0)
		zeros = 1;

	if (sp->conv == 'd' || sp->conv == 'i' || sp->conv == 'p') {
		if (negative)
			prefix[plen++] = '-';
		else if (sp->flags & FMT_PLUS)
			prefix[plen++] = '+';
		else if (sp->flags & FMT_SPACE)
			prefix[plen++] = ' ';
	}
	if (sp->flags & FMT_HASH) {
		/* '#' with o: make the first digit a zero. */
		if (sp->conv == 'o' && zeros == 0 && (ndig == 0 || *p != '0'))
			zeros = 1;
		if ((sp->conv == 'x' || sp->conv == 'X') && v != 0) {
			prefix[plen++] = '0';
			prefix[plen++] = sp->conv;
		}
	}
	if (sp->conv == 'p') {
		prefix[plen++] = '0';
		prefix[plen++] = 'x';
	}

	/* The '0' flag is ignored when a precision is given. */
	__fmt_field_start(o, sp, prefix, plen, zeros + ndig, sp->prec < 0);
	__fmt_pad(o, '0', zeros);
	__fmt_write(o, p, ndig);
	__fmt_field_end(o, sp, plen, zeros + ndig);
}

/* Length modifiers. */
enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIG_L };

static intmax_t signed_arg(va_list *ap, int len)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL: return va_arg(*ap, long long);
	case LEN_J: return va_arg(*ap, intmax_t);
	case LEN_Z: return va_arg(*ap, long);      /* signed size_t */
	case LEN_T: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uintmax_t unsigned_arg(va_list *ap, int len)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL: return va_arg(*ap, unsigned long long);
	case LEN_J: return va_arg(*ap, uintmax_t);
	case LEN_Z: return va_arg(*ap, size_t);
	case LEN_T: return (uintmax_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned);
	}
}

static void store_count(va_list *ap, int len, size_t count)
{
	void *p = va_arg(*ap, void *);

	switch (len) {
	case LEN_HH: *(signed char *)p = (signed char)count; break;
	case LEN_H: *(short *)p = (short)count; break;
	case LEN_L: *(long *)p = (long)count; break;
	case LEN_LL: *(long long *)p = (long long)count; break;
	case LEN_J: *(intmax_t *)p = (intmax_t)count; break;
	case LEN_Z: *(size_t *)p = count; break;
	case LEN_T: *(ptrdiff_t *)p = (ptrdiff_t)count; break;
	default: *(int *)p = (int)count; break;
	}
}

/* Wide characters in the "C" locale: only ASCII converts to a byte. */
static int wide_to_byte(unsigned wc, char *out)
{
	if (wc > 0x7f)
		return -1;
	*out = (char)wc;
	return 0;
}

static void put_wide_string(struct fmt_out *o, const struct fmt_spec *sp,
			    const int *ws)
{
	size_t n = 0;
	char c;

	/* Not L"(null)": wchar_t is long on i386, int on x86-64. */
	static const int null_ws[] = { '(', 'n', 'u', 'l', 'l', ')', 0 };
	if (!ws)
		ws = null_ws;
	/* First count what fits in the precision, then print it. */
	while (ws[n] && (sp->prec < 0 || n < (size_t)sp->prec)) {
		if (wide_to_byte((unsigned)ws[n], &c) < 0) {
			o->error = EILSEQ;
			return;
		}
		n++;
	}
	__fmt_field_start(o, sp, "", 0, n, 0);
	for (size_t i = 0; i < n; i++) {
		wide_to_byte((unsigned)ws[i], &c);
		__fmt_write(o, &c, 1);
	}
	__fmt_field_end(o, sp, 0, n);
}

/* Reads a decimal number at *fmt; saturates instead of overflowing. */
static int parse_number(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		int d = *(*fmt)++ - '0';
		n = n > (INT_MAX - d) / 10 ? INT_MAX : n * 10 + d;
	}
	return n;
}

int __vformat(struct fmt_out *o, const char *fmt, va_list ap_in)
{
	va_list ap;

	/* A copy, so that helpers can take a va_list * on every ABI. */
	va_copy(ap, ap_in);
	while (*fmt && !o->error) {
		const char *start = fmt;
		struct fmt_spec sp = { 0, 0, -1, 0 };
		int len = LEN_NONE;

		if (*fmt != '%') {
			const char *pct = strchr(fmt, '%');
			size_t n = pct ? (size_t)(pct - fmt) : strlen(fmt);
			__fmt_write(o, fmt, n);
			fmt += n;
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-') sp.flags |= FMT_MINUS;
			else if (*fmt == '+') sp.flags |= FMT_PLUS;
			else if (*fmt == ' ') sp.flags |= FMT_SPACE;
			else if (*fmt == '#') sp.flags |= FMT_HASH;
			else if (*fmt == '0') sp.flags |= FMT_ZERO;
			else break;
		}
		if (*fmt == '*') {
			fmt++;
			int w = va_arg(ap, int);
			if (w < 0) {
				sp.flags |= FMT_MINUS;
				w = w == INT_MIN ? INT_MAX : -w;
			}
			sp.width = w;
		} else {
			sp.width = parse_number(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0) /* as if omitted */
					sp.prec = -1;
			} else {
				sp.prec = parse_number(&fmt);
			}
		}

		switch (*fmt) {
		case 'h':
			len = fmt[1] == 'h' ? LEN_HH : LEN_H;
			fmt += len == LEN_HH ? 2 : 1;
			break;
		case 'l':
			len = fmt[1] == 'l' ? LEN_LL : LEN_L;
			fmt += len == LEN_LL ? 2 : 1;
			break;
		case 'q': len = LEN_LL; fmt++; break;
		case 'j': len = LEN_J; fmt++; break;
		case 'z': len = LEN_Z; fmt++; break;
		case 't': len = LEN_T; fmt++; break;
		case 'L': len = LEN_BIG_L; fmt++; break;
		}

		sp.conv = *fmt;
		if (*fmt)
			fmt++;
		switch (sp.conv) {
		case 'd':
		case 'i': {
			intmax_t v = signed_arg(&ap, len);
			uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
			put_integer(o, &sp, mag, v < 0);
			break;
		}
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			put_integer(o, &sp, unsigned_arg(&ap, len), 0);
			break;
		case 'p': {
			void *p = va_arg(ap, void *);
			if (p) {
				put_integer(o, &sp, (uintptr_t)p, 0);
			} else {
				sp.prec = -1;
				put_field(o, &sp, "(nil)", 5);
			}
			break;
		}
		case 'c':
			if (len == LEN_L) {
				char c;
				if (wide_to_byte(va_arg(ap, unsigned), &c) < 0) {
					o->error = EILSEQ;
					break;
				}
				put_field(o, &sp, &c, 1);
			} else {
				char c = (char)va_arg(ap, int);
				put_field(o, &sp, &c, 1);
			}
			break;
		case 's':
			if (len == LEN_L) {
				put_wide_string(o, &sp, va_arg(ap, const int *));
			} else {
				const char *s = va_arg(ap, const char *);
				if (!s)
					s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
				put_field(o, &sp, s,
					  sp.prec < 0 ? strlen(s)
						      : strnlen(s, (size_t)sp.prec));
			}
			break;
		case 'm': {
			const char *s = strerror(errno);
			put_field(o, &sp, s,
				  sp.prec < 0 ? strlen(s) : strnlen(s, (size_t)sp.prec));
			break;
		}
		case 'n':
			store_count(&ap, len, o->count);
			break;
		case '%':
			__fmt_write(o, "%", 1);
			break;
		case 'e': case 'E': case 'f': case 'F':
		case 'g': case 'G': case 'a': case 'A':
			if (len == LEN_BIG_L)
				__fmt_float(o, va_arg(ap, long double), 1, &sp);
			else
				__fmt_float(o, va_arg(ap, double), 0, &sp);
			break;
		default:
			/* Not a conversion: print it as it stands. */
			__fmt_write(o, start, (size_t)(fmt - start));
			break;
		}
	}
	va_end(ap);
	if (o->error) {
		errno = o->error;
		return -1;
	}
	if (o->count > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)o->count;
}

/* ------------------------------------------------------------ strings */

static void put_string(struct fmt_out *o, const char *s, size_t n)
{
	if (o->len < o->cap) {
		size_t room = o->cap - o->len;
		size_t k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
	}
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	struct fmt_out o = { .put = put_string, .buf = buf,
			     .cap = size ? size - 1 : 0 };
	int r = __vformat(&o, fmt, ap);

	if (size)
		buf[o.len] = '\0';
	return r;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)INT_MAX + 1, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsprintf(buf, fmt, ap);
	va_end(ap);
	return r;
}

/* asprintf: a growing heap buffer. */
static void put_heap(struct fmt_out *o, const char *s, size_t n)
{
	if (o->error)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 64;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *p = realloc(o->buf, cap);
		if (!p) {
			o->error = ENOMEM;
			return;
		}
		o->buf = p;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

int vasprintf(char **strp, const char *fmt, va_list ap)
{
	struct fmt_out o = { .put = put_heap };
	int r;

	put_heap(&o, "", 0); /* allocate even for an empty result */
	r = o.error ? -1 : __vformat(&o, fmt, ap);
	if (r < 0) {
		free(o.buf);
		*strp = NULL;
		return -1;
	}
	o.buf[o.len] = '\0';
	*strp = o.buf;
	return r;
}

int asprintf(char **strp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(strp, fmt, ap);
	va_end(ap);
	return r;
}

/* ------------------------------------------------------------ streams */

static void put_file(struct fmt_out *o, const char *s, size_t n)
{
	if (__stdio_put(o->file, s, n) < 0)
		o->error = EIO;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct fmt_out o = { .put = put_file, .file = f };
	__libc_lock(); /* one printf's text stays together */
	int r = __vformat(&o, fmt, ap);

	/* The stream's buffering decides what reaches the host now: all of
	 * the call's text at once, so one printf is one hypercall. */
	if (__stdio_done(f) < 0)
		r = -1;
	__libc_unlock();
	return r;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}
