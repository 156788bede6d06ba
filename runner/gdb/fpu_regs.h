/*
 * gdb's x87 and SSE registers (st0-st7, fctrl..fop, xmm0-xmm15, mxcsr; see
 * regs.h) over a vCPU's FXSAVE-layout state (struct vm_fpu). gdb wants the
 * full x87 tag word and the instruction and operand pointers split in two
 * 32-bit halves, as its amd64 FXSAVE reader does.
 */
#ifndef RUNNER_GDB_FPU_REGS_H
#define RUNNER_GDB_FPU_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "vm_backend.h"

/* Whether gdb register r is one of these. */
bool gdb_fpu_reg(unsigned r);

/* Register r of f into val (gdb_reg_size(r) bytes, little-endian). */
void gdb_fpu_read(const struct vm_fpu *f, unsigned r, uint8_t *val);

/* val into register r of f: 0, or -1 if the value cannot be loaded (an
 * MXCSR with reserved bits set). */
int gdb_fpu_write(struct vm_fpu *f, unsigned r, const uint8_t *val);

#endif
