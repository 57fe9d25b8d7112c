/* d_rule.c - automations without a page (issue 13): rules saved from JSON, runs carried out,
 * time triggers scanned, a rule tried against an event. */
#include "harness.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/rule.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *js(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (json_is_integer(v)) {
		static char num[64][32]; /* integers given as numbers: enough for one rule */
		static int n;
		char *s = num[n++ % 64];
		snprintf(s, 32, "%lld", (long long)json_integer_value(v));
		return s;
	}
	return json_string_value(v);
}

/* The rule_in of JSON {"name", "enabled", "scope", "scope_id", "trigger", "days",
 * "cond": [[field, op, value], ...], "act": [{"kind", "text", "body", "who", "start", "due",
 * "value", "visible"}, ...]}, its strings borrowed from the JSON returned (NULL: not JSON),
 * which the caller decrefs. */
static json_t *rule_in_json(const char *text, struct rule_in *in)
{
	json_t *o = json_loads(text, 0, NULL), *v;
	size_t i;

	memset(in, 0, sizeof(*in));
	if (!o)
		return NULL;
	in->name = js(o, "name");
	in->enabled = json_is_true(json_object_get(o, "enabled"));
	in->scope = js(o, "scope");
	in->scope_id = json_integer_value(json_object_get(o, "scope_id"));
	in->trigger = js(o, "trigger");
	in->days = js(o, "days");
	json_array_foreach(json_object_get(o, "cond"), i, v) {
		if (i >= RULE_CONDS_MAX)
			break;
		in->cond[i] = (struct rule_cond_in){ json_string_value(json_array_get(v, 0)),
						     json_string_value(json_array_get(v, 1)),
						     json_string_value(json_array_get(v, 2)) };
	}
	json_array_foreach(json_object_get(o, "act"), i, v) {
		if (i >= RULE_ACTIONS_MAX)
			break;
		in->act[i] = (struct rule_action_in){ js(v, "kind"), js(v, "text"), js(v, "body"),
						      js(v, "who"), js(v, "start"), js(v, "due"),
						      js(v, "value"), json_is_true(json_object_get(v, "visible")) };
	}
	return o;
}

/* save ID|0 JSON: prints id=N, or problemN lines */
static int save(struct ctx *c, char **argv)
{
	struct rule_in in;
	struct problems p = { 0 };
	long long id = 0;
	json_t *o = rule_in_json(argv[1], &in);
	int rc;

	if (!o)
		return 99;
	rc = rule_save(c, harness_id(argv[0]), &in, &id, &p);
	json_decref(o);
	if (!rc)
		printf("id=%lld\n", id);
	harness_problems(&p);
	return rc;
}

/* preset CODE ENABLED SCOPE SCOPE_ID: the preset saved as it is, scoped; prints id=N */
static int preset(struct ctx *c, char **argv)
{
	struct rule_in in;
	struct problems p = { 0 };
	long long id = 0;
	int rc;

	if (rule_preset_fill(argv[0], &in))
		return 99;
	in.enabled = atoi(argv[1]);
	in.scope = argv[2];
	in.scope_id = atoll(argv[3]);
	rc = rule_save(c, 0, &in, &id, &p);
	if (!rc)
		printf("id=%lld\n", id);
	harness_problems(&p);
	return rc;
}

/* enabled ID 0|1 */
static int enabled(struct ctx *c, char **argv)
{
	return rule_set_enabled(c, harness_id(argv[0]), atoi(argv[1]));
}

/* delete ID */
static int del(struct ctx *c, char **argv)
{
	return rule_delete(c, harness_id(argv[0]));
}

/* The next four manage their own transactions: the harness's is closed around them. */

/* run MAX SCALE: prints ran=N */
static int run(struct ctx *c, char **argv)
{
	int n;

	db_commit(c->db);
	n = rule_runs_run(c, atoi(argv[0]), strtod(argv[1], NULL));
	printf("ran=%d\n", n);
	db_begin(c->db);
	return n < 0 ? -1 : 0;
}

/* fanout MAX: prints queued=N (the runs of the events flagged for the automations) */
static int fanout(struct ctx *c, char **argv)
{
	int n;

	db_commit(c->db);
	n = rule_fanout_run(c, atoi(argv[0]));
	printf("queued=%d\n", n);
	db_begin(c->db);
	return n < 0 ? -1 : 0;
}

/* scan: prints queued=N */
static int scan(struct ctx *c, char **argv)
{
	int n;

	(void)argv;
	db_commit(c->db);
	n = rule_scan_run(c);
	printf("queued=%d\n", n);
	db_begin(c->db);
	return n < 0 ? -1 : 0;
}

/* try ID EVENT: prints log=JSON */
static int try(struct ctx *c, char **argv)
{
	json_t *out = NULL;
	char *s;
	int rc;

	db_commit(c->db);
	rc = rule_try(c, harness_id(argv[0]), atoll(argv[1]), &out);
	if (out && (s = json_dumps(out, JSON_COMPACT))) {
		printf("log=%s\n", s);
		free(s);
	}
	json_decref(out);
	db_begin(c->db);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "save", "ID|0 JSON", 2, save },
	{ "preset", "CODE ENABLED SCOPE SCOPE_ID", 4, preset },
	{ "enabled", "ID 0|1", 2, enabled },
	{ "delete", "ID", 1, del },
	{ "run", "MAX SCALE", 2, run },
	{ "fanout", "MAX", 1, fanout },
	{ "scan", "", 0, scan },
	{ "try", "ID EVENT", 2, try },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
