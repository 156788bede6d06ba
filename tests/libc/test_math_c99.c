/*
 * The C99/C11 math functions that came after the first set: erf, erfc,
 * lgamma, tgamma, the inverse hyperbolics (against glibc's long double
 * versions, rounded: within 1 ulp, measured maxima printed), fma, fmaf and
 * fmal (bit-exact against glibc's correctly rounded ones, in all four
 * rounding modes), remainder and remquo, nextafter/nexttoward for each
 * type, and the integer-rounding forms.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kk.h"

#define D1(n) double kk_##n(double); float kk_##n##f(float); \
	long double kk_##n##l(long double);
D1(erf) D1(erfc) D1(lgamma) D1(tgamma) D1(asinh) D1(acosh) D1(atanh)
double kk_fma(double, double, double);
float kk_fmaf(float, float, float);
long double kk_fmal(long double, long double, long double);
double kk_remainder(double, double);
double kk_remquo(double, double, int *);
long double kk_nextafterl(long double, long double);
double kk_nexttoward(double, long double);
float kk_nexttowardf(float, long double);
long kk_lrintf(float), kk_lroundl(long double);
long long kk_llrintl(long double), kk_llroundf(float);
double kk_scalbln(double, long);
int kk_ilogbl(long double);
extern int kk_signgam;
long double kk_sinl(long double), kk_cosl(long double), kk_tanl(long double);
long double kk_cbrtl(long double), kk_hypotl(long double, long double);
int kk_snprintf(char *buf, size_t n, const char *fmt, ...);

static double ulp_dist(double got, long double want)
{
	if (isnan(got) || isnan(want))
		return isnan(got) && isnan(want) ? 0 : 1e9;
	if (isinf(want) || isinf(got))
		return (long double)got == want ? 0 : 1e9;
	int e;
	frexpl(want, &e);
	if (e < -1021)
		e = -1021;
	return (double)(fabsl((long double)got - want) / ldexpl(1, e - 53));
}

static double uniform(double lo, double hi)
{
	return lo + (hi - lo) * ((double)(rng_next() >> 11) / 9007199254740992.0);
}

/* A double with random bits in [2^lo, 2^hi), random sign. */
static double random_bits(int lo, int hi)
{
	uint64_t b = rng_next();
	double m;
	b = (b & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
	memcpy(&m, &b, 8);
	m = ldexp(m, lo + (int)rng_below((uint64_t)(hi - lo)));
	return rng_below(2) ? -m : m;
}

struct fn { const char *name; double (*sdk)(double);
	    long double (*ref)(long double); double lo, hi, allowed; };

static void accuracy(void)
{
	static const struct fn fns[] = {
		{ "erf", kk_erf, erfl, -6, 6, 1 },
		{ "erfc", kk_erfc, erfcl, -2, 27, 1 },
		{ "tgamma", kk_tgamma, tgammal, -170, 171, 1 },
		{ "lgamma", kk_lgamma, lgammal, 0, 1e5, 1 },
		/* Near lgamma's zeros at negative x the result cancels. */
		{ "lgamma", kk_lgamma, lgammal, -30, 0, 8 },
		{ "asinh", kk_asinh, asinhl, -1e6, 1e6, 1 },
		{ "acosh", kk_acosh, acoshl, 1, 1e6, 1 },
		{ "atanh", kk_atanh, atanhl, -1, 1, 1 },
	};
	for (size_t f = 0; f < sizeof(fns) / sizeof(*fns); f++) {
		double worst = 0, at = 0;
		for (int i = 0; i < 20000; i++) {
			double x = uniform(fns[f].lo, fns[f].hi);
			double u = ulp_dist(fns[f].sdk(x), fns[f].ref(x));
			if (u > worst) {
				worst = u;
				at = x;
			}
			CHECK("math2", u <= fns[f].allowed, "%s(%a): %a, %.2f ulp",
			      fns[f].name, x, fns[f].sdk(x), u);
		}
		printf("math2: %-6s [%g, %g] max %.3f ulp at %a\n", fns[f].name,
		       fns[f].lo, fns[f].hi, worst, at);
	}
	int s1, s2;
	kk_lgamma(-2.5);
	s1 = kk_signgam;
	lgamma(-2.5);
	s2 = signgam;
	CHECK("math2", s1 == s2 && kk_lgamma(1) == 0 && kk_lgamma(2) == 0,
	      "lgamma signgam %d %d", s1, s2);
	CHECK("math2", kk_tgamma(5) == 24 && kk_tgamma(0.5) == tgamma(0.5) &&
	      isinf(kk_tgamma(0.0)) && isnan(kk_tgamma(-1)) &&
	      isinf(kk_tgamma(172)), "tgamma special values");
	CHECK("math2", kk_erf(0) == 0 && kk_erfc(30) == 0 && kk_erf(-30) == -1 &&
	      isinf(kk_atanh(1)) && isnan(kk_acosh(0.5)), "erf/atanh/acosh specials");
}

static void fma_exact(void)
{
	static const int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD,
				     FE_TOWARDZERO };
	for (int m = 0; m < 4; m++) {
		fesetround(modes[m]);
		for (int i = 0; i < 25000; i++) {
			double x, y, z;
			switch (i % 4) {
			case 0: x = random_bits(-10, 10); y = random_bits(-10, 10);
				z = random_bits(-20, 20); break;
			case 1: /* cancellation: z close to -x*y */
				x = random_bits(-10, 10); y = random_bits(-10, 10);
				z = -x * y * (1 + ldexp(random_bits(0, 1), -35)); break;
			case 2: /* subnormal results */
				x = random_bits(-600, -400); y = random_bits(-600, -400);
				z = random_bits(-1074, -1000); break;
			default: /* huge */
				x = random_bits(900, 1023); y = random_bits(-10, 100);
				z = random_bits(-1000, 1023); break;
			}
			volatile double vx = x, vy = y, vz = z;
			double got = kk_fma(vx, vy, vz), want = fma(vx, vy, vz);
			CHECK("math2", !memcmp(&got, &want, 8) || (isnan(got) && isnan(want)),
			      "mode %d fma(%a, %a, %a) = %a, want %a", m, x, y, z, got, want);
			float fx = (float)x, fy = (float)y;
			float fz = i % 4 == 1 ? -fx * fy * (1 + 0x1p-20f) : (float)z;
			float gf = kk_fmaf(fx, fy, fz), wf = fmaf(fx, fy, fz);
			CHECK("math2", !memcmp(&gf, &wf, 4) || (isnan(gf) && isnan(wf)),
			      "mode %d fmaf(%a, %a, %a)", m, fx, fy, fz);
			long double lx = x * (1 + 0x1p-60L), ly = y, lz = z * (1 - 0x1p-61L);
			long double gl = kk_fmal(lx, ly, lz), wl = fmal(lx, ly, lz);
			CHECK("math2", !memcmp(&gl, &wl, 10) || (isnan(gl) && isnan(wl)),
			      "mode %d fmal(%La, %La, %La)", m, lx, ly, lz);
		}
	}
	fesetround(FE_TONEAREST);
	printf("math2: fma fmaf fmal bit-exact in 4 rounding modes, 100000 cases each\n");
}

