/* Hypercalls about CPUs: halting one, starting another (docs/smp.md). */
#include "hypercall.h"

#include <errno.h>
#include <kvmkit/abi.h>
#include <string.h>

#include "../smp.h"
#include "run.h"

/* With the in-kernel APIC, HLT sleeps inside KVM; this is how a guest
 * ends the run then (the SDK's kvmkit_halt()). On CPU 0 it is the end of
 * the run, as HLT is without the APIC; another CPU just stops. */
int64_t hc_halt(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)args;
	__atomic_store_n(&cpu->state, CPU_STOPPED, __ATOMIC_RELEASE);
	if (cpu->id == 0)
		run_stop(run, STOP_HALT, "the boot CPU halted (KVMKIT_HC_HALT)");
	return 0;
}

/* (cpu, rip, rsp, rdi, rsi): start CPU `cpu` in long mode, like CPU 0 at
 * entry but at rip with these three registers, on the caller's page
 * tables. Its thread does it (smp.c); the call returns at once. */
int64_t hc_cpu_start(struct run *run, struct run_cpu *cpu,
		     const uint64_t *args)
{
	uint64_t id = args[0], rip = args[1], rsp = args[2];
	if (id >= run->ncpus || id == cpu->id || id == 0)
		return -KVMKIT_EINVAL;
	/* Registers pointing outside memory would only fault at once. */
	if (rip >= run->mem.size || rsp > run->mem.size || rsp < 16 ||
	    (rsp & 15))
		return -KVMKIT_EFAULT;
	struct run_cpu *target = &run->cpus[id];
	if (target->state != CPU_WAITING)
		return -KVMKIT_EBUSY;
	struct vm_sregs sregs;
	if (run->backend->get_sregs(cpu->vcpu, &sregs) < 0)
		return -KVMKIT_EIO;
	memset(&target->start_regs, 0, sizeof(target->start_regs));
	target->start_regs.rip = rip;
	target->start_regs.rsp = rsp;
	target->start_regs.rdi = args[3];
	target->start_regs.rsi = args[4];
	target->start_regs.rdx = id;
	target->start_regs.rflags = 0x2;
	target->start_cr3 = sregs.cr3;
	__atomic_store_n(&target->state, CPU_STARTING, __ATOMIC_RELEASE);
	smp_wake(run);
	return 0;
}
