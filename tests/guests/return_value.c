/*
 * return_value: main returns the number given as its first argument (0
 * without one), as a test program reports failure: for --status result.
 */
#include <stdlib.h>

int main(int argc, char **argv)
{
	return argc > 1 ? atoi(argv[1]) : 0;
}
