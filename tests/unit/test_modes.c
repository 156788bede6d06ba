/*
 * The four CPU modes' machines, as the CPU will see them: each mode's
 * segments and control registers, its descriptor tables in guest memory
 * (GDT entries that match the hidden segment state, IDT/IVT entries that
 * lead to the right stubs), the paged32 page directory walked entry by
 * entry, and where a raw image's runner structures go.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kvmkit/abi.h>

#include "cpu_mode.h"
#include "descriptors.h"
#include "guest_memory.h"
#include "linear_read.h"
#include "machine_setup.h"
#include "paging32.h"
#include "raw_image.h"

#define MiB (1ull << 20)

/* CR4 bits by number, spelled out so that a wrong definition elsewhere
 * (the classic lab defines OSFXSR as bit 8, which is PCE) is caught. */
#define BIT(n) (1ull << (n))
#define CR4_BIT_PSE 4
#define CR4_BIT_PAE 5
#define CR4_BIT_PCE 8
#define CR4_BIT_OSFXSR 9
#define CR4_BIT_OSXMMEXCPT 10

struct machine {
	struct guest_memory mem;
	struct machine_layout layout;
	struct mode_build b;
};

static void build(struct machine *m, enum cpu_mode mode, uint64_t mem_size)
{
	char err[256];
	const struct cpu_mode_ops *ops = cpu_mode_ops(mode);
	assert_non_null(ops);
	assert_int_equal(guest_memory_alloc(&m->mem, mem_size, err,
					    sizeof(err)), 0);
	/* A raw image of 0x200 bytes at 0, as the classic lab's. */
	assert_int_equal(raw_image_place(0, 0x200, 0, mem_size, ops,
					 &m->layout, err, sizeof(err)), 0);
	m->b = (struct mode_build){ .mem = &m->mem, .layout = &m->layout };
	assert_int_equal(ops->build(&m->b, err, sizeof(err)), 0);
}

static uint64_t gdt_entry(struct machine *m, uint16_t selector)
{
	uint64_t d;
	memcpy(&d, m->mem.host + m->b.sregs.gdt.base + selector, 8);
	return d;
}

static void test_sse_bit_is_9_not_8(void **state)
{
	(void)state;
	assert_int_equal(CR4_OSFXSR, BIT(CR4_BIT_OSFXSR));
	assert_int_equal(CR4_OSXMMEXCPT, BIT(CR4_BIT_OSXMMEXCPT));
	assert_int_equal(CR4_PSE, BIT(CR4_BIT_PSE));
	const enum cpu_mode modes[] = { MODE_PROTECTED, MODE_PAGED32, MODE_LONG };
	for (size_t i = 0; i < 3; i++) {
		struct machine m;
		build(&m, modes[i], 16 * MiB);
		assert_true(m.b.sregs.cr4 & BIT(CR4_BIT_OSFXSR));
		assert_false(m.b.sregs.cr4 & BIT(CR4_BIT_PCE));
		guest_memory_free(&m.mem);
	}
}

