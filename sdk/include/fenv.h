/*
 * <fenv.h>: the floating-point environment of an x86-64 guest, which has
 * two units: SSE (float and double arithmetic) and the x87 (long double,
 * and the SDK's math functions). Rounding modes are set in both, exception
 * flags are read from both (sdk/libc/fenv.c). Values as glibc's.
 */
#ifndef _KVMKIT_FENV_H
#define _KVMKIT_FENV_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

#define FE_INVALID    0x01
#define FE_DIVBYZERO  0x04
#define FE_OVERFLOW   0x08
#define FE_UNDERFLOW  0x10
#define FE_INEXACT    0x20
#define FE_ALL_EXCEPT 0x3d

/* The rounding-control bits of the x87 control word (MXCSR's are these
 * shifted left by 3). */
#define FE_TONEAREST  0x000
#define FE_DOWNWARD   0x400
#define FE_UPWARD     0x800
#define FE_TOWARDZERO 0xc00

typedef unsigned short fexcept_t;

/* The x87 environment as fnstenv stores it (28 bytes), then MXCSR. */
typedef struct {
	unsigned short __control_word, __reserved1;
	unsigned short __status_word, __reserved2;
	unsigned short __tags, __reserved3;
	unsigned int __x87_rest[4];
	unsigned int __mxcsr;
} fenv_t;

#define FE_DFL_ENV ((const fenv_t *)-1)

int feclearexcept(int excepts);
int fegetexceptflag(fexcept_t *flagp, int excepts);
int feraiseexcept(int excepts);
int fesetexceptflag(const fexcept_t *flagp, int excepts);
int fetestexcept(int excepts);
int fegetround(void);
int fesetround(int round);
int fegetenv(fenv_t *envp);
int feholdexcept(fenv_t *envp);
int fesetenv(const fenv_t *envp);
int feupdateenv(const fenv_t *envp);

__KVMKIT_END_DECLS

#endif
