/* A bare guest that writes to a physical address with no RAM behind it,
 * through a page it maps itself: KVM reports MMIO, the runner names it. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	/* With 16 MiB of memory the runner's page directory for the first
	 * GiB is the third table page (PML4, PDPT, PD). Point its last entry
	 * (virtual 0x3fe00000) at physical 3 GiB, beyond guest memory. */
	movq %cr3, %rax
	addq $0x2000, %rax
	movq $0xc0000083, %rbx          /* 3 GiB | PS | RW | P */
	movq %rbx, 511*8(%rax)
	movl $0x3fe00000, %ecx
	invlpg (%rcx)
	movl $0x12345678, %eax
	movl %eax, (%rcx)
	hlt
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
