/*
 * The rest of C99/C11 <math.h> that math.c does not have: remainder and
 * remquo (the x87's fprem1, exact), nextafter/nexttoward for every type,
 * and the float/long double forms of the integer-rounding, exponent and
 * scaling functions.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "math_flags.h"

typedef long double ld;

static ld dom_err(void)
{
	volatile ld zero = 0;
	errno = EDOM;
	return zero / zero;
}

/* ------------------------------------------------- remainder, remquo */

/* IEEE remainder, exact; *quo gets the low three bits of the rounded
 * quotient (fprem1's C0 C3 C1). */
static ld x87_fprem1(ld x, ld y, unsigned *qbits)
{
	unsigned short sw;
	do
		__asm__("fprem1\n\tfnstsw %%ax" : "+t"(x), "=a"(sw) : "u"(y));
	while (sw & 0x400); /* C2: partial remainder */
	*qbits = (sw >> 8 & 1) << 2 | (sw >> 14 & 1) << 1 | (sw >> 9 & 1);
	return x;
}

long double remquol(long double x, long double y, int *quo)
{
	unsigned q;
	*quo = 0;
	if (isnan(x) || isnan(y))
		return x + y;
	if (isinf(x) || y == 0)
		return dom_err();
	if (isinf(y))
		return x;
	/* The quotient's low bits from the remainder itself (fprem1's C0
	 * C3 C1 are not reliable under every emulator): first |x| mod 8|y|,
	 * exact, whose rounded quotient by |y| is in 0..8. */
	ld ax = fabsl(x), ay = fabsl(y);
	if (ay < LDBL_MAX / 8)
		ax = fmodl(ax, 8 * ay);
	ld r = x87_fprem1(ax, ay, &q);
	q = (unsigned)rintl((ax - r) / ay) & 7;
	if (signbit(x))
		r = -r;
	/* A quotient that is a nonzero multiple of 8 keeps its sign. */
	if (q == 0 && r != x)
		q = 8;
	*quo = (signbit(x) != signbit(y)) ? -(int)q : (int)q;
	return r;
}

long double remainderl(long double x, long double y)
{
	int q;
	return remquol(x, y, &q);
}

double remquo(double x, double y, int *quo) { return (double)remquol(x, y, quo); }
float remquof(float x, float y, int *quo) { return (float)remquol(x, y, quo); }
double remainder(double x, double y) { return (double)remainderl(x, y); }
float remainderf(float x, float y) { return (float)remainderl(x, y); }

/* ------------------------------------------------ nextafter, toward */

/* The 80-bit format: 64-bit significand with an explicit integer bit. */
union ld_bits {
	ld v;
	struct {
		uint64_t m;
		uint16_t se;
	} b;
};

long double nextafterl(long double x, long double y)
{
	if (isnan(x) || isnan(y))
		return x + y;
	if (x == y)
		return y;
	if (x == 0) {
		errno = ERANGE;
		flags_raise(MF_INEXACT | MF_UNDERFLOW);
		return copysignl(0x1p-16445L, y);
	}
	union ld_bits u = { .v = x };
	unsigned e = u.b.se & 0x7fff, s = u.b.se & 0x8000;
	if ((x < y) == (x > 0)) { /* away from zero */
		if (++u.b.m == 0) {
			u.b.m = 1ull << 63;
			e++;
		} else if (e == 0 && u.b.m == 1ull << 63) {
			e = 1; /* the largest subnormal's successor */
		}
	} else {                   /* toward zero */
		if (e > 1 && u.b.m == 1ull << 63) {
			u.b.m = ~0ull;
			e--;
		} else if (e == 1 && u.b.m == 1ull << 63) {
			u.b.m--;
			e = 0;
		} else {
			u.b.m--;
		}
	}
	u.b.se = (uint16_t)(s | e);
	if (isinf(u.v) || fpclassify(u.v) == FP_SUBNORMAL || u.v == 0) {
		errno = ERANGE;
		/* Annex F: overflow to infinity, or a tiny result. */
		flags_raise(MF_INEXACT | (isinf(u.v) ? MF_OVERFLOW : MF_UNDERFLOW));
	}
	return u.v;
}

long double nexttowardl(long double x, long double y)
{
	return nextafterl(x, y);
}

double nexttoward(double x, long double y)
{
	if (isnan(x) || isnan(y))
		return (double)(x + y);
	if ((ld)x == y)
		return (double)y;
	return nextafter(x, (ld)x < y ? HUGE_VAL : -HUGE_VAL);
}

float nexttowardf(float x, long double y)
{
	if (isnan(x) || isnan(y))
		return (float)(x + y);
	if ((ld)x == y)
		return (float)y;
	return nextafterf(x, (ld)x < y ? HUGE_VALF : -HUGE_VALF);
}

/* ------------------------------------------------ exponents, scaling */

int ilogbl(long double x)
{
	int e;
	if (x == 0 || isnan(x)) {
		errno = EDOM;
		flags_raise(MF_INVALID);
		return FP_ILOGB0;
	}
	if (isinf(x)) {
		errno = EDOM;
		flags_raise(MF_INVALID);
		return INT_MAX;
	}
	frexpl(x, &e);
	return e - 1;
}

int ilogbf(float x) { return ilogbl(x); }

long double logbl(long double x)
{
	if (x == 0) {
		errno = ERANGE;
		return ld_pole(1);
	}
	if (!isfinite(x))
		return x * x;
	return ilogbl(x);
}

float logbf(float x) { return (float)logbl(x); }

long double scalbnl(long double x, int e) { return ldexpl(x, e); }

/* An exponent beyond int's range overflows or underflows all the same. */
static int clamp_exp(long e)
{
	return e > 100000 ? 100000 : e < -100000 ? -100000 : (int)e;
}

long double scalblnl(long double x, long e) { return ldexpl(x, clamp_exp(e)); }
double scalbln(double x, long e) { return ldexp(x, clamp_exp(e)); }
float scalblnf(float x, long e) { return ldexpf(x, clamp_exp(e)); }

long double modfl(long double x, long double *ip)
{
	ld t = truncl(x);
	*ip = t;
	return isinf(x) ? copysignl(0, x) : copysignl(x - t, x);
}

long double nanl(const char *tag)
{
	(void)tag;
	return __builtin_nanl("");
}

/* --------------------------------------------- rounding to integers */

/* Out of range (or NaN): C leaves the value unspecified; x86 and glibc
 * give the "integer indefinite" LONG_MIN, and so do we, with EDOM. */
static long to_long(ld r)
{
	if (!(isgreaterequal(r, -0x1p63L) && isless(r, 0x1p63L))) {
		errno = EDOM;
		flags_raise(MF_INVALID); /* as cvtsd2si would */
		return LONG_MIN;
	}
	return (long)r;
}

long lrintl(long double x) { return to_long(rintl(x)); }
long lrintf(float x) { return to_long(rintl(x)); }
long long llrintl(long double x) { return to_long(rintl(x)); }
long long llrintf(float x) { return to_long(rintl(x)); }
long lroundl(long double x) { return to_long(roundl(x)); }
long lroundf(float x) { return to_long(roundl(x)); }
long long llroundl(long double x) { return to_long(roundl(x)); }
long long llroundf(float x) { return to_long(roundl(x)); }
