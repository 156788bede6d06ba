/*
 * printf's floating-point conversions, exactly rounded.
 *
 * Every finite binary value is m * 2^e, so its decimal expansion is finite:
 * m * 2^e when e >= 0, and m * 5^-e * 10^e when e < 0. We compute that
 * integer exactly in base-10^9 limbs, turn it into a digit string, and
 * round the string at the requested place with ties to even, which is
 * what glibc prints in the default rounding mode. The largest case is a
 * long double subnormal (about 11,500 digits): still only a few
 * kilobytes, so everything lives on the stack.
 *
 * Values arrive as long double, which holds every double exactly; %a is
 * the one conversion whose text depends on the argument's type.
 */
#include <stdint.h>
#include <string.h>

#include "format.h"

#define LIMB_BASE 1000000000u
/* 2^16384 * 2^64 and 2^64 * 5^16445 both fit in 1300 limbs of 10^9. */
#define MAX_LIMBS 1300
#define MAX_DIGITS (MAX_LIMBS * 9)

/* A digit string: value = 0.d[0]d[1]...d[nd-1] * 10^(exp + 1), that is
 * d[0] stands for d[0] * 10^exp. No trailing zeros; nd == 0 is zero. */
struct decimal {
	int nd;
	int exp;
	char d[MAX_DIGITS];
};

union ld_bits {
	long double v;
	struct {
		uint64_t m;  /* explicit integer bit at the top */
		uint16_t se; /* sign and 15-bit biased exponent */
	} b;
};

/* limbs[0..*n) *= f, with f <= 2^32 / 2 so nothing overflows. */
static void mul_small(uint32_t *limbs, int *n, uint32_t f)
{
	uint64_t carry = 0;

	for (int i = 0; i < *n; i++) {
		uint64_t t = (uint64_t)limbs[i] * f + carry;
		limbs[i] = (uint32_t)(t % LIMB_BASE);
		carry = t / LIMB_BASE;
	}
	while (carry) {
		limbs[(*n)++] = (uint32_t)(carry % LIMB_BASE);
		carry /= LIMB_BASE;
	}
}

/* The exact decimal expansion of m * 2^e (m != 0). */
static void to_decimal(uint64_t m, int e, struct decimal *x)
{
	uint32_t limbs[MAX_LIMBS];
	int n = 0, dexp = 0;

	/* Fewer factors of 5 to multiply in: drop trailing zero bits. */
	int tz = __builtin_ctzll(m);
	m >>= tz;
	e += tz;
	while (m) {
		limbs[n++] = (uint32_t)(m % LIMB_BASE);
		m /= LIMB_BASE;
	}
	if (e > 0) {
		for (; e >= 29; e -= 29)
			mul_small(limbs, &n, 1u << 29);
		mul_small(limbs, &n, 1u << e);
	} else if (e < 0) {
		dexp = e;
		for (e = -e; e >= 13; e -= 13)
			mul_small(limbs, &n, 1220703125u); /* 5^13 */
		uint32_t p = 1;
		while (e-- > 0)
			p *= 5;
		mul_small(limbs, &n, p);
	}

	/* Most significant limb without leading zeros, then 9 digits each. */
	char *d = x->d;
	char top[10];
	int k = 0;
	for (uint32_t v = limbs[n - 1]; v; v /= 10)
		top[k++] = (char)('0' + v % 10);
	while (k > 0)
		*d++ = top[--k];
	for (int i = n - 2; i >= 0; i--) {
		uint32_t v = limbs[i];
		for (int j = 8; j >= 0; j--) {
			d[j] = (char)('0' + v % 10);
			v /= 10;
		}
		d += 9;
	}
	x->nd = (int)(d - x->d);
	x->exp = x->nd - 1 + dexp;
	while (x->nd > 0 && x->d[x->nd - 1] == '0')
		x->nd--;
}

/* Keep the first `keep` digits, rounding to nearest, ties to even. */
static void round_digits(struct decimal *x, int keep)
{
	int up;

	if (keep >= x->nd)
		return;
	if (keep < 0) {
		/* Below half a unit of the last kept place: zero. */
		x->nd = 0;
		return;
	}
	char r = x->d[keep];
	int rest = x->nd > keep + 1; /* no trailing zeros: rest is nonzero */
	int odd = keep > 0 && ((x->d[keep - 1] - '0') & 1);
	up = r > '5' || (r == '5' && (rest || odd));
	x->nd = keep;
	if (up) {
		int i = keep - 1;
		while (i >= 0 && x->d[i] == '9')
			i--;
		if (i < 0) {
			x->d[0] = '1';
			x->nd = 1;
			x->exp++;
		} else {
			x->d[i]++;
			x->nd = i + 1;
		}
	}
	while (x->nd > 0 && x->d[x->nd - 1] == '0')
		x->nd--;
}

