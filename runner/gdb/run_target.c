/*
 * The gdb target over a run: registers and memory of its vCPUs, and
 * breakpoints, watchpoints and stepping through the backend's
 * set_guest_debug(). Faults the runner's IDT stubs report stop in gdb at
 * the faulting instruction with the frame the CPU pushed restored.
 */
#include "gdb/run_target.h"

#include <cpuid.h>
#include <errno.h>
#include <inttypes.h>
#include <kvmkit/abi.h>
#include <signal.h>
#include <string.h>

#include "gdb/conn.h"
#include "gdb/fpu_regs.h"
#include "gdb/regs.h"
#include "gdb/stub.h"
#include "machine_setup.h"
#include "paging.h"
#include "report.h"
#include "run.h"
#include "stop_signal.h"

#define MAX_SW_BREAKPOINTS 64
#define INT3 0xcc
/* How often a running guest is paused to look for gdb's Ctrl-C. */
#define SLICE_SECONDS 0.05

enum { SIGINT_ = 2, SIGILL_ = 4, SIGTRAP_ = 5, SIGBUS_ = 7, SIGFPE_ = 8,
       SIGSEGV_ = 11 }; /* gdb's signal numbers, not the host's */

struct run_target {
	struct run *run;
	struct {
		bool used;
		uint64_t addr;
		uint8_t saved; /* the byte the int3 replaced */
	} sw[MAX_SW_BREAKPOINTS];
	struct {
		bool used;
		enum gdb_bp_type type;
		uint64_t addr, len;
	} hw[4];
	/* The CPU does not honour debug registers for a guest (see
	 * debugregs_unreliable()): watch and hardware breakpoints are then
	 * checked after every instruction, single-stepping. */
	bool soft_debugregs;
	uint64_t watched[4];  /* soft mode: the watched bytes at resume    */
	bool fault_reported;  /* the run's fault was shown as a signal  */
	bool inject_bp;       /* hand a guest's own int3 to the guest    */
	unsigned inject_cpu;  /* ... of this CPU                         */
	/* Registers of CPU cached_cpu, read once per stop. */
	bool cached;
	unsigned cached_cpu;
	struct vm_regs regs;
	struct vm_sregs sregs;
	bool fpu_cached;      /* x87/SSE too, read when gdb asks for them */
	struct vm_fpu fpu;
};

/* gdb's thread cpu + 1 is vCPU cpu (the stub checks the range). */
static struct run_cpu *cpu_of(struct run_target *t, unsigned cpu)
{
	return &t->run->cpus[cpu < t->run->ncpus ? cpu : 0];
}

static unsigned cpus(void *ctx)
{
	struct run_target *t = ctx;
	return t->run->ncpus;
}

static int load(struct run_target *t, unsigned cpu)
{
	if (t->cached && t->cached_cpu == cpu)
		return 0;
	const struct vm_backend *b = t->run->backend;
	struct vcpu *v = cpu_of(t, cpu)->vcpu;
	t->cached = false;
	if (b->get_regs(v, &t->regs) < 0 || b->get_sregs(v, &t->sregs) < 0)
		return -1;
	t->cached = true;
	t->cached_cpu = cpu;
	t->fpu_cached = false;
	return 0;
}

static int load_fpu(struct run_target *t, unsigned cpu)
{
	if (load(t, cpu) < 0)
		return -1;
	if (!t->fpu_cached &&
	    t->run->backend->get_fpu(cpu_of(t, cpu)->vcpu, &t->fpu) < 0)
		return -1;
	t->fpu_cached = true;
	return 0;
}

static void put(uint8_t *val, uint64_t v, size_t size)
{
	memset(val, 0, size);
	memcpy(val, &v, size < 8 ? size : 8);
}

