/*
 * <complex.h>'s elementary functions, from <math.h> by the textbook
 * formulas (each a few real operations, so within a few ulps of each
 * part except where those formulas cancel: clog near |z| = 1, csqrt of
 * huge parts). Special values: a zero imaginary part stays a signed
 * zero, so that a real argument gives the real function's result.
 */
#include <complex.h>
#include <math.h>

#define DEFINE_COMPLEX(T, S, CT)                                              \
	T creal##S(CT z) { return __real__ z; }                              \
	T cimag##S(CT z) { return __imag__ z; }                              \
	T cabs##S(CT z) { return hypot##S(__real__ z, __imag__ z); }         \
	T carg##S(CT z) { return atan2##S(__imag__ z, __real__ z); }         \
	CT conj##S(CT z) { return __builtin_complex(__real__ z, -__imag__ z); } \
	                                                                      \
	/* Infinite parts project onto the one infinity of the Riemann       \
	 * sphere (C11 7.3.9.5). */                                          \
	CT cproj##S(CT z)                                                    \
	{                                                                    \
		if (isinf(__real__ z) || isinf(__imag__ z))                  \
			return __builtin_complex((T)INFINITY,                \
					copysign##S(0, __imag__ z));         \
		return z;                                                    \
	}                                                                    \
	                                                                      \
	/* e^(x+iy) = e^x (cos y + i sin y) */                               \
	CT cexp##S(CT z)                                                     \
	{                                                                    \
		T x = __real__ z, y = __imag__ z, e = exp##S(x);             \
		if (y == 0)                                                  \
			return __builtin_complex(e, y);                      \
		return __builtin_complex(e * cos##S(y), e * sin##S(y));      \
	}                                                                    \
	                                                                      \
	/* log|z| + i arg z */                                               \
	CT clog##S(CT z)                                                     \
	{                                                                    \
		return __builtin_complex(log##S(cabs##S(z)), carg##S(z));   \
	}                                                                    \
	                                                                      \
	/* The principal root, from t = sqrt((|x| + |z|) / 2): the part     \
	 * that does not cancel. */                                          \
	CT csqrt##S(CT z)                                                    \
	{                                                                    \
		T x = __real__ z, y = __imag__ z;                            \
		if (isinf(y))                                                \
			return __builtin_complex((T)INFINITY, y);            \
		if (x == 0 && y == 0)                                        \
			return __builtin_complex((T)0, y);                   \
		T t = sqrt##S((fabs##S(x) + cabs##S(z)) / 2);               \
		if (x >= 0)                                                  \
			return __builtin_complex(t, y / (2 * t));            \
		return __builtin_complex(fabs##S(y) / (2 * t),              \
					 copysign##S(t, y));                 \
	}                                                                    \
	                                                                      \
	/* z^w = e^(w log z); 0^w is 0 for w with a positive real part. */  \
	CT cpow##S(CT z, CT w)                                               \
	{                                                                    \
		if (__real__ z == 0 && __imag__ z == 0 && __real__ w > 0)    \
			return __builtin_complex((T)0, (T)0);                \
		CT l = clog##S(z); /* w * l by hand: no libgcc __mul?c3 */    \
		T a = __real__ w, b = __imag__ w;                            \
		T c = __real__ l, d = __imag__ l;                            \
		return cexp##S(__builtin_complex(a * c - b * d,              \
						 a * d + b * c));            \
	}

DEFINE_COMPLEX(double, , double _Complex)
DEFINE_COMPLEX(float, f, float _Complex)
DEFINE_COMPLEX(long double, l, long double _Complex)
