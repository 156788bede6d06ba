/* One x86 instruction in words, with capstone, for fault reports. */
#ifndef RUNNER_DISASM_H
#define RUNNER_DISASM_H

#include <stddef.h>
#include <stdint.h>

/* Writes "mov dword ptr [rax], 1" into buf, decoding as code of this
 * width (16, 32 or 64 bits). Returns 0, or -1 if the bytes do not decode. */
int disasm_one(const uint8_t *code, size_t len, uint64_t addr, unsigned bits,
	       char *buf, size_t buflen);

#endif
