/*
 * What hypercall handlers see of the calling vCPU: hc_regs and hc_sregs
 * pass the backend's registers through, and hc_guest_virtual turns guest
 * virtual addresses into host pointers through the guest's own page
 * tables, refusing anything unmapped, split, outside memory or wrapping.
 * A fake backend stands in for KVM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kvmkit/abi.h>

#include "guest_virtual.h"
#include "hypercalls/hypercall.h"
#include "paging.h"
#include "paging32.h"
#include "run.h"

#define MiB (1ull << 20)
#define PAGE 4096ull

static struct vm_regs fake_regs;
static struct vm_sregs fake_sregs;

static int get_regs(struct vcpu *v, struct vm_regs *r)
{
	(void)v;
	*r = fake_regs;
	return 0;
}

static int get_sregs(struct vcpu *v, struct vm_sregs *s)
{
	(void)v;
	*s = fake_sregs;
	return 0;
}

static const struct vm_backend fake = {
	.name = "fake", .get_regs = get_regs, .get_sregs = get_sregs,
};

static struct run run;
static struct run_cpu cpu;

/* 8 MiB of guest memory with the runner's identity map, in long mode. */
static int setup(void **state)
{
	(void)state;
	char err[256];
	uint64_t cr3;
	memset(&run, 0, sizeof(run));
	run.backend = &fake;
	cpu.run = &run;
	if (guest_memory_alloc(&run.mem, 8 * MiB, err, sizeof(err)) < 0 ||
	    paging_build(&run.mem, false, 0, &cr3, err, sizeof(err)) < 0)
		return -1;
	memset(&fake_sregs, 0, sizeof(fake_sregs));
	fake_sregs.cr0 = 0x80050033;
	fake_sregs.cr3 = cr3;
	fake_sregs.cr4 = 0x620;
	fake_sregs.efer = 0x500;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	guest_memory_free(&run.mem);
	return 0;
}

static void registers_are_the_callers(void **state)
{
	(void)state;
	fake_regs.rax = 7;
	fake_regs.rdi = 0x1234;
	fake_regs.rip = 0x100020;
	struct vm_regs r;
	struct vm_sregs s;
	assert_int_equal(hc_regs(&run, &cpu, &r), 0);
	assert_int_equal(r.rax, 7);
	assert_int_equal(r.rdi, 0x1234);
	assert_int_equal(r.rip, 0x100020);
	assert_int_equal(hc_sregs(&run, &cpu, &s), 0);
	assert_int_equal(s.cr3, fake_sregs.cr3);
	assert_int_equal(s.cr0, 0x80050033);
}

static void identity_map_gives_memory(void **state)
{
	(void)state;
	uint8_t *h = run.mem.host;
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, 0x100000, 16),
			 h + 0x100000);
	/* Across pages and up to the very last byte. */
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, 2 * MiB - 8, 16),
			 h + 2 * MiB - 8);
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, 8 * MiB - 1, 1),
			 h + 8 * MiB - 1);
}

static void refuses_what_is_not_all_mapped(void **state)
{
	(void)state;
	assert_null(hc_guest_virtual(&run, &cpu, 0, 8));          /* NULL */
	assert_null(hc_guest_virtual(&run, &cpu, 0x1000, 0));     /* empty */
	assert_null(hc_guest_virtual(&run, &cpu, 8 * MiB, 1));    /* past end */
	assert_null(hc_guest_virtual(&run, &cpu, 8 * MiB - 1, 2)); /* straddles */
	assert_null(hc_guest_virtual(&run, &cpu, UINT64_MAX - 3, 8)); /* wraps */
	assert_null(hc_guest_virtual(&run, &cpu, 0x1000, UINT64_MAX));
	assert_null(hc_guest_virtual(&run, &cpu, 1ull << 47, 1)); /* not canonical */
	assert_null(hc_guest_virtual(&run, &cpu, 0xffff800000000000ull, 1));
}

/* Map virtual page V to physical page P with a 4 KiB entry, building a
 * table chain of our own in free guest memory at 6 MiB. */
static uint64_t own_tables(void)
{
	uint8_t *h = run.mem.host;
	uint64_t pml4 = 6 * MiB, pdpt = pml4 + PAGE, pd = pdpt + PAGE,
		 pt = pd + PAGE;
	memset(h + pml4, 0, 4 * PAGE);
	uint64_t *e = (uint64_t *)(h + pml4);
	e[0] = pdpt | PTE_PRESENT | PTE_WRITABLE;
	e = (uint64_t *)(h + pdpt);
	e[0] = pd | PTE_PRESENT | PTE_WRITABLE;
	e = (uint64_t *)(h + pd);
	e[2] = pt | PTE_PRESENT | PTE_WRITABLE; /* 4 MiB .. 6 MiB */
	e = (uint64_t *)(h + pt);
	/* 4 MiB -> 1 MiB, 4 MiB + 4K -> 1 MiB + 4K (contiguous), then
	 * 4 MiB + 8K -> 3 MiB (elsewhere), 4 MiB + 12K unmapped. */
	e[0] = (1 * MiB) | PTE_PRESENT;
	e[1] = (1 * MiB + PAGE) | PTE_PRESENT;
	e[2] = (3 * MiB) | PTE_PRESENT;
	/* The very top page, 0xfffffffffffff000 (index 511 at every level,
	 * through the same tables), -> 2 MiB: a range from it can wrap. */
	((uint64_t *)(h + pml4))[511] = pdpt | PTE_PRESENT | PTE_WRITABLE;
	((uint64_t *)(h + pdpt))[511] = pd | PTE_PRESENT | PTE_WRITABLE;
	((uint64_t *)(h + pd))[511] = pt | PTE_PRESENT | PTE_WRITABLE;
	e[511] = (2 * MiB) | PTE_PRESENT;
	return pml4;
}

