/* A bare guest that writes its message with one REP OUTSB: KVM hands it
 * to the runner one byte per exit. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	leaq message(%rip), %rsi
	movl $(message_end - message), %ecx
	movw $0xe9, %dx
	rep outsb
	movw $0x4142, %ax
	outw %ax, %dx                   /* word I/O: 'B' 'A' */
	movb $10, %al
	outb %al, %dx
	movq $7, 0x400
	hlt
	.size _start, . - _start
	.section .rodata
message:
	.ascii "string I/O\n"
message_end:
	.section .note.GNU-stack, "", @progbits
