/*
 * One run of one guest: the options it was started with, the machine it
 * runs on, and everything the report needs when it stops.
 */
#ifndef RUNNER_RUN_H
#define RUNNER_RUN_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "cpu_mode.h"
#include "elf_loader.h"
#include "guest_memory.h"
#include "vm_backend.h"

struct kick_timer;

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_NONE };

struct run_options {
	const char *image;
	int guest_argc;        /* image name and the arguments after it */
	char **guest_argv;
	int guest_envc;        /* --env / --env-host: "NAME=VALUE" strings */
	char **guest_envp;
	uint64_t mem_size;
	uint64_t stack_size;   /* --stack; 0: the default share of memory */
	bool have_expect;
	uint64_t expect;
	unsigned result_size;  /* bytes of the result slot to read: 1, 2, 4, 8;
				  0: 8 in long mode, 4 in 16/32-bit modes */
	bool status_from_result; /* --status result: a halt exits with it */
	enum cpu_mode mode;    /* --mode; MODE_DEFAULT: by the ELF class */
	bool have_load, have_entry; /* raw images: --load, --entry */
	uint64_t load, entry;
	bool have_expect_ax;   /* --expect-ax: the accumulator at HLT */
	uint64_t expect_ax;
	double timeout;        /* seconds, 0 = none */
	bool trace;
	enum report_format report;
	const char *report_file; /* NULL = stderr, "-" = stdout */
	const char *share_dir;   /* NULL = no host files */
	uint64_t share_limit;    /* bytes a guest may grow a file to, 0: any */
	bool no_merge;           /* keep guest memory out of KSM */
	uint64_t repeat;         /* --repeat N: runs of the image, 0: one */
	const char *each_file;   /* --each FILE: one run per line of FILE */
	unsigned cpus;           /* vCPUs, 1..KVMKIT_MAX_CPUS (0 means 1) */
	const char *console_file; /* NULL = stdout (stderr with --gdb -) */
	const char *gdb;          /* --gdb: "-" or [ADDRESS]:PORT, NULL = none */
	/* For several guests (scheduler.h, docs/multi-vm.md); runner-wide, so
	 * given before the first image only. */
	double slice;            /* --slice, seconds; 0 = one guest */
	const char *console_dir; /* --console-dir */
	bool stop_on_failure;    /* --stop-on-failure */
};

/* How the run ended. */
enum stop_reason {
	STOP_NONE,
	STOP_HALT,        /* HLT: the normal end                    */
	STOP_EXIT,        /* the guest called exit(status)           */
	STOP_ABORT,       /* the guest called abort()                */
	STOP_EXCEPTION,   /* a CPU exception reached the runner's IDT */
	STOP_TRIPLE_FAULT,
	STOP_UNHANDLED,   /* a VM exit the runner does not serve      */
	STOP_TIMEOUT,
	STOP_ERROR,       /* the runner or the backend failed         */
	STOP_SIGNAL,      /* SIGTERM, SIGHUP or SIGINT (stop_signal.h) */
	STOP_KILLED,      /* the debugger killed the guest            */
	STOP_CANCELLED,   /* another VM failed (--stop-on-failure)    */
};

/* Exits counted by what they were for. */
enum exit_counter {
	COUNT_CONSOLE,    /* OUT to the byte console port */
	COUNT_HYPERCALL,
	COUNT_EXCEPTION,
	COUNT_OTHER_IO,
	COUNT_HLT,
	COUNT_MMIO,
	COUNT_SHUTDOWN,
	COUNT_FAIL_ENTRY,
	COUNT_INTERNAL_ERROR,
	COUNT_INTERRUPTED,
	COUNT_OTHER,
	COUNT_KINDS
};

struct fault_info {
	unsigned vector;
	uint64_t error_code;
	uint64_t rip, cs, rflags, rsp, ss;
	uint64_t cr2;
};

struct share_files; /* hypercalls/files.c */
struct run_snapshot; /* reset.c */
struct run;

