/*
 * Floating-point exception flags of the math functions (C11 Annex F), as
 * musl's libc-test checks them: a domain error raises INVALID, a pole
 * DIVBYZERO, a finite argument whose result is too big OVERFLOW and one
 * whose result is tiny and inexact UNDERFLOW; NaN arguments and exact
 * special cases raise nothing; flags of intermediate steps never show;
 * the caller's flags stay raised. Also the results that go with them
 * (signs of zero, the largest finite value when rounding toward zero).
 * Expected values are Annex F's (and libc-test's), not glibc's.
 */
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kk.h"

#define F1(n) double kk_##n(double);
#define F2(n) double kk_##n(double, double);
F1(exp) F1(exp2) F1(expm1) F1(exp10) F1(log) F1(log2) F1(log10) F1(log1p)
F1(sin) F1(cos) F1(tan) F1(asin) F1(acos) F1(atan) F1(sinh) F1(cosh)
F1(tanh) F1(atanh) F1(asinh) F1(sqrt) F1(round) F1(nearbyint) F1(logb)
F1(lgamma) F1(tgamma) F1(cbrt) F1(erfc)
F2(pow) F2(hypot) F2(atan2) F2(fmax) F2(fmin) F2(nextafter) F2(scalb)
double kk_remquo(double, double, int *);
float kk_powf(float, float);
long double kk_nextafterl(long double, long double);
long double kk_expl(long double), kk_logl(long double);
long double kk_roundl(long double);
long kk_lrintf(float);
int kk_ilogb(double);

#define INV FE_INVALID
#define DZ FE_DIVBYZERO
#define OF FE_OVERFLOW
#define UF FE_UNDERFLOW
#define NX FE_INEXACT
#define CHECKED (INV | DZ | OF | UF)

struct case1 {
	const char *name;
	double (*f)(double);
	int round;
	double x, want;
	int flags;
};

struct case2 {
	const char *name;
	double (*f)(double, double);
	int round;
	double x, y, want;
	int flags;
};

#define TINY 0x1p-1074
#define SUB 0x0.fffffffffffffp-1022
#define PI_DOWN 0x1.921fb54442d18p+1

