/*
 * smp_sum: a parallel sum over every CPU of the run, with a spinlock.
 *
 *   build/runner --cpus 4 --expect 1250025000 samples/smp_sum.elf
 *
 * CPU 0 starts CPUs 1..N-1 (kvmkit_start_cpu), and each CPU, 0 included,
 * adds up its share of 1..50000. Every 1000 numbers it adds its partial
 * sum to the shared total under a spinlock, so the CPUs really contend.
 * CPU 0 waits for the others and returns the total: the runner checks it
 * with --expect, for any number of CPUs.
 */
#include <kvmkit/guest.h>
#include <kvmkit/smp.h>
#include <stdatomic.h>
#include <stdio.h>

#define LAST 50000
#define BATCH 1000

static kvmkit_spinlock_t lock = KVMKIT_SPINLOCK_INIT;
static uint64_t total;             /* guarded by lock */
static atomic_uint cpus_that_added; /* C11 atomics work as well */

static void add_share(void *arg)
{
	(void)arg;
	unsigned cpu = kvmkit_cpu_id(), n = kvmkit_cpu_count();
	uint64_t partial = 0;
	unsigned count = 0;
	/* CPU c takes c+1, c+1+n, c+1+2n, ... */
	for (uint64_t i = cpu + 1; i <= LAST; i += n) {
		partial += i;
		if (++count == BATCH) {
			kvmkit_spin_lock(&lock);
			total += partial;
			kvmkit_spin_unlock(&lock);
			partial = 0;
			count = 0;
		}
	}
	kvmkit_spin_lock(&lock);
	total += partial;
	kvmkit_spin_unlock(&lock);
	atomic_fetch_add(&cpus_that_added, 1);
}

int main(void)
{
	unsigned n = kvmkit_cpu_count();
	for (unsigned cpu = 1; cpu < n; cpu++)
		if (kvmkit_start_cpu(cpu, add_share, NULL) < 0) {
			printf("cannot start CPU %u\n", cpu);
			return -1;
		}
	add_share(NULL);
	for (unsigned cpu = 1; cpu < n; cpu++)
		kvmkit_wait_cpu(cpu);
	printf("sum of 1..%d on %u CPU%s: %llu (%u CPUs added)\n", LAST, n,
	       n == 1 ? "" : "s", (unsigned long long)total,
	       atomic_load(&cpus_that_added));
	return (int)total;
}
