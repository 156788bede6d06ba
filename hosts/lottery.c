/*
 * lottery: run several guests like `runner --slice`, but let a lottery
 * pick who runs each slice: a guest holds as many tickets as its weight,
 * and each slice goes to the holder of one ticket drawn at random among
 * the guests still running. Over many slices a guest's share tends to its
 * tickets' share, without any round order.
 *
 *   build/hosts/lottery --slice 5ms samples/counter.elf:3 1 \
 *                       -- samples/counter.elf 1
 *
 * The command line, reports and exit status are the runner's
 * (docs/multi-vm.md); LOTTERY_SEED picks the draws (default 1).
 */
#include <stdlib.h>

#include "scheduler.h"

static struct sched_vm *draw(struct sched *s, unsigned *seed)
{
	unsigned tickets = 0;
	for (unsigned i = 0; i < s->count; i++)
		if (!sched_vm_done(&s->vm[i]))
			tickets += s->vm[i].weight;
	unsigned ticket = (unsigned)rand_r(seed) % tickets;
	for (unsigned i = 0; i < s->count; i++) {
		if (sched_vm_done(&s->vm[i]))
			continue;
		if (ticket < s->vm[i].weight)
			return &s->vm[i];
		ticket -= s->vm[i].weight;
	}
	return NULL; /* not reached: the tickets add up */
}

int main(int argc, char **argv)
{
	const char *env = getenv("LOTTERY_SEED");
	unsigned seed = env ? (unsigned)strtoul(env, NULL, 0) : 1;
	struct sched s;
	int status = sched_open_args(&s, argc, argv);
	s.policy = "lottery";
	while (!status && !sched_done(&s))
		sched_slice(&s, draw(&s, &seed));
	return sched_close(&s, status);
}
