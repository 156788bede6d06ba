/*
 * Floating-point exception flags for the math functions (C11 Annex F).
 *
 * The functions compute in long double on the x87, whose intermediate
 * steps raise flags of their own (a tiny square underflows, a series
 * term is inexact, a NaN compares invalid). Annex F wants only the flags
 * of the result: so a function holds the caller's flags, computes with
 * cleared ones, then puts the caller's back and raises what the result
 * calls for: INVALID and DIVBYZERO as the computation raised them (a
 * domain error's 0/0, a pole's 1/0), OVERFLOW and UNDERFLOW only if the
 * result is infinite or tiny, INEXACT if anything was. A double or float
 * result is then rounded from the long double one, and that conversion
 * raises overflow and underflow at the narrower format's limits in the
 * current rounding mode, as an exact computation would.
 *
 * Compiler barriers: the x87 and SSE operations in between are not
 * memory accesses, so the arguments and the result pass through empty
 * volatile asm statements (FLAGS_PIN), which keep them between the hold
 * and the take, in that order.
 */
#ifndef KVMKIT_MATH_FLAGS_H
#define KVMKIT_MATH_FLAGS_H

#include <errno.h>
#include <float.h>
#include <math.h>

#define MF_INVALID   0x01
#define MF_DIVBYZERO 0x04
#define MF_OVERFLOW  0x08
#define MF_UNDERFLOW 0x10
#define MF_INEXACT   0x20
#define MF_ALL       0x3d

struct math_flags {
	unsigned short x87; /* the caller's x87 flags */
	unsigned mxcsr;     /* the caller's MXCSR flags */
};

#define FLAGS_PIN(v) __asm__ volatile("" : "+m"(v))

static inline void flags_hold(struct math_flags *s)
{
	unsigned m;
	__asm__ volatile("fnstsw %0" : "=m"(s->x87) : : "memory");
	__asm__ volatile("stmxcsr %0" : "=m"(m) : : "memory");
	s->mxcsr = m & MF_ALL;
	m &= ~(unsigned)MF_ALL;
	__asm__ volatile("fnclex\n\tldmxcsr %0" : : "m"(m) : "memory");
}

/* The flags raised since flags_hold; the caller's are back afterwards. */
static inline unsigned flags_take(const struct math_flags *s)
{
	unsigned short sw;
	unsigned m, keep;
	__asm__ volatile("fnstsw %0" : "=m"(sw) : : "memory");
	__asm__ volatile("stmxcsr %0" : "=m"(m) : : "memory");
	unsigned raised = (sw | m) & MF_ALL;
	keep = (m & ~(unsigned)MF_ALL) | s->mxcsr;
	__asm__ volatile("ldmxcsr %0" : : "m"(keep) : "memory");
	if (s->x87 & MF_ALL) {
		/* The status word is writable only through an environment:
		 * the current one (its stack top and tags), old flags. */
		struct { unsigned short cw, r1, sw, rest[11]; } env;
		__asm__ volatile("fnstenv %0" : "=m"(env) : : "memory");
		env.sw = (unsigned short)((env.sw & ~0xffu) | (s->x87 & MF_ALL));
		__asm__ volatile("fldenv %0" : : "m"(env) : "memory");
	} else {
		__asm__ volatile("fnclex" : : : "memory");
	}
	return raised;
}

/* Raise flags: in MXCSR, where no trap is taken (all are masked). */
static inline void flags_raise(unsigned f)
{
	unsigned m;
	if (!(f & MF_ALL))
		return;
	__asm__ volatile("stmxcsr %0" : "=m"(m) : : "memory");
	m |= f & MF_ALL;
	__asm__ volatile("ldmxcsr %0" : : "m"(m) : "memory");
}

/* What a result of magnitude |r| in a format whose smallest normal is
 * min keeps of the computation's flags f; inf_arg: an argument was
 * infinite (then the result is exact or a NaN: no overflow, underflow). */
static inline unsigned flags_for(long double r, unsigned f, int inf_arg,
				 long double min)
{
	unsigned keep = f & (MF_INVALID | MF_DIVBYZERO | MF_INEXACT);
	if (inf_arg)
		return keep;
	if (__builtin_isinf(r) && (f & MF_OVERFLOW))
		keep |= MF_OVERFLOW | MF_INEXACT;
	if ((f & MF_INEXACT) && __builtin_fabsl(r) < min &&
	    (r != 0 || (f & MF_UNDERFLOW)))
		keep |= MF_UNDERFLOW;
	return keep;
}

/* The long double result r of a computation that raised f. */
static inline long double flags_ld(long double r, unsigned f, int inf_arg)
{
	flags_raise(flags_for(r, f, inf_arg, LDBL_MIN));
	return r;
}

/* Rounded to double after the caller's flags are back (r is pinned
 * first, so the conversion's own flags are the last word). */
static inline double flags_d(long double r, unsigned f, int inf_arg)
{
	FLAGS_PIN(r);
	double d = (double)r;
	if ((__builtin_isinf(d) && !__builtin_isinf(r)) || (d == 0 && r != 0))
		errno = ERANGE;
	flags_raise(flags_for(d != 0 || r == 0 ? (long double)d : r, f,
			      inf_arg, DBL_MIN));
	return d;
}

