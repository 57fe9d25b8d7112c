/* tz.c - wall-clock time in a named time zone, from the system's zone files (through TZ). */
#include "core/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* 1 when the file at path opens with the zone files' magic "TZif" (zone.tab and the
 * other tables beside the zones do not). */
static int tzif(const char *path)
{
	char magic[4];
	FILE *f = fopen(path, "rb");
	int ok = f && fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);

	if (f)
		fclose(f);
	return ok;
}

int tz_ok(const char *zone)
{
	const char *dir = getenv("TZDIR"), *p, *part;
	char path[512];
	struct stat st;

	if (!zone || !*zone || strlen(zone) > TZ_NAME_MAX)
		return 0;
	for (part = p = zone;; p++) {
		if (*p == '/' || !*p) {
			if (p == part) /* an empty part: a leading '/' (a path) or "//" */
				return 0;
			if (!*p)
				break;
			part = p + 1;
		} else if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			     (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '+')) {
			return 0;
		}
	}
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, zone) >= sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && tzif(path);
}

static int is_utc(const char *zone)
{
	return !zone || !*zone || !strcmp(zone, "UTC");
}

/* TZ set to zone for one conversion; the old value (NULL: unset) back by leave(). */
static char *enter(const char *zone)
{
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;

	setenv("TZ", zone, 1);
	tzset();
	return saved;
}

static void leave(char *saved)
{
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
	tzset();
}

void tz_local(const char *zone, time_t t, struct tm *out)
{
	char *saved;

	if (is_utc(zone)) {
		gmtime_r(&t, out);
		return;
	}
	saved = enter(zone);
	localtime_r(&t, out);
	leave(saved);
}

time_t tz_utc(const char *zone, const struct tm *local)
{
	struct tm tm = *local;
	char *saved;
	time_t t;

	tm.tm_isdst = -1;
	if (is_utc(zone))
		return timegm(&tm);
	saved = enter(zone);
	t = mktime(&tm);
	leave(saved);
	return t;
}
