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

/*
 * Architecture facts, written out here rather than taken from the code
 * under test (Intel SDM vol. 3, 6.3.1 and table 6-1; AMD APM vol. 2,
 * 8.2): the exceptions for which the CPU pushes an error code.
 */
static int pushes_error_code(unsigned v)
{
	static const unsigned with_code[] = { 8, 10, 11, 12, 13, 14, 17, 21,
					      29, 30 };
	for (size_t i = 0; i < sizeof(with_code) / sizeof(with_code[0]); i++)
		if (with_code[i] == v)
			return 1;
	return 0;
}

/* The stub of a vector without an error code starts with push $0 (6a 00);
 * one with an error code must not, or the frame would be off by 8. */
static void test_stubs_match_cpu_error_codes(void **state)
{
	(void)state;
	struct guest_memory mem;
	char err[256];
	assert_int_equal(guest_memory_alloc(&mem, 2 << 20, err, sizeof(err)), 0);
	machine_write_tables(&mem);
	for (unsigned v = 0; v < 256; v++) {
		const uint8_t *stub = mem.host + 0x4000 + v * 16;
		int pushes_zero = stub[0] == 0x6a && stub[1] == 0x00;
		if (pushes_zero == pushes_error_code(v))
			fail_msg("vector %u: stub %s push $0, but the CPU %s an "
				 "error code", v, pushes_zero ? "does" : "does not",
				 pushes_error_code(v) ? "pushes" : "pushes no");
		assert_int_equal(exception_has_error_code(v), pushes_error_code(v));
	}
	guest_memory_free(&mem);
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* Descriptor fields, decoded by hand (SDM vol. 3, 3.4.5 and 7.2.3). */
#define DESC_TYPE(d)    (((d) >> 40) & 0xf)
#define DESC_S(d)       (((d) >> 44) & 1)
#define DESC_DPL(d)     (((d) >> 45) & 3)
#define DESC_P(d)       (((d) >> 47) & 1)
#define DESC_L(d)       (((d) >> 53) & 1)
#define DESC_DB(d)      (((d) >> 54) & 1)

static void test_gdt_tss_and_idt_fields(void **state)
{
	(void)state;
	struct guest_memory mem;
	char err[256];
	assert_int_equal(guest_memory_alloc(&mem, 2 << 20, err, sizeof(err)), 0);
	machine_write_tables(&mem);
	const uint8_t *gdt = mem.host + 0x1000;

	assert_int_equal(get64(gdt), 0); /* null descriptor */
	uint64_t code = get64(gdt + 0x08);
	assert_int_equal(DESC_P(code), 1);
	assert_int_equal(DESC_DPL(code), 0);
	assert_int_equal(DESC_S(code), 1);
	assert_int_equal(DESC_TYPE(code) & 0x8, 0x8); /* code */
	assert_int_equal(DESC_L(code), 1);            /* 64-bit */
	assert_int_equal(DESC_DB(code), 0);           /* must be 0 with L */

	uint64_t data = get64(gdt + 0x10);
	assert_int_equal(DESC_P(data), 1);
	assert_int_equal(DESC_DPL(data), 0);
	assert_int_equal(DESC_S(data), 1);
	assert_int_equal(DESC_TYPE(data) & 0xa, 0x2); /* data, writable */

	/* 64-bit TSS: a 16-byte system descriptor, busy (TR is loaded). */
	uint64_t tss_lo = get64(gdt + 0x18), tss_hi = get64(gdt + 0x20);
	assert_int_equal(DESC_P(tss_lo), 1);
	assert_int_equal(DESC_DPL(tss_lo), 0);
	assert_int_equal(DESC_S(tss_lo), 0);
	assert_int_equal(DESC_TYPE(tss_lo), 0xb);
	uint64_t base = ((tss_lo >> 16) & 0xffffff) |
			(((tss_lo >> 56) & 0xff) << 24) | (tss_hi << 32);
	uint64_t limit = (tss_lo & 0xffff) | (((tss_lo >> 48) & 0xf) << 16);
	assert_int_equal(base, 0x3000);
	assert_int_equal(limit, 103);

	/* TSS: RSP0 at byte 4 and IST1 at byte 36, both the exception stack
	 * top 0x9000; I/O map base (byte 102) past the limit: no bitmap. */
	const uint8_t *tss = mem.host + 0x3000;
	assert_int_equal(get64(tss + 4), 0x9000);
	assert_int_equal(get64(tss + 36), 0x9000);
	for (unsigned ist = 2; ist <= 7; ist++)
		assert_int_equal(get64(tss + 36 + (ist - 1) * 8), 0);
	assert_int_equal(tss[102] | tss[103] << 8, 104);

	/* Every IDT gate: present, DPL 0, 64-bit interrupt gate (type 0xe,
	 * so IF is cleared on entry), IST 1, upper offset 0. */
	for (unsigned v = 0; v < 256; v++) {
		const uint8_t *gate = mem.host + 0x2000 + v * 16;
		uint64_t lo = get64(gate);
		assert_int_equal(DESC_P(lo), 1);
		assert_int_equal(DESC_DPL(lo), 0);
		assert_int_equal(DESC_TYPE(lo), 0xe);
		assert_int_equal((lo >> 32) & 7, 1);
		assert_int_equal(get64(gate + 8), 0);
	}
	guest_memory_free(&mem);
}

/* The segment registers as KVM gets them must agree with the GDT. */
static void test_segment_registers(void **state)
{
	(void)state;
	struct vm_sregs s;
	machine_initial_sregs(&s, 0x10000, false);
	assert_int_equal(s.cs.present, 1);
	assert_int_equal(s.cs.dpl, 0);
	assert_int_equal(s.cs.s, 1);
	assert_int_equal(s.cs.type, 0xb);
	const struct vm_segment *data[] = { &s.ds, &s.es, &s.fs, &s.gs, &s.ss };
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(data[i]->selector, 0x10);
		assert_int_equal(data[i]->present, 1);
		assert_int_equal(data[i]->dpl, 0);
		assert_int_equal(data[i]->s, 1);
		assert_int_equal(data[i]->type, 0x3);
	}
	assert_int_equal(s.tr.base, 0x3000);
	assert_int_equal(s.tr.limit, 103);
	assert_int_equal(s.tr.type, 0xb);
	assert_int_equal(s.tr.s, 0);
	assert_int_equal(s.tr.present, 1);
	assert_int_equal(s.gdt.base, 0x1000);
	assert_int_equal(s.gdt.limit, 5 * 8 - 1);
	assert_int_equal(s.cr4, 0x620);
	assert_int_equal(s.efer, 0x500);
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

	/* Exactly 8 KiB fits, with the environment in it: 4 pointers
	 * (argv[0], NULL, envp[0], NULL) = 32 bytes, "p" and its NUL = 2,
	 * so an 8157-byte variable and its NUL end at the area's last byte. */
	static char fit[8157 + 2];
	memset(fit, 'y', 8157);
	fit[8157] = '\0';
	char *p_argv[] = { "p" };
	char *fit_env[] = { fit };
	assert_int_equal(machine_write_bootinfo(&mem, 0, 1, p_argv, 1, fit_env,
						0, err, sizeof(err)), 0);
	const char *area = guest_ptr(&mem, 0x6000, 0x2000);
	assert_memory_equal(area + 0x2000 - 2, "y", 2); /* last 'y', NUL */
	const uint64_t *fit_envp = guest_ptr(&mem, 0x6000 + 16, 16);
	assert_int_equal(fit_envp[0], 0x6000 + 32 + 2);
	assert_string_equal((char *)mem.host + fit_envp[0], fit);
	/* One byte more is refused, and the message says by how much. */
	memset(fit, 'y', 8158);
	fit[8158] = '\0';
	assert_int_equal(machine_write_bootinfo(&mem, 0, 1, p_argv, 1, fit_env,
						0, err, sizeof(err)), -1);
	assert_string_equal(err, "guest arguments and environment take 8193 "
				 "bytes; at most 8192 fit");
	guest_memory_free(&mem);
}

