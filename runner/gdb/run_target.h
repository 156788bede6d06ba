/*
 * Debugging a run with gdb: the gdb target over a run's VM and vCPUs, and
 * the session that connects gdb (--gdb) and serves it until the end.
 */
#ifndef RUNNER_GDB_RUN_TARGET_H
#define RUNNER_GDB_RUN_TARGET_H

#include <stddef.h>

struct run;

/* gdb's connection: the descriptors packets come in on and go out on. */
struct gdb_conn {
	int in, out;
};

/* Wait for gdb on run->opt->gdb (listen and accept, or stdin/stdout).
 * Returns 0, or -1 with a message when gdb could not be reached. Separate
 * from serving, so that the sandbox goes on in between: nothing gdb sends
 * is read before it is in force (docs/security.md). */
int gdb_debug_connect(struct run *run, struct gdb_conn *conn, char *err,
		      size_t errlen);

/* Let gdb drive the run until the guest ends, gdb kills it, or gdb
 * detaches (then the guest runs to its end); then close the connection.
 * Leaves the run stopped, as run_for(run, 0) would. */
void gdb_debug_serve(struct run *run, struct gdb_conn *conn);

#endif