static int read_reg(void *ctx, unsigned cpu, unsigned r, uint8_t *val)
{
	struct run_target *t = ctx;
	size_t size = gdb_reg_size(r);
	if (!size || load(t, cpu) < 0)
		return -1;
	if (gdb_fpu_reg(r)) {
		if (load_fpu(t, cpu) < 0)
			return -1;
		gdb_fpu_read(&t->fpu, r, val);
		return 0;
	}
	const struct vm_regs *g = &t->regs;
	const struct vm_sregs *s = &t->sregs;
	const uint64_t gprs[16] = { g->rax, g->rbx, g->rcx, g->rdx, g->rsi,
				    g->rdi, g->rbp, g->rsp, g->r8, g->r9,
				    g->r10, g->r11, g->r12, g->r13, g->r14,
				    g->r15 };
	const struct vm_segment *segs[6] = { &s->cs, &s->ss, &s->ds,
					     &s->es, &s->fs, &s->gs };
	if (r < 16)
		put(val, gprs[r], size);
	else if (r == GDB_RIP)
		put(val, g->rip, size);
	else if (r == GDB_EFLAGS)
		put(val, g->rflags, size);
	else if (r >= GDB_CS && r <= GDB_GS)
		put(val, segs[r - GDB_CS]->selector, size);
	else if (r == GDB_FS_BASE)
		put(val, s->fs.base, size);
	else if (r == GDB_GS_BASE)
		put(val, s->gs.base, size);
	else if (r == GDB_CR0)
		put(val, s->cr0, size);
	else if (r == GDB_CR2)
		put(val, s->cr2, size);
	else if (r == GDB_CR3)
		put(val, s->cr3, size);
	else if (r == GDB_CR4)
		put(val, s->cr4, size);
	else if (r == GDB_CR8)
		put(val, s->cr8, size);
	else if (r == GDB_EFER)
		put(val, s->efer, size);
	else
		put(val, 0, size);
	return 0;
}

static int write_reg(void *ctx, unsigned cpu, unsigned r, const uint8_t *val)
{
	struct run_target *t = ctx;
	size_t size = gdb_reg_size(r);
	uint64_t v = 0;
	if (!size || load(t, cpu) < 0)
		return -1;
	if (gdb_fpu_reg(r)) {
		if (load_fpu(t, cpu) < 0 || gdb_fpu_write(&t->fpu, r, val) < 0)
			return -1;
		if (t->run->backend->set_fpu(cpu_of(t, cpu)->vcpu, &t->fpu) < 0) {
			t->cached = false;
			return -1;
		}
		return 0;
	}
	memcpy(&v, val, size < 8 ? size : 8);
	struct vm_regs *g = &t->regs;
	struct vm_sregs *s = &t->sregs;
	uint64_t *gprs[16] = { &g->rax, &g->rbx, &g->rcx, &g->rdx, &g->rsi,
			       &g->rdi, &g->rbp, &g->rsp, &g->r8, &g->r9,
			       &g->r10, &g->r11, &g->r12, &g->r13, &g->r14,
			       &g->r15 };
	bool sreg = false;
	if (r < 16)
		*gprs[r] = v;
	else if (r == GDB_RIP)
		g->rip = v;
	else if (r == GDB_EFLAGS)
		g->rflags = (g->rflags & ~0xffffffffull) | (v & 0xffffffffull);
	else if (r == GDB_FS_BASE)
		s->fs.base = v, sreg = true;
	else if (r == GDB_GS_BASE)
		s->gs.base = v, sreg = true;
	else if (r == GDB_CR0)
		s->cr0 = v, sreg = true;
	else if (r == GDB_CR2)
		s->cr2 = v, sreg = true;
	else if (r == GDB_CR3)
		s->cr3 = v, sreg = true;
	else if (r == GDB_CR4)
		s->cr4 = v, sreg = true;
	else if (r == GDB_CR8)
		s->cr8 = v, sreg = true;
	else if (r == GDB_EFER)
		s->efer = v, sreg = true;
	else
		return 0; /* selectors: not written (docs/debugging.md) */
	const struct vm_backend *b = t->run->backend;
	struct vcpu *vc = cpu_of(t, cpu)->vcpu;
	int rc = sreg ? b->set_sregs(vc, s) : b->set_regs(vc, g);
	if (rc < 0)
		t->cached = false;
	return rc;
}

/* Guest virtual to host pointer, at most to the end of the page. */
static uint8_t *map(struct run_target *t, uint64_t va, size_t *room)
{
	struct translation tr;
	uint64_t pa = va, page = 4096;
	if (t->sregs.cr0 & CR0_PG) {
		if (paging_translate(&t->run->mem, t->sregs.cr3, va, &tr) < 0)
			return NULL;
		pa = tr.phys;
		page = tr.page_size;
	}
	*room = page - (va & (page - 1));
	return guest_ptr(&t->run->mem, pa, 1);
}

