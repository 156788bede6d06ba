/* Internal to sdk/libc: strtod's parser, shared by the strto* functions. */
#ifndef KVMKIT_LIBC_STRTOD_IMPL_H
#define KVMKIT_LIBC_STRTOD_IMPL_H

#include <stdint.h>

enum { STRTOD_FLOAT, STRTOD_DOUBLE, STRTOD_LONG };

/* The rounded value: mant * 2^exp with mant < 2^p (a subnormal has
 * mant < 2^(p-1)), or one of the special cases. */
struct strtod_result {
	int neg, inf, nan, zero;
	int erange; /* overflow, or an inexact tiny result */
	uint64_t mant;
	int exp;
};

/* Parses a number at s for the given type; returns where it ends (s
 * itself when there is no number). */
const char *__strtod_parse(const char *s, int kind, struct strtod_result *r);

#endif
