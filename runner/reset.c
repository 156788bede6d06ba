/*
 * Reset in place: run one image many times in one VM (--repeat, --each).
 *
 * Building a VM costs more than most guests' whole run, so a grader or a
 * fuzzer that runs an image thousands of times keeps one VM and puts it
 * back after each run:
 *
 *   memory   a copy of every page the runner wrote while loading (found
 *            with mincore: the only pages that are not zero), taken once;
 *            after a run, each page the guest wrote (KVM's dirty log) or
 *            the runner wrote for it (hypercalls: run_note_host_write)
 *            gets its copy back, or zeros where there is no copy;
 *   vCPU     the whole state before the first instruction (the backend's
 *            save_state: registers, FPU/SSE/AVX, MSRs, events, debug
 *            registers);
 *   the run  counters, stop reason and report fields (struct run, from
 *            `exits` on), the guest's open host files, the deadline.
 *
 * So no state of one run can reach the next: what the guest changed is
 * exactly what is put back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hypercalls/share.h"
#include "run.h"

#define PAGE 4096ull

struct run_snapshot {
	struct vcpu_state *cpu;
	uint64_t pages;         /* of guest memory                        */
	size_t words;           /* of each bitmap                         */
	uint64_t *written;      /* KVM's dirty log, fetched per reset     */
	uint64_t *host_written; /* pages the runner wrote for the guest   */
	uint64_t *saved;        /* pages with a copy in data              */
	uint64_t *index;        /* page numbers of the copies, ascending  */
	uint8_t *data;          /* their bytes, PAGE each                 */
	size_t count;
	double last_reset_s;
};

static bool bit(const uint64_t *map, uint64_t page)
{
	return (map[page / 64] >> (page % 64)) & 1;
}

void run_note_host_write(struct run *run, uint64_t addr, uint64_t len)
{
	struct run_snapshot *s = run->snapshot;
	if (!s || len == 0)
		return;
	/* guest_ptr() has checked the range: it is inside guest memory. */
	for (uint64_t p = addr / PAGE; p <= (addr + len - 1) / PAGE; p++)
		s->host_written[p / 64] |= 1ull << (p % 64);
}

void run_snapshot_free(struct run *run)
{
	struct run_snapshot *s = run->snapshot;
	if (!s)
		return;
	if (run->backend && s->cpu)
		run->backend->free_state(s->cpu);
	free(s->written);
	free(s->host_written);
	free(s->saved);
	free(s->index);
	free(s->data);
	free(s);
	run->snapshot = NULL;
}

/* The pages the runner has written so far: the resident ones. */
static int save_memory(struct run *run, struct run_snapshot *s)
{
	unsigned char *resident = malloc(s->pages);
	if (!resident || mincore(run->mem.host, run->mem.size, resident) < 0) {
		free(resident);
		return -1;
	}
	for (uint64_t p = 0; p < s->pages; p++)
		s->count += resident[p] & 1;
	s->index = malloc(s->count * sizeof(*s->index) + 1);
	s->data = malloc(s->count * PAGE + 1);
	if (!s->index || !s->data) {
		free(resident);
		return -1;
	}
	size_t i = 0;
	for (uint64_t p = 0; p < s->pages; p++) {
		if (!(resident[p] & 1))
			continue;
		s->saved[p / 64] |= 1ull << (p % 64);
		s->index[i] = p;
		memcpy(s->data + i * PAGE, run->mem.host + p * PAGE, PAGE);
		i++;
	}
	free(resident);
	return 0;
}

