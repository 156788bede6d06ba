/* <time.h>: clocks from the host through KVMKIT_HC_TIME. No time zones:
 * localtime() is gmtime(). */
#ifndef _KVMKIT_TIME_H
#define _KVMKIT_TIME_H

#include <stddef.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

typedef long time_t;
typedef long clock_t;
typedef int clockid_t;
#define CLOCKS_PER_SEC 1000000L
#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1
#define TIME_UTC 1

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

struct tm {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
	int tm_wday, tm_yday, tm_isdst;
};

time_t time(time_t *t);
clock_t clock(void);
int clock_gettime(clockid_t clk, struct timespec *ts);
int timespec_get(struct timespec *ts, int base);
double difftime(time_t a, time_t b);
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *__restrict t, struct tm *__restrict out);
struct tm *localtime(const time_t *t);
/* POSIX's time zone: always UTC ("GMT"), whatever TZ says. */
void tzset(void);
extern char *tzname[2];
extern long timezone;
extern int daylight;
struct tm *localtime_r(const time_t *__restrict t, struct tm *__restrict out);
time_t mktime(struct tm *tm);
size_t strftime(char *__restrict s, size_t max, const char *__restrict fmt,
		const struct tm *__restrict tm);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *__restrict tm, char *__restrict buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *t, char *buf);

__KVMKIT_END_DECLS

#endif
