/* strtol and friends: one parser into uintmax_t, then each function
 * clamps to its own type as C says (ERANGE and the limit on overflow). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Returns the magnitude; *neg the sign, *over whether it overflowed
 * uintmax_t. *end as strtol's endptr (the start when nothing parsed). */
static uintmax_t parse(const char *s, char **end, int base, int *neg,
		       int *over)
{
	const char *p = s;
	uintmax_t v = 0;
	int any = 0;

	*neg = *over = 0;
	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return 0;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	/* "0x" counts as a prefix only if a hex digit follows; otherwise
	 * the number is the "0". */
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] | 32) == 'x' && digit_value((unsigned char)p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (;; p++) {
		int d = digit_value((unsigned char)*p);
		if (d >= base)
			break;
		any = 1;
		if (v > (UINTMAX_MAX - (uintmax_t)d) / (uintmax_t)base)
			*over = 1;
		else
			v = v * (uintmax_t)base + (uintmax_t)d;
	}
	if (!any) {
		*neg = 0;
		return 0;
	}
	if (end)
		*end = (char *)p;
	return v;
}

static uintmax_t to_unsigned(const char *s, char **end, int base,
			     uintmax_t max)
{
	int neg, over;
	uintmax_t v = parse(s, end, base, &neg, &over);

	if (over || v > max) {
		errno = ERANGE;
		return max;
	}
	return neg ? (0 - v) & max : v;
}

static intmax_t to_signed(const char *s, char **end, int base, intmax_t max)
{
	int neg, over;
	uintmax_t v = parse(s, end, base, &neg, &over);

	if (!neg && (over || v > (uintmax_t)max)) {
		errno = ERANGE;
		return max;
	}
	if (neg && (over || v > (uintmax_t)max + 1)) {
		errno = ERANGE;
		return -max - 1;
	}
	return neg ? (intmax_t)(0 - v) : (intmax_t)v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	return (long)to_signed(s, end, base, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	return (long long)to_signed(s, end, base, LLONG_MAX);
}

intmax_t strtoimax(const char *restrict s, char **restrict end, int base)
{
	return to_signed(s, end, base, INTMAX_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	return (unsigned long)to_unsigned(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	return (unsigned long long)to_unsigned(s, end, base, ULLONG_MAX);
}

uintmax_t strtoumax(const char *restrict s, char **restrict end, int base)
{
	return to_unsigned(s, end, base, UINTMAX_MAX);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}
