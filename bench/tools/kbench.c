/*
 * kbench: the measuring half of `make bench` (bench/run is the other).
 *
 * Linked statically, so that it runs unchanged inside the test VM
 * (tests/vm), which has busybox but no shared libraries, no strace and no
 * /usr/bin/time. Every subcommand prints one JSON object on stdout:
 *
 *   kbench info
 *       where it runs: {"nproc", "cpu", "mem_kb", "kernel", "thp", "virt"}
 *       (thp: transparent huge pages; virt: the CPU has svm or vmx)
 *   kbench run [-n N] [-e STATUS|any] [-c] -- COMMAND...
 *       runs COMMAND N times (default 1), one after the other, its stdout
 *       a pipe that kbench drains (and counts), its stderr captured.
 *       Gives the wall time from fork to the end of wait4 ("wall_s": min,
 *       median, mean, max), the peak RSS ("maxrss_kb": ru_maxrss, the
 *       largest of the runs), the bytes written and the exit status.
 *       "report" is the last line of the last run's stderr that starts
 *       with '{' (the runner's --report json), embedded as is, and
 *       "report_wall_s" the statistics of its wall_time_s. "samples" has
 *       the times and RSS of every run, for callers that merge calls.
 *       -c also returns the first 4 KiB of stdout as "out"; a failed run
 *       leaves the start of its stderr in "stderr".
 *   kbench trace [-e STATUS|any] -- COMMAND...
 *       runs COMMAND once under ptrace, following its threads and
 *       children, and counts the system calls it enters by name (as
 *       `strace -c -f` does, but exit_group is counted too), and the
 *       ioctl() calls by request, KVM's by name (KVM_RUN, ...); also the
 *       seconds from each call's entry stop to its exit stop (ptrace's
 *       overhead included: only the relative sizes mean something).
 *       stdout goes to /dev/null.
 *   kbench mix -n N -- COMMAND1... --- COMMAND2... [--- ...]
 *       N rounds; in each, every command runs once, in a new random order
 *       each round (so that a load that comes and goes, or a warm cache,
 *       favours none of them). stdout and stderr go to /dev/null. Gives,
 *       per command in the order given, "wall_s" statistics, the peak
 *       RSS statistics ("maxrss_kb") and the samples. Fails (exit 1) when
 *       a run exits with a status other than -e's (default 0).
 *   kbench npf [-e STATUS|any] -- COMMAND...
 *       runs COMMAND once with KVM's tracepoints kvm:kvm_page_fault and
 *       kvm:kvm_exit on (tracefs, mounted if it is not), and counts them
 *       while it runs: "npf", the nested page faults (a guest access to a
 *       page that KVM had not yet mapped in the EPT/NPT, taken in the
 *       kernel), and "kernel_exits", every VM exit, those served in the
 *       kernel included; "pages" lists the first 64 faults in order: the
 *       guest-physical address, the guest's RIP and the kind of access
 *       ("table": the guest's page-table walk, "fetch", "read", "write"). Needs root; the counts are of the whole machine,
 *       so nothing else should run a VM meanwhile.
 *   kbench par -j JOBS -n N [-e STATUS|any] -- COMMAND...
 *       JOBS worker processes each run COMMAND N times in a row (stdout and
 *       stderr to /dev/null); the wall time until the last one is done and
 *       the completed runs per second.
 *
 * Exit status: 0 when every run of COMMAND exited with the expected status
 * (-e, default 0), 1 otherwise, 2 for bad usage or a failure of kbench.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* syscall_names[nr]: generated from <sys/syscall.h> by bench/bench.mk */
static const char *const syscall_names[] = {
#include "syscall_names.h"
};
#define NSYSCALLS (sizeof(syscall_names) / sizeof(syscall_names[0]))

#define ANY_STATUS (-1)

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("kbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Exit status as a shell shows it: 128+N after signal N. */
static int shell_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 255;
}

