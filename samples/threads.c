/*
 * threads: a preemptive round-robin scheduler, the first lab on
 * scheduling.
 *
 * Three threads (A, B, C) each have a stack and a saved struct
 * kvmkit_frame. The APIC timer interrupts every 10 ms; the handler saves
 * the interrupted thread's frame (all its registers and its x87/SSE
 * state), picks the next thread that has not finished and copies that
 * thread's frame over the one it returns to. So a thread never yields:
 * it is preempted. Each one prints a line per time slice, then spins
 * until the timer takes the CPU away, so the lines come in turn:
 *
 *   thread A: step 0
 *   thread B: step 0
 *   thread C: step 0
 *   thread A: step 1
 *   ...
 *
 * main() is the idle thread: it sleeps in HLT until every thread has
 * finished, and returns the number of lines printed (12).
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 3
#define STEPS 4
#define STACK_SIZE 16384
#define TIMER_VECTOR 32
#define SLICE_US 10000

struct thread {
	struct kvmkit_frame frame; /* saved while it does not run */
	volatile int finished;
	_Alignas(16) char stack[STACK_SIZE];
};

/* threads[NTHREADS] is main, the idle thread. */
static struct thread threads[NTHREADS + 1];
static int current = NTHREADS;
static volatile unsigned switches;
static volatile int lines;
/* The running thread has printed its line for this turn. */
static volatile int turn_used;

static void on_tick(struct kvmkit_frame *frame)
{
	kvmkit_eoi();
	/* A busy host may deliver two ticks back to back: a thread that has
	 * not printed its line for this turn yet keeps the CPU. */
	if (current < NTHREADS && !threads[current].finished && !turn_used)
		return;
	turn_used = 0;
	switches++;
	threads[current].frame = *frame;
	/* Round robin over the threads still running; main when none is. */
	int next = NTHREADS;
	for (int i = 1; i <= NTHREADS; i++) {
		int t = (current + i) % (NTHREADS + 1);
		if (t < NTHREADS && !threads[t].finished) {
			next = t;
			break;
		}
	}
	current = next;
	*frame = threads[next].frame;
}

static void say(const char *text, int len)
{
	kvmkit_console_write(text, (size_t)len);
}

static _Noreturn void run_thread(int id)
{
	for (int step = 0; step < STEPS; step++) {
		char line[32];
		/* Print and note the slice with interrupts off, so that a
		 * tick in between cannot make us skip our turn. */
		kvmkit_irq_disable();
		say(line, snprintf(line, sizeof(line), "thread %c: step %d\n",
				   'A' + id, step));
		lines++;
		unsigned slice = switches;
		turn_used = 1;
		kvmkit_irq_enable();
		while (switches == slice)
			__builtin_ia32_pause(); /* until preempted */
	}
	threads[id].finished = 1;
	for (;;)
		__builtin_ia32_pause(); /* never scheduled again */
}

/* A new thread's frame: as if interrupted at the first instruction of
 * run_thread(id), with interrupts on and the FPU state of main. */
static void make_thread(int id)
{
	struct kvmkit_frame *f = &threads[id].frame;
	memset(f, 0, sizeof(*f));
	__asm__ volatile("fxsave64 %0" : "=m"(f->fxsave));
	f->rip = (uintptr_t)run_thread;
	f->rdi = (uint64_t)id;
	/* At a function's entry RSP + 8 is 16-byte aligned. */
	f->rsp = (uintptr_t)(threads[id].stack + STACK_SIZE) - 8;
	f->cs = KVMKIT_SEL_CODE64;
	f->ss = KVMKIT_SEL_DATA;
	f->rflags = 0x202; /* IF */
}

int main(void)
{
	fflush(stdout);
	for (int i = 0; i < NTHREADS; i++)
		make_thread(i);
	kvmkit_set_handler(TIMER_VECTOR, on_tick);
	if (kvmkit_timer_periodic(SLICE_US, TIMER_VECTOR) < 0) {
		printf("no APIC timer\n");
		return -1;
	}
	kvmkit_irq_enable();
	for (;;) {
		int done = 0;
		for (int i = 0; i < NTHREADS; i++)
			done += threads[i].finished;
		if (done == NTHREADS)
			break;
		kvmkit_wait_for_interrupt();
	}
	kvmkit_irq_disable();
	kvmkit_timer_stop();
	printf("all %d threads finished\n", NTHREADS);
	return lines;
}
