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

/* There are no signals in a guest, so the sig* versions are the same. */
typedef jmp_buf sigjmp_buf;
#define sigsetjmp(env, save) setjmp(env)
#define siglongjmp longjmp
#define _setjmp setjmp
#define _longjmp longjmp

__KVMKIT_END_DECLS

#endif
