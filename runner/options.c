#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <kvmkit/abi.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"

#ifndef KVMKIT_VERSION
#define KVMKIT_VERSION "unknown"
#endif

static void usage(FILE *out)
{
	fprintf(out,
"Usage: runner [OPTIONS] IMAGE [GUEST-ARGUMENTS...]\n"
"       runner --slice DURATION [OPTIONS] IMAGE[:WEIGHT] [ARGS...]\n"
"              [-- [OPTIONS] IMAGE[:WEIGHT] [ARGS...]]...\n"
"Run a guest on KVM, serve its console and hypercalls, and report how it\n"
"ended. IMAGE is a static ELF executable (ELF64: long mode, ELF32: protected\n"
"mode) or a raw binary (any other file; give --mode).\n"
"With --slice, run several guests, each in its own VM, taking turns on one\n"
"host thread (docs/multi-vm.md): images are separated by '--', each with\n"
"its own options (-m, -e, -t, --mode, --share, ...) and arguments, and\n"
"IMAGE:3 gives that guest 3 slices per round instead of 1.\n"
"\n"
"      --mode MODE         CPU mode at entry: real, protected, paged32 or\n"
"                          long (default: long for ELF64, protected for ELF32)\n"
"      --load ADDR         raw image: load it at guest physical ADDR (default 0)\n"
"      --entry ADDR        raw image: start at ADDR (default: the load address)\n"
"  -m, --memory SIZE       guest memory, with K, M or G suffix\n"
"                          (default 16M; from 2M to 64G)\n"
"  -s, --stack SIZE        the guest's stack, below an unmapped guard page\n"
"                          (default: an eighth of memory, 256K to 64M)\n"
"  -e, --expect VALUE      fail with status 120 unless the result at 0x400\n"
"                          equals VALUE (decimal, 0x hex, or negative)\n"
"      --result-size N     bytes of the result slot to read: 1, 2, 4 or 8\n"
"                          (default 8 in long mode, 4 in 16/32-bit modes)\n"
"      --expect-ax VALUE   fail with status 120 unless the accumulator (AX,\n"
"                          EAX or RAX, at the mode's width) is VALUE at HLT\n"
"      --status MODE       what the exit status tells when the guest halts:\n"
"                          run (default: 0, or 120 on --expect mismatch) or\n"
"                          result (the result's low 8 bits, as exit(main())\n"
"                          would: for test programs)\n"
"  -t, --timeout SECONDS   stop a guest still running after SECONDS\n"
"                          (status 124)\n"
"      --share DIR         let the guest open files under DIR\n"
"      --share-limit SIZE  no file under DIR may grow past SIZE through\n"
"                          the guest's writes (e.g. 64M; default: no limit)\n"
"      --no-merge          keep guest memory out of KSM page merging\n"
"      --env NAME=VALUE    put NAME in the guest's environment (getenv)\n"
"      --env-host NAME     pass the host's NAME, if set, to the guest\n"
"      --cpus N            N virtual CPUs, each on a host thread (default 1,\n"
"                          at most 64); the guest starts CPUs 1..N-1\n"
"      --report FORMAT     report on stderr as text (default), json, or none\n"
"      --report-file FILE  write the report to FILE ('-' for stdout)\n"
"      --repeat N          run the image N times in one VM, reset in place\n"
"                          between runs; a report line per run\n"
"      --each FILE         one run per line of FILE, the line's words the\n"
"                          guest's arguments (reset in place, as --repeat)\n"
"      --trace             log every VM exit on stderr as it happens\n"
"      --console FILE      write the guest's console to FILE\n"
"      --gdb TARGET        debug the guest with gdb: TARGET is [ADDRESS]:PORT\n"
"                          (localhost unless ADDRESS is given) or '-' for\n"
"                          the protocol on stdin/stdout (target remote | ...);\n"
"                          the guest waits before its first instruction\n"
"      --slice DURATION    time slice for several guests, e.g. 10ms, 500us,\n"
"                          0.02s (from 100us to 10s)\n"
"      --console-dir DIR   with --slice: guest N's console goes to\n"
"                          DIR/N.console instead of '[N] ' lines on stdout\n"
"      --stop-on-failure   with --slice: when a guest ends with a non-zero\n"
"                          status, cancel the others\n"
"  -q, --quiet             no report (same as --report none)\n"
"  -h, --help              show this help\n"
"  -V, --version           show the version\n"
"\n"
"The guest's console output goes to stdout (stderr with --gdb -); the\n"
"report goes to stderr.\n"
"\n"
"Exit status:\n"
"  0    the guest halted (and the result matched --expect)\n"
"  R    with --status result: the guest halted with result R (R & 0xff)\n"
"  N    the guest called exit(N) (N & 0xff)\n"
"  134  the guest called abort() or an assert failed\n"
"  120  the result did not match --expect\n"
"  121  the guest faulted: a CPU exception or a triple fault\n"
"  122  the guest made a VM exit the runner does not serve\n"
"  124  --timeout expired (also when the guest waits for stdin or a\n"
"       stalled stdout at that time)\n"
"  125  runner error: bad usage, no usable KVM, host failure\n"
"  126  the image is missing, unreadable or refused\n"
"  128+N  stopped by signal N (SIGTERM, SIGHUP, SIGINT), after the\n"
"       console was flushed and the report written\n"
"  137  gdb killed the guest (--gdb)\n"
"With --slice: 0 when every guest's own status is 0, else the first\n"
"non-zero one in image order.\n");
}

