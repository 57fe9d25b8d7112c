/* page_risk.c - the risk register (heat map) and change requests (draft -> proposed -> decided). */
#include "array.h"
#include "page_plan.h"
#include "page_client_side.h"
#include "outbox.h"
#include "page.h"
#include "render.h"
#include "valid.h"
#include "xml.h"

#include <string.h>

#define MAX_IMPACT_MINUTES (100000LL * 60)
#define MAX_IMPACT_AMOUNT 100000000000000LL

static const char *const risk_statuses[] = { "open", "mitigated", "closed", "occurred", NULL };
static const char *const change_decisions[] = { "proposed", "approved", "rejected", NULL };

static const struct vfield risk_fields[] = {
	{ "title", "Title", V_LINE, 1, 0, 200, NULL },
	{ "probability", "Probability", V_INT, 1, 1, 5, NULL },
	{ "impact", "Impact", V_INT, 1, 1, 5, NULL },
	{ "owner_id", "Owner", V_ID, 0, 0, 0, NULL },
	{ "mitigation", "Mitigation", V_TEXT, 0, 0, 5000, NULL },
	/* on update only */
	{ "status", "Status", V_ENUM, 1, 0, 0, risk_statuses },
};
#define NRISK ARRAY_SIZE(risk_fields)

static const struct vfield change_fields[] = {
	{ "title", "Title", V_LINE, 1, 0, 200, NULL },
	{ "description", "Description", V_TEXT, 0, 0, 10000, NULL },
	{ "impact_days", "Impact (days)", V_INT, 0, -3650, 3650, NULL },
	/* negative: a de-scope or a credit (the budget floor of 0 is checked below) */
	{ "impact_hours", "Impact (hours)", V_HOURS, 0, -MAX_IMPACT_MINUTES, MAX_IMPACT_MINUTES, NULL },
	{ "impact_amount", "Impact (money)", V_DECIMAL2, 0, -MAX_IMPACT_AMOUNT, MAX_IMPACT_AMOUNT, NULL },
	{ "shift_from", "Shift the plan from", V_DATE, 0, 0, 0, NULL },
};
#define NCHANGE ARRAY_SIZE(change_fields)
static const struct vfield decide_fields[] = {
	{ "status", "Decision", V_ENUM, 1, 0, 0, change_decisions },
	{ "note", "Note", V_TEXT, 0, 0, 2000, NULL },
};

/* ------------------------------------------------------------ risks */

static int risks_page(struct req *r, long long pid, const struct form *f, int status)
{
	struct db_res *p, *risks, *members;
	xmlNodePtr page;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_query(r->db, r->arena, ST_RISKS_OF_PROJECT, &risks, "i", pid) ||
	    db_query(r->db, r->arena, ST_PLAN_MEMBERS, &members, "iii", pid, pid, pid))
		return 503;
	page = plan_page_of(r, p, "risks");
	plan_heatmap(page, risks);
	xml_rows(xml_el(page, "risks"), "risk", risks);
	xml_rows(xml_el(page, "members"), "user", members);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_risks(struct req *r)
{
	return risks_page(r, r->ids[0], NULL, 200);
}

static int check_owner(struct req *r, struct form *f, long long pid)
{
	const struct vvalue *o = valid_get(f, "owner_id");
	int on;

	if (!o->present || !o->i)
		return 0;
	on = plan_on_project(r, pid, o->i);
	if (on < 0)
		return -1;
	if (!on)
		valid_error(f, "owner_id", "Owner must be a member of this project.");
	return 0;
}

static void redirect_to(struct req *r, long long pid, const char *what, const char *flash)
{
	xml_flash_next(r, flash);
	req_redirect(r, arena_printf(r->arena, "/projects/%lld/%s", pid, what));
}

int page_risk_create(struct req *r)
{
	long long pid = r->ids[0];
	struct db_res *p;
	struct form f;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	valid_form(r, &f, "risk", risk_fields, NRISK - 1);
	if (check_owner(r, &f, pid))
		return 503;
	if (f.nerr)
		return risks_page(r, pid, &f, 422);
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_RISK_INSERT, "isiins", pid, valid_get(&f, "title")->s,
		    valid_get(&f, "probability")->i, valid_get(&f, "impact")->i,
		    valid_get(&f, "owner_id")->i, valid_get(&f, "mitigation")->s) != 1 ||
	    activity_add(r, db_cell_int(p, 0, PROJECT_GET_CLIENT_ID), pid, "risk_added", NULL, NULL,
			 valid_get(&f, "title")->s, 0) ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	redirect_to(r, pid, "risks", "risk_created");
	return 303;
}

