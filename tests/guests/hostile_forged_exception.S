/* A hostile bare guest: builds a fake exception frame (a #GP at
 * 0xdeadbeef) and writes to the exception report port itself, from its
 * own code rather than from one of the runner's stubs. The runner must
 * not believe it. */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	pushq $0x10                     /* SS     */
	pushq $0x12345678               /* RSP    */
	pushq $0x2                      /* RFLAGS */
	pushq $0x8                      /* CS     */
	movl $0xdeadbeef, %eax
	pushq %rax                      /* RIP    */
	pushq $0                        /* error code */
	pushq $13                       /* vector: #GP */
	.globl forge
forge:
	outb %al, $0xeb
	hlt
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