/* Where a vCPU is in its life (docs/smp.md). */
enum cpu_state {
	CPU_WAITING,  /* not started yet (every CPU but 0 at first)      */
	CPU_STARTING, /* KVMKIT_HC_CPU_START asked; its thread starts it  */
	CPU_RUNNING,
	CPU_STOPPED,  /* it called KVMKIT_HC_HALT (CPUs other than 0)     */
};

/* One virtual CPU of the run and the host thread state that drives it.
 * CPU 0 runs on the thread that calls run_for(); every other CPU on a
 * thread of its own (smp.c). Fields below `timer` change under run->lock. */
struct run_cpu {
	struct run *run;
	unsigned id;            /* 0: the boot CPU; also its APIC id */
	struct vcpu *vcpu;
	/* Kicks this CPU out of KVM_RUN: at a deadline, or at once from
	 * another thread. Created by the thread that runs the CPU. */
	struct kick_timer *timer;
	pid_t timer_tid;        /* the thread the timer signals */
	enum cpu_state state;
	struct vm_regs start_regs; /* CPU_STARTING: where it starts */
	uint64_t start_cr3;
	uint64_t exits[COUNT_KINDS]; /* this CPU's share of run->exits */
	uint64_t total_exits;
	/* A debugger's stop (VM_EXIT_DEBUG): run_for() returns false, with
	 * the exit here, until the debugger resumes the CPU. */
	bool debug_stop;
	struct vm_exit debug_exit;
	/* A debugger keeps this CPU out of the guest (while it steps another
	 * one); set between run_for() calls. */
	bool held;
};

struct smp; /* smp.c: the threads of CPUs 1..N-1 */

struct run {
	const struct run_options *opt;
	const struct vm_backend *backend;
	struct vm *vm;
	struct run_cpu *cpus;   /* cpus[0] is the boot CPU */
	unsigned ncpus;
	bool irqchip;           /* KVM's in-kernel APICs: HLT sleeps in KVM */
	struct smp *smp;        /* NULL with one CPU */
	/* Exits are served one at a time under this lock, whichever CPU
	 * made them; guest code runs in parallel. */
	pthread_mutex_t lock;
	unsigned stop_cpu;      /* the CPU that stopped the run */
	/* Some CPU has a debugger's stop (its debug_stop): all leave the
	 * guest and run_for() returns false. */
	bool debug_stopped;
	struct guest_memory mem;
	struct elf_image image;
	enum cpu_mode mode;     /* the mode the guest starts in */
	bool raw_image;         /* a flat binary, not an ELF file */
	struct machine_layout layout; /* where the runner's structures are */
	unsigned result_size;   /* --result-size or the mode's default */
	uint64_t expect;        /* --expect, cut to result_size bytes */
	struct console console;
	struct share_files *files;
	struct run_snapshot *snapshot; /* for run_reset(), see reset.c */

	/* Everything from here to the end describes one run of the guest:
	 * run_reset() clears it. Keep what must outlive a run above. */
	uint64_t exits[COUNT_KINDS];
	uint64_t total_exits;
	uint64_t hypercalls[64]; /* per call number, for the report */

	enum stop_reason stop;  /* read it with run_stopped() */
	int guest_status;      /* STOP_EXIT / STOP_ABORT                   */
	int signal;            /* STOP_SIGNAL: its number                  */
	char detail[1024];     /* what happened, in words, for the report  */
	bool have_regs;        /* regs/sregs below describe the stop point */
	struct vm_regs regs;
	struct vm_sregs sregs;
	struct fault_info fault;
	uint64_t stack_guard;  /* the unmapped page below the stack, or 0 */
	uint64_t stack_size;
	uint64_t result;

	/* A debugger's software breakpoints: whether an int3 the IDT stubs
	 * report at addr is one of them. KVM intercepts int3 itself when
	 * asked (set_guest_debug), but not every CPU does (qemu's TCG does
	 * not): then the stub's report is turned back into a debug stop. */
	bool (*is_debugger_breakpoint)(void *ctx, uint64_t addr);
	void *debugger;

