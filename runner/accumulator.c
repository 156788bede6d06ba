/*
 * The accumulator at HLT: the classic KVM lab checks AX/EAX/RAX as well
 * as the result slot, so the report shows it and --expect-ax checks it,
 * at the width of the code that was running.
 */
#include "run.h"

static unsigned accumulator_bits(const struct run *run)
{
	if (!run->have_regs)
		return 64;
	return cpu_code_bits(&run->sregs);
}

static uint64_t cut(uint64_t v, unsigned bits)
{
	return bits == 64 ? v : v & ((1ull << bits) - 1);
}

uint64_t run_accumulator(const struct run *run)
{
	return cut(run->regs.rax, accumulator_bits(run));
}

uint64_t run_expect_ax(const struct run *run)
{
	return cut(run->opt->expect_ax, accumulator_bits(run));
}

const char *run_accumulator_name(const struct run *run)
{
	unsigned bits = accumulator_bits(run);
	return bits == 16 ? "ax" : bits == 32 ? "eax" : "rax";
}