static void exact_ones(void)
{
	for (int i = 0; i < 20000; i++) {
		double x = random_bits(-30, 30), y = random_bits(-30, 30);
		int q1, q2;
		double r1 = kk_remquo(x, y, &q1), r2 = remquo(x, y, &q2);
		CHECK("math2", r1 == r2 && signbit(r1) == signbit(r2) &&
		      (q1 & 7) == (q2 & 7) &&
		      (q1 == 0 || q2 == 0 || (q1 < 0) == (q2 < 0)),
		      "remquo(%a, %a) = %a %d, want %a %d", x, y, r1, q1, r2, q2);
		CHECK("math2", kk_remainder(x, y) == remainder(x, y), "remainder(%a, %a)", x, y);
		long double l = x * (1 + 0x1p-62L);
		long double n1 = kk_nextafterl(l, y), n2 = nextafterl(l, y);
		CHECK("math2", !memcmp(&n1, &n2, 10), "nextafterl(%La, %a)", l, y);
		CHECK("math2", kk_nexttoward(x, l) == nexttoward(x, l) &&
		      kk_nexttowardf((float)x, y) == nexttowardf((float)x, y),
		      "nexttoward(%a, %La)", x, l);
		double r = uniform(-1e6, 1e6);
		CHECK("math2", kk_lrintf((float)r) == lrintf((float)r) &&
		      kk_lroundl(r) == lroundl(r) && kk_llrintl(r) == llrintl(r) &&
		      kk_llroundf((float)r) == llroundf((float)r), "l*rint/l*round(%a)", r);
	}
	/* Crossing a binade, subnormals and the ends of the range. */
	static const long double edges[] = { 0x1p-16382L, 0x1p-16445L, 1.0L,
					     0x1.fffffffffffffffep16383L, 0 };
	for (size_t i = 0; i < sizeof(edges) / sizeof(*edges); i++) {
		for (int d = -1; d <= 1; d += 2) {
			long double n1 = kk_nextafterl(edges[i], d * INFINITY);
			long double n2 = nextafterl(edges[i], d * INFINITY);
			CHECK("math2", !memcmp(&n1, &n2, 10) || n1 == n2,
			      "nextafterl(%La, %d inf) = %La, want %La", edges[i], d, n1, n2);
		}
	}
	CHECK("math2", kk_scalbln(1, 1L << 40) == INFINITY && kk_scalbln(1, -(1L << 40)) == 0 &&
	      kk_ilogbl(0x1p-16400L) == -16400, "scalbln/ilogbl");
}

