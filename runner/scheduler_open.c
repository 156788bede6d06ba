/*
 * Setting up and tearing down a schedule of several guests: the command
 * line's image groups, one VM per group, and where each console goes.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_status.h"
#include "options.h"
#include "report_error.h"
#include "sandbox.h"
#include "scheduler.h"
#include "stop_signal.h"

#define GROUP_SEPARATOR "--"
#define MAX_WEIGHT 1000

/* The message of the last failure, for a JSON report of a run that
 * never started (sched_close). */
static char last_error[4096];

static int usage_error(const char *fmt, const char *arg)
{
	options_usage_error(fmt, arg);
	snprintf(last_error, sizeof(last_error), "%s", options_error());
	return EXIT_STATUS_RUNNER_ERROR;
}

/* How many groups args holds: one more than its separators. */
static unsigned count_groups(int argc, char **argv)
{
	unsigned n = 1;
	for (int i = 0; i < argc; i++)
		n += !strcmp(argv[i], GROUP_SEPARATOR);
	return n;
}

/* IMAGE:WEIGHT. The weight is the digits after the last ':' (so an image
 * whose own name ends in ":N" is given as "NAME:N:1"). vm->argv[0], which
 * the guest sees as its name, loses the ":WEIGHT" too. */
static int split_weight(struct sched_vm *vm)
{
	vm->weight = 1;
	char *name = vm->argv[0];
	char *colon = strrchr(name, ':');
	if (!colon || colon == name || !colon[1] ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return 0;
	long w = strtol(colon + 1, NULL, 10);
	if (w < 1 || w > MAX_WEIGHT || strlen(colon + 1) > 4)
		return usage_error("weight in '%s' must be from 1 to 1000",
				   name);
	vm->weight = (unsigned)w;
	*colon = '\0';
	vm->opt.image = name;
	return 0;
}

/* Options that concern the whole runner may only come before the first
 * image; a later group that sets one is refused, not silently ignored. */
static const char *runner_wide_option(const struct run_options *o)
{
	if (o->slice > 0)
		return "--slice";
	if (o->console_dir)
		return "--console-dir";
	if (o->stop_on_failure)
		return "--stop-on-failure";
	if (o->report != REPORT_TEXT)
		return "--report or -q";
	if (o->report_file)
		return "--report-file";
	return NULL;
}

/* Options that make sense for one guest alone: refused for any image of
 * a schedule, whichever group gives them. */
static const char *one_guest_option(const struct run_options *o)
{
	if (o->gdb)
		return "--gdb debugs";
	if (o->repeat)
		return "--repeat runs";
	if (o->each_file)
		return "--each runs";
	return NULL;
}

/* The guest's own copy of its argument vector (opt.guest_argv), so that
 * the weight can be cut off its name. */
static int own_args(struct sched_vm *vm)
{
	char **argv = calloc((size_t)vm->opt.guest_argc + 1, sizeof(char *));
	char *name = strdup(vm->opt.guest_argv[0]);
	if (!argv || !name) {
		free(argv);
		free(name);
		return usage_error("%s", "out of memory");
	}
	memcpy(argv, vm->opt.guest_argv,
	       (size_t)vm->opt.guest_argc * sizeof(char *));
	argv[0] = name;
	vm->argv = argv;
	vm->opt.guest_argv = argv;
	vm->opt.image = name;
	return 0;
}

/* A later group, "[OPTIONS] IMAGE[:WEIGHT] [ARGS...]", is parsed as a
 * runner command line of its own, then given the runner-wide options. */
static int parse_group(struct sched_vm *vm, const struct run_options *first,
		       char **words, int nwords)
{
	char **cmdline = calloc((size_t)nwords + 2, sizeof(char *));
	if (!cmdline)
		return usage_error("%s", "out of memory");
	cmdline[0] = "runner";
	memcpy(cmdline + 1, words, (size_t)nwords * sizeof(char *));
	optind = 0; /* glibc: start getopt afresh */
	int status = EXIT_STATUS_RUNNER_ERROR;
	snprintf(last_error, sizeof(last_error), "%s", "bad options");
	if (options_parse(&vm->opt, nwords + 1, cmdline) != OPTIONS_RUN) {
		snprintf(last_error, sizeof(last_error), "%s", options_error());
	} else {
		const char *wide = runner_wide_option(&vm->opt);
		status = wide ? usage_error("%s applies to every guest: give "
					    "it before the first image", wide)
			      : own_args(vm);
	}
	free(cmdline);
	vm->opt.slice = first->slice;
	vm->opt.console_dir = first->console_dir;
	vm->opt.stop_on_failure = first->stop_on_failure;
	vm->opt.report = first->report;
	vm->opt.report_file = first->report_file;
	return status;
}

static int open_console_file(struct sched_vm *vm, const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%u.console", dir, vm->index);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(last_error, sizeof(last_error), "%.3000s: %s", path,
			 strerror(errno));
		fprintf(stderr, "runner: %s\n", last_error);
		return EXIT_STATUS_RUNNER_ERROR;
	}
	double deadline = vm->run.console.deadline;
	console_init(&vm->run.console, fd);
	vm->run.console.deadline = deadline;
	return 0;
}

/* One guest: its console as it is, several: "[N] " before each line of
 * guest N, or each console in a file of its own. */
