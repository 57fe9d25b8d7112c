/* page_workdays.c - the agency's working days, set by an admin: the week and the holidays
 * (/settings/calendar; domain/workdays.c changes them, domain/workcal.c reads them). */
#include "core/array.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/workcal.h"
#include "domain/workdays.h"
#include "page/page_workdays.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

/* Monday first, as the settings row work_week. */
static const char *const day_fields[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static const struct vfield week_fields[] = {
	{ "mon", "Monday", V_BOOL, 0, 0, 0, NULL },
	{ "tue", "Tuesday", V_BOOL, 0, 0, 0, NULL },
	{ "wed", "Wednesday", V_BOOL, 0, 0, 0, NULL },
	{ "thu", "Thursday", V_BOOL, 0, 0, 0, NULL },
	{ "fri", "Friday", V_BOOL, 0, 0, 0, NULL },
	{ "sat", "Saturday", V_BOOL, 0, 0, 0, NULL },
	{ "sun", "Sunday", V_BOOL, 0, 0, 0, NULL },
};
static const struct vfield holiday_fields[] = {
	{ "day", "Date", V_DATE, 1, 0, 0, NULL },
	{ "name", "Name", V_LINE, 1, 1, 200, NULL },
};
static const struct vfield remove_fields[] = {
	{ "day", "Date", V_DATE, 1, 0, 0, NULL },
};

/* The settings page; with f, that form comes back (status 422). */
static int workdays_page(struct req *r, const struct form *f, int status)
{
	struct db_res *h;
	struct workcal w;
	xmlNodePtr page, n;

	if (workcal_load(&r->ctx, &w) || db_query(r->db, r->arena, ST_WD_HOLIDAYS, &h, ""))
		return 503;
	page = xml_page(r, XSL_TEMPLATES, "workdays", "Working days");
	n = xml_el(page, "week");
	for (int i = 0; i < 7; i++)
		xml_attr(n, day_fields[i], w.week[i] ? "1" : "0");
	n = xml_el(page, "holidays");
	xml_attr_int(n, "count", (long long)h->nrows);
	xml_rows(n, "holiday", h);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_workdays(struct req *r)
{
	return workdays_page(r, NULL, 200);
}

/* The answer to a change after the domain's result rc: 303 with flash, the form again on a
 * refusal (probs on f), 404 or 503. */
static int done(struct req *r, int rc, struct form *f, const struct problems *probs,
		const char *flash)
{
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == WORKDAYS_REFUSED) {
			for (int i = 0; i < probs->n; i++)
				valid_error(f, probs->v[i].field, probs->v[i].msg);
			return workdays_page(r, f, 422);
		}
		return rc == WORKDAYS_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, flash);
	return req_redirect(r, "/settings/calendar");
}

int page_workdays_week(struct req *r)
{
	struct problems probs = { 0 };
	char week[8];
	struct form f;

	if (valid_form(r, &f, "week", week_fields, ARRAY_SIZE(week_fields)))
		return workdays_page(r, &f, 422);
	for (int i = 0; i < 7; i++)
		week[i] = valid_get(&f, day_fields[i])->i ? '1' : '0';
	week[7] = 0;
	if (db_begin(r->db))
		return 503;
	return done(r, workdays_set_week(&r->ctx, week, &probs), &f, &probs, "week_saved");
}

int page_holiday_add(struct req *r)
{
	struct problems probs = { 0 };
	struct form f;

	if (valid_form(r, &f, "holiday", holiday_fields, ARRAY_SIZE(holiday_fields)))
		return workdays_page(r, &f, 422);
	if (db_begin(r->db))
		return 503;
	return done(r, workdays_holiday_add(&r->ctx, valid_get(&f, "day")->s, valid_get(&f, "name")->s,
					    &probs), &f, &probs, "holiday_added");
}

int page_holiday_remove(struct req *r)
{
	struct problems probs = { 0 };
	struct form f;

	if (valid_form(r, &f, "remove", remove_fields, ARRAY_SIZE(remove_fields)))
		return 404;
	if (db_begin(r->db))
		return 503;
	return done(r, workdays_holiday_remove(&r->ctx, valid_get(&f, "day")->s), &f, &probs,
		    "holiday_removed");
}