int page_risk_update(struct req *r)
{
	struct db_res *risk;
	struct form f;
	long long pid;
	int rc;

	if ((rc = page_one_row(r, ST_RISK_GET, &risk, "i", r->ids[0])))
		return rc;
	pid = db_cell_int(risk, 0, RISK_GET_PROJECT_ID);
	valid_form(r, &f, arena_printf(r->arena, "risk-%lld", r->ids[0]), risk_fields, NRISK);
	if (check_owner(r, &f, pid))
		return 503;
	if (f.nerr)
		return risks_page(r, pid, &f, 422);
	if (db_exec(r->db, ST_RISK_UPDATE, "siinssi", valid_get(&f, "title")->s,
		    valid_get(&f, "probability")->i, valid_get(&f, "impact")->i,
		    valid_get(&f, "owner_id")->i, valid_get(&f, "mitigation")->s,
		    valid_get(&f, "status")->s, r->ids[0]) < 0)
		return 503;
	redirect_to(r, pid, "risks", "saved");
	return 303;
}

/* ------------------------------------------------------------ change requests */

int plan_changes_page(struct req *r, long long pid, const struct form *f, int status)
{
	struct db_res *p, *changes;
	xmlNodePtr page;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_query(r->db, r->arena, ST_CRS_OF_PROJECT, &changes, "i", pid))
		return 503;
	page = plan_page_of(r, p, "changes");
	xml_rows(xml_el(page, "changes"), "change", changes);
	if (approval_changes_xml(r, page, pid))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_changes(struct req *r)
{
	return plan_changes_page(r, r->ids[0], NULL, 200);
}

/* The budget floor: a change may reduce the budget (hours or money) to 0, never below.
 * Checked when the change is saved and again, on the locked row, when it is approved. */
