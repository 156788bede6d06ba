/*
 * libc test guest, also built as a host program: malloc, qsort, strtod,
 * snprintf("%.17g"), sqrt and friends. Every function used here is exact
 * (or exactly rounded) in C, so the guest's output must be byte for byte
 * the host's (tests/integration/libc.bats diffs the two).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *inputs[] = {
	"0.1", "2.5", "-3.75e-2", "1e23", "8.98846567431158e307", "5e-324",
	"2.2250738585072011e-308", "0x1.8p3", "123456789012345678901234567890",
	"0.30000000000000004", "inf", "-0", "4.9406564584124654e-324",
	"1.7976931348623157e308", "3.141592653589793238462643383279",
	"2.718281828459045", "1e-10", "7", "1234.5678", "6.02214076e23",
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	size_t n = sizeof(inputs) / sizeof(*inputs);
	double *v = malloc(n * sizeof(*v));
	char buf[128];

	if (!v)
		return 1;
	for (size_t i = 0; i < n; i++) {
		char *end;
		v[i] = strtod(inputs[i], &end);
		snprintf(buf, sizeof(buf), "%.17g", v[i]);
		printf("%-32s -> %-24s %a (%zu chars)\n", inputs[i], buf, v[i],
		       (size_t)(end - inputs[i]));
	}
	qsort(v, n, sizeof(*v), cmp_double);
	for (size_t i = 0; i < n; i++) {
		double r = sqrt(fabs(v[i]));
		printf("sqrt|%.17g| = %.17g  floor %.1f  fmod %.17g  %.3e  %g\n",
		       v[i], r, floor(r), fmod(v[i], 3.0), r, v[i]);
	}
	printf("%.40f\n%.0f\n%.30e\n", 0.1, 1e300, 5e-324);
	printf("%#x %o %+d %05d %-6s| %c %5.2f%%\n", 255, 8, 42, -42, "ab", 'z',
	       99.555);
	printf("abs %d labs %ld llabs %lld\n", abs(-7), labs(-5000000000L),
	       llabs(-5000000000LL));
	/* A field width counts the sign: "%1d" of "-5" reads just "-". */
	int sx = 99, sr = sscanf("-5", "%1d", &sx);
	printf("sscanf(\"-5\", \"%%1d\") = %d, %d\n", sr, sx);
	free(v);
	return 0;
}
