/*
 * Several guests on one host thread, each in its own VM, taking turns in
 * time slices: the layer above the run API (run.h) that `runner --slice`
 * uses, and that a host program with a scheduling policy of its own
 * builds on (hosts/, docs/multi-vm.md).
 *
 * A scheduler program is:
 *
 *   struct sched s;
 *   int status = sched_open_args(&s, argc, argv);  // the runner's syntax
 *   while (!status && !sched_done(&s))
 *           sched_slice(&s, pick_a_vm(&s));         // the policy
 *   return sched_close(&s, status);                // reports, exit status
 *
 * Everything runs on the calling thread; each VM's kick timer signals it.
 */
#ifndef RUNNER_SCHEDULER_H
#define RUNNER_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

#include "run.h"

/* One guest of the schedule. */
struct sched_vm {
	struct run run;
	struct run_options opt;
	unsigned index;     /* 1, 2, ... in image order: its name in output */
	unsigned weight;    /* IMAGE:WEIGHT, default 1                      */
	char **argv;        /* its argument vector (opt.guest_argv)         */
	bool created;       /* run_create() was called: run_destroy() it    */
	uint64_t slices;    /* sched_slice() calls it has had               */
	double cpu_time;    /* host CPU seconds spent in its slices         */
};

struct sched {
	struct sched_vm *vm;
	unsigned count;
	double slice;          /* seconds per slice (--slice)            */
	bool stop_on_failure;  /* --stop-on-failure                      */
	const char *policy;    /* named in the summary                   */
	struct sched_vm *failed; /* the first VM to end with status != 0 */
	const struct run_options *first; /* the runner-wide options */
};

/* Parse the runner's command line (`runner --help`, docs/multi-vm.md):
 * [OPTIONS] IMAGE[:WEIGHT] [ARGS...] [-- [OPTIONS] IMAGE[:WEIGHT] ...],
 * create every VM, and send each console to its place (prefixed lines on
 * stdout, or a file under --console-dir), then confine the process with
 * the runner's sandbox (sandbox.h: open whatever else the program needs
 * before). Returns 0, or the exit status after printing why (then
 * nothing has run). sched_close() is needed
 * either way. A missing --slice means 10 ms. */
int sched_open_args(struct sched *s, int argc, char **argv);

/* The same from the options of the first image, already parsed by
 * options_parse() (main.c); the other images follow in its guest
 * arguments, after a "--". */
int sched_open(struct sched *s, const struct run_options *first);

/* Run vm for one slice (or less, if it stops). Returns true when it has
 * stopped. With stop_on_failure, a VM that ends with a non-zero status
 * cancels the others. Slices and CPU time are counted here. */
bool sched_slice(struct sched *s, struct sched_vm *vm);

/* Whether vm has stopped; whether every VM has. */
bool sched_vm_done(const struct sched_vm *vm);
bool sched_done(const struct sched *s);

/* The policy of `runner --slice`: round robin, each VM getting `weight`
 * slices in a row per round, until every VM has stopped. */
void sched_round_robin(struct sched *s);

/* The runner's exit status: 0 when every VM's own status is 0, else the
 * first non-zero one in image order (VMs cancelled by --stop-on-failure
 * do not count; the failure that cancelled them does). */
int sched_exit_status(const struct sched *s);

/* Write each VM's report and the summary, as --report says. 0 or -1. */
int sched_report(const struct sched *s);

/* Unless status says sched_open failed: write the reports and take the
 * exit status. Then destroy everything. Returns the exit status. */
int sched_close(struct sched *s, int status);

#endif
