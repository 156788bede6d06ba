/*
 * The run loop: enter the guest, and at every exit decide what it was and
 * serve it, or stop the run with the exit named in words.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <kvmkit/abi.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exception_frame.h"
#include "exception_origin.h"
#include "exit_status.h"
#include "hypercalls/hypercall.h"
#include "kick_timer.h"
#include "run.h"
#include "run_loop.h"
#include "smp.h"
#include "stop_signal.h"
#include "string_io.h"
#include "trace.h"

/* The CPU whose exit this thread is serving, for run_stop(). */
static __thread struct run_cpu *serving_cpu;

double monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void run_stop(struct run *run, enum stop_reason why, const char *fmt, ...)
{
	if (run->stop != STOP_NONE)
		return; /* the first reason wins */
	/* The CPU whose exit this thread serves, if it is this run's (one
	 * thread runs several VMs' CPU 0 under --slice). */
	run->stop_cpu = serving_cpu && serving_cpu->run == run ?
			serving_cpu->id : 0;
	__atomic_store_n(&run->stop, why, __ATOMIC_RELEASE);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(run->detail, sizeof(run->detail), fmt, ap);
	va_end(ap);
}

bool run_stopped(const struct run *run)
{
	return __atomic_load_n(&run->stop, __ATOMIC_ACQUIRE) != STOP_NONE;
}

static void count_exit(struct run *run, struct run_cpu *cpu,
		       enum exit_counter c)
{
	run->exits[c]++;
	cpu->exits[c]++;
}

bool run_debug_stopped(const struct run *run)
{
	return __atomic_load_n(&run->debug_stopped, __ATOMIC_ACQUIRE);
}

/* A debugger's stop on `cpu`: run_for() returns with it, and in all-stop
 * fashion every other CPU leaves the guest too. Under run->lock. */
static void debug_stop(struct run *run, struct run_cpu *cpu,
		       const struct vm_exit *e)
{
	cpu->debug_exit = *e;
	cpu->debug_stop = true;
	__atomic_store_n(&run->debug_stopped, true, __ATOMIC_RELEASE);
	if (run->smp)
		smp_kick_others(run, cpu);
}

static void serve_hypercall(struct run *run, struct run_cpu *cpu)
{
	struct vm_regs regs;
	if (run->backend->get_regs(cpu->vcpu, &regs) < 0) {
		run_stop(run, STOP_ERROR, "cannot read registers: %s",
			 strerror(errno));
		return;
	}
	uint64_t args[HYPERCALL_ARGS];
	bool abi32 = hypercall_args(run, &regs, args);
	const struct hypercall *call = hypercall_lookup(regs.rax);
	int64_t ret = -KVMKIT_ENOSYS;
	if (call) {
		if (regs.rax < sizeof(run->hypercalls) / sizeof(run->hypercalls[0]))
			run->hypercalls[regs.rax]++;
		ret = call->fn(run, cpu, args);
	}
	if (run->opt->trace)
		trace_hypercall(run, regs.rax, call ? call->name : NULL, args,
				ret);
	if (run->stop != STOP_NONE)
		return;
	regs.rax = abi32 ? (uint32_t)ret : (uint64_t)ret;
	if (run->backend->set_regs(cpu->vcpu, &regs) < 0)
		run_stop(run, STOP_ERROR, "cannot write registers: %s",
			 strerror(errno));
}

/* The runner's exception stub pushed the vector and error code on top of
 * the CPU's frame; read them all and restore the faulting RIP/RSP/RFLAGS
 * in the saved registers, so the report shows the fault, not the stub. */
