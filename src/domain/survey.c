/* survey.c - satisfaction surveys (domain layer): the plan of a project, the e-mails of an
 * occasion (for milestones and closure), and the answer. */
#include "domain/survey.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "domain/mail.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"
#include "domain/token.h"
#include "core/xml.h"

#include <string.h>

int survey_send(struct ctx *c, long long pid, long long client, long long milestone_id)
{
	struct db_res *plan, *to;
	const char *kind = "csat", *occasion, *brand = mail_brand_name(c);

	if (db_query(c->db, c->arena, ST_SURVEY_PLAN_GET, &plan, "i", pid))
		return -1;
	if (plan->nrows == 1) {
		kind = db_cell(plan, 0, SURVEY_PLAN_GET_KIND);
		if (milestone_id ? db_cell_int(plan, 0, SURVEY_PLAN_GET_MILESTONE_ID) != milestone_id : !db_cell_int(plan, 0, SURVEY_PLAN_GET_AT_CLOSURE))
			return 0;
	} else if (milestone_id) {
		return 0; /* no plan: CSAT at closure only */
	}
	occasion = milestone_id ? arena_printf(c->arena, "milestone-%lld", milestone_id) : "closure";
	if (db_query(c->db, c->arena, ST_SURVEY_CONTACTS, &to, "i", pid))
		return -1;
	for (size_t i = 0; i < to->nrows; i++) {
		char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1];
		int nps = !strcmp(kind, "nps");
		xmlNodePtr m, sv;
		long long n;

		token_mint(token, hash);
		n = db_exec(c->db, ST_SURVEY_INSERT, "iiisss", pid, client, db_cell_int(to, i, SURVEY_CONTACTS_ID), kind,
			    occasion, hash);
		if (n < 0)
			return -1;
		if (n == 0)
			continue; /* asked on this occasion already */
		m = mail_doc(c, "survey");
		if (!m)
			return -1;
		/* the e-mail's score links (issue 10 item 11): each score of the kind is a link
		 * <link>?score=N to the form with N chosen */
		sv = xml_el(m, "survey");
		xml_attr(sv, "link", arena_printf(c->arena, "%s/s/%s", c->cfg->base_url, token));
		xml_attr(sv, "scale", nps ? "nps" : "csat");
		xml_attr(sv, "project", db_cell(to, i, SURVEY_CONTACTS_PROJECT_NAME));
		for (int score = nps ? 0 : 1; score <= (nps ? 10 : 5); score++)
			xml_attr_int(xml_el(sv, "score"), "n", score);
		if (mail_queue(c, m, db_cell(to, i, SURVEY_CONTACTS_EMAIL), db_cell(to, i, SURVEY_CONTACTS_NAME),
			       arena_printf(c->arena, "%s: a quick question about %s", brand,
					    db_cell(to, i, SURVEY_CONTACTS_PROJECT_NAME))))
			return -1;
	}
	return 0;
}

int survey_plan_set(struct ctx *c, long long pid, const char *kind, long long milestone_id,
		    int at_closure, const char **field, const char **why)
{
	struct db_res *p, *m;

	*field = *why = NULL;
	if (db_query(c->db, c->arena, ST_PROJECT_LOCK, &p, "i", pid))
		return -1;
	if (p->nrows != 1)
		return SURVEY_NOT_FOUND;
	if (!kind || (strcmp(kind, "csat") && strcmp(kind, "nps"))) {
		*field = "kind";
		*why = "Choose CSAT or NPS.";
		return SURVEY_REFUSED;
	}
	if (milestone_id) {
		if (db_query(c->db, c->arena, ST_SURVEY_MILESTONE_OK, &m, "ii", milestone_id, pid))
			return -1;
		if (m->nrows != 1) {
			*field = "milestone_id";
			*why = "Choose a milestone of this project.";
			return SURVEY_REFUSED;
		}
	}
	return db_exec(c->db, ST_SURVEY_PLAN_SET, "isni", pid, kind, milestone_id,
		       (long long)(at_closure != 0)) < 0 ? -1 : 0;
}

/* Tell the project's PM of the answer to survey s (a row of ST_SURVEY_LOCK). 0, or -1. */
static int tell_pm(struct ctx *c, const struct db_res *s, long long score, const char *comment)
{
	long long pid = db_cell_int(s, 0, SURVEY_LOCK_PROJECT_ID);
	int nps = !strcmp(db_cell(s, 0, SURVEY_LOCK_KIND), "nps");
	struct notify_project p;
	struct db_res *u;
	struct notice n = { .kind = NK_SURVEY_ANSWERED, .project_id = pid };

	if (notify_project(c, pid, &p) ||
	    db_query(c->db, c->arena, ST_NOTIFY_USER, &u, "i", db_cell_int(s, 0, SURVEY_LOCK_CONTACT_ID)) ||
	    u->nrows != 1)
		return -1;
	if (comment && !*comment)
		comment = NULL;
	n.user_id = p.pm_id;
	n.client_id = p.client_id;
	n.link = arena_printf(c->arena, "/projects/%lld/surveys", pid);
	n.text = arena_printf(c->arena, "%s answered the survey on %s: %s %lld of %d%s%s%s",
			      db_cell(u, 0, NOTIFY_USER_NAME), p.name, nps ? "NPS" : "CSAT", score,
			      nps ? 10 : 5, comment ? ", \u201c" : ".",
			      comment ? notify_excerpt(c->arena, comment, 300) : "",
			      comment ? "\u201d" : "");
	return notify(c, &n) < 0 ? -1 : 0;
}

int survey_answer(struct ctx *c, long long id, long long score, const char *comment,
		  const char **field, const char **why)
{
	struct db_res *s;
	const char *kind;

	*field = *why = NULL;
	if (db_query(c->db, c->arena, ST_SURVEY_LOCK, &s, "i", id))
		return -1;
	if (s->nrows != 1)
		return SURVEY_NOT_FOUND;
	if (db_cell_int(s, 0, SURVEY_LOCK_ANSWERED) || db_cell_int(s, 0, SURVEY_LOCK_EXPIRED))
		return SURVEY_CLOSED;
	kind = db_cell(s, 0, SURVEY_LOCK_KIND);
	if (strcmp(kind, "nps") ? score < 1 || score > 5 : score < 0 || score > 10) {
		*field = "score";
		*why = strcmp(kind, "nps") ? "Choose a score from 1 to 5." : "Choose a score from 0 to 10.";
		return SURVEY_REFUSED;
	}
	switch (db_exec(c->db, ST_SURVEY_ANSWER, "isi", score, comment, id)) {
	case 1:
		break;
	case 0:
		return SURVEY_CLOSED;
	default:
		return -1;
	}
	if (outbox_emit(c, EV_SURVEY_ANSWERED, db_cell_int(s, 0, SURVEY_LOCK_CLIENT_ID),
			db_cell_int(s, 0, SURVEY_LOCK_PROJECT_ID),
			json_pack("{s:I, s:s, s:I}", "survey_id", id, "kind", kind, "score", score)))
		return -1;
	return tell_pm(c, s, score, comment);
}