static size_t access_mem(struct run_target *t, unsigned cpu, uint64_t addr,
			 void *buf, const void *src, size_t len)
{
	size_t done = 0;
	if (load(t, cpu) < 0)
		return 0;
	while (done < len) {
		size_t room;
		uint8_t *p = map(t, addr + done, &room);
		if (!p)
			break;
		size_t n = len - done < room ? len - done : room;
		/* the page may end beyond guest memory: check the range */
		uint64_t pa_off = (uint64_t)(p - t->run->mem.host);
		if (!guest_range_ok(&t->run->mem, pa_off, n))
			n = (size_t)(t->run->mem.size - pa_off);
		if (src)
			memcpy(p, (const uint8_t *)src + done, n);
		else
			memcpy((uint8_t *)buf + done, p, n);
		done += n;
		if (addr + done < addr)
			break; /* wrapped around the address space */
	}
	return done;
}

static size_t read_mem(void *ctx, unsigned cpu, uint64_t addr, void *buf,
		       size_t len)
{
	return access_mem(ctx, cpu, addr, buf, NULL, len);
}

static size_t write_mem(void *ctx, unsigned cpu, uint64_t addr,
			const void *buf, size_t len)
{
	return access_mem(ctx, cpu, addr, NULL, buf, len);
}

static int sw_breakpoint(struct run_target *t, uint64_t addr, bool insert)
{
	int free_slot = -1;
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++) {
		if (t->sw[i].used && t->sw[i].addr == addr) {
			if (insert)
				return 0;
			t->sw[i].used = false;
			return write_mem(t, 0, addr, &t->sw[i].saved, 1) == 1 ? 0 : -1;
		}
		if (!t->sw[i].used && free_slot < 0)
			free_slot = i;
	}
	if (!insert)
		return 0;
	if (free_slot < 0)
		return -1;
	uint8_t saved, int3 = INT3;
	if (read_mem(t, 0, addr, &saved, 1) != 1 ||
	    write_mem(t, 0, addr, &int3, 1) != 1)
		return -1;
	t->sw[free_slot].used = true;
	t->sw[free_slot].addr = addr;
	t->sw[free_slot].saved = saved;
	return 0;
}

static int hw_breakpoint(struct run_target *t, enum gdb_bp_type type,
			 uint64_t addr, uint64_t len, bool insert)
{
	if (type == GDB_BP_HW)
		len = 1;
	if (len != 1 && len != 2 && len != 4 && len != 8)
		return -1;
	if (addr & (len - 1))
		return -1; /* the debug registers need aligned ranges */
	int free_slot = -1;
	for (int i = 0; i < 4; i++) {
		if (t->hw[i].used && t->hw[i].type == type &&
		    t->hw[i].addr == addr && t->hw[i].len == len) {
			if (!insert)
				t->hw[i].used = false;
			return 0;
		}
		if (!t->hw[i].used && free_slot < 0)
			free_slot = i;
	}
	if (!insert)
		return 0;
	if (free_slot < 0)
		return -1;
	t->hw[free_slot].used = true;
	t->hw[free_slot].type = type;
	t->hw[free_slot].addr = addr;
	t->hw[free_slot].len = len;
	return 0;
}

static int breakpoint(void *ctx, enum gdb_bp_type type, uint64_t addr,
		      uint64_t kind, bool insert)
{
	struct run_target *t = ctx;
	if (type == GDB_BP_SW)
		return sw_breakpoint(t, addr, insert);
	return hw_breakpoint(t, type, addr, kind, insert);
}

/*
 * qemu's TCG, emulating AMD SVM for nested KVM (what tests/vm gives where
 * there is no hardware KVM), loads a guest's DR7 without arming it, so
 * debug registers never fire there. It names itself in the hypervisor
 * CPUID leaf. Real CPUs, Intel and AMD, and KVM on KVM honour them.
 */
static bool debugregs_unreliable(void)
{
	unsigned a, b, c, d;
	__cpuid(1, a, b, c, d);
	if (!(c & (1u << 31))) /* no hypervisor */
		return false;
	__cpuid(0x40000000, a, b, c, d);
	char vendor[13];
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &c, 4);
	memcpy(vendor + 8, &d, 4);
	vendor[12] = 0;
	return !strcmp(vendor, "TCGTCGTCGTCG");
}

static bool any_hw(const struct run_target *t)
{
	for (int i = 0; i < 4; i++)
		if (t->hw[i].used)
			return true;
	return false;
}