static void json_string(const char *s, size_t len)
{
	putchar('"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* ------------------------------------------------------------- options */
struct opts {
	int runs;      /* -n */
	int jobs;      /* -j */
	int expect;    /* -e: expected exit status, or ANY_STATUS */
	int capture;   /* -c */
	char **argv;   /* the command */
};

static int parse_count(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > 1000000)
		die("%s must be a whole number from 1 to 1000000, not '%s'",
		    what, s);
	return (int)v;
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->runs = 1;
	o->jobs = 1;
	optind = 1;
	while ((c = getopt(argc, argv, "+n:j:e:c")) != -1) {
		switch (c) {
		case 'n': o->runs = parse_count(optarg, "-n"); break;
		case 'j': o->jobs = parse_count(optarg, "-j"); break;
		case 'e':
			if (!strcmp(optarg, "any"))
				o->expect = ANY_STATUS;
			else
				o->expect = atoi(optarg);
			break;
		case 'c': o->capture = 1; break;
		default: exit(2);
		}
	}
	if (optind >= argc)
		die("no command given");
	o->argv = argv + optind;
}

static int status_ok(const struct opts *o, int status)
{
	return o->expect == ANY_STATUS || status == o->expect;
}

/* The command's file, looked up in PATH here, before any fork: a traced
 * child must not count execvp's failed tries (strace does the same). */
static const char *command_path(const char *name)
{
	static char buf[4096];
	const char *path = getenv("PATH");

	if (strchr(name, '/') || !path)
		return name;
	while (*path) {
		size_t len = strcspn(path, ":");
		if (snprintf(buf, sizeof(buf), "%.*s%s%s", (int)len, path,
			     len ? "/" : "", name) < (int)sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return buf;
		path += len + (path[len] == ':');
	}
	return name;
}

static void exec_command(char **argv)
{
	execv(command_path(argv[0]), argv);
	fprintf(stderr, "kbench: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int devnull(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("/dev/null: %s", strerror(errno));
	return fd;
}

/* ------------------------------------------------------------- info */
static int cmd_info(void)
{
	char line[512], cpu[256] = "unknown";
	long mem_kb = 0;
	int virt = 0;
	struct utsname u;
	FILE *f;

	if ((f = fopen("/proc/cpuinfo", "r"))) {
		while (fgets(line, sizeof(line), f)) {
			char *v = strchr(line, ':');
			if (!v)
				continue;
			v += 1 + (v[1] == ' ');
			v[strcspn(v, "\n")] = '\0';
			if (!strncmp(line, "model name", 10) && !strcmp(cpu, "unknown"))
				snprintf(cpu, sizeof(cpu), "%s", v);
			if (!strncmp(line, "flags", 5) && !virt)
				virt = strstr(v, " svm") || strstr(v, " vmx") ? 1 : -1;
		}
		fclose(f);
	}
	if ((f = fopen("/proc/meminfo", "r"))) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemTotal: %ld", &mem_kb) == 1)
				break;
		fclose(f);
	}
	/* transparent huge pages: the [selected] word */
	char thp[64] = "unknown";
	if ((f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r"))) {
		if (fgets(line, sizeof(line), f)) {
			char *a = strchr(line, '['), *b = a ? strchr(a, ']') : NULL;
			if (a && b && b - a < (long)sizeof(thp)) {
				*b = '\0';
				snprintf(thp, sizeof(thp), "%s", a + 1);
			}
		}
		fclose(f);
	}
	if (uname(&u) < 0)
		strcpy(u.release, "unknown");
	printf("{\"nproc\": %ld, \"cpu\": ", sysconf(_SC_NPROCESSORS_ONLN));
	json_string(cpu, strlen(cpu));
	printf(", \"mem_kb\": %ld, \"kernel\": ", mem_kb);
	json_string(u.release, strlen(u.release));
	printf(", \"thp\": ");
	json_string(thp, strlen(thp));
	printf(", \"virt\": %s}\n", virt > 0 ? "true" : "false");
	return 0;
}

/* ------------------------------------------------------------- run */
/* The runner's report: the last line of FD that starts with '{'. */
static char *last_json_line(int fd)
{
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0)
		return NULL;
	char *buf = malloc((size_t)size + 1);
	if (!buf)
		die("out of memory");
	ssize_t n = pread(fd, buf, (size_t)size, 0);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	char *found = NULL;
	for (char *line = buf; *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (line[0] == '{')
			found = line;
		if (!end)
			break;
		line = end + 1;
	}
	char *copy = found ? strdup(found) : NULL;
	free(buf);
	return copy;
}

/* Keep the start of FD (stderr of a failed run) for the error message. */
static char *head_of(int fd, size_t max)
{
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0)
		return NULL;
	size_t len = (size_t)size < max ? (size_t)size : max;
	char *buf = calloc(1, len + 1);
	if (!buf)
		die("out of memory");
	ssize_t n = pread(fd, buf, len, 0);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	return buf;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The number after "KEY": in a JSON line, or -1. */
static double json_number(const char *json, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *p = json ? strstr(json, pat) : NULL;
	return p ? strtod(p + strlen(pat), NULL) : -1;
}

static void print_list(const char *name, const double *v, int n)
{
	printf("\"%s\": [", name);
	for (int i = 0; i < n; i++)
		printf("%s%.6f", i ? ", " : "", v[i]);
	printf("]");
}

/* Sorts v[0..n) and prints it as "NAME": {"min", "median", "mean", "max"}. */
static void print_stats(const char *name, double *v, int n)
{
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += v[i];
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("\"%s\": {\"min\": %.6f, \"median\": %.6f, \"mean\": %.6f, "
	       "\"max\": %.6f}", name, v[0], median, sum / n, v[n - 1]);
}

#define CAPTURE_MAX 4096

static int cmd_run(const struct opts *o)
{
	double *walls = calloc((size_t)o->runs, sizeof(double));
	double *inner = calloc((size_t)o->runs, sizeof(double));
	double *rss = calloc((size_t)o->runs, sizeof(double));
	int have_inner = 0;
	char capture[CAPTURE_MAX];
	size_t captured = 0;
	long maxrss = 0;
	unsigned long long out_bytes = 0;
	int failed = 0, status = 0;
	char *report = NULL, *err = NULL;

	if (!walls || !inner || !rss)
		die("out of memory");
	for (int r = 0; r < o->runs; r++) {
		int pipefd[2];
		int errfd = memfd_create("kbench-stderr", MFD_CLOEXEC);
		if (errfd < 0 || pipe2(pipefd, O_CLOEXEC) < 0)
			die("memfd/pipe: %s", strerror(errno));
		int null = devnull();
		double t0 = now();
		pid_t pid = fork();
		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid == 0) {
			dup2(null, 0);
			dup2(pipefd[1], 1);
			dup2(errfd, 2);
			exec_command(o->argv);
		}
		close(pipefd[1]);
		close(null);
		/* Drain stdout in large reads, as a fast consumer would. */
		static char buf[1 << 16];
		unsigned long long bytes = 0;
		for (;;) {
			ssize_t n = read(pipefd[0], buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			if (o->capture && r == o->runs - 1 && captured < CAPTURE_MAX) {
				size_t k = (size_t)n < CAPTURE_MAX - captured
					? (size_t)n : CAPTURE_MAX - captured;
				memcpy(capture + captured, buf, k);
				captured += k;
			}
			bytes += (unsigned long long)n;
		}
		int st;
		struct rusage ru;
		while (wait4(pid, &st, 0, &ru) < 0)
			if (errno != EINTR)
				die("wait4: %s", strerror(errno));
		walls[r] = now() - t0;
		close(pipefd[0]);
		status = shell_status(st);
		rss[r] = (double)ru.ru_maxrss;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
		out_bytes = bytes;
		if (!status_ok(o, status)) {
			failed++;
			free(err);
			err = head_of(errfd, 1000);
		}
		free(report);
		report = last_json_line(errfd);
		inner[r] = json_number(report, "wall_time_s");
		have_inner += inner[r] >= 0;
		close(errfd);
	}
	printf("{\"runs\": %d, \"failed\": %d, \"status\": %d, ",
	       o->runs, failed, status);
	/* every run's times, in order, for callers that merge several calls */
	printf("\"samples\": {");
	print_list("wall_s", walls, o->runs);
	printf(", ");
	print_list("maxrss_kb", rss, o->runs);
	if (have_inner == o->runs) {
		printf(", ");
		print_list("report_wall_s", inner, o->runs);
	}
	printf("}, ");
	print_stats("wall_s", walls, o->runs);
	/* the runner's own time, start of main() to the guest's stop */
	if (have_inner == o->runs) {
		printf(", ");
		print_stats("report_wall_s", inner, o->runs);
	}
	printf(", \"maxrss_kb\": %ld, \"out_bytes\": %llu", maxrss, out_bytes);
	printf(", \"report\": %s", report ? report : "null");
	if (o->capture) {
		printf(", \"out\": ");
		json_string(capture, captured);
	}
	if (err) {
		printf(", \"stderr\": ");
		json_string(err, strlen(err));
	}
	printf("}\n");
	return failed ? 1 : 0;
}

/* --------------------------------------------------------------- mix */
#define MIX_MAX 16

/* One run of argv with stdout and stderr to /dev/null. */
static int run_quiet(char **argv, double *wall, double *rss_kb)
{
	int null = devnull();
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		exec_command(argv);
	}
	close(null);
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
	*wall = now() - t0;
	*rss_kb = (double)ru.ru_maxrss;
	return shell_status(st);
}

static int cmd_mix(const struct opts *o)
{
	char **cmd[MIX_MAX];
	int ncmd = 0;
	char **a = o->argv;
	cmd[ncmd++] = a;
	for (; *a; a++) {
		if (strcmp(*a, "---"))
			continue;
		*a = NULL; /* ends the previous command */
		if (ncmd == MIX_MAX)
			die("at most %d commands", MIX_MAX);
		if (!a[1])
			die("nothing after the last ---");
		cmd[ncmd++] = a + 1;
	}
	double *wall = calloc((size_t)(ncmd * o->runs), sizeof(double));
	double *rss = calloc((size_t)(ncmd * o->runs), sizeof(double));
	if (!wall || !rss)
		die("out of memory");
	srand((unsigned)getpid() ^ (unsigned)(now() * 1e6));
	int failed = 0;
	for (int r = 0; r < o->runs; r++) {
		int order[MIX_MAX];
		for (int i = 0; i < ncmd; i++)
			order[i] = i;
		for (int i = ncmd - 1; i > 0; i--) { /* Fisher-Yates */
			int j = rand() % (i + 1), t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		for (int i = 0; i < ncmd; i++) {
			int c = order[i];
			int st = run_quiet(cmd[c], &wall[c * o->runs + r],
					   &rss[c * o->runs + r]);
			if (!status_ok(o, st)) {
				fprintf(stderr, "kbench: %s exited with %d\n",
					cmd[c][0], st);
				failed++;
			}
		}
	}
	printf("{\"runs\": %d, \"failed\": %d, \"commands\": [", o->runs,
	       failed);
	for (int c = 0; c < ncmd; c++) {
		printf("%s{\"argv\": [", c ? ", " : "");
		for (char **w = cmd[c]; *w; w++) {
			printf("%s", w == cmd[c] ? "" : ", ");
			json_string(*w, strlen(*w));
		}
		printf("], \"samples\": {");
		print_list("wall_s", &wall[c * o->runs], o->runs);
		printf(", ");
		print_list("maxrss_kb", &rss[c * o->runs], o->runs);
		printf("}, ");
		print_stats("wall_s", &wall[c * o->runs], o->runs);
		printf(", ");
		print_stats("maxrss_kb", &rss[c * o->runs], o->runs);
		printf("}");
	}
	printf("]}\n");
	return failed ? 1 : 0;
}

/* --------------------------------------------------------------- npf */
#define TRACEFS "/sys/kernel/tracing"

static void tracefs_write(const char *file, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		die("%s: %s", path, strerror(errno));
	close(fd);
}

/* The nested page faults of a run, in order: the guest-physical address
 * and the guest RIP of each, and what the guest was doing. KVM's error
 * code has the x86 page-fault bits (1: write, 0x10: instruction fetch)
 * and, on AMD's NPT and Intel's EPT alike, bit 33 for an access of the
 * guest's own page-table walk (PFERR_GUEST_PAGE). */
#define MAX_NPF_LISTED 64
struct npf_page {
	unsigned long long gpa, rip, error_code;
};

static const char *npf_kind(unsigned long long error_code)
{
	if (error_code & (1ull << 33))
		return "table";
	if (error_code & 0x10)
		return "fetch";
	return error_code & 2 ? "write" : "read";
}

/* The value after "NAME " in a trace line (hex with 0x), or 0. */
static unsigned long long trace_field(const char *line, const char *name)
{
	const char *p = strstr(line, name);
	return p ? strtoull(p + strlen(name), NULL, 16) : 0;
}

/* Lines of the trace buffer that name each event. */
static void count_trace(long *npf, long *exits, struct npf_page *pages)
{
	FILE *f = fopen(TRACEFS "/trace", "re");
	if (!f)
		die(TRACEFS "/trace: %s", strerror(errno));
	char line[1024];
	*npf = *exits = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, " kvm_page_fault:")) {
			if (*npf < MAX_NPF_LISTED)
				pages[*npf] = (struct npf_page){
					trace_field(line, " address "),
					trace_field(line, " rip "),
					trace_field(line, " error_code "),
				};
			(*npf)++;
		} else if (strstr(line, " kvm_exit:")) {
			(*exits)++;
		}
	}
	fclose(f);
}

