/*
 * printf: the SDK's snprintf against glibc's over generated formats.
 * Every conversion, every flag combination, widths and precisions (also
 * through '*'), every length modifier; integers at and near their type's
 * edges; doubles and long doubles from random bit patterns and from hard
 * cases (exact ties, subnormals, extremes, very long precisions).
 *
 * Flag/conversion pairs that C leaves undefined ('#' with d, '0' with s...)
 * are generated too: the SDK does what glibc does for them.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

enum { T_INT, T_LONG, T_LLONG, T_UINT, T_ULONG, T_SIZE, T_PTRDIFF, T_INTMAX,
       T_UINTMAX, T_DOUBLE, T_LDOUBLE, T_STR, T_PTR, T_CHAR };

union arg {
	int i;
	long l;
	long long ll;
	unsigned u;
	unsigned long ul;
	size_t z;
	ptrdiff_t t;
	intmax_t j;
	uintmax_t uj;
	double d;
	long double ld;
	const char *s;
	void *p;
};

static char out_sdk[16384], out_libc[16384];

/* Calls fn with the optional '*' arguments, then the value. */
#define CALL(fn, buf, n, fmt, nstar, a, b, v) \
	((nstar) == 2 ? fn(buf, n, fmt, a, b, v) \
	 : (nstar) == 1 ? fn(buf, n, fmt, a, v) : fn(buf, n, fmt, v))

#define BOTH(member) \
	do { \
		r1 = CALL(kk_snprintf, out_sdk, size, fmt, nstar, s1, s2, \
			  v.member); \
		r2 = CALL(snprintf, out_libc, size, fmt, nstar, s1, s2, \
			  v.member); \
	} while (0)

static long cases, glibc_alt_g_bugs;

/*
 * glibc prints "%#g" wrongly when rounding carries into a new power of ten
 * ("%#g" of 999999.5 gives "1.e+06"; C11 says "1.00000e+06"). For those we
 * build C11's answer from glibc's own %e/%f, as C11 7.21.6.1 defines %g:
 * P significant digits, X the exponent %e would print, then %f with
 * precision P-1-X if P > X >= -4, else %e with precision P-1.
 * Fills out_libc with it and returns 1 if fmt is such a case.
 */
static int alt_g_reference(const char *fmt, int type, union arg v, int nstar,
			   int s1, int s2, size_t size, int *r)
{
	size_t len = strlen(fmt);
	char conv = fmt[len - 1], fmt2[64], tmp[64];
	const char *dot = strchr(fmt, '.');
	int prec = 6, wstar = 0;
	long double x = type == T_LDOUBLE ? v.ld : (long double)v.d;

	if ((conv != 'g' && conv != 'G') || !strchr(fmt, '#') || !isfinite(x))
		return 0;
	if (dot && dot[1] == '*')
		prec = nstar == 2 ? s2 : s1;
	else if (dot)
		prec = atoi(dot + 1);
	wstar = nstar == 2 || (nstar == 1 && !(dot && dot[1] == '*'));
	if (prec < 0)
		prec = 6;
	if (prec == 0)
		prec = 1;
	snprintf(tmp, sizeof(tmp), "%.*Le", prec - 1, x);
	int e = atoi(strchr(tmp, 'e') + 1);
	int use_f = prec > e && e >= -4;
	/* Same flags and width, our precision, e or f. */
	size_t head = dot ? (size_t)(dot - fmt) : len - 1 - (type == T_LDOUBLE);
	while (!dot && head > 0 && (fmt[head - 1] == 'l'))
		head--;
	memcpy(fmt2, fmt, head);
	sprintf(fmt2 + head, ".*%s%c", type == T_LDOUBLE ? "L" : "",
		use_f ? conv - 1 : conv - 2);
	int p2 = use_f ? prec - 1 - e : prec - 1;
	if (type == T_LDOUBLE)
		*r = wstar ? snprintf(out_libc, size, fmt2, s1, p2, v.ld)
			   : snprintf(out_libc, size, fmt2, p2, v.ld);
	else
		*r = wstar ? snprintf(out_libc, size, fmt2, s1, p2, v.d)
			   : snprintf(out_libc, size, fmt2, p2, v.d);
	return 1;
}

