/* project.c - project state changes (domain layer): no HTTP, called by pages, HubSpot and commands. */
#include "domain/project.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/closure.h"
#include "domain/outbox.h"
#include "domain/survey.h"

#include <jansson.h>
#include <string.h>

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

/* Stage and health changes share one shape: lock the row, compare, update, record the
 * activity and the event. */
struct field_change {
	const char *field;      /* "stage" or "health": the activity line's kind */
	enum stmt_col column;   /* its column in ST_PROJECT_LOCK */
	enum stmt update;
	enum event_type event;
	int client_visible;     /* the activity line's */
};

static const struct field_change stage_change = {
	"stage", PROJECT_LOCK_STAGE, ST_PROJECT_SET_STAGE, EV_PROJECT_STAGE_CHANGED, 1,
};
static const struct field_change health_change = {
	"health", PROJECT_LOCK_HEALTH, ST_PROJECT_SET_HEALTH, EV_PROJECT_HEALTH_CHANGED, 0,
};

/* Save the project's plan (task and milestone dates, its due date) as the baseline, in the
 * transaction of the stage change. 0, or -1. */
static int baseline_save(struct ctx *c, long long project_id)
{
	if (db_exec(c->db, ST_BASELINE_TASKS, "i", project_id) < 0 ||
	    db_exec(c->db, ST_BASELINE_MILESTONES, "i", project_id) < 0 ||
	    /* the row is locked by the stage change; 0 changed rows (re-entering
	     * execution in the same second) is still a saved baseline */
	    db_exec(c->db, ST_BASELINE_PROJECT, "i", project_id) < 0)
		return -1;
	return 0;
}

static int set_field(struct ctx *ctx, const struct field_change *c, long long id, const char *to,
		     const char *note, int internal, const char *reason)
{
	int closing = c == &stage_change && !strcmp(to, "closure");
	struct closure_list open = { 0 };
	long long client;
	struct db_res *p;
	const char *from;
	json_t *data;

	if (db_query(ctx->db, ctx->arena, ST_PROJECT_LOCK, &p, "i", id))
		return -1;
	if (p->nrows != 1)
		return PROJECT_NOT_FOUND;
	client = db_cell_int(p, 0, PROJECT_LOCK_CLIENT_ID);
	from = db_cell(p, 0, c->column);
	if (!strcmp(from, to))
		return PROJECT_UNCHANGED;
	/* issue 16: closure with items still open needs the PM's reason, read under the lock */
	if (closing) {
		if (closure_checklist(ctx, id, &open))
			return -1;
		if (!open.open)
			reason = NULL;
		else if (!reason || !*reason)
			return PROJECT_OPEN_ITEMS;
	}
	data = json_pack("{s:{s:I, s:s, s:I}, s:s, s:s, s:s?}", "project", "id", (json_int_t)id,
			 "name", db_cell(p, 0, PROJECT_LOCK_NAME), "client_id", (json_int_t)client, "from", from,
			 "to", to, "note", internal ? NULL : note);
	if (internal)
		json_object_set_new(data, "note_internal", json_true());
	/* entering execution saves the plan as the baseline, in this transaction */
	if (db_exec(ctx->db, c->update, "si", to, id) != 1 ||
	    (c == &stage_change && !strcmp(to, "execution") && baseline_save(ctx, id)) ||
	    (closing && (survey_send(ctx, id, client, 0) || closure_record(ctx, id, client, reason, &open))) ||
	    (internal ? db_exec(ctx->db, ST_ACTIVITY_ADD_NOTE_INTERNAL, "nnnssssi", client, id,
				ctx->actor_id, c->field, from, to, note, 1LL) != 1
		      : activity_add(ctx, client, id, c->field, from, to, note, c->client_visible)) ||
	    outbox_emit(ctx, c->event, client, id, data))
		return -1;
	return 0;
}

int project_set_stage(struct ctx *c, long long id, const char *to, const char *note,
		      int note_internal, const char *reason)
{
	return set_field(c, &stage_change, id, to, note, note && note_internal, reason);
}

int project_set_health(struct ctx *c, long long id, const char *to, const char *note)
{
	return set_field(c, &health_change, id, to, note, 0, NULL);
}

int project_update(struct ctx *c, long long id, const struct project_new *p)
{
	struct db_res *res;

	if (db_query(c->db, c->arena, ST_PROJECT_LOCK, &res, "i", id))
		return -1;
	if (res->nrows != 1)
		return PROJECT_NOT_FOUND;
	if (db_exec(c->db, ST_PROJECT_UPDATE, "issnssiissi", p->client_id, p->name, p->code,
		    p->pm_id, p->start_date, p->due_date, p->budget_minutes, p->budget_amount,
		    p->currency, p->scope, id) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ KPIs */

/* A KPI's latest value is news for the client: a client-visible activity line. */
static int kpi_activity(struct ctx *c, long long client, long long pid, const char *name,
			const char *target, const char *actual)
{
	return activity_add(c, client, pid, "kpi", NULL, NULL,
			    arena_printf(c->arena, "%s: %s (target %s)", name,
					 actual && *actual ? actual : "not measured yet", target), 1);
}

int project_kpi_add(struct ctx *c, long long pid, const char *name, const char *target,
		    const char *actual, long long *id)
{
	struct db_res *p;
	long long n;

	if (db_query(c->db, c->arena, ST_PROJECT_LOCK, &p, "i", pid))
		return -1;
	if (p->nrows != 1)
		return PROJECT_NOT_FOUND;
	n = db_exec(c->db, ST_KPI_INSERT, "isssi", pid, name, target, actual ? actual : "", pid);
	if (n == 0)
		return PROJECT_KPI_FULL;
	if (n != 1)
		return -1;
	*id = db_insert_id(c->db);
	return kpi_activity(c, db_cell_int(p, 0, PROJECT_LOCK_CLIENT_ID), pid, name, target, actual);
}

/* Lock KPI id: its row in *k and its project's id in *pid, or PROJECT_NOT_FOUND, or -1. */
static int kpi_lock(struct ctx *c, long long id, struct db_res **k, long long *pid)
{
	if (db_query(c->db, c->arena, ST_KPI_LOCK, k, "i", id))
		return -1;
	if ((*k)->nrows != 1)
		return PROJECT_NOT_FOUND;
	*pid = db_cell_int(*k, 0, KPI_LOCK_PROJECT_ID);
	return 0;
}

int project_kpi_update(struct ctx *c, long long id, const char *name, const char *target,
		       const char *actual, long long *pid)
{
	struct db_res *k;
	int rc;

	if (!actual)
		actual = "";
	if ((rc = kpi_lock(c, id, &k, pid)))
		return rc;
	if (!strcmp(db_cell(k, 0, KPI_LOCK_NAME), name) &&
	    !strcmp(db_cell(k, 0, KPI_LOCK_TARGET), target) &&
	    !strcmp(db_cell(k, 0, KPI_LOCK_ACTUAL), actual))
		return PROJECT_UNCHANGED;
	if (db_exec(c->db, ST_KPI_UPDATE, "sssi", name, target, actual, id) != 1 ||
	    kpi_activity(c, db_cell_int(k, 0, KPI_LOCK_CLIENT_ID), *pid, name, target, actual))
		return -1;
	return 0;
}

int project_kpi_delete(struct ctx *c, long long id, long long *pid)
{
	struct db_res *k;
	int rc;

	if ((rc = kpi_lock(c, id, &k, pid)))
		return rc;
	return db_exec(c->db, ST_KPI_DELETE, "i", id) == 1 ? 0 : -1;
}
