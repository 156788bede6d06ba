#include "descriptors.h"

#include <kvmkit/abi.h>
#include <string.h>

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

struct vm_segment segment_flat_code64(void)
{
	return (struct vm_segment){
		.base = 0, .limit = 0xffffffff, .selector = SEL_CODE,
		.type = 0xb, /* execute/read, accessed */
		.present = 1, .dpl = 0, .db = 0, .s = 1, .l = 1, .g = 1,
	};
}

struct vm_segment segment_flat_code32(void)
{
	struct vm_segment s = segment_flat_code64();
	s.l = 0;
	s.db = 1; /* 32-bit default operand and address size */
	return s;
}

struct vm_segment segment_flat_data(void)
{
	return (struct vm_segment){
		.base = 0, .limit = 0xffffffff, .selector = SEL_DATA,
		.type = 0x3, /* read/write, accessed */
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
}

struct vm_segment segment_real(uint16_t selector, int code)
{
	return (struct vm_segment){
		.base = (uint64_t)selector << 4, .limit = 0xffff,
		.selector = selector, .type = code ? 0xb : 0x3,
		.present = 1, .s = 1,
	};
}

struct vm_segment segment_tss(uint64_t base, uint32_t limit)
{
	return (struct vm_segment){
		.base = base, .limit = limit, .selector = SEL_TSS,
		.type = 0xb, /* busy: TR is loaded with it */
		.present = 1, .s = 0,
	};
}

uint64_t descriptor_encode(const struct vm_segment *s)
{
	/* With G=1 the descriptor counts the limit in 4 KiB units. */
	uint64_t limit = s->g ? s->limit >> 12 : s->limit;
	uint64_t access = (s->type & 0xf) | (uint64_t)(s->s & 1) << 4 |
			  (uint64_t)(s->dpl & 3) << 5 |
			  (uint64_t)(s->present & 1) << 7;
	uint64_t flags = (uint64_t)(s->avl & 1) | (uint64_t)(s->l & 1) << 1 |
			 (uint64_t)(s->db & 1) << 2 | (uint64_t)(s->g & 1) << 3;
	return (limit & 0xffff) | (s->base & 0xffffff) << 16 | access << 40 |
	       ((limit >> 16) & 0xf) << 48 | flags << 52 |
	       ((s->base >> 24) & 0xff) << 56;
}

void descriptor_encode16(uint8_t *p, const struct vm_segment *s)
{
	put64(p, descriptor_encode(s));
	put64(p + 8, s->base >> 32);
}

void gate64_write(uint8_t *p, uint64_t handler, uint16_t selector,
		  unsigned ist)
{
	/* type 0xe: 64-bit interrupt gate (IF cleared on entry). */
	uint64_t low = (handler & 0xffff) | (uint64_t)selector << 16 |
		       (uint64_t)(ist & 7) << 32 | 0x8eull << 40 |
		       ((handler >> 16) & 0xffff) << 48;
	put64(p, low);
	put64(p + 8, handler >> 32);
}

void gate32_write(uint8_t *p, uint32_t handler, uint16_t selector)
{
	/* type 0xe: 32-bit interrupt gate. */
	uint64_t g = (handler & 0xffff) | (uint64_t)selector << 16 |
		     0x8eull << 40 | (uint64_t)(handler >> 16) << 48;
	put64(p, g);
}

void ivt_entry_write(uint8_t *p, uint16_t segment, uint16_t offset)
{
	put16(p, offset);
	put16(p + 2, segment);
}

int exception_has_error_code(unsigned vector)
{
	/* #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX */
	switch (vector) {
	case 8: case 10: case 11: case 12: case 13: case 14: case 17:
	case 21: case 29: case 30:
		return 1;
	default:
		return 0;
	}
}

/* 32/64-bit: [push $0 if the CPU pushed no error code]; push $vector;
 * out %al, $KVMKIT_PORT_EXCEPTION; 1: hlt; jmp 1b. */
static void write_stub(uint8_t *p, unsigned vector)
{
	size_t n = 0;
	if (!exception_has_error_code(vector)) {
		p[n++] = 0x6a; /* push imm8 */
		p[n++] = 0x00;
	}
	p[n++] = 0x68; /* push imm32 */
	put32(p + n, vector);
	n += 4;
	p[n++] = 0xe6; /* out imm8, al */
	p[n++] = KVMKIT_PORT_EXCEPTION;
	p[n++] = 0xf4; /* hlt */
	p[n++] = 0xeb; /* jmp back to the hlt */
	p[n++] = 0xfd;
}

/* 16-bit: push $vector (imm8, sign-extended: the runner keeps the low
 * byte); out %al, $KVMKIT_PORT_EXCEPTION; 1: hlt; jmp 1b. */
static void write_stub16(uint8_t *p, unsigned vector)
{
	size_t n = 0;
	p[n++] = 0x6a;
	p[n++] = (uint8_t)vector;
	p[n++] = 0xe6;
	p[n++] = KVMKIT_PORT_EXCEPTION;
	p[n++] = 0xf4;
	p[n++] = 0xeb;
	p[n++] = 0xfd;
}

void exception_stubs_write(uint8_t *stubs, unsigned bits)
{
	for (unsigned v = 0; v < 256; v++) {
		uint8_t *p = stubs + v * KVMKIT_EXC_STUB_SIZE;
		memset(p, 0xcc, KVMKIT_EXC_STUB_SIZE); /* int3 padding */
		if (bits == 16)
			write_stub16(p, v);
		else
			write_stub(p, v);
	}
}
