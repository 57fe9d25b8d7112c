/* change.c - change request state changes (domain layer): drafting and proposing, and the decision from staff, portal and approval links alike. */
#include "domain/change.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"

#include <jansson.h>
#include <string.h>

/* Checked when the change is saved and again, on the locked row, when it is approved. */
const char *change_budget_floor(long long budget_minutes, long long budget_amount,
				long long minutes, long long amount, const char **field)
{
	if (minutes < 0 && budget_minutes + minutes < 0) {
		*field = "impact_hours";
		return "would take the project's hours budget below zero.";
	}
	if (amount < 0 && budget_amount + amount < 0) {
		*field = "impact_amount";
		return "would take the project's money budget below zero.";
	}
	return NULL;
}

/* The checks of change_check on project row p (ST_PLAN_PROJECT_LOCK). */
static void check(struct ctx *ctx, const struct db_res *p, const struct change_new *n,
		  struct problems *out)
{
	const char *msg, *field;

	if ((msg = change_budget_floor(db_cell_int(p, 0, PLAN_PROJECT_LOCK_BUDGET_MINUTES),
				       db_cell_int(p, 0, PLAN_PROJECT_LOCK_BUDGET_AMOUNT),
				       n->impact_minutes, n->impact_amount, &field)))
		problem_add(out, field, arena_printf(ctx->arena, "This reduction %s", msg));
	if (n->shift_from && !n->impact_days)
		problem_add(out, "shift_from", "Give the impact in days to shift the plan by.");
}

int change_check(struct ctx *ctx, const struct change_new *n, struct problems *out)
{
	struct db_res *p;

	if (db_query(ctx->db, ctx->arena, ST_PLAN_PROJECT_LOCK, &p, "i", n->project_id))
		return -1;
	if (p->nrows != 1)
		return CHANGE_NOT_FOUND;
	check(ctx, p, n, out);
	return 0;
}

int change_create(struct ctx *ctx, const struct change_new *n, long long *id, struct problems *out)
{
	int rc = change_check(ctx, n, out);

	if (rc)
		return rc;
	if (out->n)
		return CHANGE_REFUSED;
	if (db_exec(ctx->db, ST_CR_INSERT, "issiiisn", n->project_id, n->title, n->description,
		    n->impact_days, n->impact_minutes, n->impact_amount, n->shift_from,
		    ctx->actor_id) != 1)
		return -1;
	*id = db_insert_id(ctx->db);
	return 0;
}

int change_propose(struct ctx *ctx, long long id, const char **why)
{
	struct db_res *c;

	*why = NULL;
	if (db_query(ctx->db, ctx->arena, ST_CR_LOCK, &c, "i", id))
		return -1;
	if (c->nrows != 1)
		return CHANGE_NOT_FOUND;
	if (strcmp(db_cell(c, 0, CR_LOCK_STATUS), "draft")) {
		*why = "Only a draft can be proposed.";
		return CHANGE_REFUSED;
	}
	return db_exec(ctx->db, ST_CR_PROPOSE, "i", id) == 1 ? 0 : -1;
}

/* Count the open milestones and unfinished tasks of project pid due after date day into *n. */
static int past_date(struct ctx *ctx, long long pid, const char *day, long long *n)
{
	struct db_res *res;

	if (db_query(ctx->db, ctx->arena, ST_PLAN_PAST_DATE, &res, "isis", pid, day, pid, day))
		return -1;
	*n = db_cell_int(res, 0, PLAN_PAST_DATE_N);
	return 0;
}

/*
 * Approving change c (a ST_CR_LOCK row) of project row p (ST_PLAN_PROJECT_LOCK), whose due
 * date moves to new_due: the budget floor on the locked row, then the shift of the plan when
 * the change names a date (open milestones and unfinished tasks due on or after it move by
 * impact_days, in the project only), recorded on the change and in an activity line. Refused
 * (CHANGE_REFUSED, *why) when it would leave a milestone or task newly past the project's due date.
 */
