/*
 * Whether a port I/O exit came from a string instruction (INS/OUTS, with or
 * without REP). KVM hands REP OUTSB to the runner one element per exit,
 * each looking like a plain OUT; only the instruction itself tells.
 */
#ifndef RUNNER_STRING_IO_H
#define RUNNER_STRING_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct run;
struct run_cpu;

/* Whether code[0..len) of 16, 32 or 64-bit code starts with INS or OUTS
 * after its prefixes. */
bool string_io_opcode(const uint8_t *code, size_t len, unsigned bits);

/* Whether the I/O exit of cpu was made by a string instruction, or the
 * instruction cannot be read (treated the same: not a plain OUT). KVM
 * leaves RIP at the I/O instruction when it exits to user space. */
bool string_io_exit(struct run *run, struct run_cpu *cpu);

#endif