/* Distance in units of the last place of a long double. */
static double ulp_l(long double got, long double want)
{
	if (isnan(got) || isnan(want))
		return isnan(got) && isnan(want) ? 0 : 1e9;
	if (got == want)
		return 0;
	int e = ilogbl(want);
	if (e < -16382)
		e = -16382;
	return (double)(fabsl(got - want) / ldexpl(1, e - 63));
}

/* The long double trig functions reduce with a four-part pi/2 (they were
 * thousands of ulps off near 8 with the x87's own reduction) and use no
 * fsin/fcos (which QEMU's TCG computes in double precision). */
static void long_double_fixes(void)
{
	double worst[3] = { 0 };
	for (int i = 0; i < 30000; i++) {
		long double x;
		switch (i % 3) {
		case 0: x = uniform(-1e9, 1e9); break;
		case 1: x = 8 + uniform(-1, 1); break;
		default: /* next to multiples of pi/2 */
			x = (long double)rng_below(1000) * 1.5707963267948966192313216916397514L *
			    (1 + ldexpl(uniform(0, 1), -60));
		}
		double u[3] = { ulp_l(kk_sinl(x), sinl(x)), ulp_l(kk_cosl(x), cosl(x)),
				ulp_l(kk_tanl(x), tanl(x)) };
		for (int k = 0; k < 3; k++) {
			if (u[k] > worst[k])
				worst[k] = u[k];
			CHECK("math2", u[k] <= 8, "%s(%La): %.1f ulp",
			      k == 0 ? "sinl" : k == 1 ? "cosl" : "tanl", x, u[k]);
		}
	}
	printf("math2: sinl cosl tanl [-1e9, 1e9] max %.0f %.0f %.0f long double ulps\n",
	       worst[0], worst[1], worst[2]);
	static const long double tiny[] = { 0x1p-16445L, 0x1.8p-16440L, 0x1p-16383L,
					    -0x1.234p-16400L };
	for (size_t i = 0; i < sizeof(tiny) / sizeof(*tiny); i++)
		CHECK("math2", ulp_l(kk_cbrtl(tiny[i]), cbrtl(tiny[i])) <= 2,
		      "cbrtl(%La) = %La, want %La", tiny[i], kk_cbrtl(tiny[i]), cbrtl(tiny[i]));
	CHECK("math2", kk_hypotl(LDBL_MAX, 0) == LDBL_MAX &&
	      kk_hypotl(0, -LDBL_MAX) == LDBL_MAX &&
	      ulp_l(kk_hypotl(LDBL_MAX / 2, LDBL_MAX / 2), hypotl(LDBL_MAX / 2, LDBL_MAX / 2)) <= 1 &&
	      ulp_l(kk_hypotl(0x1p-16440L, 0x1p-16441L), hypotl(0x1p-16440L, 0x1p-16441L)) <= 1 &&
	      isinf(kk_hypotl(LDBL_MAX, LDBL_MAX)), "hypotl at the ends of the range");
	/* Unnormals, pseudo-infinities and pseudo-NaNs print as nan. */
	static const struct { uint64_t m; uint16_t se; const char *want; } bad[] = {
		{ 0x4000000000000000ull, 0x3fff, "nan" },
		{ 0, 0x7fff, "nan" },
		{ 0x4000000000000000ull, 0x7fff, "nan" },
		{ 0, 0xc000, "-nan" },
		{ 0x8000000000000000ull, 0, "0x8p-16385" }, /* pseudo-denormal: a number */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		long double v;
		char got[64], ref[64];
		memset(&v, 0, sizeof(v));
		memcpy(&v, &bad[i].m, 8);
		memcpy((char *)&v + 8, &bad[i].se, 2);
		kk_snprintf(got, sizeof(got), "%La", v);
		snprintf(ref, sizeof(ref), "%La", v);
		CHECK("math2", !strcmp(got, bad[i].want) && !strcmp(got, ref),
		      "%%La of encoding %04x:%016llx: %s, glibc %s", bad[i].se,
		      (unsigned long long)bad[i].m, got, ref);
	}
}

void suite_math_c99(void)
{
	long_double_fixes();
	accuracy();
	fma_exact();
	exact_ones();
}
