#include "machine_setup.h"

#include <kvmkit/abi.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(struct kvmkit_percpu) * KVMKIT_MAX_CPUS <=
		       KVMKIT_ARGS_ADDR - KVMKIT_CPU_DATA_ADDR,
	       "per-CPU data overlaps the arguments");
_Static_assert(KVMKIT_CPU_AREA(KVMKIT_MAX_CPUS) <= KVMKIT_IMAGE_MIN,
	       "per-CPU areas overlap the image");

/* GDT layout, matching KVMKIT_SEL_*: null, code64, data, TSS (16 bytes). */
#define GDT_ENTRIES 5
#define TSS_SIZE 104
#define IDT_VECTORS 256

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

int exception_has_error_code(unsigned vector)
{
	/* #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX */
	switch (vector) {
	case 8: case 10: case 11: case 12: case 13: case 14: case 17:
	case 21: case 29: case 30:
		return 1;
	default:
		return 0;
	}
}

/* 64-bit TSS descriptor (type 0xb: busy, as TR is loaded). */
static void write_tss_descriptor(uint8_t *d, uint64_t base)
{
	uint64_t limit = TSS_SIZE - 1;
	uint64_t low = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		       (0x8bull << 40) | (((limit >> 16) & 0xf) << 48) |
		       (((base >> 24) & 0xff) << 56);
	put64(d, low);
	put64(d + 8, base >> 32);
}

static void write_gdt(uint8_t *gdt)
{
	memset(gdt, 0, GDT_ENTRIES * 8);
	/* 64-bit code: present, DPL 0, code exec/read, L=1. */
	put64(gdt + KVMKIT_SEL_CODE64, 0x00af9b000000ffffull);
	/* Flat data: present, DPL 0, read/write, 4 GiB, 32-bit. */
	put64(gdt + KVMKIT_SEL_DATA, 0x00cf93000000ffffull);
	write_tss_descriptor(gdt + KVMKIT_SEL_TSS, KVMKIT_TSS_ADDR);
}

static void write_tss(uint8_t *tss, uint64_t stack_top)
{
	memset(tss, 0, TSS_SIZE);
	/* RSP0 and IST1 both point at the runner's exception stack, so a
	 * guest with a broken stack still gets its fault reported. */
	put64(tss + 4, stack_top);   /* RSP0 */
	put64(tss + 36, stack_top);  /* IST1 */
	put32(tss + 100, TSS_SIZE << 16);       /* no I/O permission bitmap */
}

/* Each stub: [push $0 if the CPU pushed no error code]; push $vector;
 * out %al, $KVMKIT_PORT_EXCEPTION; 1: hlt; jmp 1b. */
static void write_stub(uint8_t *p, unsigned vector)
{
	size_t n = 0;
	memset(p, 0xcc, KVMKIT_EXC_STUB_SIZE); /* int3 padding */
	if (!exception_has_error_code(vector)) {
		p[n++] = 0x6a; /* push imm8 */
		p[n++] = 0x00;
	}
	p[n++] = 0x68; /* push imm32 */
	put32(p + n, vector);
	n += 4;
	p[n++] = 0xe6; /* out imm8, al */
	p[n++] = KVMKIT_PORT_EXCEPTION;
	p[n++] = 0xf4; /* hlt */
	p[n++] = 0xeb; /* jmp back to the hlt */
	p[n++] = 0xfd;
}

static void write_idt(uint8_t *idt)
{
	for (unsigned v = 0; v < IDT_VECTORS; v++) {
		uint64_t handler = KVMKIT_EXC_STUBS_ADDR + v * KVMKIT_EXC_STUB_SIZE;
		/* 64-bit interrupt gate: present, DPL 0, type 0xe, IST 1. */
		uint64_t low = (handler & 0xffff) |
			       ((uint64_t)KVMKIT_SEL_CODE64 << 16) |
			       (1ull << 32) | (0x8eull << 40) |
			       (((handler >> 16) & 0xffff) << 48);
		put64(idt + v * 16, low);
		put64(idt + v * 16 + 8, handler >> 32);
	}
}

void machine_write_tables(struct guest_memory *mem)
{
	/* The low 1 MiB always exists (KVMKIT_MEM_MIN is larger). */
	memset(guest_ptr(mem, 0, KVMKIT_PAGE_TABLES_ADDR), 0,
	       KVMKIT_PAGE_TABLES_ADDR);
	write_gdt(guest_ptr(mem, KVMKIT_GDT_ADDR, GDT_ENTRIES * 8));
	write_tss(guest_ptr(mem, KVMKIT_TSS_ADDR, TSS_SIZE),
		  KVMKIT_EXC_STACK_TOP);
	write_idt(guest_ptr(mem, KVMKIT_IDT_ADDR, IDT_VECTORS * 16));
	uint8_t *stubs = guest_ptr(mem, KVMKIT_EXC_STUBS_ADDR,
				   IDT_VECTORS * KVMKIT_EXC_STUB_SIZE);
	for (unsigned v = 0; v < IDT_VECTORS; v++)
		write_stub(stubs + v * KVMKIT_EXC_STUB_SIZE, v);
}

