/*
 * timer: the local APIC timer interrupting a busy loop.
 *
 * main() installs a handler for vector 32, programs this CPU's APIC timer
 * to fire every 10 ms (100 Hz) and spins for half a second by the
 * runner's clock. Each interrupt stops the loop for a moment: the
 * handler counts the tick and acknowledges it (EOI). At the end the
 * count is checked against the time that really passed.
 *
 *   build/runner samples/timer.elf [HZ] [MILLISECONDS]
 *
 * The result is the rate measured, in ticks per second. KVM never makes
 * extra ticks, but merges those that fall due while the VM cannot run
 * (a busy host, an emulated CPU): then the rate comes out lower. Using
 * the APIC makes the runner give the guest KVM's in-kernel interrupt
 * controller (docs/interrupts.md).
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>
#include <stdio.h>
#include <stdlib.h>

#define TIMER_VECTOR 32

static volatile unsigned long ticks;

static void on_tick(struct kvmkit_frame *frame)
{
	(void)frame;
	ticks++;
	kvmkit_eoi();
}

static double now(void)
{
	struct kvmkit_timespec ts;
	kvmkit_clock_gettime(KVMKIT_CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned hz = argc > 1 ? (unsigned)atoi(argv[1]) : 100;
	unsigned ms = argc > 2 ? (unsigned)atoi(argv[2]) : 500;
	if (hz == 0 || hz > 100000 || ms == 0) {
		printf("usage: timer [HZ (1..100000)] [MILLISECONDS]\n");
		return -1;
	}

	printf("APIC timer clock: %llu Hz\n",
	       (unsigned long long)kvmkit_timer_hz());
	kvmkit_set_handler(TIMER_VECTOR, on_tick);
	if (kvmkit_timer_periodic(1000000 / hz, TIMER_VECTOR) < 0) {
		printf("no APIC timer\n");
		return -1;
	}

	double start = now(), end = start + ms / 1e3, t;
	unsigned long spins = 0;
	kvmkit_irq_enable();
	do {
		/* Mostly guest code: ask the host's clock now and then. */
		for (int i = 0; i < 1000; i++)
			__asm__ volatile("" ::: "memory");
		spins++;
		t = now();
	} while (t < end);
	kvmkit_irq_disable();
	kvmkit_timer_stop();

	unsigned long n = ticks;
	double rate = n / (t - start);
	printf("programmed %u Hz; counted %lu ticks in %.0f ms of busy loop: %.0f Hz\n",
	       hz, n, (t - start) * 1e3, rate);
	(void)spins;
	return (int)(rate + 0.5);
}
