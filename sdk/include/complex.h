/*
 * <complex.h> (C99 7.3), in part: the complex types are GCC's; the
 * functions here are the elementary ones (sdk/libc/complex.c, computed
 * from <math.h> by the textbook formulas, in all three forms): creal
 * cimag conj cproj cabs carg cexp clog csqrt cpow. Not there: the
 * complex trigonometric and hyperbolic functions (csin ... catanh). C99
 * and later only (C89 and C++ have no _Complex).
 */
#ifndef _KVMKIT_COMPLEX_H
#define _KVMKIT_COMPLEX_H

#include <kvmkit/cdefs.h>

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L

__KVMKIT_BEGIN_DECLS

#define complex _Complex
#define _Complex_I (__extension__ 1.0iF)
#define I _Complex_I
#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#define CMPLXF(x, y) __builtin_complex((float)(x), (float)(y))
#define CMPLXL(x, y) __builtin_complex((long double)(x), (long double)(y))

#define __KVMKIT_CR(name) \
	double name(double _Complex z); \
	float name##f(float _Complex z); \
	long double name##l(long double _Complex z);
#define __KVMKIT_CC(name) \
	double _Complex name(double _Complex z); \
	float _Complex name##f(float _Complex z); \
	long double _Complex name##l(long double _Complex z);

__KVMKIT_CR(creal)
__KVMKIT_CR(cimag)
__KVMKIT_CR(cabs)
__KVMKIT_CR(carg)
__KVMKIT_CC(conj)
__KVMKIT_CC(cproj)
__KVMKIT_CC(cexp)
__KVMKIT_CC(clog)
__KVMKIT_CC(csqrt)
double _Complex cpow(double _Complex z, double _Complex w);
float _Complex cpowf(float _Complex z, float _Complex w);
long double _Complex cpowl(long double _Complex z, long double _Complex w);

#undef __KVMKIT_CR
#undef __KVMKIT_CC

__KVMKIT_END_DECLS

#endif
#endif
