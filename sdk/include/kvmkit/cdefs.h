/*
 * Helpers that let every SDK header compile as C89 through C23 and as C++:
 * C's `restrict`, `_Noreturn` and `inline` are spelled with GCC's keywords,
 * which exist in every mode, and declarations get C linkage in C++.
 */
#ifndef _KVMKIT_CDEFS_H
#define _KVMKIT_CDEFS_H

#ifdef __cplusplus
#define __KVMKIT_BEGIN_DECLS extern "C" {
#define __KVMKIT_END_DECLS }
#else
#define __KVMKIT_BEGIN_DECLS
#define __KVMKIT_END_DECLS
#endif

#define __KVMKIT_NORETURN __attribute__((__noreturn__))

#endif
