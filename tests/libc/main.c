/* Host tests of the SDK's C library: every suite compares the SDK's
 * functions with glibc's (or with known answers) case by case. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kk.h"

long tests_passed, tests_failed;
static uint64_t rng_state;

uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void rng_seed(uint64_t seed)
{
	rng_state = seed;
}

void check_fail(const char *suite, const char *fmt, ...)
{
	va_list ap;

	tests_failed++;
	if (tests_failed > 50)
		return; /* enough to go on */
	fprintf(stderr, "FAIL [%s] ", suite);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const struct {
	const char *name;
	void (*run)(void);
} suites[] = {
	{ "printf", suite_printf }, { "strtod", suite_strtod },
	{ "scanf", suite_scanf },   { "string", suite_string },
	{ "stdlib", suite_stdlib }, { "malloc", suite_malloc },
	{ "stdio", suite_stdio },   { "math", suite_math },
	{ "math2", suite_math_c99 }, { "flags", suite_math_flags },
	{ "complex", suite_complex }, { "env", suite_env },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(suites) / sizeof(*suites); i++) {
		if (argc > 1 && strcmp(argv[1], suites[i].name) != 0)
			continue;
		long p0 = tests_passed, f0 = tests_failed;
		clock_t t0 = clock();
		rng_seed(0x6b766d6b69740000ull + i); /* deterministic */
		suites[i].run();
		printf("%-8s %8ld passed, %ld failed (%.1f s)\n", suites[i].name,
		       tests_passed - p0, tests_failed - f0,
		       (double)(clock() - t0) / CLOCKS_PER_SEC);
	}
	printf("%ld passed, %ld failed\n", tests_passed, tests_failed);
	return tests_failed != 0;
}
