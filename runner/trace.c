#include "trace.h"

#include <inttypes.h>
#include <stdio.h>

void trace_exit(const struct run *run, const struct vm_exit *e)
{
	fprintf(stderr, "trace: exit %" PRIu64 ": %s", run->total_exits,
		run->backend->raw_exit_name(e->raw_reason));
	if (e->kind == VM_EXIT_IO)
		fprintf(stderr, " %s port 0x%x size %u count %u",
			e->u.io.out ? "out" : "in", e->u.io.port, e->u.io.size,
			e->u.io.count);
	else if (e->kind == VM_EXIT_MMIO)
		fprintf(stderr, " %s 0x%" PRIx64 " len %u",
			e->u.mmio.write ? "write" : "read", e->u.mmio.addr,
			e->u.mmio.len);
	fputc('\n', stderr);
}

void trace_hypercall(const struct run *run, uint64_t nr, const char *name,
		     const uint64_t *args, int64_t ret)
{
	(void)run;
	fprintf(stderr,
		"trace: hypercall %" PRIu64 " (%s) args 0x%" PRIx64
		" 0x%" PRIx64 " 0x%" PRIx64 " -> %" PRId64 "\n",
		nr, name ? name : "unknown", args[0], args[1], args[2], ret);
}
