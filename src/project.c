/* project.c - project state changes (domain layer): no HTTP, called by pages, HubSpot and commands. */
#include "project.h"
#include "db.h"
#include "outbox.h"

#include <jansson.h>

int project_create(struct ctx *c, const struct project_new *p, long long *id)
{
	const char *stage = p->stage ? p->stage : "initiation";
	const char *health = p->health ? p->health : "green";
	json_t *data;

	if (db_exec(c->db, ST_PROJECT_INSERT, "issnssssiiss", p->client_id, p->name, p->code,
		    p->pm_id, stage, health, p->start_date, p->due_date, p->budget_minutes,
		    p->budget_amount, p->currency, p->scope) != 1)
		return -1;
	*id = db_insert_id(c->db);
	if (activity_add(c, p->client_id, *id, "created", NULL, stage, p->note, 1))
		return -1;
	data = json_pack("{s:{s:I, s:s, s:s?, s:I, s:s?, s:s?, s:I, s:I, s:s, s:s, s:s}}", "project",
			 "id", (json_int_t)*id, "name", p->name, "code", p->code, "client_id",
			 (json_int_t)p->client_id, "start_date", p->start_date, "due_date",
			 p->due_date, "budget_minutes", (json_int_t)p->budget_minutes,
			 "budget_amount", (json_int_t)p->budget_amount, "currency", p->currency,
			 "stage", stage, "source", p->source);
	if (!data)
		return -1;
	return outbox_emit(c, EV_PROJECT_CREATED, p->client_id, *id, data);
}
