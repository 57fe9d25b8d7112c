/* plan_view.c - the planning area's shared page fragments: a project's row and page start, the
 * risk heat map and summary, team membership, who may plan, and a check's problems on a form. */
#include "page/plan_view.h"
#include "core/db.h"
#include "domain/plan.h"
#include "web/page_util.h"
#include "web/render.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

int plan_can_manage(const struct req *r)
{
	return r->sess.role == ROLE_ADMIN || r->sess.role == ROLE_PM;
}

int plan_project(struct req *r, long long id, struct db_res **p)
{
	return page_one_row(r, ST_PROJECT_GET, p, "i", id);
}

xmlNodePtr plan_page_of(struct req *r, const struct db_res *p, const char *name)
{
	xmlNodePtr page = xml_page(r, XSL_PLAN, name, db_cell(p, 0, PROJECT_GET_NAME));

	xml_row(page, "project", p, 0);
	return page;
}

int plan_on_project(struct req *r, long long pid, long long uid)
{
	return plan_on_team(&r->ctx, pid, uid);
}

void plan_problems_to_form(struct form *f, const struct problems *p)
{
	for (int i = 0; i < p->n; i++)
		valid_error(f, p->v[i].field, p->v[i].msg);
}

void plan_heatmap(xmlNodePtr parent, const struct db_res *risks)
{
	int count[5][5] = { { 0 } };
	int cp = db_col(risks, "probability"), ci = db_col(risks, "impact");
	int cs = db_col(risks, "status");
	xmlNodePtr hm = xml_el(parent, "heatmap");

	for (size_t i = 0; i < risks->nrows; i++) {
		long long p = db_cell_int(risks, i, (size_t)cp), im = db_cell_int(risks, i, (size_t)ci);
		const char *st = db_cell(risks, i, (size_t)cs);
		if (p >= 1 && p <= 5 && im >= 1 && im <= 5 && st &&
		    (!strcmp(st, "open") || !strcmp(st, "occurred")))
			count[p - 1][im - 1]++;
	}
	/* rows: probability 5 at the top; columns: impact 1 at the left; 48px cells after a 40px axis */
	for (int p = 5; p >= 1; p--)
		for (int im = 1; im <= 5; im++) {
			xmlNodePtr c = xml_el(hm, "cell");
			int score = p * im;
			xml_attr_int(c, "probability", p);
			xml_attr_int(c, "impact", im);
			xml_attr_int(c, "score", score);
			xml_attr_int(c, "count", count[p - 1][im - 1]);
			xml_attr(c, "level", score >= 15 ? "high" : score >= 8 ? "medium" : "low");
			xml_attr_int(c, "x", 40 + (im - 1) * 48);
			xml_attr_int(c, "y", (5 - p) * 48);
			xml_attr_int(c, "tx", 40 + (im - 1) * 48 + 24);
			xml_attr_int(c, "ty", (5 - p) * 48 + 30);
		}
}

int plan_project_summary(struct req *r, xmlNodePtr page, long long project_id)
{
	struct db_res *risks;
	xmlNodePtr s;
	int cs;

	if (db_query(r->db, r->arena, ST_RISKS_OF_PROJECT, &risks, "i", project_id))
		return -1;
	s = xml_el(page, "risk-summary");
	xml_attr_int(s, "total", (long long)risks->nrows);
	plan_heatmap(s, risks);
	cs = db_col(risks, "status");
	for (size_t i = 0; i < risks->nrows; i++) {
		const char *st = db_cell(risks, i, (size_t)cs);
		if (db_cell_int(risks, i, (size_t)db_col(risks, "score")) >= 15 && st &&
		    (!strcmp(st, "open") || !strcmp(st, "occurred")))
			xml_row(s, "risk", risks, i);
	}
	return 0;
}
