/*
 * runner: load a guest image, build its machine, run it on KVM, report;
 * or, with --slice, several guests taking turns (scheduler.h).
 */
#include <signal.h>
#include <stdio.h>

#include "exit_status.h"
#include "gdb/run_target.h"
#include "options.h"
#include "report.h"
#include "report_error.h"
#include "repeat.h"
#include "run.h"
#include "sandbox.h"
#include "scheduler.h"
#include "stop_signal.h"

/* From here on the runner only runs the guest (for gdb, once gdb has
 * connected) and reports: confine it (docs/security.md). */
static int enter_sandbox(struct run *run, char *err, size_t errlen)
{
	struct run *const runs[] = { run };
	return sandbox_enter(runs, 1, err, errlen);
}

int main(int argc, char **argv)
{
	struct run_options opt;
	const char *report_file;
	switch (options_parse(&opt, argc, argv)) {
	case OPTIONS_EXIT_OK: return EXIT_STATUS_OK;
	case OPTIONS_ERROR:
		if (report_error_wanted(argc, argv, &report_file))
			report_error_json(report_file, NULL,
					  EXIT_STATUS_RUNNER_ERROR,
					  options_error());
		return EXIT_STATUS_RUNNER_ERROR;
	case OPTIONS_RUN: break;
	}
	/* A closed stdout must not kill us before the report is written,
	 * nor SIGTERM, SIGHUP or SIGINT before the output is flushed and the
	 * report written (the run stops with 128 + N). */
	signal(SIGPIPE, SIG_IGN);
	/* Nor a guest file that reaches the host's file size limit: the
	 * guest gets ENOSPC (from EFBIG) instead. */
	signal(SIGXFSZ, SIG_IGN);
	if (stop_signals_install() < 0) {
		perror("runner: signal handlers");
		return EXIT_STATUS_RUNNER_ERROR;
	}

	if (opt.slice > 0) { /* several guests taking turns */
		struct sched s;
		int status = sched_open(&s, &opt); /* and the sandbox */
		if (!status)
			sched_round_robin(&s);
		return sched_close(&s, status);
	}
	if (opt.console_dir || opt.stop_on_failure) {
		const char *why = "--console-dir and --stop-on-failure are "
				  "for several guests: give --slice too";
		fprintf(stderr, "runner: %s\n", why);
		if (opt.report == REPORT_JSON)
			report_error_json(opt.report_file, NULL,
					  EXIT_STATUS_RUNNER_ERROR, why);
		return EXIT_STATUS_RUNNER_ERROR;
	}
	if (opt.repeat || opt.each_file)
		return repeat_main(&opt);

	struct run run;
	struct gdb_conn gdb;
	char err[1024];
	int status = run_create(&run, &opt, err, sizeof(err));
	if (status) {
		fprintf(stderr, "runner: %s\n", err);
		if (opt.report == REPORT_JSON)
			report_error_json(opt.report_file, opt.image, status,
					  err);
	} else if (opt.gdb && gdb_debug_connect(&run, &gdb, err,
						sizeof(err)) < 0) {
		fprintf(stderr, "runner: %s\n", err);
		status = EXIT_STATUS_RUNNER_ERROR;
		if (opt.report == REPORT_JSON)
			report_error_json(opt.report_file, opt.image, status,
					  err);
	} else if (enter_sandbox(&run, err, sizeof(err)) < 0) {
		status = EXIT_STATUS_RUNNER_ERROR;
		fprintf(stderr, "runner: sandbox: %s\n", err);
		if (opt.report == REPORT_JSON)
			report_error_json(opt.report_file, opt.image, status,
					  err);
	} else {
		if (opt.gdb)
			gdb_debug_serve(&run, &gdb);
		else
			run_for(&run, 0);
		status = run_exit_status(&run);
		if (report_write(&run) != 0)
			status = EXIT_STATUS_RUNNER_ERROR;
	}
	run_destroy(&run);
	return status;
}
