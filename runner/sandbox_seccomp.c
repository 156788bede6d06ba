/*
 * The seccomp sandbox: loads the allow-list (every system call the runner
 * may make once the guests run; the list and why each call is on it:
 * runner/tools/seccomp_policy.c) for every thread. Anything else raises
 * SIGSYS, whose handler here writes one report line naming the call (a
 * JSON object with --report json) and ends the runner with status 125.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exit_status.h"
#include "text_escape.h"

/* The allow-list as a BPF program, made at build time by
 * runner/tools/seccomp_policy.c with libseccomp (build/gen/). */
#include "seccomp_policy.h"

/* System call names by number, for the SIGSYS handler (which may not
 * look anything up): from <sys/syscall.h>, at build time. */
static const char *const syscall_names[] = {
#include "syscall_names.h"
};
#define N_SYSCALL_NAMES (sizeof(syscall_names) / sizeof(syscall_names[0]))

/* Where the SIGSYS handler reports, set before the filter is on: the
 * handler may neither allocate nor format. */
static struct {
	const struct run *run;  /* the first run: its options, run_number */
	char *image_json;       /* its image path as a JSON string       */
} denial;

static void put(int fd, const char *s)
{
	ssize_t n = write(fd, s, strlen(s));
	(void)n;
}

/* "system call NAME (N) denied by the runner's seccomp sandbox" */
static void put_denial(int fd, const char *name, const char *num)
{
	put(fd, "system call ");
	put(fd, name);
	put(fd, " (");
	put(fd, num);
	put(fd, ") denied by the runner's seccomp sandbox");
}

/* With --report json the run still ends with one JSON object (like a
 * run that never started: report_error.c), in the report's place. */
static void report_json(const char *name, const char *num)
{
	const struct run_options *opt = denial.run->opt;
	int fd = STDERR_FILENO;
	if (opt->report_file && !strcmp(opt->report_file, "-"))
		fd = STDOUT_FILENO;
	else if (opt->report_file)
		fd = open(opt->report_file, O_WRONLY | O_CREAT | O_CLOEXEC |
			  (denial.run->run_number > 1 ? O_APPEND : O_TRUNC),
			  0666);
	if (fd < 0)
		fd = STDERR_FILENO;
	put(fd, "{\"schema\": \"kvmkit-run-report/1\", \"image\": ");
	put(fd, denial.image_json ? denial.image_json : "null");
	put(fd, ", \"stop\": \"runner-error\", \"detail\": \"");
	put_denial(fd, name, num);
	put(fd, "\", \"status\": 125, \"error\": \"");
	put_denial(fd, name, num);
	put(fd, "\"}\n");
}

/* SIGSYS: nothing here may allocate or take a lock (the runner may have
 * been anywhere), so the name was looked up beforehand. The output still
 * in the console buffer is not flushed: the runner's state is no longer
 * to be trusted. */
static void on_sigsys(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	int nr = info->si_syscall;
	char num[16];
	int i = (int)sizeof(num);
	num[--i] = '\0';
	unsigned v = nr < 0 ? 0 : (unsigned)nr;
	do {
		num[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	const char *name = nr >= 0 && (size_t)nr < N_SYSCALL_NAMES &&
			   syscall_names[nr] ? syscall_names[nr] : "unknown";
	if (denial.run && denial.run->opt->report == REPORT_JSON) {
		report_json(name, num + i);
	} else {
		put(STDERR_FILENO, "stopped:  runner-error: ");
		put_denial(STDERR_FILENO, name, num + i);
		put(STDERR_FILENO, " (runner/tools/seccomp_policy.c)\n"
				   "status:   125\n");
	}
	_exit(EXIT_STATUS_RUNNER_ERROR);
}

/* The image path as a JSON string, for the handler. */
static char *json_string(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	json_escape(f, s);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int sandbox_seccomp_enter(const struct run *run, char *err, size_t errlen)
{
	denial.run = run;
	if (run && run->opt->image)
		denial.image_json = json_string(run->opt->image);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0) {
		snprintf(err, errlen, "seccomp: SIGSYS handler: %s",
			 strerror(errno));
		return -1;
	}
	struct sock_fprog prog = {
		.len = sizeof(seccomp_policy) / sizeof(seccomp_policy[0]),
		.filter = (struct sock_filter *)seccomp_policy,
	};
	/* Every thread, also those created before (TSYNC): a filter on one
	 * thread only would leave the others unconfined. A positive result
	 * is a thread that could not be synchronised. The caller has set
	 * no_new_privs, which an unprivileged filter needs. */
	long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_TSYNC, &prog);
	if (rc != 0) {
		if (rc > 0)
			snprintf(err, errlen, "seccomp: cannot load the filter: "
				 "thread %ld cannot be synchronised", rc);
		else
			snprintf(err, errlen, "seccomp: cannot load the filter: %s",
				 strerror(errno));
		return -1;
	}
	return 0;
}
