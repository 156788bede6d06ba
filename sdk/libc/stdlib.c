/* Small <stdlib.h> and <inttypes.h> functions: integer arithmetic, the
 * random number generator and the environment (a guest has none). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }
intmax_t imaxabs(intmax_t x) { return x < 0 ? -x : x; }

div_t div(int num, int den) { return (div_t){ num / den, num % den }; }
ldiv_t ldiv(long num, long den) { return (ldiv_t){ num / den, num % den }; }
lldiv_t lldiv(long long num, long long den)
{
	return (lldiv_t){ num / den, num % den };
}
imaxdiv_t imaxdiv(intmax_t num, intmax_t den)
{
	return (imaxdiv_t){ num / den, num % den };
}

/* A 64-bit linear congruential generator (Knuth's MMIX constants); the
 * high bits are the good ones. Same sequence on every run for a seed, as
 * C requires; not glibc's sequence. */
static uint64_t rand_state = 1;

void srand(unsigned int seed)
{
	rand_state = seed;
}

static int next_rand(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (int)(*state >> 33);
}

int rand(void)
{
	return next_rand(&rand_state);
}

int rand_r(unsigned int *seed)
{
	uint64_t s = *seed;
	int r = next_rand(&s);
	*seed = (unsigned int)s;
	return r;
}

char *getenv(const char *name)
{
	(void)name;
	return NULL;
}

/* No command processor: system(NULL) says so, other calls fail. */
int system(const char *cmd)
{
	if (!cmd)
		return 0;
	errno = ENOSYS;
	return -1;
}
