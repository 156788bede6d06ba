/*
 * What a handler may want to know about the vCPU that called it: its
 * registers, and where the guest's virtual addresses point (hypercall.h).
 */
#include "hypercall.h"

#include "guest_virtual.h"
#include "run.h"

#define CR0_PG    (1ull << 31)
#define CR4_PSE   (1ull << 4)
#define CR4_PAE   (1ull << 5)
#define CR4_LA57  (1ull << 12)
#define EFER_LMA  (1ull << 10)

int hc_regs(struct run *run, struct run_cpu *cpu, struct vm_regs *regs)
{
	return run->backend->get_regs(cpu->vcpu, regs) < 0 ? -1 : 0;
}

int hc_sregs(struct run *run, struct run_cpu *cpu, struct vm_sregs *sregs)
{
	return run->backend->get_sregs(cpu->vcpu, sregs) < 0 ? -1 : 0;
}

void *hc_guest_virtual(struct run *run, struct run_cpu *cpu, uint64_t va,
		       uint64_t len)
{
	struct vm_sregs s;
	/* A NULL pointer is refused as hc_guest_buffer() does. */
	if (len == 0 || va == 0 || hc_sregs(run, cpu, &s) < 0)
		return NULL;
	if (!(s.cr0 & CR0_PG)) /* no paging: virtual is physical */
		return hc_guest_buffer(run, va, len);
	/* 32-bit paging (--mode paged32) and 4-level paging (long mode) are
	 * what the runner sets up; a guest that switched to another paging
	 * mode (PAE without long mode, 5-level) gets no translation. */
	if (!(s.efer & EFER_LMA) && !(s.cr4 & CR4_PAE))
		return guest_virtual_ptr32(&run->mem, s.cr3, s.cr4 & CR4_PSE,
					   va, len);
	if (!(s.efer & EFER_LMA) || !(s.cr4 & CR4_PAE) || (s.cr4 & CR4_LA57))
		return NULL;
	return guest_virtual_ptr(&run->mem, s.cr3, va, len);
}
