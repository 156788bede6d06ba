/*
 * entry_efer: EFER as the guest finds it, and whether its CPU has NX
 * (CPUID 0x80000001 EDX bit 20). abi.h: EFER = LME|LMA|NXE, NXE only
 * where the CPU has NX. Runs first thing in main: nothing before it
 * touches EFER.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	uint32_t lo, hi, a, b, c, d;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080u));
	__asm__ volatile("cpuid"
			 : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(0x80000001u), "c"(0));
	uint64_t efer = (uint64_t)hi << 32 | lo;
	printf("efer 0x%llx nx %u\n", (unsigned long long)efer, (d >> 20) & 1);
	return 0;
}
