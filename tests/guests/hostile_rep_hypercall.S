/* A hostile bare guest: REP OUTSB to the hypercall port, which would make
 * one console-write hypercall per byte with registers that change under
 * the half-done instruction. The runner must refuse it. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movl $1, %eax                   /* KVMKIT_HC_CONSOLE_WRITE */
	leaq message(%rip), %rdi
	movl $(message_end - message), %esi
	movl $4, %ecx
	movw $0xea, %dx
	rep outsb
	movq $7, 0x400
	hlt
	.size _start, . - _start
	.section .rodata
message:
	.ascii "boom\n"
message_end:
	.section .note.GNU-stack, "", @progbits
