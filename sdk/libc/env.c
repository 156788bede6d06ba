/*
 * The environment: what the runner passed with --env and --env-host
 * (struct kvmkit_bootinfo's envp), as `environ`. getenv reads it; setenv,
 * putenv and unsetenv change the guest's own copy (never the host's).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../internal/libc_hooks.h"

static char *no_env[] = { NULL };
char **environ = no_env;
/* Set once environ is an array of our own, from malloc. */
static int env_owned;

void __libc_set_environ(char **envp)
{
	environ = envp ? envp : no_env;
	env_owned = 0;
}

/* The index of NAME's entry, or -1. */
static int find(const char *name, size_t len)
{
	for (int i = 0; environ[i]; i++)
		if (!strncmp(environ[i], name, len) && environ[i][len] == '=')
			return i;
	return -1;
}

char *getenv(const char *name)
{
	size_t len = strlen(name);
	if (!len || strchr(name, '='))
		return NULL;
	int i = find(name, len);
	return i < 0 ? NULL : environ[i] + len + 1;
}

static int count(void)
{
	int n = 0;
	while (environ[n])
		n++;
	return n;
}

/* environ with room for one more entry, as an array of our own. */
static int make_room(void)
{
	int n = count();
	char **e = malloc(((size_t)n + 2) * sizeof(*e));
	if (!e)
		return -1;
	memcpy(e, environ, ((size_t)n + 1) * sizeof(*e));
	if (env_owned)
		free(environ);
	environ = e;
	env_owned = 1;
	return 0;
}

/* Replace NAME's entry by s (which is "NAME=..."), or add it. */
static int put(char *s, size_t name_len)
{
	/* The runner's array stays as it came: change a copy of it. */
	if (!env_owned && make_room() < 0)
		return -1;
	int i = find(s, name_len);
	if (i >= 0) {
		environ[i] = s; /* a string from setenv leaks, as with glibc */
		return 0;
	}
	if (make_room() < 0)
		return -1;
	int n = count();
	environ[n] = s;
	environ[n + 1] = NULL;
	return 0;
}

static int valid_name(const char *name)
{
	if (!name || !*name || strchr(name, '=')) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

int setenv(const char *name, const char *value, int overwrite)
{
	if (!valid_name(name))
		return -1;
	size_t len = strlen(name);
	if (!overwrite && find(name, len) >= 0)
		return 0;
	size_t vlen = strlen(value);
	char *s = malloc(len + vlen + 2);
	if (!s)
		return -1;
	memcpy(s, name, len);
	s[len] = '=';
	memcpy(s + len + 1, value, vlen + 1);
	if (put(s, len) < 0) {
		free(s);
		return -1;
	}
	return 0;
}

/* POSIX: the string itself becomes part of the environment. */
int putenv(char *s)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return unsetenv(s);
	if (eq == s) {
		errno = EINVAL;
		return -1;
	}
	return put(s, (size_t)(eq - s));
}

int unsetenv(const char *name)
{
	if (!valid_name(name))
		return -1;
	size_t len = strlen(name);
	int i;
	while ((i = find(name, len)) >= 0) {
		if (!env_owned && make_room() < 0)
			return -1;
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	}
	return 0;
}

int clearenv(void)
{
	if (env_owned)
		free(environ);
	__libc_set_environ(NULL);
	return 0;
}
