/* <time.h>: the host's clocks through KVMKIT_HC_TIME, and calendar
 * arithmetic in UTC (a guest has no time zone). */
#include <errno.h>
#include <time.h>

#include "stdio_impl.h"

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	long long sec;
	long nsec;
	long r = __kvmkit_time(clk, &sec, &nsec);

	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = nsec;
	return 0;
}

int timespec_get(struct timespec *ts, int base)
{
	if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts) < 0)
		return 0;
	return base;
}

time_t time(time_t *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return (time_t)-1;
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

/* Processor time: the guest's own run time, from the monotonic clock. */
clock_t clock(void)
{
	static struct timespec start;
	static int started;
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return (clock_t)-1;
	if (!started) {
		start = now;
		started = 1;
	}
	return (clock_t)((now.tv_sec - start.tv_sec) * CLOCKS_PER_SEC +
			 (now.tv_nsec - start.tv_nsec) / 1000);
}

double difftime(time_t a, time_t b)
{
	return (double)a - (double)b;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back: the
 * usual 400-year-era arithmetic with years starting in March. */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	long long secs = *t;
	long long days = secs / 86400, rem = secs % 86400;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tm->tm_hour = (int)(rem / 3600);
	tm->tm_min = (int)(rem / 60 % 60);
	tm->tm_sec = (int)(rem % 60);
	tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01: Thursday */

	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	long long y = yoe + era * 400 + (m <= 2);

	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
	tm->tm_isdst = 0;
	return tm;
}

struct tm *gmtime(const time_t *t)
{
	static struct tm tm;
	return gmtime_r(t, &tm);
}

/* The one time zone: UTC, which strftime's %Z calls GMT. */
char *tzname[2] = { "GMT", "GMT" };
long timezone;
int daylight;

void tzset(void)
{
}

struct tm *localtime(const time_t *t)
{
	return gmtime(t);
}

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	return gmtime_r(t, tm);
}

time_t mktime(struct tm *tm)
{
	/* Normalise the month first; days, hours... carry through the sum. */
	long long y = tm->tm_year + 1900LL + tm->tm_mon / 12;
	int m = tm->tm_mon % 12;
	if (m < 0) {
		m += 12;
		y--;
	}
	long long days = days_from_civil(y, m + 1, 1) + tm->tm_mday - 1;
	time_t t = (time_t)(days * 86400 + tm->tm_hour * 3600LL +
			    tm->tm_min * 60LL + tm->tm_sec);
	gmtime_r(&t, tm);
	return t;
}
