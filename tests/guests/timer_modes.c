/*
 * The APIC timer's other modes; the first argument picks one:
 *   oneshot   one interrupt 20 ms after arming, and no second one in the
 *             100 ms after it
 *   deadline  TSC-deadline mode: one interrupt when the TSC passes a value
 *             20 ms ahead (prints "no tsc-deadline" where the CPU lacks it)
 *   stop      a periodic timer stopped after its first tick ticks no more
 * The result is the number of interrupts taken.
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>
#include <stdio.h>
#include <string.h>

#define VECTOR 48

static volatile unsigned ticks;

static void on_tick(struct kvmkit_frame *f)
{
	(void)f;
	ticks++;
	kvmkit_eoi();
}

static double now(void)
{
	struct kvmkit_timespec ts;
	kvmkit_clock_gettime(KVMKIT_CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleep in HLT with interrupts on until `until` by the host's clock;
 * the timer's own interrupt, if any, wakes us early, and we go on. */
static void idle_until(double until)
{
	/* A periodic 5 ms wake-up of our own would count as ticks: use the
	 * clock in a loop instead, with interrupts on. */
	kvmkit_irq_enable();
	while (now() < until)
		__builtin_ia32_pause();
	kvmkit_irq_disable();
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "oneshot";
	kvmkit_set_handler(VECTOR, on_tick);
	double start = now();

	if (!strcmp(mode, "oneshot")) {
		if (kvmkit_timer_oneshot(20000, VECTOR) < 0)
			return -1;
		kvmkit_irq_enable();
		while (!ticks)
			kvmkit_wait_for_interrupt();
		double fired = now() - start;
		idle_until(now() + 0.1);
		printf("oneshot: %u interrupt%s, the first after %s20 ms\n",
		       ticks, ticks == 1 ? "" : "s",
		       fired >= 0.019 ? "at least " : "LESS THAN ");
		return (int)ticks;
	}
	if (!strcmp(mode, "deadline")) {
		uint64_t hz = kvmkit_tsc_hz();
		if (!kvmkit_timer_has_tsc_deadline() || !hz) {
			printf("no tsc-deadline\n");
			return 0;
		}
		uint64_t deadline = kvmkit_rdtsc() + hz / 50;
		if (kvmkit_timer_tsc_deadline(deadline, VECTOR) < 0)
			return -1;
		kvmkit_irq_enable();
		while (!ticks)
			kvmkit_wait_for_interrupt();
		uint64_t at = kvmkit_rdtsc();
		idle_until(now() + 0.1);
		printf("deadline: %u interrupt%s, %s the deadline\n", ticks,
		       ticks == 1 ? "" : "s",
		       at >= deadline ? "at or after" : "BEFORE");
		return (int)ticks;
	}
	if (!strcmp(mode, "stop")) {
		if (kvmkit_timer_periodic(5000, VECTOR) < 0)
			return -1;
		kvmkit_irq_enable();
		while (!ticks)
			kvmkit_wait_for_interrupt();
		kvmkit_timer_stop();
		kvmkit_irq_disable();
		unsigned at_stop = ticks;
		idle_until(now() + 0.1);
		printf("stop: %u tick%s after the stop\n", ticks - at_stop,
		       ticks - at_stop == 1 ? "" : "s");
		return (int)ticks;
	}
	printf("unknown mode %s\n", mode);
	return 255;
}
