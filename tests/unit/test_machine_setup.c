/*
 * The machine a guest starts in: long-mode control registers, segments,
 * the runner's GDT/IDT/TSS and exception stubs, boot info and argv, all as
 * docs/abi.md promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kvmkit/abi.h>

#include "guest_memory.h"
#include "machine_setup.h"

static void test_long_mode_registers(void **state)
{
	(void)state;
	struct vm_sregs s;
	machine_initial_sregs(&s, KVMKIT_PAGE_TABLES_ADDR, true);
	/* Paging with PAE and long mode: all three are needed for 64-bit. */
	assert_true(s.cr0 & CR0_PG);
	assert_true(s.cr0 & CR0_PE);
	assert_true(s.cr4 & CR4_PAE);
	assert_true(s.efer & EFER_LME);
	assert_true(s.efer & EFER_LMA);
	/* abi.h: EFER = LME|LMA|NXE, NXE only where the CPU has NX. */
	assert_int_equal(s.efer, EFER_LME | EFER_LMA | EFER_NXE);
	machine_initial_sregs(&s, KVMKIT_PAGE_TABLES_ADDR, false);
	assert_int_equal(s.efer, EFER_LME | EFER_LMA);
	machine_initial_sregs(&s, KVMKIT_PAGE_TABLES_ADDR, true);
	/* SSE usable by compiled C: OSFXSR is bit 9, OSXMMEXCPT bit 10. */
	assert_int_equal(s.cr4 & (1u << 9), 1u << 9);
	assert_int_equal(s.cr4 & (1u << 10), 1u << 10);
	assert_int_equal(s.cr0, 0x80050033);
	assert_int_equal(s.cr3, KVMKIT_PAGE_TABLES_ADDR);
	assert_int_equal(s.cs.l, 1);
	assert_int_equal(s.cs.db, 0);
	assert_int_equal(s.cs.selector, KVMKIT_SEL_CODE64);
	assert_int_equal(s.ss.selector, KVMKIT_SEL_DATA);
	assert_int_equal(s.tr.selector, KVMKIT_SEL_TSS);
	assert_int_equal(s.tr.base, KVMKIT_TSS_ADDR);
	assert_int_equal(s.idt.base, KVMKIT_IDT_ADDR);
	assert_int_equal(s.idt.limit, 256 * 16 - 1);

	struct vm_regs r;
	machine_initial_regs(&r, 0x100000, 16 << 20);
	assert_int_equal(r.rip, 0x100000);
	assert_int_equal(r.rsp, 16 << 20);
	assert_int_equal(r.rdi, KVMKIT_BOOTINFO_ADDR);
	assert_int_equal(r.rflags, 2);
}

static void test_idt_gates_lead_to_stubs(void **state)
{
	(void)state;
	struct guest_memory mem;
	char err[256];
	assert_int_equal(guest_memory_alloc(&mem, 2 << 20, err, sizeof(err)), 0);
	machine_write_tables(&mem);
	for (unsigned v = 0; v < 256; v++) {
		const uint8_t *gate = mem.host + KVMKIT_IDT_ADDR + v * 16;
		uint64_t offset = gate[0] | gate[1] << 8 |
				  (uint64_t)gate[6] << 16 | (uint64_t)gate[7] << 24;
		assert_int_equal(offset, KVMKIT_EXC_STUBS_ADDR + v * 16);
		assert_int_equal(gate[2] | gate[3] << 8, KVMKIT_SEL_CODE64);
		assert_int_equal(gate[4] & 7, 1);  /* IST1 */
		assert_int_equal(gate[5], 0x8e);   /* present interrupt gate */

		/* The stub pushes the vector and reports on the port. */
		const uint8_t *stub = mem.host + offset;
		size_t at = exception_has_error_code(v) ? 0 : 2;
		assert_int_equal(stub[at], 0x68);
		uint32_t pushed;
		memcpy(&pushed, stub + at + 1, 4);
		assert_int_equal(pushed, v);
		assert_int_equal(stub[at + 5], 0xe6);
		assert_int_equal(stub[at + 6], KVMKIT_PORT_EXCEPTION);
		assert_int_equal(stub[at + 7], 0xf4);
	}
	guest_memory_free(&mem);
}

static void test_bootinfo_and_argv(void **state)
{
	(void)state;
	struct guest_memory mem;
	char err[256];
	char *argv[] = { "prog.elf", "a", "bc" };
	assert_int_equal(guest_memory_alloc(&mem, 2 << 20, err, sizeof(err)), 0);
	char *envp[] = { "HOME=/h", "EMPTY=" };
	assert_int_equal(machine_write_bootinfo(&mem, 0x123000, 3, argv, 2, envp,
						1 << 20, err, sizeof(err)), 0);
	const struct kvmkit_bootinfo *bi =
		guest_ptr(&mem, KVMKIT_BOOTINFO_ADDR, sizeof(*bi));
	assert_int_equal(bi->magic, KVMKIT_BOOTINFO_MAGIC);
	assert_int_equal(bi->mem_size, 2 << 20);
	assert_int_equal(bi->image_end, 0x123000);
	assert_int_equal(bi->argc, 3);
	const uint64_t *ptrs = guest_ptr(&mem, bi->argv, 4 * 8);
	for (int i = 0; i < 3; i++)
		assert_string_equal((char *)mem.host + ptrs[i], argv[i]);
	assert_int_equal(ptrs[3], 0);
	assert_int_equal(bi->stack_size, 1 << 20);
	assert_int_equal(bi->envc, 2);
	assert_int_equal(bi->envp, bi->argv + 4 * 8); /* after argv's 0 */
	const uint64_t *env = guest_ptr(&mem, bi->envp, 3 * 8);
	for (int i = 0; i < 2; i++)
		assert_string_equal((char *)mem.host + env[i], envp[i]);
	assert_int_equal(env[2], 0);

	/* Too much to fit is refused, not truncated. */
	static char huge[KVMKIT_ARGS_SIZE];
	memset(huge, 'x', sizeof(huge) - 1);
	char *too_long[] = { "prog.elf", huge };
	assert_int_equal(machine_write_bootinfo(&mem, 0, 2, too_long, 0, NULL,
						0, err, sizeof(err)), -1);
	/* The environment counts against the same area. */
	char *too_much_env[] = { huge };
	assert_int_equal(machine_write_bootinfo(&mem, 0, 1, argv, 1,
						too_much_env, 0, err, sizeof(err)), -1);
	guest_memory_free(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_mode_registers),
		cmocka_unit_test(test_idt_gates_lead_to_stubs),
		cmocka_unit_test(test_bootinfo_and_argv),
	};
	return cmocka_run_group_tests_name("machine_setup", tests, NULL, NULL);
}
