/* --trace: one line on stderr for every VM exit, as it happens. */
#ifndef RUNNER_TRACE_H
#define RUNNER_TRACE_H

#include <stdint.h>

#include "run.h"

void trace_exit(const struct run *run, const struct vm_exit *e);
void trace_hypercall(const struct run *run, uint64_t nr, const char *name,
		     const uint64_t *args, int64_t ret);

/* The mode, the image and where the runner put its own structures. */
void trace_machine(const struct run *run);

#endif
