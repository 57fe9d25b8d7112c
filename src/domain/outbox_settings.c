/* outbox_settings.c - the `settings` table read into typed values, defaults for absent rows. */
#include "domain/outbox_settings.h"
#include "core/db.h"

#include <stdlib.h>
#include <string.h>

static long num(const char *v, long def, long min, long max)
{
	char *end;
	long n;

	if (!v || !*v)
		return def;
	n = strtol(v, &end, 10);
	return *end || n < min || n > max ? def : n;
}

const char *outbox_map_get(struct arena *a, const char *map, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = map; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > kl && !strncmp(p, key, kl) && p[kl] == '=')
			return arena_strndup(a, p + kl + 1, len - kl - 1);
		p = end ? end + 1 : NULL;
	}
	return "";
}

int outbox_settings_load(struct db *db, struct arena *a, struct outbox_settings *s)
{
	struct db_res *res;

	memset(s, 0, sizeof(*s));
	s->retry_scale = 1.0;
	s->timeout_ms = 10000;
	s->lease_s = 60;
	s->hs_base = "https://api.hubapi.com";
	s->hs_stage_map = "initiation=appointmentscheduled,planning=qualifiedtobuy,"
			  "execution=contractsent,closure=closedwon,closed_won=closedwon,"
			  "closed_lost=closedlost";
	s->hs_pipeline = "default";
	s->hs_limit = 100;
	s->hs_window_ms = 10000;
	if (db_query(db, a, ST_SETTINGS_ALL, &res, ""))
		return -1;
	for (size_t i = 0; i < res->nrows; i++) {
		const char *k = db_cell(res, i, SETTINGS_ALL_NAME), *v = db_cell(res, i, SETTINGS_ALL_VALUE);
		if (!v || !*v)
			continue;
		if (!strcmp(k, "allow_private_targets"))
			s->allow_private = !strcmp(v, "1");
		else if (!strcmp(k, "retry_scale")) {
			char *end;
			double d = strtod(v, &end);
			if (!*end && d > 0 && d <= 1000)
				s->retry_scale = d;
		} else if (!strcmp(k, "delivery_timeout_ms"))
			s->timeout_ms = num(v, s->timeout_ms, 100, 60000);
		else if (!strcmp(k, "lease_seconds"))
			s->lease_s = num(v, s->lease_s, 2, 3600);
		else if (!strcmp(k, "hubspot_token"))
			s->hs_token = v;
		else if (!strcmp(k, "hubspot_base_url"))
			s->hs_base = v;
		else if (!strcmp(k, "hubspot_client_secret"))
			s->hs_secret = v;
		else if (!strcmp(k, "hubspot_stage_map"))
			s->hs_stage_map = v;
		else if (!strcmp(k, "hubspot_pipeline"))
			s->hs_pipeline = v;
		else if (!strcmp(k, "hubspot_rate_limit"))
			s->hs_limit = num(v, s->hs_limit, 1, 100000);
		else if (!strcmp(k, "hubspot_rate_window_ms"))
			s->hs_window_ms = num(v, s->hs_window_ms, 10, 3600000);
	}
	return 0;
}
