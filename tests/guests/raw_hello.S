/*
 * The classic KVM hello world, without the SDK: write bytes one at a time
 * to port 0xE9, store 42 in the result slot at 0x400, halt.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	leaq message(%rip), %rsi
	movw $0xe9, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	movq $42, 0x400
	hlt
	.size _start, . - _start

	.section .rodata
message:
	.asciz "Hello, world!\n"
	.section .note.GNU-stack, "", @progbits
