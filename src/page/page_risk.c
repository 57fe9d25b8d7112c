/* page_risk.c - the risk register (heat map) and change requests (draft -> proposed -> decided). */
#include "core/array.h"
#include "domain/change.h"
#include "domain/risk.h"
#include "page/change_view.h"
#include "page/plan_view.h"
#include "page/page_risk.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

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

/* The domain's owner check on a form refused already, so that every problem shows at once. */
static int check_owner(struct req *r, struct form *f, long long pid)
{
	const char *why;
	int rc = risk_check(&r->ctx, pid, valid_get(f, "owner_id")->i, &why);

	if (rc == RISK_REFUSED)
		valid_error(f, "owner_id", why);
	return rc < 0 ? -1 : 0;
}

static void redirect_to(struct req *r, long long pid, const char *what, const char *flash)
{
	xml_flash_next(r, flash);
	req_redirect(r, arena_printf(r->arena, "/projects/%lld/%s", pid, what));
}

/* The risk of form f. */
static struct risk_in risk_in(const struct form *f, int with_status)
{
	return (struct risk_in){
		.title = valid_get(f, "title")->s,
		.probability = valid_get(f, "probability")->i,
		.impact = valid_get(f, "impact")->i,
		.owner_id = valid_get(f, "owner_id")->i,
		.mitigation = valid_get(f, "mitigation")->s,
		.status = with_status ? valid_get(f, "status")->s : NULL,
	};
}

int page_risk_create(struct req *r)
{
	long long pid = r->ids[0], id;
	struct db_res *p;
	struct form f;
	struct risk_in in;
	const char *why;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (valid_form(r, &f, "risk", risk_fields, NRISK - 1)) {
		if (check_owner(r, &f, pid))
			return 503;
		return risks_page(r, pid, &f, 422);
	}
	in = risk_in(&f, 0);
	if (db_begin(r->db))
		return 503;
	rc = risk_create(&r->ctx, pid, &in, &id, &why);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc != RISK_REFUSED)
			return rc == RISK_NOT_FOUND ? 404 : 503;
		valid_error(&f, "owner_id", why);
		return risks_page(r, pid, &f, 422);
	}
	redirect_to(r, pid, "risks", "risk_created");
	return 303;
}

int page_risk_update(struct req *r)
{
	struct db_res *risk;
	struct form f;
	struct risk_in in;
	long long pid;
	const char *why;
	int rc;

	if ((rc = page_one_row(r, ST_RISK_GET, &risk, "i", r->ids[0])))
		return rc;
	pid = db_cell_int(risk, 0, RISK_GET_PROJECT_ID);
	if (valid_form(r, &f, arena_printf(r->arena, "risk-%lld", r->ids[0]), risk_fields, NRISK)) {
		if (check_owner(r, &f, pid))
			return 503;
		return risks_page(r, pid, &f, 422);
	}
	in = risk_in(&f, 1);
	if (db_begin(r->db))
		return 503;
	rc = risk_update(&r->ctx, r->ids[0], &in, &why);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc != RISK_REFUSED)
			return rc == RISK_NOT_FOUND ? 404 : 503;
		valid_error(&f, "owner_id", why);
		return risks_page(r, pid, &f, 422);
	}
	redirect_to(r, pid, "risks", "saved");
	return 303;
}

/* ------------------------------------------------------------ change requests */

int page_changes(struct req *r)
{
	return plan_changes_page(r, r->ids[0], NULL, 200);
}

int page_change_create(struct req *r)
{
	long long pid = r->ids[0], id;
	struct db_res *p;
	struct form f;
	struct problems probs = { 0 };
	struct change_new n;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	valid_form(r, &f, "change", change_fields, NCHANGE);
	n = (struct change_new){
		.project_id = pid,
		.title = valid_get(&f, "title")->s,
		.description = valid_get(&f, "description")->s,
		.impact_days = valid_get(&f, "impact_days")->i,
		.impact_minutes = valid_get(&f, "impact_hours")->i,
		.impact_amount = valid_get(&f, "impact_amount")->i,
		.shift_from = valid_get(&f, "shift_from")->s,
	};
	/* a refused form still gets the domain's checks, so that every problem shows at once */
	if (f.nerr) {
		rc = change_check(&r->ctx, &n, &probs);
		if (rc)
			return rc == CHANGE_NOT_FOUND ? 404 : 503;
	} else {
		if (db_begin(r->db))
			return 503;
		rc = change_create(&r->ctx, &n, &id, &probs);
		if (rc || db_commit(r->db)) {
			db_rollback(r->db);
			if (rc != CHANGE_REFUSED)
				return rc == CHANGE_NOT_FOUND ? 404 : 503;
		}
	}
	if (f.nerr || probs.n) {
		plan_problems_to_form(&f, &probs);
		return plan_changes_page(r, pid, &f, 422);
	}
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
		st = change_propose(&r->ctx, id, &why);
		if (st == CHANGE_REFUSED)
			return refuse(r, pid, &f, why);
		if (st || db_commit(r->db)) {
			db_rollback(r->db);
			return st == CHANGE_NOT_FOUND ? 404 : 503;
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