static int cmd_npf(const struct opts *o)
{
	if (access(TRACEFS "/events/kvm", F_OK) != 0) {
		mkdir(TRACEFS, 0755);
		if (mount("nodev", TRACEFS, "tracefs", 0, NULL) != 0 ||
		    access(TRACEFS "/events/kvm", F_OK) != 0)
			die("no KVM tracepoints in " TRACEFS " (root, a kernel "
			    "with tracing and the kvm module are needed)");
	}
	tracefs_write("tracing_on", "0");
	tracefs_write("buffer_size_kb", "4096");
	tracefs_write("trace", "");
	tracefs_write("events/kvm/kvm_page_fault/enable", "1");
	tracefs_write("events/kvm/kvm_exit/enable", "1");
	tracefs_write("tracing_on", "1");
	double wall, rss;
	int status = run_quiet(o->argv, &wall, &rss);
	tracefs_write("tracing_on", "0");
	tracefs_write("events/kvm/kvm_page_fault/enable", "0");
	tracefs_write("events/kvm/kvm_exit/enable", "0");
	long npf, exits;
	struct npf_page pages[MAX_NPF_LISTED];
	count_trace(&npf, &exits, pages);
	tracefs_write("trace", "");
	printf("{\"status\": %d, \"npf\": %ld, \"kernel_exits\": %ld, "
	       "\"pages\": [", status, npf, exits);
	for (long i = 0; i < npf && i < MAX_NPF_LISTED; i++)
		printf("%s{\"gpa\": \"0x%llx\", \"rip\": \"0x%llx\", "
		       "\"kind\": \"%s\"}", i ? ", " : "", pages[i].gpa,
		       pages[i].rip, npf_kind(pages[i].error_code));
	printf("]}\n");
	return status_ok(o, status) ? 0 : 1;
}

