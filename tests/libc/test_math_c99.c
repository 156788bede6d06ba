/*
 * The C99/C11 math functions that came after the first set: erf, erfc,
 * lgamma, tgamma, the inverse hyperbolics (against glibc's long double
 * versions, rounded: within 1 ulp, measured maxima printed), fma, fmaf and
 * fmal (bit-exact against glibc's correctly rounded ones, in all four
 * rounding modes), remainder and remquo, nextafter/nexttoward for each
 * type, and the integer-rounding forms.
 */
#include <fenv.h>
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
		{ "lgamma", kk_lgamma, lgammal, -30, 0, 4 },
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

void suite_math_c99(void)
{
	accuracy();
	fma_exact();
	exact_ones();
}
