/*
 * strtod, strtof, strtold, atof: exactly rounded (to nearest, ties to
 * even) for every input, including hex floats, subnormals and inputs with
 * thousands of digits.
 *
 * A decimal input is D * 10^E with D an integer of at most MAX_DIGITS
 * digits (digits past that only matter as "something nonzero follows",
 * which we keep as a trailing 1: enough digits are kept that no rounding
 * boundary can hide in between). D * 10^E = num / den * 2^E with
 * num = D * 5^E or den = 5^-E, computed exactly as big integers; then
 * long division yields the significand bit by bit, plus a guard bit and
 * a sticky bit, which is all that rounding needs. Slow compared with
 * the clever algorithms, but short and obviously right.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strtod_impl.h"

/* Rounding boundaries of a long double have up to ~11,520 significant
 * digits (a double's 767, a float's 112). */
#define MAX_DIGITS 11600
/* num, den < 2^38600 at most (see above): 1300 32-bit limbs. */
#define BIG_LIMBS 1300

struct big {
	int n; /* limbs in use; w[n-1] != 0 unless n == 0 */
	uint32_t w[BIG_LIMBS];
};

struct format {
	int p;        /* significand bits, with the leading one */
	int emin;     /* exponent of the smallest normal */
	int emax;     /* exponent of the largest finite */
	int max_digits;
	int dec_max;  /* decimal point position beyond which it overflows */
	int dec_min;  /* ... below which it rounds to zero */
};

static const struct format formats[] = {
	[STRTOD_FLOAT] = { 24, -126, 127, 120, 40, -47 },
	[STRTOD_DOUBLE] = { 53, -1022, 1023, 800, 310, -326 },
	[STRTOD_LONG] = { 64, -16382, 16383, MAX_DIGITS, 4934, -4953 },
};

