/* survey.c - satisfaction surveys sent (domain layer): the e-mails of an occasion, for milestones and closure. */
#include "domain/survey.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "domain/mail.h"
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
