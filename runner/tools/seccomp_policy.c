/*
 * The seccomp allow-list of the runner (runner/sandbox_seccomp.c), turned
 * into a BPF program at build time: every system call the runner may make
 * once the guests run. Anything else raises SIGSYS, whose handler writes
 * one report line naming the call and ends the runner with status 125.
 *
 *   seccomp_policy OUTPUT.h    writes the program as a C array
 *
 * Why at build time: libseccomp builds the same program in a few
 * milliseconds on the host, but in every run, with hundreds of small
 * allocations (about 180 KiB of the runner's peak RSS, and 9 ms of
 * hello's 100 in the test VM: docs/performance.md). The policy is the
 * same for every run, so the runner only loads the finished program.
 *
 * Adding a feature that makes another call after setup? Add a group for
 * it to `allowed` below, one line per call with the reason (a call several
 * features share is listed once, in the first group that needs it, and
 * named in the others' comments), and run `make check`: a call missing
 * here shows up as "system call NAME (N) denied by the runner's seccomp
 * sandbox". Calls made only during setup (opening /dev/kvm, the image, the
 * share, creating the VM, gdb's listen and accept) do not belong here.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* One allowed call; with `arg`, only when that condition on an argument
 * holds (several lines for one call: any of them). */
struct allowed_call {
	const char *name;
	const char *why;
	int has_arg;
	struct scmp_arg_cmp arg;
};

/* ioctl(fd, request): KVM's requests only (type 0xAE: KVM_RUN, registers,
 * dirty log, ...), on any descriptor: a KVM request on a file that is not
 * KVM's fails with ENOTTY. */
#define ONLY_KVM_IOCTL { .arg = 1, .op = SCMP_CMP_MASKED_EQ, \
			 .datum_a = 0xff00, .datum_b = 0xAE00 }
#define ONLY_TCGETS    { .arg = 1, .op = SCMP_CMP_EQ, .datum_a = TCGETS }
/* mmap(addr, len, prot) and mprotect(addr, len, prot): never executable,
 * so code injected into a runner could not be made to run. */
#define NOT_EXEC       { .arg = 2, .op = SCMP_CMP_MASKED_EQ, \
			 .datum_a = PROT_EXEC, .datum_b = 0 }