/* ------------------------------------------------------------- trace */
struct ioctl_name {
	unsigned long request;
	const char *name;
};

#define IOCTL(x) { x, #x }
static const struct ioctl_name ioctl_names[] = {
	IOCTL(KVM_GET_API_VERSION),
	IOCTL(KVM_CREATE_VM),
	IOCTL(KVM_CHECK_EXTENSION),
	IOCTL(KVM_GET_VCPU_MMAP_SIZE),
	IOCTL(KVM_GET_SUPPORTED_CPUID),
	IOCTL(KVM_GET_MSR_INDEX_LIST),
	IOCTL(KVM_SET_USER_MEMORY_REGION),
	IOCTL(KVM_SET_TSS_ADDR),
	IOCTL(KVM_SET_IDENTITY_MAP_ADDR),
	IOCTL(KVM_CREATE_IRQCHIP),
	IOCTL(KVM_CREATE_PIT2),
	IOCTL(KVM_CREATE_VCPU),
	IOCTL(KVM_RUN),
	IOCTL(KVM_GET_REGS),
	IOCTL(KVM_SET_REGS),
	IOCTL(KVM_GET_SREGS),
	IOCTL(KVM_SET_SREGS),
	IOCTL(KVM_GET_FPU),
	IOCTL(KVM_SET_FPU),
	IOCTL(KVM_GET_MSRS),
	IOCTL(KVM_SET_MSRS),
	IOCTL(KVM_SET_CPUID2),
	IOCTL(KVM_GET_CPUID2),
	IOCTL(KVM_SET_GUEST_DEBUG),
	IOCTL(KVM_GET_VCPU_EVENTS),
	IOCTL(KVM_SET_VCPU_EVENTS),
	IOCTL(KVM_TRANSLATE),
	IOCTL(KVM_INTERRUPT),
	IOCTL(KVM_ENABLE_CAP),
	IOCTL(KVM_GET_XSAVE),
	IOCTL(KVM_SET_XSAVE),
	IOCTL(KVM_GET_XCRS),
	IOCTL(KVM_SET_XCRS),
	IOCTL(KVM_GET_DEBUGREGS),
	IOCTL(KVM_SET_DEBUGREGS),
	IOCTL(KVM_GET_CLOCK),
	IOCTL(KVM_SET_CLOCK),
	IOCTL(KVM_GET_DIRTY_LOG),
	IOCTL(KVM_IRQ_LINE),
	IOCTL(KVM_SET_SIGNAL_MASK),
};
#define NIOCTL_NAMES (sizeof(ioctl_names) / sizeof(ioctl_names[0]))