/* Writes the digits at indexes [from, to) of x: '0' for indexes before
 * the first digit (%f of values below 1) or past the last one. */
static void put_digits(struct fmt_out *o, const struct decimal *x, int from,
		       int to)
{
	if (from >= to)
		return;
	int lo = from < 0 ? (to < 0 ? to : 0) : from;
	__fmt_pad(o, '0', (size_t)(lo - from));
	int hi = x->nd < to ? x->nd : to;
	if (hi > lo)
		__fmt_write(o, x->d + lo, (size_t)(hi - lo));
	else
		hi = lo;
	__fmt_pad(o, '0', (size_t)(to - hi));
}

static int hash_point(const struct fmt_spec *sp, int prec)
{
	return prec > 0 || (sp->flags & FMT_HASH);
}

/* %e: d.ddde+xx with prec digits after the point. */
static void put_e(struct fmt_out *o, const struct fmt_spec *sp,
		  struct decimal *x, int prec, const char *prefix, size_t plen)
{
	char expbuf[8], *ep = expbuf + sizeof(expbuf);
	int e;

	round_digits(x, prec + 1);
	e = x->nd ? x->exp : 0;
	unsigned ue = e < 0 ? (unsigned)-e : (unsigned)e;
	do {
		*--ep = (char)('0' + ue % 10);
		ue /= 10;
	} while (ue || ep > expbuf + sizeof(expbuf) - 2);
	*--ep = e < 0 ? '-' : '+';
	*--ep = sp->conv >= 'a' ? 'e' : 'E';
	size_t elen = (size_t)(expbuf + sizeof(expbuf) - ep);

	size_t blen = 1 + (size_t)hash_point(sp, prec) + (size_t)prec + elen;
	__fmt_field_start(o, sp, prefix, plen, blen, 1);
	put_digits(o, x, 0, 1);
	if (hash_point(sp, prec))
		__fmt_write(o, ".", 1);
	put_digits(o, x, 1, prec + 1);
	__fmt_write(o, ep, elen);
	__fmt_field_end(o, sp, plen, blen);
}

/* %f: ddd.ddd with prec digits after the point. */
static void put_f(struct fmt_out *o, const struct fmt_spec *sp,
		  struct decimal *x, int prec, const char *prefix, size_t plen)
{
	if (x->nd)
		round_digits(x, x->exp + prec + 1);
	if (x->nd == 0)
		x->exp = 0;
	int ilen = x->exp >= 0 ? x->exp + 1 : 1;

	size_t blen = (size_t)ilen + (size_t)hash_point(sp, prec) + (size_t)prec;
	__fmt_field_start(o, sp, prefix, plen, blen, 1);
	if (x->exp >= 0)
		put_digits(o, x, 0, x->exp + 1);
	else
		__fmt_write(o, "0", 1);
	if (hash_point(sp, prec))
		__fmt_write(o, ".", 1);
	/* The j-th digit after the point has index exp + j. */
	put_digits(o, x, x->exp + 1, x->exp + 1 + prec);
	__fmt_field_end(o, sp, plen, blen);
}

/* %g: %e or %f by the exponent, trailing zeros dropped unless '#'. */
static void put_g(struct fmt_out *o, const struct fmt_spec *sp,
		  struct decimal *x, const char *prefix, size_t plen)
{
	int p = sp->prec < 0 ? 6 : sp->prec == 0 ? 1 : sp->prec;
	int e;
	struct fmt_spec s2 = *sp;

	round_digits(x, p);
	e = x->nd ? x->exp : 0;
	int use_f = p > e && e >= -4;
	int prec = use_f ? p - 1 - e : p - 1;
	if (!(sp->flags & FMT_HASH)) {
		int need = use_f ? x->nd - 1 - e : x->nd - 1;
		if (need < 0)
			need = 0;
		if (prec > need)
			prec = need;
	}
	s2.conv = use_f ? (sp->conv == 'g' ? 'f' : 'F')
			: (sp->conv == 'g' ? 'e' : 'E');
	if (use_f)
		put_f(o, &s2, x, prec, prefix, plen);
	else
		put_e(o, &s2, x, prec, prefix, plen);
}

/* %a: hexadecimal. glibc's layout: a double is 1.hhh (0.hhh when
 * subnormal) with 13 fraction digits; a long double shows its explicit
 * integer bit, h.hhh with the top 4 bits first and 15 fraction digits. */
