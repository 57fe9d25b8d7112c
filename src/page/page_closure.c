/* page_closure.c - a closure that means something (issue 16): the closure checklist page, the
 * debrief written after closure (what went well, what did not, lessons learned, beside the
 * client's survey score and the plan against what happened), and the lessons page across
 * projects. Staff only. The writes are the domain's (domain/project.c's stage change,
 * domain/debrief.c); closure_view.c holds the checklist page. */
#include "page/page_closure.h"
#include "domain/delay.h"
#include "core/array.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/debrief.h"
#include "domain/timecalc.h"
#include "domain/workcal.h"
#include "page/closure_view.h"
#include "page/plan_view.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

#include <string.h>

static const struct vfield debrief_fields[] = {
	{ "went_well", "What went well", V_TEXT, 0, 0, 10000, NULL },
	{ "went_badly", "What did not go well", V_TEXT, 0, 0, 10000, NULL },
};
static const struct vfield lesson_fields[] = {
	{ "text", "Lesson", V_TEXT, 1, 1, 1000, NULL },
	{ "tags", "Tags", V_LINE, 0, 0, 400, NULL },
};

int page_closure(struct req *r)
{
	return closure_page(r, r->ids[0], NULL, 200);
}

/* <dates start due baseline closed plan-end slip/>: the plan's end (the baseline's, else the
 * due date) against the day the project entered closure, the slip in working days (late > 0). */
static int dates_xml(struct req *r, xmlNodePtr page, long long pid, const char *closed)
{
	struct db_res *d;
	const char *plan;
	xmlNodePtr n;
	long a, b;

	if (db_query(r->db, r->arena, ST_DEBRIEF_DATES, &d, "i", pid) || d->nrows != 1)
		return -1;
	n = xml_row(page, "dates", d, 0);
	plan = db_cell(d, 0, DEBRIEF_DATES_BASELINE_DUE) ? db_cell(d, 0, DEBRIEF_DATES_BASELINE_DUE)
							 : db_cell(d, 0, DEBRIEF_DATES_DUE_DATE);
	if (plan)
		xml_attr(n, "plan-end", plan);
	if (closed)
		xml_attr(n, "closed-on", closed);
	if (plan && closed && !tc_date_parse(plan, &b) && !tc_date_parse(closed, &a)) {
		struct workcal w;
		if (workcal_load(&r->ctx, &w))
			return -1;
		xml_attr_int(n, "slip", a > b ? workcal_count(&w, b + 1, a)
					      : -workcal_count(&w, a + 1, b));
	}
	return 0;
}

