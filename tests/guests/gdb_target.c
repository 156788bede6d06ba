/*
 * A guest for the gdb stub's tests (tests/integration/gdb.bats). What it
 * does depends on argv[1]:
 *   (none)   compute: locals to print, a global written at a known line,
 *            a hypercall (puts) to step over; result 42
 *   divide   a #DE three calls deep (bt must name the chain)
 *   spin     loop forever (Ctrl-C must stop it)
 *   fpu      42 into xmm0 and 3 onto the x87 stack, then (line fpu_use)
 *            prints and returns what they hold (gdb may change them)
 * The lines the tests name are marked "LINE <tag>".
 */
#include <stdio.h>
#include <string.h>

volatile int counter;
volatile int zero;

__attribute__((noinline)) static int square(int x)
{
	int sq = x * x;
	return sq;
}

__attribute__((noinline)) static void bump(int by)
{
	counter += by; zero = 0; /* LINE bump: the store is not its last */
}

__attribute__((noinline)) static int divide(int a, int b)
{
	return a / b; /* LINE divide */
}

__attribute__((noinline)) static int average(int sum, int n)
{
	return divide(sum, n) + 1;
}

__attribute__((noinline)) static int report(int sum)
{
	return average(sum, zero) + 2;
}

static volatile int three = 3;

/* Nothing else here touches xmm0 or the x87 stack between the two asm
 * statements: what gdb finds and sets there is what the guest uses. */
__attribute__((noinline)) static int fpu(void)
{
	int x, st;
	__asm__ volatile("movl $42, %%eax\n\tmovd %%eax, %%xmm0\n\tfildl %0"
			 : : "m"(three) : "eax", "xmm0");
	__asm__ volatile("movd %%xmm0, %0" : "=r"(x)); /* LINE fpu_use */
	__asm__ volatile("fistpl %0" : "=m"(st));
	printf("xmm0 %d st0 %d\n", x, st);
	return x + st;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "fpu") == 0)
		return fpu();
	if (argc > 1 && strcmp(argv[1], "divide") == 0)
		return report(10);
	if (argc > 1 && strcmp(argv[1], "spin") == 0) {
		puts("spinning");
		for (;;)
			counter++;
	}
	int seven = argc + 6;
	int result = square(seven) - seven; /* LINE square */
	puts("stepping over a hypercall"); /* LINE puts */
	bump(result);
	return counter;
}
