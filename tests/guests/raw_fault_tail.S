/* A bare guest that writes "tail" to the console with no newline, then
 * executes an invalid instruction: the four bytes must still reach stdout
 * before the report of the #UD. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movw $0xe9, %dx
	movb $'t', %al
	outb %al, %dx
	movb $'a', %al
	outb %al, %dx
	movb $'i', %al
	outb %al, %dx
	movb $'l', %al
	outb %al, %dx
	.size _start, . - _start
	.globl broken
	.type broken, @function
broken:
	ud2
	.size broken, . - broken
	.section .note.GNU-stack, "", @progbits