#define MAX_OTHER_IOCTLS 32
struct other_ioctl {
	unsigned long request;
	unsigned long count;
	double seconds;
};

/* Calls and the time spent in them (entry stop to exit stop: includes
 * ptrace's own overhead, so only the relative sizes mean something). */
struct trace_counts {
	unsigned long sys[NSYSCALLS];
	double sys_s[NSYSCALLS];
	unsigned long sys_unknown;
	unsigned long ioctl_known[NIOCTL_NAMES];
	double ioctl_known_s[NIOCTL_NAMES];
	struct other_ioctl other[MAX_OTHER_IOCTLS];
	unsigned long other_rest;
	unsigned long total;
};

/* The counters of an ioctl request: its count and its seconds. */
static void ioctl_slot(struct trace_counts *c, unsigned long request,
		       unsigned long **count, double **seconds)
{
	static double spare_seconds; /* time of the requests past the table */

	request &= 0xffffffffUL; /* the kernel takes it as unsigned int */
	for (size_t i = 0; i < NIOCTL_NAMES; i++)
		if (ioctl_names[i].request == request) {
			*count = &c->ioctl_known[i];
			*seconds = &c->ioctl_known_s[i];
			return;
		}
	for (int i = 0; i < MAX_OTHER_IOCTLS; i++) {
		if (c->other[i].count == 0)
			c->other[i].request = request;
		if (c->other[i].request == request) {
			*count = &c->other[i].count;
			*seconds = &c->other[i].seconds;
			return;
		}
	}
	*count = &c->other_rest;
	*seconds = &spare_seconds;
}

