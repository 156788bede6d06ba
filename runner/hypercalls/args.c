/*
 * Where a hypercall's number and arguments are, by the mode the guest
 * runs in (docs/abi.md):
 *   long mode:        RAX = number; RDI, RSI, RDX, R10, R8; result in RAX
 *   16/32-bit modes:  EAX = number; EBX, ECX, EDX, ESI, EDI (as Linux's
 *                     int $0x80); result in EAX, cut to 32 bits
 * 32-bit arguments are zero-extended (pointers, lengths), except the
 * offset of KVMKIT_HC_FILE_SEEK, which is signed.
 */
#include <kvmkit/abi.h>

#include "hypercall.h"
#include "run.h"

bool hypercall_args(const struct run *run, struct vm_regs *regs,
		    uint64_t args[HYPERCALL_ARGS])
{
	if (cpu_mode_ops(run->mode)->bits == 64) {
		args[0] = regs->rdi;
		args[1] = regs->rsi;
		args[2] = regs->rdx;
		args[3] = regs->r10;
		args[4] = regs->r8;
		return false;
	}
	regs->rax = (uint32_t)regs->rax;
	args[0] = (uint32_t)regs->rbx;
	args[1] = (uint32_t)regs->rcx;
	args[2] = (uint32_t)regs->rdx;
	args[3] = (uint32_t)regs->rsi;
	args[4] = (uint32_t)regs->rdi;
	if (regs->rax == KVMKIT_HC_FILE_SEEK)
		args[1] = (uint64_t)(int64_t)(int32_t)regs->rcx;
	return true;
}
