/*
 * Interrupt entry for handlers installed with kvmkit_set_handler(): one
 * 16-byte stub per vector (push a 0 error code where the CPU pushes none,
 * push the vector), then a common path that saves every register and the
 * x87/SSE state as a struct kvmkit_frame, calls __kvmkit_dispatch(frame)
 * and returns to whatever the frame says (the handler may change it).
 */
	.text
	.balign 16
	.globl __kvmkit_isr_stubs
__kvmkit_isr_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	/* #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX push their own */
	.if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	jmp isr_common
	.set vec, vec + 1
	.endr

/* At entry the CPU has aligned RSP to 16 and pushed 48 bytes with the
 * error code; with the vector and 15 registers RSP is 16-aligned again,
 * as FXSAVE and the call need. */
isr_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $512, %rsp
	fxsave64 (%rsp)
	cld
	movq %rsp, %rdi
	call __kvmkit_dispatch
	fxrstor64 (%rsp)
	addq $512, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp          /* vector and error code */
	iretq

	.section .note.GNU-stack, "", @progbits
