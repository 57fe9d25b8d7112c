/* d_outbox.c - outbox_emit and activity_add without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/outbox.h"
#include "domain/outbox_settings.h"
#include "domain/vocab.h"

#include <jansson.h>
#include <stdio.h>

/* emit TYPE CLIENT PROJECT JSON: TYPE is a wire name ("project.created") */
static int emit(struct ctx *c, char **argv)
{
	enum event_type t;
	json_t *data = json_loads(argv[3], 0, NULL);

	if (!data || vocab_event_parse(argv[0], &t)) {
		json_decref(data);
		printf("bad=type or json\n");
		return 1;
	}
	return outbox_emit(c, t, harness_id(argv[1]), harness_id(argv[2]), data);
}

/* activity CLIENT PROJECT KIND NOTE VISIBLE(0|1): by the ctx's actor */
static int activity(struct ctx *c, char **argv)
{
	return activity_add(c, harness_id(argv[0]), harness_id(argv[1]), argv[2], NULL, NULL,
			    harness_opt(argv[3]), (int)harness_id(argv[4]));
}

/* settings: the typed settings as the worker reads them (defaults for absent rows) */
static int settings(struct ctx *c, char **argv)
{
	struct outbox_settings s;
	int rc = outbox_settings_load(c->db, c->arena, &s);

	printf("allow_private=%d\nretry_scale=%g\ntimeout_ms=%ld\nlease_s=%ld\nhs_pipeline=%s\n"
	       "hs_connected=%d\nhs_limit=%ld\n", s.allow_private, s.retry_scale, s.timeout_ms,
	       s.lease_s, s.hs_pipeline, s.hs_token != NULL, s.hs_limit);
	return rc;
}

/* map-get MAP KEY: the value of KEY in "k=v,k=v" */
static int map_get(struct ctx *c, char **argv)
{
	printf("value=%s\n", outbox_map_get(c->arena, argv[0], argv[1]));
	return 0;
}

static const struct scenario scenarios[] = {
	{ "settings", "", 0, settings },
	{ "map-get", "MAP KEY", 2, map_get },
	{ "emit", "TYPE CLIENT PROJECT JSON", 4, emit },
	{ "activity", "CLIENT PROJECT KIND NOTE|- VISIBLE", 5, activity },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