/* Tracees we know (a new one's first SIGSTOP is the attach stop), and the
 * system call each one is in. */
#define MAX_TRACEES 256
static struct tracee {
	pid_t pid;
	int in_call;
	unsigned long nr, request;
	double since;
} tracees[MAX_TRACEES];

/* The slot of PID; *fresh says it was not known before. */
static struct tracee *tracee(pid_t pid, int *fresh)
{
	struct tracee *free_slot = NULL;
	*fresh = 0;
	for (int i = 0; i < MAX_TRACEES; i++) {
		if (tracees[i].pid == pid)
			return &tracees[i];
		if (!tracees[i].pid && !free_slot)
			free_slot = &tracees[i];
	}
	if (!free_slot)
		die("more than %d threads and processes to trace", MAX_TRACEES);
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->pid = pid;
	*fresh = 1;
	return free_slot;
}

static void print_ioctl(const char **sep, const char *name, unsigned long n,
			double seconds, int with_time)
{
	if (with_time)
		printf("%s\"%s\": %.6f", *sep, name, seconds);
	else
		printf("%s\"%s\": %lu", *sep, name, n);
	*sep = ", ";
}

static void print_counts(const struct trace_counts *c, int with_time)
{
	const char *sep = "";
	for (size_t nr = 0; nr < NSYSCALLS; nr++) {
		if (!c->sys[nr])
			continue;
		if (with_time)
			printf("%s\"%s\": %.6f", sep, syscall_names[nr], c->sys_s[nr]);
		else
			printf("%s\"%s\": %lu", sep, syscall_names[nr], c->sys[nr]);
		sep = ", ";
	}
	if (c->sys_unknown && !with_time)
		printf("%s\"unknown\": %lu", sep, c->sys_unknown);
	printf("}, \"%s\": {", with_time ? "ioctl_seconds" : "ioctls");
	sep = "";
	for (size_t i = 0; i < NIOCTL_NAMES; i++)
		if (c->ioctl_known[i])
			print_ioctl(&sep, ioctl_names[i].name, c->ioctl_known[i],
				    c->ioctl_known_s[i], with_time);
	for (int i = 0; i < MAX_OTHER_IOCTLS && c->other[i].count; i++) {
		char name[32];
		snprintf(name, sizeof(name), "0x%lx", c->other[i].request);
		print_ioctl(&sep, name, c->other[i].count, c->other[i].seconds,
			    with_time);
	}
	if (c->other_rest && !with_time)
		printf("%s\"other\": %lu", sep, c->other_rest);
}

