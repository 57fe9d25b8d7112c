/* timecalc.c - pure time arithmetic: durations as typed, ISO weeks, day numbers, money rounding. */
#include "domain/timecalc.h"

#include <stdio.h>

#define MAX_MINUTES (10000LL * 60)

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* Digits into *v (at most 9 of them); returns the end, or NULL when none. */
static const char *digits(const char *s, long long *v, int *count)
{
	*v = 0;
	*count = 0;
	while (*s >= '0' && *s <= '9') {
		if (*count == 9)
			return NULL;
		*v = *v * 10 + (*s - '0');
		s++;
		(*count)++;
	}
	return *count ? s : NULL;
}

int tc_duration(const char *s, long long *minutes)
{
	long long h = 0, m = 0, frac = 0, total;
	int neg = 0, n, nf = 0;
	const char *p;

	if (!s)
		return -1;
	s = skip_spaces(s);
	if (*s == '-') {
		neg = 1;
		s = skip_spaces(s + 1);
	}
	p = digits(s, &h, &n);
	if (!p) {
		/* ".5" and ",5" are half an hour */
		if ((*s == '.' || *s == ',') && s[1] >= '0' && s[1] <= '9') {
			p = s;
			h = 0;
		} else {
			return -1;
		}
	}
	if (*p == '.' || *p == ',') {
		p = digits(p + 1, &frac, &nf);
		if (!p || nf > 2)
			return -1;
		if (nf == 1)
			frac *= 10;
		total = h * 60 + (frac * 60 + 50) / 100;
	} else if (*p == ':') {
		p = digits(p + 1, &m, &n);
		if (!p || n != 2 || m > 59)
			return -1;
		total = h * 60 + m;
	} else if (*p == 'm' || *p == 'M') {
		p++;
		if ((*p == 'i' && p[1] == 'n'))
			p += 2;
		total = h;
	} else if (*p == 'h' || *p == 'H') {
		p = skip_spaces(p + 1);
		total = h * 60;
		if (*p >= '0' && *p <= '9') {
			p = digits(p, &m, &n);
			if (!p || m > 59)
				return -1;
			if (*p == 'm' || *p == 'M')
				p++;
			total += m;
		}
	} else {
		total = h * 60;
	}
	p = skip_spaces(p);
	if (*p || total > MAX_MINUTES)
		return -1;
	*minutes = neg ? -total : total;
	return 0;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long tc_days(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void tc_civil(long days, int *y, int *m, int *d)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int tc_weekday(long days)
{
	long w = (days + 3) % 7; /* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

static int num(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int tc_date_parse(const char *s, long *days)
{
	int y, m, d, yy, mm, dd;

	if (!s || num(s, 4, &y) || s[4] != '-' || num(s + 5, 2, &m) || s[7] != '-' ||
	    num(s + 8, 2, &d) || s[10])
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return -1;
	*days = tc_days(y, m, d);
	tc_civil(*days, &yy, &mm, &dd);
	return yy == y && mm == m && dd == d ? 0 : -1;
}

void tc_date_format(long days, char *out, size_t n)
{
	int y, m, d;

	tc_civil(days, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

long tc_week_monday(long days)
{
	return days - tc_weekday(days);
}

/* Monday of ISO week 1 of year y: the week holding 4 January. */
static long week1(int y)
{
	return tc_week_monday(tc_days(y, 1, 4));
}

int tc_week_parse(const char *s, long *monday)
{
	int y, w;
	long mon;

	if (!s || num(s, 4, &y) || s[4] != '-' || (s[5] != 'W' && s[5] != 'w') ||
	    num(s + 6, 2, &w) || s[8])
		return -1;
	if (y < 1900 || w < 1 || w > 53)
		return -1;
	mon = week1(y) + (w - 1) * 7L;
	if (w == 53 && mon >= week1(y + 1))
		return -1;
	*monday = mon;
	return 0;
}

void tc_week_format(long days, char *out, size_t n)
{
	long mon = tc_week_monday(days);
	int y, m, d;

	/* the ISO year is the year of the week's Thursday */
	tc_civil(mon + 3, &y, &m, &d);
	snprintf(out, n, "%04d-W%02ld", y, (mon - week1(y)) / 7 + 1);
}

long long tc_amount(long long minutes, long long rate_per_hour)
{
	if (minutes < 0 || rate_per_hour < 0)
		return -1;
	if (rate_per_hour && minutes > (9223372036854775807LL - 30) / rate_per_hour)
		return -1;
	return (minutes * rate_per_hour + 30) / 60;
}

long long tc_percent(long long part, long long whole)
{
	if (whole <= 0)
		return 0;
	return (part * 200 + whole) / (2 * whole);
}
