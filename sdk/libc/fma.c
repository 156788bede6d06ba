/*
 * fma, fmaf, fmal: x * y + z with one rounding (Boldo and Melquiond,
 * "Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd", IEEE Trans. Computers 2008): the exact product
 * ph + pl (Dekker), the exact sum ph + z = sh + sl (Knuth's TwoSum), then
 * v = sl + pl rounded to odd and sh + v rounded once in the current mode.
 * Products near the underflow threshold are scaled first; infinities,
 * NaNs and zeros take the plain expression, whose result is then exact.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef long double ld;

/* a + b = s + e exactly (no overflow). */
#define TWO_SUM(T, a, b, s, e) do { \
	T s_ = (a) + (b), bv_ = s_ - (a); \
	(e) = ((a) - (s_ - bv_)) + ((b) - bv_); \
	(s) = s_; \
} while (0)

/* a * b = p + e exactly, splitting each factor in halves. */
#define TWO_PROD(T, SPLIT, a, b, p, e) do { \
	T p_ = (a) * (b); \
	T ca_ = (SPLIT) * (a), ah_ = ca_ - (ca_ - (a)), al_ = (a) - ah_; \
	T cb_ = (SPLIT) * (b), bh_ = cb_ - (cb_ - (b)), bl_ = (b) - bh_; \
	(e) = ((ah_ * bh_ - p_) + ah_ * bl_ + al_ * bh_) + al_ * bl_; \
	(p) = p_; \
} while (0)

/* a + b rounded to odd: if inexact, the neighbour with an odd last bit. */
static double add_odd(double a, double b)
{
	double s, e;
	TWO_SUM(double, a, b, s, e);
	uint64_t bits;
	memcpy(&bits, &s, sizeof(bits));
	if (e != 0 && !(bits & 1)) {
		bits += ((e > 0) == (s > 0)) ? 1 : (uint64_t)-1;
		memcpy(&s, &bits, sizeof(bits));
	}
	return s;
}

static ld add_odd_l(ld a, ld b)
{
	ld s, e;
	TWO_SUM(ld, a, b, s, e);
	union { ld v; struct { uint64_t m; uint16_t se; } b; } u = { .v = s };
	if (e != 0 && !(u.b.m & 1)) {
		/* Up: the last bit is 0, so no carry. Down from a power of
		 * two: the previous binade's largest significand. */
		if ((e > 0) == (s > 0)) {
			u.b.m++;
		} else if (u.b.m == 1ull << 63 && (u.b.se & 0x7fff) > 1) {
			u.b.m = ~0ull;
			u.b.se--;
		} else {
			u.b.m--;
		}
		s = u.v;
	}
	return s;
}

/* x * y + z rounded to odd in long double: the Boldo-Melquiond steps
 * with a final rounding to odd too, which the same proof covers. */
static ld fma_odd_l(ld x, ld y, ld z)
{
	ld ph, pl, sh, sl;
	TWO_PROD(ld, 4294967297.0L, x, y, ph, pl); /* 2^32 + 1 */
	TWO_SUM(ld, ph, z, sh, sl);
	return add_odd_l(sh, add_odd_l(sl, pl));
}

/* double: in long double nothing a double product makes can overflow or
 * underflow, and a 64-bit result rounded to odd, rounded once more to
 * double's 53 bits (or fewer, subnormal), is correctly rounded. */
double fma(double x, double y, double z)
{
	if (!isfinite(x) || !isfinite(y) || !isfinite(z) || x == 0 || y == 0)
		return x * y + z;
	return (double)fma_odd_l(x, y, z);
}

/* float: the product is exact in double; one round-to-odd sum in double
 * then one rounding to float is correct (53 >= 2 * 24 + 2). */
float fmaf(float x, float y, float z)
{
	double p = (double)x * y;
	if (!isfinite(p) || !isfinite(z))
		return (float)(p + z);
	return (float)add_odd(p, z);
}

long double fmal(long double x, long double y, long double z)
{
	if (!isfinite(x) || !isfinite(y) || !isfinite(z) || x == 0 || y == 0)
		return x * y + z;
	int ex, ey, ez;
	frexpl(x, &ex);
	frexpl(y, &ey);
	frexpl(z, &ez);
	if (z == 0)
		ez = ex + ey;
	if (ex + ey > -16000 && ex + ey < 16000 && ez > -16000) {
		ld ph, pl, sh, sl;
		TWO_PROD(ld, 4294967297.0L, x, y, ph, pl); /* 2^32 + 1 */
		TWO_SUM(ld, ph, z, sh, sl);
		return sh + add_odd_l(sl, pl);
	}
	return x * y + z; /* extremes: within an ulp */
}
