/* libc test guest: setjmp/longjmp out of nested calls, keeping volatile
 * locals, longjmp(env, 0) arriving as 1, and the callee-saved registers
 * as they were at setjmp. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;

static int dive(int depth, int val)
{
	if (depth == 0)
		longjmp(env, val);
	if (depth < 0)
		return 0;
	return dive(depth - 1, val) + 1; /* not reached */
}

/*
 * int callee_saved_kept(void): set RBX, RBP and R12-R15 to known values,
 * setjmp, overwrite them all, longjmp back, and return whether they hold
 * their values again. In assembly because C cannot hold a value in a
 * given register across setjmp.
 */
jmp_buf regs_env;
int callee_saved_kept(void);
__asm__(".text\n"
	".globl callee_saved_kept\n"
	"callee_saved_kept:\n\t"
	"push %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\t"
	"push %r14\n\tpush %r15\n\tsub $8, %rsp\n\t"
	"mov $0x1b, %ebx\n\tmov $0xb0, %ebp\n\tmov $0x12, %r12d\n\t"
	"mov $0x13, %r13d\n\tmov $0x14, %r14d\n\tmov $0x15, %r15d\n\t"
	"lea regs_env(%rip), %rdi\n\tcall setjmp\n\t"
	"test %eax, %eax\n\tjnz 1f\n\t"
	"mov $-1, %rbx\n\tmov $-1, %rbp\n\tmov $-1, %r12\n\t"
	"mov $-1, %r13\n\tmov $-1, %r14\n\tmov $-1, %r15\n\t"
	"lea regs_env(%rip), %rdi\n\tmov $1, %esi\n\tcall longjmp\n"
	"1:\n\txor %eax, %eax\n\t"
	"cmp $0x1b, %rbx\n\tjne 2f\n\tcmp $0xb0, %rbp\n\tjne 2f\n\t"
	"cmp $0x12, %r12\n\tjne 2f\n\tcmp $0x13, %r13\n\tjne 2f\n\t"
	"cmp $0x14, %r14\n\tjne 2f\n\tcmp $0x15, %r15\n\tjne 2f\n\t"
	"mov $1, %eax\n"
	"2:\n\tadd $8, %rsp\n\tpop %r15\n\tpop %r14\n\tpop %r13\n\t"
	"pop %r12\n\tpop %rbp\n\tpop %rbx\n\tret\n");

int main(void)
{
	printf("callee-saved registers kept: %s\n",
	       callee_saved_kept() ? "yes" : "no");
	volatile int rounds = 0;
	int r = setjmp(env);

	printf("setjmp returned %d\n", r);
	if (rounds++ < 3)
		dive(100, rounds == 3 ? 0 : rounds * 10);
	printf("rounds %d\n", rounds);
	return 0;
}