static char last_error[512];

const char *options_error(void)
{
	return last_error;
}

void options_usage_error(const char *fmt, const char *arg)
{
	/* fmt is always a literal, of the callers here and in
	 * scheduler_open.c. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(last_error, sizeof(last_error), fmt, arg);
#pragma GCC diagnostic pop
	fprintf(stderr, "runner: %s\n", last_error);
	fprintf(stderr, "Try 'runner --help' for more information.\n");
}

static int fail(const char *fmt, const char *arg)
{
	options_usage_error(fmt, arg);
	return OPTIONS_ERROR;
}

static int parse_u64(const char *text, uint64_t *out)
{
	char *end;
	errno = 0;
	if (text[0] == '-') {
		long long v = strtoll(text, &end, 0);
		*out = (uint64_t)v;
	} else {
		*out = strtoull(text, &end, 0);
	}
	return (errno || end == text || *end) ? -1 : 0;
}

/* An environment variable's name: not empty, no '='. */
static bool valid_env_name(const char *name, size_t len)
{
	return len > 0 && !memchr(name, '=', len);
}

/* Append one "NAME=VALUE" to the guest's environment; a later one for the
 * same NAME replaces the earlier, as the shell does. */
static int add_env(struct run_options *opt, char *entry)
{
	size_t name_len = strcspn(entry, "=");
	for (int i = 0; i < opt->guest_envc; i++) {
		if (!strncmp(opt->guest_envp[i], entry, name_len + 1)) {
			opt->guest_envp[i] = entry;
			return 0;
		}
	}
	char **grown = realloc(opt->guest_envp,
			       ((size_t)opt->guest_envc + 2) * sizeof(*grown));
	if (!grown)
		return -1;
	grown[opt->guest_envc++] = entry;
	grown[opt->guest_envc] = NULL;
	opt->guest_envp = grown;
	return 0;
}

/* "10ms", "500us", "0.02s" or "0.02" (seconds) into seconds. */
static int parse_duration(const char *text, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (errno || end == text || !(v > 0))
		return -1;
	if (!strcmp(end, "ms"))
		v /= 1e3;
	else if (!strcmp(end, "us"))
		v /= 1e6;
	else if (strcmp(end, "s") && *end)
		return -1;
	*out = v;
	return 0;
}

enum options_result options_parse(struct run_options *opt, int argc,
				  char **argv)
{
	enum { OPT_RESULT_SIZE = 256, OPT_SHARE, OPT_REPORT, OPT_REPORT_FILE,
	       OPT_TRACE, OPT_SHARE_LIMIT, OPT_NO_MERGE, OPT_STATUS, OPT_REPEAT,
	       OPT_EACH, OPT_ENV, OPT_ENV_HOST, OPT_CONSOLE, OPT_GDB, OPT_MODE,
	       OPT_LOAD, OPT_ENTRY, OPT_EXPECT_AX, OPT_SLICE, OPT_CONSOLE_DIR,
	       OPT_STOP_ON_FAILURE, OPT_CPUS };
	/* A new option with a value goes into report_error.c's list too. */
	static const struct option longopts[] = {
		{ "memory", required_argument, NULL, 'm' },
		{ "stack", required_argument, NULL, 's' },
		{ "expect", required_argument, NULL, 'e' },
		{ "result-size", required_argument, NULL, OPT_RESULT_SIZE },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "timeout", required_argument, NULL, 't' },
		{ "share", required_argument, NULL, OPT_SHARE },
		{ "share-limit", required_argument, NULL, OPT_SHARE_LIMIT },
		{ "no-merge", no_argument, NULL, OPT_NO_MERGE },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "report-file", required_argument, NULL, OPT_REPORT_FILE },
		{ "trace", no_argument, NULL, OPT_TRACE },
		{ "repeat", required_argument, NULL, OPT_REPEAT },
		{ "each", required_argument, NULL, OPT_EACH },
		{ "env", required_argument, NULL, OPT_ENV },
		{ "env-host", required_argument, NULL, OPT_ENV_HOST },
		{ "console", required_argument, NULL, OPT_CONSOLE },
		{ "gdb", required_argument, NULL, OPT_GDB },
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "load", required_argument, NULL, OPT_LOAD },
		{ "entry", required_argument, NULL, OPT_ENTRY },
		{ "expect-ax", required_argument, NULL, OPT_EXPECT_AX },
		{ "slice", required_argument, NULL, OPT_SLICE },
		{ "console-dir", required_argument, NULL, OPT_CONSOLE_DIR },
		{ "stop-on-failure", no_argument, NULL, OPT_STOP_ON_FAILURE },
		{ "cpus", required_argument, NULL, OPT_CPUS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};

	memset(opt, 0, sizeof(*opt));
	opt->mem_size = KVMKIT_MEM_DEFAULT;
	opt->result_size = 0; /* the mode's default, see run_create() */
	opt->report = REPORT_TEXT;
	opt->cpus = 1;

	opterr = 0;
	int c;
	/* '+': stop at the image name; what follows belongs to the guest. */
	while ((c = getopt_long(argc, argv, "+m:s:e:t:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (parse_size(optarg, &opt->mem_size) < 0)
				return fail("invalid memory size '%s' (use e.g. 16M or 1G)",
					    optarg);
			if (opt->mem_size < KVMKIT_MEM_MIN ||
			    opt->mem_size > KVMKIT_MEM_MAX)
				return fail("memory size '%s' out of range: from 2M to 64G",
					    optarg);
			if (opt->mem_size % 4096)
				return fail("memory size '%s' is not a whole number of 4 KiB pages",
					    optarg);
			break;
		case 's':
			if (parse_size(optarg, &opt->stack_size) < 0 ||
			    opt->stack_size < 16384 || opt->stack_size % 4096)
				return fail("invalid stack size '%s' (at least 16K, whole 4 KiB pages)",
					    optarg);
			break;
		case 'e':
			if (parse_u64(optarg, &opt->expect) < 0)
				return fail("invalid --expect value '%s'", optarg);
			opt->have_expect = true;
			break;
		case OPT_RESULT_SIZE:
			if (strcmp(optarg, "1") && strcmp(optarg, "2") &&
			    strcmp(optarg, "4") && strcmp(optarg, "8"))
				return fail("--result-size must be 1, 2, 4 or 8, not '%s'",
					    optarg);
			opt->result_size = (unsigned)atoi(optarg);
			break;
		case OPT_STATUS:
			if (!strcmp(optarg, "run"))
				opt->status_from_result = false;
			else if (!strcmp(optarg, "result"))
				opt->status_from_result = true;
			else
				return fail("--status must be run or result, not '%s'",
					    optarg);
			break;
		case 't': {
			char *end;
			errno = 0;
			opt->timeout = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(opt->timeout > 0) ||
			    opt->timeout > 1e6)
				return fail("invalid --timeout '%s' (seconds, > 0)",
					    optarg);
			break;
		}
		case OPT_SHARE:
			opt->share_dir = optarg;
			break;
		case OPT_SHARE_LIMIT:
			if (parse_size(optarg, &opt->share_limit) < 0 ||
			    opt->share_limit == 0)
				return fail("invalid --share-limit '%s' (a size "
					    "such as 64M)", optarg);
			break;
		case OPT_NO_MERGE:
			opt->no_merge = true;
			break;
		case OPT_REPORT:
			if (!strcmp(optarg, "text"))
				opt->report = REPORT_TEXT;
			else if (!strcmp(optarg, "json"))
				opt->report = REPORT_JSON;
			else if (!strcmp(optarg, "none"))
				opt->report = REPORT_NONE;
			else
				return fail("--report must be text, json or none, not '%s'",
					    optarg);
			break;
		case OPT_REPORT_FILE:
			opt->report_file = optarg;
			break;
		case OPT_CPUS: {
			uint64_t n;
			if (parse_u64(optarg, &n) < 0 || optarg[0] == '-' ||
			    n < 1 || n > KVMKIT_MAX_CPUS)
				return fail("invalid --cpus '%s' (from 1 to 64)",
					    optarg);
			opt->cpus = (unsigned)n;
			break;
		}
		case OPT_TRACE:
			opt->trace = true;
			break;
		case OPT_REPEAT:
			if (parse_u64(optarg, &opt->repeat) < 0 || optarg[0] == '-' ||
			    opt->repeat < 1 || opt->repeat > 1000000000)
				return fail("invalid --repeat '%s' (a count from 1 "
					    "to 1000000000)", optarg);
			break;
		case OPT_EACH:
			opt->each_file = optarg;
			break;
		case OPT_ENV:
			if (!valid_env_name(optarg, strcspn(optarg, "=")) ||
			    !strchr(optarg, '='))
				return fail("--env wants NAME=VALUE, not '%s'", optarg);
			if (add_env(opt, optarg) < 0)
				return fail("%s", "out of memory");
			break;
		case OPT_ENV_HOST: {
			if (!valid_env_name(optarg, strlen(optarg)))
				return fail("--env-host wants a NAME, not '%s'", optarg);
			/* Unset on the host: unset in the guest, like env(1). */
			const char *value = getenv(optarg);
			if (!value)
				break;
			char *s = malloc(strlen(optarg) + strlen(value) + 2);
			if (!s)
				return fail("%s", "out of memory");
			sprintf(s, "%s=%s", optarg, value);
			if (add_env(opt, s) < 0)
				return fail("%s", "out of memory");
			break;
		}
		case OPT_CONSOLE:
			opt->console_file = optarg;
			break;
		case OPT_GDB:
			if (strcmp(optarg, "-") && !strchr(optarg, ':'))
				return fail("--gdb takes [ADDRESS]:PORT or '-', not '%s'",
					    optarg);
			opt->gdb = optarg;
			break;
		case OPT_MODE:
			if (cpu_mode_parse(optarg, &opt->mode) < 0)
				return fail("--mode must be real, protected, paged32 or long, not '%s'",
					    optarg);
			break;
		case OPT_LOAD:
			if (optarg[0] == '-' || parse_u64(optarg, &opt->load) < 0)
				return fail("invalid --load address '%s'", optarg);
			opt->have_load = true;
			break;
		case OPT_ENTRY:
			if (optarg[0] == '-' || parse_u64(optarg, &opt->entry) < 0)
				return fail("invalid --entry address '%s'", optarg);
			opt->have_entry = true;
			break;
		case OPT_EXPECT_AX:
			if (parse_u64(optarg, &opt->expect_ax) < 0)
				return fail("invalid --expect-ax value '%s'", optarg);
			opt->have_expect_ax = true;
			break;
		case OPT_SLICE:
			if (parse_duration(optarg, &opt->slice) < 0 ||
			    opt->slice < 100e-6 || opt->slice > 10)
				return fail("invalid --slice '%s' (e.g. 10ms, "
					    "500us, 0.02s; from 100us to 10s)",
					    optarg);
			break;
		case OPT_CONSOLE_DIR:
			opt->console_dir = optarg;
			break;
		case OPT_STOP_ON_FAILURE:
			opt->stop_on_failure = true;
			break;
		case 'q':
			opt->report = REPORT_NONE;
			break;
		case 'h':
			usage(stdout);
			return OPTIONS_EXIT_OK;
		case 'V':
			printf("runner (kvmkit) %s, guest ABI %d\n", KVMKIT_VERSION,
			       KVMKIT_ABI_VERSION);
			return OPTIONS_EXIT_OK;
		case '?':
		default:
			/* A long option that lacks its value sets optopt to
			 * its short name: name it as the user wrote it. */
			if (optopt && strncmp(argv[optind - 1], "--", 2) != 0)
				return fail("option '-%s' is unknown or lacks its value",
					    (char[]){ (char)optopt, 0 });
			return fail("option '%s' is unknown or lacks its value",
				    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return fail("%s", "no image given");
	if (opt->gdb && !strcmp(opt->gdb, "-") && opt->report_file &&
	    !strcmp(opt->report_file, "-"))
		return fail("%s", "--gdb - uses stdout for gdb: the report cannot go there too");
	opt->image = argv[optind];
	if (opt->repeat && opt->each_file)
		return fail("%s", "--repeat and --each do not go together");
	/* One gdb session debugs one run: a reset in place between runs
	 * would pull the guest from under gdb's breakpoints. */
	if (opt->gdb && (opt->repeat || opt->each_file))
		return fail("--gdb debugs one run: it does not go with %s",
			    opt->repeat ? "--repeat" : "--each");
	if (opt->each_file && optind + 1 < argc)
		return fail("guest arguments after the image and --each do not "
			    "go together ('%s'): the arguments come from the file",
			    argv[optind + 1]);
	opt->guest_argc = argc - optind;
	opt->guest_argv = argv + optind;
	return OPTIONS_RUN;
}
