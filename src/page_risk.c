/* page_risk.c - the risk register (heat map) and change requests (draft -> proposed -> decided). */
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
#define NRISK (sizeof(risk_fields) / sizeof(risk_fields[0]))

static const struct vfield change_fields[] = {
	{ "title", "Title", V_LINE, 1, 0, 200, NULL },
	{ "description", "Description", V_TEXT, 0, 0, 10000, NULL },
	{ "impact_days", "Impact (days)", V_INT, 0, -3650, 3650, NULL },
	{ "impact_hours", "Impact (hours)", V_HOURS, 0, 0, MAX_IMPACT_MINUTES, NULL },
	{ "impact_amount", "Impact (money)", V_DECIMAL2, 0, 0, MAX_IMPACT_AMOUNT, NULL },
};
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
	    activity_add(r, db_cell_int(p, 0, 3), pid, "risk_added", NULL, NULL,
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

	if (db_query(r->db, r->arena, ST_RISK_GET, &risk, "i", r->ids[0]))
		return 503;
	if (risk->nrows != 1)
		return 404;
	pid = db_cell_int(risk, 0, 1);
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

int page_change_create(struct req *r)
{
	long long pid = r->ids[0];
	struct db_res *p;
	struct form f;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (valid_form(r, &f, "change", change_fields, 5))
		return plan_changes_page(r, pid, &f, 422);
	if (db_exec(r->db, ST_CR_INSERT, "issiiii", pid, valid_get(&f, "title")->s,
		    valid_get(&f, "description")->s, valid_get(&f, "impact_days")->i,
		    valid_get(&f, "impact_hours")->i, valid_get(&f, "impact_amount")->i,
		    r->sess.user_id) != 1)
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

int plan_change_decide_tx(struct req *r, long long id, const char *to, const char *note,
			  long long decided_by, const char **why)
{
	long long pid, days, client;
	struct db_res *c, *p, *due;
	const char *title, *new_due = NULL;
	json_t *data;

	*why = NULL;
	if (db_query(r->db, r->arena, ST_CR_LOCK, &c, "i", id))
		return 503;
	if (c->nrows != 1)
		return 404;
	pid = db_cell_int(c, 0, 1);
	title = db_cell(c, 0, 3);
	days = db_cell_int(c, 0, 4);
	if (strcmp(db_cell(c, 0, 2), "proposed")) {
		*why = "Only a proposed change can be approved or rejected; propose it first.";
		return 409;
	}
	if (db_query(r->db, r->arena, ST_PLAN_PROJECT_LOCK, &p, "i", pid))
		return 503;
	client = db_cell_int(p, 0, 1);
	if (!strcmp(to, "approved")) {
		if (db_query(r->db, r->arena, ST_PROJECT_DUE_AFTER, &due, "ii", days, pid))
			return 503;
		new_due = db_cell(due, 0, 0);
		if (new_due && db_cell(due, 0, 1) && strcmp(new_due, db_cell(due, 0, 1)) < 0) {
			*why = "Approving it would move the project's due date before its start date.";
			return 409;
		}
		if (db_exec(r->db, ST_PROJECT_APPLY_CHANGE, "iiii", days, db_cell_int(c, 0, 5),
			    db_cell_int(c, 0, 6), pid) != 1 ||
		    db_exec(r->db, ST_CR_DECIDE, "snsssssi", to, decided_by, note, db_cell(p, 0, 3),
			    new_due, db_cell(p, 0, 4), db_cell(p, 0, 5), id) != 1)
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
			 (json_int_t)days, "impact_minutes", (json_int_t)db_cell_int(c, 0, 5),
			 "impact_amount", (json_int_t)db_cell_int(c, 0, 6), "decision", to, "note", note,
			 "old_due_date", new_due ? db_cell(p, 0, 3) : NULL, "new_due_date", new_due);
	return outbox_emit(r, "change.decided", client, pid, data) ? 503 : 0;
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
	int st;

	if (db_query(r->db, r->arena, ST_CR_GET_PROJECT, &c, "i", id))
		return 503;
	if (c->nrows != 1)
		return 404;
	pid = db_cell_int(c, 0, 0);
	if (valid_form(r, &f, arena_printf(r->arena, "change-%lld", id), decide_fields, 2))
		return plan_changes_page(r, pid, &f, 422);
	to = valid_get(&f, "status")->s;
	if (!strcmp(to, "proposed")) {
		if (db_begin(r->db))
			return 503;
		if (db_query(r->db, r->arena, ST_CR_LOCK, &c, "i", id) || c->nrows != 1) {
			db_rollback(r->db);
			return 503;
		}
		if (strcmp(db_cell(c, 0, 2), "draft"))
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
