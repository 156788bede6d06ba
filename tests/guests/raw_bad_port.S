/* A bare guest that writes to a port the runner does not serve (a COM1
 * UART): the run must end with the port named. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movw $0x3f8, %dx
	movb $0x41, %al
	outb %al, %dx
	hlt
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