static void compare(const char *fmt, int type, union arg v, int nstar,
		    int s1, int s2, size_t size)
{
	int r1 = 0, r2 = 0;

	memset(out_sdk, 'X', 64);
	memset(out_libc, 'X', 64);
	switch (type) {
	case T_INT: case T_CHAR: BOTH(i); break;
	case T_LONG: BOTH(l); break;
	case T_LLONG: BOTH(ll); break;
	case T_UINT: BOTH(u); break;
	case T_ULONG: BOTH(ul); break;
	case T_SIZE: BOTH(z); break;
	case T_PTRDIFF: BOTH(t); break;
	case T_INTMAX: BOTH(j); break;
	case T_UINTMAX: BOTH(uj); break;
	case T_DOUBLE: BOTH(d); break;
	case T_LDOUBLE: BOTH(ld); break;
	case T_STR: BOTH(s); break;
	case T_PTR: BOTH(p); break;
	}
	cases++;
	size_t cmp = size < sizeof(out_sdk) ? size : sizeof(out_sdk);
	if (r2 >= 0 && (size_t)r2 + 1 < cmp)
		cmp = (size_t)r2 + 1;
	if ((r1 != r2 || memcmp(out_sdk, out_libc, cmp) != 0) &&
	    (type == T_DOUBLE || type == T_LDOUBLE) &&
	    alt_g_reference(fmt, type, v, nstar, s1, s2, size, &r2)) {
		glibc_alt_g_bugs++;
		cmp = size < sizeof(out_sdk) ? size : sizeof(out_sdk);
		if ((size_t)r2 + 1 < cmp)
			cmp = (size_t)r2 + 1;
	}
	CHECK("printf", r1 == r2 && memcmp(out_sdk, out_libc, cmp) == 0,
	      "fmt \"%s\" stars %d,%d size %zu: sdk %d \"%.200s\" glibc %d \"%.200s\"",
	      fmt, s1, s2, size, r1, out_sdk, r2, out_libc);
}

static const char *int_conv = "diouxX";

/* A random format: "%" flags [width|*] [.prec|.*] length conv. */
static void make_format(char *fmt, const char *length, char conv, int *nstar,
			int *s1, int *s2, int max_prec)
{
	static const char flags[] = "-+ #0";
	char *p = fmt;
	int star[2], n = 0;

	*p++ = '%';
	unsigned mask = (unsigned)rng_below(32);
	for (int i = 0; i < 5; i++)
		if (mask & (1u << i))
			*p++ = flags[i];
	switch (rng_below(4)) {
	case 0: break;
	case 1: p += sprintf(p, "%d", (int)rng_below(30)); break;
	case 2: p += sprintf(p, "%d", (int)rng_below(3)); break;
	default:
		*p++ = '*';
		star[n++] = (int)rng_below(60) - 30;
		break;
	}
	switch (rng_below(4)) {
	case 0: break;
	case 1: p += sprintf(p, ".%d", (int)rng_below(max_prec + 1)); break;
	case 2: p += sprintf(p, ".%d", (int)rng_below(4)); break;
	default:
		*p++ = '.';
		*p++ = '*';
		star[n++] = (int)rng_below(max_prec + 10) - 8;
		break;
	}
	p += sprintf(p, "%s%c", length, conv);
	*nstar = n;
	*s1 = n > 0 ? star[0] : 0;
	*s2 = n > 1 ? star[1] : 0;
}

/* Integers at their type's edges, small values and random bits. */
static uint64_t int_value(int bits)
{
	uint64_t v;
	switch (rng_below(6)) {
	case 0: v = rng_below(20); break;
	case 1: v = (uint64_t)0 - rng_below(20); break;
	case 2: v = (1ull << (bits - 1)) + rng_below(5) - 2; break; /* min/max */
	case 3: v = ~0ull - rng_below(3); break;
	default: v = rng_next() >> rng_below(64); break;
	}
	return v;
}

static size_t random_size(void)
{
	/* Mostly a big buffer; sometimes a tiny one to check truncation. */
	return rng_below(8) == 0 ? rng_below(12) : sizeof(out_sdk);
}

static void integer_cases(long n)
{
	static const struct { const char *len; int type; int bits; } lens[] = {
		{ "", T_INT, 32 }, { "hh", T_INT, 8 }, { "h", T_INT, 16 },
		{ "l", T_LONG, 64 }, { "ll", T_LLONG, 64 },
		{ "j", T_INTMAX, 64 }, { "z", T_SIZE, 64 },
		{ "t", T_PTRDIFF, 64 },
	};
	char fmt[64];
	int nstar, s1, s2;

	for (long i = 0; i < n; i++) {
		int k = (int)rng_below(sizeof(lens) / sizeof(*lens));
		char conv = int_conv[rng_below(6)];
		union arg v;
		uint64_t x = int_value(lens[k].bits);
		int type = lens[k].type;

		make_format(fmt, lens[k].len, conv, &nstar, &s1, &s2, 25);
		switch (type) {
		case T_INT:
			if (conv == 'd' || conv == 'i')
				v.i = (int)x;
			else
				v.u = (unsigned)x, type = T_UINT;
			break;
		case T_LONG: v.l = (long)x; break;
		case T_LLONG: v.ll = (long long)x; break;
		case T_INTMAX: v.j = (intmax_t)x; break;
		case T_SIZE: v.z = (size_t)x; break;
		default: v.t = (ptrdiff_t)x; break;
		}
		compare(fmt, type, v, nstar, s1, s2, random_size());
	}
}

