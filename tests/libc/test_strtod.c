/*
 * strtod, strtof, strtold: the SDK's against glibc's on generated input:
 * printed random values, random digit strings, exact halfway points
 * between neighbouring doubles (and just above/below them, also with the
 * difference hundreds of digits in), hex floats, special words, junk.
 * Results are compared bit for bit, with the end pointer and ERANGE.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

static long cases;

static void cmp_double(const char *s)
{
	char *e1, *e2;
	kk_errno = 0;
	errno = 0;
	double a = kk_strtod(s, &e1);
	int err1 = kk_errno;
	double b = strtod(s, &e2);
	int err2 = errno;
	int same = isnan(a) && isnan(b) ? signbit(a) == signbit(b)
					: memcmp(&a, &b, sizeof(a)) == 0;
	cases++;
	CHECK("strtod", same && e1 - s == e2 - s && (err1 == ERANGE) == (err2 == ERANGE),
	      "strtod(\"%.120s\"): sdk %a end %td errno %d, glibc %a end %td errno %d",
	      s, a, e1 - s, err1, b, e2 - s, err2);
}

static void cmp_float(const char *s)
{
	char *e1, *e2;
	kk_errno = 0;
	errno = 0;
	float a = kk_strtof(s, &e1);
	int err1 = kk_errno;
	float b = strtof(s, &e2);
	int err2 = errno;
	int same = isnan(a) && isnan(b) ? signbit(a) == signbit(b)
					: memcmp(&a, &b, sizeof(a)) == 0;
	cases++;
	CHECK("strtod", same && e1 - s == e2 - s && (err1 == ERANGE) == (err2 == ERANGE),
	      "strtof(\"%.120s\"): sdk %a end %td errno %d, glibc %a end %td errno %d",
	      s, (double)a, e1 - s, err1, (double)b, e2 - s, err2);
}

static void cmp_long(const char *s)
{
	char *e1, *e2;
	kk_errno = 0;
	errno = 0;
	long double a = kk_strtold(s, &e1);
	int err1 = kk_errno;
	long double b = strtold(s, &e2);
	int err2 = errno;
	int same = isnan(a) && isnan(b) ? signbit(a) == signbit(b)
					: memcmp(&a, &b, 10) == 0;
	cases++;
	CHECK("strtod", same && e1 - s == e2 - s && (err1 == ERANGE) == (err2 == ERANGE),
	      "strtold(\"%.120s\"): sdk %La end %td errno %d, glibc %La end %td errno %d",
	      s, a, e1 - s, err1, b, e2 - s, err2);
}

static void cmp_all(const char *s)
{
	cmp_double(s);
	cmp_float(s);
	cmp_long(s);
}

static double random_double(void)
{
	uint64_t b = rng_next();
	double d;
	if (rng_below(4) == 0) /* small exponents are the common case */
		b = (b & 0x800fffffffffffffull) |
		    (uint64_t)(1023 - 40 + rng_below(80)) << 52;
	memcpy(&d, &b, sizeof(d));
	return d;
}

static char buf[4096];

static void printed_values(long n)
{
	for (long i = 0; i < n; i++) {
		double d = random_double();
		if (!isfinite(d))
			continue;
		switch (rng_below(4)) {
		case 0: snprintf(buf, sizeof(buf), "%.17g", d); break;
		case 1: snprintf(buf, sizeof(buf), "%.*e", (int)rng_below(25), d); break;
		case 2: snprintf(buf, sizeof(buf), "%a", d); break;
		default: snprintf(buf, sizeof(buf), "%.*g", (int)rng_below(40) + 1,
				  (double)(float)d); break;
		}
		cmp_all(buf);
	}
}

static void digit_strings(long n)
{
	for (long i = 0; i < n; i++) {
		char *p = buf;
		int nd = (int)rng_below(40) + 1;
		int dot = (int)rng_below((uint64_t)nd + 2) - 1;
		if (rng_below(4) == 0)
			*p++ = rng_below(2) ? '-' : '+';
		for (int k = 0; k < nd; k++) {
			if (k == dot)
				*p++ = '.';
			*p++ = (char)('0' + rng_below(10));
		}
		if (rng_below(3))
			p += sprintf(p, "e%d", (int)rng_below(700) - 350);
		*p = 0;
		cmp_double(buf);
		if (rng_below(4) == 0)
			cmp_float(buf);
		if (rng_below(8) == 0)
			cmp_long(buf);
	}
}

/* The exact halfway point between d and the next double up, printed in
 * full, then nudged just above and just below it. */
