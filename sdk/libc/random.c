/*
 * rand, srand, rand_r and the POSIX random family, with glibc's sequences
 * so that a program prints the same numbers in a guest as on a Linux
 * host: random() is the additive lagged Fibonacci generator
 * r[i] = r[i-3] + r[i-31] (mod 2^32) seeded by the Park-Miller generator,
 * first 310 outputs dropped, each output r[i] >> 1; rand() is random().
 * initstate/setstate accept glibc's state sizes but always use degree 31.
 */
#include <stdint.h>
#include <stdlib.h>

#define DEG 31
#define SEP 3

static uint32_t r[DEG];
static int front = SEP, rear = 0; /* r[front] += r[rear] */
static int seeded;

static uint32_t next(void)
{
	uint32_t v = r[front] += r[rear];
	front = (front + 1) % DEG;
	rear = (rear + 1) % DEG;
	return v >> 1;
}

void srandom(unsigned int seed)
{
	int32_t word = seed ? (int32_t)seed : 1;
	r[0] = (uint32_t)word;
	for (int i = 1; i < DEG; i++) {
		/* 16807 * word mod (2^31 - 1), without overflow (Schrage). */
		int32_t hi = word / 127773, lo = word % 127773;
		word = 16807 * lo - 2836 * hi;
		if (word < 0)
			word += 2147483647;
		r[i] = (uint32_t)word;
	}
	front = SEP;
	rear = 0;
	for (int i = 0; i < 10 * DEG; i++)
		next();
	seeded = 1;
}

long random(void)
{
	if (!seeded)
		srandom(1);
	return (long)next();
}

char *initstate(unsigned int seed, char *state, size_t n)
{
	static char dummy[8];
	(void)state;
	(void)n;
	srandom(seed);
	return dummy;
}

char *setstate(char *state)
{
	(void)state;
	return state;
}

int rand(void)
{
	return (int)random();
}

void srand(unsigned int seed)
{
	srandom(seed);
}

/* glibc's rand_r: three steps of the classic LCG, 11 + 10 + 10 bits. */
int rand_r(unsigned int *seed)
{
	unsigned int s = *seed;
	unsigned int result;

	s = s * 1103515245 + 12345;
	result = (s / 65536) % 2048;
	s = s * 1103515245 + 12345;
	result = result << 10 ^ (s / 65536) % 1024;
	s = s * 1103515245 + 12345;
	result = result << 10 ^ (s / 65536) % 1024;
	*seed = s;
	return (int)result;
}