static void capture_exception(struct run *run, struct run_cpu *cpu)
{
	/* Another CPU has stopped the run already: the report keeps its
	 * fault and registers, not this one's. */
	if (run_stopped(run))
		return;
	struct vm_regs regs;
	struct vm_sregs sregs;
	if (run->backend->get_regs(cpu->vcpu, &regs) < 0 ||
	    run->backend->get_sregs(cpu->vcpu, &sregs) < 0) {
		run_stop(run, STOP_ERROR, "cannot read registers: %s",
			 strerror(errno));
		return;
	}
	/* Only the runner's own stubs may report an exception: an OUT to
	 * the port from anywhere else would let a guest forge a fault. */
	if (!exception_stub_at(run, &sregs, regs.rip)) {
		run->regs = regs;
		run->sregs = sregs;
		run->have_regs = true;
		run_stop(run, STOP_UNHANDLED,
			 "guest wrote to the exception report port 0x%x from "
			 "rip 0x%" PRIx64 ", outside the runner's exception "
			 "stubs [0x%" PRIx64 ", 0x%" PRIx64 "): not an exception",
			 KVMKIT_PORT_EXCEPTION, regs.rip, run->layout.stubs,
			 (uint64_t)(run->layout.stubs + EXC_STUBS_SIZE));
		return;
	}
	struct fault_info *f = &run->fault;
	if (exception_frame_read(&run->mem, &regs, &sregs, f) < 0) {
		run_stop(run, STOP_UNHANDLED,
			 "guest wrote to the exception port 0x%x with no "
			 "readable exception frame at rsp 0x%" PRIx64,
			 KVMKIT_PORT_EXCEPTION, regs.rsp);
		return;
	}
	f->rip = exception_instruction(run, &sregs, f->vector, f->rip);
	regs.rip = f->rip;
	regs.rsp = f->rsp;
	regs.rflags = f->rflags;
	if (f->vector == 3 && run->is_debugger_breakpoint &&
	    run->is_debugger_breakpoint(run->debugger, f->rip - 1)) {
		/* A debugger's int3: back to the int3, the frame popped, as
		 * if KVM had intercepted it. */
		regs.rip = f->rip - 1;
		if (run->backend->set_regs(cpu->vcpu, &regs) < 0) {
			run_stop(run, STOP_ERROR, "cannot write registers: %s",
				 strerror(errno));
			return;
		}
		struct vm_exit e = { .kind = VM_EXIT_DEBUG };
		e.u.debug.vector = 3;
		e.u.debug.pc = regs.rip;
		debug_stop(run, cpu, &e);
		return;
	}
	/* The report decodes at CS: the faulting code's, not the stub's
	 * (they differ in real mode). */
	if (cpu_code_bits(&sregs) == 16) {
		sregs.cs.selector = (uint16_t)f->cs;
		sregs.cs.base = (f->cs & 0xffff) << 4;
	}
	run->regs = regs;
	run->sregs = sregs;
	run->have_regs = true;
	run_stop(run, STOP_EXCEPTION, "%s", "");
}

static void serve_io(struct run *run, struct run_cpu *cpu,
		     const struct vm_exit *e)
{
	uint16_t port = e->u.io.port;
	size_t bytes = (size_t)e->u.io.size * e->u.io.count;

	if (port == KVMKIT_PORT_CONSOLE) {
		count_exit(run, cpu, COUNT_CONSOLE);
		if (e->u.io.out) {
			console_put(&run->console, e->u.io.data, bytes);
		} else {
			/* Reading the Bochs debug port gives 0xE9: guests
			 * use it to detect the console. */
			memset(e->u.io.data, KVMKIT_PORT_CONSOLE, bytes);
		}
		return;
	}
	/* REP OUTS/INS to the hypercall or exception port would serve one
	 * call per element with the registers of a half-done instruction. */
	if ((port == KVMKIT_PORT_HYPERCALL || port == KVMKIT_PORT_EXCEPTION) &&
	    (e->u.io.count != 1 || string_io_exit(run, cpu))) {
		count_exit(run, cpu, COUNT_OTHER_IO);
		run_stop(run, STOP_UNHANDLED,
			 "guest used string I/O (%s) on port 0x%x, which takes "
			 "a single OUT", e->u.io.out ? "OUTS" : "INS", port);
		return;
	}
	if (port == KVMKIT_PORT_HYPERCALL && e->u.io.out) {
		count_exit(run, cpu, COUNT_HYPERCALL);
		serve_hypercall(run, cpu);
		return;
	}
	if (port == KVMKIT_PORT_EXCEPTION && e->u.io.out) {
		count_exit(run, cpu, COUNT_EXCEPTION);
		capture_exception(run, cpu);
		return;
	}
	count_exit(run, cpu, COUNT_OTHER_IO);
	uint64_t value = 0;
	if (e->u.io.out)
		memcpy(&value, e->u.io.data, e->u.io.size);
	if (e->u.io.out)
		run_stop(run, STOP_UNHANDLED,
			 "guest wrote 0x%" PRIx64 " to I/O port 0x%x (%u "
			 "byte%s%s); the runner serves ports 0x%x (console), "
			 "0x%x (hypercall) and 0x%x (exception report)",
			 value, port, e->u.io.size, e->u.io.size == 1 ? "" : "s",
			 e->u.io.count > 1 ? ", string I/O" : "",
			 KVMKIT_PORT_CONSOLE, KVMKIT_PORT_HYPERCALL,
			 KVMKIT_PORT_EXCEPTION);
	else
		run_stop(run, STOP_UNHANDLED,
			 "guest read %u byte%s from I/O port 0x%x, which has "
			 "no device", e->u.io.size, e->u.io.size == 1 ? "" : "s",
			 port);
}

