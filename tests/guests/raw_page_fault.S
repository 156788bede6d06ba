/* A bare guest that writes above the end of guest memory (16 MiB default,
 * nothing mapped there): the runner must report #PF with the address. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	call poke
	hlt
	.size _start, . - _start

	.text
	.globl poke
	.type poke, @function
poke:
	movabsq $0x40000000, %rax
	movl $1, (%rax)
	ret
	.size poke, . - poke
	.section .note.GNU-stack, "", @progbits