static const struct case1 cases1[] = {
	{ "exp", kk_exp, FE_TONEAREST, 0x1.fffffp+1023, INFINITY, OF },
	{ "exp", kk_exp, FE_DOWNWARD, 0x1.fffffp+1023, DBL_MAX, OF },
	{ "exp", kk_exp, FE_TOWARDZERO, 0x1.fffffp+1023, DBL_MAX, OF },
	{ "exp", kk_exp, FE_TONEAREST, -0x1.fffffp+1023, 0, UF },
	{ "exp", kk_exp, FE_UPWARD, -0x1.fffffp+1023, TINY, UF },
	{ "exp", kk_exp, FE_DOWNWARD, INFINITY, INFINITY, 0 },
	{ "exp", kk_exp, FE_TONEAREST, -INFINITY, 0, 0 },
	{ "exp", kk_exp, FE_TONEAREST, NAN, NAN, 0 },
	{ "exp", kk_exp, FE_TONEAREST, 0, 1, 0 },
	{ "exp2", kk_exp2, FE_TONEAREST, INFINITY, INFINITY, 0 },
	{ "exp2", kk_exp2, FE_TONEAREST, -1075.5, 0, UF },
	{ "expm1", kk_expm1, FE_TOWARDZERO, INFINITY, INFINITY, 0 },
	{ "expm1", kk_expm1, FE_TONEAREST, -INFINITY, -1, 0 },
	{ "expm1", kk_expm1, FE_TONEAREST, TINY, TINY, UF },
	{ "exp10", kk_exp10, FE_TONEAREST, 2, 100, 0 },
	{ "exp10", kk_exp10, FE_TONEAREST, 400, INFINITY, OF },
	{ "log", kk_log, FE_TONEAREST, 0, -INFINITY, DZ },
	{ "log", kk_log, FE_TONEAREST, -0.0, -INFINITY, DZ },
	{ "log", kk_log, FE_TONEAREST, -1, NAN, INV },
	{ "log", kk_log, FE_TONEAREST, NAN, NAN, 0 },
	{ "log", kk_log, FE_TONEAREST, 1, 0, 0 },
	{ "log2", kk_log2, FE_DOWNWARD, -0.0, -INFINITY, DZ },
	{ "log10", kk_log10, FE_TONEAREST, -INFINITY, NAN, INV },
	{ "log1p", kk_log1p, FE_TONEAREST, -1, -INFINITY, DZ },
	{ "log1p", kk_log1p, FE_TONEAREST, NAN, NAN, 0 },
	{ "log1p", kk_log1p, FE_TONEAREST, -SUB, -SUB, UF },
	{ "sin", kk_sin, FE_TONEAREST, INFINITY, NAN, INV },
	{ "sin", kk_sin, FE_TONEAREST, NAN, NAN, 0 },
	{ "sin", kk_sin, FE_TONEAREST, TINY, TINY, UF },
	{ "sin", kk_sin, FE_TONEAREST, -0.0, -0.0, 0 },
	{ "cos", kk_cos, FE_TONEAREST, -INFINITY, NAN, INV },
	{ "tan", kk_tan, FE_TONEAREST, -SUB, -SUB, UF },
	{ "asin", kk_asin, FE_TONEAREST, 2, NAN, INV },
	{ "asin", kk_asin, FE_TONEAREST, NAN, NAN, 0 },
	{ "acos", kk_acos, FE_TONEAREST, NAN, NAN, 0 },
	{ "acos", kk_acos, FE_DOWNWARD, 1, 0, 0 },
	{ "acos", kk_acos, FE_DOWNWARD, -1, PI_DOWN, 0 },
	{ "atan", kk_atan, FE_TONEAREST, TINY, TINY, UF },
	{ "atan", kk_atan, FE_TONEAREST, -9 * TINY, -9 * TINY, UF },
	{ "sinh", kk_sinh, FE_TOWARDZERO, INFINITY, INFINITY, 0 },
	{ "sinh", kk_sinh, FE_TOWARDZERO, 1000, DBL_MAX, OF },
	{ "cosh", kk_cosh, FE_DOWNWARD, 0x1p1022, DBL_MAX, OF },
	{ "cosh", kk_cosh, FE_DOWNWARD, -INFINITY, INFINITY, 0 },
	{ "tanh", kk_tanh, FE_TONEAREST, SUB, SUB, UF },
	{ "atanh", kk_atanh, FE_TONEAREST, 1, INFINITY, DZ },
	{ "atanh", kk_atanh, FE_TONEAREST, -1, -INFINITY, DZ },
	{ "atanh", kk_atanh, FE_TONEAREST, 0x0.4p-1022, 0x0.4p-1022, UF },
	{ "atanh", kk_atanh, FE_TONEAREST, 2, NAN, INV },
	{ "asinh", kk_asinh, FE_TONEAREST, -TINY, -TINY, UF },
	{ "sqrt", kk_sqrt, FE_TONEAREST, NAN, NAN, 0 },
	{ "sqrt", kk_sqrt, FE_DOWNWARD, -1, NAN, INV },
	{ "sqrt", kk_sqrt, FE_TONEAREST, -0.0, -0.0, 0 },
	{ "round", kk_round, FE_TONEAREST, INFINITY, INFINITY, 0 },
	{ "round", kk_round, FE_DOWNWARD, NAN, NAN, 0 },
	{ "nearbyint", kk_nearbyint, FE_TONEAREST, 2.5, 2, 0 },
	{ "nearbyint", kk_nearbyint, FE_UPWARD, -0.5, -0.0, 0 },
	{ "logb", kk_logb, FE_TONEAREST, 0, -INFINITY, DZ },
	{ "logb", kk_logb, FE_TONEAREST, -0.0, -INFINITY, DZ },
	{ "lgamma", kk_lgamma, FE_TONEAREST, 0, INFINITY, DZ },
	{ "lgamma", kk_lgamma, FE_TONEAREST, -2, INFINITY, DZ },
	{ "tgamma", kk_tgamma, FE_TONEAREST, -0.0, -INFINITY, DZ },
	{ "tgamma", kk_tgamma, FE_TONEAREST, -1, NAN, INV },
	{ "tgamma", kk_tgamma, FE_TONEAREST, 200, INFINITY, OF },
	{ "cbrt", kk_cbrt, FE_TONEAREST, -INFINITY, -INFINITY, 0 },
};

