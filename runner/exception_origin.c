#include "exception_origin.h"

#include "cpu_mode.h"
#include "linear_read.h"
#include "run.h"

bool exception_stub_at(const struct run *run, const struct vm_sregs *s,
		       uint64_t rip)
{
	/* The stubs are where this run's layout put them; in real mode CS
	 * is their segment, so compare linear addresses. */
	uint64_t la = linear_address(&s->cs, rip, cpu_code_bits(s));
	return la >= run->layout.stubs && la < run->layout.stubs + EXC_STUBS_SIZE;
}

uint64_t exception_instruction(const struct run *run, const struct vm_sregs *s,
			       unsigned vector, uint64_t pushed_rip)
{
	/* Vectors 0-31 are faults (RIP at the instruction) or traps the
	 * reports already describe; only software INT n is moved back. */
	if (vector < 32 || pushed_rip < 2)
		return pushed_rip;
	/* The stub's CS is the faulting code's in every mode but real
	 * mode, where the frame's CS (not checked here) may differ. */
	unsigned bits = cpu_code_bits(s);
	uint8_t code[2];
	if (bits == 16 ||
	    linear_read(&run->mem, s, linear_address(&s->cs, pushed_rip - 2, bits),
			code, sizeof(code)) != sizeof(code))
		return pushed_rip;
	if (code[0] == 0xcd && code[1] == vector)
		return pushed_rip - 2;
	return pushed_rip;
}
