#include "exception_origin.h"

#include "paging.h"
#include "run.h"

bool exception_stub_at(uint64_t rip)
{
	return rip >= KVMKIT_EXC_STUBS_ADDR && rip < KVMKIT_EXC_STUBS_END;
}

uint64_t exception_instruction(const struct run *run, uint64_t cr3,
			       unsigned vector, uint64_t pushed_rip)
{
	/* Vectors 0-31 are faults (RIP at the instruction) or traps the
	 * reports already describe; only software INT n is moved back. */
	if (vector < 32 || pushed_rip < 2)
		return pushed_rip;
	uint8_t code[2];
	if (paging_read_virtual(&run->mem, cr3, pushed_rip - 2, code,
				sizeof(code)) != sizeof(code))
		return pushed_rip;
	if (code[0] == 0xcd && code[1] == vector)
		return pushed_rip - 2;
	return pushed_rip;
}