static void test_real_mode(void **state)
{
	(void)state;
	struct machine m;
	build(&m, MODE_REAL, 16 * MiB);
	const struct vm_sregs *s = &m.b.sregs;
	assert_int_equal(s->cr0 & CR0_PE, 0);
	assert_int_equal(s->cr0 & CR0_PG, 0);
	assert_int_equal(s->cr4, 0);
	assert_int_equal(s->efer, 0);
	assert_int_equal(s->cs.base, 0);
	assert_int_equal(s->cs.selector, 0);
	assert_int_equal(s->cs.limit, 0xffff);
	assert_int_equal(s->cs.db, 0);
	assert_int_equal(s->ss.base, 0);
	assert_int_equal(cpu_code_bits(s), 16);
	/* The IVT is not at 0, where the image is, and every vector is a
	 * far pointer to its 16-bit stub: push $v; out %al, $0xeb; hlt. */
	assert_true(s->idt.base >= 0x1000);
	assert_int_equal(s->idt.limit, 0x3ff);
	for (unsigned v = 0; v < 256; v++) {
		const uint8_t *e = m.mem.host + s->idt.base + v * 4;
		uint16_t off = (uint16_t)(e[0] | e[1] << 8);
		uint16_t seg = (uint16_t)(e[2] | e[3] << 8);
		uint64_t stub = ((uint64_t)seg << 4) + off;
		assert_int_equal(stub, m.layout.stubs + v * KVMKIT_EXC_STUB_SIZE);
		const uint8_t *code = m.mem.host + stub;
		assert_int_equal(code[0], 0x6a);
		assert_int_equal(code[1], v & 0xff);
		assert_int_equal(code[2], 0xe6);
		assert_int_equal(code[3], KVMKIT_PORT_EXCEPTION);
		assert_int_equal(code[4], 0xf4);
	}
	/* Entry: CS base 0 and IP = entry; above 64 KiB a segment. */
	struct vm_sregs e = *s;
	struct vm_regs r;
	char err[128];
	assert_int_equal(mode_real_entry(&e, &r, 0x7c00, err, sizeof(err)), 0);
	assert_int_equal(e.cs.base, 0);
	assert_int_equal(r.rip, 0x7c00);
	assert_int_equal(mode_real_entry(&e, &r, 0x12345, err, sizeof(err)), 0);
	assert_int_equal(e.cs.base + r.rip, 0x12345);
	assert_int_equal(mode_real_entry(&e, &r, 0x100000, err, sizeof(err)), -1);
	guest_memory_free(&m.mem);
}

/* The 32-bit machine shared by protected and paged32 mode. */
static void check_mode32(struct machine *m)
{
	const struct vm_sregs *s = &m->b.sregs;
	assert_true(s->cr0 & CR0_PE);
	assert_int_equal(s->efer, 0);
	assert_int_equal(cpu_code_bits(s), 32);
	assert_int_equal(s->cs.selector, SEL_CODE);
	assert_int_equal(s->cs.base, 0);
	assert_int_equal(s->cs.limit, 0xffffffff);
	assert_int_equal(s->cs.db, 1);
	assert_int_equal(s->cs.l, 0);
	assert_int_equal(s->cs.g, 1);
	assert_int_equal(s->ds.selector, SEL_DATA);
	assert_int_equal(s->ss.db, 1);
	/* The GDT holds what the segment registers were loaded with. */
	assert_int_equal(gdt_entry(m, 0), 0);
	assert_int_equal(gdt_entry(m, SEL_CODE), 0x00cf9b000000ffffull);
	assert_int_equal(gdt_entry(m, SEL_DATA), 0x00cf93000000ffffull);
	assert_int_equal(gdt_entry(m, SEL_CODE), descriptor_encode(&s->cs));
	assert_int_equal(gdt_entry(m, SEL_TSS), descriptor_encode(&s->tr));
	assert_int_equal(s->tr.type, 0xb); /* busy 32-bit TSS */
	/* GDTR and IDTR limits are the last byte's offset: 4 descriptors. */
	assert_int_equal(s->gdt.base, m->layout.gdt);
	assert_int_equal(s->gdt.limit, 4 * 8 - 1);
	/* The 32-bit TSS (Intel SDM vol. 3, 7.2.1): ESP0 at 4, SS0 at 8, the
	 * I/O map base at 102 pointing past its 104 bytes (no bitmap). */
	const uint8_t *tss = m->mem.host + m->layout.tss;
	uint32_t esp0, ss0;
	uint16_t iomap;
	memcpy(&esp0, tss + 4, 4);
	memcpy(&ss0, tss + 8, 4);
	memcpy(&iomap, tss + 102, 2);
	assert_int_equal(esp0, m->layout.exc_stack_top);
	assert_int_equal(ss0, 0x10);
	assert_int_equal(iomap, 104);
	assert_int_equal(s->tr.limit, 103);
	/* 32-bit interrupt gates to the stubs. */
	assert_int_equal(s->idt.limit, 256 * 8 - 1);
	for (unsigned v = 0; v < 256; v++) {
		const uint8_t *g = m->mem.host + s->idt.base + v * 8;
		uint32_t off = (uint32_t)(g[0] | g[1] << 8 | g[6] << 16 |
					  (uint32_t)g[7] << 24);
		assert_int_equal(off, m->layout.stubs + v * KVMKIT_EXC_STUB_SIZE);
		assert_int_equal(g[2] | g[3] << 8, SEL_CODE);
		assert_int_equal(g[5], 0x8e);
	}
}