static int cmd_trace(const struct opts *o)
{
	static struct trace_counts c;
	int errfd = memfd_create("kbench-stderr", MFD_CLOEXEC);
	int null = devnull();
	int status = -1, fresh;

	if (errfd < 0)
		die("memfd_create: %s", strerror(errno));
	double t0 = now();
	pid_t child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		const char *file = command_path(o->argv[0]);
		dup2(null, 0);
		dup2(null, 1);
		dup2(errfd, 2);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(126);
		raise(SIGSTOP); /* wait for the tracer; exec comes next */
		execv(file, o->argv);
		fprintf(stderr, "kbench: cannot run %s: %s\n", o->argv[0],
			strerror(errno));
		_exit(127);
	}
	close(null);
	int st;
	if (waitpid(child, &st, 0) < 0 || !WIFSTOPPED(st))
		die("the traced command did not stop for ptrace");
	tracee(child, &fresh);
	if (ptrace(PTRACE_SETOPTIONS, child, NULL,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
				  PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
				  PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)) < 0)
		die("PTRACE_SETOPTIONS: %s", strerror(errno));
	if (ptrace(PTRACE_SYSCALL, child, NULL, NULL) < 0)
		die("PTRACE_SYSCALL: %s", strerror(errno));

	for (;;) {
		pid_t pid = waitpid(-1, &st, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;
			die("waitpid: %s", strerror(errno));
		}
		struct tracee *t = tracee(pid, &fresh);
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			if (pid == child)
				status = shell_status(st);
			t->pid = 0;
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		int sig = WSTOPSIG(st), inject = 0;
		if (fresh && sig == SIGSTOP) {
			inject = 0; /* a new thread or child: attach stop */
		} else if (sig == (SIGTRAP | 0x80)) {
			struct __ptrace_syscall_info info;
			double when = now();
			if (ptrace(PTRACE_GET_SYSCALL_INFO, pid,
				   (void *)sizeof(info), &info) <= 0)
				info.op = PTRACE_SYSCALL_INFO_NONE;
			if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
				unsigned long nr = info.entry.nr;
				c.total++;
				if (nr < NSYSCALLS && syscall_names[nr])
					c.sys[nr]++;
				else
					c.sys_unknown++;
				t->in_call = 1;
				t->nr = nr;
				t->request = info.entry.args[1];
				t->since = when;
			} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && t->in_call) {
				double dt = when - t->since;
				t->in_call = 0;
				if (t->nr < NSYSCALLS)
					c.sys_s[t->nr] += dt;
				if (t->nr == SYS_ioctl) {
					unsigned long *n;
					double *sec;
					ioctl_slot(&c, t->request, &n, &sec);
					++*n;
					*sec += dt;
				}
			}
		} else if (sig == SIGTRAP && (st >> 16)) {
			inject = 0; /* fork, clone, exec events */
		} else {
			inject = sig; /* a real signal: deliver it */
		}
		ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)inject);
	}
	double wall = now() - t0;

	unsigned long kvm_run = 0;
	for (size_t i = 0; i < NIOCTL_NAMES; i++)
		if (ioctl_names[i].request == KVM_RUN)
			kvm_run = c.ioctl_known[i];
	printf("{\"status\": %d, \"traced_wall_s\": %.6f, \"syscalls_total\": %lu, "
	       "\"kvm_run\": %lu, \"syscalls\": {", status, wall, c.total, kvm_run);
	print_counts(&c, 0);
	printf("}, \"syscall_seconds\": {");
	print_counts(&c, 1);
	char *report = last_json_line(errfd);
	printf("}, \"report\": %s}\n", report ? report : "null");
	return status_ok(o, status) ? 0 : 1;
}

