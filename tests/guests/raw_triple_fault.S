/* A bare guest that loads an empty IDT and then faults: no handler can be
 * found, so the CPU shuts down (triple fault). */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	lidt empty_idt(%rip)
	ud2
	.size _start, . - _start

	.section .rodata
empty_idt:
	.word 0
	.quad 0
	.section .note.GNU-stack, "", @progbits
