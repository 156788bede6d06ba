/*
 * <math.h> for kvmkit guests (sdk/libc/math.c). Accuracy of each function
 * is listed in docs/sdk.md. Classification macros use GCC builtins, which
 * work for float, double and long double alike.
 */
#ifndef _KVMKIT_MATH_H
#define _KVMKIT_MATH_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

#define HUGE_VAL  (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define HUGE_VALL (__builtin_huge_vall())
#define INFINITY  (__builtin_inff())
#define NAN       (__builtin_nanf(""))

/* SSE arithmetic: float and double are evaluated in their own type. */
typedef float float_t;
typedef double double_t;

#define FP_NAN       0
#define FP_INFINITE  1
#define FP_ZERO      2
#define FP_SUBNORMAL 3
#define FP_NORMAL    4

#define FP_ILOGB0   (-2147483647 - 1)
#define FP_ILOGBNAN (-2147483647 - 1)

#define MATH_ERRNO       1
#define MATH_ERREXCEPT   2
#define math_errhandling (MATH_ERRNO | MATH_ERREXCEPT)

#define fpclassify(x) \
	__builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, \
			     FP_ZERO, x)
#define isnan(x)      __builtin_isnan(x)
#define isinf(x)      __builtin_isinf_sign(x)
#define isfinite(x)   __builtin_isfinite(x)
#define isnormal(x)   __builtin_isnormal(x)
#define signbit(x)    __builtin_signbit(x)
#define isgreater(x, y)      __builtin_isgreater(x, y)
#define isgreaterequal(x, y) __builtin_isgreaterequal(x, y)
#define isless(x, y)         __builtin_isless(x, y)
#define islessequal(x, y)    __builtin_islessequal(x, y)
#define islessgreater(x, y)  __builtin_islessgreater(x, y)
#define isunordered(x, y)    __builtin_isunordered(x, y)

/* POSIX/XSI constants, handy and expected by much portable code. */
#define M_E        2.7182818284590452354
#define M_LOG2E    1.4426950408889634074
#define M_LOG10E   0.43429448190325182765
#define M_LN2      0.69314718055994530942
#define M_LN10     2.30258509299404568402
#define M_PI       3.14159265358979323846
#define M_PI_2     1.57079632679489661923
#define M_PI_4     0.78539816339744830962
#define M_1_PI     0.31830988618379067154
#define M_2_PI     0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2    1.41421356237309504880
#define M_SQRT1_2  0.70710678118654752440

#define __KVMKIT_MATH1(name) \
	double name(double x); float name##f(float x); \
	long double name##l(long double x);
#define __KVMKIT_MATH2(name) \
	double name(double x, double y); float name##f(float x, float y); \
	long double name##l(long double x, long double y);

__KVMKIT_MATH1(fabs)
__KVMKIT_MATH1(sqrt)
__KVMKIT_MATH1(cbrt)
__KVMKIT_MATH1(floor)
__KVMKIT_MATH1(ceil)
__KVMKIT_MATH1(round)
__KVMKIT_MATH1(trunc)
__KVMKIT_MATH1(rint)
__KVMKIT_MATH1(nearbyint)
__KVMKIT_MATH1(exp)
__KVMKIT_MATH1(exp2)
__KVMKIT_MATH1(expm1)
__KVMKIT_MATH1(log)
__KVMKIT_MATH1(log2)
__KVMKIT_MATH1(log10)
__KVMKIT_MATH1(log1p)
__KVMKIT_MATH1(sin)
__KVMKIT_MATH1(cos)
__KVMKIT_MATH1(tan)
__KVMKIT_MATH1(asin)
__KVMKIT_MATH1(acos)
__KVMKIT_MATH1(atan)
__KVMKIT_MATH1(sinh)
__KVMKIT_MATH1(cosh)
__KVMKIT_MATH1(tanh)
__KVMKIT_MATH2(fmod)
__KVMKIT_MATH2(pow)
__KVMKIT_MATH2(atan2)
__KVMKIT_MATH2(hypot)
__KVMKIT_MATH2(copysign)
__KVMKIT_MATH2(fmin)
__KVMKIT_MATH2(fmax)
__KVMKIT_MATH2(fdim)

__KVMKIT_MATH1(acosh)
__KVMKIT_MATH1(asinh)
__KVMKIT_MATH1(atanh)
__KVMKIT_MATH1(erf)
__KVMKIT_MATH1(erfc)
__KVMKIT_MATH1(lgamma)
__KVMKIT_MATH1(tgamma)
__KVMKIT_MATH1(logb)
__KVMKIT_MATH2(remainder)
__KVMKIT_MATH2(nextafter)

double fma(double x, double y, double z);
float fmaf(float x, float y, float z);
long double fmal(long double x, long double y, long double z);
double remquo(double x, double y, int *quo);
float remquof(float x, float y, int *quo);
long double remquol(long double x, long double y, int *quo);
double nexttoward(double x, long double y);
float nexttowardf(float x, long double y);
long double nexttowardl(long double x, long double y);

long lround(double x);
long lroundf(float x);
long lroundl(long double x);
long long llround(double x);
long long llroundf(float x);
long long llroundl(long double x);
long lrint(double x);
long lrintf(float x);
long lrintl(long double x);
long long llrint(double x);
long long llrintf(float x);
long long llrintl(long double x);
double frexp(double x, int *e);
float frexpf(float x, int *e);
long double frexpl(long double x, int *e);
double ldexp(double x, int e);
float ldexpf(float x, int e);
long double ldexpl(long double x, int e);
double scalbn(double x, int e);
float scalbnf(float x, int e);
long double scalbnl(long double x, int e);
double scalbln(double x, long e);
float scalblnf(float x, long e);
long double scalblnl(long double x, long e);
double modf(double x, double *ip);
float modff(float x, float *ip);
long double modfl(long double x, long double *ip);
int ilogb(double x);
int ilogbf(float x);
int ilogbl(long double x);
double nan(const char *tag);
float nanf(const char *tag);
long double nanl(const char *tag);

/* lgamma's sign of gamma(x) (XSI), and the reentrant forms (glibc's). */
extern int signgam;
double lgamma_r(double x, int *sign);
float lgammaf_r(float x, int *sign);
long double lgammal_r(long double x, int *sign);

/* Beyond C11, as glibc has them (sdk/libc/math_ext.c): GNU's exp10,
 * pow10 and sincos, BSD's drem and scalb. */
__KVMKIT_MATH1(exp10)
__KVMKIT_MATH1(pow10)
void sincos(double x, double *s, double *c);
void sincosf(float x, float *s, float *c);
void sincosl(long double x, long double *s, long double *c);
double drem(double x, double y);
float dremf(float x, float y);
double scalb(double x, double n);
float scalbf(float x, float n);

#undef __KVMKIT_MATH1
#undef __KVMKIT_MATH2

__KVMKIT_END_DECLS

#endif