	double start_time, stop_time; /* seconds, CLOCK_MONOTONIC */
	double deadline;       /* --timeout as a CLOCK_MONOTONIC time, 0: none */
	uint64_t run_number;   /* --repeat/--each: 1, 2, ...; 0: a single run */
	double reset_s;        /* what putting the VM back took before it    */
};

/*
 * The life of a run, the one API that main.c (and anything else that runs
 * guests: several VMs, a debugger) drives:
 *
 *   run_create()   load the image, build the machine, create the VM
 *   run_for()      run until the guest stops or a time is reached
 *   run_exit_status(), report_write()   how it ended
 *   run_destroy()
 */

/* Create the run described by opt (which must outlive it). Returns 0, or
 * the runner's exit status for the failure (a bad image, a host error)
 * with the message in err. run_destroy() is needed either way. */
int run_create(struct run *run, const struct run_options *opt, char *err,
	       size_t errlen);

/* Run the guest until it stops, or until CLOCK_MONOTONIC time `until`
 * (0: no limit but --timeout). Returns true when the guest has stopped
 * (run->stop says why, and the result and registers are read), false
 * when `until` came first, or a debugger's breakpoint or step stopped it
 * (cpu->debug_stop), and the guest can be resumed by run_for(). */
bool run_for(struct run *run, double until);

/* End a run that has not stopped, without running it again (a scheduler
 * gives up on it): it stops as STOP_CANCELLED with `why` in the report. */
void run_cancel(struct run *run, const char *why);

/* Free everything run_create() made, whether or not it succeeded. */
void run_destroy(struct run *run);

/* Reset in place (reset.c), for running one image many times: after
 * run_create(), run_snapshot() remembers the machine as it is before the
 * first instruction; after each run, run_reset() puts it back, copying
 * back only the pages the run wrote (KVM's dirty log, and the pages the
 * runner wrote for the guest), and writes new guest arguments. Both return
 * 0, or -1 with a message in err. */
int run_snapshot(struct run *run, char *err, size_t errlen);
int run_reset(struct run *run, int argc, char **argv, char *err,
	      size_t errlen);
/* Seconds the last run_reset() took. */
double run_last_reset_seconds(const struct run *run);
/* Everything that writes guest memory for the guest (hypercalls) says so
 * here, so that run_reset() restores those pages too. */
void run_note_host_write(struct run *run, uint64_t addr, uint64_t len);
void run_snapshot_free(struct run *run);
/* Guest arguments and boot info (KVMKIT_BOOTINFO_ADDR, KVMKIT_ARGS_ADDR)
 * for this run; argv[0] is the image name. */
int run_write_boot_info(struct run *run, int argc, char **argv, char *err,
			size_t errlen);
/* Whether the run has stopped (from any thread). */
bool run_stopped(const struct run *run);
/* Whether a debugger's stop holds the CPUs (run->debug_stopped). */
bool run_debug_stopped(const struct run *run);

/* Whether --timeout has expired (for host calls a guest waits on). */
bool run_deadline_passed(const struct run *run);

/* Stop the run from a handler, with a message for the report. Called
 * under run->lock; the CPU whose exit is being served is the one that
 * stopped it. */
void run_stop(struct run *run, enum stop_reason why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The runner's exit status for this run (exit_status.h). */
int run_exit_status(const struct run *run);

/* The accumulator at the stop, at the width of the code that ran (AX, EAX
 * or RAX), and --expect-ax cut to that width (accumulator.c). */
uint64_t run_accumulator(const struct run *run);
uint64_t run_expect_ax(const struct run *run);
/* "ax", "eax" or "rax". */
const char *run_accumulator_name(const struct run *run);

const char *stop_reason_name(enum stop_reason why);
const char *exit_counter_name(enum exit_counter c);

double monotonic_seconds(void);

#endif
