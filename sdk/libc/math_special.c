/*
 * The error and gamma functions and the inverse hyperbolic ones, computed
 * in long double (64-bit precision) and rounded once for double and float,
 * like the rest of sdk/libc/math.c. Methods: erf by its everywhere-positive
 * series exp(-x^2) sum 2^n x^(2n+1) / (2n+1)!!, erfc by its continued
 * fraction; lgamma by Taylor series of lgamma(2 + t) (coefficients
 * zeta(k) - 1) near its zeros at 1 and 2, Stirling's series above 10 and
 * the recurrences between; tgamma by Stirling's series after shifting the
 * argument up; negative arguments by the reflection formula.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "math_flags.h"

typedef long double ld;

int signgam;

static const ld LN2 = 0xb.17217f7d1cf79acp-4L;
static const ld PI = 0xc90fdaa22168c235p-62L;
static const ld EULER = 0x93c467e37db0c7a5p-64L;
static const ld LN_SQRT_2PI = 0xeb3f8e4325f5a535p-64L;
static const ld TWO_OVER_SQRTPI = 0x906eba8214db688dp-63L;
static const ld ONE_OVER_SQRTPI = 0x906eba8214db688dp-64L;

static ld dom_err(void)
{
	volatile ld zero = 0;
	errno = EDOM;
	return zero / zero;
}

static ld pole(ld sign)
{
	errno = ERANGE;
	return ld_pole(signbit(sign));
}

/* ------------------------------------------------- inverse hyperbolic */

static ld asinh_raw(ld x)
{
	ld a = fabsl(x), r;
	if (!isfinite(x) || a < 0x1p-32L) {
		if (isfinite(x) && a != 0) /* x - x^3/6... rounds to x */
			flags_raise(MF_INEXACT);
		return x;
	}
	if (a > 0x1p32L)
		r = logl(a) + LN2;
	else
		r = log1pl(a + a * a / (1 + sqrtl(1 + a * a)));
	return copysignl(r, x);
}

static ld acosh_raw(ld x)
{
	if (isnan(x))
		return x;
	if (x < 1)
		return dom_err();
	if (x > 0x1p32L)
		return logl(x) + LN2;
	ld t = x - 1;
	return log1pl(t + sqrtl(2 * t + t * t));
}

static ld atanh_raw(ld x)
{
	ld a = fabsl(x);
	if (isnan(x) || a < 0x1p-32L) {
		if (a != 0) /* x - x^3/3... rounds to x, inexactly */
			flags_raise(MF_INEXACT);
		return x;
	}
	if (a > 1)
		return dom_err();
	if (a == 1)
		return pole(x);
	return copysignl(0.5L * log1pl(2 * a / (1 - a)), x);
}

/* ------------------------------------------------------------ erf */

/* exp(-x*x) with x*x split into an exact high part and a small rest. */
static ld exp_minus_square(ld x)
{
	union { ld v; struct { uint64_t m; uint16_t se; } b; } u = { .v = x };
	u.b.m &= 0xffffffff00000000ull;
	ld hi = u.v, lo = x - hi;
	return expl(-hi * hi) * expl(-(2 * hi * lo + lo * lo));
}

/* 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1)), x >= 0:
 * positive terms, no cancellation; used for x < 3. */
static ld erf_series(ld x)
{
	ld term = x, sum = x, x2 = 2 * x * x;
	for (int n = 1; n < 200 && term > sum * 0x1p-66L; n++) {
		term *= x2 / (2 * n + 1);
		sum += term;
	}
	return TWO_OVER_SQRTPI * exp_minus_square(x) * sum;
}

/* erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
 * evaluated from the tail; x >= 0.5. */
static ld erfc_fraction(ld x)
{
	int terms = x >= 4 ? 40 : x >= 2 ? 120 : x >= 1 ? 400 : 1600;
	ld f = x;
	for (int k = terms; k >= 1; k--)
		f = x + (k * 0.5L) / f;
	return ONE_OVER_SQRTPI * exp_minus_square(x) / f;
}

static ld erf_raw(ld x)
{
	ld a = fabsl(x), r;
	if (isnan(x))
		return x;
	if (a < 0x1p-64L)
		return x * TWO_OVER_SQRTPI;
	if (a < 3)
		r = erf_series(a);
	else if (a < 7)
		r = 1 - erfc_fraction(a);
	else
		r = 1;
	return copysignl(r, x);
}

static ld erfc_raw(ld x)
{
	if (isnan(x))
		return x;
	if (x < 0.5L)
		return 1 - erfl(x);
	if (x > 110)
		return ld_underflow(0);
	return erfc_fraction(x);
}

/* ------------------------------------------------------------ gamma */

