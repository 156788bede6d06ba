/* <setjmp.h>: non-local jumps (sdk/libc/setjmp.S). */
#ifndef _KVMKIT_SETJMP_H
#define _KVMKIT_SETJMP_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

/* rbx, rbp, r12, r13, r14, r15, rsp, return address. */
typedef long jmp_buf[8];

int setjmp(jmp_buf env) __attribute__((__returns_twice__));
__KVMKIT_NORETURN void longjmp(jmp_buf env, int val);
#define setjmp setjmp

/* POSIX: sigsetjmp with a nonzero save also keeps the signal mask of
 * <signal.h>, which siglongjmp puts back (sdk/libc/setjmp.S, signal.c). */
typedef struct {
	jmp_buf __jb;
	long __saved;
	unsigned int __mask[2];
} sigjmp_buf[1];
int sigsetjmp(sigjmp_buf env, int save) __attribute__((__returns_twice__));
__KVMKIT_NORETURN void siglongjmp(sigjmp_buf env, int val);
#define _setjmp setjmp
#define _longjmp longjmp

__KVMKIT_END_DECLS

#endif
