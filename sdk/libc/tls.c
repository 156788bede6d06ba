/*
 * Thread-local storage for the guest's one thread: C11's _Thread_local
 * and GCC's __thread (cmocka keeps its state in them). The x86-64 ELF TLS
 * ABI, "variant II", static (local-exec) model: FS's base is the thread
 * pointer TP, the block sits just below it, and the 8 bytes at TP point
 * to TP itself (%fs:0). The linker computes every variable's offset from
 * TP as its place in the PT_TLS segment minus that segment's size rounded
 * up to its alignment (linker/guest.ld names the segment's bounds).
 * Without this, FS's base is 0 and the first access faults.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

#ifdef __x86_64__
extern char __tdata_start[], __tdata_end[], __tbss_end[];
extern char __tls_align[]; /* an absolute symbol: its address is the value */

#define MSR_FS_BASE 0xc0000100u

void __tls_init(void)
{
	uintptr_t align = (uintptr_t)__tls_align;
	size_t filesz = (size_t)(__tdata_end - __tdata_start);
	size_t memsz = (size_t)(__tbss_end - __tdata_start);

	if (align < 16)
		align = 16;
	size_t offset = (memsz + align - 1) & ~(align - 1);
	/* Without thread-local variables, only %fs:0 is needed: a program
	 * that does not allocate still never touches the heap. */
	static uintptr_t tcb_only __attribute__((aligned(16)));
	unsigned char *area = memsz == 0 ? (unsigned char *)&tcb_only :
		/* The block, the self pointer and room to align TP. */
		malloc(offset + sizeof(void *) + align);
	if (!area)
		__kvmkit_abort("kvmkit: no memory for thread-local storage");
	uintptr_t tp = ((uintptr_t)area + offset + align - 1) & ~(align - 1);
	unsigned char *block = (unsigned char *)(tp - offset);

	memcpy(block, __tdata_start, filesz);
	memset(block + filesz, 0, offset - filesz);
	*(uintptr_t *)tp = tp;
	__asm__ volatile("wrmsr" : : "c"(MSR_FS_BASE), "a"((uint32_t)tp),
			 "d"((uint32_t)(tp >> 32)) : "memory");
}
#else
/* 32-bit guests: no TLS segment in linker/guest32.ld, no GS set up. */
void __tls_init(void)
{
}
#endif
