/* workload_view.h - the forward workload's page fragments (issue 16): one person's weeks, and the
 * load of a project's team beside the assignee choice of the task form. */
#ifndef TANDEM_WORKLOAD_VIEW_H
#define TANDEM_WORKLOAD_VIEW_H

#include <libxml/tree.h>
#include "fcgi/req.h"
#include "domain/workload.h"

/* <w planned capacity h cap-h over? project? project-h?/> per week of p under parent: the
 * minutes, and the same as h:mm text for the page to show ("46:00", "1,500:30": the `hours`
 * template's format, made here because 600 cells of two template calls cost the stylesheet
 * more than the rest of the page);
 * over="1" when the planned minutes exceed the capacity; project (minutes) only when
 * with_project, project-h when that share is neither nothing nor all of the week. No failure. */
void workload_view_weeks(xmlNodePtr parent, const struct workload_person *p, int nweeks,
			 int with_project);

/*
 * The assignee hint of project pid's task form, under page:
 *   <assignee-load basis="task|this-week" weeks="N" from="YYYY-MM-DD" week="YYYY-Www">
 *     <user id planned capacity over week/>…</assignee-load>
 * for the weeks a task from start to due (YYYY-MM-DD; NULL or not a date: this week alone)
 * falls in (basis "task"), at most WORKLOAD_MAX_WEEKS from its first: each person of the project's team
 * (workload_read with the project filter) with the figures of their busiest week among them,
 * the one most over capacity (the first such). @week on <assignee-load> when the task falls in
 * one week. 0, or -1 (a database error).
 */
int workload_view_assignees(struct req *r, xmlNodePtr page, long long pid, const char *start,
			    const char *due);

#endif
