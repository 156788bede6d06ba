/*
 * Guest entry point, in long mode (or protected/paged32 for -m32) with
 * RDI/EDI = boot info, RSP/ESP = top of memory, interrupts off (abi.h).
 * We set up what compiled C expects and call __kvmkit_start().
 */
	/* Frame information for debuggers only (not loaded): _start is the
	 * outermost frame, so a backtrace ends here cleanly. */
	.cfi_sections .debug_frame
#if defined(__x86_64__)
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined rip
	cld
	xorl %ebp, %ebp              /* end of the frame-pointer chain      */
	andq $-16, %rsp              /* SysV ABI: 16-byte stack alignment   */
	movq %rdi, %r12              /* keep the boot info pointer          */

	fninit                       /* x87 control word: default, 64-bit   */
	ldmxcsr mxcsr_default(%rip)  /* SSE: round to nearest, mask all     */

	/* .bss is not cleared here: the ABI guarantees that guest memory is
	 * zero beyond the loaded bytes (docs/abi.md, "The image"), and
	 * clearing it would touch every page of it, each a nested page fault
	 * on KVM, for nothing. */

	movq %r12, %rdi
	call __kvmkit_start
1:	hlt
	jmp 1b
	.cfi_endproc
	.size _start, . - _start

#else
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	cld
	xorl %ebp, %ebp              /* end of the frame-pointer chain      */
	andl $-16, %esp              /* i386 psABI: 16-byte alignment at calls */
	fninit                       /* x87 control word: default, 64-bit   */
	ldmxcsr mxcsr_default        /* SSE: round to nearest, mask all     */
	subl $12, %esp               /* keep the alignment across the push  */
	pushl %edi                   /* the boot info pointer, cdecl        */
	call __kvmkit_start
1:	hlt
	jmp 1b
	.size _start, . - _start
#endif

	.section .rodata
	.balign 4
mxcsr_default:
	.long 0x1f80

	.section .note.GNU-stack, "", @progbits