static const char *strings[] = { "", "a", "hello", "Hello, world!",
				 "with\nnewline", "0123456789abcdef", NULL };

static void string_cases(long n)
{
	char fmt[64];
	int nstar, s1, s2;

	for (long i = 0; i < n; i++) {
		union arg v;
		int which = (int)rng_below(4);
		if (which == 0) {
			v.i = (int)rng_below(256);
			make_format(fmt, "", 'c', &nstar, &s1, &s2, 10);
			compare(fmt, T_CHAR, v, nstar, s1, s2, random_size());
		} else if (which == 1) {
			uint64_t x = rng_below(4) ? rng_next() >> rng_below(64) : 0;
			v.p = (void *)(uintptr_t)x;
			make_format(fmt, "", 'p', &nstar, &s1, &s2, 20);
			compare(fmt, T_PTR, v, nstar, s1, s2, random_size());
		} else {
			v.s = strings[rng_below(sizeof(strings) / sizeof(*strings))];
			make_format(fmt, "", 's', &nstar, &s1, &s2, 10);
			compare(fmt, T_STR, v, nstar, s1, s2, random_size());
		}
	}
}

static double bits_to_double(uint64_t b)
{
	double d;
	memcpy(&d, &b, sizeof(d));
	return d;
}

/* Doubles that are hard to print: ties at some decimal place, extremes,
 * subnormals, powers of two and ten, integers. */
static double hard_double(void)
{
	switch (rng_below(10)) {
	case 0: { /* (2k+1) / 2^j: a tie at the j-th decimal */
		int j = (int)rng_below(30) + 1;
		return ldexp((double)(2 * rng_below(1u << 20) + 1), -j);
	}
	case 1: return (double)(rng_below(2000000)) + 0.5;
	case 2: return ldexp(1.0, (int)rng_below(2100) - 1074);
	case 3: return bits_to_double(rng_below(1ull << 52)); /* subnormal */
	case 4: return bits_to_double(0x7fefffffffffffffull - rng_below(4));
	case 5: return pow(10.0, (double)((int)rng_below(600) - 300));
	case 6: return (double)(int64_t)(rng_next() >> rng_below(64));
	case 7: return bits_to_double(0x0010000000000000ull + rng_below(3) - 1);
	case 8: { /* 0.x5 style decimal literals, the classic surprise */
		int digits = (int)rng_below(6) + 1;
		double scale = pow(10.0, digits);
		return ((double)rng_below((uint64_t)scale) + 0.5) / scale;
	}
	default: { /* special values */
		static const double sp[] = { 0.0, -0.0, 1.0, -1.0, 0.1, 1e23,
					     9.5, 0.05, 999999.5, 1e-5, 5e-324 };
		double d = sp[rng_below(sizeof(sp) / sizeof(*sp))];
		switch (rng_below(8)) {
		case 0: return HUGE_VAL;
		case 1: return -HUGE_VAL;
		case 2: return NAN;
		case 3: return -NAN;
		default: return d;
		}
	}
	}
}

static void double_cases(long n)
{
	static const char convs[] = "eEfFgGaA";
	char fmt[64];
	int nstar, s1, s2;

	for (long i = 0; i < n; i++) {
		union arg v;
		char conv = convs[rng_below(8)];
		int maxp = rng_below(20) == 0 ? 400 : 25;
		if ((conv == 'f' || conv == 'F') && rng_below(40) == 0)
			maxp = 1100; /* all digits of the smallest subnormal */
		v.d = rng_below(2) ? bits_to_double(rng_next()) : hard_double();
		if (rng_below(2))
			v.d = -v.d;
		make_format(fmt, rng_below(4) ? "" : "l", conv, &nstar, &s1, &s2,
			    maxp);
		compare(fmt, T_DOUBLE, v, nstar, s1, s2, random_size());
	}
}

static long double random_long_double(void)
{
	union { long double v; struct { uint64_t m; uint16_t se; } b; } u;
	memset(&u, 0, sizeof(u));
	u.b.m = rng_next();
	switch (rng_below(6)) {
	case 0: /* subnormal: exponent 0, no integer bit */
		u.b.m &= ~(1ull << 63);
		u.b.m >>= rng_below(64);
		u.b.se = 0;
		break;
	case 1: /* a double's value */
		return (long double)hard_double();
	case 2: /* moderate exponents */
		u.b.m |= 1ull << 63;
		u.b.se = (uint16_t)(16383 - 70 + rng_below(140));
		break;
	default: /* any normal exponent */
		u.b.m |= 1ull << 63;
		u.b.se = (uint16_t)(1 + rng_below(0x7ffe));
		break;
	}
	if (rng_below(2))
		u.b.se |= 0x8000;
	return u.v;
}