static int place_consoles(struct sched *s, const char *dir)
{
	if (dir && mkdir(dir, 0755) < 0 && errno != EEXIST) {
		snprintf(last_error, sizeof(last_error), "--console-dir %s: %s",
			 dir, strerror(errno));
		fprintf(stderr, "runner: %s\n", last_error);
		return EXIT_STATUS_RUNNER_ERROR;
	}
	for (unsigned i = 0; i < s->count; i++) {
		struct sched_vm *vm = &s->vm[i];
		if (vm->opt.console_file)
			continue; /* a file of its own, as --console says */
		if (dir) {
			int status = open_console_file(vm, dir);
			if (status)
				return status;
		} else if (s->count > 1) {
			char prefix[16];
			snprintf(prefix, sizeof(prefix), "[%u] ", vm->index);
			console_set_prefix(&vm->run.console, prefix);
		}
	}
	return 0;
}

/* Set up: every run created, every console placed. Confine the process
 * once for all of them (docs/security.md). */
static int enter_sandbox(struct sched *s)
{
	struct run **runs = calloc(s->count, sizeof(*runs));
	char err[1024];
	int rc = -1;
	if (!runs) {
		snprintf(err, sizeof(err), "out of memory");
	} else {
		for (unsigned i = 0; i < s->count; i++)
			runs[i] = &s->vm[i].run;
		rc = sandbox_enter(runs, s->count, err, sizeof(err));
	}
	free(runs);
	if (!rc)
		return 0;
	snprintf(last_error, sizeof(last_error), "sandbox: %.1000s", err);
	fprintf(stderr, "runner: %s\n", last_error);
	return EXIT_STATUS_RUNNER_ERROR;
}

int sched_open(struct sched *s, const struct run_options *first)
{
	memset(s, 0, sizeof(*s));
	s->first = first;
	last_error[0] = '\0';
	s->slice = first->slice > 0 ? first->slice : 0.01;
	s->stop_on_failure = first->stop_on_failure;
	s->policy = "round-robin";
	/* The first group's words are its guest arguments up to a "--"; the
	 * other groups follow, "--" between each. */
	int argc = first->guest_argc;
	char **argv = first->guest_argv;
	unsigned count = count_groups(argc, argv);
	s->vm = calloc(count, sizeof(*s->vm));
	if (!s->vm)
		return usage_error("%s", "out of memory");
	s->count = count;

	int start = 0;
	for (unsigned g = 0; g < count; g++) {
		int end = start;
		while (end < argc && strcmp(argv[end], GROUP_SEPARATOR))
			end++;
		struct sched_vm *vm = &s->vm[g];
		vm->index = g + 1;
		int status;
		if (g == 0) {
			vm->opt = *first;
			vm->opt.guest_argc = end;
			status = own_args(vm);
		} else if (end == start) {
			status = usage_error("%s", "'--' must be followed by "
					     "an image");
		} else {
			status = parse_group(vm, first, argv + start,
					     end - start);
		}
		if (!status)
			status = split_weight(vm);
		const char *alone = status ? NULL : one_guest_option(&vm->opt);
		if (alone)
			status = usage_error("%s one guest: it does not go "
					     "with --slice", alone);
		else if (!status && vm->opt.console_file && first->console_dir)
			status = usage_error("--console %s and --console-dir: "
					     "give one", vm->opt.console_file);
		if (status)
			return status;
		start = end + 1;
	}
	for (unsigned g = 0; g < count; g++) {
		struct sched_vm *vm = &s->vm[g];
		char err[1024];
		vm->created = true;
		int status = run_create(&vm->run, &vm->opt, err, sizeof(err));
		if (status) {
			snprintf(last_error, sizeof(last_error), "[%u] %.1000s",
				 vm->index, err);
			fprintf(stderr, "runner: %s\n", last_error);
			return status;
		}
	}
	int status = place_consoles(s, first->console_dir);
	return status ? status : enter_sandbox(s);
}

int sched_open_args(struct sched *s, int argc, char **argv)
{
	static struct run_options first; /* the VMs keep pointers into it */
	memset(s, 0, sizeof(*s));
	/* As main.c: a closed stdout must not kill us before the reports
	 * are written, and SIGTERM, SIGHUP, SIGINT stop the guests cleanly. */
	signal(SIGPIPE, SIG_IGN);
	if (stop_signals_install() < 0) {
		perror("runner: signal handlers");
		return EXIT_STATUS_RUNNER_ERROR;
	}
	switch (options_parse(&first, argc, argv)) {
	case OPTIONS_EXIT_OK: return -1;
	case OPTIONS_ERROR: return EXIT_STATUS_RUNNER_ERROR;
	case OPTIONS_RUN: break;
	}
	return sched_open(s, &first);
}

int sched_close(struct sched *s, int status)
{
	if (!status) {
		status = sched_exit_status(s);
		if (sched_report(s) != 0)
			status = EXIT_STATUS_RUNNER_ERROR;
	} else if (status > 0 && s->first && s->first->report == REPORT_JSON) {
		/* Like one guest: a run that never started still gives JSON. */
		report_error_json(s->first->report_file, NULL, status,
				  last_error);
	}
	for (unsigned i = 0; s->vm && i < s->count; i++) {
		struct sched_vm *vm = &s->vm[i];
		if (vm->created) /* closes a console file too */
			run_destroy(&vm->run);
		if (vm->argv)
			free(vm->argv[0]);
		free(vm->argv);
	}
	free(s->vm);
	memset(s, 0, sizeof(*s));
	return status < 0 ? 0 : status;
}
