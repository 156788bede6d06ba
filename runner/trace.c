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

void trace_machine(const struct run *run)
{
	const struct machine_layout *l = &run->layout;
	fprintf(stderr, "trace: mode %s, %s image [0x%" PRIx64 ", 0x%" PRIx64
		"), entry 0x%" PRIx64 "\n", cpu_mode_name(run->mode),
		run->raw_image ? "raw" : "ELF", run->image.image_start,
		run->image.image_end, run->image.entry);
	fprintf(stderr, "trace: runner's structures in [0x%" PRIx64 ", 0x%"
		PRIx64 "): %s 0x%" PRIx64 ", GDT 0x%" PRIx64 ", TSS 0x%"
		PRIx64 ", exception stubs 0x%" PRIx64 ", page tables 0x%"
		PRIx64 "\n", l->start, l->end,
		run->mode == MODE_REAL ? "IVT" : "IDT", l->idt, l->gdt, l->tss,
		l->stubs, l->tables);
}
