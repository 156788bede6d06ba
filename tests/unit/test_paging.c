/*
 * The page-table builder: walk the tables it builds, as the CPU would, and
 * check that every guest page maps to itself with the right flags, that
 * nothing beyond guest memory is mapped, and that the tables stay inside
 * the runner's area.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kvmkit/abi.h>

#include "guest_memory.h"
#include "paging.h"

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GiB (1ull << 30)

static void build(struct guest_memory *mem, uint64_t size, bool use_1g,
		  uint64_t *cr3)
{
	char err[256];
	assert_int_equal(guest_memory_alloc(mem, size, err, sizeof(err)), 0);
	assert_int_equal(paging_build(mem, use_1g, 0, cr3, err, sizeof(err)), 0);
	assert_int_equal(*cr3, KVMKIT_PAGE_TABLES_ADDR);
}

/* Every page of [0, size) at the given stride translates to itself. */
static void check_identity(struct guest_memory *mem, uint64_t cr3,
			   uint64_t stride)
{
	for (uint64_t va = 0; va < mem->size; va += stride) {
		struct translation t;
		/* An address inside the page too, not just its start. */
		uint64_t probe = va + (stride > 0xabc ? 0xabc : 0);
		if (probe >= mem->size)
			probe = va;
		if (paging_translate(mem, cr3, probe, &t) != 0)
			fail_msg("0x%llx is not mapped", (unsigned long long)probe);
		assert_int_equal(t.phys, probe);
		assert_true(t.flags & PTE_PRESENT);
		assert_true(t.flags & PTE_WRITABLE);
		assert_false(t.flags & PTE_USER);
		assert_false(t.flags & PTE_NX);
		/* A page must not reach beyond guest memory. */
		uint64_t page_start = probe & ~(t.page_size - 1);
		assert_true(page_start + t.page_size <= mem->size);
	}
}

static void check_unmapped_beyond(struct guest_memory *mem, uint64_t cr3)
{
	const uint64_t beyond[] = {
		mem->size, mem->size + 4 * KiB, mem->size + 2 * MiB,
		mem->size + 1 * GiB, 2 * mem->size, 512 * GiB, 1ull << 46,
		0xffff800000000000ull, /* canonical, upper half */
		0x0000800000000000ull, /* not canonical */
		UINT64_MAX,
	};
	for (size_t i = 0; i < sizeof(beyond) / sizeof(beyond[0]); i++) {
		struct translation t;
		if (paging_translate(mem, cr3, beyond[i], &t) == 0)
			fail_msg("0x%llx is mapped (to 0x%llx) but guest memory "
				 "ends at 0x%llx",
				 (unsigned long long)beyond[i],
				 (unsigned long long)t.phys,
				 (unsigned long long)mem->size);
	}
}

/* Every table entry that points to a table points inside the runner's
 * page-table area. */
static void check_tables_in_area(struct guest_memory *mem, uint64_t table,
				 int level)
{
	assert_true(table >= KVMKIT_PAGE_TABLES_ADDR);
	assert_true(table + 4 * KiB <= KVMKIT_PAGE_TABLES_END);
	const uint64_t *e = guest_ptr(mem, table, 4 * KiB);
	assert_non_null(e);
	for (int i = 0; i < 512; i++) {
		if (!(e[i] & PTE_PRESENT))
			continue;
		/* Flag bits, as numbers from the SDM (vol. 3, 4.5): P = 1,
		 * R/W = 2, U/S = 4, PS = 0x80, XD = bit 63. A leaf is
		 * present and writable, supervisor-only, executable, PS
		 * set above level 0; a table entry is exactly P | R/W (no
		 * U/S: it would let user mode through; PS is reserved in
		 * the PML4 and means "leaf" below). */
		uint64_t flags = e[i] & ~PTE_ADDR_MASK;
		bool leaf = level == 0 ||
			    ((level == 1 || level == 2) && (e[i] & 0x80));
		if (leaf) {
			assert_int_equal(flags, level ? 0x83 : 0x3);
			continue;
		}
		assert_int_equal(flags, 0x3);
		check_tables_in_area(mem, e[i] & PTE_ADDR_MASK, level - 1);
	}
}

static void check_all(uint64_t size, bool use_1g, uint64_t stride)
{
	struct guest_memory mem;
	uint64_t cr3;
	build(&mem, size, use_1g, &cr3);
	check_identity(&mem, cr3, stride);
	check_unmapped_beyond(&mem, cr3);
	check_tables_in_area(&mem, cr3, 3);
	guest_memory_free(&mem);
}

static void test_smallest_memory(void **state)
{
	(void)state;
	check_all(KVMKIT_MEM_MIN, false, 4 * KiB);
}

static void test_default_memory(void **state)
{
	(void)state;
	check_all(KVMKIT_MEM_DEFAULT, false, 4 * KiB);
}

/* 3 MiB + 4 KiB: a 2 MiB page, then 4 KiB pages for the tail. */
static void test_tail_of_small_pages(void **state)
{
	(void)state;
	uint64_t size = 3 * MiB + 4 * KiB, cr3;
	check_all(size, false, 4 * KiB);

	struct guest_memory mem;
	struct translation t;
	build(&mem, size, false, &cr3);
	assert_int_equal(paging_translate(&mem, cr3, 0, &t), 0);
	assert_int_equal(t.page_size, 2 * MiB);
	assert_int_equal(paging_translate(&mem, cr3, 3 * MiB, &t), 0);
	assert_int_equal(t.page_size, 4 * KiB);
	guest_memory_free(&mem);
}