static int apply_shift(struct ctx *ctx, struct db_res *c, struct db_res *p, const char *new_due,
		       int *moved, const char **why)
{
	long long id = db_cell_int(c, 0, CR_LOCK_ID), pid = db_cell_int(c, 0, CR_LOCK_PROJECT_ID);
	long long days = db_cell_int(c, 0, CR_LOCK_IMPACT_DAYS), before = 0, after = 0;
	const char *from = db_cell(c, 0, CR_LOCK_SHIFT_FROM), *field;
	int ms = 0, tasks = 0;

	if (change_budget_floor(db_cell_int(p, 0, PLAN_PROJECT_LOCK_BUDGET_MINUTES), db_cell_int(p, 0, PLAN_PROJECT_LOCK_BUDGET_AMOUNT), db_cell_int(c, 0, CR_LOCK_IMPACT_MINUTES),
				db_cell_int(c, 0, CR_LOCK_IMPACT_AMOUNT), &field)) {
		*why = !strcmp(field, "impact_hours")
			       ? "Approving it would take the project's hours budget below zero."
			       : "Approving it would take the project's money budget below zero.";
		return CHANGE_REFUSED;
	}
	if (new_due && db_cell(p, 0, PLAN_PROJECT_LOCK_DUE_DATE) && past_date(ctx, pid, db_cell(p, 0, PLAN_PROJECT_LOCK_DUE_DATE), &before))
		return -1;
	if (from && days) {
		ms = db_exec(ctx->db, ST_MS_SHIFT, "iis", days, pid, from);
		tasks = db_exec(ctx->db, ST_TASK_SHIFT, "iiis", days, days, pid, from);
		if (ms < 0 || tasks < 0 ||
		    db_exec(ctx->db, ST_CR_SHIFTED, "iii", (long long)ms, (long long)tasks, id) != 1)
			return -1;
		moved[0] = ms;
		moved[1] = tasks;
		if ((ms || tasks) &&
		    activity_add(ctx, db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID), pid, "tasks_rescheduled", NULL, NULL,
				 arena_printf(ctx->arena, "Change “%s” approved: %d milestone%s and %d task%s"
					      " due on or after %s moved %s%lld day%s.", db_cell(c, 0, CR_LOCK_TITLE),
					      ms, ms == 1 ? "" : "s", tasks, tasks == 1 ? "" : "s", from,
					      days > 0 ? "+" : "−", days > 0 ? days : -days,
					      days == 1 || days == -1 ? "" : "s"), 0))
			return -1;
	}
	if (new_due && past_date(ctx, pid, new_due, &after))
		return -1;
	if (after > before) {
		*why = arena_printf(ctx->arena, "Approving it would leave %lld milestone(s) or task(s) after"
				    " the new due date %s: give the change a date to shift the plan from,"
				    " or move them first.", after - before, new_due);
		return CHANGE_REFUSED;
	}
	return 0;
}

/* Tell the project's PM of the decision on change id when a client contact made it (the
 * portal, an approval link): the PM is not told of staff deciding. 0, or -1. */
static int tell_pm(struct ctx *ctx, long long id, long long pid, const char *title, const char *to,
		   const char *note, long long decided_by)
{
	struct db_res *u;
	struct notify_project p;
	struct notice n = { .kind = NK_DECISION, .project_id = pid };

	if (db_query(ctx->db, ctx->arena, ST_NOTIFY_USER, &u, "i", decided_by))
		return -1;
	if (u->nrows != 1 || !db_cell_int(u, 0, NOTIFY_USER_CONTACT))
		return 0;
	if (notify_project(ctx, pid, &p))
		return -1;
	if (note && !*note)
		note = NULL;
	n.user_id = p.pm_id;
	n.client_id = p.client_id;
	n.link = arena_printf(ctx->arena, "/projects/%lld/changes#change-%lld", pid, id);
	n.text = arena_printf(ctx->arena, "%s %s the change request \u201c%s\u201d (%s)%s%s%s",
			      db_cell(u, 0, NOTIFY_USER_NAME), to, title, p.name,
			      note ? ": \u201c" : ".", note ? notify_excerpt(ctx->arena, note, 300) : "",
			      note ? "\u201d" : "");
	return notify(ctx, &n) < 0 ? -1 : 0;
}

