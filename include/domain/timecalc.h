/* timecalc.h - pure time arithmetic: durations as typed, ISO weeks, day numbers, money rounding. */
#ifndef TANDEM_TIMECALC_H
#define TANDEM_TIMECALC_H

#include <stddef.h>

#define TC_DAY_MINUTES 1440

/*
 * Parse a duration as people type it into minutes: "1.5" and "1,5" (decimal
 * hours, up to 2 places), "1:30" (h:mm), "90m", "1h", "1h30", "1h30m", "2h 15m".
 * Spaces around the parts are allowed. Decimal hours are rounded half-up to the
 * minute (0.01 h = 0.6 min -> 1). A leading '-' parses (so the caller can say
 * "must be more than zero"). Returns 0 with *minutes set, or -1 for text that
 * is no duration (or above 10,000 hours).
 */
int tc_duration(const char *s, long long *minutes);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long tc_days(int y, int m, int d);
void tc_civil(long days, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int tc_weekday(long days);

/* Parse "YYYY-MM-DD" (a real date) to days: 0, or -1. */
int tc_date_parse(const char *s, long *days);
/* Write "YYYY-MM-DD" into out (at least 11 bytes). */
void tc_date_format(long days, char *out, size_t n);

/* Parse "YYYY-Www" (ISO 8601 week, W01..W52/53 as the year has) to the days of
 * its Monday: 0, or -1. */
int tc_week_parse(const char *s, long *monday);
/* The Monday of the ISO week holding days. */
long tc_week_monday(long days);
/* Write "YYYY-Www" of the ISO week holding days into out (at least 9 bytes). */
void tc_week_format(long days, char *out, size_t n);

/*
 * Money: value of minutes at rate (minor units per hour), rounded half-up to
 * the minor unit: (minutes * rate + 30) / 60. The rounding rule of Tandem,
 * applied per entry; totals are sums of rounded entries. -1 on overflow.
 */
long long tc_amount(long long minutes, long long rate_per_hour);

/* Percentage (0 decimals, half-up) of part in whole; 0 when whole is 0. */
long long tc_percent(long long part, long long whole);

#endif
