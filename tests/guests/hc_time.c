/*
 * hc_time: KVMKIT_HC_TIME from the guest. Realtime must be a sane wall
 * clock (after 2020-01-01, before 2100), monotonic must move forward, and
 * a clock that does not exist is -KVMKIT_EINVAL. Prints the realtime
 * seconds last so that the test can compare them with the host's clock.
 */
#include <kvmkit/guest.h>
#include <stdio.h>

#define Y2020 1577836800ll /* 2020-01-01T00:00:00Z */
#define Y2100 4102444800ll /* 2100-01-01T00:00:00Z */

static int valid(const struct kvmkit_timespec *ts)
{
	return ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000;
}

static long long ns(const struct kvmkit_timespec *ts)
{
	return ts->tv_sec * 1000000000ll + ts->tv_nsec;
}

int main(void)
{
	struct kvmkit_timespec real, m1, m2, m3;
	long r = kvmkit_clock_gettime(KVMKIT_CLOCK_REALTIME, &real);
	printf("realtime: %ld\n", r);
	printf("realtime after 2020: %s\n",
	       real.tv_sec > Y2020 && real.tv_sec < Y2100 && valid(&real) ?
	       "yes" : "no");

	long r1 = kvmkit_clock_gettime(KVMKIT_CLOCK_MONOTONIC, &m1);
	long r2 = kvmkit_clock_gettime(KVMKIT_CLOCK_MONOTONIC, &m2);
	/* About a millisecond of guest work between the last two. */
	for (volatile int i = 0; i < 100000; i++)
		;
	long r3 = kvmkit_clock_gettime(KVMKIT_CLOCK_MONOTONIC, &m3);
	printf("monotonic: %ld %ld %ld\n", r1, r2, r3);
	printf("monotonic increases: %s\n",
	       valid(&m1) && valid(&m2) && valid(&m3) && ns(&m2) > ns(&m1) &&
	       ns(&m3) > ns(&m2) ? "yes" : "no");

	/* Monotonic counts from boot, not from 1970: far below realtime. */
	printf("monotonic is not realtime: %s\n",
	       m1.tv_sec < real.tv_sec / 2 ? "yes" : "no");

	struct kvmkit_timespec bad = { -1, -1 };
	printf("clock 2: %ld\n", kvmkit_clock_gettime(2, &bad));
	printf("clock -1: %ld\n", kvmkit_clock_gettime(-1, &bad));
	printf("untouched: %s\n",
	       bad.tv_sec == -1 && bad.tv_nsec == -1 ? "yes" : "no");
	printf("realtime seconds %lld\n", (long long)real.tv_sec);
	return 0;
}
