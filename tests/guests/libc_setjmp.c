/* libc test guest: setjmp/longjmp out of nested calls, keeping volatile
 * locals, longjmp(env, 0) arriving as 1, and the callee-saved registers
 * as they were at setjmp; sigsetjmp/siglongjmp with and without the
 * signal mask, and a signal raised while blocked arriving on unblock. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t got;
static void on_usr1(int sig) { got = sig; }

/* Whether SIGUSR1 is blocked after siglongjmp back to a sigsetjmp(save)
 * taken while it was not blocked. */
static int blocked_after_jump(int save)
{
	static sigjmp_buf sjb;
	sigset_t set, now;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (!sigsetjmp(sjb, save)) {
		sigprocmask(SIG_BLOCK, &set, NULL);
		siglongjmp(sjb, 1);
	}
	sigprocmask(SIG_SETMASK, NULL, &now);
	int r = sigismember(&now, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	return r;
}

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

	printf("sigsetjmp(1): blocked after %d, sigsetjmp(0): blocked after %d\n",
	       blocked_after_jump(1), blocked_after_jump(0));
	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	signal(SIGUSR1, on_usr1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	sigpending(&pend);
	printf("blocked: handler ran %d, pending %d\n", got,
	       sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigpending(&pend);
	printf("unblocked: handler ran %d, pending %d\n", got,
	       sigismember(&pend, SIGUSR1));
	return 0;
}
