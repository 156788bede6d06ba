/*
 * Defence in depth once the guests run (docs/security.md): the runner
 * confines itself with Landlock (file access: the --share directories and
 * the report files' directories, nothing else) and seccomp (the system
 * calls of the run loop, its hypercalls, the gdb stub, vCPU threads and
 * the report, nothing else). Both apply to the whole process, every
 * thread it has or will have, for the rest of its life (seccomp by
 * TSYNC; Landlock binds the calling thread and the threads it creates
 * later, so enter before any vCPU thread exists). Enter them once, after
 * setup: when /dev/kvm, the images, the shares, --console and
 * --each files are open and (with --gdb) gdb is connected.
 */
#ifndef RUNNER_SANDBOX_H
#define RUNNER_SANDBOX_H

#include <stddef.h>

#include "run.h"

/* Confine the process for runs[0..n-1] (one, or several guests of one
 * --slice schedule). With --trace (of runs[0]) says which layers are in
 * force. Returns 0, or -1 with a message in err (seccomp could not be set
 * up; a kernel without Landlock is not an error). In builds with
 * AddressSanitizer, whose runtime makes calls of its own (reading
 * /proc/self/maps, mmap for shadow memory) at any time, nothing is
 * entered: --trace says "sandbox: skipped". */
int sandbox_enter(struct run *const runs[], size_t n, char *err,
		  size_t errlen);

/* The layers, for sandbox_enter (sandbox_landlock.c, sandbox_seccomp.c).
 * sandbox_landlock_enter() sets *abi to the kernel's Landlock ABI, 0 when
 * there is none (not an error). A denied call is reported as report_to's
 * --report and --report-file say. */
int sandbox_landlock_enter(struct run *const runs[], size_t n, int *abi,
			   char *err, size_t errlen);
int sandbox_seccomp_enter(const struct run *report_to, char *err,
			  size_t errlen);

#endif
