#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "exit_status.h"
#include "hypercalls/hypercall.h"
#include "linear_read.h"
#include "text_escape.h"

#define HYPERCALL_SLOTS (sizeof(((struct run *)0)->hypercalls) / sizeof(uint64_t))

static const struct {
	const char *mnemonic, *description;
} exceptions[32] = {
	[0] = { "#DE", "divide error" },
	[1] = { "#DB", "debug" },
	[2] = { "NMI", "non-maskable interrupt" },
	[3] = { "#BP", "breakpoint" },
	[4] = { "#OF", "overflow" },
	[5] = { "#BR", "bound range exceeded" },
	[6] = { "#UD", "invalid opcode" },
	[7] = { "#NM", "device not available" },
	[8] = { "#DF", "double fault" },
	[9] = { "#CSO", "coprocessor segment overrun" },
	[10] = { "#TS", "invalid TSS" },
	[11] = { "#NP", "segment not present" },
	[12] = { "#SS", "stack-segment fault" },
	[13] = { "#GP", "general protection" },
	[14] = { "#PF", "page fault" },
	[16] = { "#MF", "x87 floating-point error" },
	[17] = { "#AC", "alignment check" },
	[18] = { "#MC", "machine check" },
	[19] = { "#XM", "SIMD floating-point exception" },
	[20] = { "#VE", "virtualization exception" },
	[21] = { "#CP", "control protection" },
	[28] = { "#HV", "hypervisor injection" },
	[29] = { "#VC", "VMM communication" },
	[30] = { "#SX", "security exception" },
};

const char *exception_mnemonic(unsigned vector)
{
	if (vector < 32 && exceptions[vector].mnemonic)
		return exceptions[vector].mnemonic;
	return vector < 32 ? "reserved" : "interrupt";
}

const char *exception_description(unsigned vector)
{
	if (vector < 32 && exceptions[vector].description)
		return exceptions[vector].description;
	return vector < 32 ? "reserved vector" : "external or software interrupt";
}

/* The instruction at CS:rip, through the guest's tables, decoded at the
 * width of the code that was running. */
static int instruction_at(const struct run *run, uint64_t rip, char *buf,
			  size_t len)
{
	uint8_t code[16];
	unsigned bits = cpu_code_bits(&run->sregs);
	uint64_t la = linear_address(&run->sregs.cs, rip, bits);
	size_t n = linear_read(&run->mem, &run->sregs, la, code, sizeof(code));
	if (n == 0)
		return -1;
	return disasm_one(code, n, rip, bits, buf, len);
}

static void page_fault_access(const struct run *run, char *buf, size_t len)
{
	uint64_t ec = run->fault.error_code;
	const char *what = (ec & (1u << 4)) ? "instruction fetch from"
			 : (ec & (1u << 1)) ? "write to" : "read from";
	const char *why = (ec & (1u << 3)) ? "reserved bit set in a page-table entry"
			: (ec & 1) ? "protection violation" : "page not mapped";
	/* The guard page under the stack: say what it means. */
	if (run->stack_guard && !(ec & 1) && run->fault.cr2 >= run->stack_guard &&
	    run->fault.cr2 - run->stack_guard < 4096) {
		snprintf(buf, len, ": stack overflow (%s 0x%" PRIx64 ", the guard "
			 "page under the %" PRIu64 " KiB stack; see --stack)", what,
			 run->fault.cr2, run->stack_size >> 10);
		return;
	}
	snprintf(buf, len, ": %s 0x%" PRIx64 " (%s)", what, run->fault.cr2, why);
}

void describe_fault(const struct run *run, char *buf, size_t len)
{
	const struct fault_info *f = &run->fault;
	char where[256], access[128] = "";
	symbols_describe(&run->image.symbols, f->rip, where, sizeof(where));
	if (f->vector == 14)
		page_fault_access(run, access, sizeof(access));
	else if (f->error_code)
		snprintf(access, sizeof(access), " (error code 0x%" PRIx64 ")",
			 f->error_code);
	unsigned bits = run->have_regs ? cpu_code_bits(&run->sregs) : 64;
	const char *ip = bits == 16 ? "ip" : bits == 32 ? "eip" : "rip";
	/* With several CPUs, the one that faulted. */
	char on_cpu[32] = "";
	if (run->ncpus > 1)
		snprintf(on_cpu, sizeof(on_cpu), " on CPU %u", run->stop_cpu);
	if (f->vector >= 32)
		snprintf(buf, len, "guest interrupt %u (0x%x), which has no "
			 "handler, at %s 0x%" PRIx64 "%s%s%s", f->vector,
			 f->vector, ip, f->rip, where[0] ? " in " : "", where,
			 on_cpu);
	else
		snprintf(buf, len, "guest exception %s (%s) at %s 0x%" PRIx64
			 "%s%s%s%s", exception_mnemonic(f->vector),
			 exception_description(f->vector), ip, f->rip,
			 where[0] ? " in " : "", where, access, on_cpu);
}

