/*
 * rand, srand, rand_r and the POSIX random family, with glibc's sequences
 * so that a program prints the same numbers in a guest as on a Linux
 * host: random() is the additive lagged Fibonacci generator
 * r[i] = r[i-3] + r[i-31] (mod 2^32) seeded by the Park-Miller generator,
 * first 310 outputs dropped, each output r[i] >> 1; rand() is random().
 * initstate/setstate keep up to 7 states besides the default one and
 * switch between them as glibc does, but each is degree 31 (glibc's
 * 128-byte state), whatever the buffer's size.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#define DEG 31
#define SEP 3
#define STATES 8

/* One generator state: r[front] += r[rear], front = rear + SEP. The
 * default one, and those of initstate, kept here by the caller's buffer
 * (whose bytes are not used: the state is always degree 31, also for
 * buffers glibc would run a shorter generator in). */
static struct rstate {
	const char *buf; /* the caller's buffer; NULL: the default state */
	uint32_t r[DEG];
	int rear;
} states[STATES];
static struct rstate *cur = &states[0];
static int seeded;

static uint32_t next(void)
{
	int front = (cur->rear + SEP) % DEG;
	uint32_t v = cur->r[front] += cur->r[cur->rear];
	cur->rear = (cur->rear + 1) % DEG;
	return v >> 1;
}

void srandom(unsigned int seed)
{
	int32_t word = seed ? (int32_t)seed : 1;
	cur->r[0] = (uint32_t)word;
	for (int i = 1; i < DEG; i++) {
		/* 16807 * word mod (2^31 - 1), without overflow (Schrage). */
		int32_t hi = word / 127773, lo = word % 127773;
		word = 16807 * lo - 2836 * hi;
		if (word < 0)
			word += 2147483647;
		cur->r[i] = (uint32_t)word;
	}
	cur->rear = 0;
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

/* The previous state's buffer (the default state's is a static one). */
static char *owner(const struct rstate *s)
{
	static char default_state[128];
	return s->buf ? (char *)s->buf : default_state;
}

static struct rstate *find(const char *buf)
{
	for (int i = 0; i < STATES; i++)
		if (owner(&states[i]) == buf)
			return &states[i];
	return NULL;
}

char *initstate(unsigned int seed, char *state, size_t n)
{
	if (!seeded)
		srandom(1); /* the default state keeps its own sequence */
	if (n < 8) {
		errno = EINVAL;
		return NULL;
	}
	struct rstate *s = find(state);
	for (int i = 1; !s && i < STATES; i++)
		if (!states[i].buf)
			s = &states[i];
	if (!s) {
		errno = ENOMEM; /* more live states than we keep */
		return NULL;
	}
	char *old = owner(cur);
	s->buf = state;
	cur = s;
	srandom(seed);
	return old;
}

char *setstate(char *state)
{
	struct rstate *s = find(state);
	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	if (!seeded)
		srandom(1);
	char *old = owner(cur);
	cur = s;
	return old;
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
