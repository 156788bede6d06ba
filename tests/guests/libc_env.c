/* The environment from the runner's --env and --env-host: getenv, main's
 * third argument, and setenv/unsetenv on the guest's own copy. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	for (char **e = envp; *e; e++)
		printf("envp: %s\n", *e);
	const char *names[] = { "GREETING", "EMPTY", "FROM_HOST", "UNSET_ON_HOST" };
	for (unsigned i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const char *v = getenv(names[i]);
		if (v)
			printf("%s='%s'\n", names[i], v);
		else
			printf("%s unset\n", names[i]);
	}
	setenv("GREETING", "changed", 1);
	unsetenv("EMPTY");
	printf("after: GREETING=%s EMPTY=%s\n", getenv("GREETING"),
	       getenv("EMPTY") ? "set" : "unset");
	return 0;
}