static const struct allowed_call allowed[] = {
	/* The run loop: KVM, the per-thread kick timer (created lazily on
	 * the thread that runs a vCPU), stop signals (stop_signal.c) */
	{ "ioctl", "KVM_RUN, registers, state save/restore, dirty log", 1,
	  ONLY_KVM_IOCTL },
	{ "ioctl", "isatty(): is the console a terminal (TCGETS)", 1,
	  ONLY_TCGETS },
	{ "rt_sigreturn", "return from the kick, stop and SIGSYS handlers", 0, {0} },
	{ "rt_sigprocmask", "stop_signal_watch/unwatch, gdb's end of session", 0, {0} },
	{ "rt_sigaction", "the kick timer's handler, installed with the first timer", 0, {0} },
	{ "timer_create", "a kick timer per vCPU thread, made on that thread", 0, {0} },
	{ "timer_settime", "arm and disarm the kick timer (--timeout, slices)", 0, {0} },
	{ "timer_delete", "run_destroy() deletes the kick timers", 0, {0} },
	{ "gettid", "a kick timer signals its own thread (SIGEV_THREAD_ID)", 0, {0} },
	{ "rt_tgsigqueueinfo", "kick_timer_kick_now(): with --cpus N, one CPU's thread kicks another's out of KVM_RUN (smp.c)", 0, {0} },
	{ "clock_gettime", "deadlines, the time hypercall (when not in the vDSO)", 0, {0} },

	/* Console, stdin, waiting for them (console.c, host_wait.c);
	 * --console FILE is opened during setup and only written here */
	{ "write", "guest console, the report, files under --share", 0, {0} },
	{ "read", "stdin for the guest, files under --share", 0, {0} },
	{ "poll", "host_wait(): stdin or a stalled stdout, up to the deadline", 0, {0} },
	{ "ppoll", "poll() as some C libraries implement it", 0, {0} },

	/* Files under --share (hypercalls/files.c; reset in place reopens
	 * the share: openat(O_PATH)) and the report file */
	{ "openat2", "--share paths, resolved beneath the share", 0, {0} },
	{ "openat", "--report-file, opened after each run; the share reopened", 0, {0} },
	{ "close", "file_close, run_destroy()", 0, {0} },
	{ "fstat", "file_open checks the file type; stdio", 0, {0} },
	{ "newfstatat", "fstat() as glibc implements it", 0, {0} },
	{ "fstatfs", "file_open/file_stat refuse kernel filesystems", 0, {0} },
	{ "lseek", "file_seek; --share-limit reads the offset", 0, {0} },
	{ "fcntl", "file_open clears O_NONBLOCK; --share-limit reads flags", 0, {0} },
	{ "unlinkat", "file_remove", 0, {0} },
	{ "renameat", "file_rename", 0, {0} },
	{ "renameat2", "file_rename, as some C libraries implement it", 0, {0} },

	/* --repeat and --each (repeat.c, reset.c): KVM_GET_DIRTY_LOG and the
	 * vCPU state ioctls (above), getline() on the --each file (read),
	 * the share reopened (openat, openat2, fstatfs, close above). The
	 * sandbox is entered after the file is opened and the snapshot
	 * taken (mincore, only there). */

	/* The gdb stub (gdb/conn.c, gdb/stub.c): entered after gdb has
	 * connected, so socket, bind, listen and accept4 stay out; packets
	 * are read, written and waited for on the connected socket (or
	 * stdin/stdout with --gdb -) with read, write and poll (above). */

	/* Memory: malloc, open_memstream for the report, munmap at exit;
	 * vCPU threads' stacks (mmap, then mprotect for the guard page) */
	{ "brk", "malloc", 0, {0} },
	{ "mmap", "malloc of large blocks, thread stacks and arenas", 1, NOT_EXEC },
	{ "mprotect", "a thread stack's guard page, a new malloc arena", 1, NOT_EXEC },
	{ "munmap", "free, guest memory and the vCPUs' kvm_run at exit", 0, {0} },
	{ "mremap", "realloc of large blocks (the report's memstream)", 0, {0} },
	{ "madvise", "free() may return memory; a thread's stack at its end", 0, {0} },
	{ "sysinfo", "glibc qsort() asks for the memory size (capstone)", 0, {0} },

	/* vCPU threads: several vCPUs, one host thread each, started by
	 * run_for() after the sandbox (the vCPUs themselves are created
	 * during setup). A single-vCPU runner makes none of these calls;
	 * they are here so that threads need no change to the sandbox. */
	{ "clone3", "pthread_create (glibc 2.34 and later)", 0, {0} },
	{ "clone", "pthread_create (older C libraries, or clone3 refused)", 0, {0} },
	{ "futex", "pthread_join, locks, pthread_once", 0, {0} },
	{ "set_robust_list", "every new thread registers its robust futexes", 0, {0} },
	{ "rseq", "every new thread registers restartable sequences", 0, {0} },
	{ "sched_yield", "spinning locks back off", 0, {0} },
	{ "sched_getaffinity", "glibc asks how many CPUs for malloc arenas", 0, {0} },

	/* Ending */
	{ "exit_group", "the end of the runner", 0, {0} },
	{ "exit", "the end of a thread", 0, {0} },
	{ "getpid", "abort() and raise()", 0, {0} },
	{ "tgkill", "abort(), raise(), a kick aimed at a vCPU thread", 0, {0} },
};

/* The program, exported by libseccomp, as "{ code, jt, jf, k }," lines. */
static int write_header(FILE *bpf, FILE *out)
{
	unsigned char insn[8];
	size_t n = 0;
	fprintf(out, "/* Generated by runner/tools/seccomp_policy.c from its "
		"allow-list: do not edit. */\n"
		"static const struct sock_filter seccomp_policy[] = {\n");
	while (fread(insn, sizeof(insn), 1, bpf) == 1) {
		unsigned code = insn[0] | insn[1] << 8;
		unsigned long k = insn[4] | insn[5] << 8 | insn[6] << 16 |
				  (unsigned long)insn[7] << 24;
		fprintf(out, "\t{ 0x%04x, %u, %u, 0x%08lx },\n", code, insn[2],
			insn[3], k);
		n++;
	}
	fprintf(out, "};\n");
	return n > 0 && !ferror(bpf) ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: seccomp_policy OUTPUT.h\n");
		return 2;
	}
	/* Denied calls trap (SIGSYS): the runner's handler names them. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx) {
		fprintf(stderr, "seccomp_policy: cannot create a filter\n");
		return 1;
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]) && !rc; i++) {
		const struct allowed_call *a = &allowed[i];
		int nr = seccomp_syscall_resolve_name(a->name);
		if (nr == __NR_SCMP_ERROR)
			continue; /* not on this architecture */
		rc = a->has_arg ? seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
						   a->arg)
				: seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	FILE *bpf = tmpfile();
	if (!rc && !bpf)
		rc = -errno;
	if (!rc)
		rc = seccomp_export_bpf(ctx, fileno(bpf));
	seccomp_release(ctx);
	if (rc) {
		fprintf(stderr, "seccomp_policy: cannot build the filter: %s\n",
			strerror(-rc));
		return 1;
	}
	rewind(bpf);
	FILE *out = fopen(argv[1], "w");
	if (!out || write_header(bpf, out) < 0 || fclose(out) != 0) {
		fprintf(stderr, "seccomp_policy: %s: cannot write it\n", argv[1]);
		remove(argv[1]);
		return 1;
	}
	return 0;
}