static const struct case2 cases2[] = {
	{ "pow", kk_pow, FE_TONEAREST, 0, -1, INFINITY, DZ },
	{ "pow", kk_pow, FE_TONEAREST, -0.0, -3, -INFINITY, DZ },
	{ "pow", kk_pow, FE_TONEAREST, 0, -0x1.fffffffffffffp+1023, INFINITY, DZ },
	{ "pow", kk_pow, FE_TONEAREST, -1, 0.5, NAN, INV },
	{ "pow", kk_pow, FE_TONEAREST, 1, NAN, 1, 0 },
	{ "pow", kk_pow, FE_TONEAREST, NAN, 0, 1, 0 },
	{ "pow", kk_pow, FE_TONEAREST, SUB, 1, SUB, 0 },
	{ "pow", kk_pow, FE_TONEAREST, 0x1p+700, -1.5, 0x1p-1050, 0 },
	{ "pow", kk_pow, FE_TONEAREST, 10, 400, INFINITY, OF },
	{ "pow", kk_pow, FE_DOWNWARD, 10, 400, DBL_MAX, OF },
	{ "pow", kk_pow, FE_TONEAREST, 10, -400, 0, UF },
	{ "hypot", kk_hypot, FE_TONEAREST, 0, SUB, SUB, 0 },
	{ "hypot", kk_hypot, FE_UPWARD, 0, DBL_MAX, DBL_MAX, 0 },
	{ "hypot", kk_hypot, FE_TONEAREST, DBL_MAX, DBL_MAX, INFINITY, OF },
	{ "hypot", kk_hypot, FE_TONEAREST, NAN, INFINITY, INFINITY, 0 },
	{ "atan2", kk_atan2, FE_TONEAREST, 1, 0x1p+1023, 0x0.8p-1022, UF },
	{ "atan2", kk_atan2, FE_TONEAREST, NAN, 1, NAN, 0 },
	{ "fmax", kk_fmax, FE_TONEAREST, 0, -0.0, 0, 0 },
	{ "fmax", kk_fmax, FE_TONEAREST, -0.0, 0, 0, 0 },
	{ "fmin", kk_fmin, FE_TONEAREST, 0, -0.0, -0.0, 0 },
	{ "fmin", kk_fmin, FE_TONEAREST, -0.0, 0, -0.0, 0 },
	{ "fmax", kk_fmax, FE_TONEAREST, NAN, 1, 1, 0 },
	{ "nextafter", kk_nextafter, FE_TONEAREST, DBL_MAX, INFINITY, INFINITY, OF },
	{ "nextafter", kk_nextafter, FE_TONEAREST, TINY, 0, 0, UF },
	{ "nextafter", kk_nextafter, FE_TONEAREST, 0, 1, TINY, UF },
	{ "nextafter", kk_nextafter, FE_TONEAREST, 0x1p-1022, 0, SUB, UF },
	{ "nextafter", kk_nextafter, FE_TONEAREST, 1, 2, 0x1.0000000000001p+0, 0 },
	{ "scalb", kk_scalb, FE_TONEAREST, 1, 0.5, NAN, INV },
	{ "scalb", kk_scalb, FE_TONEAREST, 0, INFINITY, NAN, INV },
	{ "scalb", kk_scalb, FE_TONEAREST, 1, -INFINITY, 0, 0 },
	{ "scalb", kk_scalb, FE_TONEAREST, 3, 4, 48, 0 },
	{ "scalb", kk_scalb, FE_TONEAREST, 1, 0x1p100, INFINITY, OF },
};

static const char *mode_name(int r)
{
	return r == FE_TONEAREST ? "RN" : r == FE_DOWNWARD ? "RD" :
	       r == FE_UPWARD ? "RU" : "RZ";
}

/* Same value, same sign of zero, NaN for NaN. */
static int same(long double got, long double want)
{
	if (isnan(want))
		return isnan(got);
	return got == want && signbit(got) == signbit(want);
}

static void check(const char *what, int round, long double got,
		  long double want, int flags, int want_flags, int mask)
{
	CHECK("flags", same(got, want) && (flags & mask) == want_flags,
	      "%s %s = %La flags %#x, want %La flags %#x", mode_name(round),
	      what, got, flags & mask, want, want_flags);
}

