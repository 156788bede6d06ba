/* How gdb reaches the stub: a TCP connection, or stdin and stdout. */
#ifndef RUNNER_GDB_CONN_H
#define RUNNER_GDB_CONN_H

#include <stddef.h>

/* target: "-" (stdin/stdout) or "[ADDRESS]:PORT" (listen there, localhost
 * when ADDRESS is empty, and accept one gdb). Sets *in and *out. */
int gdb_connect(const char *target, int *in, int *out, char *err,
		size_t errlen);
void gdb_disconnect(int in, int out);

#endif