static const char *below_zero(long long budget_minutes, long long budget_amount,
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

int page_change_create(struct req *r)
{
	long long pid = r->ids[0], minutes, amount;
	struct db_res *p;
	struct form f;
	const char *msg, *field;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	valid_form(r, &f, "change", change_fields, NCHANGE);
	minutes = valid_get(&f, "impact_hours")->i;
	amount = valid_get(&f, "impact_amount")->i;
	if ((msg = below_zero(db_cell_int(p, 0, (size_t)db_col(p, "budget-minutes")),
			      db_cell_int(p, 0, (size_t)db_col(p, "budget-amount")), minutes, amount,
			      &field)))
		valid_error(&f, field, arena_printf(r->arena, "This reduction %s", msg));
	if (valid_get(&f, "shift_from")->present && !valid_get(&f, "impact_days")->i)
		valid_error(&f, "shift_from", "Give the impact in days to shift the plan by.");
	if (f.nerr)
		return plan_changes_page(r, pid, &f, 422);
	if (db_exec(r->db, ST_CR_INSERT, "issiiisi", pid, valid_get(&f, "title")->s,
		    valid_get(&f, "description")->s, valid_get(&f, "impact_days")->i, minutes, amount,
		    valid_get(&f, "shift_from")->s, r->sess.user_id) != 1)
		return 503;
	redirect_to(r, pid, "changes", "change_created");
	return 303;
}

/* A refused transition: the changes page again with the message. */
static int refuse(struct req *r, long long pid, struct form *f, const char *msg)
{
	db_rollback(r->db);
	valid_error(f, "status", msg);
	return plan_changes_page(r, pid, f, 422);
}

/* Count the open milestones and unfinished tasks of project pid due after date day into *n. */
static int past_date(struct req *r, long long pid, const char *day, long long *n)
{
	struct db_res *res;

	if (db_query(r->db, r->arena, ST_PLAN_PAST_DATE, &res, "isis", pid, day, pid, day))
		return -1;
	*n = db_cell_int(res, 0, PLAN_PAST_DATE_N);
	return 0;
}

/*
 * Approving change c (a ST_CR_LOCK row) of project row p (ST_PLAN_PROJECT_LOCK), whose due
 * date moves to new_due: the budget floor on the locked row, then the shift of the plan when
 * the change names a date (open milestones and unfinished tasks due on or after it move by
 * impact_days, in the project only), recorded on the change and in an activity line. Refused
 * (409, *why) when it would leave a milestone or task newly past the project's due date.
 */
static int apply_shift(struct req *r, struct db_res *c, struct db_res *p, const char *new_due,
		       int *moved, const char **why)
{
	long long id = db_cell_int(c, 0, CR_LOCK_ID), pid = db_cell_int(c, 0, CR_LOCK_PROJECT_ID);
	long long days = db_cell_int(c, 0, CR_LOCK_IMPACT_DAYS), before = 0, after = 0;
	const char *from = db_cell(c, 0, CR_LOCK_SHIFT_FROM), *field;
	int ms = 0, tasks = 0;

	if (below_zero(db_cell_int(p, 0, PLAN_PROJECT_LOCK_BUDGET_MINUTES),
		       db_cell_int(p, 0, PLAN_PROJECT_LOCK_BUDGET_AMOUNT), db_cell_int(c, 0, CR_LOCK_IMPACT_MINUTES),
		       db_cell_int(c, 0, CR_LOCK_IMPACT_AMOUNT), &field)) {
		*why = !strcmp(field, "impact_hours")
			       ? "Approving it would take the project's hours budget below zero."
			       : "Approving it would take the project's money budget below zero.";
		return 409;
	}
	if (new_due && db_cell(p, 0, PLAN_PROJECT_LOCK_DUE_DATE) &&
	    past_date(r, pid, db_cell(p, 0, PLAN_PROJECT_LOCK_DUE_DATE), &before))
		return 503;
	if (from && days) {
		ms = db_exec(r->db, ST_MS_SHIFT, "iis", days, pid, from);
		tasks = db_exec(r->db, ST_TASK_SHIFT, "iiis", days, days, pid, from);
		if (ms < 0 || tasks < 0 ||
		    db_exec(r->db, ST_CR_SHIFTED, "iii", (long long)ms, (long long)tasks, id) != 1)
			return 503;
		moved[0] = ms;
		moved[1] = tasks;
		if ((ms || tasks) &&
		    activity_add(r, db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID), pid, "tasks_rescheduled", NULL, NULL,
				 arena_printf(r->arena, "Change “%s” approved: %d milestone%s and %d task%s"
					      " due on or after %s moved %s%lld day%s.", db_cell(c, 0, CR_LOCK_TITLE),
					      ms, ms == 1 ? "" : "s", tasks, tasks == 1 ? "" : "s", from,
					      days > 0 ? "+" : "−", days > 0 ? days : -days,
					      days == 1 || days == -1 ? "" : "s"), 0))
			return 503;
	}
	if (new_due && past_date(r, pid, new_due, &after))
		return 503;
	if (after > before) {
		*why = arena_printf(r->arena, "Approving it would leave %lld milestone(s) or task(s) after"
				    " the new due date %s: give the change a date to shift the plan from,"
				    " or move them first.", after - before, new_due);
		return 409;
	}
	return 0;
}

