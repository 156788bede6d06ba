/* libc test guest: fopen/fprintf/fclose, then read back with fgets,
 * fscanf, fseek/ftell and fread, in the runner's --share directory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	FILE *f = fopen("libc_files.txt", "w");
	if (!f) {
		printf("fopen for writing: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 1; i <= 3; i++)
		fprintf(f, "line %d: %.3f\n", i, i / 3.0);
	if (fclose(f) != 0)
		return 2;

	f = fopen("libc_files.txt", "r");
	if (!f)
		return 3;
	char buf[64];
	while (fgets(buf, sizeof(buf), f))
		printf("read: %s", buf);
	printf("eof %d, ftell %ld\n", feof(f), ftell(f));
	fseek(f, 5, SEEK_SET);
	int n;
	double d;
	if (fscanf(f, "%d: %lf", &n, &d) == 2)
		printf("fscanf: %d %.3f, ftell %ld\n", n, d, ftell(f));
	rewind(f);
	size_t got = fread(buf, 1, 7, f);
	printf("fread %zu: %.7s\n", got, buf);
	fclose(f);

	errno = 0;
	printf("missing file: %s\n", fopen("no/such/file", "r") ? "opened?" : strerror(errno));
	return 0;
}
