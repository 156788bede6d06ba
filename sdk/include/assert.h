/* <assert.h>. No include guard on purpose: C requires that assert follows
 * the NDEBUG in effect at each inclusion. */
#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
	((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __ASSERT_FUNC))
#endif

/* __func__ is C99 and C++11; C89 has GCC's older name for it. */
#ifndef __ASSERT_FUNC
#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L) || \
	(defined(__cplusplus) && __cplusplus >= 201103L)
#define __ASSERT_FUNC __func__
#else
#define __ASSERT_FUNC __extension__ __FUNCTION__
#endif
#endif

#ifndef _KVMKIT_ASSERT_H
#define _KVMKIT_ASSERT_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

/* A keyword of its own in C23 and C++11; a macro harmlessly names it too. */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
#undef static_assert
#define static_assert _Static_assert
#endif

/* Prints "file:line: function: Assertion `expr' failed." to stderr, then
 * abort()s: the run ends with status 134. */
__KVMKIT_NORETURN void __assert_fail(const char *expr, const char *file,
				     unsigned int line, const char *func);

__KVMKIT_END_DECLS

#endif
