/*
 * Debugging a run with gdb: the gdb target over a run's VM and vCPUs, and
 * the session that connects gdb (--gdb) and serves it until the end.
 */
#ifndef RUNNER_GDB_RUN_TARGET_H
#define RUNNER_GDB_RUN_TARGET_H

#include <stddef.h>

struct run;

/* Wait for gdb on run->opt->gdb and let it drive the run until the guest
 * ends, gdb kills it, or gdb detaches (then the guest runs to its end).
 * Returns 0 with the run stopped (as run_for(run, 0) would leave it), or
 * -1 with a message when gdb could not be reached. */
int gdb_debug_run(struct run *run, char *err, size_t errlen);

#endif