/* The debrief page of project pid; f, when set, a form sent back. */
static int debrief_page(struct req *r, long long pid, const struct form *f, int status)
{
	struct db_res *p, *d, *b, *sv, *l;
	xmlNodePtr page;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_query(r->db, r->arena, ST_DEBRIEF_GET, &d, "i", pid) ||
	    db_query(r->db, r->arena, ST_BUDGET_PROJECT, &b, "i", pid) ||
	    db_query(r->db, r->arena, ST_DEBRIEF_SURVEYS, &sv, "i", pid) ||
	    db_query(r->db, r->arena, ST_LESSONS_OF_PROJECT, &l, "i", pid))
		return 503;
	page = xml_page(r, XSL_QA, "debrief", db_cell(p, 0, PROJECT_GET_NAME));
	xml_row(page, "project", p, 0);
	if (d->nrows == 1)
		xml_row(page, "debrief", d, 0);
	if (b->nrows == 1)
		xml_row(page, "budget", b, 0);
	xml_rows(xml_el(page, "surveys"), "survey", sv);
	xml_rows(xml_el(page, "lessons"), "lesson", l);
	if (dates_xml(r, page, pid, d->nrows == 1 ? db_cell(d, 0, DEBRIEF_GET_CLOSED_ON) : NULL))
		return 503;
	{ /* the working days lost waiting on the client (issue 16: delay.h), beside the plan */
		long long waited;
		if (delay_project_days(&r->ctx, pid, &waited))
			return 503;
		xml_attr_int(xml_el(page, "client-wait"), "days", waited);
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_debrief(struct req *r)
{
	return debrief_page(r, r->ids[0], NULL, 200);
}

/* The answer to a debrief or lesson POST after the domain's result rc (0 or a failure, then
 * rolled back; a refusal goes on f and the page comes back with 422). */
static int debrief_done(struct req *r, int rc, long long pid, struct form *f,
			const struct problems *p, const char *flash)
{
	if (!rc && !db_commit(r->db)) {
		xml_flash_next(r, flash);
		return req_redirect(r, arena_printf(r->arena, "/projects/%lld/debrief", pid));
	}
	db_rollback(r->db);
	switch (rc) {
	case DEBRIEF_NOT_FOUND:
		return 404;
	case DEBRIEF_NOT_CLOSED:
		valid_error(f, NULL, "The debrief opens when the project is in closure.");
		break;
	case DEBRIEF_FULL:
		valid_error(f, "text", "A debrief keeps at most 50 lessons.");
		break;
	case DEBRIEF_BAD:
		plan_problems_to_form(f, p);
		break;
	default:
		return 503;
	}
	return debrief_page(r, pid, f, 422);
}

int page_debrief_save(struct req *r)
{
	long long pid = r->ids[0];
	struct form f;

	if (valid_form(r, &f, "debrief", debrief_fields, ARRAY_SIZE(debrief_fields)))
		return debrief_page(r, pid, &f, 422);
	if (db_begin(r->db))
		return 503;
	return debrief_done(r, debrief_save(&r->ctx, pid, valid_get(&f, "went_well")->s,
					    valid_get(&f, "went_badly")->s),
			    pid, &f, NULL, "debrief_saved");
}

int page_lesson_create(struct req *r)
{
	struct problems p = { 0 };
	long long pid = r->ids[0], id;
	struct form f;

	if (valid_form(r, &f, "lesson", lesson_fields, ARRAY_SIZE(lesson_fields)))
		return debrief_page(r, pid, &f, 422);
	if (db_begin(r->db))
		return 503;
	return debrief_done(r, debrief_lesson_add(&r->ctx, pid, valid_get(&f, "text")->s,
						  valid_get(&f, "tags")->s, &p, &id),
			    pid, &f, &p, "lesson_added");
}

/* Lesson id's project for a form sent back before the domain ran: 0, 404 or 503. */
static int lesson_project(struct req *r, long long id, long long *pid)
{
	struct db_res *l;
	int rc;

	if ((rc = page_one_row(r, ST_LESSON_LOCK, &l, "i", id)))
		return rc;
	*pid = db_cell_int(l, 0, LESSON_LOCK_PROJECT_ID);
	return 0;
}

int page_lesson_update(struct req *r)
{
	struct problems p = { 0 };
	long long pid = 0;
	struct form f;
	int rc;

	if (valid_form(r, &f, arena_printf(r->arena, "lesson-%lld", r->ids[0]), lesson_fields,
		       ARRAY_SIZE(lesson_fields))) {
		if ((rc = lesson_project(r, r->ids[0], &pid)))
			return rc;
		return debrief_page(r, pid, &f, 422);
	}
	if (db_begin(r->db))
		return 503;
	rc = debrief_lesson_update(&r->ctx, r->ids[0], valid_get(&f, "text")->s,
				   valid_get(&f, "tags")->s, &p, &pid);
	return debrief_done(r, rc, pid, &f, &p, "lesson_saved");
}

int page_lesson_delete(struct req *r)
{
	static const struct vfield none[] = { { "confirm", "Confirm", V_BOOL, 0, 0, 0, NULL } };
	long long pid = 0;
	struct form f;
	int rc;

	valid_form(r, &f, arena_printf(r->arena, "lesson-%lld", r->ids[0]), none, ARRAY_SIZE(none));
	if (db_begin(r->db))
		return 503;
	rc = debrief_lesson_delete(&r->ctx, r->ids[0], &pid);
	return debrief_done(r, rc, pid, &f, NULL, "lesson_deleted");
}

/* s percent-encoded for a query string (RFC 3986 unreserved bytes kept). Arena text. */
static const char *query_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* GET /lessons: lessons across projects, newest first, by tag (?tag=) and client
 * (?client_id=); a filter value that matches nothing shows nothing, an id that is not one
 * filters nothing. */
int page_lessons(struct req *r)
{
	const char *tag = page_query(r, "tag");
	long long client = page_query_id(r, "client_id"), pg = page_number(r);
	struct db_res *cnt, *l, *tags, *clients;
	xmlNodePtr page, filt;

	if (db_query(r->db, r->arena, ST_LESSONS_COUNT, &cnt, "ssii", tag, tag, client, client) ||
	    db_query(r->db, r->arena, ST_LESSONS_LIST, &l, "ssiiii", tag, tag, client, client,
		     (long long)PAGE_SIZE, (pg - 1) * PAGE_SIZE) ||
	    db_query(r->db, r->arena, ST_LESSON_TAGS_USED, &tags, "") ||
	    db_query(r->db, r->arena, ST_CLIENT_NAMES, &clients, ""))
		return 503;
	page = xml_page(r, XSL_QA, "lessons", "Lessons learned");
	filt = xml_el(page, "filters");
	xml_attr(filt, "tag", tag);
	xml_attr(filt, "client-id", client ? arena_printf(r->arena, "%lld", client) : "");
	xml_rows(xml_el(page, "tags"), "tag", tags);
	xml_rows(xml_el(page, "clients"), "client", clients);
	xml_rows(xml_el(page, "lessons"), "lesson", l);
	xml_pager(page, r, pg, PAGE_SIZE, db_cell_int(cnt, 0, LESSONS_COUNT_N),
		  arena_printf(r->arena, "/lessons?tag=%s&client_id=%s&", query_escape(r->arena, tag),
			       client ? arena_printf(r->arena, "%lld", client) : ""));
	return 200;
}
