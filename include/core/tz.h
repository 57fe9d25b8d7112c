/* tz.h - wall-clock time in a named time zone, from the system's zone files. */
#ifndef TANDEM_TZ_H
#define TANDEM_TZ_H

#include <time.h>

#define TZ_NAME_MAX 64 /* users.time_zone is a VARCHAR(64) */

/*
 * 1 when zone is the name of a zone file of the system ("Europe/Berlin", "UTC",
 * "America/Argentina/Buenos_Aires"): parts of letters, digits, '_', '-' and '+' joined by
 * '/', at most TZ_NAME_MAX characters, naming a regular file under $TZDIR (default
 * /usr/share/zoneinfo) that is a zone file (its magic "TZif"). Else 0 (NULL, "", a POSIX
 * rule string, a path, "..", a table such as zone.tab).
 */
int tz_ok(const char *zone);

/*
 * The instant t as wall-clock time in zone (tm_isdst and tm_gmtoff set); zone NULL, "" or
 * "UTC": UTC. The zone is read by the C library (glibc's tzset) through the TZ variable,
 * set for the call and put back after it: call it from one thread only (the outbox
 * worker and the request workers are single-threaded processes). zone must pass tz_ok
 * (the caller checks; an unknown name reads as UTC).
 */
void tz_local(const char *zone, time_t t, struct tm *out);

/*
 * The instant of the wall-clock time local (its date and time fields; tm_isdst ignored)
 * in zone, as tz_local reads zones (the C library's mktime: a time a daylight-saving change
 * skips or repeats is read as mktime reads it; the digests' 08:00 is neither in any zone of
 * the database).
 */
time_t tz_utc(const char *zone, const struct tm *local);

#endif
