/*
 * Far memory: accesses of every kind to guest memory far above the image,
 * where a large guest's memory is registered with KVM only on first touch
 * (runner/backend_kvm.c, "memory slots"). Each access must behave exactly
 * as on memory that was there all along, and the memory must start out
 * zero in every run (--repeat resets it).
 *
 * The places are fractions of guest memory, below the stack, so the same
 * guest runs at any -m: at 16G they fall into chunks not yet registered;
 * at 16M everything is one slot. It prints one line per check.
 */
#include <kvmkit/guest.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t mem_size;

/* An address at num/den of guest memory, rounded down to a page, plus off. */
static uint8_t *at(uint64_t num, uint64_t den, uint64_t off)
{
	return (uint8_t *)(uintptr_t)((mem_size / den * num & ~4095ull) + off);
}

static int zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* A function copied to far memory and called there: an instruction fetch
 * from a chunk not yet registered (KVM cannot emulate that). */
static int add3(int x)
{
	return x + 3;
}

int main(void)
{
	mem_size = kvmkit_bootinfo()->mem_size;

	/* Fresh memory: every place reads zero (in every run). */
	uint8_t *p1 = at(5, 16, 0), *p2 = at(6, 16, 0), *p3 = at(7, 16, 0);
	uint8_t *p4 = at(8, 16, 0), *p5 = at(9, 16, 0), *p6 = at(10, 16, 0);
	uint8_t *p7 = at(11, 16, 0), *p8 = at(12, 16, 0);
	int fresh = zero(p1, 64) && zero(p2, 64) && zero(p3, 64) &&
		    zero(p4 - 8, 16) && zero(p5, 64) && zero(p6, 64) &&
		    zero(p7, 64) && zero(p8, 64);
	printf("fresh %s\n", fresh ? "yes" : "NO");

	/* A plain 8-byte write, then a read of it. */
	*(volatile uint64_t *)p1 = 0x1122334455667788ull;
	printf("store64 %s\n",
	       *(volatile uint64_t *)p1 == 0x1122334455667788ull ? "ok" : "BAD");

	/* A read first (of zero), then a byte write. */
	volatile uint8_t *b = p2 + 3;
	uint8_t before = *b;
	*b = 0xa5;
	printf("load8 %u store8 %s\n", before, p2[3] == 0xa5 ? "ok" : "BAD");

	/* 16 bytes at once (SSE), and a read-modify-write instruction. */
	uint64_t in[2] = { 0x0102030405060708ull, 0x1112131415161718ull };
	__asm__ volatile("movdqu (%1), %%xmm0\n\tmovdqu %%xmm0, (%0)"
			 : : "r"(p3), "r"(in) : "xmm0", "memory");
	__asm__ volatile("addq $5, (%0)" : : "r"(p3 + 16) : "memory");
	printf("sse %s rmw %s\n", !memcmp(p3, in, 16) ? "ok" : "BAD",
	       *(uint64_t *)(p3 + 16) == 5 ? "ok" : "BAD");

	/* An unaligned 8-byte write across a page boundary. */
	*(volatile uint64_t *)(p4 - 4) = 0xdeadbeefcafef00dull;
	printf("straddle %s\n",
	       *(volatile uint64_t *)(p4 - 4) == 0xdeadbeefcafef00dull ? "ok"
									: "BAD");

	/* A string instruction over 3 pages, and an atomic exchange. */
	__asm__ volatile("rep stosb"
			 : "+D"(p5), "+c"((uint64_t){ 3 * 4096 })
			 : "a"(0x5a) : "memory");
	p5 = at(9, 16, 0);
	uint64_t old = 7;
	__asm__ volatile("xchgq %0, (%1)" : "+r"(old) : "r"(p6) : "memory");
	int stos_ok = p5[0] == 0x5a && p5[3 * 4096 - 1] == 0x5a &&
		      p5[3 * 4096] == 0;
	printf("stos %s xchg %s\n", stos_ok ? "ok" : "BAD",
	       old == 0 && *(uint64_t *)p6 == 7 ? "ok" : "BAD");

	/* A compare-and-exchange that succeeds. */
	uint64_t expected = 0;
	int swapped = __atomic_compare_exchange_n((uint64_t *)p7, &expected, 9,
						  0, __ATOMIC_SEQ_CST,
						  __ATOMIC_SEQ_CST);
	printf("cmpxchg %s\n", swapped && *(uint64_t *)p7 == 9 ? "ok" : "BAD");

	/* An instruction KVM's emulator does not know (SSE2 arithmetic with
	 * a memory operand) on a chunk not yet registered: KVM gives up
	 * before executing it, and it must run as on any memory. */
	uint64_t two[2] = { 2, 2 }, sum[2];
	__asm__ volatile("movdqu (%1), %%xmm1\n\tpaddq (%2), %%xmm1\n\t"
			 "movdqu %%xmm1, (%0)"
			 : : "r"(sum), "r"(two), "r"(at(13, 16, 0))
			 : "xmm1", "memory");
	printf("paddq %s\n", sum[0] == 2 && sum[1] == 2 ? "ok" : "BAD");

	/* Code run from far memory. */
	memcpy(p8, (const void *)add3, 64);
	int (*far_add3)(int) = (int (*)(int))(void *)p8;
	printf("call %d\n", far_add3(39));
	return 0;
}
