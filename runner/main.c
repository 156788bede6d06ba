/*
 * runner: load a guest image, build its machine, run it on KVM, report.
 */
#include <errno.h>
#include <kvmkit/abi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "elf_loader.h"
#include "exit_status.h"
#include "hypercalls/share.h"
#include "machine_setup.h"
#include "options.h"
#include "paging.h"
#include "report.h"
#include "run.h"

static struct run *timed_run; /* for the SIGALRM handler */

static void on_timeout(int sig)
{
	(void)sig;
	if (timed_run) {
		timed_run->timed_out = 1;
		timed_run->backend->kick(timed_run->vm);
	}
}

static int arm_timeout(struct run *run)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_timeout; /* no SA_RESTART: KVM_RUN must return */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		return -1;
	timed_run = run;
	double t = run->opt->timeout;
	struct itimerval it = { .it_value = {
		.tv_sec = (time_t)t,
		.tv_usec = (suseconds_t)((t - (double)(time_t)t) * 1e6),
	} };
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	return setitimer(ITIMER_REAL, &it, NULL);
}

static int error_exit(int status, const char *what, const char *err)
{
	fprintf(stderr, "runner: %s%s%s\n", what, what[0] ? ": " : "", err);
	return status;
}

/* Build the machine in guest memory and the vCPU's registers. */
static int setup_machine(struct run *run, struct elf_file *file, char *err,
			 size_t errlen)
{
	uint64_t cr3;
	if (paging_build(&run->mem, run->backend->has_1g_pages(run->vm), &cr3,
			 err, errlen) < 0)
		return EXIT_STATUS_RUNNER_ERROR;
	machine_write_tables(&run->mem);
	if (elf_load_segments(file, &run->mem, err, errlen) < 0)
		return EXIT_STATUS_BAD_IMAGE;
	if (machine_write_bootinfo(&run->mem, run->image.image_end,
				   run->opt->guest_argc, run->opt->guest_argv,
				   err, errlen) < 0)
		return EXIT_STATUS_RUNNER_ERROR;

	struct vm_sregs sregs;
	struct vm_regs regs;
	machine_initial_sregs(&sregs, cr3);
	machine_initial_regs(&regs, run->image.entry, run->mem.size);
	if (run->backend->set_sregs(run->vm, &sregs) < 0 ||
	    run->backend->set_regs(run->vm, &regs) < 0) {
		snprintf(err, errlen, "cannot set the vCPU's registers: %s",
			 strerror(errno));
		return EXIT_STATUS_RUNNER_ERROR;
	}
	return 0;
}

/* The report is formatted in memory and written with one write(2), so a
 * report on unbuffered stderr does not cost a system call per line. */
static int write_report(const struct run *run)
{
	const struct run_options *opt = run->opt;
	if (opt->report == REPORT_NONE)
		return 0;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return error_exit(EXIT_STATUS_RUNNER_ERROR, "report",
				  strerror(errno));
	if (opt->report == REPORT_JSON)
		report_json(mem, run);
	else
		report_text(mem, run);
	if (fclose(mem) != 0) {
		free(text);
		return error_exit(EXIT_STATUS_RUNNER_ERROR, "report",
				  strerror(errno));
	}

	FILE *out = stderr;
	if (opt->report_file && !strcmp(opt->report_file, "-"))
		out = stdout;
	else if (opt->report_file && !(out = fopen(opt->report_file, "w"))) {
		free(text);
		return error_exit(EXIT_STATUS_RUNNER_ERROR, opt->report_file,
				  strerror(errno));
	}
	int failed = fwrite(text, 1, len, out) != len || fflush(out) != 0;
	if (out != stderr && out != stdout && fclose(out) != 0)
		failed = 1;
	free(text);
	if (failed)
		return error_exit(EXIT_STATUS_RUNNER_ERROR,
				  opt->report_file ? opt->report_file : "report",
				  strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	struct run_options opt;
	switch (options_parse(&opt, argc, argv)) {
	case OPTIONS_EXIT_OK: return EXIT_STATUS_OK;
	case OPTIONS_ERROR: return EXIT_STATUS_RUNNER_ERROR;
	case OPTIONS_RUN: break;
	}
	/* A closed stdout must not kill us before the report is written. */
	signal(SIGPIPE, SIG_IGN);

	struct run run;
	memset(&run, 0, sizeof(run));
	run.opt = &opt;
	run.backend = &kvm_backend;
	run.start_time = monotonic_seconds();
	console_init(&run.console, 1);

	char err[1024];
	int status = EXIT_STATUS_RUNNER_ERROR;
	struct elf_file *file = elf_open_image(opt.image, err, sizeof(err));
	if (!file)
		return error_exit(EXIT_STATUS_BAD_IMAGE, "", err);
	if (elf_check(file, &run.image, err, sizeof(err)) < 0) {
		status = error_exit(EXIT_STATUS_BAD_IMAGE, opt.image, err);
		goto out_file;
	}
	if (run.image.image_end > opt.mem_size) {
		snprintf(err, sizeof(err),
			 "image needs %llu bytes of guest memory but the guest "
			 "has %llu: give it more with -m",
			 (unsigned long long)run.image.image_end,
			 (unsigned long long)opt.mem_size);
		status = error_exit(EXIT_STATUS_BAD_IMAGE, opt.image, err);
		goto out_file;
	}
	if (guest_memory_alloc(&run.mem, opt.mem_size, err, sizeof(err)) < 0) {
		status = error_exit(EXIT_STATUS_RUNNER_ERROR, "", err);
		goto out_file;
	}
	if (share_open(&run, opt.share_dir, err, sizeof(err)) < 0) {
		status = error_exit(EXIT_STATUS_RUNNER_ERROR, "", err);
		goto out_mem;
	}
	run.vm = run.backend->create(run.mem.host, run.mem.size, err,
				     sizeof(err));
	if (!run.vm) {
		status = error_exit(EXIT_STATUS_RUNNER_ERROR, "", err);
		goto out_mem;
	}
	status = setup_machine(&run, file, err, sizeof(err));
	if (status) {
		status = error_exit(status, opt.image, err);
		goto out_vm;
	}
	elf_close(file);
	file = NULL;

	if (opt.timeout > 0 && arm_timeout(&run) < 0) {
		status = error_exit(EXIT_STATUS_RUNNER_ERROR, "timer",
				    strerror(errno));
		goto out_vm;
	}
	run_guest(&run);
	if (opt.timeout > 0) {
		struct itimerval off = { 0 };
		setitimer(ITIMER_REAL, &off, NULL);
		timed_run = NULL;
	}
	status = run_exit_status(&run);
	if (write_report(&run) != 0)
		status = EXIT_STATUS_RUNNER_ERROR;

out_vm:
	run.backend->destroy(run.vm);
out_mem:
	share_close(&run);
	guest_memory_free(&run.mem);
out_file:
	elf_close(file);
	symbols_free(&run.image.symbols);
	return status;
}
