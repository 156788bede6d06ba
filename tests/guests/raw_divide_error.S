/* A bare guest that divides by zero inside a named function: the runner's
 * default IDT must report #DE in divide_by_zero. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movl $7, %eax
	call divide_by_zero
	hlt
	.size _start, . - _start

	.text
	.globl divide_by_zero
	.type divide_by_zero, @function
divide_by_zero:
	xorl %ecx, %ecx
	cltd
	idivl %ecx
	ret
	.size divide_by_zero, . - divide_by_zero
	.section .note.GNU-stack, "", @progbits
