/* <assert.h>. No include guard on purpose: C requires that assert follows
 * the NDEBUG in effect at each inclusion. */
#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
	((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _KVMKIT_ASSERT_H
#define _KVMKIT_ASSERT_H
#if !defined(__cplusplus) && __STDC_VERSION__ >= 201112L
#define static_assert _Static_assert
#endif
/* Prints "file:line: function: Assertion `expr' failed." to stderr, then
 * abort()s: the run ends with status 134. */
_Noreturn void __assert_fail(const char *expr, const char *file,
			     unsigned int line, const char *func);
#endif
