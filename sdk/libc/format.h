/*
 * Internal to sdk/libc: the printf engine's output sink and conversion
 * spec, shared by printf.c (parsing, integers, strings) and
 * format_float.c (exact floating-point conversions).
 */
#ifndef KVMKIT_LIBC_FORMAT_H
#define KVMKIT_LIBC_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted text goes: a string or a FILE, through put(). count is
 * every byte produced, written or not (snprintf needs it). */
struct fmt_out {
	void (*put)(struct fmt_out *o, const char *s, size_t n);
	size_t count;
	char *buf;   /* string sinks */
	size_t cap;
	size_t len;
	void *file;  /* FILE sink */
	int error;   /* set by a sink or by the engine (EILSEQ) */
};

/* Flags of one conversion. */
enum {
	FMT_MINUS = 1, /* '-': left-justify      */
	FMT_PLUS = 2,  /* '+': always a sign     */
	FMT_SPACE = 4, /* ' ': space for a sign  */
	FMT_HASH = 8,  /* '#': alternative form  */
	FMT_ZERO = 16, /* '0': pad with zeros    */
};

struct fmt_spec {
	int flags;
	int width; /* 0 when none           */
	int prec;  /* -1 when none          */
	char conv; /* the conversion letter */
};

void __fmt_write(struct fmt_out *o, const char *s, size_t n);
void __fmt_pad(struct fmt_out *o, char c, size_t n);
/* A field is [spaces][prefix][zeros][body][spaces], width from the spec.
 * field_start writes up to the body, field_end what follows it; blen is
 * the body's length. zero_ok: whether the '0' flag applies here. */
void __fmt_field_start(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *prefix, size_t plen, size_t blen,
		       int zero_ok);
void __fmt_field_end(struct fmt_out *o, const struct fmt_spec *sp,
		     size_t plen, size_t blen);
int __vformat(struct fmt_out *o, const char *fmt, va_list ap);
/* %e %f %g %a and capitals; is_long: the argument was a long double
 * (only %a prints those differently). */
void __fmt_float(struct fmt_out *o, long double v, int is_long,
		 const struct fmt_spec *sp);

#endif