static void halfway_points(long n)
{
	for (long i = 0; i < n; i++) {
		double d = fabs(random_double());
		if (rng_below(5) == 0) { /* subnormal */
			uint64_t b = rng_below(1ull << 52);
			memcpy(&d, &b, sizeof(d));
		}
		if (!isfinite(d) || d == DBL_MAX)
			continue;
		long double mid = ((long double)d + (long double)nextafter(d, INFINITY)) / 2;
		int len = snprintf(buf, sizeof(buf) - 1200, "%.800Le", mid);
		/* Cut the zeros after the exponent-free mantissa. */
		char *e = strchr(buf, 'e'), exp[16];
		strcpy(exp, e);
		char *last = e - 1;
		while (*last == '0')
			last--;
		last[1] = 0;
		(void)len;
		size_t mlen = strlen(buf);
		switch (rng_below(4)) {
		case 0: /* exact tie */
			break;
		case 1: /* a hair above, far out */
			memset(buf + mlen, '0', 900);
			buf[mlen + 900] = '1';
			buf[mlen + 901] = 0;
			break;
		case 2: /* a hair above */
			strcat(buf, "1");
			break;
		default: /* a hair below: ...5 -> ...4999 */
			buf[mlen - 1]--;
			strcat(buf, "99999");
			break;
		}
		strcat(buf, exp);
		cmp_double(buf);
	}
}

static void float_halfway(long n)
{
	for (long i = 0; i < n; i++) {
		uint32_t b = (uint32_t)rng_next() & 0x7fffffffu;
		float f;
		memcpy(&f, &b, sizeof(f));
		if (!isfinite(f) || f == FLT_MAX)
			continue;
		double mid = ((double)f + (double)nextafterf(f, INFINITY)) / 2;
		snprintf(buf, sizeof(buf), "%.*e", (int)rng_below(3) ? 120 : 8, mid);
		cmp_float(buf);
	}
}

static void long_double_values(long n)
{
	for (long i = 0; i < n; i++) {
		union { long double v; struct { uint64_t m; uint16_t se; } b; } u;
		memset(&u, 0, sizeof(u));
		u.b.m = rng_next() | 1ull << 63;
		u.b.se = (uint16_t)(rng_below(3) ? 16383 - 200 + rng_below(400)
						 : 1 + rng_below(0x7ffe));
		snprintf(buf, sizeof(buf), "%.*Le", (int)rng_below(30), u.v);
		cmp_long(buf);
	}
}

static void hex_strings(long n)
{
	for (long i = 0; i < n; i++) {
		char *p = buf;
		p += sprintf(p, "%s0%c", rng_below(2) ? "-" : "", rng_below(2) ? 'x' : 'X');
		int nd = (int)rng_below(24) + 1, dot = (int)rng_below((uint64_t)nd + 2) - 1;
		for (int k = 0; k < nd; k++) {
			if (k == dot)
				*p++ = '.';
			*p++ = "0123456789abcdefABCDEF"[rng_below(22)];
		}
		if (rng_below(4))
			p += sprintf(p, "p%d", (int)rng_below(33000) - 16500);
		*p = 0;
		cmp_all(buf);
	}
}

static const char *specials[] = {
	"0", "-0", "+0", "0.0", ".0", "0.", ".", "-.", "+", "", "   ", " \t\n 1.5x",
	"1e", "1e+", "1e-", "1e+x", "1.5E3", "1.5e-3junk", "-1.5e+3", "inf", "INF",
	"-inf", "infinity", "-Infinity", "infinit", "infx", "nan", "-nan", "NaN",
	"nan()", "nan(123)", "nan(abc_1)", "nan(", "nan(1", "nanx", "0x", "0x.",
	"0xp1", "0x.p1", "0x1p", "0x1p+", "0x1.8p1", "0X1P-1074", "0x1p-1075",
	"0x1.0000000000001p-1075", "0x1p-1076", "0x1.fffffffffffff8p1023",
	"0x1.fffffffffffff7ffp1023", "0x1p1024", "1e-400", "1e400", "-1e400",
	"1e309", "1.7976931348623157e308", "1.7976931348623158e308",
	"1.797693134862315807e308", "2.2250738585072011e-308",
	"2.2250738585072012e-308", "2.225073858507201136057409796709131975934819546351645648e-308",
	"4.9406564584124654e-324", "2.4703282292062327e-324",
	"2.4703282292062328e-324", "2.47032822920623272e-324", "5e-324", "3e-324",
	"0e999999999", "1e-99999999999", "1e99999999999", "000000001234.5e-2",
	"0.000000000000000000000000000000001", "123456789012345678901234567890",
	"9007199254740993", "9007199254740992.5", "9007199254740993.0000000001",
	"3.4028235e38", "3.4028236e38", "1.17549435e-38", "1.4e-45", "7e-46",
	"0x1.fffffep127", "0x1.ffffffp127", "1.18973149535723176502e+4932",
	"1.18973149535723176508e+4932", "3.64519953188247460253e-4951",
	"1.82259976594123730126e-4951", "1.8225997659412373012e-4951",
	"1e4933", "1e-4952", "0.1", "0.2", "0.3", "1.1", "123.456", "1e23",
	"8.589973e9", "2.2250738585072014e-308", "1.00000000000000011102230246251565404236316680908203125",
	"1.00000000000000011102230246251565404236316680908203124",
	"1.00000000000000011102230246251565404236316680908203126",
};

void suite_strtod(void)
{
	cases = 0;
	for (size_t i = 0; i < sizeof(specials) / sizeof(*specials); i++)
		cmp_all(specials[i]);
	printed_values(4000);
	digit_strings(6000);
	halfway_points(4000);
	float_halfway(1500);
	long_double_values(1500);
	hex_strings(1500);
	printf("strtod: %ld cases compared with glibc\n", cases);
}
