/*
 * Guest entry point. The runner enters here in 64-bit long mode with
 * RDI = boot info, RSP = top of guest memory and interrupts off
 * (see include/kvmkit/abi.h). We set up what compiled C expects and call
 * __kvmkit_start(), which never returns.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	cld
	xorl %ebp, %ebp              /* end of the frame-pointer chain      */
	andq $-16, %rsp              /* SysV ABI: 16-byte stack alignment   */
	movq %rdi, %r12              /* keep the boot info pointer          */

	fninit                       /* x87 control word: default, 64-bit   */
	ldmxcsr mxcsr_default(%rip)  /* SSE: round to nearest, mask all     */

	/* Zero .bss: the loader zero-fills it too, but a guest must not rely
	 * on a particular runner doing so. */
	leaq __bss_start(%rip), %rdi
	leaq __bss_end(%rip), %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb

	movq %r12, %rdi
	call __kvmkit_start
1:	hlt
	jmp 1b
	.size _start, . - _start

	.section .rodata
	.balign 4
mxcsr_default:
	.long 0x1f80

	.section .note.GNU-stack, "", @progbits
