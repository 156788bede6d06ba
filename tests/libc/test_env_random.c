/*
 * The environment functions (on an environment given as the runner gives
 * it) and the random number generators, whose sequences must be glibc's.
 */
#include <stdlib.h>
#include <string.h>

#include "kk.h"

void kk___libc_set_environ(char **envp);
char *kk_getenv(const char *name);
int kk_setenv(const char *name, const char *value, int overwrite);
int kk_unsetenv(const char *name);
int kk_putenv(char *s);
int kk_clearenv(void);
extern char **kk_environ;
int kk_rand(void);
void kk_srand(unsigned int seed);
int kk_rand_r(unsigned int *seed);
long kk_random(void);
void kk_srandom(unsigned int seed);
char *kk_initstate(unsigned int seed, char *state, size_t n);
char *kk_setstate(char *state);

static void env(void)
{
	static char *boot[] = { "HOME=/home/guest", "EMPTY=", "A=1", NULL };
	kk___libc_set_environ(boot);
	CHECK("env", !strcmp(kk_getenv("HOME"), "/home/guest") &&
	      !strcmp(kk_getenv("EMPTY"), "") && !kk_getenv("HOM") &&
	      !kk_getenv("HOME=") && !kk_getenv("") && kk_environ == boot,
	      "getenv on the runner's environment");
	CHECK("env", kk_setenv("A", "2", 0) == 0 && !strcmp(kk_getenv("A"), "1") &&
	      kk_setenv("A", "2", 1) == 0 && !strcmp(kk_getenv("A"), "2") &&
	      !strcmp(boot[2], "A=1"), "setenv overwrite, and never the runner's copy");
	CHECK("env", kk_setenv("NEW", "x=y", 1) == 0 && !strcmp(kk_getenv("NEW"), "x=y"),
	      "setenv adds");
	int bad = kk_setenv("B=C", "1", 1);
	CHECK("env", bad == -1 && kk_errno == 22 && kk_setenv("", "1", 1) == -1,
	      "setenv refuses a name with '=' or empty (EINVAL)");
	static char mine[] = "PUT=first";
	CHECK("env", kk_putenv(mine) == 0 && !strcmp(kk_getenv("PUT"), "first"), "putenv");
	mine[4] = 'F'; /* putenv keeps the string itself */
	CHECK("env", !strcmp(kk_getenv("PUT"), "First"), "putenv shares the string");
	CHECK("env", kk_unsetenv("HOME") == 0 && !kk_getenv("HOME") &&
	      !strcmp(kk_getenv("NEW"), "x=y") && kk_unsetenv("NOPE") == 0,
	      "unsetenv");
	int n = 0;
	for (char **e = kk_environ; *e; e++)
		n++;
	CHECK("env", n == 4, "environ has %d entries, want 4", n);
	CHECK("env", kk_clearenv() == 0 && !kk_getenv("A") && kk_environ[0] == NULL,
	      "clearenv");
	kk___libc_set_environ(NULL);
	CHECK("env", !kk_getenv("PATH"), "no environment");
}

static void random_sequences(void)
{
	for (unsigned seed = 0; seed < 20; seed++) {
		srand(seed);
		kk_srand(seed);
		int same = 1;
		for (int i = 0; i < 1000; i++)
			same &= rand() == kk_rand();
		srandom(seed * 7919);
		kk_srandom(seed * 7919);
		for (int i = 0; i < 1000; i++)
			same &= random() == kk_random();
		unsigned a = seed, b = seed;
		for (int i = 0; i < 100; i++)
			same &= rand_r(&a) == kk_rand_r(&b);
		CHECK("env", same, "rand/random/rand_r sequences for seed %u", seed);
	}
}

/* initstate/setstate switch between states as glibc's do (both with
 * 128-byte, degree-31 states here: the same sequences). */
static void random_states(void)
{
	static char mine[128], theirs[128];
	kk_srandom(5);
	srandom(5);
	char *kdef = kk_initstate(9, mine, sizeof(mine));
	char *gdef = initstate(9, theirs, sizeof(theirs));
	int same = kdef != NULL;
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < 50; i++)
			same &= kk_random() == random();
		/* Switch: the other state goes on where it stopped. */
		char *k = kk_setstate(round & 1 ? mine : kdef);
		char *g = setstate(round & 1 ? theirs : gdef);
		same &= (k == mine) == (g == theirs);
	}
	CHECK("env", same && kk_setstate(mine + 1) == NULL,
	      "initstate/setstate: sequences as glibc's after switching");
	kk_setstate(kdef);
	setstate(gdef);
}

void suite_env(void)
{
	env();
	random_sequences();
	random_states();
}
