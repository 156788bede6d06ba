/*
 * Which instructions are string I/O, by code width: the opcodes and
 * prefixes written out from the SDM (vol. 2: INS 6C/6D, OUTS 6E/6F; REX
 * 40-4F exists only in 64-bit mode, where in 16/32-bit code the same bytes
 * are INC/DEC), not taken from the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu_mode.h"
#include "string_io.h"

static bool is_string(const char *bytes, size_t len, unsigned bits)
{
	return string_io_opcode((const uint8_t *)bytes, len, bits);
}

static void test_ins_and_outs_in_every_width(void **state)
{
	(void)state;
	static const unsigned widths[] = { 16, 32, 64 };
	for (unsigned i = 0; i < 3; i++) {
		unsigned b = widths[i];
		assert_true(is_string("\x6c", 1, b));         /* insb        */
		assert_true(is_string("\x6d", 1, b));         /* insd/insw   */
		assert_true(is_string("\x6e", 1, b));         /* outsb       */
		assert_true(is_string("\x6f", 1, b));         /* outsd/outsw */
		assert_true(is_string("\xf3\x6e", 2, b));     /* rep outsb   */
		assert_true(is_string("\x66\x6f", 2, b));     /* outsw/outsd */
		assert_true(is_string("\x2e\xf3\x6e", 3, b)); /* cs rep outsb */
		assert_false(is_string("\xe6\x01", 2, b));    /* out $1, %al */
		assert_false(is_string("\xee", 1, b));        /* out %al, (%dx) */
		assert_false(is_string("\xe4\x01", 2, b));    /* in $1, %al  */
		assert_false(is_string("\xec", 1, b));        /* in (%dx), %al */
		/* Nothing but prefixes: not a plain OUT either. */
		assert_true(is_string("\xf3", 1, b));
	}
}

static void test_rex_only_in_64_bit_code(void **state)
{
	(void)state;
	assert_true(is_string("\x48\x6f", 2, 64));  /* rex.w outsd   */
	assert_true(is_string("\x41\x6e", 2, 64));  /* rex.b outsb   */
	/* 16/32-bit: 0x48 is DEC, its own instruction, not an OUTS. */
	assert_false(is_string("\x48\x6f", 2, 32));
	assert_false(is_string("\x40\x6e", 2, 32));
	assert_false(is_string("\x48\x6f", 2, 16));
}

static void test_code_width_from_the_registers(void **state)
{
	(void)state;
	struct vm_sregs s = { 0 };
	assert_int_equal(cpu_code_bits(&s), 16);  /* real mode        */
	s.cr0 = 1u << 0;                          /* CR0.PE           */
	assert_int_equal(cpu_code_bits(&s), 16);  /* 16-bit protected */
	s.cs.db = 1;
	assert_int_equal(cpu_code_bits(&s), 32);
	/* Long mode: L=1 is 64-bit code, L=0 compatibility mode, whose
	 * width is D's. */
	s.efer = 1u << 8 | 1u << 10;              /* EFER.LME, LMA    */
	s.cr0 |= 1ull << 31;                      /* CR0.PG           */
	assert_int_equal(cpu_code_bits(&s), 32);
	s.cs.db = 0;
	assert_int_equal(cpu_code_bits(&s), 16);
	s.cs.l = 1;
	assert_int_equal(cpu_code_bits(&s), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ins_and_outs_in_every_width),
		cmocka_unit_test(test_rex_only_in_64_bit_code),
		cmocka_unit_test(test_code_width_from_the_registers),
	};
	return cmocka_run_group_tests_name("string_io", tests, NULL, NULL);
}
