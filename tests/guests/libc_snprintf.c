/* libc test guest: snprintf with %.17g, %a and the rest round-trips
 * through strtod for many doubles; prints the count. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	uint64_t s = 0x853c49e6748fea9bull;
	char buf[64];
	int ok = 0, bad = 0;

	for (int i = 0; i < 20000; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		double d;
		memcpy(&d, &s, sizeof(d));
		if (d != d)
			continue;
		snprintf(buf, sizeof(buf), i % 2 ? "%.17g" : "%a", d);
		double back = strtod(buf, NULL);
		if (memcmp(&back, &d, sizeof(d)) == 0)
			ok++;
		else if (bad++ < 5)
			printf("mismatch: %s\n", buf);
	}
	snprintf(buf, sizeof(buf), "%.17g", 0.1);
	printf("%s\n", buf);
	printf("round trips: %d ok, %d bad\n", ok, bad);
	return bad != 0;
}
