/* An error indicator left by one failed call (reading a write-only
 * stream) stays for ferror() but does not fail later writes: Lua's
 * io.write checks fwrite's count and stopped writing after its own test
 * of that read (files.lua), losing the newlines. glibc behaves so. */
#include <stdio.h>

int main(void)
{
	FILE *f = fopen("out.txt", "w");
	char line[16];

	printf("fgetc on a write-only stream: %d\n", fgetc(f));
	printf("ferror: %d\n", ferror(f) != 0);
	printf("fwrite: %zu\n", fwrite("a\n", 1, 2, f));
	printf("fputs: %d\n", fputs("b\n", f));
	printf("fputc: %d\n", fputc('c', f));
	printf("fprintf: %d\n", fprintf(f, "%d\n", 4));
	printf("ferror still: %d\n", ferror(f) != 0);
	printf("fclose: %d\n", fclose(f));
	f = fopen("out.txt", "r");
	while (fgets(line, sizeof(line), f))
		printf("read back: %s", line);
	fclose(f);
	return remove("out.txt");
}