static const char *internal_suberror_name(uint32_t sub)
{
	switch (sub) {
	case 1: return "emulation failure";
	case 2: return "simultaneous exceptions";
	case 3: return "delivery event failure";
	case 4: return "unexpected exit reason";
	default: return "unknown suberror";
	}
}

static void serve_exit(struct run *run, struct run_cpu *cpu,
		       const struct vm_exit *e)
{
	switch (e->kind) {
	case VM_EXIT_IO:
		serve_io(run, cpu, e);
		break;
	case VM_EXIT_HLT:
		count_exit(run, cpu, COUNT_HLT);
		run_stop(run, STOP_HALT, "guest executed HLT");
		break;
	case VM_EXIT_MMIO:
		count_exit(run, cpu, COUNT_MMIO);
		run_stop(run, STOP_UNHANDLED,
			 "guest %s %u byte%s at physical address 0x%" PRIx64
			 ", outside guest memory (which ends at 0x%" PRIx64
			 ") and with no device there",
			 e->u.mmio.write ? "wrote" : "read", e->u.mmio.len,
			 e->u.mmio.len == 1 ? "" : "s", e->u.mmio.addr,
			 run->mem.size);
		break;
	case VM_EXIT_SHUTDOWN:
		count_exit(run, cpu, COUNT_SHUTDOWN);
		run_stop(run, STOP_TRIPLE_FAULT,
			 "triple fault: an exception could not be delivered "
			 "(the guest replaced or broke the IDT, GDT or the "
			 "exception stack), and the CPU shut down. KVM has "
			 "reset the vCPU, so the registers no longer show "
			 "where this happened");
		break;
	case VM_EXIT_FAIL_ENTRY:
		count_exit(run, cpu, COUNT_FAIL_ENTRY);
		run_stop(run, STOP_UNHANDLED,
			 "the CPU refused to enter the guest (%s, hardware "
			 "entry failure reason 0x%" PRIx64 "): the initial "
			 "register state is invalid",
			 run->backend->raw_exit_name(e->raw_reason),
			 e->u.hardware_reason);
		break;
	case VM_EXIT_INTERNAL_ERROR:
		count_exit(run, cpu, COUNT_INTERNAL_ERROR);
		run_stop(run, STOP_UNHANDLED,
			 "%s: %s (suberror %u)",
			 run->backend->raw_exit_name(e->raw_reason),
			 internal_suberror_name(e->u.suberror), e->u.suberror);
		break;
	case VM_EXIT_INTERRUPTED:
		count_exit(run, cpu, COUNT_INTERRUPTED);
		if (run_deadline_passed(run))
			run_stop(run, STOP_TIMEOUT,
				 "guest still running after --timeout %g s",
				 run->opt->timeout);
		break;
	case VM_EXIT_DEBUG:
		/* a debugger's stop: counted with the other kicks out */
		count_exit(run, cpu, COUNT_INTERRUPTED);
		debug_stop(run, cpu, e);
		break;
	case VM_EXIT_OTHER:
		count_exit(run, cpu, COUNT_OTHER);
		run_stop(run, STOP_UNHANDLED, "unhandled VM exit %s (%u)",
			 run->backend->raw_exit_name(e->raw_reason),
			 e->raw_reason);
		break;
	}
}

bool run_deadline_passed(const struct run *run)
{
	return run->deadline > 0 && monotonic_seconds() >= run->deadline;
}

/* Console output the guest still held in its buffer when it stopped
 * (struct kvmkit_bootinfo, console_buf_at/console_len_at): written out
 * before the report. Every address and the length come from the guest and
 * are checked; anything off is ignored. */
static void write_guest_pending_output(struct run *run)
{
	const struct kvmkit_bootinfo *info =
		guest_ptr(&run->mem, KVMKIT_BOOTINFO_ADDR, sizeof(*info));
	uint64_t buf, len;
	const void *p_buf = guest_ptr(&run->mem, info->console_buf_at, 8);
	const void *p_len = guest_ptr(&run->mem, info->console_len_at, 8);
	if (!info->console_buf_at || !p_buf || !p_len)
		return;
	memcpy(&buf, p_buf, 8);
	memcpy(&len, p_len, 8);
	const void *bytes = guest_ptr(&run->mem, buf, len);
	if (len == 0 || len > KVMKIT_CONSOLE_PENDING_MAX || !bytes)
		return;
	console_write(&run->console, bytes, (size_t)len);
}