/* Soft mode: remember the watched bytes before the guest runs. */
static void snapshot_watched(struct run_target *t, unsigned cpu)
{
	for (int i = 0; i < 4; i++) {
		t->watched[i] = 0;
		if (t->hw[i].used && t->hw[i].type != GDB_BP_HW)
			read_mem(t, cpu, t->hw[i].addr, &t->watched[i],
				 t->hw[i].len);
	}
}

/* Soft mode, after one instruction: which slot fired, or -1. A watch
 * fires when the bytes changed (a write of the same value is not seen;
 * read watchpoints need real debug registers). */
static int soft_hit(struct run_target *t, unsigned cpu, uint64_t pc)
{
	for (int i = 0; i < 4; i++) {
		if (!t->hw[i].used)
			continue;
		if (t->hw[i].type == GDB_BP_HW) {
			if (pc == t->hw[i].addr)
				return i;
			continue;
		}
		uint64_t now = 0;
		read_mem(t, cpu, t->hw[i].addr, &now, t->hw[i].len);
		if (now != t->watched[i]) {
			t->watched[i] = now;
			return i;
		}
	}
	return -1;
}

/* One vCPU's debug state: breakpoints and the debug registers for the
 * hardware slots in use are the same on every CPU; step and inject are
 * this CPU's. */
static void debug_state(struct run_target *t, bool step, bool inject,
			struct vm_debug *d)
{
	memset(d, 0, sizeof(*d));
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		d->sw_breakpoints |= t->sw[i].used;
	for (int i = 0; i < 4; i++) {
		if (!t->hw[i].used)
			continue;
		/* DR7: L<i> enable, R/W<i> (00 exec, 01 write, 11 read or
		 * write: x86 has no read-only watch), LEN<i> (00 1, 01 2,
		 * 11 4, 10 8 bytes). */
		uint64_t rw = t->hw[i].type == GDB_BP_HW ? 0 :
			      t->hw[i].type == GDB_WP_WRITE ? 1 : 3;
		uint64_t len = t->hw[i].len == 1 ? 0 : t->hw[i].len == 2 ? 1 :
			       t->hw[i].len == 4 ? 3 : 2;
		d->addr[i] = t->hw[i].addr;
		d->dr7 |= (1ull << (2 * i)) | (rw << (16 + 4 * i)) |
			  (len << (18 + 4 * i));
		d->hw_breakpoints = true;
	}
	if (t->soft_debugregs) {
		d->hw_breakpoints = false;
		d->dr7 = 0;
		step = step || any_hw(t);
	}
	d->single_step = step;
	d->inject_breakpoint = inject;
	d->enable = step || d->sw_breakpoints || d->hw_breakpoints ||
		    d->inject_breakpoint;
}

/* Give every vCPU its debug state; step: single-step CPU `cpu`, and hold
 * the others out of the guest meanwhile, as gdb expects when it steps
 * one thread over a breakpoint (only that thread may report). A CPU not
 * started yet cannot step: then the others run, and one of them may
 * start it. */
static int arm_cpus(struct run_target *t, unsigned cpu, bool step)
{
	struct run *run = t->run;
	bool alone = step && cpu_of(t, cpu)->state == CPU_RUNNING;
	for (unsigned i = 0; i < run->ncpus; i++) {
		struct vm_debug d;
		run->cpus[i].held = alone && i != cpu;
		debug_state(t, step && i == cpu,
			    t->inject_bp && i == t->inject_cpu, &d);
		if (run->backend->set_guest_debug(run->cpus[i].vcpu, &d) < 0)
			return -1;
	}
	t->inject_bp = false;
	return 0;
}

/* The CPU a debugger's stop holds: `cpu` (the one resumed or stepped)
 * if it has one, else the first that has; NULL if none. */
static struct run_cpu *debug_stopped_cpu(struct run_target *t, unsigned cpu)
{
	struct run *run = t->run;
	if (cpu_of(t, cpu)->debug_stop)
		return cpu_of(t, cpu);
	for (unsigned i = 0; i < run->ncpus; i++)
		if (run->cpus[i].debug_stop)
			return &run->cpus[i];
	return NULL;
}

static int fault_signal(unsigned vector)
{
	switch (vector) {
	case 0: case 16: case 19: return SIGFPE_;   /* #DE, #MF, #XM */
	case 1: case 3: return SIGTRAP_;            /* #DB, #BP      */
	case 6: return SIGILL_;                     /* #UD           */
	case 17: return SIGBUS_;                    /* #AC           */
	default: return SIGSEGV_;                   /* #GP, #PF, ... */
	}
}

