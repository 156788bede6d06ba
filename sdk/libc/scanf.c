/*
 * The scanf family. One engine reads characters from a string or a
 * stream (with one character of push-back, which is all C's scanf
 * needs); numbers are collected as text and converted by strtoull/strtoll
 * and strtod & co, so scanf rounds exactly as they do.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

struct scan_in {
	const unsigned char *s; /* string source, or NULL */
	FILE *f;                /* stream source */
	size_t count;           /* characters consumed, for %n */
};

static int get(struct scan_in *in)
{
	int c;

	if (in->s)
		c = *in->s ? *in->s++ : EOF;
	else
		c = fgetc(in->f);
	if (c != EOF)
		in->count++;
	return c;
}

static void unget(struct scan_in *in, int c)
{
	if (c == EOF)
		return;
	in->count--;
	if (in->s)
		in->s--;
	else
		ungetc(c, in->f);
}

static int skip_space(struct scan_in *in)
{
	int c;
	while ((c = get(in)) != EOF && isspace(c))
		;
	unget(in, c);
	return c;
}

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIG_L };

static void store_int(void *p, int len, uintmax_t v)
{
	switch (len) {
	case LEN_HH: *(char *)p = (char)v; break;
	case LEN_H: *(short *)p = (short)v; break;
	case LEN_L: *(long *)p = (long)v; break;
	case LEN_LL: *(long long *)p = (long long)v; break;
	case LEN_J: *(intmax_t *)p = (intmax_t)v; break;
	case LEN_Z: *(size_t *)p = (size_t)v; break;
	case LEN_T: *(ptrdiff_t *)p = (ptrdiff_t)v; break;
	default: *(int *)p = (int)v; break;
	}
}

/* Text of an integer in `base` (0: C prefixes), at most width chars. */
static size_t read_integer(struct scan_in *in, char *buf, size_t width,
			   int base)
{
	size_t n = 0;
	int c = get(in);

	if ((c == '+' || c == '-') && n < width) {
		buf[n++] = (char)c;
		c = get(in);
	}
	if ((base == 0 || base == 16) && c == '0' && n < width) {
		buf[n++] = (char)c;
		c = get(in);
		if ((c | 32) == 'x' && n < width) {
			buf[n++] = (char)c;
			c = get(in);
			base = 16;
		} else if (base == 0) {
			base = 8;
		}
	}
	if (base == 0)
		base = 10;
	while (c != EOF && n < width) {
		int d = isdigit(c) ? c - '0'
			: isalpha(c) ? (c | 32) - 'a' + 10 : 99;
		if (d >= base)
			break;
		buf[n++] = (char)c;
		c = get(in);
	}
	unget(in, c);
	buf[n] = '\0';
	return n;
}

/* The longest prefix of a floating-point number, at most width chars. */
static size_t read_float(struct scan_in *in, char *buf, size_t width)
{
	size_t n = 0;
	int c = get(in), hex = 0, digits = 0, point = 0;

#define TAKE() (buf[n++] = (char)c, c = get(in))
	if ((c == '+' || c == '-') && n < width)
		TAKE();
	if ((c | 32) == 'i' || (c | 32) == 'n') {
		/* inf, infinity, nan, nan(...) */
		const char *word = (c | 32) == 'i' ? "infinity" : "nan";
		size_t i = 0;
		while (word[i] && n < width && (c | 32) == word[i]) {
			TAKE();
			i++;
		}
		if (word[0] == 'n' && i == 3 && c == '(' && n < width) {
			TAKE();
			while (n < width && (isalnum(c) || c == '_'))
				TAKE();
			if (c == ')' && n < width)
				TAKE();
		}
		unget(in, c);
		buf[n] = '\0';
		return n;
	}
	if (c == '0' && n < width) {
		TAKE();
		digits = 1;
		if ((c | 32) == 'x' && n < width) {
			TAKE();
			hex = 1;
			digits = 0;
		}
	}
	for (; c != EOF && n < width; TAKE()) {
		if (isdigit(c) || (hex && isxdigit(c)))
			digits = 1;
		else if (c == '.' && !point)
			point = 1;
		else
			break;
	}
	if (digits && ((c | 32) == (hex ? 'p' : 'e')) && n < width) {
		TAKE();
		if ((c == '+' || c == '-') && n < width)
			TAKE();
		while (c != EOF && isdigit(c) && n < width)
			TAKE();
	}
#undef TAKE
	unget(in, c);
	buf[n] = '\0';
	return n;
}

/* A %[ scanset: fills set[256] and returns the char after the ']'. */
static const char *parse_set(const char *fmt, unsigned char *set)
{
	int invert = 0;

	if (*fmt == '^') {
		invert = 1;
		fmt++;
	}
	memset(set, 0, 256);
	if (*fmt == ']')
		set[(unsigned char)*fmt++] = 1;
	for (; *fmt && *fmt != ']'; fmt++) {
		if (fmt[1] == '-' && fmt[2] && fmt[2] != ']' &&
		    (unsigned char)fmt[2] >= (unsigned char)fmt[0]) {
			for (int c = (unsigned char)fmt[0]; c <= (unsigned char)fmt[2]; c++)
				set[c] = 1;
			fmt += 2;
		} else {
			set[(unsigned char)*fmt] = 1;
		}
	}
	if (invert)
		for (int c = 0; c < 256; c++)
			set[c] = !set[c];
	return *fmt ? fmt + 1 : fmt;
}

