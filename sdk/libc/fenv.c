/*
 * <fenv.h> on x86-64: SSE does float and double arithmetic, the x87 does
 * long double and the SDK's math functions, so a rounding mode is set in
 * both units and an exception flag raised in either one counts.
 */
#include <fenv.h>

#define ROUND_MASK 0xc00
#define MXCSR_ROUND_SHIFT 3
/* Startup state (sdk/core/crt0.S): fninit's control word (64-bit
 * precision, every exception masked), MXCSR with every exception masked. */
#define X87_CW_DEFAULT 0x37f
#define MXCSR_DEFAULT 0x1f80

static unsigned get_mxcsr(void)
{
	unsigned m;
	__asm__ volatile("stmxcsr %0" : "=m"(m));
	return m;
}

static void set_mxcsr(unsigned m)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(m));
}

static unsigned short get_x87_sw(void)
{
	unsigned short sw;
	__asm__ volatile("fnstsw %0" : "=m"(sw));
	return sw;
}

static unsigned short get_x87_cw(void)
{
	unsigned short cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static void set_x87_cw(unsigned short cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

int feclearexcept(int excepts)
{
	fenv_t env;

	excepts &= FE_ALL_EXCEPT;
	/* The x87 status word can only be written through a whole
	 * environment (fnclex would clear every flag). */
	__asm__ volatile("fnstenv %0" : "=m"(env));
	env.__status_word &= (unsigned short)~excepts;
	__asm__ volatile("fldenv %0" : : "m"(env));
	set_mxcsr(get_mxcsr() & ~(unsigned)excepts);
	return 0;
}

/* Flags are raised in MXCSR: exceptions are masked, so no trap is taken,
 * and fetestexcept sees them as it would after an operation. */
int feraiseexcept(int excepts)
{
	set_mxcsr(get_mxcsr() | (unsigned)(excepts & FE_ALL_EXCEPT));
	return 0;
}

int fetestexcept(int excepts)
{
	return (int)((get_x87_sw() | get_mxcsr()) & (unsigned)excepts &
		     FE_ALL_EXCEPT);
}

int fegetexceptflag(fexcept_t *flagp, int excepts)
{
	*flagp = (fexcept_t)fetestexcept(excepts);
	return 0;
}

int fesetexceptflag(const fexcept_t *flagp, int excepts)
{
	excepts &= FE_ALL_EXCEPT;
	feclearexcept(excepts);
	return feraiseexcept(*flagp & excepts);
}

int fegetround(void)
{
	return get_x87_cw() & ROUND_MASK;
}

int fesetround(int round)
{
	if (round & ~ROUND_MASK)
		return -1;
	set_x87_cw((unsigned short)((get_x87_cw() & ~ROUND_MASK) | round));
	set_mxcsr((get_mxcsr() & ~(ROUND_MASK << MXCSR_ROUND_SHIFT)) |
		  ((unsigned)round << MXCSR_ROUND_SHIFT));
	return 0;
}

int fegetenv(fenv_t *envp)
{
	__asm__ volatile("fnstenv %0" : "=m"(*envp));
	/* fnstenv masks every x87 exception: put the control word back. */
	set_x87_cw(envp->__control_word);
	envp->__mxcsr = get_mxcsr();
	return 0;
}

int fesetenv(const fenv_t *envp)
{
	fenv_t env;

	__asm__ volatile("fnstenv %0" : "=m"(env));
	if (envp == FE_DFL_ENV) {
		env.__control_word = X87_CW_DEFAULT;
		env.__status_word &= (unsigned short)~FE_ALL_EXCEPT;
		env.__mxcsr = MXCSR_DEFAULT;
	} else {
		env.__control_word = envp->__control_word;
		env.__status_word = envp->__status_word;
		env.__mxcsr = envp->__mxcsr;
	}
	__asm__ volatile("fldenv %0" : : "m"(env));
	set_mxcsr(env.__mxcsr);
	return 0;
}

int feholdexcept(fenv_t *envp)
{
	fegetenv(envp);
	feclearexcept(FE_ALL_EXCEPT);
	/* Non-stop mode: every exception masked (the startup state). */
	set_x87_cw(get_x87_cw() | FE_ALL_EXCEPT | 0x02);
	set_mxcsr(get_mxcsr() | (FE_ALL_EXCEPT << 7) | (0x02 << 7));
	return 0;
}

int feupdateenv(const fenv_t *envp)
{
	int raised = fetestexcept(FE_ALL_EXCEPT);

	fesetenv(envp);
	return feraiseexcept(raised);
}