static void stop_line(const struct run *run, char *buf, size_t len)
{
	if (run->stop == STOP_EXCEPTION)
		describe_fault(run, buf, len);
	else
		snprintf(buf, len, "%s", run->detail);
}

/* Exits by type, "hypercall 1, hlt 1". */
static void counts_line(const uint64_t exits[COUNT_KINDS], char *buf,
			size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < COUNT_KINDS; c++) {
		if (!exits[c])
			continue;
		int n = snprintf(buf + used, len - used, "%s%s %" PRIu64,
				 used ? ", " : "", exit_counter_name(c),
				 exits[c]);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

static void exits_line(const struct run *run, char *buf, size_t len)
{
	counts_line(run->exits, buf, len);
}

static const char *cpu_state_name(enum cpu_state state)
{
	switch (state) {
	case CPU_WAITING: return "not started";
	case CPU_STARTING: return "starting";
	case CPU_RUNNING: return "running";
	case CPU_STOPPED: return "halted";
	}
	return "unknown";
}

/* Several CPUs: which one stopped the run, and each one's exits. A run
 * with one CPU has none of these lines, so its report is as it was. */
static void print_cpus(FILE *out, const struct run *run)
{
	if (run->ncpus < 2 || !run->cpus)
		return;
	fprintf(out, "cpus:     %u, stopped by CPU %u\n", run->ncpus,
		run->stop_cpu);
	for (unsigned i = 0; i < run->ncpus; i++) {
		const struct run_cpu *cpu = &run->cpus[i];
		char exits[512];
		counts_line(cpu->exits, exits, sizeof(exits));
		fprintf(out, "cpu %-2u    %s, exits %" PRIu64 "%s%s%s\n", i,
			cpu_state_name(cpu->state), cpu->total_exits,
			exits[0] ? " (" : "", exits, exits[0] ? ")" : "");
	}
}

/* Hypercalls served, by name, in call-number order: "console_write 1". */
static void calls_line(const struct run *run, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (uint64_t nr = 0; nr < HYPERCALL_SLOTS; nr++) {
		const struct hypercall *call = hypercall_lookup(nr);
		if (!call || !run->hypercalls[nr])
			continue;
		int n = snprintf(buf + used, len - used, "%s%s %" PRIu64,
				 used ? ", " : "", call->name,
				 run->hypercalls[nr]);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

static bool location_known(const struct run *run)
{
	return run->have_regs;
}

/* 16- and 32-bit code: the registers it can see, at its width. */
static void print_registers_narrow(FILE *out, const struct run *run,
				   unsigned bits)
{
	const struct vm_regs *r = &run->regs;
	const struct vm_sregs *s = &run->sregs;
	const char *e = bits == 32 ? "e" : "";
	int w = bits == 32 ? 8 : 4;
	uint64_t m = bits == 32 ? 0xffffffffull : 0xffffull;
	fprintf(out,
		"registers:\n"
		"  %sax %0*" PRIx64 "  %sbx %0*" PRIx64 "  %scx %0*" PRIx64
		"  %sdx %0*" PRIx64 "\n"
		"  %ssi %0*" PRIx64 "  %sdi %0*" PRIx64 "  %ssp %0*" PRIx64
		"  %sbp %0*" PRIx64 "\n"
		"  %sip %0*" PRIx64 "  %sflags %0*" PRIx64 "\n"
		"  cs %04x  ds %04x  es %04x  ss %04x\n"
		"  cr0 %08" PRIx64 "  cr2 %08" PRIx64 "  cr3 %08" PRIx64
		"  cr4 %08" PRIx64 "\n",
		e, w, r->rax & m, e, w, r->rbx & m, e, w, r->rcx & m,
		e, w, r->rdx & m, e, w, r->rsi & m, e, w, r->rdi & m,
		e, w, r->rsp & m, e, w, r->rbp & m, e, w, r->rip & m,
		e, w, r->rflags & m, s->cs.selector, s->ds.selector,
		s->es.selector, s->ss.selector, s->cr0, s->cr2 & 0xffffffff,
		s->cr3 & 0xffffffff, s->cr4);
}

static void print_registers(FILE *out, const struct run *run)
{
	const struct vm_regs *r = &run->regs;
	const struct vm_sregs *s = &run->sregs;
	unsigned bits = cpu_code_bits(s);
	if (bits != 64) {
		print_registers_narrow(out, run, bits);
		return;
	}
	fprintf(out,
		"registers:\n"
		"  rax %016" PRIx64 "  rbx %016" PRIx64 "  rcx %016" PRIx64 "\n"
		"  rdx %016" PRIx64 "  rsi %016" PRIx64 "  rdi %016" PRIx64 "\n"
		"  rsp %016" PRIx64 "  rbp %016" PRIx64 "  r8  %016" PRIx64 "\n"
		"  r9  %016" PRIx64 "  r10 %016" PRIx64 "  r11 %016" PRIx64 "\n"
		"  r12 %016" PRIx64 "  r13 %016" PRIx64 "  r14 %016" PRIx64 "\n"
		"  r15 %016" PRIx64 "  rip %016" PRIx64 "  rflags %08" PRIx64 "\n"
		"  cr0 %016" PRIx64 "  cr2 %016" PRIx64 "  cr3 %016" PRIx64 "\n"
		"  cr4 %016" PRIx64 "  efer %016" PRIx64 "\n",
		r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rsp, r->rbp,
		r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
		r->rip, r->rflags, s->cr0, s->cr2, s->cr3, s->cr4, s->efer);
}

/* Where the runner's own structures are (raw images and 16/32-bit modes,
 * where they are not the ABI's long-mode ones). */
static void print_layout(FILE *out, const struct run *run)
{
	const struct machine_layout *l = &run->layout;
	if (run->mode == MODE_REAL)
		fprintf(out, "runner:   [0x%" PRIx64 ", 0x%" PRIx64 "): IVT 0x%"
			PRIx64 ", exception stubs 0x%" PRIx64 "\n", l->start,
			l->end, l->idt, l->stubs);
	else
		fprintf(out, "runner:   [0x%" PRIx64 ", 0x%" PRIx64 "): GDT 0x%"
			PRIx64 ", IDT 0x%" PRIx64 ", TSS 0x%" PRIx64
			", exception stubs 0x%" PRIx64 "%s\n", l->start, l->end,
			l->gdt, l->idt, l->tss, l->stubs,
			run->mode == MODE_PROTECTED ? ", no page tables" : "");
	if (run->mode == MODE_PAGED32 || run->mode == MODE_LONG)
		fprintf(out, "tables:   page tables from 0x%" PRIx64 " (CR3)\n",
			l->tables);
}

static bool wants_machine_state(const struct run *run)
{
	return run->stop == STOP_EXCEPTION || run->stop == STOP_UNHANDLED ||
	       run->stop == STOP_TIMEOUT || run->stop == STOP_TRIPLE_FAULT ||
	       run->stop == STOP_ERROR || run->stop == STOP_SIGNAL;
}

/* --repeat/--each: one line per run. */
static void report_text_line(FILE *out, const struct run *run)
{
	char line[1536], safe[4096];
	stop_line(run, line, sizeof(line));
	text_escape(safe, sizeof(safe), line);
	fprintf(out, "run %" PRIu64 ": %s: %s; result %" PRIu64 "; exits %"
		PRIu64 "; status %d; %.3f ms; reset %.3f ms\n",
		run->run_number, stop_reason_name(run->stop), safe, run->result,
		run->total_exits, run_exit_status(run),
		(run->stop_time - run->start_time) * 1e3, run->reset_s * 1e3);
}

void report_text(FILE *out, const struct run *run)
{
	/* Guest and image strings (abort messages, symbol names) are
	 * escaped, so that they can neither add report lines nor reach a
	 * terminal as control sequences. */
	char line[1536], exits[512], calls[1024], safe[4096];
	stop_line(run, line, sizeof(line));
	exits_line(run, exits, sizeof(exits));
	calls_line(run, calls, sizeof(calls));

	text_escape(safe, sizeof(safe), run->opt->image);
	fprintf(out, "== runner: %s ==\n", safe);
	text_escape(safe, sizeof(safe), line);
	fprintf(out, "stopped:  %s: %s\n", stop_reason_name(run->stop), safe);
	fprintf(out, "result:   %" PRIu64 " (0x%" PRIx64 ")\n", run->result,
		run->result);
	if (run->opt->have_expect)
		fprintf(out, "expect:   %" PRIu64 " (%s)\n", run->expect,
			run->result == run->expect ? "met" : "MISMATCH");
	/* Long mode's report stays as it always was unless asked. */
	if (run->mode != MODE_LONG || run->opt->have_expect_ax)
		fprintf(out, "mode:     %s\n", cpu_mode_name(run->mode));
	if (run->raw_image)
		fprintf(out, "image:    raw, [0x%" PRIx64 ", 0x%" PRIx64
			"), entry 0x%" PRIx64 "\n", run->image.image_start,
			run->image.image_end, run->image.entry);
	if (run->raw_image || run->mode != MODE_LONG)
		print_layout(out, run);
	if (run->stop == STOP_HALT && run->have_regs &&
	    (run->mode != MODE_LONG || run->opt->have_expect_ax))
		fprintf(out, "acc:      %s %" PRIu64 " (0x%" PRIx64 ") at HLT\n",
			run_accumulator_name(run), run_accumulator(run),
			run_accumulator(run));
	if (run->opt->have_expect_ax)
		fprintf(out, "expect-ax: %" PRIu64 " (%s)\n", run_expect_ax(run),
			run->stop == STOP_HALT &&
			run_accumulator(run) == run_expect_ax(run)
			? "met" : "MISMATCH");
	if (run->stop == STOP_EXIT || run->stop == STOP_ABORT)
		fprintf(out, "guest status: %d\n", run->guest_status);
	fprintf(out, "exits:    %" PRIu64 "%s%s%s\n", run->total_exits,
		exits[0] ? " (" : "", exits, exits[0] ? ")" : "");
	if (calls[0])
		fprintf(out, "calls:    %s\n", calls);
	print_cpus(out, run);
	fprintf(out, "time:     %.3f ms\n",
		(run->stop_time - run->start_time) * 1e3);
	fprintf(out, "status:   %d\n", run_exit_status(run));
	if (!wants_machine_state(run))
		return;
	if (!location_known(run)) {
		fprintf(out, "location: unknown (the vCPU state was lost)\n");
		return;
	}
	char where[256], insn[128];
	symbols_describe(&run->image.symbols, run->regs.rip, where,
			 sizeof(where));
	text_escape(safe, sizeof(safe), where);
	unsigned bits = cpu_code_bits(&run->sregs);
	if (bits == 16)
		fprintf(out, "at:       cs:ip %04x:%04" PRIx64 " (linear 0x%"
			PRIx64 ")\n", run->sregs.cs.selector,
			run->regs.rip & 0xffff,
			linear_address(&run->sregs.cs, run->regs.rip, 16));
	else
		fprintf(out, "at:       %s 0x%" PRIx64 "%s%s\n",
			bits == 32 ? "eip" : "rip", run->regs.rip,
			where[0] ? " in " : "", safe);
	if (instruction_at(run, run->regs.rip, insn, sizeof(insn)) == 0)
		fprintf(out, "code:     %s\n", insn);
	print_registers(out, run);
}

/* ------------------------------------------------------------ JSON */

void json_string(FILE *out, const char *s)
{
	json_escape(out, s);
}

/* Several CPUs: which one stopped the run, and each one's state and
 * exits. A run with one CPU has none of these keys, so its report is as
 * it was before there were several. */
static void report_json_cpus(FILE *out, const struct run *run)
{
	if (run->ncpus < 2 || !run->cpus)
		return;
	fprintf(out, ", \"cpu_count\": %u, \"stop_cpu\": %u, \"cpus\": [",
		run->ncpus, run->stop_cpu);
	for (unsigned i = 0; i < run->ncpus; i++) {
		const struct run_cpu *cpu = &run->cpus[i];
		fprintf(out, "%s{\"id\": %u, \"state\": ", i ? ", " : "", i);
		json_string(out, cpu_state_name(cpu->state));
		fprintf(out, ", \"exits\": {\"total\": %" PRIu64,
			cpu->total_exits);
		for (int c = 0; c < COUNT_KINDS; c++)
			fprintf(out, ", \"%s\": %" PRIu64, exit_counter_name(c),
				cpu->exits[c]);
		fprintf(out, "}}");
	}
	fprintf(out, "]");
}

static void json_hex(FILE *out, const char *key, uint64_t v, bool comma)
{
	fprintf(out, "\"%s\": \"0x%" PRIx64 "\"%s", key, v, comma ? ", " : "");
}

/* The CPU mode, the accumulator and where the runner's structures are. */
static void report_json_mode(FILE *out, const struct run *run)
{
	fprintf(out, ", \"mode\": ");
	json_string(out, cpu_mode_name(run->mode));
	fprintf(out, ", \"raw_image\": %s", run->raw_image ? "true" : "false");
	if (run->stop == STOP_HALT && run->have_regs) {
		fprintf(out, ", \"accumulator\": {\"register\": ");
		json_string(out, run_accumulator_name(run));
		fprintf(out, ", \"value\": %" PRIu64 "}",
			run_accumulator(run));
	} else {
		fprintf(out, ", \"accumulator\": null");
	}
	if (run->opt->have_expect_ax)
		fprintf(out, ", \"expect_ax\": %" PRIu64 ", \"expect_ax_met\": %s",
			run_expect_ax(run), run->stop == STOP_HALT &&
			run_accumulator(run) == run_expect_ax(run) ? "true" : "false");
	const struct machine_layout *l = &run->layout;
	fprintf(out, ", \"runner_area\": {");
	json_hex(out, "start", l->start, true);
	json_hex(out, "end", l->end, true);
	json_hex(out, "gdt", l->gdt, true);
	json_hex(out, "idt", l->idt, true);
	json_hex(out, "tss", l->tss, true);
	json_hex(out, "stubs", l->stubs, true);
	json_hex(out, "page_tables", l->tables, false);
	fprintf(out, "}");
}

void report_json(FILE *out, const struct run *run)
{
	char line[1536];
	stop_line(run, line, sizeof(line));

	fprintf(out, "{\"schema\": \"kvmkit-run-report/1\", \"image\": ");
	json_string(out, run->opt->image);
	if (run->run_number)
		fprintf(out, ", \"run\": %" PRIu64 ", \"reset_s\": %.6f",
			run->run_number, run->reset_s);
	fprintf(out, ", \"backend\": ");
	json_string(out, run->backend ? run->backend->name : "none");
	fprintf(out, ", \"memory_bytes\": %" PRIu64, run->opt->mem_size);
	fprintf(out, ", \"stop\": ");
	json_string(out, stop_reason_name(run->stop));
	fprintf(out, ", \"detail\": ");
	json_string(out, line);
	fprintf(out, ", \"status\": %d", run_exit_status(run));
	fprintf(out, ", \"result\": %" PRIu64 ", ", run->result);
	json_hex(out, "result_hex", run->result, true);
	fprintf(out, "\"result_size\": %u", run->result_size);
	if (run->opt->have_expect)
		fprintf(out, ", \"expect\": %" PRIu64 ", \"expect_met\": %s",
			run->expect,
			run->result == run->expect ? "true" : "false");
	else
		fprintf(out, ", \"expect\": null, \"expect_met\": null");
	if (run->stop == STOP_EXIT || run->stop == STOP_ABORT)
		fprintf(out, ", \"guest_status\": %d", run->guest_status);
	else
		fprintf(out, ", \"guest_status\": null");
	fprintf(out, ", \"exits\": {\"total\": %" PRIu64, run->total_exits);
	for (int c = 0; c < COUNT_KINDS; c++)
		fprintf(out, ", \"%s\": %" PRIu64, exit_counter_name(c),
			run->exits[c]);
	/* Every call the runner serves, by name, zeros included. */
	fprintf(out, "}, \"hypercalls\": {");
	bool first = true;
	for (uint64_t nr = 0; nr < HYPERCALL_SLOTS; nr++) {
		const struct hypercall *call = hypercall_lookup(nr);
		if (!call)
			continue;
		fprintf(out, "%s\"%s\": %" PRIu64, first ? "" : ", ",
			call->name, run->hypercalls[nr]);
		first = false;
	}
	fprintf(out, "}");
	report_json_cpus(out, run);
	fprintf(out, ", \"console_bytes\": %" PRIu64, run->console.bytes);
	/* A long-mode ELF run reports exactly as it always has. */
	if (run->mode != MODE_LONG || run->raw_image || run->opt->have_expect_ax)
		report_json_mode(out, run);
	fprintf(out, ", \"wall_time_s\": %.6f",
		run->stop_time - run->start_time);

	if (run->stop == STOP_EXCEPTION) {
		const struct fault_info *f = &run->fault;
		char where[256];
		symbols_describe(&run->image.symbols, f->rip, where,
				 sizeof(where));
		fprintf(out, ", \"fault\": {\"vector\": %u, \"mnemonic\": ",
			f->vector);
		json_string(out, exception_mnemonic(f->vector));
		fprintf(out, ", \"description\": ");
		json_string(out, exception_description(f->vector));
		fprintf(out, ", ");
		json_hex(out, "error_code", f->error_code, true);
		json_hex(out, "rip", f->rip, true);
		json_hex(out, "cr2", f->cr2, true);
		fprintf(out, "\"symbol\": ");
		json_string(out, where);
		fprintf(out, "}");
	} else {
		fprintf(out, ", \"fault\": null");
	}

	if (wants_machine_state(run) && location_known(run)) {
		const struct vm_regs *r = &run->regs;
		char where[256], insn[128] = "";
		symbols_describe(&run->image.symbols, r->rip, where,
				 sizeof(where));
		instruction_at(run, r->rip, insn, sizeof(insn));
		fprintf(out, ", \"location\": {");
		json_hex(out, "rip", r->rip, true);
		if (run->mode != MODE_LONG || run->raw_image)
			fprintf(out, "\"code_bits\": %u, ",
				cpu_code_bits(&run->sregs));
		fprintf(out, "\"symbol\": ");
		json_string(out, where);
		fprintf(out, ", \"instruction\": ");
		json_string(out, insn);
		fprintf(out, "}, \"registers\": {");
		const struct { const char *n; uint64_t v; } regs[] = {
			{ "rax", r->rax }, { "rbx", r->rbx }, { "rcx", r->rcx },
			{ "rdx", r->rdx }, { "rsi", r->rsi }, { "rdi", r->rdi },
			{ "rsp", r->rsp }, { "rbp", r->rbp }, { "r8", r->r8 },
			{ "r9", r->r9 }, { "r10", r->r10 }, { "r11", r->r11 },
			{ "r12", r->r12 }, { "r13", r->r13 }, { "r14", r->r14 },
			{ "r15", r->r15 }, { "rip", r->rip },
			{ "rflags", r->rflags }, { "cr0", run->sregs.cr0 },
			{ "cr2", run->sregs.cr2 }, { "cr3", run->sregs.cr3 },
			{ "cr4", run->sregs.cr4 }, { "efer", run->sregs.efer },
		};
		for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
			json_hex(out, regs[i].n, regs[i].v,
				 i + 1 < sizeof(regs) / sizeof(regs[0]));
		fprintf(out, "}");
	} else {
		fprintf(out, ", \"location\": null, \"registers\": null");
	}
	fprintf(out, "}\n");
}

static int report_error(const char *what)
{
	fprintf(stderr, "runner: %s: %s\n", what, strerror(errno));
	return -1;
}

void report_format(FILE *out, const struct run *run)
{
	if (run->opt->report == REPORT_JSON)
		report_json(out, run);
	else if (run->opt->report == REPORT_TEXT && run->run_number)
		report_text_line(out, run);
	else if (run->opt->report == REPORT_TEXT)
		report_text(out, run);
}

int report_emit(const struct run_options *opt, const char *text, size_t len,
		bool append)
{
	FILE *out = stderr;
	if (opt->report_file && !strcmp(opt->report_file, "-"))
		out = stdout;
	else if (opt->report_file &&
		 !(out = fopen(opt->report_file, append ? "a" : "w")))
		return report_error(opt->report_file);
	int failed = fwrite(text, 1, len, out) != len || fflush(out) != 0;
	if (out != stderr && out != stdout && fclose(out) != 0)
		failed = 1;
	if (failed)
		return report_error(opt->report_file ? opt->report_file
						     : "report");
	return 0;
}

/* The report is formatted in memory and written with one write(2), so a
 * report on unbuffered stderr does not cost a system call per line. */
int report_write(const struct run *run)
{
	if (run->opt->report == REPORT_NONE)
		return 0;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return report_error("report");
	report_format(mem, run);
	if (fclose(mem) != 0) {
		free(text);
		return report_error("report");
	}
	/* --repeat: the runs after the first add to the same file. */
	int rc = report_emit(run->opt, text, len, run->run_number > 1);
	free(text);
	return rc;
}