static bool is_sw_breakpoint(const struct run_target *t, uint64_t addr)
{
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		if (t->sw[i].used && t->sw[i].addr == addr)
			return true;
	return false;
}

static bool claims_breakpoint(void *ctx, uint64_t addr)
{
	return is_sw_breakpoint(ctx, addr);
}

static bool in_exception_stubs(uint64_t rip)
{
	return rip >= KVMKIT_EXC_STUBS_ADDR &&
	       rip < KVMKIT_EXC_STUBS_ADDR + 256 * KVMKIT_EXC_STUB_SIZE;
}

/* The run has stopped for good: a fault is shown once as a signal, at the
 * faulting instruction; anything else (or resuming after that) ends the
 * session with the runner's exit status. */
static void guest_stopped(struct run_target *t, struct gdb_stop *stop)
{
	struct run *run = t->run;
	if (run->stop == STOP_EXCEPTION && !t->fault_reported && run->have_regs) {
		t->fault_reported = true;
		/* capture_exception() restored rip, rsp and rflags from the
		 * frame the CPU pushed: put the CPU back there, so that gdb
		 * unwinds the guest's own stack. */
		run->backend->set_regs(run->cpus[run->stop_cpu].vcpu,
				       &run->regs);
		stop->cpu = run->stop_cpu;
		stop->signal = fault_signal(run->fault.vector);
		return;
	}
	stop->exited = true;
	stop->status = run_exit_status(run);
	/* gdb answers "W" by closing the pipe of "target remote | runner
	 * --gdb -" and sending SIGTERM: that must not cut the report short. */
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGHUP);
	sigprocmask(SIG_BLOCK, &term, NULL);
}

static void resume(void *ctx, unsigned cpu, bool step,
		   bool (*interrupted)(void *), void *arg,
		   struct gdb_stop *stop)
{
	struct run_target *t = ctx;
	struct run *run = t->run;
	memset(stop, 0, sizeof(*stop));
	stop->cpu = cpu;
	stop->signal = SIGTRAP_;
	t->cached = false;
	if (run->stop != STOP_NONE) {
		guest_stopped(t, stop);
		return;
	}
	bool soft = t->soft_debugregs && any_hw(t);
	if (soft)
		snapshot_watched(t, cpu);
	for (;;) {
		if (arm_cpus(t, cpu, step) < 0) {
			run_stop(run, STOP_ERROR, "KVM_SET_GUEST_DEBUG: %s",
				 strerror(errno));
			run_for(run, 0);
			guest_stopped(t, stop);
			return;
		}
		/* All-stop: whichever CPU stops, all of them are out of the
		 * guest when run_for() returns. */
		bool ended;
		struct run_cpu *c = NULL;
		while (!(ended = run_for(run, monotonic_seconds() + SLICE_SECONDS)) &&
		       !(c = debug_stopped_cpu(t, cpu))) {
			if (interrupted(arg)) {
				stop->signal = SIGINT_;
				return;
			}
		}
		if (ended) {
			guest_stopped(t, stop);
			return;
		}
		stop->cpu = c->id;
		/* only the CPU gdb stepped ends a step */
		bool stepped = step && c->id == cpu;
		const struct vm_exit *e = &c->debug_exit;
		if (e->u.debug.vector == 3) {
			if (is_sw_breakpoint(t, e->u.debug.pc)) {
				stop->reason = "swbreak";
				return;
			}
			/* The guest's own int3: it goes to the guest's IDT,
			 * which reports it as without gdb. */
			t->inject_bp = true;
			t->inject_cpu = c->id;
			continue;
		}
		uint64_t dr6 = e->u.debug.dr6;
		if (soft) {
			/* the slot that fired, as a DR6 B<i> bit */
			t->cached = false;
			int i = soft_hit(t, c->id, e->u.debug.pc);
			dr6 = i >= 0 ? 1ull << i : 0;
			if (i < 0 && !stepped) {
				if (interrupted(arg)) {
					stop->signal = SIGINT_;
					return;
				}
				continue;
			}
		}
		for (int i = 0; i < 4; i++) {
			if (!(dr6 & (1ull << i)) || !t->hw[i].used)
				continue;
			switch (t->hw[i].type) {
			case GDB_BP_HW: stop->reason = "hwbreak"; break;
			case GDB_WP_WRITE: stop->reason = "watch"; break;
			case GDB_WP_READ: stop->reason = "rwatch"; break;
			default: stop->reason = "awatch"; break;
			}
			stop->addr = t->hw[i].addr;
			return;
		}
		/* A step that entered the runner's exception stubs: step on
		 * until the stub reports the fault. */
		if (stepped && in_exception_stubs(e->u.debug.pc))
			continue;
		/* Another CPU's stop that is not gdb's business (a step of
		 * a CPU gdb did not step, in soft mode): go on. */
		if (step && !stepped) {
			if (interrupted(arg)) {
				stop->signal = SIGINT_;
				return;
			}
			continue;
		}
		return;
	}
}