int run_snapshot(struct run *run, char *err, size_t errlen)
{
	/* Only CPU 0's registers are saved, and not the in-kernel APIC's
	 * state (its timer, pending interrupts): refuse rather than run a
	 * second guest on half-reset CPUs. */
	if (run->ncpus > 1 || run->irqchip) {
		snprintf(err, errlen, "reset in place (--repeat, --each) works "
			 "with one CPU and no APIC: not with --cpus > 1 or an "
			 "image that uses interrupts from the APIC");
		return -1;
	}
	struct run_snapshot *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "reset in place: out of memory");
		return -1;
	}
	s->pages = run->mem.size / PAGE;
	s->words = (size_t)((s->pages + 63) / 64);
	s->written = calloc(s->words, sizeof(uint64_t));
	s->host_written = calloc(s->words, sizeof(uint64_t));
	s->saved = calloc(s->words, sizeof(uint64_t));
	const char *what = "out of memory";
	if (!s->written || !s->host_written || !s->saved)
		goto fail;
	what = "cannot read which guest pages are in use";
	if (save_memory(run, s) < 0)
		goto fail;
	what = "cannot save the vCPU's state";
	s->cpu = run->backend->save_state(run->cpus[0].vcpu);
	if (!s->cpu)
		goto fail;
	what = "cannot start KVM's dirty page log";
	if (run->backend->enable_dirty_log(run->vm) < 0)
		goto fail;
	run->snapshot = s;
	return 0;
fail:
	snprintf(err, errlen, "reset in place: %s: %s", what, strerror(errno));
	run->snapshot = s;
	run_snapshot_free(run);
	return -1;
}

/* Position of page p among the saved copies (it has one). */
static size_t copy_of(const struct run_snapshot *s, uint64_t p)
{
	size_t lo = 0, hi = s->count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->index[mid] <= p)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void restore_memory(struct run *run, struct run_snapshot *s)
{
	for (size_t w = 0; w < s->words; w++) {
		uint64_t dirty = s->written[w] | s->host_written[w];
		s->host_written[w] = 0;
		while (dirty) {
			uint64_t p = w * 64 + (uint64_t)__builtin_ctzll(dirty);
			dirty &= dirty - 1;
			uint8_t *page = run->mem.host + p * PAGE;
			if (bit(s->saved, p))
				memcpy(page, s->data + copy_of(s, p) * PAGE, PAGE);
			else
				memset(page, 0, PAGE);
		}
	}
}

/* Clear the per-run part of struct run (see run.h). */
static void clear_run_state(struct run *run)
{
	size_t from = offsetof(struct run, exits);
	memset((char *)run + from, 0, sizeof(*run) - from);
	for (unsigned i = 0; i < run->ncpus; i++) {
		struct run_cpu *cpu = &run->cpus[i];
		memset(cpu->exits, 0, sizeof(cpu->exits));
		cpu->total_exits = 0;
		cpu->state = i == 0 ? CPU_RUNNING : CPU_WAITING;
	}
	run->stop_cpu = 0;
	run->console.bytes = 0;
	run->start_time = monotonic_seconds();
	if (run->opt->timeout > 0)
		run->deadline = run->start_time + run->opt->timeout;
	/* The console's blocking writes end at this run's deadline too. */
	run->console.deadline = run->deadline;
}

int run_reset(struct run *run, int argc, char **argv, char *err,
	      size_t errlen)
{
	struct run_snapshot *s = run->snapshot;
	double t0 = monotonic_seconds();
	if (!s) {
		snprintf(err, errlen, "reset in place: no snapshot");
		return -1;
	}
	if (run->backend->get_dirty_log(run->vm, s->written) < 0) {
		snprintf(err, errlen, "reset in place: KVM_GET_DIRTY_LOG: %s",
			 strerror(errno));
		return -1;
	}
	restore_memory(run, s);
	if (run->backend->restore_state(run->cpus[0].vcpu, s->cpu) < 0) {
		snprintf(err, errlen, "reset in place: cannot restore the "
			 "vCPU's state: %s", strerror(errno));
		return -1;
	}
	/* The guest's open host files belong to the run that opened them. */
	share_close(run);
	if (share_open(run, run->opt->share_dir, err, errlen) < 0)
		return -1;
	clear_run_state(run);
	if (run_write_boot_info(run, argc, argv, err, errlen) < 0)
		return -1;
	s->last_reset_s = monotonic_seconds() - t0;
	return 0;
}

double run_last_reset_seconds(const struct run *run)
{
	return run->snapshot ? run->snapshot->last_reset_s : 0;
}