static void test_protected_mode(void **state)
{
	(void)state;
	struct machine m;
	build(&m, MODE_PROTECTED, 16 * MiB);
	check_mode32(&m);
	assert_int_equal(m.b.sregs.cr0 & CR0_PG, 0);
	assert_int_equal(m.b.sregs.cr4 & (CR4_PAE | CR4_PSE), 0);
	assert_int_equal(m.b.sregs.cr0, CR0_PE | CR0_MP | CR0_ET | CR0_NE);
	guest_memory_free(&m.mem);
}

/* Walk the page directory as the CPU does with CR4.PSE: every 4 MiB of
 * memory is one identity-mapped large page, a tail is mapped with 4 KiB
 * pages, and nothing at or beyond the end of memory is mapped. */
static void check_paged32(uint64_t mem_size)
{
	struct machine m;
	build(&m, MODE_PAGED32, mem_size);
	const struct vm_sregs *s = &m.b.sregs;
	check_mode32(&m);
	assert_true(s->cr0 & CR0_PG);
	assert_true(s->cr0 & CR0_WP);
	assert_true(s->cr4 & BIT(CR4_BIT_PSE));
	assert_false(s->cr4 & BIT(CR4_BIT_PAE));
	assert_int_equal(s->cr3, m.layout.tables);
	assert_true(s->cr3 >= m.layout.start && s->cr3 < m.layout.end);

	const uint32_t *pd = (const uint32_t *)(m.mem.host + s->cr3);
	uint64_t whole = mem_size / (4 * MiB);
	for (uint64_t i = 0; i < 1024; i++) {
		if (i < whole) {
			assert_int_equal(pd[i], (uint32_t)(i * 4 * MiB) | 0x83);
		} else if (i == whole && mem_size % (4 * MiB)) {
			assert_int_equal(pd[i] & 0x81, 0x01); /* a page table */
		} else {
			assert_int_equal(pd[i], 0);
		}
	}
	for (uint64_t va = 0; va < mem_size; va += 4096) {
		struct translation t;
		assert_int_equal(paging32_translate(&m.mem, s->cr3, true,
						    va + 0x123, &t), 0);
		assert_int_equal(t.phys, va + 0x123);
	}
	struct translation t;
	assert_int_equal(paging32_translate(&m.mem, s->cr3, true, mem_size, &t),
			 -1);
	assert_int_equal(paging32_translate(&m.mem, s->cr3, true,
					    0xfffff000, &t), -1);
	/* And the report's reader goes through the same tables. */
	uint32_t word = 0x12345678, got = 0;
	memcpy(m.mem.host + mem_size - 4, &word, 4);
	assert_int_equal(linear_read(&m.mem, s, mem_size - 4, &got, 4), 4);
	assert_int_equal(got, word);
	assert_int_equal(linear_read(&m.mem, s, mem_size - 2, &got, 4), 2);
	guest_memory_free(&m.mem);
}

static void test_paged32_whole_4m(void **state)
{
	(void)state;
	/* One 4 KiB page directory; a tail that is not a whole 4 MiB needs
	 * one page table more. */
	assert_int_equal(paging32_table_bytes(16 * MiB), 4096);
	assert_int_equal(paging32_table_bytes(16 * MiB + 4096), 8192);
	assert_int_equal(paging32_table_bytes(2 * MiB), 8192);
	check_paged32(16 * MiB);
	check_paged32(64 * MiB);
}