static void test_two_gib_with_2m_pages(void **state)
{
	(void)state;
	check_all(2 * GiB, false, 4 * KiB);
}

static void test_gib_pages_used_when_offered(void **state)
{
	(void)state;
	uint64_t cr3;
	struct guest_memory mem;
	struct translation t;
	check_all(3 * GiB + 2 * MiB, true, 2 * MiB);
	build(&mem, 3 * GiB + 2 * MiB, true, &cr3);
	assert_int_equal(paging_translate(&mem, cr3, 5 * MiB, &t), 0);
	assert_int_equal(t.page_size, 1 * GiB);
	assert_int_equal(paging_translate(&mem, cr3, 3 * GiB + 4096, &t), 0);
	assert_int_equal(t.page_size, 2 * MiB);
	guest_memory_free(&mem);

	/* Exactly 2 GiB: the last GiB is a whole 1 GiB page too. */
	build(&mem, 2 * GiB, true, &cr3);
	assert_int_equal(paging_translate(&mem, cr3, 1 * GiB + 5 * MiB, &t), 0);
	assert_int_equal(t.page_size, 1 * GiB);
	assert_int_equal(t.phys, 1 * GiB + 5 * MiB);
	guest_memory_free(&mem);

	/* Without 1 GiB pages the same memory uses 2 MiB pages throughout. */
	build(&mem, 3 * GiB, false, &cr3);
	assert_int_equal(paging_translate(&mem, cr3, 5 * MiB, &t), 0);
	assert_int_equal(t.page_size, 2 * MiB);
	guest_memory_free(&mem);
}

/* The largest memory still fits its tables in the runner's area. */
static void test_largest_memory(void **state)
{
	(void)state;
	check_all(KVMKIT_MEM_MAX, false, 2 * MiB);
}

static void test_unaligned_size_refused(void **state)
{
	(void)state;
	struct guest_memory mem;
	char err[256];
	uint64_t cr3;
	assert_int_equal(guest_memory_alloc(&mem, 2 * MiB, err, sizeof(err)), 0);
	mem.size = 2 * MiB + 100;
	assert_int_equal(paging_build(&mem, false, 0, &cr3, err, sizeof(err)), -1);
	mem.size = 2 * MiB;
	guest_memory_free(&mem);
}

/* Reads through the tables cross page boundaries and stop at the end of
 * guest memory. */
static void test_read_virtual(void **state)
{
	(void)state;
	struct guest_memory mem;
	uint64_t cr3, size = 3 * MiB + 4 * KiB;
	uint8_t buf[32];
	build(&mem, size, false, &cr3);
	for (int i = 0; i < 32; i++)
		mem.host[3 * MiB - 16 + i] = (uint8_t)i;
	/* Across the 2 MiB page / 4 KiB page boundary at 3 MiB. */
	assert_int_equal(paging_read_virtual(&mem, cr3, 3 * MiB - 16, buf, 32), 32);
	for (int i = 0; i < 32; i++)
		assert_int_equal(buf[i], i);
	/* Only what is mapped is copied. */
	assert_int_equal(paging_read_virtual(&mem, cr3, size - 8, buf, 32), 8);
	assert_int_equal(paging_read_virtual(&mem, cr3, size, buf, 32), 0);
	assert_int_equal(paging_read_virtual(&mem, cr3, UINT64_MAX - 3, buf, 32), 0);
	guest_memory_free(&mem);
}

/* The stack's guard page stays unmapped, in 2 MiB and 1 GiB regions alike;
 * its neighbours are mapped as before. */
static void test_guard_page_unmapped(void **state)
{
	(void)state;
	const struct { uint64_t size, guard; bool use_1g; } cases[] = {
		{ 16 * MiB, 14 * MiB - 4 * KiB, false },
		{ 2 * GiB, 2 * GiB - 64 * MiB - 4 * KiB, true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct guest_memory mem;
		char err[256];
		uint64_t cr3;
		struct translation t;
		assert_int_equal(guest_memory_alloc(&mem, cases[i].size, err,
						    sizeof(err)), 0);
		assert_int_equal(paging_build(&mem, cases[i].use_1g,
					      cases[i].guard, &cr3, err,
					      sizeof(err)), 0);
		assert_int_equal(paging_translate(&mem, cr3, cases[i].guard, &t), -1);
		assert_int_equal(paging_translate(&mem, cr3,
						  cases[i].guard + 4095, &t), -1);
		assert_int_equal(paging_translate(&mem, cr3,
						  cases[i].guard - 1, &t), 0);
		assert_int_equal(t.phys, cases[i].guard - 1);
		assert_int_equal(paging_translate(&mem, cr3,
						  cases[i].guard + 4096, &t), 0);
		assert_int_equal(t.phys, cases[i].guard + 4096);
		assert_int_equal(paging_translate(&mem, cr3, 0x1000, &t), 0);
		guest_memory_free(&mem);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smallest_memory),
		cmocka_unit_test(test_default_memory),
		cmocka_unit_test(test_tail_of_small_pages),
		cmocka_unit_test(test_two_gib_with_2m_pages),
		cmocka_unit_test(test_gib_pages_used_when_offered),
		cmocka_unit_test(test_largest_memory),
		cmocka_unit_test(test_unaligned_size_refused),
		cmocka_unit_test(test_read_virtual),
		cmocka_unit_test(test_guard_page_unmapped),
	};
	return cmocka_run_group_tests_name("paging", tests, NULL, NULL);
}
