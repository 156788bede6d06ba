/*
 * The registers gdb sees, in the order of our target description
 * (qXfer:features:read:target.xml): amd64's core, SSE, segment-base and
 * system registers. gdb numbers them 0.. in this order.
 */
#ifndef RUNNER_GDB_REGS_H
#define RUNNER_GDB_REGS_H

#include <stddef.h>

enum gdb_reg {
	GDB_RAX, GDB_RBX, GDB_RCX, GDB_RDX, GDB_RSI, GDB_RDI, GDB_RBP, GDB_RSP,
	GDB_R8, GDB_R9, GDB_R10, GDB_R11, GDB_R12, GDB_R13, GDB_R14, GDB_R15,
	GDB_RIP, GDB_EFLAGS,
	GDB_CS, GDB_SS, GDB_DS, GDB_ES, GDB_FS, GDB_GS,
	GDB_ST0, GDB_FCTRL = GDB_ST0 + 8, GDB_FOP = GDB_FCTRL + 7,
	GDB_XMM0, GDB_MXCSR = GDB_XMM0 + 16,
	GDB_FS_BASE, GDB_GS_BASE,
	GDB_CR0, GDB_CR2, GDB_CR3, GDB_CR4, GDB_CR8, GDB_EFER,
	GDB_NREGS
};

/* Size of register r in bytes (0 if there is no such register). */
size_t gdb_reg_size(unsigned r);

/* The target description document, and its length. */
const char *gdb_target_xml(size_t *len);

#endif
