/*
 * <complex.h>'s elementary functions against glibc's, part by part, on
 * fixed arguments in every quadrant, on the axes and at the special
 * values the SDK handles (signed zeros, infinities); and cpow through
 * <tgmath.h>'s pow of complex arguments (libc-test functional/tgmath).
 */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "kk.h"

double complex kk_cexp(double complex), kk_clog(double complex);
double complex kk_csqrt(double complex), kk_cproj(double complex);
double complex kk_conj(double complex);
double complex kk_cpow(double complex, double complex);
double kk_cabs(double complex), kk_carg(double complex);
double kk_creal(double complex), kk_cimag(double complex);
float complex kk_cexpf(float complex);
long double complex kk_csqrtl(long double complex);

/* Within n ulps of the larger part's magnitude (a part near zero next to
 * a big one is only as good as that), same sign of zero, NaN for NaN. */
static int close_part(double got, double want, double scale, double n)
{
	if (isnan(want) || isnan(got))
		return isnan(want) && isnan(got);
	if (isinf(want) || want == 0)
		return got == want && signbit(got) == signbit(want);
	return fabs(got - want) <= n * scale * 0x1p-52;
}

static int close_c(double complex got, double complex want, double n)
{
	double scale = fmax(fabs(creal(want)), fabs(cimag(want)));
	return close_part(creal(got), creal(want), scale, n) &&
	       close_part(cimag(got), cimag(want), scale, n);
}

void suite_complex(void)
{
	static const double parts[] = { 0.5, -0.5, 2, -3, 1e-3, 100, -0.0 };
	const int n = sizeof(parts) / sizeof(*parts);
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			double complex z = CMPLX(parts[i], parts[j]);
			double complex w = CMPLX(parts[j] / 4, parts[i] / 8);
			CHECK("complex", close_c(kk_cexp(z), cexp(z), 4) &&
			      close_c(kk_csqrt(z), csqrt(z), 4) &&
			      close_c(kk_conj(z), conj(z), 0) &&
			      close_c(kk_cproj(z), cproj(z), 0) &&
			      kk_creal(z) == creal(z) && kk_cimag(z) == cimag(z) &&
			      close_part(kk_cabs(z), cabs(z), cabs(z), 1) &&
			      close_part(kk_carg(z), carg(z), 4, 1),
			      "cexp csqrt conj cproj creal cimag cabs carg of %a%+ai",
			      parts[i], parts[j]);
			if (parts[i] == 0 && parts[j] == 0)
				continue; /* log 0: a pole */
			CHECK("complex", close_c(kk_clog(z), clog(z), 8) &&
			      close_c(kk_cpow(z, w), cpow(z, w), 64),
			      "clog and cpow of %a%+ai (w = %a%+ai)", parts[i],
			      parts[j], creal(w), cimag(w));
		}
	}
	/* A real argument stays real: the imaginary zero keeps its sign. */
	double complex e = kk_cexp(CMPLX(1, -0.0));
	CHECK("complex", creal(e) == exp(1) && cimag(e) == 0 && signbit(cimag(e)),
	      "cexp(1 - 0i) = %a%+ai", creal(e), cimag(e));
	double complex p = kk_cproj(CMPLX(-INFINITY, -2));
	CHECK("complex", isinf(creal(p)) && creal(p) > 0 && cimag(p) == 0 &&
	      signbit(cimag(p)), "cproj(-inf - 2i) = %a%+ai", creal(p), cimag(p));
	double complex s = kk_csqrt(CMPLX(-4, 0));
	CHECK("complex", creal(s) == 0 && cimag(s) == 2, "csqrt(-4) = %a%+ai",
	      creal(s), cimag(s));
	float complex ef = kk_cexpf(CMPLXF(0, (float)M_PI / 2));
	long double complex sl = kk_csqrtl(CMPLXL(0, 2));
	CHECK("complex", fabsf(crealf(ef)) < 1e-7f && cimagf(ef) == 1 &&
	      creall(sl) == 1 && cimagl(sl) == 1,
	      "cexpf(i pi/2) = %a%+ai, csqrtl(2i) = %La%+Lai", crealf(ef),
	      cimagf(ef), creall(sl), cimagl(sl));
}
