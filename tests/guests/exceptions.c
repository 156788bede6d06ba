/*
 * Raise the CPU exception named by the first argument, inside a function
 * named after it, so that tests can check the runner's report of each
 * vector: `runner exceptions.elf de` must say #DE in raise_de.
 */
#include <kvmkit/guest.h>
#include <stdint.h>

#define NOINLINE __attribute__((noinline))

static volatile int zero;

NOINLINE static int raise_de(void)
{
	/* Not 1 / zero: the compiler turns that into compares. */
	return 1000 / zero;
}

NOINLINE static void raise_db(void)
{
	/* Set the trap flag: #DB after the next instruction. */
	__asm__ volatile("pushf\n\t"
			 "orq $0x100, (%%rsp)\n\t"
			 "popf\n\t"
			 "nop" ::: "memory", "cc");
}

NOINLINE static void raise_bp(void)
{
	__asm__ volatile("int3");
}

NOINLINE static void raise_ud(void)
{
	__asm__ volatile("ud2");
}

NOINLINE static void raise_nm(void)
{
	/* CR0.TS set: the next x87/SSE instruction raises #NM. */
	uint64_t cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | 8));
	__asm__ volatile("fld1");
}

NOINLINE static void raise_gp(void)
{
	/* A non-canonical address gives #GP, not #PF. */
	volatile uint64_t *p = (volatile uint64_t *)0x8000000000000000ull;
	*p = 1;
}

NOINLINE static void raise_gp_selector(void)
{
	/* Selector 0x28 is past the end of the runner's GDT (5 entries):
	 * #GP with the selector as its error code. */
	__asm__ volatile("mov $0x28, %%ax\n\t"
			 "mov %%ax, %%ds" ::: "rax", "memory");
}

NOINLINE static void raise_ss(void)
{
	/* A non-canonical stack pointer gives #SS; the runner's IST stack
	 * still lets the fault be reported. */
	__asm__ volatile("mov %%rsp, %%rbx\n\t"
			 "movabs $0x8000000000000000, %%rsp\n\t"
			 "push %%rax\n\t"
			 "mov %%rbx, %%rsp" ::: "rax", "rbx", "memory");
}

NOINLINE static void raise_pf(void)
{
	volatile uint32_t *p = (volatile uint32_t *)0x80000000ull;
	*p = 0xdead;
}

NOINLINE static void raise_pf_fetch(void)
{
	void (*fn)(void) = (void (*)(void))0x90000000ull;
	fn();
}

NOINLINE static void raise_mf(void)
{
	/* Unmask x87 divide-by-zero, divide by zero, then wait. */
	uint16_t cw = 0x037b;
	__asm__ volatile("fldcw %0" : : "m"(cw));
	__asm__ volatile("fld1\n\tfldz\n\tfdivrp\n\tfwait" ::: "st", "st(1)");
}

NOINLINE static double raise_xm(void)
{
	/* Unmask SSE divide-by-zero. */
	uint32_t mxcsr = 0x1f80 & ~(1u << 9);
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	volatile double a = 1.0, b = 0.0;
	return a / b;
}

NOINLINE static void raise_int(void)
{
	__asm__ volatile("int $0x80");
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*raise)(void);
	} cases[] = {
		{ "de", (void (*)(void))raise_de },
		{ "db", raise_db },
		{ "bp", raise_bp },
		{ "ud", raise_ud },
		{ "nm", raise_nm },
		{ "gp", raise_gp },
		{ "gp-selector", raise_gp_selector },
		{ "ss", raise_ss },
		{ "pf", raise_pf },
		{ "pf-fetch", raise_pf_fetch },
		{ "mf", raise_mf },
		{ "xm", (void (*)(void))raise_xm },
		{ "int", raise_int },
	};
	if (argc < 2)
		return -1;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (same(argv[1], cases[i].name))
			cases[i].raise();
	return -2; /* unknown name, or the exception did not happen */
}
