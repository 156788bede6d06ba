/*
 * <tgmath.h>: type-generic math (C99 7.22) with GCC's __builtin_tgmath,
 * which picks the float, double or long double function by the arguments'
 * types the way C specifies (integers count as double). A complex
 * argument picks the complex function where <complex.h> has one (exp,
 * log, pow, sqrt, fabs); the others take real arguments only.
 */
#ifndef _KVMKIT_TGMATH_H
#define _KVMKIT_TGMATH_H

#include <math.h>

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#include <complex.h>
#define __KVMKIT_TGC(fn, cfn, ...) \
	__builtin_tgmath(fn##f, fn, fn##l, cfn##f, cfn, cfn##l, __VA_ARGS__)
#else
#define __KVMKIT_TGC(fn, cfn, ...) __KVMKIT_TG(fn, __VA_ARGS__)
#endif

#define __KVMKIT_TG(fn, ...) __builtin_tgmath(fn##f, fn, fn##l, __VA_ARGS__)

#define acos(x)         __KVMKIT_TG(acos, x)
#define asin(x)         __KVMKIT_TG(asin, x)
#define atan(x)         __KVMKIT_TG(atan, x)
#define acosh(x)        __KVMKIT_TG(acosh, x)
#define asinh(x)        __KVMKIT_TG(asinh, x)
#define atanh(x)        __KVMKIT_TG(atanh, x)
#define cos(x)          __KVMKIT_TG(cos, x)
#define sin(x)          __KVMKIT_TG(sin, x)
#define tan(x)          __KVMKIT_TG(tan, x)
#define cosh(x)         __KVMKIT_TG(cosh, x)
#define sinh(x)         __KVMKIT_TG(sinh, x)
#define tanh(x)         __KVMKIT_TG(tanh, x)
#define exp(x)          __KVMKIT_TGC(exp, cexp, x)
#define log(x)          __KVMKIT_TGC(log, clog, x)
#define pow(x, y)       __KVMKIT_TGC(pow, cpow, x, y)
#define sqrt(x)         __KVMKIT_TGC(sqrt, csqrt, x)
#define fabs(x)         __KVMKIT_TGC(fabs, cabs, x)
#define atan2(y, x)     __KVMKIT_TG(atan2, y, x)
#define cbrt(x)         __KVMKIT_TG(cbrt, x)
#define ceil(x)         __KVMKIT_TG(ceil, x)
#define copysign(x, y)  __KVMKIT_TG(copysign, x, y)
#define erf(x)          __KVMKIT_TG(erf, x)
#define erfc(x)         __KVMKIT_TG(erfc, x)
#define exp2(x)         __KVMKIT_TG(exp2, x)
#define expm1(x)        __KVMKIT_TG(expm1, x)
#define fdim(x, y)      __KVMKIT_TG(fdim, x, y)
#define floor(x)        __KVMKIT_TG(floor, x)
#define fma(x, y, z)    __KVMKIT_TG(fma, x, y, z)
#define fmax(x, y)      __KVMKIT_TG(fmax, x, y)
#define fmin(x, y)      __KVMKIT_TG(fmin, x, y)
#define fmod(x, y)      __KVMKIT_TG(fmod, x, y)
#define frexp(x, e)     __KVMKIT_TG(frexp, x, e)
#define hypot(x, y)     __KVMKIT_TG(hypot, x, y)
#define ilogb(x)        __KVMKIT_TG(ilogb, x)
#define ldexp(x, e)     __KVMKIT_TG(ldexp, x, e)
#define lgamma(x)       __KVMKIT_TG(lgamma, x)
#define llrint(x)       __KVMKIT_TG(llrint, x)
#define llround(x)      __KVMKIT_TG(llround, x)
#define log10(x)        __KVMKIT_TG(log10, x)
#define log1p(x)        __KVMKIT_TG(log1p, x)
#define log2(x)         __KVMKIT_TG(log2, x)
#define logb(x)         __KVMKIT_TG(logb, x)
#define lrint(x)        __KVMKIT_TG(lrint, x)
#define lround(x)       __KVMKIT_TG(lround, x)
#define nearbyint(x)    __KVMKIT_TG(nearbyint, x)
#define nextafter(x, y) __KVMKIT_TG(nextafter, x, y)
#define nexttoward(x, y) __KVMKIT_TG(nexttoward, x, y)
#define remainder(x, y) __KVMKIT_TG(remainder, x, y)
#define remquo(x, y, q) __KVMKIT_TG(remquo, x, y, q)
#define rint(x)         __KVMKIT_TG(rint, x)
#define round(x)        __KVMKIT_TG(round, x)
#define scalbn(x, e)    __KVMKIT_TG(scalbn, x, e)
#define scalbln(x, e)   __KVMKIT_TG(scalbln, x, e)
#define tgamma(x)       __KVMKIT_TG(tgamma, x)
#define trunc(x)        __KVMKIT_TG(trunc, x)

#endif
