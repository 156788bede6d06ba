/* _Thread_local and __thread variables (cmocka keeps its state in them):
 * initial values from .tdata, zeroes in .tbss, alignment kept, %fs:0 the
 * thread pointer itself, as the x86-64 TLS ABI says. */
#include <stdint.h>
#include <stdio.h>

static _Thread_local int counter = 5;
static _Thread_local char zeroed[100];
static _Thread_local long double ld = 7.5L;
__thread const char *name = "tls";

int main(void)
{
	uintptr_t tp;

	__asm__("mov %%fs:0, %0" : "=r"(tp));
	counter++;
	zeroed[99] = 1;
	printf("counter %d, zeroed %d %d, long double %.1Lf at a multiple of 16: %d, name %s\n",
	       counter, zeroed[0], zeroed[99], ld, (uintptr_t)&ld % 16 == 0,
	       name);
	printf("%%fs:0 is the thread pointer, above the variables: %d\n",
	       tp > (uintptr_t)&counter && tp - (uintptr_t)&zeroed[0] < 4096);
	return counter;
}