static int vscan(struct scan_in *in, const char *fmt, va_list ap_in)
{
	va_list ap;
	int assigned = 0, converted = 0;
	char buf[512];
	unsigned char set[256];

	va_copy(ap, ap_in);
	while (*fmt) {
		if (isspace((unsigned char)*fmt)) {
			skip_space(in);
			fmt++;
			continue;
		}
		if (*fmt != '%' || fmt[1] == '%') {
			int c;
			if (*fmt == '%') {
				skip_space(in);
				fmt++;
			}
			if ((c = get(in)) != (unsigned char)*fmt) {
				unget(in, c);
				if (c == EOF && !converted)
					assigned = EOF;
				break;
			}
			fmt++;
			continue;
		}
		fmt++;

		int suppress = 0, len = LEN_NONE;
		size_t width = 0;
		if (*fmt == '*') {
			suppress = 1;
			fmt++;
		}
		while (isdigit((unsigned char)*fmt))
			width = width * 10 + (size_t)(*fmt++ - '0');
		switch (*fmt) {
		case 'h':
			len = fmt[1] == 'h' ? LEN_HH : LEN_H;
			fmt += len == LEN_HH ? 2 : 1;
			break;
		case 'l':
			len = fmt[1] == 'l' ? LEN_LL : LEN_L;
			fmt += len == LEN_LL ? 2 : 1;
			break;
		case 'j': len = LEN_J; fmt++; break;
		case 'z': len = LEN_Z; fmt++; break;
		case 't': len = LEN_T; fmt++; break;
		case 'L': len = LEN_BIG_L; fmt++; break;
		}
		char conv = *fmt++;
		if (!conv)
			break;
		if (conv == 'n') {
			if (!suppress)
				store_int(va_arg(ap, void *), len, in->count);
			continue;
		}
		/* Every conversion but %c and %[ skips white space first. */
		if (conv != 'c' && conv != '[' && skip_space(in) == EOF) {
			if (!converted)
				assigned = EOF;
			break;
		}

		size_t max = width ? width : (size_t)-1;
		int ok = 1;
		switch (conv) {
		case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
		case 'p': {
			int base = conv == 'd' || conv == 'u' ? 10
				 : conv == 'o' ? 8 : conv == 'i' ? 0 : 16;
			if (max > sizeof(buf) - 1)
				max = sizeof(buf) - 1;
			size_t n = read_integer(in, buf, max, base);
			char *end;
			uintmax_t v = conv == 'd' || conv == 'i'
					      ? (uintmax_t)strtoll(buf, &end, base)
					      : (uintmax_t)strtoull(buf, &end, base);
			if (n == 0 || (size_t)(end - buf) != n) {
				ok = 0;
				break;
			}
			if (!suppress) {
				void *p = va_arg(ap, void *);
				if (conv == 'p')
					*(void **)p = (void *)(uintptr_t)v;
				else
					store_int(p, len, v);
			}
			break;
		}
		case 'a': case 'A': case 'e': case 'E': case 'f': case 'F':
		case 'g': case 'G': {
			if (max > sizeof(buf) - 1)
				max = sizeof(buf) - 1;
			size_t n = read_float(in, buf, max);
			char *end;
			long double v = len == LEN_BIG_L ? strtold(buf, &end)
					: len == LEN_L	 ? strtod(buf, &end)
							 : strtof(buf, &end);
			if (n == 0 || (size_t)(end - buf) != n) {
				ok = 0;
				break;
			}
			if (!suppress) {
				void *p = va_arg(ap, void *);
				if (len == LEN_BIG_L)
					*(long double *)p = v;
				else if (len == LEN_L)
					*(double *)p = (double)v;
				else
					*(float *)p = (float)v;
			}
			break;
		}
		case 'c': case 's': case '[': {
			char *out = suppress ? NULL : va_arg(ap, char *);
			size_t n = 0;
			int c;
			if (conv == 'c' && !width)
				max = 1;
			if (conv == '[')
				fmt = parse_set(fmt, set);
			while (n < max && (c = get(in)) != EOF) {
				if ((conv == 's' && isspace(c)) ||
				    (conv == '[' && !set[c])) {
					unget(in, c);
					break;
				}
				if (out)
					out[n] = (char)c;
				n++;
			}
			if (n == 0 || (conv == 'c' && n < max)) {
				ok = 0;
				if (n == 0 && c == EOF && !converted)
					assigned = EOF;
				break;
			}
			if (out && conv != 'c')
				out[n] = '\0';
			break;
		}
		default:
			ok = 0;
			break;
		}
		if (!ok)
			break;
		converted = 1;
		if (!suppress)
			assigned++;
	}
	va_end(ap);
	return assigned;
}

int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
{
	struct scan_in in = { .s = (const unsigned char *)s };
	return vscan(&in, fmt, ap);
}

int sscanf(const char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsscanf(s, fmt, ap);
	va_end(ap);
	return r;
}

int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct scan_in in = { .f = f };
	return vscan(&in, fmt, ap);
}

int fscanf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfscanf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vscanf(const char *restrict fmt, va_list ap)
{
	return vfscanf(stdin, fmt, ap);
}

int scanf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfscanf(stdin, fmt, ap);
	va_end(ap);
	return r;
}
