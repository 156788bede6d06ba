#include "gdb/fpu_regs.h"

#include <string.h>

#include "gdb/regs.h"

enum { FCTRL, FSTAT, FTAG, FISEG, FIOFF, FOSEG, FOOFF, FOP };

bool gdb_fpu_reg(unsigned r)
{
	return r >= GDB_ST0 && r <= GDB_MXCSR;
}

static unsigned top(const struct vm_fpu *f)
{
	return (f->fsw >> 11) & 7;
}

/* The 2-bit tag of an 80-bit value (valid 0, zero 1, special 2), as the
 * CPU would have set it in the full tag word (Intel SDM vol. 1, 8.1.7). */
static unsigned tag_of(const uint8_t v[10])
{
	unsigned exponent = ((v[9] & 0x7fu) << 8) | v[8];
	bool integer = v[7] & 0x80;
	bool fraction = (v[7] & 0x7f) || v[6] || v[5] || v[4] || v[3] ||
			v[2] || v[1] || v[0];
	if (exponent == 0x7fff)
		return 2;
	if (exponent == 0)
		return !integer && !fraction ? 1 : 2;
	return integer ? 0 : 2;
}

/* FXSAVE keeps one bit per physical register (in use or empty); gdb
 * shows the full word (2 bits each, 3 = empty). */
static uint16_t full_tag(const struct vm_fpu *f)
{
	uint16_t tags = 0;
	for (unsigned p = 0; p < 8; p++) {
		unsigned t = 3;
		if (f->ftw & (1u << p))
			t = tag_of(f->st[(p + 8 - top(f)) % 8]);
		tags |= (uint16_t)(t << (2 * p));
	}
	return tags;
}

static uint8_t abridged_tag(uint16_t tags)
{
	uint8_t ftw = 0;
	for (unsigned p = 0; p < 8; p++)
		if (((tags >> (2 * p)) & 3) != 3)
			ftw |= (uint8_t)(1u << p);
	return ftw;
}

void gdb_fpu_read(const struct vm_fpu *f, unsigned r, uint8_t *val)
{
	uint32_t v = 0;
	if (r < GDB_FCTRL) {
		memcpy(val, f->st[r - GDB_ST0], 10);
		return;
	}
	if (r >= GDB_XMM0 && r < GDB_MXCSR) {
		memcpy(val, f->xmm[r - GDB_XMM0], 16);
		return;
	}
	switch (r == GDB_MXCSR ? -1 : (int)(r - GDB_FCTRL)) {
	case FCTRL: v = f->fcw; break;
	case FSTAT: v = f->fsw; break;
	case FTAG: v = full_tag(f); break;
	case FISEG: v = (uint32_t)(f->fip >> 32); break;
	case FIOFF: v = (uint32_t)f->fip; break;
	case FOSEG: v = (uint32_t)(f->fdp >> 32); break;
	case FOOFF: v = (uint32_t)f->fdp; break;
	case FOP: v = f->fop; break;
	default: v = f->mxcsr; break;
	}
	memcpy(val, &v, 4);
}

int gdb_fpu_write(struct vm_fpu *f, unsigned r, const uint8_t *val)
{
	uint32_t v;
	if (r < GDB_FCTRL) {
		memcpy(f->st[r - GDB_ST0], val, 10);
		return 0;
	}
	if (r >= GDB_XMM0 && r < GDB_MXCSR) {
		memcpy(f->xmm[r - GDB_XMM0], val, 16);
		return 0;
	}
	memcpy(&v, val, 4);
	switch (r == GDB_MXCSR ? -1 : (int)(r - GDB_FCTRL)) {
	case FCTRL: f->fcw = (uint16_t)v; break;
	case FSTAT: f->fsw = (uint16_t)v; break;
	case FTAG: f->ftw = abridged_tag((uint16_t)v); break;
	case FISEG: f->fip = (f->fip & 0xffffffffu) | (uint64_t)v << 32; break;
	case FIOFF: f->fip = (f->fip & ~0xffffffffull) | v; break;
	case FOSEG: f->fdp = (f->fdp & 0xffffffffu) | (uint64_t)v << 32; break;
	case FOOFF: f->fdp = (f->fdp & ~0xffffffffull) | v; break;
	case FOP: f->fop = (uint16_t)(v & 0x7ff); break;
	default:
		if (v >> 16)
			return -1; /* reserved MXCSR bits: a #GP on load */
		f->mxcsr = v;
		break;
	}
	return 0;
}
