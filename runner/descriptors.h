/*
 * x86 descriptors shared by every CPU mode: segment descriptors built from
 * the same vm_segment the vCPU is given (so the GDT and the hidden segment
 * state always agree), interrupt gates of each width, the real-mode IVT
 * entry, and the runner's exception-reporting stubs.
 */
#ifndef RUNNER_DESCRIPTORS_H
#define RUNNER_DESCRIPTORS_H

#include <stdint.h>

#include "vm_backend.h"

/* GDT selectors of the runner's GDT in every protected mode: null, code,
 * data, TSS (as KVMKIT_SEL_* in long mode; the classic lab uses 1 << 3 and
 * 2 << 3 for code and data too). */
#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS  0x18

#define TSS64_SIZE 104
#define TSS32_SIZE 104

/* Flat 4 GiB segments: base 0, limit 0xffffffff, page granular, DPL 0. */
struct vm_segment segment_flat_code64(void); /* L=1               */
struct vm_segment segment_flat_code32(void); /* D=1               */
struct vm_segment segment_flat_data(void);   /* B=1, read/write   */
/* A real-mode segment as after reset: base selector * 16, limit 64 KiB. */
struct vm_segment segment_real(uint16_t selector, int code);
/* A busy TSS of the given type (0xb: 32-bit or 64-bit busy TSS). */
struct vm_segment segment_tss(uint64_t base, uint32_t limit);

/* The 8-byte GDT descriptor of a code, data or 32-bit system segment. */
uint64_t descriptor_encode(const struct vm_segment *s);
/* A 64-bit system descriptor (TSS in long mode): 16 bytes at p. */
void descriptor_encode16(uint8_t *p, const struct vm_segment *s);

/* IDT gates: a present DPL 0 interrupt gate to selector:handler. */
void gate64_write(uint8_t *p, uint64_t handler, uint16_t selector,
		  unsigned ist);
void gate32_write(uint8_t *p, uint32_t handler, uint16_t selector);
/* A real-mode interrupt vector: offset then segment, 4 bytes. */
void ivt_entry_write(uint8_t *p, uint16_t segment, uint16_t offset);

/*
 * 256 exception stubs, KVMKIT_EXC_STUB_SIZE bytes each, for code of this
 * width. Each pushes an error code (0 when the CPU pushes none), then the
 * vector, then writes to KVMKIT_PORT_EXCEPTION and halts; so the runner
 * finds, from the stack pointer up: vector, error code, the CPU's frame,
 * each word of the stub's width (bits 32 and 64 share the bytes: push
 * sizes follow the code width). Real mode has no error codes: the 16-bit
 * stubs push only the vector, above the CPU's IP, CS, FLAGS.
 */
void exception_stubs_write(uint8_t *stubs, unsigned bits);

/* Whether the CPU pushes an error code for this vector (protected and
 * long mode; never in real mode). */
int exception_has_error_code(unsigned vector);

#endif
