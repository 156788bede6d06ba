/* libc test guest: numbered lines from stdin (fgets), then a sum read
 * with scanf from the last line. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[256];
	int n = 0;

	while (fgets(line, sizeof(line), stdin)) {
		if (strncmp(line, "sum", 3) == 0) {
			int a, b;
			if (sscanf(line + 3, "%d %d", &a, &b) == 2)
				printf("sum %d\n", a + b);
			continue;
		}
		printf("%d: %s", ++n, line);
	}
	printf("lines %d\n", n);
	return n;
}
