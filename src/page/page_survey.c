/* page_survey.c - satisfaction surveys: CSAT (1-5) or NPS (0-10) e-mailed to the client's
 * contacts when the chosen milestone is reached and when the project enters closure,
 * answered once at /s/{token} without signing in; scores and their trend for staff. The
 * plan, the sending and the answer are the domain's (domain/survey.c). */
#include "core/array.h"
#include "core/db.h"
#include "page/page_survey.h"
#include "page/plan_view.h"
#include "page/survey_view.h"
#include "web/render.h"
#include "domain/survey.h"
#include "domain/token.h"
#include "web/token_page.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = { "csat", "nps", NULL };

static const struct vfield plan_fields[] = {
	{ "kind", "Survey", V_ENUM, 1, 0, 0, kinds },
	{ "milestone_id", "At milestone", V_ID, 0, 0, 0, NULL },
	{ "at_closure", "At closure", V_BOOL, 0, 0, 0, NULL },
};
static const struct vfield answer_fields[] = {
	{ "score", "Score", V_INT, 1, 0, 10, NULL },
	{ "comment", "Comment", V_TEXT, 0, 0, 4000, NULL },
};

/* ------------------------------------------------------------ staff */

static int surveys_page(struct req *r, struct db_res *p, const struct form *f, int status)
{
	struct db_res *plan, *list, *ms;
	long long pid = db_cell_int(p, 0, PROJECT_GET_ID), client = db_cell_int(p, 0, PROJECT_GET_CLIENT_ID);
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_SURVEY_PLAN_GET, &plan, "i", pid) ||
	    db_query(r->db, r->arena, ST_SURVEY_LIST, &list, "i", pid) ||
	    db_query(r->db, r->arena, ST_MS_OF_PROJECT, &ms, "i", pid))
		return 503;
	page = xml_page(r, XSL_SURVEYS, "surveys", db_cell(p, 0, PROJECT_GET_NAME));
	xml_row(page, "project", p, 0);
	if (plan->nrows)
		xml_row(page, "plan", plan, 0);
	xml_rows(xml_el(page, "surveys"), "survey", list);
	if (survey_trend_xml(r, page, "project-trend", client, pid) ||
	    survey_trend_xml(r, page, "client-trend", client, 0))
		return 503;
	/* the milestones to choose from: "name (due date)" as each option's text */
	{
		xmlNodePtr list_el = xml_el(page, "milestones");
		for (size_t i = 0; i < ms->nrows; i++) {
			xmlNodePtr m = xml_text(list_el, "milestone",
						arena_printf(r->arena, "%s (due %s)", db_cell(ms, i, MS_OF_PROJECT_NAME),
							     db_cell(ms, i, MS_OF_PROJECT_DUE_DATE)));
			xml_attr(m, "id", db_cell(ms, i, MS_OF_PROJECT_ID));
			xml_attr(m, "name", db_cell(ms, i, MS_OF_PROJECT_NAME));
			xml_attr(m, "due-date", db_cell(ms, i, MS_OF_PROJECT_DUE_DATE));
		}
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_surveys(struct req *r)
{
	struct db_res *p;
	int st = plan_project(r, r->ids[0], &p);

	return st ? st : surveys_page(r, p, NULL, 200);
}

int page_survey_plan(struct req *r)
{
	struct db_res *p;
	struct form f;
	const char *field, *why;
	int st = plan_project(r, r->ids[0], &p);

	if (st)
		return st;
	if (valid_form(r, &f, "plan", plan_fields, ARRAY_SIZE(plan_fields)))
		return surveys_page(r, p, &f, 422);
	if (db_begin(r->db))
		return 503;
	st = survey_plan_set(&r->ctx, r->ids[0], valid_get(&f, "kind")->s,
			     valid_get(&f, "milestone_id")->i, (int)valid_get(&f, "at_closure")->i,
			     &field, &why);
	if (st || db_commit(r->db)) {
		db_rollback(r->db);
		if (st == SURVEY_REFUSED) {
			valid_error(&f, field, why);
			return surveys_page(r, p, &f, 422);
		}
		return st == SURVEY_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/surveys", r->ids[0]));
}

/* ------------------------------------------------------------ /s/{token} */

static const struct token_kind survey_kind = { ST_SURVEY_BY_TOKEN, "answered", NULL, "expired" };

/* The survey of the path's token. 0 (an open survey in *out); 404 unknown, 410 expired; an
 * answered survey is 200 with the thank-you page on a GET (the redirect after the answer lands
 * there) and 410 "answered once" on a POST. */
static int token_survey(struct req *r, struct db_res **out)
{
	struct db_res *s;
	enum token_state state;

	if (token_find(r->db, r->arena, &survey_kind, token_of_path(r), &s, &state))
		return 503;
	*out = s;
	switch (state) {
	case TOKEN_OPEN:
		return 0;
	case TOKEN_UNKNOWN:
	case TOKEN_REVOKED: /* surveys are not withdrawn */
		return token_refused(r, 404, "Link not valid", "This survey link is not valid.");
	case TOKEN_USED:
		if (r->method == M_POST)
			return token_refused(r, 410, "Already answered",
					     "This survey has been answered already: a survey is answered"
					     " once, and your first answer is the one kept. Thank you!");
		xml_row(xml_page(r, XSL_SURVEYS, "survey-thanks", "Thank you"), "survey", s, 0);
		return 200;
	case TOKEN_EXPIRED:
		break;
	}
	return token_refused(r, 410, "Link expired", "This survey link has expired.");
}

/* The score a link chose (?score=N from the e-mail), when it is one of the survey's kind:
 * 0..10 for NPS, 1..5 for CSAT; else -1 (the form shows nothing chosen). */
static long long chosen_score(const struct req *r, const char *kind)
{
	const char *v = kv_get(&r->query, "score");
	long long n, lo = strcmp(kind, "nps") ? 1 : 0, hi = strcmp(kind, "nps") ? 5 : 10;
	char *end;

	if (!v || strlen(v) > 2 || v[0] < '0' || v[0] > '9')
		return -1; /* digits only: strtoll would take " 4" and "+4" */
	errno = 0;
	n = strtoll(v, &end, 10);
	return errno || *end || n < lo || n > hi ? -1 : n;
}

static int survey_page(struct req *r, struct db_res *s, const struct form *f, int status)
{
	xmlNodePtr page = xml_page(r, XSL_SURVEYS, "survey", "A quick question");
	xmlNodePtr n = xml_row(page, "survey", s, 0);
	long long chosen = f ? -1 : chosen_score(r, db_cell(s, 0, SURVEY_BY_TOKEN_KIND));
	char nonce[TOKEN_NONCE_LEN + 1];

	token_nonce(token_of_path(r), nonce);
	xml_attr(n, "token", token_of_path(r));
	xml_attr(n, "nonce", nonce);
	if (chosen >= 0)
		xml_attr_int(n, "chosen", chosen);
	if (f)
		valid_to_xml(r, f);
	return status;
}

/* GET /s/{token}[?score=N]: the form, with the e-mail's chosen score selected (nothing is
 * written on a GET: the contact confirms with one button). */
int page_survey_form(struct req *r)
{
	struct db_res *s;
	int st = token_survey(r, &s);

	return st ? st : survey_page(r, s, NULL, 200);
}

int page_survey_answer(struct req *r)
{
	struct db_res *s;
	struct form f;
	const char *field, *why;
	long long score;
	int st = token_survey(r, &s);

	if (st)
		return st;
	if (!token_post_ok(r, token_of_path(r)))
		return token_form_refused(r);
	if (valid_form(r, &f, "survey", answer_fields, ARRAY_SIZE(answer_fields)) == 0) {
		score = valid_get(&f, "score")->i;
		if (!strcmp(db_cell(s, 0, SURVEY_BY_TOKEN_KIND), "csat") && (score < 1 || score > 5))
			valid_error(&f, "score", "Choose a score from 1 to 5.");
	}
	if (f.nerr)
		return survey_page(r, s, &f, 422);
	if (db_begin(r->db))
		return 503;
	st = survey_answer(&r->ctx, db_cell_int(s, 0, SURVEY_BY_TOKEN_ID), valid_get(&f, "score")->i,
			   valid_get(&f, "comment")->s, &field, &why);
	if (st || db_commit(r->db)) {
		db_rollback(r->db);
		if (st == SURVEY_REFUSED) {
			valid_error(&f, field, why);
			return survey_page(r, s, &f, 422);
		}
		if (st == SURVEY_CLOSED || st == SURVEY_NOT_FOUND)
			return token_refused(r, 410, "Already answered",
					     "This survey has been answered already.");
		return 503;
	}
	/* to the thank-you page (200), which the same link now shows */
	return req_redirect(r, arena_printf(r->arena, "/s/%s", token_of_path(r)));
}