static void test_paged32_tail(void **state)
{
	(void)state;
	check_paged32(6 * MiB + 8192);
	check_paged32(2 * MiB);
}

static void test_long_mode_raw(void **state)
{
	(void)state;
	struct machine m;
	build(&m, MODE_LONG, 16 * MiB);
	const struct vm_sregs *s = &m.b.sregs;
	assert_int_equal(cpu_code_bits(s), 64);
	assert_true(s->efer & EFER_LMA);
	assert_true(s->cr4 & BIT(CR4_BIT_PAE));
	assert_int_equal(s->cr3, m.layout.tables);
	assert_int_equal(s->gdt.base, m.layout.gdt);
	assert_int_equal(gdt_entry(&m, SEL_CODE), 0x00af9b000000ffffull);
	/* Linear reads go through the 4-level tables. */
	uint8_t byte = 0;
	m.mem.host[0x123456] = 0x5a;
	assert_int_equal(linear_read(&m.mem, s, 0x123456, &byte, 1), 1);
	assert_int_equal(byte, 0x5a);
	assert_int_equal(linear_read(&m.mem, s, 16 * MiB, &byte, 1), 0);
	guest_memory_free(&m.mem);
}

static void test_raw_placement(void **state)
{
	(void)state;
	char err[512];
	struct machine_layout l;
	const struct cpu_mode_ops *real = cpu_mode_ops(MODE_REAL);
	const struct cpu_mode_ops *paged = cpu_mode_ops(MODE_PAGED32);
	/* Small image at 0: the block goes at 0x1000. */
	assert_int_equal(raw_image_place(0, 0x200, 0, 16 * MiB, paged, &l, err,
					 sizeof(err)), 0);
	assert_int_equal(l.start, 0x1000);
	/* An image over 0x1000: right above it, not overlapping. */
	assert_int_equal(raw_image_place(0, 0x3001, 0, 16 * MiB, paged, &l, err,
					 sizeof(err)), 0);
	assert_int_equal(l.start, 0x4000);
	/* Real mode needs it below 1 MiB: an image filling that is refused,
	 * saying what overlaps. */
	assert_int_equal(raw_image_place(0, 0xff000, 0, 16 * MiB, real, &l, err,
					 sizeof(err)), -1);
	assert_non_null(strstr(err, "overlaps the runner's structures"));
	/* An image that ends exactly at the end of memory fits, and its last
	 * byte may be the entry; one byte more does not. */
	assert_int_equal(raw_image_place(8 * MiB, 8 * MiB, 16 * MiB - 1,
					 16 * MiB, paged, &l, err, sizeof(err)), 0);
	assert_int_equal(l.start, 0x1000);
	assert_int_equal(raw_image_place(8 * MiB, 8 * MiB + 1, 8 * MiB,
					 16 * MiB, paged, &l, err, sizeof(err)), -1);
	assert_string_equal(err, "raw image [0x800000, 0x1000001) does not fit "
			    "in guest memory (16777216 bytes): give the guest "
			    "more with -m or load it lower with --load");
	/* Out of memory, entry outside memory, empty. */
	assert_int_equal(raw_image_place(15 * MiB, 2 * MiB, 15 * MiB, 16 * MiB,
					 paged, &l, err, sizeof(err)), -1);
	assert_int_equal(raw_image_place(0, 16, 16 * MiB, 16 * MiB, paged, &l,
					 err, sizeof(err)), -1);
	assert_int_equal(raw_image_place(0, 0, 0, 16 * MiB, paged, &l, err,
					 sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sse_bit_is_9_not_8),
		cmocka_unit_test(test_real_mode),
		cmocka_unit_test(test_protected_mode),
		cmocka_unit_test(test_paged32_whole_4m),
		cmocka_unit_test(test_paged32_tail),
		cmocka_unit_test(test_long_mode_raw),
		cmocka_unit_test(test_raw_placement),
	};
	return cmocka_run_group_tests_name("modes", tests, NULL, NULL);
}
