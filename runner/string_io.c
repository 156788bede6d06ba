#include "string_io.h"

#include "cpu_mode.h"
#include "linear_read.h"
#include "run.h"

bool string_io_opcode(const uint8_t *code, size_t len, unsigned bits)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t b = code[i];
		/* Legacy prefixes (operand/address size, REP, LOCK, segment)
		 * and, in 64-bit code only, REX may come before the opcode
		 * (0x40-0x4f are INC/DEC in 16/32-bit code). */
		if (b == 0x66 || b == 0x67 || b == 0xf2 || b == 0xf3 ||
		    b == 0xf0 || b == 0x2e || b == 0x36 || b == 0x3e ||
		    b == 0x26 || b == 0x64 || b == 0x65 ||
		    (bits == 64 && (b & 0xf0) == 0x40))
			continue;
		return b >= 0x6c && b <= 0x6f; /* INSB/INSD/OUTSB/OUTSD */
	}
	return true; /* nothing but prefixes: not a plain OUT either */
}

bool string_io_exit(struct run *run, struct run_cpu *cpu)
{
	struct vm_regs regs;
	struct vm_sregs sregs;
	if (run->backend->get_regs(cpu->vcpu, &regs) < 0 ||
	    run->backend->get_sregs(cpu->vcpu, &sregs) < 0)
		return true;
	uint8_t code[15]; /* the longest x86 instruction */
	unsigned bits = cpu_code_bits(&sregs);
	size_t n = linear_read(&run->mem, &sregs,
			       linear_address(&sregs.cs, regs.rip, bits), code,
			       sizeof(code));
	if (n == 0)
		return true;
	return string_io_opcode(code, n, bits);
}
