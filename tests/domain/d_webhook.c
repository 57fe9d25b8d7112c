/* d_webhook.c - the endpoints' state changes, the HubSpot settings and the inbound events
 * without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/webhook.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* A refusal's field and reason, when there is one. */
static int said(int rc, const char *field, const char *why)
{
	if (field)
		printf("field=%s\n", field);
	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* create NAME URL EVENTS SECRET|-: prints id=N */
static int create(struct ctx *c, char **argv)
{
	struct webhook_endpoint e = { .name = argv[0], .url = argv[1], .events = argv[2],
				      .secret = harness_opt(argv[3]) };
	const char *field = NULL, *why = NULL;
	long long id = 0;
	int rc = webhook_create(c, &e, &id, &field, &why);

	if (!rc)
		printf("id=%lld\n", id);
	return said(rc, field, why);
}

/* update ID NAME URL EVENTS */
static int update(struct ctx *c, char **argv)
{
	struct webhook_endpoint e = { .name = argv[1], .url = argv[2], .events = argv[3] };
	const char *field = NULL, *why = NULL;
	int rc = webhook_update(c, harness_id(argv[0]), &e, &field, &why);

	return said(rc, field, why);
}

/* enabled ID 0|1 */
static int enabled(struct ctx *c, char **argv)
{
	return webhook_set_enabled(c, harness_id(argv[0]), (int)harness_id(argv[1]));
}

/* test ID */
static int test(struct ctx *c, char **argv)
{
	return webhook_test(c, harness_id(argv[0]));
}

/* replay DELIVERY: prints endpoint=N when the delivery exists */
static int replay(struct ctx *c, char **argv)
{
	long long ep = 0;
	int rc = webhook_replay(c, harness_id(argv[0]), &ep);

	if (ep)
		printf("endpoint=%lld\n", ep);
	return rc;
}

/* reveal ID: prints shown=0|1 and the secret when shown; rc 0 unless -1 */
static int reveal(struct ctx *c, char **argv)
{
	const char *secret = NULL;
	int shown = webhook_secret_reveal(c, harness_id(argv[0]), &secret);

	if (shown < 0)
		return -1;
	printf("shown=%d\n", shown);
	if (shown)
		printf("secret=%s\n", secret);
	return 0;
}

/* private 0|1 */
static int private(struct ctx *c, char **argv)
{
	return webhook_set_allow_private(c, (int)harness_id(argv[0]));
}

/* hubspot TOKEN|- SECRET|- BASE_URL PIPELINE STAGES EVENTS: STAGES the six remote ids joined
 * by '/' (in webhook_hubspot_stages' order) */
static int hubspot(struct ctx *c, char **argv)
{
	struct webhook_hubspot h = { .token = harness_opt(argv[0]), .client_secret = harness_opt(argv[1]),
				     .base_url = argv[2], .pipeline = argv[3], .events = argv[5] };
	const char *field = NULL, *why = NULL;
	char *p = argv[4];
	int rc;

	for (size_t i = 0; i < WEBHOOK_HUBSPOT_STAGES; i++) {
		char *slash = p ? strchr(p, '/') : NULL;
		h.stages[i] = p ? p : "";
		if (slash)
			*slash = '\0';
		p = slash ? slash + 1 : NULL;
	}
	rc = webhook_hubspot_save(c, &h, &field, &why);
	return said(rc, field, why);
}

/* inbound JSON: a JSON array of HubSpot events (checked by the page's rules beforehand) */
static int inbound(struct ctx *c, char **argv)
{
	json_t *events = json_loads(argv[0], 0, NULL);
	int rc;

	if (!json_is_array(events)) {
		json_decref(events);
		printf("bad=json\n");
		return 1;
	}
	rc = webhook_inbound_add(c, events);
	json_decref(events);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "create", "NAME URL EVENTS SECRET|-", 4, create },
	{ "update", "ID NAME URL EVENTS", 4, update },
	{ "enabled", "ID 0|1", 2, enabled },
	{ "test", "ID", 1, test },
	{ "replay", "DELIVERY", 1, replay },
	{ "reveal", "ID", 1, reveal },
	{ "private", "0|1", 1, private },
	{ "hubspot", "TOKEN|- SECRET|- BASE_URL PIPELINE A/B/C/D/E/F EVENTS", 6, hubspot },
	{ "inbound", "JSON", 1, inbound },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
