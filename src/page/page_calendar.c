/* page_calendar.c - iCalendar feeds of a project's milestones at secret, revocable URLs. */
#include "core/array.h"
#include "page/page_calendar.h"
#include "page/plan_view.h"
#include "domain/calendar.h"
#include "domain/plan_calc.h"
#include "web/render.h"
#include "domain/token.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <sodium.h>
#include <string.h>

#define FEED_COOKIE "tandem_feed"   /* the new feed's token, shown once on the next page */

static const char *const audiences[] = { "team", "client", NULL };
static const struct vfield feed_fields[] = {
	{ "audience", "Who it is for", V_ENUM, 0, 0, 0, audiences },
};

/* a feed is withdrawn by revoking it: its lookup leaves revoked feeds out; no expiry */
static const struct token_kind feed_kind = { ST_CAL_BY_TOKEN, NULL, NULL, NULL };

static int calendar_page(struct req *r, const struct form *f, int status)
{
	long long pid = r->ids[0];
	struct db_res *p, *feeds;
	const char *token = kv_get(&r->cookies, FEED_COOKIE);
	xmlNodePtr page;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_query(r->db, r->arena, ST_CAL_OF_PROJECT, &feeds, "i", pid))
		return 503;
	page = plan_page_of(r, p, "calendar");
	xml_rows(xml_el(page, "feeds"), "feed", feeds);
	if (token_ok(token) && r->method != M_POST) {
		xml_text(page, "new-feed-url", arena_printf(r->arena, "%s/calendar.ics?t=%s",
							    r->cfg->base_url, token));
		req_cookie(r, FEED_COOKIE, "", 0);
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_calendar(struct req *r)
{
	return calendar_page(r, NULL, 200);
}

int page_calendar_create(struct req *r)
{
	long long pid = r->ids[0], id;
	struct db_res *p;
	struct form f;
	char token[TOKEN_LEN + 1];
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (valid_form(r, &f, "feed", feed_fields, ARRAY_SIZE(feed_fields)))
		return calendar_page(r, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = calendar_create(&r->ctx, pid, valid_get(&f, "audience")->s, token, &id);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		sodium_memzero(token, sizeof(token));
		return rc == CALENDAR_NOT_FOUND ? 404 : 503;
	}
	/* the token itself is stored nowhere: it travels once, in a short-lived cookie */
	req_cookie(r, FEED_COOKIE, token, 300);
	sodium_memzero(token, sizeof(token));
	xml_flash_next(r, "feed_created");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/calendar", pid));
}

int page_calendar_revoke(struct req *r)
{
	int rc;

	if (db_begin(r->db))
		return 503;
	rc = calendar_revoke(&r->ctx, r->ids[0], r->ids[1]);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == CALENDAR_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, "feed_revoked");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/calendar", r->ids[0]));
}

/* one content line "NAME:value", folded; text: the value is TEXT to escape
 * (else a date or an id, written as it is) */
static void line(struct buf *out, struct buf *tmp, const char *name, const char *value, int text)
{
	buf_reset(tmp);
	buf_adds(tmp, name);
	buf_addch(tmp, ':');
	if (text)
		ical_text(tmp, value ? value : "");
	else
		buf_adds(tmp, value ? value : "");
	ical_line(out, tmp->data, tmp->len);
}

int page_calendar_feed(struct req *r)
{
	struct db_res *f, *ms;
	enum token_state state;
	struct buf out = BUF_INIT, tmp = BUF_INIT;
	const char *host;

	if (token_find(r->db, r->arena, &feed_kind, kv_get(&r->query, "t"), &f, &state))
		return 503;
	if (state != TOKEN_OPEN)
		return 404;
	if (db_query(r->db, r->arena, ST_CAL_MILESTONES, &ms, "ii", db_cell_int(f, 0, CAL_BY_TOKEN_PROJECT_ID),
		     db_cell_int(f, 0, CAL_BY_TOKEN_FOR_CLIENT)))
		return 503;
	host = strstr(r->cfg->base_url, "://");
	host = host ? host + 3 : "tandem";
	buf_adds(&out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem//Milestones//EN\r\n"
		       "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	line(&out, &tmp, "X-WR-CALNAME", arena_printf(r->arena, "%s \u2014 milestones", db_cell(f, 0, CAL_BY_TOKEN_NAME)), 1);
	for (size_t i = 0; i < ms->nrows; i++) {
		buf_adds(&out, "BEGIN:VEVENT\r\n");
		line(&out, &tmp, "UID", arena_printf(r->arena, "milestone-%s@%s", db_cell(ms, i, CAL_MILESTONES_ID), host), 0);
		line(&out, &tmp, "DTSTAMP", db_cell(ms, i, CAL_MILESTONES_STAMP), 0);
		line(&out, &tmp, "DTSTART;VALUE=DATE", db_cell(ms, i, CAL_MILESTONES_START), 0);
		line(&out, &tmp, "DTEND;VALUE=DATE", db_cell(ms, i, CAL_MILESTONES_END), 0);
		line(&out, &tmp, "SUMMARY", db_cell(ms, i, CAL_MILESTONES_NAME), 1);
		line(&out, &tmp, "DESCRIPTION", arena_printf(r->arena, "Milestone of %s%s", db_cell(f, 0, CAL_BY_TOKEN_NAME),
							      db_cell_int(ms, i, CAL_MILESTONES_REACHED) ? " (reached)" : ""), 1);
		buf_adds(&out, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
	}
	buf_adds(&out, "END:VCALENDAR\r\n");
	req_header(r, "Cache-Control", "private, max-age=300");
	req_send_head(r, 200, "text/calendar; charset=utf-8");
	if (r->method != M_HEAD)
		req_write(r, out.data, out.len);
	buf_release(&out);
	buf_release(&tmp);
	return 200;
}