static uint64_t guest_u64(const struct guest_memory *mem, uint64_t addr)
{
	uint64_t v;
	memcpy(&v, guest_ptr(mem, addr, 8), 8);
	return v;
}

/* --cpus 64: every CPU's per-CPU data, and for CPUs 1..63 a TSS whose
 * descriptor, base and stacks are its own and lie in its area. */
static void test_per_cpu_state(void **state)
{
	(void)state;
	enum { N = KVMKIT_MAX_CPUS };
	struct guest_memory mem;
	char err[256];
	char *argv[] = { "prog.elf" };
	assert_int_equal(guest_memory_alloc(&mem, 2 << 20, err, sizeof(err)), 0);
	machine_write_tables(&mem);
	assert_int_equal(machine_write_bootinfo(&mem, 0x200000, 1, argv, 0,
						NULL, 0, err, sizeof(err)), 0);
	machine_write_cpus(&mem, N, KVMKIT_BOOT_IRQCHIP, 1000000000, 2000000000);

	const struct kvmkit_bootinfo *bi =
		guest_ptr(&mem, KVMKIT_BOOTINFO_ADDR, sizeof(*bi));
	assert_int_equal(bi->argc, 1); /* untouched */
	assert_int_equal(bi->cpu_count, N);
	assert_int_equal(bi->flags, KVMKIT_BOOT_IRQCHIP);
	assert_int_equal(bi->apic_timer_hz, 1000000000);
	assert_int_equal(bi->tsc_hz, 2000000000);

	uint64_t prev_stack = 0;
	for (unsigned n = 0; n < N; n++) {
		struct vm_sregs s;
		machine_initial_sregs(&s, KVMKIT_PAGE_TABLES_ADDR, true);
		machine_cpu_sregs(&s, n, N);
		const struct kvmkit_percpu *pc =
			guest_ptr(&mem, s.gs.base, sizeof(*pc));
		assert_non_null(pc);
		assert_int_equal(pc->self, s.gs.base);
		assert_int_equal(pc->cpu_id, n);
		assert_int_equal(pc->cpu_count, N);
		/* The GDT covers every TSS descriptor. */
		assert_true(s.gdt.limit >= KVMKIT_SEL_TSS_CPU(N - 1) + 15);
		assert_int_equal(s.tr.selector, KVMKIT_SEL_TSS_CPU(n));
		if (n == 0) {
			assert_int_equal(s.gs.base, KVMKIT_CPU_DATA_ADDR);
			assert_int_equal(s.tr.base, KVMKIT_TSS_ADDR);
			continue;
		}
		assert_int_equal(s.tr.base, KVMKIT_CPU_AREA(n));
		/* The descriptor in the GDT names the same base. */
		uint64_t lo = guest_u64(&mem, KVMKIT_GDT_ADDR + s.tr.selector);
		uint64_t hi = guest_u64(&mem, KVMKIT_GDT_ADDR + s.tr.selector + 8);
		uint64_t base = ((lo >> 16) & 0xffffff) |
				(((lo >> 56) & 0xff) << 24) | (hi << 32);
		assert_int_equal(base, KVMKIT_CPU_AREA(n));
		assert_int_equal((lo >> 40) & 0xff, 0x8b);
		/* RSP0 and IST1: the top of its own area, not CPU 0's. */
		uint64_t rsp0 = guest_u64(&mem, s.tr.base + 4);
		uint64_t ist1 = guest_u64(&mem, s.tr.base + 36);
		assert_int_equal(rsp0, KVMKIT_CPU_AREA(n) + KVMKIT_CPU_AREA_SIZE);
		assert_int_equal(ist1, rsp0);
		assert_true(rsp0 > prev_stack);
		assert_true(rsp0 <= KVMKIT_IMAGE_MIN);
		prev_stack = rsp0;
	}
	guest_memory_free(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_mode_registers),
		cmocka_unit_test(test_idt_gates_lead_to_stubs),
		cmocka_unit_test(test_stubs_match_cpu_error_codes),
		cmocka_unit_test(test_gdt_tss_and_idt_fields),
		cmocka_unit_test(test_segment_registers),
		cmocka_unit_test(test_bootinfo_and_argv),
		cmocka_unit_test(test_per_cpu_state),
	};
	return cmocka_run_group_tests_name("machine_setup", tests, NULL, NULL);
}
