/*
 * gdb's x87 and SSE registers over the FXSAVE layout (runner/gdb/fpu_regs.c):
 * the full tag word gdb shows from FXSAVE's abridged one and back, the
 * instruction and operand pointers in 32-bit halves, and MXCSR's reserved
 * bits refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdb/fpu_regs.h"
#include "gdb/regs.h"

enum { FCTRL = GDB_FCTRL, FSTAT, FTAG, FISEG, FIOFF, FOSEG, FOOFF, FOP };

static uint32_t read32(const struct vm_fpu *f, unsigned r)
{
	uint8_t v[16];
	uint32_t x;
	gdb_fpu_read(f, r, v);
	memcpy(&x, v, 4);
	return x;
}

static int write32(struct vm_fpu *f, unsigned r, uint32_t x)
{
	uint8_t v[16] = { 0 };
	memcpy(v, &x, 4);
	return gdb_fpu_write(f, r, v);
}

/* 80-bit values: 1.0, +0.0, and a NaN */
static const uint8_t one[10] = { 0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f };
static const uint8_t zero[10] = { 0 };
static const uint8_t nan[10] = { 0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0x7f };

static void test_registers_map(void **state)
{
	(void)state;
	struct vm_fpu f;
	memset(&f, 0, sizeof(f));
	assert_true(gdb_fpu_reg(GDB_ST0));
	assert_true(gdb_fpu_reg(GDB_MXCSR));
	assert_false(gdb_fpu_reg(GDB_GS));
	assert_false(gdb_fpu_reg(GDB_FS_BASE));
	f.fcw = 0x37f;
	f.mxcsr = 0x1f80;
	f.fop = 0x5d9;
	f.fip = 0x123456789abcdef0ull;
	f.fdp = 0x0000000100002000ull;
	memcpy(f.st[3], one, 10);
	f.xmm[15][0] = 0x2a;
	f.xmm[15][15] = 0x80;
	assert_int_equal(read32(&f, FCTRL), 0x37f);
	assert_int_equal(read32(&f, GDB_MXCSR), 0x1f80);
	assert_int_equal(read32(&f, FOP), 0x5d9);
	assert_int_equal(read32(&f, FIOFF), 0x9abcdef0);
	assert_int_equal(read32(&f, FISEG), 0x12345678);
	assert_int_equal(read32(&f, FOOFF), 0x2000);
	assert_int_equal(read32(&f, FOSEG), 1);
	uint8_t v[16];
	gdb_fpu_read(&f, GDB_ST0 + 3, v);
	assert_memory_equal(v, one, 10);
	gdb_fpu_read(&f, GDB_XMM0 + 15, v);
	assert_int_equal(v[0], 0x2a);
	assert_int_equal(v[15], 0x80);
	/* and back */
	assert_int_equal(write32(&f, FIOFF, 0x11111111), 0);
	assert_int_equal(write32(&f, FOSEG, 0x22), 0);
	assert_true(f.fip == 0x1234567811111111ull);
	assert_true(f.fdp == 0x0000002200002000ull);
	assert_int_equal(write32(&f, FOP, 0xffff), 0);
	assert_int_equal(f.fop, 0x7ff); /* 11 bits */
	memset(v, 0x5a, sizeof(v));
	assert_int_equal(gdb_fpu_write(&f, GDB_XMM0 + 1, v), 0);
	assert_memory_equal(f.xmm[1], v, 16);
	assert_int_equal(gdb_fpu_write(&f, GDB_ST0 + 7, nan), 0);
	assert_memory_equal(f.st[7], nan, 10);
}

static void test_tag_word(void **state)
{
	(void)state;
	struct vm_fpu f;
	memset(&f, 0, sizeof(f));
	/* empty stack: all 3 */
	assert_int_equal(read32(&f, FTAG), 0xffff);
	/* one value pushed: TOP = 7, ST(0) is physical register 7 */
	f.fsw = 7 << 11;
	f.ftw = 0x80;
	memcpy(f.st[0], one, 10);
	assert_int_equal(read32(&f, FTAG), 0x3fff); /* valid */
	memcpy(f.st[0], zero, 10);
	assert_int_equal(read32(&f, FTAG), 0x7fff); /* zero */
	memcpy(f.st[0], nan, 10);
	assert_int_equal(read32(&f, FTAG), 0xbfff); /* special */
	/* TOP = 6: ST(0) is register 6, ST(1) register 7 */
	f.fsw = 6 << 11;
	f.ftw = 0xc0;
	memcpy(f.st[0], one, 10);
	memcpy(f.st[1], zero, 10);
	assert_int_equal(read32(&f, FTAG), 0x4fff);
	/* writing the full word sets the abridged bits (not 3 = in use) */
	assert_int_equal(write32(&f, FTAG, 0xfff0), 0);
	assert_int_equal(f.ftw, 0x03);
	assert_int_equal(write32(&f, FTAG, 0xffff), 0);
	assert_int_equal(f.ftw, 0);
}

static void test_mxcsr_reserved(void **state)
{
	(void)state;
	struct vm_fpu f;
	memset(&f, 0, sizeof(f));
	f.mxcsr = 0x1f80;
	assert_int_equal(write32(&f, GDB_MXCSR, 0x10000), -1);
	assert_int_equal(f.mxcsr, 0x1f80); /* unchanged */
	assert_int_equal(write32(&f, GDB_MXCSR, 0x9fc0), 0); /* FZ, DAZ */
	assert_int_equal(f.mxcsr, 0x9fc0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers_map),
		cmocka_unit_test(test_tag_word),
		cmocka_unit_test(test_mxcsr_reserved),
	};
	return cmocka_run_group_tests_name("gdb x87/SSE registers", tests,
					   NULL, NULL);
}
