/* A bare guest that spins forever without a single VM exit: only the
 * runner's --timeout can stop it. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	call spin
	.size _start, . - _start

	.text
	.globl spin
	.type spin, @function
spin:
	jmp spin
	.size spin, . - spin
	.section .note.GNU-stack, "", @progbits