/* zeta(k) - 1 for k = 2... */
static const ld zeta_m1[] = {
	0xa51a6625307d3231p-64L, /* zeta(2) - 1 */
	0xcee8013c01884e0ep-66L, /* zeta(3) - 1 */
	0xa8991563ec241b60p-67L, /* zeta(4) - 1 */
	0x97418eca7ccdb7a2p-68L, /* zeta(5) - 1 */
	0x8e13098124891efbp-69L, /* zeta(6) - 1 */
	0x88cb68533ce236a7p-70L, /* zeta(7) - 1 */
	0x859b57c31cb745f3p-71L, /* zeta(8) - 1 */
	0x839f3d816b570300p-72L, /* zeta(9) - 1 */
	0x825c674b772fc302p-73L, /* zeta(10) - 1 */
	0x818c6f922ccaa238p-74L, /* zeta(11) - 1 */
	0x81052d9669820cddp-75L, /* zeta(12) - 1 */
	0x80ac9d08bbdeb063p-76L, /* zeta(13) - 1 */
	0x80725795a70ab0f1p-77L, /* zeta(14) - 1 */
	0x804bde5f88df6855p-78L, /* zeta(15) - 1 */
	0x803266f5917879d0p-79L, /* zeta(16) - 1 */
	0x8021839b4334069cp-80L, /* zeta(17) - 1 */
	0x80164ca9ba265c95p-81L, /* zeta(18) - 1 */
	0x800ed847cdd24f22p-82L, /* zeta(19) - 1 */
	0x8009e2ca23374c44p-83L, /* zeta(20) - 1 */
	0x800695d59409093bp-84L, /* zeta(21) - 1 */
	0x80046336763be5d5p-85L, /* zeta(22) - 1 */
	0x8002ec789c2c62d3p-86L, /* zeta(23) - 1 */
	0x8001f2cffef08fb5p-87L, /* zeta(24) - 1 */
	0x80014c752ab19918p-88L, /* zeta(25) - 1 */
	0x8000dd98b666cc81p-89L, /* zeta(26) - 1 */
	0x800093b5c8422540p-90L, /* zeta(27) - 1 */
	0x8000627682d715cbp-91L, /* zeta(28) - 1 */
	0x800041a300d43560p-92L, /* zeta(29) - 1 */
	0x80002bc15575f0abp-93L, /* zeta(30) - 1 */
	0x80001d2b38cdcb37p-94L, /* zeta(31) - 1 */
	0x80001371fb227a6bp-95L, /* zeta(32) - 1 */
	0x80000cf692100970p-96L, /* zeta(33) - 1 */
	0x800008a456b29487p-97L, /* zeta(34) - 1 */
	0x800005c2df209c0fp-98L, /* zeta(35) - 1 */
	0x800003d73cbff65fp-99L, /* zeta(36) - 1 */
	0x8000028f7c7fcc21p-100L, /* zeta(37) - 1 */
	0x800001b4fcffcb3fp-101L, /* zeta(38) - 1 */
	0x8000012352ffd590p-102L, /* zeta(39) - 1 */
	0x800000c2372a8b78p-103L, /* zeta(40) - 1 */
	0x800000817a07067cp-104L, /* zeta(41) - 1 */
	0x80000056514f5931p-105L, /* zeta(42) - 1 */
	0x800000398b84e5f1p-106L, /* zeta(43) - 1 */
	0x800000265d009938p-107L, /* zeta(44) - 1 */
	0x800000199354661ep-108L, /* zeta(45) - 1 */
	0x800000110ce24411p-109L, /* zeta(46) - 1 */
	0x8000000b5debd80ap-110L, /* zeta(47) - 1 */
	0x8000000793f2655cp-111L, /* zeta(48) - 1 */
	0x800000050d4c2e3dp-112L, /* zeta(49) - 1 */
	0x800000035e32bed3p-113L, /* zeta(50) - 1 */
	0x800000023ecc79e2p-114L, /* zeta(51) - 1 */
	0x800000017f32f941p-115L, /* zeta(52) - 1 */
	0x80000000ff774f81p-116L, /* zeta(53) - 1 */
	0x80000000aa4f89abp-117L, /* zeta(54) - 1 */
	0x80000000718a5b72p-118L, /* zeta(55) - 1 */
	0x800000004bb19221p-119L, /* zeta(56) - 1 */
	0x8000000032766156p-120L, /* zeta(57) - 1 */
	0x8000000021a440dap-121L, /* zeta(58) - 1 */
	0x80000000166d808cp-122L, /* zeta(59) - 1 */
	0x800000000ef3ab05p-123L, /* zeta(60) - 1 */
	0x8000000009f7c757p-124L, /* zeta(61) - 1 */
	0x8000000006a52f8fp-125L, /* zeta(62) - 1 */
	0x80000000046e1fb4p-126L, /* zeta(63) - 1 */
	0x8000000002f41523p-127L, /* zeta(64) - 1 */
	0x8000000001f80e17p-128L, /* zeta(65) - 1 */
};

/* B(2k) / (2k (2k - 1)), k = 1...10: Stirling's series. */
static const ld stirling[] = {
	0xaaaaaaaaaaaaaaabp-67L, -0xb60b60b60b60b60bp-72L,
	0xd00d00d00d00d00dp-74L, -0x9c09c09c09c09c0ap-74L,
	0xdca8f158c7f91ab8p-74L, -0xfb5586ccc9e3e410p-73L,
	0xd20d20d20d20d20dp-71L, -0xf21436587a9cbee1p-69L,
	0xb7f4b1c0f033ffd1p-66L, -0xb23b3808c0f9cf6ep-63L,
};

