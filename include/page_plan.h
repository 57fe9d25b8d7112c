/* page_plan.h - planning and execution: members, milestones, tasks, the Gantt chart, risks,
 * change requests and calendar feeds (src/page_plan.c, page_gantt.c, page_risk.c, page_calendar.c). */
#ifndef TANDEM_PAGE_PLAN_H
#define TANDEM_PAGE_PLAN_H

#include <libxml/tree.h>
#include "db.h"
#include "route.h"
#include "valid.h"

/* Add the plan summary of the project page under page: <risk-summary> with
 * the heat map and the risks scoring 15 or more. 0, or -1 (database). */
int plan_project_summary(struct req *r, xmlNodePtr page, long long project_id);

/* Shared by the area's files (page_plan.c). */

/* Load the project (ST_PROJECT_GET) into *p: 0, 404 or 503. */
int plan_project(struct req *r, long long id, struct db_res **p);
/* 1 when user uid is active staff on the project (its PM or a member), 0 if
 * not, -1 on a database failure. */
int plan_on_project(struct req *r, long long pid, long long uid);
/* Start the page `name` of project row p (ST_PROJECT_GET): <page> with <project>. */
xmlNodePtr plan_page_of(struct req *r, const struct db_res *p, const char *name);
/* The <heatmap> of a ST_RISKS_OF_PROJECT result (risks not closed or mitigated). */
void plan_heatmap(xmlNodePtr parent, const struct db_res *risks);
/* 1 when the session may plan (admin or PM). */
int plan_can_manage(const struct req *r);

/* page_plan.c */
int page_plan(struct req *r);
int page_me(struct req *r);
int page_member_add(struct req *r);
int page_member_remove(struct req *r);
int page_milestone_create(struct req *r);
int page_milestone_update(struct req *r);
int page_milestone_reached(struct req *r);
int page_task_create(struct req *r);
int page_task_view(struct req *r);
int page_task_update(struct req *r);
int page_task_status(struct req *r);
int page_task_shift(struct req *r);

/* page_gantt.c */
int page_gantt(struct req *r);
int page_portal_gantt(struct req *r);

/* page_risk.c */
int page_risks(struct req *r);
int page_risk_create(struct req *r);
int page_risk_update(struct req *r);
int page_changes(struct req *r);
/* The changes page of project pid (with f's form-state when f), returning status. */
int plan_changes_page(struct req *r, long long pid, const struct form *f, int status);
int page_change_create(struct req *r);
int page_change_status(struct req *r);
/* Decide the proposed change id by the signed-in user (staff, or a contact from the
 * portal) in one transaction of its own: change_decide() (change.h) and the commit.
 * 0; 404 unknown; 409 refused with *why set (not proposed, the budget floor, the due
 * date before the start, open work left after the new due date); 503. */
int plan_change_decide(struct req *r, long long id, const char *to, const char *note,
		       const char **why);

/* page_calendar.c */
int page_calendar(struct req *r);
int page_calendar_create(struct req *r);
int page_calendar_revoke(struct req *r);
int page_calendar_feed(struct req *r);

#endif