int plan_change_decide_tx(struct req *r, long long id, const char *to, const char *note,
			  long long decided_by, const char **why)
{
	long long pid, days, client;
	struct db_res *c, *p, *due;
	const char *title, *new_due = NULL;
	json_t *data;
	int st, moved[2] = { 0, 0 };
	int rc;

	*why = NULL;
	if ((rc = page_one_row(r, ST_CR_LOCK, &c, "i", id)))
		return rc;
	pid = db_cell_int(c, 0, CR_LOCK_PROJECT_ID);
	title = db_cell(c, 0, CR_LOCK_TITLE);
	days = db_cell_int(c, 0, CR_LOCK_IMPACT_DAYS);
	if (strcmp(db_cell(c, 0, CR_LOCK_STATUS), "proposed")) {
		*why = "Only a proposed change can be approved or rejected; propose it first.";
		return 409;
	}
	if (db_query(r->db, r->arena, ST_PLAN_PROJECT_LOCK, &p, "i", pid))
		return 503;
	client = db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID);
	if (!strcmp(to, "approved")) {
		if (db_query(r->db, r->arena, ST_PROJECT_DUE_AFTER, &due, "ii", days, pid))
			return 503;
		new_due = db_cell(due, 0, PROJECT_DUE_AFTER_NEW_DUE);
		if (new_due && db_cell(due, 0, PROJECT_DUE_AFTER_START_DATE) &&
		    strcmp(new_due, db_cell(due, 0, PROJECT_DUE_AFTER_START_DATE)) < 0) {
			*why = "Approving it would move the project's due date before its start date.";
			return 409;
		}
		if ((st = apply_shift(r, c, p, new_due, moved, why)))
			return st;
		if (db_exec(r->db, ST_PROJECT_APPLY_CHANGE, "iiii", days, db_cell_int(c, 0, CR_LOCK_IMPACT_MINUTES),
			    db_cell_int(c, 0, CR_LOCK_IMPACT_AMOUNT), pid) != 1 ||
		    db_exec(r->db, ST_CR_DECIDE, "snsssssi", to, decided_by, note, db_cell(p, 0, PLAN_PROJECT_LOCK_DUE_DATE),
			    new_due, db_cell(p, 0, PLAN_PROJECT_LOCK_BUDGET_MINUTES),
			    db_cell(p, 0, PLAN_PROJECT_LOCK_BUDGET_AMOUNT), id) != 1)
			return 503;
	} else if (db_exec(r->db, ST_CR_DECIDE, "snsssssi", to, decided_by, note, NULL, NULL, NULL,
			   NULL, id) != 1) {
		return 503;
	}
	/* whoever decided, the change's other approval requests are over */
	if (db_exec(r->db, ST_APPROVALS_CLOSE_CHANGE, "i", id) < 0 ||
	    activity_add_by(r, decided_by, client, pid,
			    !strcmp(to, "approved") ? "change_approved" : "change_rejected", NULL, NULL,
			    title, 1))
		return 503;
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
	return outbox_emit(r, EV_CHANGE_DECIDED, client, pid, data) ? 503 : 0;
}

int plan_change_decide(struct req *r, long long id, const char *to, const char *note,
		       const char **why)
{
	int st;

	if (db_begin(r->db))
		return 503;
	st = plan_change_decide_tx(r, id, to, note, r->sess.user_id, why);
	if (st || db_commit(r->db)) {
		db_rollback(r->db);
		return st ? st : 503;
	}
	return 0;
}

int page_change_status(struct req *r)
{
	long long id = r->ids[0], pid;
	struct db_res *c;
	struct form f;
	const char *to, *why;
	int st, rc;

	if ((rc = page_one_row(r, ST_CR_GET_PROJECT, &c, "i", id)))
		return rc;
	pid = db_cell_int(c, 0, CR_GET_PROJECT_PROJECT_ID);
	if (valid_form(r, &f, arena_printf(r->arena, "change-%lld", id), decide_fields,
		       ARRAY_SIZE(decide_fields)))
		return plan_changes_page(r, pid, &f, 422);
	to = valid_get(&f, "status")->s;
	if (!strcmp(to, "proposed")) {
		if (db_begin(r->db))
			return 503;
		if (db_query(r->db, r->arena, ST_CR_LOCK, &c, "i", id) || c->nrows != 1) {
			db_rollback(r->db);
			return 503;
		}
		if (strcmp(db_cell(c, 0, CR_LOCK_STATUS), "draft"))
			return refuse(r, pid, &f, "Only a draft can be proposed.");
		if (db_exec(r->db, ST_CR_PROPOSE, "i", id) != 1 || db_commit(r->db)) {
			db_rollback(r->db);
			return 503;
		}
		redirect_to(r, pid, "changes", "change_proposed");
		return 303;
	}
	st = plan_change_decide(r, id, to, valid_get(&f, "note")->s, &why);
	if (st == 409) {
		valid_error(&f, "status", why);
		return plan_changes_page(r, pid, &f, 422);
	}
	if (st)
		return st;
	redirect_to(r, pid, "changes", "change_decided");
	return 303;
}