int machine_write_bootinfo(struct guest_memory *mem, uint64_t image_end,
			   int argc, char *const argv[], int envc,
			   char *const envp[], uint64_t stack_size, char *err,
			   size_t errlen)
{
	/* Layout of the argument area: argv[0..argc] pointers, envp[0..envc]
	 * pointers, then the strings, NUL-terminated. */
	uint64_t pointers = KVMKIT_ARGS_ADDR;
	uint64_t env_pointers = pointers + ((uint64_t)argc + 1) * 8;
	uint64_t strings = env_pointers + ((uint64_t)envc + 1) * 8;
	uint64_t end = KVMKIT_ARGS_ADDR + KVMKIT_ARGS_SIZE;
	uint64_t need = strings;
	for (int i = 0; i < argc; i++)
		need += strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		need += strlen(envp[i]) + 1;
	if (need > end) {
		snprintf(err, errlen,
			 "guest arguments and environment take %llu bytes; at most %llu fit",
			 (unsigned long long)(need - KVMKIT_ARGS_ADDR),
			 (unsigned long long)KVMKIT_ARGS_SIZE);
		return -1;
	}
	uint8_t *area = guest_ptr(mem, KVMKIT_ARGS_ADDR, KVMKIT_ARGS_SIZE);
	memset(area, 0, KVMKIT_ARGS_SIZE);
	for (int i = 0; i < argc + envc; i++) {
		const char *s = i < argc ? argv[i] : envp[i - argc];
		size_t len = strlen(s) + 1;
		memcpy(guest_ptr(mem, strings, len), s, len);
		/* envp[] starts one slot after argv's terminating 0. */
		put64(area + (uint64_t)(i < argc ? i : i + 1) * 8, strings);
		strings += len;
	}

	struct kvmkit_bootinfo info = {
		.magic = KVMKIT_BOOTINFO_MAGIC,
		.abi_version = KVMKIT_ABI_VERSION,
		.mem_size = mem->size,
		.image_end = image_end,
		.argc = (uint64_t)argc,
		.argv = pointers,
		.envc = (uint64_t)envc,
		.envp = env_pointers,
		.stack_size = stack_size,
	};
	memcpy(guest_ptr(mem, KVMKIT_BOOTINFO_ADDR, sizeof(info)), &info,
	       sizeof(info));
	return 0;
}

static uint64_t percpu_addr(unsigned cpu)
{
	return KVMKIT_CPU_DATA_ADDR + (uint64_t)cpu * sizeof(struct kvmkit_percpu);
}

void machine_write_cpus(struct guest_memory *mem, unsigned ncpus,
			uint32_t flags, uint64_t apic_timer_hz, uint64_t tsc_hz)
{
	uint8_t *gdt = guest_ptr(mem, KVMKIT_GDT_ADDR, 0x1000);
	for (unsigned n = 0; n < ncpus; n++) {
		struct kvmkit_percpu pc = {
			.self = percpu_addr(n),
			.cpu_id = n,
			.cpu_count = ncpus,
		};
		memcpy(guest_ptr(mem, pc.self, sizeof(pc)), &pc, sizeof(pc));
		if (n == 0)
			continue; /* CPU 0 keeps the TSS at KVMKIT_TSS_ADDR */
		/* Each CPU its own TSS and exception stack: two CPUs taking
		 * an interrupt at once must not share a stack. */
		uint64_t area = KVMKIT_CPU_AREA(n);
		write_tss(guest_ptr(mem, area, TSS_SIZE),
			  area + KVMKIT_CPU_AREA_SIZE);
		write_tss_descriptor(gdt + KVMKIT_SEL_TSS_CPU(n), area);
	}
	struct kvmkit_bootinfo *info =
		guest_ptr(mem, KVMKIT_BOOTINFO_ADDR, sizeof(*info));
	info->cpu_count = ncpus;
	info->flags |= flags;
	info->apic_timer_hz = apic_timer_hz;
	info->tsc_hz = tsc_hz;
}

void machine_cpu_sregs(struct vm_sregs *s, unsigned cpu, unsigned ncpus)
{
	s->gs.base = percpu_addr(cpu);
	if (ncpus > 1)
		s->gdt.limit = KVMKIT_SEL_TSS_CPU(ncpus - 1) + 16 - 1;
	if (cpu > 0) {
		s->tr.base = KVMKIT_CPU_AREA(cpu);
		s->tr.selector = KVMKIT_SEL_TSS_CPU(cpu);
	}
}

void machine_initial_sregs(struct vm_sregs *s, uint64_t cr3, bool nx)
{
	struct vm_segment code = {
		.base = 0, .limit = 0xffffffff, .selector = KVMKIT_SEL_CODE64,
		.type = 0xb, .present = 1, .dpl = 0, .db = 0, .s = 1, .l = 1,
		.g = 1,
	};
	struct vm_segment data = {
		.base = 0, .limit = 0xffffffff, .selector = KVMKIT_SEL_DATA,
		.type = 0x3, .present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0,
		.g = 1,
	};
	struct vm_segment tss = {
		.base = KVMKIT_TSS_ADDR, .limit = TSS_SIZE - 1,
		.selector = KVMKIT_SEL_TSS, .type = 0xb, .present = 1,
		.s = 0,
	};
	struct vm_segment ldt = { .type = 0x2 }; /* not present: unusable */

	memset(s, 0, sizeof(*s));
	s->cs = code;
	s->ds = s->es = s->fs = s->gs = s->ss = data;
	s->tr = tss;
	s->ldt = ldt;
	s->gdt = (struct vm_table){ KVMKIT_GDT_ADDR, GDT_ENTRIES * 8 - 1 };
	s->idt = (struct vm_table){ KVMKIT_IDT_ADDR, IDT_VECTORS * 16 - 1 };
	s->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
	s->cr3 = cr3;
	s->cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	/* NXE as abi.h promises, but only where the CPU has NX: setting it
	 * elsewhere makes KVM refuse the registers. */
	s->efer = EFER_LME | EFER_LMA | (nx ? EFER_NXE : 0);
}

void machine_initial_regs(struct vm_regs *r, uint64_t entry,
			  uint64_t mem_size)
{
	memset(r, 0, sizeof(*r));
	r->rip = entry;
	r->rsp = mem_size;
	r->rdi = KVMKIT_BOOTINFO_ADDR;
	r->rflags = 0x2;
}