static inline float flags_f(long double r, unsigned f, int inf_arg)
{
	FLAGS_PIN(r);
	float d = (float)r;
	if ((__builtin_isinf(d) && !__builtin_isinf(r)) || (d == 0 && r != 0))
		errno = ERANGE;
	flags_raise(flags_for(d != 0 || r == 0 ? (long double)d : r, f,
			      inf_arg, FLT_MIN));
	return d;
}

/* The overflowing and the underflowing long double: huge * huge is inf
 * (or LDBL_MAX rounding toward zero) with OVERFLOW, tiny * tiny is 0 (or
 * the least subnormal rounding up) with UNDERFLOW, as Annex F wants. */
static inline long double ld_overflow(int neg)
{
	volatile long double h = neg ? -0x1p16000L : 0x1p16000L;
	return h * 0x1p16000L;
}

static inline long double ld_underflow(int neg)
{
	volatile long double t = neg ? -0x1p-16000L : 0x1p-16000L;
	return t * 0x1p-16000L;
}

/* A pole: an exact infinity with DIVBYZERO (1/0). */
static inline long double ld_pole(int neg)
{
	volatile long double z = 0;
	return (neg ? -1.0L : 1.0L) / z;
}

/*
 * Public functions from a raw long double computation NAME_raw: NaN
 * arguments are returned quietly (x + x: INVALID only for a signaling
 * NaN), everything else between a hold and a take.
 */
#define MATH_WRAP1(name) MATH_WRAP_L1(name) MATH_WRAP_DF1(name)

#define MATH_WRAP_L1(name)                                                  \
	long double name##l(long double x)                                  \
	{                                                                   \
		struct math_flags s;                                        \
		if (__builtin_isnan(x))                                     \
			return x + x;                                       \
		flags_hold(&s);                                             \
		FLAGS_PIN(x);                                               \
		long double r = name##_raw(x);                              \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_ld(r, f, __builtin_isinf(x));                  \
	}

#define MATH_WRAP_DF1(name)                                                 \
	double name(double x)                                               \
	{                                                                   \
		struct math_flags s;                                        \
		if (__builtin_isnan(x))                                     \
			return x + x;                                       \
		flags_hold(&s);                                             \
		long double lx = x;                                         \
		FLAGS_PIN(lx);                                              \
		long double r = name##_raw(lx);                             \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_d(r, f, __builtin_isinf(x));                   \
	}                                                                   \
	float name##f(float x)                                              \
	{                                                                   \
		struct math_flags s;                                        \
		if (__builtin_isnan(x))                                     \
			return x + x;                                       \
		flags_hold(&s);                                             \
		long double lx = x;                                         \
		FLAGS_PIN(lx);                                              \
		long double r = name##_raw(lx);                             \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_f(r, f, __builtin_isinf(x));                   \
	}

#define MATH_WRAP2(name) MATH_WRAP2_NAN(name, 1)

/* nan_first 0: NAME_raw sees NaN arguments (pow(1, NaN) is 1). */
#define MATH_WRAP2_NAN(name, nan_first)                                     \
	long double name##l(long double x, long double y)                   \
	{                                                                   \
		struct math_flags s;                                        \
		if ((nan_first) &&                                          \
		    (__builtin_isnan(x) || __builtin_isnan(y)))             \
			return x + y;                                       \
		flags_hold(&s);                                             \
		FLAGS_PIN(x);                                               \
		FLAGS_PIN(y);                                               \
		long double r = name##_raw(x, y);                           \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_ld(r, f,                                       \
				__builtin_isinf(x) || __builtin_isinf(y));  \
	}                                                                   \
	double name(double x, double y)                                     \
	{                                                                   \
		struct math_flags s;                                        \
		if ((nan_first) &&                                          \
		    (__builtin_isnan(x) || __builtin_isnan(y)))             \
			return x + y;                                       \
		flags_hold(&s);                                             \
		long double lx = x, ly = y;                                 \
		FLAGS_PIN(lx);                                              \
		FLAGS_PIN(ly);                                              \
		long double r = name##_raw(lx, ly);                         \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_d(r, f,                                        \
			       __builtin_isinf(x) || __builtin_isinf(y));   \
	}                                                                   \
	float name##f(float x, float y)                                     \
	{                                                                   \
		struct math_flags s;                                        \
		if ((nan_first) &&                                          \
		    (__builtin_isnan(x) || __builtin_isnan(y)))             \
			return x + y;                                       \
		flags_hold(&s);                                             \
		long double lx = x, ly = y;                                 \
		FLAGS_PIN(lx);                                              \
		FLAGS_PIN(ly);                                              \
		long double r = name##_raw(lx, ly);                         \
		FLAGS_PIN(r);                                               \
		unsigned f = flags_take(&s);                                \
		return flags_f(r, f,                                        \
			       __builtin_isinf(x) || __builtin_isinf(y));   \
	}

#endif
