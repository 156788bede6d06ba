/*
 * Which CPU mode am I in? The same C file is built for 64-bit long mode
 * (samples/mode.elf) and for the 32-bit modes (samples/mode32.elf, run
 * with --mode protected or --mode paged32); it reads the control
 * registers it runs under and names the mode, as docs/modes.md describes.
 *
 *   tests/vm/run build/runner samples/mode.elf
 *   tests/vm/run build/runner --mode paged32 samples/mode32.elf
 */
#include <stdio.h>

#define CR0_PG (1ul << 31)
#define CR4_PSE (1ul << 4)
#define CR4_PAE (1ul << 5)

static unsigned long read_cr0(void)
{
	unsigned long v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static unsigned long read_cr4(void)
{
	unsigned long v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static const char *mode_name(void)
{
	unsigned long cr0 = read_cr0(), cr4 = read_cr4();
	if (sizeof(void *) == 8)
		return "long mode (4-level paging)";
	if (!(cr0 & CR0_PG))
		return "protected mode (paging off)";
	if (cr4 & CR4_PAE)
		return "protected mode with PAE paging";
	return cr4 & CR4_PSE ? "paged32 mode (4 MiB pages)"
			     : "paged32 mode (4 KiB pages)";
}

int main(void)
{
	printf("Hello from %s: %zu-bit code, cr0 %#lx\n", mode_name(),
	       sizeof(void *) * 8, read_cr0());
	return (int)sizeof(void *);
}
