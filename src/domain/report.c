/* report.c - status report state changes (domain layer): no HTTP, called by the report pages. */
#include "domain/report.h"
#include "domain/dates.h"
#include "domain/delay.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

/* The words the pages use for a health (layout.xsl health-label). */
static const char *health_label(const char *h)
{
	if (!strcmp(h, "green"))
		return "On track";
	if (!strcmp(h, "amber"))
		return "At risk";
	if (!strcmp(h, "red"))
		return "Off track";
	return h;
}

int report_create(struct ctx *c, long long pid, const struct report_fields *f, long long *id)
{
	struct db_res *p;

	/* the project as staff see it (is_staff 1): its health is the default */
	if (db_query(c->db, c->arena, ST_REPORT_PROJECT, &p, "iii", pid, 1LL, 0LL))
		return -1;
	if (p->nrows != 1)
		return REPORT_NOT_FOUND;
	if (db_exec(c->db, ST_REPORT_INSERT, "insssssssi", pid, c->actor_id,
		    f->period_date ? f->period_date : dates_today(c->arena),
		    f->health ? f->health : db_cell(p, 0, REPORT_PROJECT_HEALTH), f->summary, f->done,
		    f->next, f->risks, f->decisions, (long long)!!f->include_budget) != 1)
		return -1;
	*id = db_insert_id(c->db);
	return 0;
}

/* Lock report id as a draft: its row in *s, or REPORT_NOT_FOUND, REPORT_PUBLISHED (with
 * *published_at), or -1. */
static int draft_lock(struct ctx *c, long long id, struct db_res **s, const char **published_at)
{
	if (db_query(c->db, c->arena, ST_REPORT_LOCK, s, "i", id))
		return -1;
	if ((*s)->nrows != 1)
		return REPORT_NOT_FOUND;
	if (strcmp(db_cell(*s, 0, REPORT_LOCK_STATE), "draft")) {
		*published_at = db_cell(*s, 0, REPORT_LOCK_PUBLISHED_AT);
		return REPORT_PUBLISHED;
	}
	return 0;
}

int report_update(struct ctx *c, long long id, const struct report_fields *f,
		  const char **published_at)
{
	struct db_res *s;
	int rc;

	if ((rc = draft_lock(c, id, &s, published_at)))
		return rc;
	/* 0 rows when nothing changed within the second: the row is locked and a draft */
	if (db_exec(c->db, ST_REPORT_UPDATE, "sssssssii", f->period_date ? f->period_date : dates_today(c->arena),
		    f->health ? f->health : db_cell(s, 0, REPORT_LOCK_HEALTH), f->summary, f->done,
		    f->next, f->risks, f->decisions, (long long)!!f->include_budget, id) < 0)
		return -1;
	return 0;
}

/* Tell the client's active contacts who can sign in of published report id (row s of
 * ST_REPORT_LOCK), inside the publication's transaction: "report_published" (its e-mail by
 * their choice, the digest by default). 0, or -1. */
static int tell(struct ctx *c, long long id, const struct db_res *s)
{
	struct notice n = {
		.kind = NK_REPORT_PUBLISHED,
		.client_id = db_cell_int(s, 0, REPORT_LOCK_CLIENT_ID),
		.project_id = db_cell_int(s, 0, REPORT_LOCK_PROJECT_ID),
		.link = arena_printf(c->arena, "/status-reports/%lld", id),
		.text = arena_printf(c->arena, "Status report for %s (%s), %s: %s",
				     db_cell(s, 0, REPORT_LOCK_NAME), db_cell(s, 0, REPORT_LOCK_PERIOD_DATE),
				     health_label(db_cell(s, 0, REPORT_LOCK_HEALTH)),
				     notify_excerpt(c->arena, db_cell(s, 0, REPORT_LOCK_SUMMARY), 300)),
	};

	return notify_contacts(c, &n);
}

/* Row 0's cell of the column named name (a name the statement lacks stops in db_cell). */
static const char *fig_cell(const struct db_res *fig, const char *name)
{
	return db_cell(fig, 0, (size_t)db_col(fig, name));
}

int report_publish(struct ctx *c, long long id, const char **published_at)
{
	struct db_res *s, *fig;
	long long pid, client, with_money;
	const char *url;
	json_t *data;
	int rc;

	if ((rc = draft_lock(c, id, &s, published_at)))
		return rc;
	pid = db_cell_int(s, 0, REPORT_LOCK_PROJECT_ID);
	client = db_cell_int(s, 0, REPORT_LOCK_CLIENT_ID);
	with_money = db_cell_int(s, 0, REPORT_LOCK_INCLUDE_BUDGET);
	if (db_query(c->db, c->arena, ST_REPORT_FIGURES, &fig, "i", pid) || fig->nrows != 1)
		return -1;
	/* the days waited on the client (issue 16), written while the report is still a draft */
	if (delay_report_snapshot(c, id, pid))
		return -1;
	/* the snapshot: what the client reads stays as it was on the day */
	if (db_exec(c->db, ST_REPORT_PUBLISH, "n" "ssssssssssss" "i", c->actor_id, fig_cell(fig, "stage"),
		    fig_cell(fig, "progress"), fig_cell(fig, "budget-minutes"), fig_cell(fig, "spent-minutes"),
		    with_money ? fig_cell(fig, "budget-amount") : NULL,
		    with_money ? fig_cell(fig, "spent-amount") : NULL,
		    with_money ? fig_cell(fig, "currency") : NULL, fig_cell(fig, "progress-basis"),
		    fig_cell(fig, "tasks-done"), fig_cell(fig, "tasks-total"),
		    fig_cell(fig, "milestones-reached"), fig_cell(fig, "milestones-total"), id) != 1)
		return -1;
	if (activity_add(c, client, pid, "status_report", NULL, db_cell(s, 0, REPORT_LOCK_HEALTH),
			 db_cell(s, 0, REPORT_LOCK_SUMMARY), 1))
		return -1;
	url = arena_printf(c->arena, "%s/status-reports/%lld", c->cfg->base_url, id);
	data = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "report_id", (json_int_t)id,
			 "project_id", (json_int_t)pid, "project_name", db_cell(s, 0, REPORT_LOCK_NAME),
			 "period", db_cell(s, 0, REPORT_LOCK_PERIOD_DATE), "health", db_cell(s, 0, REPORT_LOCK_HEALTH),
			 "summary", db_cell(s, 0, REPORT_LOCK_SUMMARY), "url", url);
	/* outbox_emit takes data over, whatever happens */
	if (!data || outbox_emit(c, EV_STATUS_REPORT_PUBLISHED, client, pid, data) ||
	    tell(c, id, s))
		return -1;
	return 0;
}