static void big_mul_add(struct big *b, uint32_t f, uint32_t add)
{
	uint64_t carry = add;

	for (int i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->w[i] * f + carry;
		b->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		b->w[b->n++] = (uint32_t)carry;
}

static void big_mul_pow5(struct big *b, int e)
{
	for (; e >= 13; e -= 13)
		big_mul_add(b, 1220703125u, 0); /* 5^13 */
	uint32_t f = 1;
	while (e-- > 0)
		f *= 5;
	big_mul_add(b, f, 0);
}

static int big_bits(const struct big *b)
{
	return b->n ? 32 * b->n - __builtin_clz(b->w[b->n - 1]) : 0;
}

static void big_shl(struct big *b, int s)
{
	int words = s / 32, bits = s % 32;

	if (b->n == 0)
		return;
	b->w[b->n] = 0;
	for (int i = b->n; i >= 0; i--) {
		uint32_t hi = b->w[i] << bits;
		uint32_t lo = bits && i > 0 ? b->w[i - 1] >> (32 - bits) : 0;
		b->w[i + words] = hi | lo;
	}
	for (int i = 0; i < words; i++)
		b->w[i] = 0;
	b->n += words + 1;
	while (b->n > 0 && b->w[b->n - 1] == 0)
		b->n--;
}

static int big_cmp(const struct big *a, const struct big *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (int i = a->n - 1; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

/* a -= b, for a >= b. */
static void big_sub(struct big *a, const struct big *b)
{
	int64_t borrow = 0;

	for (int i = 0; i < a->n; i++) {
		int64_t t = (int64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
		borrow = t < 0;
		a->w[i] = (uint32_t)t;
	}
	while (a->n > 0 && a->w[a->n - 1] == 0)
		a->n--;
}

/* The rounded result as the target type's bits, from the significand m
 * (exactly p bits, top bit set), the guard bit g, the sticky bit s and
 * the exponent e of m's top bit. */
static void finish(struct strtod_result *r, const struct format *f,
		   uint64_t m, int g, int s, int e)
{
	int p = f->p;
	int tiny = e < f->emin;

	/* x86 detects tininess after rounding: a value just below the
	 * smallest normal that rounds up to it is not tiny. */
	if (e == f->emin - 1 && g && m == (p == 64 ? ~0ull : (1ull << p) - 1))
		tiny = 0;
	if (e < f->emin) {
		/* Subnormal: drop bits so that m counts units of the smallest
		 * subnormal; the dropped ones join the guard and sticky. */
		int drop = f->emin - e;
		if (drop > p) {
			s = 1;
			g = 0;
			m = 0;
		} else {
			s |= g || (m & ((1ull << (drop - 1)) - 1));
			g = (m >> (drop - 1)) & 1;
			m = drop == 64 ? 0 : m >> drop;
		}
		r->exp = f->emin - (p - 1);
	} else {
		r->exp = e - (p - 1);
	}
	if (g && (s || (m & 1))) {
		m++;
		if (m == 0 || (p < 64 && m >> p)) { /* carried past p bits */
			m = p == 64 ? 1ull << 63 : m >> 1;
			r->exp++;
		}
	}
	r->mant = m;
	r->zero = m == 0;
	r->erange = tiny && (g || s);
	if (r->exp + p - 1 > f->emax) {
		r->inf = 1;
		r->erange = 1;
	}
}

/* Significand of num/den * 2^e2 as p bits + guard + sticky. */
static void divide(struct strtod_result *r, const struct format *f,
		   struct big *num, struct big *den, int e2)
{
	int k = big_bits(num) - big_bits(den);
	int p = f->p;

	/* Scale so that 1 <= num/den < 2; k becomes the binary exponent. */
	if (k >= 0)
		big_shl(den, k);
	else
		big_shl(num, -k);
	if (big_cmp(num, den) < 0) {
		big_shl(num, 1);
		k--;
	}
	uint64_t m = 0;
	int g = 0;
	for (int i = 0; i <= p; i++) {
		int bit = big_cmp(num, den) >= 0;
		if (bit)
			big_sub(num, den);
		big_shl(num, 1);
		if (i < p)
			m = m << 1 | (uint64_t)bit;
		else
			g = bit;
	}
	finish(r, f, m, g, num->n != 0, k + e2);
}

static int match(const char *s, const char *word)
{
	size_t i = 0;
	for (; word[i]; i++)
		if (tolower((unsigned char)s[i]) != word[i])
			return 0;
	return (int)i;
}

/* An exponent part at *s ("e-12", "p+3"), or 0 and *s unmoved if there
 * is none (a letter without digits is not an exponent). Saturates far
 * beyond any exponent that matters. */
static long exponent(const char **s, char letter)
{
	const char *q = *s + 1;
	int neg = 0;
	long x = 0;

	if ((**s | 32) != letter)
		return 0;
	if (*q == '+' || *q == '-')
		neg = *q++ == '-';
	if (*q < '0' || *q > '9')
		return 0;
	for (; *q >= '0' && *q <= '9'; q++)
		if (x < 100000000)
			x = x * 10 + (*q - '0');
	*s = q;
	return neg ? -x : x;
}

/* 128-bit unsigned arithmetic for the hex parser: the compiler's where it
 * has it (x86-64), two halves where it does not (i386). */
#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;
static u128 u128_from(uint64_t v) { return v; }
static u128 u128_shl(u128 m, int n) { return m << n; }
static u128 u128_shr(u128 m, int n) { return m >> n; }
static uint64_t u128_hi(u128 m) { return (uint64_t)(m >> 64); }
static uint64_t u128_lo(u128 m) { return (uint64_t)m; }
static u128 u128_or(u128 m, unsigned d) { return m | d; }
static int u128_low_bits(u128 m, int n) /* any of the low n bits set */
{
	return (m & (((u128)1 << n) - 1)) != 0;
}
#else
typedef struct { uint64_t hi, lo; } u128;
static u128 u128_from(uint64_t v) { return (u128){ 0, v }; }
static u128 u128_shl(u128 m, int n)
{
	if (n == 0)
		return m;
	if (n >= 64)
		return (u128){ m.lo << (n - 64), 0 };
	return (u128){ m.hi << n | m.lo >> (64 - n), m.lo << n };
}
static u128 u128_shr(u128 m, int n)
{
	if (n == 0)
		return m;
	if (n >= 64)
		return (u128){ 0, m.hi >> (n - 64) };
	return (u128){ m.hi >> n, m.lo >> n | m.hi << (64 - n) };
}
static uint64_t u128_hi(u128 m) { return m.hi; }
static uint64_t u128_lo(u128 m) { return m.lo; }
static u128 u128_or(u128 m, unsigned d) { m.lo |= d; return m; }
static int u128_low_bits(u128 m, int n)
{
	if (n >= 64)
		return m.lo != 0 || (n > 64 && (m.hi & ((1ull << (n - 64)) - 1)));
	return n > 0 && (m.lo & ((1ull << n) - 1)) != 0;
}
#endif

/* Hex: 0x h.hhh p±d, already past the "0x". Digits accumulate in 128
 * bits, enough for 64 significand bits plus guard; the rest is sticky. */
static const char *parse_hex(const char *s, struct strtod_result *r,
			     const struct format *f)
{
	u128 m = u128_from(0);
	long e = 0;
	int any = 0, point = 0, sticky = 0;

	for (;; s++) {
		int d;
		if (*s == '.' && !point) {
			point = 1;
			continue;
		}
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 32) >= 'a' && (*s | 32) <= 'f')
			d = (*s | 32) - 'a' + 10;
		else
			break;
		any = 1;
		if (u128_hi(m) >> 56) {
			sticky |= d != 0;
			if (!point)
				e += 4;
		} else {
			m = u128_or(u128_shl(m, 4), (unsigned)d);
			if (point)
				e -= 4;
		}
	}
	if (!any)
		return NULL;
	e += exponent(&s, 'p');
	if (u128_hi(m) == 0 && u128_lo(m) == 0) {
		r->zero = 1;
		return s;
	}
	uint64_t hi = u128_hi(m);
	int top = hi ? 127 - __builtin_clzll(hi)
		     : 63 - __builtin_clzll(u128_lo(m));
	/* Far-out exponents round to zero or infinity anyway: clamp. */
	long ee = e + top;
	if (ee > f->emax + 1)
		ee = f->emax + 1;
	if (ee < f->emin - f->p - 2)
		ee = f->emin - f->p - 2;
	/* p bits of significand, then guard and sticky. */
	int p = f->p, g = 0;
	if (top + 1 > p) {
		int drop = top + 1 - p;
		g = (int)(u128_lo(u128_shr(m, drop - 1)) & 1);
		sticky |= u128_low_bits(m, drop - 1);
		m = u128_shr(m, drop);
	} else {
		m = u128_shl(m, p - 1 - top);
	}
	finish(r, f, u128_lo(m), g, sticky, (int)ee);
	return s;
}

const char *__strtod_parse(const char *s, int kind, struct strtod_result *r)
{
	const struct format *f = &formats[kind];
	const char *start = s;
	int n;

	memset(r, 0, sizeof(*r));
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		r->neg = *s++ == '-';

	if ((n = match(s, "infinity")) || (n = match(s, "inf"))) {
		r->inf = 1;
		return s + n;
	}
	if ((n = match(s, "nan"))) {
		r->nan = 1;
		s += n;
		/* nan(n-char-sequence) */
		if (*s == '(') {
			const char *q = s + 1;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (*q == ')')
				s = q + 1;
		}
		return s;
	}
	if (s[0] == '0' && (s[1] | 32) == 'x') {
		const char *end = parse_hex(s + 2, r, f);
		if (end)
			return end;
		/* "0x" without digits: the number is the "0". */
		r->zero = 1;
		return s + 1;
	}

	/* Decimal: significant digits, decimal point position, exponent. */
	static char digits[MAX_DIGITS + 1];
	int nd = 0, any = 0, point = 0, sticky = 0;
	long decpt = 0;
	for (;; s++) {
		if (*s == '.' && !point) {
			point = 1;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		any = 1;
		if (nd == 0 && *s == '0') { /* leading zero */
			if (point)
				decpt--;
			continue;
		}
		if (nd < f->max_digits)
			digits[nd++] = *s;
		else
			sticky |= *s != '0';
		if (!point)
			decpt++;
	}
	if (!any) {
		r->neg = 0;
		return start; /* no number: +0, *end = the very start */
	}
	decpt += exponent(&s, 'e');
	if (nd == 0) {
		r->zero = 1;
		return s;
	}
	if (decpt > f->dec_max) {
		r->inf = r->erange = 1;
		return s;
	}
	if (decpt < f->dec_min) {
		r->zero = r->erange = 1;
		return s;
	}
	if (sticky)
		digits[nd++] = '1';
	while (digits[nd - 1] == '0')
		nd--;

	/* value = D * 10^E = num / den * 2^E */
	static struct big num, den;
	int e10 = (int)decpt - nd;
	num.n = 0;
	for (int i = 0; i < nd;) {
		uint32_t chunk = 0, scale = 1;
		for (int j = 0; j < 9 && i < nd; j++, i++) {
			chunk = chunk * 10 + (uint32_t)(digits[i] - '0');
			scale *= 10;
		}
		if (num.n == 0) {
			num.w[0] = chunk;
			num.n = chunk != 0;
		} else {
			big_mul_add(&num, scale, chunk);
		}
	}
	den.n = 1;
	den.w[0] = 1;
	if (e10 >= 0)
		big_mul_pow5(&num, e10);
	else
		big_mul_pow5(&den, -e10);
	divide(r, f, &num, &den, e10);
	return s;
}

/* ------------------------------------------------------------ wrappers */

static double to_double(const struct strtod_result *r)
{
	uint64_t bits;
	double d;

	if (r->nan)
		bits = 0x7ff8000000000000ull;
	else if (r->inf)
		bits = 0x7ff0000000000000ull;
	else if (r->zero)
		bits = 0;
	else if (r->mant >> 52) /* normal: the exponent field counts from 1 */
		bits = (uint64_t)(r->exp + 52 + 1023) << 52 |
		       (r->mant & ((1ull << 52) - 1));
	else
		bits = r->mant;
	bits |= (uint64_t)r->neg << 63;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

static float to_float(const struct strtod_result *r)
{
	uint32_t bits;
	float v;

	if (r->nan)
		bits = 0x7fc00000u;
	else if (r->inf)
		bits = 0x7f800000u;
	else if (r->zero)
		bits = 0;
	else if (r->mant >> 23)
		bits = (uint32_t)(r->exp + 23 + 127) << 23 |
		       (uint32_t)(r->mant & ((1u << 23) - 1));
	else
		bits = (uint32_t)r->mant;
	bits |= (uint32_t)r->neg << 31;
	memcpy(&v, &bits, sizeof(v));
	return v;
}

static long double to_long_double(const struct strtod_result *r)
{
	union {
		long double v;
		struct {
			uint64_t m;
			uint16_t se;
		} b;
	} u;

	memset(&u, 0, sizeof(u));
	if (r->nan) {
		u.b.m = 0xc000000000000000ull;
		u.b.se = 0x7fff;
	} else if (r->inf) {
		u.b.m = 1ull << 63;
		u.b.se = 0x7fff;
	} else if (!r->zero) {
		u.b.m = r->mant;
		u.b.se = r->mant >> 63 ? (uint16_t)(r->exp + 63 + 16383) : 0;
	}
	u.b.se |= (uint16_t)(r->neg << 15);
	return u.v;
}

static const char *parse(const char *s, char **end, int kind,
			 struct strtod_result *r)
{
	const char *e = __strtod_parse(s, kind, r);
	if (end)
		*end = (char *)e;
	if (r->erange)
		errno = ERANGE;
	return e;
}

double strtod(const char *restrict s, char **restrict end)
{
	struct strtod_result r;
	parse(s, end, STRTOD_DOUBLE, &r);
	return to_double(&r);
}

float strtof(const char *restrict s, char **restrict end)
{
	struct strtod_result r;
	parse(s, end, STRTOD_FLOAT, &r);
	return to_float(&r);
}

long double strtold(const char *restrict s, char **restrict end)
{
	struct strtod_result r;
	parse(s, end, STRTOD_LONG, &r);
	return to_long_double(&r);
}

double atof(const char *s)
{
	return strtod(s, NULL);
}