/* A termination signal ends the run (stop_signal.h). */
static bool stop_on_signal(struct run *run)
{
	int sig = stop_signal_received();
	if (!sig || run->stop != STOP_NONE)
		return run->stop != STOP_NONE;
	run->signal = sig;
	run_stop(run, STOP_SIGNAL, "killed by signal %d (%s)", sig,
		 sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP"
		 : sig == SIGINT ? "SIGINT" : "?");
	return true;
}

/* The guest has stopped: what the report needs from the machine. Every
 * CPU is out of the guest by now. */
static void collect_stop_state(struct run *run)
{
	struct run_cpu *cpu = &run->cpus[run->stop_cpu];
	run->stop_time = monotonic_seconds();
	write_guest_pending_output(run);
	console_flush(&run->console);

	/* Registers at the stop, for the report. After a triple fault they
	 * are the reset values, so they are not kept. */
	if (!run->have_regs && run->stop != STOP_TRIPLE_FAULT &&
	    run->backend->get_regs(cpu->vcpu, &run->regs) == 0 &&
	    run->backend->get_sregs(cpu->vcpu, &run->sregs) == 0)
		run->have_regs = true;

	uint64_t slot = 0;
	const void *p = guest_ptr(&run->mem, KVMKIT_RESULT_ADDR, 8);
	memcpy(&slot, p, run->result_size);
	run->result = slot;
}

/* The earlier of two CLOCK_MONOTONIC times, where 0 means none. */
static double earlier(double a, double b)
{
	if (a <= 0)
		return b;
	if (b <= 0)
		return a;
	return a < b ? a : b;
}

void run_cpu_loop(struct run *run, struct run_cpu *cpu, double until)
{
	serving_cpu = cpu;
	bool slice_over = false;
	while (!run_stopped(run) && !slice_over && !run_debug_stopped(run) &&
	       (cpu->id == 0 || smp_may_run(run, cpu))) {
		if (stop_signal_received()) {
			pthread_mutex_lock(&run->lock);
			stop_on_signal(run);
			if (run->smp)
				smp_kick_others(run, cpu);
			pthread_mutex_unlock(&run->lock);
			break;
		}
		struct vm_exit e;
		int rc = run->backend->run(cpu->vcpu, &e);
		int err = errno;
		pthread_mutex_lock(&run->lock);
		if (rc < 0) {
			run_stop(run, STOP_ERROR, "KVM_RUN failed on CPU %u: %s",
				 cpu->id, strerror(err));
		} else {
			run->total_exits++;
			cpu->total_exits++;
			serve_exit(run, cpu, &e);
			/* A host wait (stdin, a stalled stdout) may have used
			 * up the time: end the run here rather than at the
			 * next kick. */
			if (run->stop == STOP_NONE && run->deadline > 0 &&
			    run_deadline_passed(run))
				run_stop(run, STOP_TIMEOUT,
					 "guest still running after --timeout %g s",
					 run->opt->timeout);
			stop_on_signal(run);
			if (run->opt->trace)
				trace_exit(run, &e);
		}
		/* The first CPU to stop the run tells the others. */
		if (run->smp && run_stopped(run) && run->stop_cpu == cpu->id)
			smp_kick_others(run, cpu);
		pthread_mutex_unlock(&run->lock);
		if (rc < 0)
			break;
		slice_over = e.kind == VM_EXIT_INTERRUPTED && until > 0 &&
			     monotonic_seconds() >= until;
	}
}

/* A debugger steps another CPU and holds CPU 0: its thread only waits,
 * still answering termination signals and --timeout. */
static void wait_held(struct run *run, struct run_cpu *cpu, double until)
{
	serving_cpu = cpu;
	while (!run_stopped(run) && !run_debug_stopped(run) &&
	       (until <= 0 || monotonic_seconds() < until)) {
		pthread_mutex_lock(&run->lock);
		if (!stop_on_signal(run) && run_deadline_passed(run))
			run_stop(run, STOP_TIMEOUT,
				 "guest still running after --timeout %g s",
				 run->opt->timeout);
		if (run_stopped(run))
			smp_kick_others(run, cpu);
		pthread_mutex_unlock(&run->lock);
		smp_wait(run, until);
	}
}

/* CPU 0's kick timer must belong to the thread that runs it now: needed
 * for --timeout, for time slices, and for other CPUs to stop it. */
