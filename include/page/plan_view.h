/* plan_view.h - the planning area's shared page fragments: a project's row and page start, the
 * risk heat map and summary, team membership, who may plan, and a check's problems on a form
 * (src/page/plan_view.c). Used by the plan, risk, change, approval, calendar, document, project
 * and survey pages. */
#ifndef TANDEM_PLAN_VIEW_H
#define TANDEM_PLAN_VIEW_H

#include <libxml/tree.h>
#include "fcgi/req.h"
#include "domain/problem.h"
#include "web/valid.h"

struct db_res;

/* Add the plan summary of the project page under page: <risk-summary> with
 * the heat map and the risks scoring 15 or more. 0, or -1 (database). */
int plan_project_summary(struct req *r, xmlNodePtr page, long long project_id);

/* Load the project (ST_PROJECT_GET) into *p: 0, 404 or 503. */
int plan_project(struct req *r, long long id, struct db_res **p);
/* 1 when user uid is active staff on the project (its PM or a member), 0 if
 * not, -1 on a database failure (plan_on_team, domain/plan.h). */
int plan_on_project(struct req *r, long long pid, long long uid);
/* Put each of a domain check's problems on form f (valid_error), on its field or the form. */
void plan_problems_to_form(struct form *f, const struct problems *p);
/* Start the page `name` of project row p (ST_PROJECT_GET): <page> with <project>. */
xmlNodePtr plan_page_of(struct req *r, const struct db_res *p, const char *name);
/* The <heatmap> of a ST_RISKS_OF_PROJECT result (risks not closed or mitigated). */
void plan_heatmap(xmlNodePtr parent, const struct db_res *risks);
/* 1 when the session may plan (admin or PM). */
int plan_can_manage(const struct req *r);

#endif