void suite_math_flags(void)
{
	char what[128];
	int flags;

	for (size_t i = 0; i < sizeof(cases1) / sizeof(*cases1); i++) {
		const struct case1 *c = &cases1[i];
		fesetround(c->round);
		feclearexcept(FE_ALL_EXCEPT);
		double r = c->f(c->x);
		flags = fetestexcept(FE_ALL_EXCEPT);
		fesetround(FE_TONEAREST);
		snprintf(what, sizeof(what), "%s(%a)", c->name, c->x);
		/* nearbyint: not even INEXACT. */
		check(what, c->round, r, c->want, flags, c->flags,
		      c->f == kk_nearbyint ? CHECKED | NX : CHECKED);
	}
	for (size_t i = 0; i < sizeof(cases2) / sizeof(*cases2); i++) {
		const struct case2 *c = &cases2[i];
		fesetround(c->round);
		feclearexcept(FE_ALL_EXCEPT);
		double r = c->f(c->x, c->y);
		flags = fetestexcept(FE_ALL_EXCEPT);
		fesetround(FE_TONEAREST);
		snprintf(what, sizeof(what), "%s(%a, %a)", c->name, c->x, c->y);
		check(what, c->round, r, c->want, flags, c->flags, CHECKED);
	}

	/* float and long double forms, and the integer results. */
	feclearexcept(FE_ALL_EXCEPT);
	float pf = kk_powf(0x1p-149f, -255);
	check("powf(0x1p-149, -255)", FE_TONEAREST, pf, INFINITY,
	      fetestexcept(FE_ALL_EXCEPT), OF, CHECKED);
	feclearexcept(FE_ALL_EXCEPT);
	long double l = kk_expl(20000);
	check("expl(20000)", FE_TONEAREST, l, INFINITY,
	      fetestexcept(FE_ALL_EXCEPT), OF, CHECKED);
	feclearexcept(FE_ALL_EXCEPT);
	l = kk_logl(0);
	check("logl(0)", FE_TONEAREST, l, -INFINITY,
	      fetestexcept(FE_ALL_EXCEPT), DZ, CHECKED);
	feclearexcept(FE_ALL_EXCEPT);
	l = kk_nextafterl(0, 1);
	check("nextafterl(0, 1)", FE_TONEAREST, l, 0x1p-16445L,
	      fetestexcept(FE_ALL_EXCEPT), UF, CHECKED);
	feclearexcept(FE_ALL_EXCEPT);
	l = kk_roundl(-INFINITY);
	check("roundl(-inf)", FE_TONEAREST, l, -INFINITY,
	      fetestexcept(FE_ALL_EXCEPT), 0, CHECKED);
	feclearexcept(FE_ALL_EXCEPT);
	long n = kk_lrintf(INFINITY);
	flags = fetestexcept(FE_ALL_EXCEPT);
	CHECK("flags", n == LONG_MIN && (flags & CHECKED) == INV,
	      "lrintf(inf) = %ld flags %#x, want LONG_MIN and INVALID", n, flags);
	feclearexcept(FE_ALL_EXCEPT);
	int e = kk_ilogb(0);
	flags = fetestexcept(FE_ALL_EXCEPT);
	CHECK("flags", e == FP_ILOGB0 && (flags & CHECKED) == INV,
	      "ilogb(0) = %d flags %#x, want FP_ILOGB0 and INVALID", e, flags);

	/* remquo's quotient bits come from the remainder, not fprem1's. */
	int q;
	double rq = kk_remquo(-0x1.02239f3c6a8f1p+3, 0x1.22484b9ef31fp+2, &q);
	CHECK("flags", rq == 0x1.01256314447f8p+0 && q == -2,
	      "remquo = %a, %d; want 0x1.01256314447f8p+0, -2", rq, q);

	/* The caller's flags stay; intermediate ones never show. */
	feclearexcept(FE_ALL_EXCEPT);
	feraiseexcept(FE_OVERFLOW | FE_DIVBYZERO);
	double s = kk_sin(0.5);
	flags = fetestexcept(FE_ALL_EXCEPT);
	CHECK("flags", s == sin(0.5) && (flags & CHECKED) == (OF | DZ),
	      "sin(0.5) with OVERFLOW|DIVBYZERO raised before: flags %#x",
	      flags);
	feclearexcept(FE_ALL_EXCEPT);
	s = kk_erfc(27); /* about 5e-319, subnormal: tiny and inexact */
	flags = fetestexcept(FE_ALL_EXCEPT);
	CHECK("flags", s > 0 && s < DBL_MIN && (flags & CHECKED) == UF,
	      "erfc(27) = %a flags %#x: want a subnormal and UNDERFLOW", s,
	      flags);
	feclearexcept(FE_ALL_EXCEPT);
	s = kk_cosh(0x1p-600); /* 1 + x^2/2: no UNDERFLOW on the way */
	flags = fetestexcept(FE_ALL_EXCEPT);
	CHECK("flags", s == 1 && (flags & CHECKED) == 0,
	      "cosh(0x1p-600) = %a flags %#x: want 1, no flags", s, flags);
}
