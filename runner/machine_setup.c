#include "machine_setup.h"

#include <kvmkit/abi.h>
#include <stdio.h>
#include <string.h>

#include "descriptors.h"
#include "mode_long.h"

_Static_assert(sizeof(struct kvmkit_percpu) * KVMKIT_MAX_CPUS <=
		       KVMKIT_ARGS_ADDR - KVMKIT_CPU_DATA_ADDR,
	       "per-CPU data overlaps the arguments");
_Static_assert(KVMKIT_CPU_AREA(KVMKIT_MAX_CPUS) <= KVMKIT_IMAGE_MIN,
	       "per-CPU areas overlap the image");

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

struct machine_layout machine_layout_abi(void)
{
	return (struct machine_layout){
		.start = 0, .end = KVMKIT_IMAGE_MIN,
		.gdt = KVMKIT_GDT_ADDR, .idt = KVMKIT_IDT_ADDR,
		.tss = KVMKIT_TSS_ADDR, .stubs = KVMKIT_EXC_STUBS_ADDR,
		.exc_stack_top = KVMKIT_EXC_STACK_TOP,
		.tables = KVMKIT_PAGE_TABLES_ADDR,
		.tables_end = KVMKIT_PAGE_TABLES_END,
	};
}

void machine_write_tables(struct guest_memory *mem)
{
	struct machine_layout layout = machine_layout_abi();
	/* The low 1 MiB always exists (KVMKIT_MEM_MIN is larger). */
	memset(guest_ptr(mem, 0, KVMKIT_PAGE_TABLES_ADDR), 0,
	       KVMKIT_PAGE_TABLES_ADDR);
	mode_long_write_tables(mem, &layout);
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
		struct vm_segment tss = segment_tss(area, TSS64_SIZE - 1);
		mode_long_write_tss(guest_ptr(mem, area, TSS64_SIZE),
				    area + KVMKIT_CPU_AREA_SIZE);
		descriptor_encode16(gdt + KVMKIT_SEL_TSS_CPU(n), &tss);
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
	struct machine_layout layout = machine_layout_abi();
	mode_long_sregs(s, &layout, cr3, nx);
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
