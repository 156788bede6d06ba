#include "exception_frame.h"

#include <string.h>

#include "cpu_mode.h"
#include "linear_read.h"

int exception_frame_read(const struct guest_memory *mem,
			 const struct vm_regs *regs,
			 const struct vm_sregs *sregs, struct fault_info *f)
{
	unsigned bits = cpu_code_bits(sregs);
	/* The stack's width is SS's B bit outside 64-bit mode. */
	unsigned stack_bits = bits == 64 ? 64 : sregs->ss.db ? 32 : 16;
	unsigned word = bits / 8;
	unsigned words = bits == 64 ? 7 : bits == 32 ? 5 : 4;
	uint8_t raw[7 * 8];
	uint64_t la = linear_address(&sregs->ss, regs->rsp, stack_bits);
	if (linear_read(mem, sregs, la, raw, words * word) != words * word)
		return -1;
	uint64_t w[7] = { 0 };
	for (unsigned i = 0; i < words; i++)
		memcpy(&w[i], raw + i * word, word);

	memset(f, 0, sizeof(*f));
	f->vector = (unsigned)(w[0] & 0xff);
	f->cr2 = sregs->cr2;
	if (bits == 16) {
		f->rip = w[1];
		f->cs = w[2];
		f->rflags = w[3];
		f->rsp = (regs->rsp + 8) & 0xffff;
		f->ss = sregs->ss.selector;
		return 0;
	}
	f->error_code = w[1];
	f->rip = w[2];
	f->cs = w[3];
	f->rflags = w[4];
	if (bits == 64) {
		f->rsp = w[5];
		f->ss = w[6];
	} else {
		f->rsp = (regs->rsp + 20) & 0xffffffff;
		f->ss = sregs->ss.selector;
	}
	return 0;
}
