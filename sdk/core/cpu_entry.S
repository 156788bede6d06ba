	.text
/*
 * Where a CPU started by kvmkit_start_cpu() begins (KVMKIT_HC_CPU_START):
 * RSP = its new stack (16-byte aligned), RDI = fn, RSI = arg, RDX = its
 * number. Same C environment as _start gives CPU 0, then C.
 */
	.globl __kvmkit_cpu_entry
__kvmkit_cpu_entry:
	cld
	xorl %ebp, %ebp
	fninit
	ldmxcsr cpu_mxcsr(%rip)
	call __kvmkit_cpu_main  /* does not return */
1:	hlt
	jmp 1b

	.section .rodata
	.balign 4
cpu_mxcsr:
	.long 0x1f80

	.section .note.GNU-stack, "", @progbits