static void monitor(void *ctx, const char *cmd, FILE *out)
{
	struct run_target *t = ctx;
	struct run *run = t->run;
	if (!strcmp(cmd, "exits")) {
		fprintf(out, "exits: %" PRIu64 "\n", run->total_exits);
		for (int c = 0; c < COUNT_KINDS; c++)
			if (run->exits[c])
				fprintf(out, "  %-15s %" PRIu64 "\n",
					exit_counter_name(c), run->exits[c]);
	} else if (!strcmp(cmd, "report")) {
		/* the report as of now: time up to now, "running" */
		struct run now = *run;
		if (now.stop == STOP_NONE)
			now.stop_time = monotonic_seconds();
		report_text(out, &now);
	} else {
		fprintf(out, "kvmkit runner monitor commands:\n"
			     "  monitor exits    VM exits so far, by kind\n"
			     "  monitor report   the run report as it would be now\n");
	}
}

static void kill_guest(void *ctx)
{
	struct run_target *t = ctx;
	run_stop(t->run, STOP_KILLED, "gdb killed the guest");
	run_for(t->run, 0); /* collects the stop state for the report */
}

static void detach(void *ctx)
{
	struct run_target *t = ctx;
	struct vm_debug off;
	for (int i = 0; i < MAX_SW_BREAKPOINTS; i++)
		if (t->sw[i].used)
			sw_breakpoint(t, t->sw[i].addr, false);
	memset(t->hw, 0, sizeof(t->hw));
	memset(&off, 0, sizeof(off));
	for (unsigned i = 0; i < t->run->ncpus; i++) {
		t->run->cpus[i].held = false;
		t->run->backend->set_guest_debug(t->run->cpus[i].vcpu, &off);
	}
	/* gdb let it go: it runs to its end, as without --gdb */
	if (t->run->stop == STOP_NONE)
		run_for(t->run, 0);
}

/* A termination signal while gdb holds the guest stopped ends the run as
 * it would without gdb (stopped by the signal, exit status 128 + N). */
static bool host_stop(void *ctx)
{
	struct run_target *t = ctx;
	if (!stop_signal_received())
		return false;
	run_for(t->run, 0); /* stops at once, on the signal */
	return true;
}

int gdb_debug_connect(struct run *run, struct gdb_conn *conn, char *err,
		      size_t errlen)
{
	if (gdb_connect(run->opt->gdb, &conn->in, &conn->out, err, errlen) == 0)
		return 0;
	if (!stop_signal_received())
		return -1;
	/* Ctrl-C while waiting for gdb: the run ends on it (serve) */
	conn->in = conn->out = -1;
	return 0;
}

void gdb_debug_serve(struct run *run, struct gdb_conn *conn)
{
	int in = conn->in, out = conn->out;
	if (in < 0) {
		run_for(run, 0); /* stops at once, on the signal */
		return;
	}
	struct run_target t;
	memset(&t, 0, sizeof(t));
	t.run = run;
	t.soft_debugregs = debugregs_unreliable();
	run->is_debugger_breakpoint = claims_breakpoint;
	run->debugger = &t;
	const struct gdb_target target = {
		.ctx = &t, .cpus = cpus, .read_reg = read_reg,
		.write_reg = write_reg, .read_mem = read_mem,
		.write_mem = write_mem, .breakpoint = breakpoint,
		.resume = resume, .monitor = monitor, .kill = kill_guest,
		.detach = detach, .host_stop = host_stop,
	};
	struct gdb_stub stub;
	gdb_stub_init(&stub, &target, in, out);
	gdb_stub_serve(&stub);
	gdb_disconnect(in, out);
	run->is_debugger_breakpoint = NULL;
	run->debugger = NULL;
	/* gdb left without ending the run (it cannot, but be sure) */
	if (run->stop == STOP_NONE)
		kill_guest(&t);
}
