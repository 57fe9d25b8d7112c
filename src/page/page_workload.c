/* page_workload.c - GET /workload: planned hours of open tasks per person and week for the next
 * twelve weeks, against capacity, filtered by role and project (issue 16). */
#include "page/page_workload.h"
#include "page/workload_view.h"
#include "core/arena.h"
#include "core/xml.h"
#include "domain/dates.h"
#include "domain/timecalc.h"
#include "domain/vocab.h"
#include "domain/workload.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"

#include <time.h>

/*
 * The view: <filters role project-id/> (a value that is no staff role or no id filters
 * nothing), the filter's choices, <weeks full-week><week start id working/></weeks>, <people>
 * with one <person id name role capacity-week> of WORKLOAD_WEEKS <w/> each (workload_view_weeks),
 * and <totals> of the same <w/> over the people shown. Five statements in all (workload_read's
 * four and the projects of the filter), however many people.
 */
int page_workload(struct req *r)
{
	const char *role = page_query(r, "role");
	long long pid = page_query_id(r, "project_id");
	struct workload_filter f;
	struct workload wl;
	struct workload_person tot = { 0 };
	struct db_res *projects;
	long first = tc_week_monday((long)(time(NULL) / 86400));
	xmlNodePtr page, n;

	if (vocab_role_parse(role) == ROLE_NONE || !vocab_role(vocab_role_parse(role))->staff)
		role = "";
	f = (struct workload_filter){ role, pid };
	if (workload_read(&r->ctx, first, WORKLOAD_WEEKS, &f, &wl) ||
	    db_query(r->db, r->arena, ST_WORKLOAD_PROJECTS, &projects, "i", pid))
		return 503;
	page = xml_page(r, XSL_WORKLOAD, "workload", "Workload");
	n = xml_el(page, "filters");
	xml_attr(n, "role", role);
	xml_attr(n, "project-id", pid ? arena_printf(r->arena, "%lld", pid) : "");
	page_role_choices(page);
	xml_rows(xml_el(page, "projects"), "project", projects);
	n = xml_el(page, "weeks");
	xml_attr_int(n, "full-week", wl.full_week);
	for (int wk = 0; wk < wl.nweeks; wk++) {
		xmlNodePtr w = xml_el(n, "week");
		xml_attr(w, "start", dates_day(r->arena, wl.first + 7L * wk));
		xml_attr(w, "id", dates_week(r->arena, wl.first + 7L * wk));
		xml_attr_int(w, "working", wl.working[wk]);
	}
	tot.weeks = arena_calloc(r->arena, (size_t)wl.nweeks, sizeof(*tot.weeks));
	n = xml_el(page, "people");
	xml_attr_int(n, "count", (long long)wl.npeople);
	for (size_t i = 0; i < wl.npeople; i++) {
		const struct workload_person *p = &wl.people[i];
		xmlNodePtr e = xml_el(n, "person");
		xml_attr_int(e, "id", p->id);
		xml_attr(e, "name", p->name);
		xml_attr(e, "role", p->role);
		xml_attr_int(e, "capacity-week", p->capacity_week);
		workload_view_weeks(e, p, wl.nweeks, pid != 0);
		for (int wk = 0; wk < wl.nweeks; wk++) {
			tot.weeks[wk].planned += p->weeks[wk].planned;
			tot.weeks[wk].capacity += p->weeks[wk].capacity;
			tot.weeks[wk].project += p->weeks[wk].project;
		}
	}
	workload_view_weeks(xml_el(page, "totals"), &tot, wl.nweeks, pid != 0);
	return 200;
}
