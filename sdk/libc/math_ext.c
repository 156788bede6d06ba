/*
 * <math.h> functions beyond C11 that portable programs (and libc-test)
 * use: GNU's sincos and pow10, BSD's drem and scalb. exp10 is with exp in
 * math.c.
 */
#include <math.h>

void sincos(double x, double *s, double *c)
{
	*s = sin(x);
	*c = cos(x);
}

void sincosf(float x, float *s, float *c)
{
	*s = sinf(x);
	*c = cosf(x);
}

void sincosl(long double x, long double *s, long double *c)
{
	*s = sinl(x);
	*c = cosl(x);
}

double pow10(double x) { return exp10(x); }
float pow10f(float x) { return exp10f(x); }
long double pow10l(long double x) { return exp10l(x); }

double drem(double x, double y) { return remainder(x, y); }
float dremf(float x, float y) { return remainderf(x, y); }

/* x * 2^n for an integral n given as a floating value: a fractional n is
 * INVALID (and INEXACT), an infinite one scales to infinity or zero
 * (0 * inf and inf / inf are INVALID). */
static long double scalb_l(long double x, long double n, int *done)
{
	*done = 1;
	if (isnan(x) || isnan(n))
		return x * n;
	if (isinf(n))
		return n > 0 ? x * n : x / -n;
	if (rintl(n) != n) { /* INEXACT and INVALID, as glibc and musl */
		volatile long double z = 0;
		return z / z;
	}
	*done = 0;
	return n > 65000 ? 65000 : n < -65000 ? -65000 : n;
}

double scalb(double x, double n)
{
	int done;
	long double r = scalb_l(x, n, &done);
	return done ? (double)r : scalbn(x, (int)r);
}

float scalbf(float x, float n)
{
	int done;
	long double r = scalb_l(x, n, &done);
	return done ? (float)r : scalbnf(x, (int)r);
}