/* ------------------------------------------------------------- par */
static int cmd_par(const struct opts *o)
{
	pid_t *workers = calloc((size_t)o->jobs, sizeof(pid_t));
	int failed = 0;

	if (!workers)
		die("out of memory");
	double t0 = now();
	for (int j = 0; j < o->jobs; j++) {
		workers[j] = fork();
		if (workers[j] < 0)
			die("fork: %s", strerror(errno));
		if (workers[j] > 0)
			continue;
		/* a worker: N runs in a row; its exit status counts failures */
		int null = devnull(), bad = 0;
		for (int r = 0; r < o->runs; r++) {
			pid_t pid = fork();
			if (pid < 0)
				_exit(255);
			if (pid == 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
				exec_command(o->argv);
			}
			int st;
			while (waitpid(pid, &st, 0) < 0)
				if (errno != EINTR)
					_exit(255);
			if (!status_ok(o, shell_status(st)))
				bad++;
		}
		_exit(bad > 254 ? 254 : bad);
	}
	for (int j = 0; j < o->jobs; j++) {
		int st;
		while (waitpid(workers[j], &st, 0) < 0)
			if (errno != EINTR)
				die("waitpid: %s", strerror(errno));
		failed += WIFEXITED(st) ? WEXITSTATUS(st) : o->runs;
	}
	double wall = now() - t0;
	int total = o->jobs * o->runs;
	printf("{\"jobs\": %d, \"runs\": %d, \"failed\": %d, \"wall_s\": %.6f, "
	       "\"runs_per_s\": %.3f}\n", o->jobs, total, failed, wall,
	       (total - failed) / wall);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct opts o;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: kbench info\n"
			"       kbench run [-n N] [-e STATUS|any] [-c] -- COMMAND...\n"
			"       kbench trace [-e STATUS|any] -- COMMAND...\n"
			"       kbench mix -n N -- COMMAND... --- COMMAND...\n"
			"       kbench npf [-e STATUS|any] -- COMMAND...\n"
			"       kbench par -j JOBS -n N [-e STATUS|any] -- COMMAND...\n");
		return 2;
	}
	/* Our own stdout is the JSON answer; unbuffered writes would mix. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (!strcmp(argv[1], "info"))
		return cmd_info();
	parse_opts(argc - 1, argv + 1, &o);
	if (!strcmp(argv[1], "run"))
		return cmd_run(&o);
	if (!strcmp(argv[1], "trace"))
		return cmd_trace(&o);
	if (!strcmp(argv[1], "par"))
		return cmd_par(&o);
	if (!strcmp(argv[1], "mix"))
		return cmd_mix(&o);
	if (!strcmp(argv[1], "npf"))
		return cmd_npf(&o);
	die("unknown subcommand '%s'", argv[1]);
}
