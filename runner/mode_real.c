/*
 * Real mode (--mode real, never a default): 16-bit code, segment * 16 +
 * offset addressing, no GDT, no paging; as the CPU is after reset, but
 * with CS base 0 rather than the reset vector's 0xffff0000.
 *
 *   CR0 = ET   CR4 = 0   EFER = 0
 *   CS = DS = ES = FS = GS = SS = 0 (base 0, limit 0xffff)
 *   IDTR = the runner's IVT (256 far pointers), not address 0: a raw
 *   image is usually loaded at 0, where a PC's IVT would be. Each vector
 *   leads to a 16-bit stub that reports the exception.
 */
#include <kvmkit/abi.h>
#include <stdio.h>
#include <string.h>

#include "cpu_mode.h"
#include "descriptors.h"
#include "machine_setup.h"

#define IVT_VECTORS 256

static uint64_t no_tables(uint64_t mem_size)
{
	(void)mem_size;
	return 0;
}

static int real_build(struct mode_build *b, char *err, size_t errlen)
{
	const struct machine_layout *l = b->layout;
	uint64_t stubs_end = l->stubs + IVT_VECTORS * KVMKIT_EXC_STUB_SIZE;
	if (l->stubs % 16 || stubs_end > 0x100000 ||
	    l->idt + IVT_VECTORS * 4 > 0x100000) {
		snprintf(err, errlen,
			 "the real-mode IVT and exception stubs must lie "
			 "below 1 MiB (they are at 0x%llx and 0x%llx)",
			 (unsigned long long)l->idt,
			 (unsigned long long)l->stubs);
		return -1;
	}
	uint8_t *ivt = guest_ptr(b->mem, l->idt, IVT_VECTORS * 4);
	uint16_t seg = (uint16_t)(l->stubs >> 4);
	for (unsigned v = 0; v < IVT_VECTORS; v++)
		ivt_entry_write(ivt + v * 4, seg,
				(uint16_t)(v * KVMKIT_EXC_STUB_SIZE));
	exception_stubs_write(guest_ptr(b->mem, l->stubs,
					IVT_VECTORS * KVMKIT_EXC_STUB_SIZE),
			      16);

	struct vm_sregs *s = &b->sregs;
	memset(s, 0, sizeof(*s));
	s->cs = segment_real(0, 1);
	s->ds = s->es = s->fs = s->gs = s->ss = segment_real(0, 0);
	/* TR and LDTR as after reset: Intel's VM entry checks them even in
	 * real mode (a busy TSS type, a present LDT). */
	s->tr = (struct vm_segment){ .limit = 0xffff, .type = 0xb,
				     .present = 1 };
	s->ldt = (struct vm_segment){ .limit = 0xffff, .type = 0x2,
				      .present = 1 };
	s->gdt = (struct vm_table){ 0, 0xffff };
	s->idt = (struct vm_table){ l->idt, IVT_VECTORS * 4 - 1 };
	s->cr0 = CR0_ET;
	return 0;
}

int mode_real_entry(struct vm_sregs *s, struct vm_regs *r, uint64_t entry,
		    char *err, size_t errlen)
{
	if (entry >= 0x100000) {
		snprintf(err, errlen,
			 "entry 0x%llx is not reachable in real mode, which "
			 "starts below 1 MiB",
			 (unsigned long long)entry);
		return -1;
	}
	/* CS base 0 and IP = entry when it fits in 16 bits; else the
	 * 64 KiB-aligned segment that holds it. */
	uint16_t cs = entry > 0xffff ? (uint16_t)((entry >> 4) & 0xf000) : 0;
	s->cs = segment_real(cs, 1);
	memset(r, 0, sizeof(*r));
	r->rip = entry - s->cs.base;
	r->rflags = 0x2;
	return 0;
}

const struct cpu_mode_ops mode_real_ops = {
	.mode = MODE_REAL,
	.name = "real",
	.bits = 16,
	.table_bytes = no_tables,
	.build = real_build,
};