static void put_a(struct fmt_out *o, const struct fmt_spec *sp,
		  long double v, int is_long, char *prefix, size_t plen)
{
	const char *xd = sp->conv == 'a' ? "0123456789abcdef"
					 : "0123456789ABCDEF";
	uint64_t mant; /* lead digit above `fdig` fraction digits */
	int fdig, e;

	if (is_long) {
		union ld_bits u = { .v = v };
		int be = u.b.se & 0x7fff;
		mant = u.b.m;
		fdig = 15;
		e = mant ? (be ? be : 1) - 16383 - 3 : 0;
	} else {
		double dv = (double)v;
		uint64_t bits;
		memcpy(&bits, &dv, sizeof(bits));
		int be = (int)(bits >> 52) & 0x7ff;
		mant = bits & ((1ull << 52) - 1);
		fdig = 13;
		if (be)
			mant |= 1ull << 52;
		e = be ? be - 1023 : mant ? -1022 : 0;
	}

	int prec = sp->prec;
	if (prec >= 0 && prec < fdig) {
		/* Round away the last fdig - prec digits, ties to even. */
		int shift = 4 * (fdig - prec);
		uint64_t rem = mant & ((1ull << shift) - 1);
		uint64_t half = 1ull << (shift - 1);
		mant >>= shift;
		if (rem > half || (rem == half && (mant & 1)))
			mant++;
		fdig = prec;
		/* A long double's lead digit can carry to 0x10: renormalize
		 * as glibc does (a double's lead digit just becomes 2). */
		if (is_long && (mant >> (4 * fdig)) >= 16) {
			mant >>= 4;
			e += 4;
		}
	} else if (prec < 0) {
		while (fdig > 0 && (mant & 15) == 0) {
			mant >>= 4;
			fdig--;
		}
		prec = fdig;
	}

	char body[64], *b = body;
	*b++ = xd[(mant >> (4 * fdig)) & 15];
	if (prec > 0 || (sp->flags & FMT_HASH))
		*b++ = '.';
	for (int i = fdig - 1; i >= 0; i--)
		*b++ = xd[(mant >> (4 * i)) & 15];
	size_t zeros = (size_t)(prec - fdig);
	char tail[8], *t = tail + sizeof(tail);
	unsigned ue = e < 0 ? (unsigned)-e : (unsigned)e;
	do {
		*--t = (char)('0' + ue % 10);
		ue /= 10;
	} while (ue);
	*--t = e < 0 ? '-' : '+';
	*--t = sp->conv == 'a' ? 'p' : 'P';
	size_t tlen = (size_t)(tail + sizeof(tail) - t);

	prefix[plen++] = '0';
	prefix[plen++] = sp->conv == 'a' ? 'x' : 'X';
	size_t blen = (size_t)(b - body) + zeros + tlen;
	__fmt_field_start(o, sp, prefix, plen, blen, 1);
	__fmt_write(o, body, (size_t)(b - body));
	__fmt_pad(o, '0', zeros);
	__fmt_write(o, t, tlen);
	__fmt_field_end(o, sp, plen, blen);
}

void __fmt_float(struct fmt_out *o, long double v, int is_long,
		 const struct fmt_spec *sp)
{
	union ld_bits u = { .v = v };
	int be = u.b.se & 0x7fff;
	int upper = sp->conv >= 'A' && sp->conv <= 'Z';
	char prefix[4];
	size_t plen = 0;

	if (u.b.se & 0x8000)
		prefix[plen++] = '-';
	else if (sp->flags & FMT_PLUS)
		prefix[plen++] = '+';
	else if (sp->flags & FMT_SPACE)
		prefix[plen++] = ' ';

	/* Encodings the x87 refuses as operands (unnormals, pseudo-infinities,
	 * pseudo-NaNs: an exponent but no integer bit) are not numbers:
	 * print them as nan, as glibc does. */
	int invalid = is_long && be != 0 && !(u.b.m >> 63);
	if (be == 0x7fff || invalid) {
		/* inf or nan: never zero-padded. */
		int nan = invalid || (u.b.m << 1) != 0;
		const char *s = nan ? (upper ? "NAN" : "nan")
				    : (upper ? "INF" : "inf");
		__fmt_field_start(o, sp, prefix, plen, 3, 0);
		__fmt_write(o, s, 3);
		__fmt_field_end(o, sp, plen, 3);
		return;
	}

	char lc = (char)(sp->conv | 0x20);
	if (lc == 'a') {
		put_a(o, sp, v, is_long, prefix, plen);
		return;
	}

	struct decimal x;
	if (u.b.m == 0) {
		x.nd = 0;
		x.exp = 0;
	} else {
		to_decimal(u.b.m, (be ? be : 1) - 16383 - 63, &x);
	}
	int prec = sp->prec < 0 ? 6 : sp->prec;
	if (lc == 'e')
		put_e(o, sp, &x, prec, prefix, plen);
	else if (lc == 'f')
		put_f(o, sp, &x, prec, prefix, plen);
	else
		put_g(o, sp, &x, prefix, plen);
}
