/*
 * setjmp/longjmp for x86-64 SysV: save the callee-saved registers, the
 * stack pointer and the return address; longjmp restores them and makes
 * setjmp return val (1 if val is 0). sigsetjmp also keeps the signal
 * mask (sdk/libc/signal.c).
 */
#if defined(__x86_64__)
	.text
	.globl setjmp
	.type setjmp, @function
setjmp:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rdx           /* rsp as it will be after our ret */
	movq %rdx, 48(%rdi)
	movq (%rsp), %rdx            /* our return address */
	movq %rdx, 56(%rdi)
	xorl %eax, %eax
	ret
	.size setjmp, . - setjmp

	.globl longjmp
	.type longjmp, @function
longjmp:
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	incl %eax                    /* longjmp(env, 0) returns 1 */
1:	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	jmpq *56(%rdi)
	.size longjmp, . - longjmp

/* sigsetjmp(env, save): note save and, if set, the signal mask after
 * the jmp_buf (<setjmp.h>'s sigjmp_buf), then setjmp in the caller's
 * frame: a jump, not a call. */
	.globl sigsetjmp
	.type sigsetjmp, @function
sigsetjmp:
	movslq %esi, %rax
	movq %rax, 64(%rdi)
	testl %esi, %esi
	jz setjmp
	movq __kvmkit_sigmask(%rip), %rax
	movq %rax, 72(%rdi)
	jmp setjmp
	.size sigsetjmp, . - sigsetjmp
#else
/*
 * i386 cdecl: the arguments are on the stack; EBX, ESI, EDI, EBP and ESP
 * are callee-saved.
 */
	.text
	.globl setjmp
	.type setjmp, @function
setjmp:
	movl 4(%esp), %eax           /* env */
	movl %ebx, 0(%eax)
	movl %esi, 4(%eax)
	movl %edi, 8(%eax)
	movl %ebp, 12(%eax)
	leal 4(%esp), %ecx           /* esp as it will be after our ret */
	movl %ecx, 16(%eax)
	movl (%esp), %ecx            /* our return address */
	movl %ecx, 20(%eax)
	xorl %eax, %eax
	ret
	.size setjmp, . - setjmp

	.globl longjmp
	.type longjmp, @function
longjmp:
	movl 4(%esp), %edx           /* env */
	movl 8(%esp), %eax           /* val */
	testl %eax, %eax
	jnz 1f
	incl %eax                    /* longjmp(env, 0) returns 1 */
1:	movl 0(%edx), %ebx
	movl 4(%edx), %esi
	movl 8(%edx), %edi
	movl 12(%edx), %ebp
	movl 16(%edx), %esp
	jmp *20(%edx)
	.size longjmp, . - longjmp

	.globl sigsetjmp
	.type sigsetjmp, @function
sigsetjmp:
	movl 4(%esp), %ecx           /* env */
	movl 8(%esp), %eax           /* save */
	movl %eax, 32(%ecx)
	testl %eax, %eax
	jz setjmp
	movl __kvmkit_sigmask, %eax
	movl %eax, 36(%ecx)
	movl __kvmkit_sigmask+4, %eax
	movl %eax, 40(%ecx)
	jmp setjmp
	.size sigsetjmp, . - sigsetjmp
#endif

	.section .note.GNU-stack, "", @progbits
