/*
 * <math.h>. The guest is always x86-64, so the transcendental functions
 * use the x87 unit: its instructions (fyl2x, f2xm1, fpatan, fsin...) work
 * in 64-bit precision, and rounding their long double result to double
 * gives results within about one ulp (docs/sdk.md has measured figures).
 * The double versions are the long double ones rounded; float versions
 * round the double ones.
 *
 * Exact functions (sqrt, fmod, floor, ceil, trunc, round, rint, frexp,
 * ldexp, modf, ...) are exact here too. sin/cos/tan reduce their argument
 * exactly with 1,400 bits of 2/pi, so huge arguments are as good as small
 * ones. errno is set (EDOM, ERANGE) as C's math_errhandling MATH_ERRNO
 * describes.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "math_flags.h"

typedef long double ld;

/* ------------------------------------------------------------ x87 */

static ld x87_sqrt(ld x) { __asm__("fsqrt" : "+t"(x)); return x; }
static ld x87_rndint(ld x) { __asm__("frndint" : "+t"(x)); return x; }

/* y * log2(x) */
static ld x87_yl2x(ld x, ld y)
{
	ld r;
	__asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
	return r;
}

/* y * log2(1 + x), |x| < 1 - sqrt(2)/2 */
static ld x87_yl2xp1(ld x, ld y)
{
	ld r;
	__asm__("fyl2xp1" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
	return r;
}

/* atan(y / x), in the right quadrant */
static ld x87_atan2(ld y, ld x)
{
	ld r;
	__asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
	return r;
}

/* 2^x - 1 for |x| <= 1 */
static ld x87_2xm1(ld x) { __asm__("f2xm1" : "+t"(x)); return x; }

/* x * 2^n, n integral */
static ld x87_scale(ld x, ld n)
{
	__asm__("fscale" : "+t"(x) : "u"(n));
	return x;
}


/* Exact remainder with the quotient truncated (C's fmod). */
static ld x87_fprem(ld x, ld y)
{
	unsigned short sw;
	do
		__asm__("fprem\n\tfnstsw %%ax"
			: "+t"(x), "=a"(sw)
			: "u"(y));
	while (sw & 0x400); /* C2: only a partial remainder so far */
	return x;
}

/* frndint in a given rounding mode (0 nearest, 1 down, 2 up, 3 toward 0). */
static ld round_mode(ld x, unsigned mode)
{
	unsigned short cw, tmp;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	tmp = (unsigned short)((cw & ~0xc00u) | mode << 10);
	__asm__ volatile("fldcw %0" : : "m"(tmp));
	__asm__ volatile("frndint" : "+t"(x));
	__asm__ volatile("fldcw %0" : : "m"(cw));
	return x;
}

static const ld LOG2E = 0x1.71547652b82fe1778p0L;
static const ld LN2 = 0xb.17217f7d1cf79acp-4L;
static const ld LN2_HI = 0xb17217f7d1cfp-48L; /* exact times n <= 2^15 */
static const ld LN2_LO = 0x79abc9e3b39803f2p-112L;
static const ld PIO2 = 0xc.90fdaa22168c235p-3L;

/* A domain error: EDOM, and the NaN an invalid operation makes (the
 * x86 "default NaN", which has its sign bit set: glibc prints "-nan"). */
static ld dom_err(void)
{
	volatile ld zero = 0;
	errno = EDOM;
	return zero / zero;
}

/* ------------------------------------------------------------ exp, log */

/* 2^x for finite x: 2^n * 2^f with n = rint(x), |f| <= 1/2. */
static ld exp2_core(ld x)
{
	if (isinf(x)) /* exact: no overflow or underflow */
		return x > 0 ? x : 0;
	if (x > 20000)
		return ld_overflow(0);
	if (x < -20000)
		return ld_underflow(0);
	ld n = x87_rndint(x);
	return x87_scale(x87_2xm1(x - n) + 1, n);
}

static ld exp_raw(ld x)
{
	if (isinf(x)) /* exact: no overflow or underflow */
		return x > 0 ? x : 0;
	if (x > 12000)
		return ld_overflow(0);
	if (x < -12000)
		return ld_underflow(0);
	/* x = n ln2 + r with r computed in extra precision, then
	 * e^r = 2^(r log2 e), whose argument is small. */
	ld n = x87_rndint(x * LOG2E);
	ld r = (x - n * LN2_HI) - n * LN2_LO;
	return x87_scale(x87_2xm1(r * LOG2E) + 1, n);
}

/* 10^x: x ln 10 in two parts, xh * LN10_HI exact (32 bits by 32), the
 * rest small; then as expl. Integral x up to 27: 10^x is exact. */
static const ld LN10_HI = 0x935d8dddp-30L;
static const ld LN10_LO = 0xaaa8ac16ea56d62cp-94L;
static const ld LN10 = 0x935d8dddaaa8ac17p-62L;

static ld exp10_raw(ld x)
{
	if (isinf(x))
		return x > 0 ? x : 0;
	if (x > 5000)
		return ld_overflow(0);
	if (x < -5000)
		return ld_underflow(0);
	if (x >= 0 && x <= 27 && fmodl(x, 1) == 0) {
		ld p = 1;
		for (int i = 0; i < (int)x; i++)
			p *= 10;
		return p;
	}
	union { ld v; struct { uint64_t m; uint16_t se; } b; } u = { .v = x };
	u.b.m &= 0xffffffff00000000ull;
	ld xh = u.v, xl = x - xh;
	ld yh = xh * LN10_HI, yl = xh * LN10_LO + xl * LN10;
	ld n = x87_rndint((yh + yl) * LOG2E);
	ld r = ((yh - n * LN2_HI) - n * LN2_LO) + yl;
	return x87_scale(x87_2xm1(r * LOG2E) + 1, n);
}

static ld exp2_raw(ld x)
{
	return exp2_core(x);
}

static ld expm1_raw(ld x)
{
	ld t = x * LOG2E;
	if (fabsl(t) <= 1)
		return x87_2xm1(t); /* accurate near 0, where it matters */
	return exp_raw(x) - 1;
}

static ld log_raw(ld x)
{
	if (x < 0)
		return dom_err();
	if (x == 0) {
		errno = ERANGE;
		return ld_pole(1);
	}
	return x87_yl2x(x, LN2);
}

static ld log2_raw(ld x)
{
	if (x < 0)
		return dom_err();
	if (x == 0) {
		errno = ERANGE;
		return ld_pole(1);
	}
	return x87_yl2x(x, 1.0L);
}

static ld log10_raw(ld x)
{
	if (x < 0)
		return dom_err();
	if (x == 0) {
		errno = ERANGE;
		return ld_pole(1);
	}
	return x87_yl2x(x, 0x9.a209a84fbcff799p-5L); /* log10(2) */
}

static ld log1p_raw(ld x)
{
	if (x < -1)
		return dom_err();
	if (x == -1) {
		errno = ERANGE;
		return ld_pole(1);
	}
	if (fabsl(x) < 0.29L)
		return x87_yl2xp1(x, LN2);
	return x87_yl2x(1 + x, LN2);
}

/* ------------------------------------------------------------ pow */

/* fmodl is exact and raises nothing, where truncl would be INEXACT. */
static int is_integer(ld y)
{
	return isfinite(y) && fmodl(y, 1) == 0;
}

static int is_odd_integer(ld y)
{
	return is_integer(y) && fabsl(y) < 0x1p64L &&
	       ((uint64_t)fabsl(y) & 1);
}

static ld pow_raw(ld x, ld y)
{
	/* C11 Annex F, in its order. */
	if (y == 0 || x == 1)
		return 1;
	if (isnan(x) || isnan(y))
		return x + y;
	if (isinf(y)) {
		ld ax = fabsl(x);
		if (ax == 1)
			return 1;
		return (ax < 1) == (y < 0) ? HUGE_VALL : 0;
	}
	int odd = is_odd_integer(y);
	if (x == 0) {
		if (y < 0) {
			errno = ERANGE;
			return ld_pole(odd && signbit(x));
		}
		return odd ? x : 0;
	}
	if (isinf(x)) {
		ld r = y < 0 ? 0 : HUGE_VALL;
		return x < 0 && odd ? -r : r;
	}
	if (x < 0 && !is_integer(y))
		return dom_err();

	ld ax = fabsl(x), r = 0;
	if (is_integer(y) && fabsl(y) <= 1024) {
		/* Exact for results that fit 64 bits: square and multiply. */
		uint64_t n = (uint64_t)fabsl(y);
		ld b = ax;
		r = 1;
		for (;;) {
			if (n & 1)
				r *= b;
			if (!(n >>= 1))
				break;
			b *= b; /* only when needed: a square may be inexact */
		}
	}
	/* Beyond long double's range the product says nothing: there the
	 * logarithm's way overflows or underflows as it should. */
	if (r == 0 || isinf(r)) {
		int e;
		ld m = frexpl(ax, &e), ey = (e - 1) * y;
		if (m == 0.5L && fabsl(ey) < 20000 && is_integer(ey))
			r = x87_scale(1, ey); /* a power of two: exact */
		else
			r = exp2_core(x87_yl2x(ax, y));
	} else if (y < 0) {
		r = 1 / r;
	}
	return x < 0 && odd ? -r : r;
}

/* ------------------------------------------------------------ trig */

/* 2/pi in binary, 1,408 bits: enough for any double's exact reduction. */
static const uint32_t two_over_pi[] = {
	0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041,
	0xfe5163ab, 0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c,
	0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41,
	0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
	0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d,
	0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08,
	0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d, 0xa9e39161, 0x5ee61b08,
	0x6599855f, 0x14a06840,
};

/* Bit i of 2/pi (bit 1 is the first after the binary point). */
static unsigned top_bit(int i)
{
	if (i < 1 || i > 32 * (int)(sizeof(two_over_pi) / 4))
		return 0;
	i--;
	return (two_over_pi[i / 32] >> (31 - i % 32)) & 1;
}

/*
 * x = q * pi/2 + r with |r| <= pi/4; returns r (long double), q mod 4 in
 * *quadrant. For a double x = m * 2^s: x * 2/pi mod 4 needs only the bits
 * of 2/pi from s - 1 to s + 192 (the ones before contribute multiples of
 * 4); 192 bits leave ~64 good bits after the worst cancellation (~61).
 */
static ld reduce(double x, int *quadrant)
{
	if (fabs(x) <= 0x1.921fb54442d18p-1) { /* pi/4 */
		*quadrant = 0;
		return x;
	}
	uint64_t bits;
	memcpy(&bits, &x, sizeof(bits));
	int be = (int)(bits >> 52) & 0x7ff;
	uint64_t m = (bits & ((1ull << 52) - 1)) | 1ull << 52;
	int s = be - 1075;

	/* w[0..5]: bits s+1 .. s+192 of 2/pi, most significant first. */
	uint32_t w[6] = { 0 };
	for (int k = 0; k < 192; k++)
		w[k / 32] |= top_bit(s + 1 + k) << (31 - k % 32);
	unsigned int_bits = top_bit(s - 1) << 1 | top_bit(s);

	/* p = m * w: 8 words, little-endian. */
	uint32_t p[8] = { 0 };
	uint32_t mw[2] = { (uint32_t)m, (uint32_t)(m >> 32) };
	for (int i = 0; i < 6; i++) {
		uint64_t carry = 0;
		for (int j = 0; j < 2; j++) {
			uint64_t t = (uint64_t)w[5 - i] * mw[j] + p[i + j] + carry;
			p[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		for (int k = i + 2; carry && k < 8; k++) {
			uint64_t t = (uint64_t)p[k] + carry;
			p[k] = (uint32_t)t;
			carry = t >> 32;
		}
	}
	/* Integer part: p[6..7] plus m * (bits s-1, s of 2/pi). */
	unsigned q = (unsigned)(p[6] + (uint32_t)(m & 3) * int_bits) & 3;
	/* Fraction p[5..0] / 2^192, as a 128-bit fixed point. */
	uint64_t hi = (uint64_t)p[5] << 32 | p[4];
	uint64_t lo = (uint64_t)p[3] << 32 | p[2];
	int neg = 0;
	if (hi >> 63) { /* fraction >= 1/2: take fraction - 1 */
		q = (q + 1) & 3;
		hi = ~hi;
		lo = ~lo;
		neg = 1;
	}
	/* Normalise to 64 significant bits. */
	int shift = hi ? __builtin_clzll(hi) : 64 + (lo ? __builtin_clzll(lo) : 0);
	uint64_t top = shift == 0 ? hi
		       : shift < 64 ? hi << shift | lo >> (64 - shift)
				    : shift < 128 ? lo << (shift - 64) : 0;
	ld f = ldexpl((ld)top, -64 - shift);
	if (x < 0) { /* we reduced |x| */
		q = (4 - q) & 3;
		neg = !neg;
	}
	*quadrant = (int)q;
	return (neg ? -f : f) * PIO2;
}

/* sin and cos of |r| <= pi/4 (a little more is fine) by their Taylor
 * series in long double: only + and *, which every x87 (and every
 * emulator of one) does exactly rounded; fsin and fcos are not accurate
 * everywhere (QEMU's TCG computes them in double precision). The first
 * omitted term is below 2^-70 of the result. */
static const ld sin_coef[] = {
	-0xaaaaaaaaaaaaaaabp-66L, 0x8888888888888889p-70L,
	-0xd00d00d00d00d00dp-76L, 0xb8ef1d2ab6399c7dp-82L,
	-0xd7322b3faa271c7fp-89L, 0xb092309d43684be5p-96L,
	-0xd73f9f399dc0f88fp-104L, 0xca963b81856a5359p-112L,
	-0x97a4da340a0ab926p-120L, 0xb8dc77b6e7ab8c5fp-129L,
	-0xbb0da098b1c0ceccp-138L,
};
static const ld cos_coef[] = {
	-0x8000000000000000p-64L, 0xaaaaaaaaaaaaaaabp-68L,
	-0xb60b60b60b60b60bp-73L, 0xd00d00d00d00d00dp-79L,
	-0x93f27dbbc4fae397p-85L, 0x8f76c77fc6c4bdaap-92L,
	-0xc9cba54603e4e906p-100L, 0xd73f9f399dc0f88fp-108L,
	-0xb413c31dcbecbbdep-116L, 0xf2a15d201011283dp-125L,
	-0x8671cb6dbfc294a3p-133L, 0xf96780cb97abbe65p-143L,
};

static ld sin_poly(ld r)
{
	ld r2 = r * r, p = 0;
	for (int i = (int)(sizeof(sin_coef) / sizeof(*sin_coef)) - 1; i >= 0; i--)
		p = p * r2 + sin_coef[i];
	return r + r * r2 * p;
}

static ld cos_poly(ld r)
{
	ld r2 = r * r, p = 0;
	for (int i = (int)(sizeof(cos_coef) / sizeof(*cos_coef)) - 1; i >= 0; i--)
		p = p * r2 + cos_coef[i];
	return 1 + r2 * p;
}

static ld sin_q(ld r, int q)
{
	switch (q) {
	case 0: return sin_poly(r);
	case 1: return cos_poly(r);
	case 2: return -sin_poly(r);
	default: return -cos_poly(r);
	}
}

/* Of a double argument, reduced exactly; not yet rounded to double. */
static ld sin_d(double x)
{
	int q;
	if (x == 0) /* keeps the sign of a zero */
		return x;
	if (isinf(x))
		return dom_err();
	ld r = reduce(x, &q);
	return sin_q(r, q);
}

static ld cos_d(double x)
{
	int q;
	if (isinf(x))
		return dom_err();
	ld r = reduce(x, &q);
	return sin_q(r, (q + 1) & 3);
}

static ld tan_d(double x)
{
	int q;
	if (x == 0) /* keeps the sign of a zero */
		return x;
	if (isinf(x))
		return dom_err();
	ld r = reduce(x, &q);
	ld s = sin_poly(r), c = cos_poly(r);
	return q & 1 ? -c / s : s / c;
}

/* sin, cos, tan and their float forms: the exact reduction of a double. */
#define TRIG_WRAP(name)                                                     \
	double name(double x)                                               \
	{                                                                   \
		struct math_flags s;                                        \
		if (isnan(x))                                               \
			return x + x;                                       \
		flags_hold(&s);                                             \
		FLAGS_PIN(x);                                               \
		ld r = name##_d(x);                                         \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_d(r, f, isinf(x));                             \
	}                                                                   \
	float name##f(float x)                                              \
	{                                                                   \
		struct math_flags s;                                        \
		if (isnan(x))                                               \
			return x + x;                                       \
		flags_hold(&s);                                             \
		double dx = x;                                              \
		FLAGS_PIN(dx);                                              \
		ld r = name##_d(dx);                                        \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_f(r, f, isinf(x));                             \
	}

TRIG_WRAP(sin)
TRIG_WRAP(cos)
TRIG_WRAP(tan)

/* long double: x = n pi/2 + r with pi/2 in four parts (32, 32, 32 and
 * 64 bits: n times each of the first three is exact for |n| < 2^31, and
 * each subtraction cancels exactly), for
 * |x| < 2^30; beyond, fprem1's exact remainder by the 64-bit pi/2 (the
 * constant's error then grows with x: see docs/sdk.md). */
static const ld PIO2_1 = 0xc90fdaa200000000p-63L;
static const ld PIO2_2 = 0x85a308d300000000p-97L;
static const ld PIO2_3 = 0x98cc517000000000p-132L;
static const ld PIO2_4 = 0xdc1cd129024e088ap-167L;
static const ld TWO_OVER_PI = 0xa2f9836e4e441529p-64L;

static ld reduce_l(ld x, int *quadrant)
{
	if (fabsl(x) <= PIO2 / 2) {
		*quadrant = 0;
		return x;
	}
	if (fabsl(x) < 0x1p30L) {
		ld n = x87_rndint(x * TWO_OVER_PI);
		*quadrant = (int)((long long)n & 3);
		return (((x - n * PIO2_1) - n * PIO2_2) - n * PIO2_3) - n * PIO2_4;
	}
	unsigned short sw;
	ld r = x;
	do
		__asm__("fprem1\n\tfnstsw %%ax" : "+t"(r), "=a"(sw) : "u"(PIO2));
	while (sw & 0x400);
	*quadrant = ((sw >> 8 & 1) << 2 | (sw >> 14 & 1) << 1 | (sw >> 9 & 1)) & 3;
	if (x < 0)
		*quadrant = (4 - *quadrant) & 3;
	return r;
}

static ld sin_raw(ld x)
{
	int q;
	if (x == 0) /* keeps the sign of a zero */
		return x;
	if (isinf(x))
		return dom_err();
	ld r = reduce_l(x, &q);
	return sin_q(r, q);
}

static ld cos_raw(ld x)
{
	int q;
	if (isinf(x))
		return dom_err();
	ld r = reduce_l(x, &q);
	return sin_q(r, (q + 1) & 3);
}

static ld tan_raw(ld x)
{
	int q;
	if (x == 0) /* keeps the sign of a zero */
		return x;
	if (isinf(x))
		return dom_err();
	ld r = reduce_l(x, &q);
	ld s = sin_poly(r), c = cos_poly(r);
	return q & 1 ? -c / s : s / c;
}

static ld atan2_raw(ld y, ld x)
{
	return x87_atan2(y, x);
}

static ld atan_raw(ld x)
{
	return x87_atan2(x, 1.0L);
}

static ld asin_raw(ld x)
{
	if (fabsl(x) > 1)
		return dom_err();
	return x87_atan2(x, x87_sqrt(fabsl((1 - x) * (1 + x))));
}

static ld acos_raw(ld x)
{
	if (fabsl(x) > 1)
		return dom_err();
	/* fabsl: in the downward mode 1 - 1 is -0, whose root is -0. */
	return x87_atan2(x87_sqrt(fabsl((1 - x) * (1 + x))), x);
}

static ld sinh_raw(ld x)
{
	if (fabsl(x) < 1) {
		ld e = expm1l(x);
		return (e + e / (e + 1)) / 2;
	}
	return (expl(x) - expl(-x)) / 2;
}

static ld cosh_raw(ld x)
{
	ld e = expl(fabsl(x));
	return (e + 1 / e) / 2;
}

static ld tanh_raw(ld x)
{
	if (fabsl(x) > 23)
		return copysignl(1, x);
	ld e = expm1l(2 * x);
	return e / (e + 2);
}

/* ------------------------------------------------------------ exact ones */

long double fabsl(long double x) { return __builtin_fabsl(x); }
long double sqrtl(long double x) { return isless(x, 0) ? dom_err() : x87_sqrt(x); }
long double floorl(long double x) { return round_mode(x, 1); }
long double ceill(long double x) { return round_mode(x, 2); }
long double truncl(long double x) { return round_mode(x, 3); }
long double rintl(long double x) { return x87_rndint(x); }

/* rint without INEXACT (an invalid sNaN stays). */
long double nearbyintl(long double x)
{
	struct math_flags s;
	flags_hold(&s);
	FLAGS_PIN(x);
	ld r = x87_rndint(x);
	FLAGS_PIN(r);
	flags_raise(flags_take(&s) & MF_INVALID);
	return r;
}

long double roundl(long double x)
{
	if (!isfinite(x)) /* inf - inf below would be INVALID */
		return x;
	ld t = truncl(x);
	/* x - t is exact: t has x's leading bits. */
	return fabsl(x - t) >= 0.5L ? t + copysignl(1, x) : t;
}

long double fmodl(long double x, long double y)
{
	if (isinf(x) || y == 0)
		return isnan(x) || isnan(y) ? x + y : dom_err();
	return x87_fprem(x, y);
}

static ld cbrt_raw(ld x)
{
	if (x == 0 || !isfinite(x))
		return x + x;
	ld a = fabsl(x), scale = 1;
	/* Tiny (subnormal) arguments: r * r * r below would underflow. Work
	 * 2^192 higher and take 2^64 off the root. */
	if (a < 0x1p-16000L) {
		a *= 0x1p192L;
		scale = 0x1p-64L;
	}
	ld r = exp2_core(x87_yl2x(a, 1.0L / 3));
	r -= (r * r * r - a) / (3 * r * r); /* one Newton step */
	return copysignl(r * scale, x);
}

static ld hypot_raw(ld x, ld y)
{
	if (isinf(x) || isinf(y))
		return HUGE_VALL;
	if (isnan(x) || isnan(y))
		return x + y;
	/* Double arguments cannot overflow the squares in long double; long
	 * double ones can (hypotl(LDBL_MAX, 0)): scale the larger to about 1
	 * first, exactly, and back. */
	ld ax = fabsl(x), ay = fabsl(y);
	if (ax < ay) {
		ld t = ax;
		ax = ay;
		ay = t;
	}
	if (ay == 0) /* exact, also for the largest and the subnormals */
		return ax;
	int e;
	frexpl(ax, &e);
	if (e < 8000 && e > -8000)
		return x87_sqrt(ax * ax + ay * ay);
	ax = ldexpl(ax, -e);
	ay = ldexpl(ay, -e);
	return ldexpl(x87_sqrt(ax * ax + ay * ay), e);
}

long double copysignl(long double x, long double y) { return __builtin_copysignl(x, y); }
/* Of two zeros, fmin takes -0 and fmax +0, as Annex F recommends. */
long double fminl(long double x, long double y)
{
	if (isnan(x) || isnan(y))
		return isnan(x) ? y : x;
	if (x == y)
		return signbit(x) ? x : y;
	return x < y ? x : y;
}

long double fmaxl(long double x, long double y)
{
	if (isnan(x) || isnan(y))
		return isnan(x) ? y : x;
	if (x == y)
		return signbit(x) ? y : x;
	return x > y ? x : y;
}
long double fdiml(long double x, long double y) { return isnan(x) || isnan(y) ? x + y : x > y ? x - y : 0; }

long double frexpl(long double x, int *e)
{
	if (x == 0 || !isfinite(x)) {
		*e = 0;
		return x + x;
	}
	union { ld v; struct { uint64_t m; uint16_t se; } b; } u = { .v = x };
	int be = u.b.se & 0x7fff;
	if (be == 0) { /* subnormal: scale up first */
		u.v *= 0x1p64L;
		be = (u.b.se & 0x7fff) - 64;
	} else {
		be = u.b.se & 0x7fff;
	}
	*e = be - 16382;
	u.b.se = (uint16_t)((u.b.se & 0x8000) | 16382);
	return u.v;
}

long double ldexpl(long double x, int e)
{
	/* fscale takes the exponent as a long double: no overflow games. */
	ld r = x87_scale(x, (ld)e);
	if (isinf(r) && isfinite(x))
		errno = ERANGE;
	return r;
}

/* ------------------------------------------------------------ double */

/* Most double functions are their long double twin, rounded once. */
/* Exact functions: the long double result is the double one. */
#define FROM_LONG1(name) \
	double name(double x) { return (double)name##l(x); } \
	float name##f(float x) { return (float)name##l(x); }
#define FROM_LONG2(name) \
	double name(double x, double y) { return (double)name##l(x, y); } \
	float name##f(float x, float y) { return (float)name##l(x, y); }

FROM_LONG1(fabs)
FROM_LONG1(floor)
FROM_LONG1(ceil)
FROM_LONG1(round)
FROM_LONG1(trunc)
FROM_LONG1(rint)
FROM_LONG1(nearbyint)
FROM_LONG2(fmod)
FROM_LONG2(copysign)
FROM_LONG2(fmin)
FROM_LONG2(fmax)
FROM_LONG2(fdim)

/* The rest round once, with the flags of <math_flags.h>. */
MATH_WRAP1(exp)
MATH_WRAP1(exp2)
MATH_WRAP1(exp10)
MATH_WRAP1(expm1)
MATH_WRAP1(log)
MATH_WRAP1(log2)
MATH_WRAP1(log10)
MATH_WRAP1(log1p)
MATH_WRAP_L1(sin)
MATH_WRAP_L1(cos)
MATH_WRAP_L1(tan)
MATH_WRAP1(asin)
MATH_WRAP1(acos)
MATH_WRAP1(atan)
MATH_WRAP1(sinh)
MATH_WRAP1(cosh)
MATH_WRAP1(tanh)
MATH_WRAP1(cbrt)
MATH_WRAP2(atan2)
MATH_WRAP2_NAN(pow, 0)
MATH_WRAP2_NAN(hypot, 0)

static double range_check(ld r)
{
	double d = (double)r;
	if ((isinf(d) && isfinite(r)) || (d == 0 && r != 0))
		errno = ERANGE;
	return d;
}

/* isless: a quiet comparison, no INVALID for a NaN. */
double sqrt(double x)
{
	if (isless(x, 0))
		return (double)dom_err();
	__asm__("sqrtsd %1, %0" : "=x"(x) : "x"(x));
	return x;
}

float sqrtf(float x)
{
	if (isless(x, 0))
		return (float)dom_err();
	__asm__("sqrtss %1, %0" : "=x"(x) : "x"(x));
	return x;
}


double frexp(double x, int *e) { return (double)frexpl(x, e); }
float frexpf(float x, int *e) { return (float)frexpl(x, e); }
double ldexp(double x, int e) { return range_check(ldexpl(x, e)); }
float ldexpf(float x, int e) { return (float)ldexp(x, e); }
double scalbn(double x, int e) { return ldexp(x, e); }
float scalbnf(float x, int e) { return ldexpf(x, e); }

double modf(double x, double *ip)
{
	double t = trunc(x);
	*ip = t;
	return isinf(x) ? copysign(0, x) : copysign(x - t, x);
}

float modff(float x, float *ip)
{
	double i;
	float f = (float)modf(x, &i);
	*ip = (float)i;
	return f;
}

int ilogb(double x)
{
	int e;
	if (x == 0 || isnan(x) || isinf(x)) {
		flags_raise(MF_INVALID); /* Annex F */
		return isinf(x) ? 2147483647 : FP_ILOGB0;
	}
	frexp(x, &e);
	return e - 1;
}

double logb(double x)
{
	if (x == 0) {
		errno = ERANGE;
		return (double)ld_pole(1);
	}
	if (!isfinite(x))
		return x * x;
	return ilogb(x);
}

long lround(double x) { return (long)round(x); }
long long llround(double x) { return (long long)round(x); }
long lrint(double x) { return (long)rint(x); }
long long llrint(double x) { return (long long)rint(x); }

double nan(const char *tag) { (void)tag; return __builtin_nan(""); }
float nanf(const char *tag) { (void)tag; return __builtin_nanf(""); }

/* Annex F: a step to infinity overflows, one to a subnormal or zero
 * underflows (both inexact); C11 7.12.11.3 wants ERANGE too. */
static void next_flags(ld r, ld min)
{
	if (isinf(r) || fabsl(r) < min) {
		errno = ERANGE;
		flags_raise(MF_INEXACT | (isinf(r) ? MF_OVERFLOW : MF_UNDERFLOW));
	}
}

double nextafter(double x, double y)
{
	uint64_t b;
	if (isnan(x) || isnan(y))
		return x + y;
	if (x == y)
		return y;
	if (x == 0) {
		x = copysign(0x1p-1074, y);
	} else {
		memcpy(&b, &x, sizeof(b));
		b += (x < y) == (x > 0) ? 1 : -1;
		memcpy(&x, &b, sizeof(x));
	}
	next_flags(x, DBL_MIN);
	return x;
}

float nextafterf(float x, float y)
{
	uint32_t b;
	if (isnan(x) || isnan(y))
		return x + y;
	if (x == y)
		return y;
	if (x == 0) {
		x = copysignf(0x1p-149f, y);
	} else {
		memcpy(&b, &x, sizeof(b));
		b += (x < y) == (x > 0) ? 1 : (uint32_t)-1;
		memcpy(&x, &b, sizeof(x));
	}
	next_flags(x, FLT_MIN);
	return x;
}
