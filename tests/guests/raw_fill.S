/* A bare guest whose image ends on a page boundary, 1 MiB of .bss past a
 * page-aligned start: with -m equal to its end it fills guest memory
 * exactly, which the runner must accept (one page less it must refuse).
 * It touches neither the stack nor its .bss. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movq $5, 0x400
	hlt
	.size _start, . - _start

	.bss
	.balign 4096
fill:
	.skip 0x100000
	.section .note.GNU-stack, "", @progbits
