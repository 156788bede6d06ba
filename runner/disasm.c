#include "disasm.h"

#include <capstone/capstone.h>
#include <stdio.h>

int disasm_one(const uint8_t *code, size_t len, uint64_t addr, unsigned bits,
	       char *buf, size_t buflen)
{
	csh handle;
	cs_mode mode = bits == 16 ? CS_MODE_16 : bits == 32 ? CS_MODE_32
			: CS_MODE_64;
	if (cs_open(CS_ARCH_X86, mode, &handle) != CS_ERR_OK)
		return -1;
	cs_insn *insn = NULL;
	size_t n = cs_disasm(handle, code, len, addr, 1, &insn);
	int rc = -1;
	if (n == 1) {
		snprintf(buf, buflen, "%s%s%s", insn[0].mnemonic,
			 insn[0].op_str[0] ? " " : "", insn[0].op_str);
		rc = 0;
	}
	if (insn)
		cs_free(insn, n);
	cs_close(&handle);
	return rc;
}
