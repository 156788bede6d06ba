/* A bare guest whose result uses all eight bytes of the slot, each byte
 * different, so that --result-size 1, 2, 4 and 8 each read a different
 * value: 0x11, 0x2211, 0x44332211, 0x8877665544332211. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movabsq $0x8877665544332211, %rax
	movq %rax, 0x400
	hlt
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
