/* A bare guest that reads the console port, as guests do to detect it:
 * a byte IN and a word IN from 0xE9 must give 0xE9 in every byte. The
 * three bytes go to the result slot: 0xe9e9e9 = 15329769. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movq $0, 0x400
	movw $0xe9, %dx
	xorl %eax, %eax
	inb %dx, %al
	movb %al, 0x400
	xorl %eax, %eax
	inw %dx, %ax
	movw %ax, 0x401
	hlt
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
