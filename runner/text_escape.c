#include "text_escape.h"

#include <string.h>

size_t utf8_sequence(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, min = 0x80, c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, min = 0x800, c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	/* A NUL ends the string early, and fails the continuation test. */
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static int is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

void text_escape(char *dst, size_t dstlen, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	size_t used = 0;
	if (!dstlen)
		return;
	while (*s) {
		unsigned cp;
		size_t n = utf8_sequence(s, &cp);
		char piece[5];
		size_t plen;
		if (n && !is_control(cp) && cp != '\\') {
			memcpy(piece, s, n);
			plen = n;
		} else if (n == 1 && cp == '\\') {
			memcpy(piece, "\\\\", 2);
			plen = 2;
		} else {
			/* One byte at a time: a C1 control in UTF-8 shows as
			 * its two bytes, an invalid byte as itself. */
			n = 1;
			piece[0] = '\\', piece[1] = 'x';
			piece[2] = hex[*s >> 4], piece[3] = hex[*s & 15];
			plen = 4;
		}
		if (used + plen >= dstlen)
			break;
		memcpy(dst + used, piece, plen);
		used += plen;
		s += n;
	}
	dst[used] = '\0';
}

void json_escape(FILE *out, const char *src)
{
	const unsigned char *s = (const unsigned char *)src;
	fputc('"', out);
	while (*s) {
		unsigned cp;
		size_t n = utf8_sequence(s, &cp);
		if (!n) {
			fputs("\\ufffd", out);
			s++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (cp < 0x20 || cp == 0x7f)
			fprintf(out, "\\u%04x", cp);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
	fputc('"', out);
}
