/*
 * The frame the runner's exception stubs leave on the stack, read at the
 * width of the code that was running (descriptors.h):
 *   64-bit: vector, error code, RIP, CS, RFLAGS, RSP, SS    (8 bytes each)
 *   32-bit: vector, error code, EIP, CS, EFLAGS             (4 bytes each;
 *           no stack switch at CPL 0, so ESP is just above the frame)
 *   16-bit: vector, IP, CS, FLAGS                           (2 bytes each)
 */
#ifndef RUNNER_EXCEPTION_FRAME_H
#define RUNNER_EXCEPTION_FRAME_H

#include "guest_memory.h"
#include "run.h"
#include "vm_backend.h"

/* Fill f from the stack at SS:RSP of a vCPU stopped in a stub. Returns 0,
 * or -1 if the frame is not in readable memory. */
int exception_frame_read(const struct guest_memory *mem,
			 const struct vm_regs *regs,
			 const struct vm_sregs *sregs, struct fault_info *f);

#endif