int change_decide(struct ctx *ctx, long long id, const char *to, const char *note,
		  long long decided_by, const char **why)
{
	long long pid, days, client;
	struct db_res *c, *p, *due;
	const char *title, *new_due = NULL;
	json_t *data;
	int st, moved[2] = { 0, 0 };

	*why = NULL;
	if (db_query(ctx->db, ctx->arena, ST_CR_LOCK, &c, "i", id))
		return -1;
	if (c->nrows != 1)
		return CHANGE_NOT_FOUND;
	pid = db_cell_int(c, 0, CR_LOCK_PROJECT_ID);
	title = db_cell(c, 0, CR_LOCK_TITLE);
	days = db_cell_int(c, 0, CR_LOCK_IMPACT_DAYS);
	if (strcmp(db_cell(c, 0, CR_LOCK_STATUS), "proposed")) {
		*why = "Only a proposed change can be approved or rejected; propose it first.";
		return CHANGE_REFUSED;
	}
	if (db_query(ctx->db, ctx->arena, ST_PLAN_PROJECT_LOCK, &p, "i", pid) || p->nrows != 1)
		return -1;
	client = db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID);
	if (!strcmp(to, "approved")) {
		if (db_query(ctx->db, ctx->arena, ST_PROJECT_DUE_AFTER, &due, "ii", days, pid))
			return -1;
		new_due = db_cell(due, 0, PROJECT_DUE_AFTER_NEW_DUE);
		if (new_due && db_cell(due, 0, PROJECT_DUE_AFTER_START_DATE) && strcmp(new_due, db_cell(due, 0, PROJECT_DUE_AFTER_START_DATE)) < 0) {
			*why = "Approving it would move the project's due date before its start date.";
			return CHANGE_REFUSED;
		}
		if ((st = apply_shift(ctx, c, p, new_due, moved, why)))
			return st;
		if (db_exec(ctx->db, ST_PROJECT_APPLY_CHANGE, "iiii", days, db_cell_int(c, 0, CR_LOCK_IMPACT_MINUTES),
			    db_cell_int(c, 0, CR_LOCK_IMPACT_AMOUNT), pid) != 1 ||
		    db_exec(ctx->db, ST_CR_DECIDE, "snsssssi", to, decided_by, note, db_cell(p, 0, PLAN_PROJECT_LOCK_DUE_DATE),
			    new_due, db_cell(p, 0, PLAN_PROJECT_LOCK_BUDGET_MINUTES), db_cell(p, 0, PLAN_PROJECT_LOCK_BUDGET_AMOUNT), id) != 1)
			return -1;
	} else if (db_exec(ctx->db, ST_CR_DECIDE, "snsssssi", to, decided_by, note, NULL, NULL, NULL,
			   NULL, id) != 1) {
		return -1;
	}
	/* whoever decided, the change's other approval requests are over */
	if (db_exec(ctx->db, ST_APPROVALS_CLOSE_CHANGE, "i", id) < 0 ||
	    activity_add_by(ctx, decided_by, client, pid,
			    !strcmp(to, "approved") ? "change_approved" : "change_rejected", NULL, NULL,
			    title, 1))
		return -1;
	data = json_pack("{s:{s:I, s:s, s:I, s:I, s:I, s:I}, s:s, s:s?, s:s?, s:s?}", "change", "id",
			 (json_int_t)id, "title", title, "project_id", (json_int_t)pid, "impact_days",
			 (json_int_t)days, "impact_minutes", (json_int_t)db_cell_int(c, 0, CR_LOCK_IMPACT_MINUTES),
			 "impact_amount", (json_int_t)db_cell_int(c, 0, CR_LOCK_IMPACT_AMOUNT), "decision", to, "note", note,
			 "old_due_date", new_due ? db_cell(p, 0, PLAN_PROJECT_LOCK_DUE_DATE) : NULL, "new_due_date", new_due);
	/* the plan's shift (schema/014): from which date, and how much moved */
	if (data && db_cell(c, 0, CR_LOCK_SHIFT_FROM)) {
		json_object_set_new(json_object_get(data, "change"), "shift_from",
				    json_string(db_cell(c, 0, CR_LOCK_SHIFT_FROM)));
		if (new_due)
			json_object_set_new(data, "shifted", json_pack("{s:i, s:i}", "milestones",
								       moved[0], "tasks", moved[1]));
	}
	if (outbox_emit(ctx, EV_CHANGE_DECIDED, client, pid, data))
		return -1;
	return decided_by ? tell_pm(ctx, id, pid, title, to, note, decided_by) : 0;
}
