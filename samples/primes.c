/*
 * primes: a computation whose result the runner checks.
 *
 * A sieve of Eratosthenes counts the primes below 100000 in a static
 * array (which lives in the image's .bss, zeroed at startup), prints the
 * count and the last few primes, and returns the count as the result.
 * Run it with `build/runner --expect 9592 samples/primes.elf`: the runner
 * exits with status 0 only if the guest computed the right answer, which
 * is how a grader checks a lab.
 */
#include <stdbool.h>
#include <stdio.h>

#define LIMIT 100000

static bool composite[LIMIT];

int main(void)
{
	int count = 0, last[5] = { 0 };

	for (int n = 2; n < LIMIT; n++) {
		if (composite[n])
			continue;
		last[count % 5] = n;
		count++;
		for (long m = (long)n * n; m < LIMIT; m += n)
			composite[m] = true;
	}
	printf("%d primes below %d; the last five:", count, LIMIT);
	for (int i = 0; i < 5; i++)
		printf(" %d", last[(count + i) % 5]);
	printf("\n");
	return count;
}
