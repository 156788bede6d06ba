/*
 * Where an exception report on KVMKIT_PORT_EXCEPTION came from, and which
 * instruction the exception belongs to.
 */
#ifndef RUNNER_EXCEPTION_ORIGIN_H
#define RUNNER_EXCEPTION_ORIGIN_H

#include <stdbool.h>
#include <stdint.h>

#include <kvmkit/abi.h>

struct run;

/* Bytes of the runner's 256 exception stubs (struct machine_layout says
 * where they are: KVMKIT_EXC_STUBS_ADDR for ELF images). */
#define EXC_STUBS_SIZE (256ull * KVMKIT_EXC_STUB_SIZE)
#define KVMKIT_EXC_STUBS_END (KVMKIT_EXC_STUBS_ADDR + EXC_STUBS_SIZE)

struct vm_sregs;

/* Whether the OUT at (or just before) CS:rip is one of the runner's
 * stubs. KVM reports port output with RIP at the OUT; either is accepted. */
bool exception_stub_at(const struct run *run, const struct vm_sregs *s,
		       uint64_t rip);

/* The address of the instruction that raised vector, given the RIP the
 * CPU pushed. For INT n (CD nn) that RIP is the next instruction, so the
 * INT itself is returned when the two bytes before it are CD vector. */
uint64_t exception_instruction(const struct run *run, const struct vm_sregs *s,
			       unsigned vector, uint64_t pushed_rip);

#endif
