/*
 * strftime(), asctime() and ctime() in the "C" locale. A guest has no time
 * zone: %z is +0000 and %Z is GMT (what glibc prints for gmtime's tm).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const day_name[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday",
};
static const char *const month_name[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

struct out {
	char *s;
	size_t max, len;
	int overflow;
};

static void put(struct out *o, const char *p, size_t n)
{
	if (o->len + n >= o->max) {
		o->overflow = 1;
		return;
	}
	memcpy(o->s + o->len, p, n);
	o->len += n;
}

static void put_str(struct out *o, const char *p)
{
	put(o, p, strlen(p));
}

static void put_num(struct out *o, long long v, int width, char pad)
{
	char buf[32];
	if (pad == '0')
		snprintf(buf, sizeof(buf), "%0*lld", width, v);
	else
		snprintf(buf, sizeof(buf), "%*lld", width, v);
	put_str(o, buf);
}

static const char *abbrev(const char *const *names, int i, int n, char *buf)
{
	if (i < 0 || i >= n)
		return "?";
	memcpy(buf, names[i], 3);
	buf[3] = 0;
	return buf;
}

static int is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* ISO 8601 week number and week-based year (for %V %G %g). */
static int iso_week(const struct tm *tm, long long *year)
{
	long long y = tm->tm_year + 1900LL;
	int wday = (tm->tm_wday + 6) % 7; /* Monday = 0 */
	int week = (tm->tm_yday - wday + 10) / 7;

	if (week < 1) {
		y--;
		int days = 365 + is_leap(y);
		week = (tm->tm_yday + days - wday + 10) / 7;
	} else if (week == 53) {
		int days = 365 + is_leap(y);
		if (tm->tm_yday - wday + 3 >= days) {
			week = 1;
			y++;
		}
	}
	*year = y;
	return week;
}

static void format(struct out *o, const char *fmt, const struct tm *tm)
{
	char b[4];
	for (; *fmt && !o->overflow; fmt++) {
		if (*fmt != '%') {
			put(o, fmt, 1);
			continue;
		}
		fmt++;
		if (*fmt == 'E' || *fmt == 'O') /* no alternative forms */
			fmt++;
		long long year = tm->tm_year + 1900LL, iso_year;
		switch (*fmt) {
		case 'a': put_str(o, abbrev(day_name, tm->tm_wday, 7, b)); break;
		case 'A': put_str(o, tm->tm_wday >= 0 && tm->tm_wday < 7 ?
				  day_name[tm->tm_wday] : "?"); break;
		case 'b': case 'h':
			put_str(o, abbrev(month_name, tm->tm_mon, 12, b)); break;
		case 'B': put_str(o, tm->tm_mon >= 0 && tm->tm_mon < 12 ?
				  month_name[tm->tm_mon] : "?"); break;
		case 'c': format(o, "%a %b %e %H:%M:%S %Y", tm); break;
		case 'C': put_num(o, year / 100 - (year % 100 < 0), 2, '0'); break;
		case 'd': put_num(o, tm->tm_mday, 2, '0'); break;
		case 'D': format(o, "%m/%d/%y", tm); break;
		case 'e': put_num(o, tm->tm_mday, 2, ' '); break;
		case 'F': format(o, "%Y-%m-%d", tm); break;
		case 'g': iso_week(tm, &iso_year);
			put_num(o, (iso_year % 100 + 100) % 100, 2, '0'); break;
		case 'G': iso_week(tm, &iso_year); put_num(o, iso_year, 1, '0'); break;
		case 'H': put_num(o, tm->tm_hour, 2, '0'); break;
		case 'I': put_num(o, tm->tm_hour % 12 ? tm->tm_hour % 12 : 12, 2, '0'); break;
		case 'j': put_num(o, tm->tm_yday + 1, 3, '0'); break;
		case 'm': put_num(o, tm->tm_mon + 1, 2, '0'); break;
		case 'M': put_num(o, tm->tm_min, 2, '0'); break;
		case 'n': put_str(o, "\n"); break;
		case 'p': put_str(o, tm->tm_hour < 12 ? "AM" : "PM"); break;
		case 'r': format(o, "%I:%M:%S %p", tm); break;
		case 'R': format(o, "%H:%M", tm); break;
		case 'S': put_num(o, tm->tm_sec, 2, '0'); break;
		case 't': put_str(o, "\t"); break;
		case 'T': format(o, "%H:%M:%S", tm); break;
		case 'u': put_num(o, tm->tm_wday ? tm->tm_wday : 7, 1, '0'); break;
		case 'U': put_num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0'); break;
		case 'V': put_num(o, iso_week(tm, &iso_year), 2, '0'); break;
		case 'w': put_num(o, tm->tm_wday, 1, '0'); break;
		case 'W': put_num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0'); break;
		case 'x': format(o, "%m/%d/%y", tm); break;
		case 'X': format(o, "%H:%M:%S", tm); break;
		case 'y': put_num(o, (year % 100 + 100) % 100, 2, '0'); break;
		case 'Y': put_num(o, year, 1, '0'); break;
		case 'z': put_str(o, "+0000"); break;
		case 'Z': put_str(o, "GMT"); break;
		case '%': put_str(o, "%"); break;
		case 0: fmt--; /* a lone % at the end: print it */
			put_str(o, "%"); break;
		default: /* unknown: print as it stands, as glibc does */
			put(o, fmt - 1, 2); break;
		}
	}
}

size_t strftime(char *restrict s, size_t max, const char *restrict fmt,
		const struct tm *restrict tm)
{
	struct out o = { s, max, 0, 0 };
	format(&o, fmt, tm);
	if (o.overflow || max == 0)
		return 0;
	s[o.len] = 0;
	return o.len;
}

/* C11 7.27.3.1's format, exactly. */
char *asctime_r(const struct tm *restrict tm, char *restrict buf)
{
	char d[4], m[4];
	snprintf(buf, 26, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n",
		 abbrev(day_name, tm->tm_wday, 7, d),
		 abbrev(month_name, tm->tm_mon, 12, m), tm->tm_mday,
		 tm->tm_hour, tm->tm_min, tm->tm_sec, 1900 + tm->tm_year);
	return buf;
}

char *asctime(const struct tm *tm)
{
	static char buf[26];
	return asctime_r(tm, buf);
}

char *ctime_r(const time_t *t, char *buf)
{
	struct tm tm;
	return asctime_r(gmtime_r(t, &tm), buf);
}

char *ctime(const time_t *t)
{
	static char buf[26];
	return ctime_r(t, buf);
}