static int own_timer(struct run *run, struct run_cpu *cpu, bool needed)
{
	pid_t tid = gettid();
	if (cpu->timer && cpu->timer_tid == tid)
		return 0;
	if (!needed)
		return 0;
	char err[256];
	pthread_mutex_lock(&run->lock);
	kick_timer_destroy(cpu->timer);
	cpu->timer = kick_timer_create(run->backend, cpu->vcpu, err,
				       sizeof(err));
	cpu->timer_tid = tid;
	if (!cpu->timer)
		run_stop(run, STOP_ERROR, "%s", err);
	pthread_mutex_unlock(&run->lock);
	return cpu->timer ? 0 : -1;
}

bool run_for(struct run *run, double until)
{
	struct run_cpu *cpu = &run->cpus[0];
	if (run_stopped(run)) {
		/* stopped from outside the loop (a debugger's kill) */
		if (run->stop_time == 0)
			collect_stop_state(run);
		return true;
	}
	/* The debugger resumes: every CPU's last stop is served. */
	for (unsigned i = 0; i < run->ncpus; i++)
		run->cpus[i].debug_stop = false;
	__atomic_store_n(&run->debug_stopped, false, __ATOMIC_RELEASE);
	double kick_at = earlier(run->deadline, until);
	if (own_timer(run, cpu, kick_at > 0 || run->smp) == 0 && cpu->timer &&
	    kick_timer_arm(cpu->timer, kick_at) < 0)
		run_stop(run, STOP_ERROR, "cannot arm the timer: %s",
			 strerror(errno));

	smp_resume(run);
	if (cpu->held && run->smp)
		wait_held(run, cpu, until);
	else
		run_cpu_loop(run, cpu, until);
	smp_pause(run);
	if (cpu->timer)
		kick_timer_arm(cpu->timer, 0);
	if (!run_stopped(run))
		return false;
	collect_stop_state(run);
	return true;
}

void run_cancel(struct run *run, const char *why)
{
	if (run->stop != STOP_NONE)
		return;
	run_stop(run, STOP_CANCELLED, "%s", why);
	collect_stop_state(run);
}

int run_exit_status(const struct run *run)
{
	switch (run->stop) {
	case STOP_HALT:
		if (run->opt->have_expect && run->result != run->expect)
			return EXIT_STATUS_MISMATCH;
		if (run->opt->have_expect_ax &&
		    run_accumulator(run) != run_expect_ax(run))
			return EXIT_STATUS_MISMATCH;
		if (run->opt->status_from_result)
			return (int)(run->result & 0xff);
		return EXIT_STATUS_OK;
	case STOP_EXIT:
	case STOP_ABORT:
		return run->guest_status & 0xff;
	case STOP_EXCEPTION:
	case STOP_TRIPLE_FAULT:
		return EXIT_STATUS_GUEST_FAULT;
	case STOP_UNHANDLED:
		return EXIT_STATUS_UNHANDLED;
	case STOP_TIMEOUT:
	case STOP_CANCELLED:
		return EXIT_STATUS_TIMEOUT;
	case STOP_SIGNAL:
		return 128 + run->signal;
	case STOP_KILLED:
		return EXIT_STATUS_KILLED;
	case STOP_NONE:
	case STOP_ERROR:
		break;
	}
	return EXIT_STATUS_RUNNER_ERROR;
}

const char *stop_reason_name(enum stop_reason why)
{
	switch (why) {
	case STOP_NONE: return "running";
	case STOP_HALT: return "halted";
	case STOP_EXIT: return "exit";
	case STOP_ABORT: return "abort";
	case STOP_EXCEPTION: return "exception";
	case STOP_TRIPLE_FAULT: return "triple-fault";
	case STOP_UNHANDLED: return "unhandled-exit";
	case STOP_TIMEOUT: return "timeout";
	case STOP_ERROR: return "runner-error";
	case STOP_SIGNAL: return "signal";
	case STOP_KILLED: return "killed";
	case STOP_CANCELLED: return "cancelled";
	}
	return "unknown";
}

const char *exit_counter_name(enum exit_counter c)
{
	static const char *const names[COUNT_KINDS] = {
		[COUNT_CONSOLE] = "console_io",
		[COUNT_HYPERCALL] = "hypercall",
		[COUNT_EXCEPTION] = "exception",
		[COUNT_OTHER_IO] = "other_io",
		[COUNT_HLT] = "hlt",
		[COUNT_MMIO] = "mmio",
		[COUNT_SHUTDOWN] = "shutdown",
		[COUNT_FAIL_ENTRY] = "fail_entry",
		[COUNT_INTERNAL_ERROR] = "internal_error",
		[COUNT_INTERRUPTED] = "interrupted",
		[COUNT_OTHER] = "other",
	};
	return c < COUNT_KINDS ? names[c] : "unknown";
}
