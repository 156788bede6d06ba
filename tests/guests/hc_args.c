/*
 * hc_args: the command line the runner passes: `runner hc_args.elf a b c`
 * gives argc 4, argv[0] the image path as typed, argv[4] NULL.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] \"%s\"\n", i, argv[i]);
	printf("argv[argc] %s\n", argv[argc] ? "not NULL" : "NULL");
	return argc;
}
