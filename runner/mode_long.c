/*
 * Long mode (--mode long, the default for ELF64 images): 64-bit code with
 * 4-level paging that identity-maps all of guest memory (paging.c).
 *
 *   CR0  = PE|MP|ET|NE|WP|AM|PG   CR4 = PAE|OSFXSR|OSXMMEXCPT
 *   EFER = LME|LMA(|NXE)           CS  = flat 64-bit code (L=1)
 *   TR   = 64-bit TSS whose IST1 is the runner's exception stack
 */
#include "mode_long.h"

#include <kvmkit/abi.h>
#include <string.h>

#include "descriptors.h"
#include "machine_setup.h"
#include "paging.h"

#define GDT_ENTRIES 5 /* null, code64, data, TSS (16 bytes) */
#define IDT_VECTORS 256

void mode_long_write_tss(uint8_t *tss, uint64_t stack_top)
{
	memset(tss, 0, TSS64_SIZE);
	/* RSP0 and IST1 both point at the runner's exception stack, so a
	 * guest with a broken stack still gets its fault reported. */
	memcpy(tss + 4, &stack_top, 8);   /* RSP0 */
	memcpy(tss + 36, &stack_top, 8);  /* IST1 */
	uint32_t iomap = TSS64_SIZE << 16; /* no I/O permission bitmap */
	memcpy(tss + 100, &iomap, 4);
}

void mode_long_write_tables(struct guest_memory *mem,
			    const struct machine_layout *l)
{
	uint8_t *gdt = guest_ptr(mem, l->gdt, GDT_ENTRIES * 8);
	struct vm_segment code = segment_flat_code64();
	struct vm_segment data = segment_flat_data();
	struct vm_segment tss = segment_tss(l->tss, TSS64_SIZE - 1);
	memset(gdt, 0, GDT_ENTRIES * 8);
	uint64_t d = descriptor_encode(&code);
	memcpy(gdt + SEL_CODE, &d, 8);
	d = descriptor_encode(&data);
	memcpy(gdt + SEL_DATA, &d, 8);
	descriptor_encode16(gdt + SEL_TSS, &tss);

	mode_long_write_tss(guest_ptr(mem, l->tss, TSS64_SIZE),
			    l->exc_stack_top);

	uint8_t *idt = guest_ptr(mem, l->idt, IDT_VECTORS * 16);
	for (unsigned v = 0; v < IDT_VECTORS; v++)
		gate64_write(idt + v * 16, l->stubs + v * KVMKIT_EXC_STUB_SIZE,
			     SEL_CODE, 1);
	exception_stubs_write(guest_ptr(mem, l->stubs,
					IDT_VECTORS * KVMKIT_EXC_STUB_SIZE),
			      64);
}

void mode_long_sregs(struct vm_sregs *s, const struct machine_layout *l,
		     uint64_t cr3, bool nx)
{
	struct vm_segment ldt = { .type = 0x2 }; /* not present: unusable */
	memset(s, 0, sizeof(*s));
	s->cs = segment_flat_code64();
	s->ds = s->es = s->fs = s->gs = s->ss = segment_flat_data();
	s->tr = segment_tss(l->tss, TSS64_SIZE - 1);
	s->ldt = ldt;
	s->gdt = (struct vm_table){ l->gdt, GDT_ENTRIES * 8 - 1 };
	s->idt = (struct vm_table){ l->idt, IDT_VECTORS * 16 - 1 };
	s->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
	s->cr3 = cr3;
	s->cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	/* NXE as abi.h promises, but only where the CPU has NX: setting it
	 * elsewhere makes KVM refuse the registers. */
	s->efer = EFER_LME | EFER_LMA | (nx ? EFER_NXE : 0);
}

static uint64_t long_table_bytes(uint64_t mem_size)
{
	/* PML4, a PDPT per 512 GiB, a PD per GiB (when 1 GiB pages are not
	 * used), one page table for a tail that is not a whole 2 MiB. */
	uint64_t gib = (mem_size + (1ull << 30) - 1) >> 30;
	uint64_t pdpts = (gib + 511) / 512;
	return (1 + pdpts + gib + 1) * 4096;
}

static int long_build(struct mode_build *b, char *err, size_t errlen)
{
	uint64_t cr3;
	if (paging_build_at(b->mem, b->use_1g_pages, b->stack_guard,
			    b->layout->tables, b->layout->tables_end, &cr3,
			    err, errlen) < 0)
		return -1;
	mode_long_write_tables(b->mem, b->layout);
	mode_long_sregs(&b->sregs, b->layout, cr3, b->nx);
	return 0;
}

const struct cpu_mode_ops mode_long_ops = {
	.mode = MODE_LONG,
	.name = "long",
	.bits = 64,
	.table_bytes = long_table_bytes,
	.build = long_build,
};