/* lgamma(2 + t) = (1 - euler) t + sum_k>=2 (-1)^k (zeta(k) - 1) t^k / k,
 * for |t| <= 1/2. */
static ld lgamma_near2(ld t)
{
	ld sum = 0, p = -t;
	for (unsigned k = 2; k - 2 < sizeof(zeta_m1) / sizeof(*zeta_m1); k++) {
		p *= -t;
		ld term = zeta_m1[k - 2] * p / k;
		sum += term;
		if (fabsl(term) < 0x1p-70L * fabsl(sum))
			break;
	}
	return (1 - EULER) * t + sum;
}

/* Stirling's series, x >= 10: lgamma(x) - ((x - 1/2) log x - x + log
 * sqrt(2 pi)). */
static ld stirling_tail(ld x)
{
	ld inv = 1 / x, inv2 = inv * inv, sum = 0;
	for (int k = 9; k >= 0; k--)
		sum = sum * inv2 + stirling[k];
	return sum * inv;
}

/* log(gamma(x)) for x > 0. */
static ld lgamma_pos(ld x)
{
	if (x >= 10)
		return (x - 0.5L) * logl(x) - x + LN_SQRT_2PI + stirling_tail(x);
	if (x < 0.5L)
		return lgamma_pos(x + 1) - logl(x);
	if (x < 1.5L)
		return lgamma_near2(x - 1) - log1pl(x - 1);
	if (x <= 2.5L)
		return lgamma_near2(x - 2);
	/* 2.5 < x < 10: lgamma(x) = log((x-1)(x-2)...(x-n)) + lgamma(x-n). */
	ld prod = 1;
	while (x > 2.5L) {
		x -= 1;
		prod *= x;
	}
	return logl(prod) + lgamma_near2(x - 2);
}

/* sin(pi x), with x reduced exactly first. */
static ld sin_pi(ld x)
{
	ld r = fmodl(x, 2); /* exact */
	if (r > 1)
		r -= 2;
	else if (r < -1)
		r += 2;
	if (r > 0.5L)
		r = 1 - r;
	else if (r < -0.5L)
		r = -1 - r;
	return sinl(PI * r);
}

static ld lgamma_sign(ld x, int *sign)
{
	*sign = 1;
	if (isnan(x))
		return x;
	if (isinf(x))
		return HUGE_VALL;
	if (x == 0) {
		*sign = signbit(x) ? -1 : 1;
		return pole(1);
	}
	if (x > 0)
		return lgamma_pos(x);
	if (truncl(x) == x)
		return pole(1); /* a pole: +inf, ERANGE */
	/* Reflection: gamma(x) gamma(1 - x) = pi / sin(pi x). */
	ld s = sin_pi(x);
	*sign = s < 0 ? -1 : 1;
	if (x > -0x1p-64L)
		return -logl(-x);
	return logl(PI / fabsl(s)) - lgamma_pos(1 - x);
}

long double lgammal_r(long double x, int *sign)
{
	return lgamma_sign(x, sign);
}

static ld lgamma_raw(ld x)
{
	return lgamma_sign(x, &signgam);
}

static ld tgamma_raw(ld x)
{
	if (isnan(x))
		return x;
	if (x == HUGE_VALL)
		return x;
	if (x == 0)
		return pole(x);
	if (x < 0 && (isinf(x) || truncl(x) == x))
		return dom_err();
	if (x > 1755.5L) {
		errno = ERANGE;
		return ld_overflow(0);
	}
	if (x < 0) {
		if (x < -1800)
			return ld_underflow(sin_pi(x) < 0);
		/* gamma(x) = pi / (sin(pi x) gamma(1 - x)) */
		return PI / (sin_pi(x) * tgamma_raw(1 - x));
	}
	if (x < 0x1p-64L)
		return 1 / x;
	/* Shift up to 20 or more, then Stirling. */
	ld div = 1;
	while (x < 20) {
		div *= x;
		x += 1;
	}
	/* x^(x - 1/2) e^-x in two halves, so that x^(x/2 - 1/4) cannot
	 * overflow before the division. */
	ld half = powl(x, x * 0.5L - 0.25L);
	ld r = half * (expl(stirling_tail(x) - x) * 0xa06c98ffb1382cb3p-62L) *
	       half; /* sqrt(2 pi) */
	return r / div;
}

/* ------------------------------------------------------ double, float */

MATH_WRAP1(asinh)
MATH_WRAP1(acosh)
MATH_WRAP1(atanh)
MATH_WRAP1(erf)
MATH_WRAP1(erfc)
MATH_WRAP1(lgamma)
MATH_WRAP1(tgamma)

/* lgamma with the sign apart: the flags as lgamma's (signgam is set
 * there and put back). */
double lgamma_r(double x, int *sign)
{
	int keep = signgam;
	double r = lgamma(x);
	*sign = signgam;
	signgam = keep;
	return r;
}

float lgammaf_r(float x, int *sign)
{
	int keep = signgam;
	float r = lgammaf(x);
	*sign = signgam;
	signgam = keep;
	return r;
}
