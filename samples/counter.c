/*
 * counter: count as fast as the CPU lets it for a given time, and say how
 * far it got. Run two side by side to see time slicing at work
 * (docs/multi-vm.md):
 *
 *   runner --slice 5ms samples/counter.elf:3 2 -- samples/counter.elf 2
 *
 * Both count for 2 seconds of host time; the first gets 3 slices for each
 * one of the second, so it counts about 3 times as far. The clock is the
 * host's (a hypercall), read every 2^16 counts; a progress line is printed
 * every tenth of the time. The result is the count in millions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	double start = now(), next = start + seconds / 10;
	volatile unsigned long count = 0;
	for (;;) {
		for (int i = 0; i < 65536; i++)
			count++;
		double t = now();
		if (t - start >= seconds)
			break;
		if (t >= next) {
			/* Into a pipe stdout is fully buffered: send each
			 * progress line now, so that it shows when it happens. */
			printf("%s: %lu\n", argv[0], count);
			fflush(stdout);
			next += seconds / 10;
		}
	}
	printf("%s: done, %lu\n", argv[0], count);
	return (int)(count / 1000000);
}