static void long_double_cases(long n)
{
	static const char convs[] = "eEfFgGaA";
	char fmt[64];
	int nstar, s1, s2;

	for (long i = 0; i < n; i++) {
		union arg v;
		char conv = convs[rng_below(8)];
		v.ld = random_long_double();
		int maxp = rng_below(20) == 0 ? 300 : 25;
		/* %Lf of a huge exponent is thousands of digits: keep the
		 * buffer in range. */
		if ((conv | 32) == 'f' && fabsl(v.ld) > 1e300L)
			v.ld = (long double)hard_double();
		make_format(fmt, "L", conv, &nstar, &s1, &s2, maxp);
		compare(fmt, T_LDOUBLE, v, nstar, s1, s2, random_size());
	}
}

/* Fixed cases worth keeping visible. */
static void fixed_cases(void)
{
	char a[2048], b[2048];
	static const char *fmts[] = { "%5%", "%-5%|", "%%d", "%y", "abc%", "%hhn" };
	for (size_t i = 0; i < 4; i++) {
		int r1 = kk_snprintf(a, sizeof(a), fmts[i], 1);
		int r2 = snprintf(b, sizeof(b), fmts[i], 1);
		cases++;
		CHECK("printf", r1 == r2 && strcmp(a, b) == 0,
		      "fixed \"%s\": sdk %d \"%s\" glibc %d \"%s\"", fmts[i], r1,
		      a, r2, b);
	}

	/* %n at every length. */
	int n1 = -1;
	signed char hh = 0;
	long long ll = 0;
	size_t z = 0;
	int r = kk_snprintf(a, sizeof(a), "abc%n%5d%hhn%s%lln|%zn", &n1, 42, &hh,
			    "xyz", &ll, &z);
	cases++;
	CHECK("printf", r == 12 && n1 == 3 && hh == 8 && ll == 11 && z == 12,
	      "%%n: r %d n %d hh %d ll %lld z %zu", r, n1, hh, ll, z);

	/* The exact expansion of the smallest subnormal (1074 decimals). */
	kk_snprintf(a, sizeof(a), "%.760e", 5e-324);
	snprintf(b, sizeof(b), "%.760e", 5e-324);
	cases++;
	CHECK("printf", strcmp(a, b) == 0, "%%.760e of 5e-324");

	/* DBL_MAX in full: 309 digits. */
	kk_snprintf(a, sizeof(a), "%.3f", DBL_MAX);
	snprintf(b, sizeof(b), "%.3f", DBL_MAX);
	cases++;
	CHECK("printf", strcmp(a, b) == 0, "%%f of DBL_MAX: %s vs %s", a, b);

	/* The longest expansions there are: LDBL_MAX in full (4,933 digits)
	 * and the smallest long double subnormal (about 11,500 digits). */
	static char big1[20000], big2[20000];
	static const struct { const char *fmt; long double v; } huge[] = {
		{ "%Lf", LDBL_MAX }, { "%.16500Lf", 0x1p-16445L },
		{ "%.11600Le", 0x1.fffffffffffffffep-16383L }, { "%.1100f", 0x1p-1074L },
	};
	for (size_t i = 0; i < sizeof(huge) / sizeof(*huge); i++) {
		int r1, r2;
		if (i == 3) {
			r1 = kk_snprintf(big1, sizeof(big1), huge[i].fmt, (double)huge[i].v);
			r2 = snprintf(big2, sizeof(big2), huge[i].fmt, (double)huge[i].v);
		} else {
			r1 = kk_snprintf(big1, sizeof(big1), huge[i].fmt, huge[i].v);
			r2 = snprintf(big2, sizeof(big2), huge[i].fmt, huge[i].v);
		}
		cases++;
		CHECK("printf", r1 == r2 && strcmp(big1, big2) == 0,
		      "\"%s\": %d vs %d chars", huge[i].fmt, r1, r2);
	}

	/* asprintf and the return value past the buffer. */
	char *s = NULL;
	r = kk_asprintf(&s, "%s-%d-%.3f", "x", 17, 2.5);
	cases++;
	CHECK("printf", r == 10 && s && strcmp(s, "x-17-2.500") == 0,
	      "asprintf: %d %s", r, s ? s : "(null)");
	kk_free(s);
	r = kk_snprintf(NULL, 0, "%d", 123456);
	cases++;
	CHECK("printf", r == 6, "snprintf(NULL, 0): %d", r);
}

void suite_printf(void)
{
	cases = 0;
	fixed_cases();
	integer_cases(60000);
	string_cases(15000);
	double_cases(50000);
	long_double_cases(12000);
	printf("printf: %ld cases compared with glibc (%ld of them %%#g cases "
	       "where glibc is wrong, checked against C11's definition)\n",
	       cases, glibc_alt_g_bugs);
}
