/*
 * Protected mode without paging (--mode protected, the default for ELF32
 * images): 32-bit code, linear == physical, flat 4 GiB segments.
 *
 *   CR0  = PE|MP|ET|NE   CR4 = OSFXSR|OSXMMEXCPT   EFER = 0
 *   GDT  = null, code (0x08: base 0, limit 4 GiB, D=1, type 0xb),
 *          data (0x10: base 0, limit 4 GiB, B=1, type 0x3), TSS (0x18)
 *   IDT  = 256 32-bit interrupt gates to the runner's report stubs
 *
 * Intel's VM entry wants a usable TR outside real mode, hence the TSS;
 * exceptions push their frame on the guest's own stack (no IST in 32-bit
 * mode), so a guest whose ESP is unusable triple-faults instead.
 */
#include "mode_protected.h"

#include <kvmkit/abi.h>
#include <string.h>

#include "descriptors.h"
#include "machine_setup.h"

#define GDT_ENTRIES 4 /* null, code32, data, TSS */
#define IDT_VECTORS 256

void mode32_write_tables(struct guest_memory *mem,
			 const struct machine_layout *l)
{
	struct vm_segment segs[GDT_ENTRIES] = {
		{ 0 }, segment_flat_code32(), segment_flat_data(),
		segment_tss(l->tss, TSS32_SIZE - 1),
	};
	uint8_t *gdt = guest_ptr(mem, l->gdt, GDT_ENTRIES * 8);
	memset(gdt, 0, GDT_ENTRIES * 8);
	for (unsigned i = 1; i < GDT_ENTRIES; i++) {
		uint64_t d = descriptor_encode(&segs[i]);
		memcpy(gdt + i * 8, &d, 8);
	}

	/* The TSS is only there to be loaded: no privilege changes, no I/O
	 * bitmap. ESP0/SS0 name the runner's stack all the same. */
	uint8_t *tss = guest_ptr(mem, l->tss, TSS32_SIZE);
	memset(tss, 0, TSS32_SIZE);
	uint32_t esp0 = (uint32_t)l->exc_stack_top, ss0 = SEL_DATA;
	uint32_t iomap = TSS32_SIZE << 16;
	memcpy(tss + 4, &esp0, 4);
	memcpy(tss + 8, &ss0, 4);
	memcpy(tss + 100, &iomap, 4);

	uint8_t *idt = guest_ptr(mem, l->idt, IDT_VECTORS * 8);
	for (unsigned v = 0; v < IDT_VECTORS; v++)
		gate32_write(idt + v * 8,
			     (uint32_t)(l->stubs + v * KVMKIT_EXC_STUB_SIZE),
			     SEL_CODE);
	exception_stubs_write(guest_ptr(mem, l->stubs,
					IDT_VECTORS * KVMKIT_EXC_STUB_SIZE),
			      32);
}

void mode32_sregs(struct vm_sregs *s, const struct machine_layout *l)
{
	struct vm_segment ldt = { .type = 0x2 }; /* not present: unusable */
	memset(s, 0, sizeof(*s));
	s->cs = segment_flat_code32();
	s->ds = s->es = s->fs = s->gs = s->ss = segment_flat_data();
	s->tr = segment_tss(l->tss, TSS32_SIZE - 1);
	s->ldt = ldt;
	s->gdt = (struct vm_table){ l->gdt, GDT_ENTRIES * 8 - 1 };
	s->idt = (struct vm_table){ l->idt, IDT_VECTORS * 8 - 1 };
	s->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE;
	s->cr4 = CR4_OSFXSR | CR4_OSXMMEXCPT;
	s->efer = 0;
}

static uint64_t no_tables(uint64_t mem_size)
{
	(void)mem_size;
	return 0;
}

static int protected_build(struct mode_build *b, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	mode32_write_tables(b->mem, b->layout);
	mode32_sregs(&b->sregs, b->layout);
	return 0;
}

const struct cpu_mode_ops mode_protected_ops = {
	.mode = MODE_PROTECTED,
	.name = "protected",
	.bits = 32,
	.table_bytes = no_tables,
	.build = protected_build,
};