static void follows_the_guests_own_tables(void **state)
{
	(void)state;
	uint8_t *h = run.mem.host;
	uint64_t saved = fake_sregs.cr3;
	fake_sregs.cr3 = own_tables();
	uint64_t v = 4 * MiB;
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, v + 8, 8), h + 1 * MiB + 8);
	/* Two pages that follow on in physical memory: one pointer. */
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, v + PAGE - 4, 8),
			 h + 1 * MiB + PAGE - 4);
	/* Into a page mapped elsewhere: no single pointer covers it. */
	assert_null(hc_guest_virtual(&run, &cpu, v + 2 * PAGE - 4, 8));
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, v + 2 * PAGE, 8),
			 h + 3 * MiB);
	assert_null(hc_guest_virtual(&run, &cpu, v + 3 * PAGE, 1)); /* unmapped */
	assert_null(hc_guest_virtual(&run, &cpu, 0x100000, 1)); /* not in these tables */
	/* The top page is mapped; a range past 2^64 is refused. */
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, UINT64_MAX - 7, 8),
			 h + 2 * MiB + PAGE - 8);
	assert_null(hc_guest_virtual(&run, &cpu, UINT64_MAX - 3, 8));
	/* Tables outside guest memory are refused, not followed. */
	fake_sregs.cr3 = 64 * MiB;
	assert_null(hc_guest_virtual(&run, &cpu, v, 1));
	fake_sregs.cr3 = saved;
}

static void other_paging_modes(void **state)
{
	(void)state;
	struct vm_sregs saved = fake_sregs;
	fake_sregs.cr0 &= ~(1ull << 31); /* paging off: virtual = physical */
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, 0x2000, 4),
			 run.mem.host + 0x2000);
	assert_null(hc_guest_virtual(&run, &cpu, 8 * MiB, 1));
	fake_sregs = saved;
	fake_sregs.efer = 0; /* PAE paging without long mode: not translated */
	assert_null(hc_guest_virtual(&run, &cpu, 0x2000, 4));
	fake_sregs.cr4 |= 1ull << 12; /* 5-level: not translated either */
	fake_sregs.efer = saved.efer;
	assert_null(hc_guest_virtual(&run, &cpu, 0x2000, 4));
	fake_sregs = saved;
}

/* --mode paged32: 32-bit tables with 4 MiB pages (CR4.PSE), and 4 KiB
 * ones for a guest that maps its own. */
static void follows_32_bit_tables(void **state)
{
	(void)state;
	struct vm_sregs saved = fake_sregs;
	uint8_t *h = run.mem.host;
	char err[256];
	uint64_t cr3;
	/* The runner's tables, at 7 MiB: 8 MiB in two 4 MiB pages. */
	assert_int_equal(paging32_build(&run.mem, 7 * MiB, 8 * MiB, &cr3, err,
					sizeof(err)), 0);
	fake_sregs.cr0 = 0x80000011;
	fake_sregs.cr3 = cr3;
	fake_sregs.cr4 = 0x10; /* PSE */
	fake_sregs.efer = 0;
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, 0x100000, 16),
			 h + 0x100000);
	/* Across the two 4 MiB pages, and up to the last byte. */
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, 4 * MiB - 8, 16),
			 h + 4 * MiB - 8);
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, 8 * MiB - 1, 1),
			 h + 8 * MiB - 1);
	assert_null(hc_guest_virtual(&run, &cpu, 8 * MiB, 1)); /* not mapped */
	assert_null(hc_guest_virtual(&run, &cpu, 8 * MiB - 1, 2));
	assert_null(hc_guest_virtual(&run, &cpu, 1ull << 32, 1)); /* > 4 GiB */
	assert_null(hc_guest_virtual(&run, &cpu, 0, 4));
	/* A directory of our own at 6 MiB with one 4 KiB table: virtual
	 * 4 MiB -> 1 MiB, +4K -> 1 MiB + 4K, +8K -> 3 MiB, +12K unmapped. */
	uint32_t *pd = (uint32_t *)(h + 6 * MiB), *pt = pd + 1024;
	memset(pd, 0, 2 * PAGE);
	pd[1] = (uint32_t)(6 * MiB + PAGE) | 3;
	pt[0] = (uint32_t)(1 * MiB) | 1;
	pt[1] = (uint32_t)(1 * MiB + PAGE) | 1;
	pt[2] = (uint32_t)(3 * MiB) | 1;
	fake_sregs.cr3 = 6 * MiB;
	fake_sregs.cr4 = 0; /* no PSE: a PS bit would not count anyway */
	uint64_t v = 4 * MiB;
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, v + PAGE - 4, 8),
			 h + 1 * MiB + PAGE - 4);
	assert_null(hc_guest_virtual(&run, &cpu, v + 2 * PAGE - 4, 8));
	assert_ptr_equal(hc_guest_virtual(&run, &cpu, v + 2 * PAGE, 8),
			 h + 3 * MiB);
	assert_null(hc_guest_virtual(&run, &cpu, v + 3 * PAGE, 1));
	assert_null(hc_guest_virtual(&run, &cpu, 0x100000, 1));
	fake_sregs = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registers_are_the_callers),
		cmocka_unit_test(identity_map_gives_memory),
		cmocka_unit_test(refuses_what_is_not_all_mapped),
		cmocka_unit_test(follows_the_guests_own_tables),
		cmocka_unit_test(other_paging_modes),
		cmocka_unit_test(follows_32_bit_tables),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
