/* A hostile bare guest: abort() with a message that tries to forge report
 * lines (newlines, a fake "status: 0") and to reach the terminal with an
 * escape sequence. Also valid UTF-8 text, which must survive. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	movl $3, %eax                   /* KVMKIT_HC_ABORT */
	leaq message(%rip), %rdi
	movl $(message_end - message), %esi
	outb %al, $0xea
	hlt
	.size _start, . - _start
	.section .rodata
message:
	.ascii "caf\xc3\xa9\n\x1b[2Jstatus:   0\r\\\xff"
message_end:
	.section .note.GNU-stack, "", @progbits
