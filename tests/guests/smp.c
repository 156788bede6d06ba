/*
 * Several CPUs (run with --cpus N); the first argument picks the check:
 *   ids     every CPU writes its id; main prints them and returns how many
 *           CPUs wrote the right one
 *   fault   CPU 2 executes ud2 (no handler): the run stops, naming CPU 2
 *   lock    CPUs 0 and 1 each add 1 to a plain counter 200000 times under
 *           a spinlock; the result is the counter (400000: none lost)
 *   race    the same without the lock, to show that the lock test can fail
 *           (with parallel host CPUs it loses increments; docs/smp.md)
 *   atomic  every CPU adds 1 100000 times with C11 atomic_fetch_add
 *   spin    every CPU spins forever (for --timeout)
 *   ipi     CPU 0 sends an IPI to CPU 1, which waits for it with HLT
 *   tickspin  (one CPU is enough) spin forever with APIC timer interrupts
 *   ipi-unhandled  CPU 0 sends itself an IPI on a vector with no handler
 *   print   every CPU prints 200 numbered lines with printf at once
 *   start   the start hypercall refuses CPU 0, a CPU out of range, and
 *           a CPU started twice
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>
#include <kvmkit/smp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile uint32_t seen[KVMKIT_MAX_CPUS];

static void write_id(void *arg)
{
	(void)arg;
	unsigned id = kvmkit_cpu_id();
	seen[id] = id + 100;
}

static void fault_on_2(void *arg)
{
	(void)arg;
	if (kvmkit_cpu_id() == 2)
		__asm__ volatile("ud2");
	for (;;)
		__builtin_ia32_pause();
}

static int lock_rounds = 200000; /* argv[2] */
static kvmkit_spinlock_t lock = KVMKIT_SPINLOCK_INIT;
static volatile uint64_t counter;

static void hammer(void *arg)
{
	(void)arg;
	for (int i = 0; i < lock_rounds; i++) {
		kvmkit_spin_lock(&lock);
		counter = counter + 1; /* a plain read-modify-write */
		kvmkit_spin_unlock(&lock);
	}
}

static void hammer_unlocked(void *arg)
{
	(void)arg;
	for (int i = 0; i < lock_rounds; i++)
		counter = counter + 1;
}

static atomic_ulong atomic_counter;

static void add_atomic(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100000; i++)
		atomic_fetch_add(&atomic_counter, 1);
}

static _Noreturn void spin(void *arg)
{
	(void)arg;
	for (;;)
		__builtin_ia32_pause();
}

static void spin_fn(void *arg)
{
	spin(arg);
}

static volatile int ipi_seen;
static volatile int ready;

static void on_ipi(struct kvmkit_frame *f)
{
	(void)f;
	ipi_seen = (int)kvmkit_cpu_id() + 1;
	kvmkit_eoi();
}

static void wait_ipi(void *arg)
{
	(void)arg;
	kvmkit_irq_disable();
	ready = 1;
	while (!ipi_seen)
		kvmkit_wait_for_interrupt();
}

static volatile unsigned long ticks;

static void count_tick(struct kvmkit_frame *f)
{
	(void)f;
	ticks++;
	kvmkit_eoi();
}

static void print_lines(void *arg)
{
	(void)arg;
	unsigned id = kvmkit_cpu_id();
	for (int i = 0; i < 200; i++)
		printf("cpu %u line %03d: the quick brown fox jumps over the lazy dog\n",
		       id, i);
	fflush(stdout);
}

static void start_all(void (*fn)(void *), unsigned upto)
{
	for (unsigned c = 1; c < upto; c++)
		if (kvmkit_start_cpu(c, fn, NULL) < 0)
			printf("cannot start CPU %u\n", c);
}

static void wait_all(unsigned upto)
{
	for (unsigned c = 1; c < upto; c++)
		kvmkit_wait_cpu(c);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ids";
	unsigned n = kvmkit_cpu_count();
	if (argc > 2)
		lock_rounds = atoi(argv[2]);

	if (!strcmp(mode, "ids")) {
		start_all(write_id, n);
		write_id(NULL);
		wait_all(n);
		int right = 0;
		printf("cpus:");
		for (unsigned c = 0; c < n; c++) {
			printf(" %u", seen[c] - 100);
			right += seen[c] == c + 100;
		}
		printf("\n");
		return right;
	}
	if (!strcmp(mode, "fault")) {
		start_all(fault_on_2, n);
		fault_on_2(NULL);
	}
	if (!strcmp(mode, "lock")) {
		start_all(hammer, 2);
		hammer(NULL);
		wait_all(2);
		printf("counter %llu\n", (unsigned long long)counter);
		return (int)counter;
	}
	if (!strcmp(mode, "race")) {
		start_all(hammer_unlocked, 2);
		hammer_unlocked(NULL);
		wait_all(2);
		printf("counter %llu\n", (unsigned long long)counter);
		return (int)counter;
	}
	if (!strcmp(mode, "atomic")) {
		start_all(add_atomic, n);
		add_atomic(NULL);
		wait_all(n);
		return (int)atomic_load(&atomic_counter);
	}
	if (!strcmp(mode, "spin")) {
		start_all(spin_fn, n);
		spin(NULL);
	}
	if (!strcmp(mode, "ipi")) {
		kvmkit_set_handler(0x40, on_ipi);
		start_all(wait_ipi, 2);
		while (!ready)
			__builtin_ia32_pause();
		/* CPU 1 may not be asleep yet: the IPI waits in its APIC. */
		if (kvmkit_send_ipi(1, 0x40) < 0)
			return -1;
		wait_all(2);
		printf("CPU %d took the IPI\n", ipi_seen - 1);
		return ipi_seen;
	}
	if (!strcmp(mode, "tickspin")) {
		kvmkit_set_handler(32, count_tick);
		kvmkit_timer_periodic(1000, 32);
		kvmkit_irq_enable();
		spin(NULL);
	}
	if (!strcmp(mode, "ipi-unhandled")) {
		kvmkit_irq_enable();
		kvmkit_send_ipi(0, 0x41);
		for (;;)
			kvmkit_wait_for_interrupt();
	}
	if (!strcmp(mode, "print")) {
		start_all(print_lines, n);
		print_lines(NULL);
		wait_all(n);
		return 0;
	}
	if (!strcmp(mode, "start")) {
		int r0 = kvmkit_start_cpu(0, write_id, NULL);
		int rn = kvmkit_start_cpu(n, write_id, NULL);
		int r1 = kvmkit_start_cpu(1, write_id, NULL);
		int r1again = kvmkit_start_cpu(1, write_id, NULL);
		long raw = kvmkit_hypercall(KVMKIT_HC_CPU_START, 1, 0x100000,
					    0x200000, 0, 0);
		wait_all(2);
		printf("cpu0 %d, cpu%u %d, cpu1 %d, again %d, raw %ld\n", r0, n,
		       rn, r1, r1again, raw);
		return 0;
	}
	printf("unknown mode %s\n", mode);
	return 255;
}
