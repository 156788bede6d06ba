/*
 * Time slices for several guests on one thread, the round-robin policy of
 * `runner --slice`, and the summary of who got how much.
 */
#include "scheduler.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"

/* The process's CPU time: a guest with --cpus N runs CPUs 1..N-1 on
 * threads of their own during its slice, and every other guest's threads
 * are parked meanwhile, so the process's time during a slice is that
 * guest's. */
static double thread_cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool sched_vm_done(const struct sched_vm *vm)
{
	return vm->run.stop != STOP_NONE;
}

bool sched_done(const struct sched *s)
{
	for (unsigned i = 0; i < s->count; i++)
		if (!sched_vm_done(&s->vm[i]))
			return false;
	return true;
}

static void cancel_others(struct sched *s, const struct sched_vm *failed)
{
	char why[1200];
	snprintf(why, sizeof(why), "guest [%u] %s ended with status %d and "
		 "--stop-on-failure was given", failed->index,
		 failed->opt.image, run_exit_status(&failed->run));
	for (unsigned i = 0; i < s->count; i++)
		run_cancel(&s->vm[i].run, why);
}

bool sched_slice(struct sched *s, struct sched_vm *vm)
{
	if (sched_vm_done(vm))
		return true;
	double cpu = thread_cpu_seconds();
	bool stopped = run_for(&vm->run, monotonic_seconds() + s->slice);
	vm->cpu_time += thread_cpu_seconds() - cpu;
	vm->slices++;
	if (stopped && run_exit_status(&vm->run) != 0 && !s->failed) {
		s->failed = vm;
		if (s->stop_on_failure)
			cancel_others(s, vm);
	}
	return stopped;
}

void sched_round_robin(struct sched *s)
{
	while (!sched_done(s))
		for (unsigned i = 0; i < s->count; i++)
			for (unsigned n = 0; n < s->vm[i].weight; n++)
				if (sched_slice(s, &s->vm[i]))
					break;
}

int sched_exit_status(const struct sched *s)
{
	for (unsigned i = 0; i < s->count; i++) {
		const struct run *run = &s->vm[i].run;
		int status = run_exit_status(run);
		if (status && run->stop != STOP_CANCELLED)
			return status;
	}
	return 0;
}

/* ------------------------------------------------------------ summary */

static double total_cpu(const struct sched *s)
{
	double t = 0;
	for (unsigned i = 0; i < s->count; i++)
		t += s->vm[i].cpu_time;
	return t;
}

static double share(const struct sched *s, const struct sched_vm *vm)
{
	double t = total_cpu(s);
	return t > 0 ? vm->cpu_time / t : 0;
}

static void summary_text(FILE *out, const struct sched *s)
{
	fprintf(out, "== summary: %u guest%s, %s, slice %.3f ms ==\n",
		s->count, s->count == 1 ? "" : "s", s->policy, s->slice * 1e3);
	for (unsigned i = 0; i < s->count; i++) {
		const struct sched_vm *vm = &s->vm[i];
		const struct run *run = &vm->run;
		fprintf(out, "[%u] %s: %s, status %d; weight %u, %" PRIu64
			" slice%s, cpu %.3f ms (%.1f%%); exits %" PRIu64,
			vm->index, vm->opt.image, stop_reason_name(run->stop),
			run_exit_status(run), vm->weight, vm->slices,
			vm->slices == 1 ? "" : "s", vm->cpu_time * 1e3,
			share(s, vm) * 100, run->total_exits);
		const char *sep = " (";
		for (int c = 0; c < COUNT_KINDS; c++) {
			if (!run->exits[c])
				continue;
			fprintf(out, "%s%s %" PRIu64, sep, exit_counter_name(c),
				run->exits[c]);
			sep = ", ";
		}
		fprintf(out, "%s\n", run->total_exits ? ")" : "");
	}
	fprintf(out, "status:   %d\n", sched_exit_status(s));
}

static void summary_json(FILE *out, const struct sched *s)
{
	fprintf(out, "{\"schema\": \"kvmkit-sched-summary/1\", \"policy\": "
		"\"%s\", \"slice_s\": %.6f, \"status\": %d, \"vms\": [",
		s->policy, s->slice, sched_exit_status(s));
	for (unsigned i = 0; i < s->count; i++) {
		const struct sched_vm *vm = &s->vm[i];
		const struct run *run = &vm->run;
		fprintf(out, "%s{\"index\": %u, \"image\": ", i ? ", " : "",
			vm->index);
		json_string(out, vm->opt.image);
		fprintf(out, ", \"weight\": %u, \"slices\": %"
			PRIu64 ", \"cpu_time_s\": %.6f, \"share\": %.6f, "
			"\"stop\": \"%s\", \"status\": %d, \"exits\": "
			"{\"total\": %" PRIu64,
			vm->weight, vm->slices, vm->cpu_time, share(s, vm),
			stop_reason_name(run->stop), run_exit_status(run),
			run->total_exits);
		for (int c = 0; c < COUNT_KINDS; c++)
			fprintf(out, ", \"%s\": %" PRIu64, exit_counter_name(c),
				run->exits[c]);
		fprintf(out, "}}");
	}
	fprintf(out, "]}\n");
}

int sched_report(const struct sched *s)
{
	if (!s->count)
		return 0;
	const struct run_options *opt = &s->vm[0].opt;
	if (opt->report == REPORT_NONE)
		return 0;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return -1;
	for (unsigned i = 0; i < s->count; i++)
		report_format(mem, &s->vm[i].run);
	if (opt->report == REPORT_JSON)
		summary_json(mem, s);
	else
		summary_text(mem, s);
	int failed = fclose(mem) != 0;
	if (!failed)
		failed = report_emit(opt, text, len, false) != 0;
	free(text);
	return failed ? -1 : 0;
}
