/*
 * --repeat N and --each FILE: graders and fuzzers run one image many
 * times with different inputs. One VM is built, its state before the
 * first instruction saved (run_snapshot), and after each run put back
 * (run_reset): much cheaper than a new runner process per run.
 */
#include "repeat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"
#include "report.h"
#include "report_error.h"
#include "sandbox.h"

/* Most words one --each line may give the guest (argv[0] is the image). */
#define EACH_MAX_ARGS 256

/* Split line into words (spaces and tabs) after argv[0]; the line is
 * changed in place. Returns argc, or -1 when there are too many words. */
static int split_words(char *line, char *argv[EACH_MAX_ARGS + 2])
{
	int argc = 1;
	for (char *w = strtok(line, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
		if (argc > EACH_MAX_ARGS)
			return -1;
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	return argc;
}

static int fail(const struct run_options *opt, int status, const char *err)
{
	fprintf(stderr, "runner: %s\n", err);
	if (opt->report == REPORT_JSON)
		report_error_json(opt->report_file, opt->image, status, err);
	return status;
}

int repeat_main(const struct run_options *opt)
{
	struct run run;
	char err[1024];
	int status = run_create(&run, opt, err, sizeof(err));
	FILE *each = NULL;
	char *line = NULL;
	size_t line_size = 0;
	if (status) {
		status = fail(opt, status, err);
		goto out;
	}
	if (opt->each_file && !(each = fopen(opt->each_file, "re"))) {
		snprintf(err, sizeof(err), "--each %s: %s", opt->each_file,
			 strerror(errno));
		status = fail(opt, EXIT_STATUS_RUNNER_ERROR, err);
		goto out;
	}
	if (run_snapshot(&run, err, sizeof(err)) < 0) {
		status = fail(opt, EXIT_STATUS_RUNNER_ERROR, err);
		goto out;
	}
	/* Set up: the --each file is open, the snapshot taken (docs/security.md). */
	struct run *const runs[] = { &run };
	if (sandbox_enter(runs, 1, err, sizeof(err)) < 0) {
		char msg[1100];
		snprintf(msg, sizeof(msg), "sandbox: %s", err);
		status = fail(opt, EXIT_STATUS_RUNNER_ERROR, msg);
		goto out;
	}

	int first_failure = 0;
	for (uint64_t n = 1; !opt->repeat || n <= opt->repeat; n++) {
		char *words[EACH_MAX_ARGS + 2] = { (char *)opt->image };
		int argc = opt->guest_argc;
		char **argv = opt->guest_argv;
		if (each) {
			if (getline(&line, &line_size, each) < 0)
				break;
			argc = split_words(line, words);
			argv = words;
			if (argc < 0) {
				snprintf(err, sizeof(err), "--each %s: line %llu "
					 "has more than %d words", opt->each_file,
					 (unsigned long long)n, EACH_MAX_ARGS);
				status = fail(opt, EXIT_STATUS_RUNNER_ERROR, err);
				goto out;
			}
		}
		int bad = n > 1 ? run_reset(&run, argc, argv, err, sizeof(err))
				: each ? run_write_boot_info(&run, argc, argv, err,
							     sizeof(err))
				       : 0;
		if (bad) {
			status = fail(opt, EXIT_STATUS_RUNNER_ERROR, err);
			goto out;
		}
		run.run_number = n;
		run.reset_s = n > 1 ? run_last_reset_seconds(&run) : 0;
		run_for(&run, 0);
		int st = run_exit_status(&run);
		if (report_write(&run) != 0)
			st = EXIT_STATUS_RUNNER_ERROR;
		if (st && !first_failure)
			first_failure = st;
		/* The VM itself failed, or the runner is told to stop (SIGTERM,
		 * SIGHUP, SIGINT): no further run. */
		if (run.stop == STOP_ERROR || run.stop == STOP_SIGNAL)
			break;
	}
	status = first_failure;
out:
	free(line);
	if (each)
		fclose(each);
	run_destroy(&run);
	return status;
}
