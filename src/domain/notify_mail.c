/* notify_mail.c - notifications by e-mail: at once, or in a digest at the client's cadence. */
#include "domain/notify_mail.h"
#include "core/array.h"
#include "core/config.h"
#include "core/db.h"
#include "core/log.h"
#include "core/tz.h"
#include "core/xml.h"
#include "domain/clock.h"
#include "domain/inbound.h"
#include "domain/mail.h"
#include "domain/notify.h"
#include "domain/timecalc.h"
#include "domain/unsubscribe.h"
#include "domain/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBJECT_MAX 150 /* bytes of a notice's text in its subject */

/* text as a subject: control characters as spaces, at most SUBJECT_MAX bytes cut between
 * UTF-8 sequences (with "..." when cut). Arena text. */
static const char *subject_of(struct ctx *c, const char *text)
{
	size_t n = strlen(text), cut = n > SUBJECT_MAX ? SUBJECT_MAX : n;
	char *s;

	while (cut < n && cut && ((unsigned char)text[cut] & 0xc0) == 0x80)
		cut--;
	s = arena_printf(c->arena, "%.*s%s", (int)cut, text, cut < n ? "..." : "");
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return s;
}

/* 1 when the person is e-mailed at all: active, and a contact only once they can sign in
 * (the rule of the client-visible mails: contacts_who_sign_in). */
static int mailed(const char *role, long long active, long long can_sign_in)
{
	enum role r = vocab_role_parse(role);

	if (r == ROLE_NONE || active != 1)
		return 0;
	return vocab_role(r)->staff || can_sign_in == 1;
}

static int is_staff(const char *role)
{
	enum role r = vocab_role_parse(role);

	return r != ROLE_NONE && vocab_role(r)->staff;
}

/* ------------------------------------------------------------ at once */

int notify_mail_send(struct ctx *c, long long id)
{
	struct db_res *n;
	const char *url, *project, *reply_to = NULL, *token = NULL;
	enum notify_kind k;
	xmlNodePtr m, e;
	long long done;
	int ok;

	if (db_query(c->db, c->arena, ST_NOTIFY_MAIL_GET, &n, "i", id))
		return -1;
	if (n->nrows != 1 || strcmp(db_cell(n, 0, NOTIFY_MAIL_GET_MAIL), "now"))
		return NOTIFY_MAIL_SKIPPED;
	ok = mailed(db_cell(n, 0, NOTIFY_MAIL_GET_ROLE), db_cell_int(n, 0, NOTIFY_MAIL_GET_ACTIVE),
		    db_cell_int(n, 0, NOTIFY_MAIL_GET_CAN_SIGN_IN)) &&
	     !notify_kind_parse(db_cell(n, 0, NOTIFY_MAIL_GET_KIND), &k);
	/* the row is ours once this changes it (it locks the row until the caller's commit) */
	done = db_exec(c->db, ST_NOTIFY_MAIL_MARK, "si", ok ? "sent" : "none", id);
	if (done < 0)
		return -1;
	if (done == 0 || !ok)
		return NOTIFY_MAIL_SKIPPED;
	if (unsubscribe_url(c, db_cell_int(n, 0, NOTIFY_MAIL_GET_USER_ID), notify_kind(k)->code, &url) < 0)
		return -1;
	/* about a thread: replies to this e-mail land in it (issue 14) */
	if (db_cell(n, 0, NOTIFY_MAIL_GET_THREAD_ID) &&
	    inbound_reply_to(c, db_cell_int(n, 0, NOTIFY_MAIL_GET_THREAD_ID),
			     db_cell_int(n, 0, NOTIFY_MAIL_GET_USER_ID), db_cell(n, 0, NOTIFY_MAIL_GET_EMAIL),
			     &reply_to, &token))
		return -1;
	if (!(m = mail_doc(c, "notice")))
		return -1;
	e = xml_text(m, "notice", db_cell(n, 0, NOTIFY_MAIL_GET_TEXT));
	xml_attr(e, "link", arena_printf(c->arena, "%s%s", c->cfg->base_url,
					 db_cell(n, 0, NOTIFY_MAIL_GET_LINK)));
	xml_attr(e, "kind", notify_kind(k)->code);
	xml_attr(e, "label", notify_kind(k)->label);
	if ((project = db_cell(n, 0, NOTIFY_MAIL_GET_PROJECT)))
		xml_attr(e, "project", project);
	xml_attr(e, "unsubscribe", url); /* NULL (an NF_OWN_MAIL kind, never 'now'): none */
	return mail_queue_reply(c, m, db_cell(n, 0, NOTIFY_MAIL_GET_EMAIL), db_cell(n, 0, NOTIFY_MAIL_GET_NAME),
				subject_of(c, db_cell(n, 0, NOTIFY_MAIL_GET_TEXT)), url, reply_to, token) ? -1 : 0;
}

int notify_mail_run(struct ctx *c, int max)
{
	struct db_res *due;
	int handled = 0;

	if (db_query(c->db, c->arena, ST_NOTIFY_MAIL_DUE, &due, "i", (long long)max))
		return -1;
	for (size_t i = 0; i < due->nrows; i++) {
		long long id = db_cell_int(due, i, NOTIFY_MAIL_DUE_ID);
		int rc = -1;

		if (!db_begin(c->db)) {
			rc = notify_mail_send(c, id);
			if (rc >= 0 && db_commit(c->db))
				rc = -1;
		}
		if (rc < 0) {
			db_rollback(c->db);
			/* a row that cannot be sent must not block the lane (retried every cycle) */
			log_warn("notify: notification %lld could not be mailed; its e-mail is dropped", id);
			db_exec(c->db, ST_NOTIFY_MAIL_MARK, "si", "none", id);
		}
		handled++;
	}
	return handled;
}

/* ------------------------------------------------------------ digest periods */

#define EPOCH_MONDAY 4L /* 1970-01-05, the first Monday: fortnights are counted from it */

const char *notify_digest_cadence(int staff, const char *client_cadence)
{
	static const char *const known[] = { "daily", "weekly", "biweekly", "monthly" };

	if (staff)
		return "daily";
	for (size_t i = 0; client_cadence && i < ARRAY_SIZE(known); i++)
		if (!strcmp(known[i], client_cadence))
			return known[i];
	return "weekly";
}

/* The first day of the period of cadence holding days. */
static long period_start(const char *cad, long days)
{
	int y, m, d;
	long mon;

	switch (cad[0]) {
	case 'd':
		return days;
	case 'w':
		return tc_week_monday(days);
	case 'b':
		mon = tc_week_monday(days);
		return (((mon - EPOCH_MONDAY) / 7) % 2) ? mon - 7 : mon;
	default:
		tc_civil(days, &y, &m, &d);
		return tc_days(y, m, 1);
	}
}

/* The first day of the period before the one starting on start. */
static long period_prev(const char *cad, long start)
{
	switch (cad[0]) {
	case 'd':
		return start - 1;
	case 'w':
		return start - 7;
	case 'b':
		return start - 14;
	default:
		return period_start(cad, start - 1);
	}
}

static void period_key(const char *cad, long start, char out[NOTIFY_PERIOD_LEN + 1])
{
	char week[16];
	int y, m, d;

	switch (cad[0]) {
	case 'd':
		tc_date_format(start, out, NOTIFY_PERIOD_LEN + 1);
		return;
	case 'w':
		tc_week_format(start, out, NOTIFY_PERIOD_LEN + 1);
		return;
	case 'b':
		tc_week_format(start, week, sizeof(week)); /* "YYYY-Www" */
		snprintf(out, NOTIFY_PERIOD_LEN + 1, "%.4s-F%02d", week,
			 (int)(((strtol(week + 6, NULL, 10) + 1) / 2) % 100));
		return;
	default:
		tc_civil(start, &y, &m, &d);
		snprintf(out, NOTIFY_PERIOD_LEN + 1, "%04d-%02d", y % 10000, m % 100);
	}
}

/* The sending time of the period starting on day start: DIGEST_HOUR:00 that day in zone. */
static time_t moment_of(const char *zone, long start)
{
	struct tm tm;
	int y, m, d;

	tc_civil(start, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = DIGEST_HOUR;
	return tz_utc(zone, &tm);
}

void notify_digest_due(const char *cadence, const char *zone, time_t now,
		       char period[NOTIFY_PERIOD_LEN + 1], time_t *moment)
{
	const char *cad = notify_digest_cadence(0, cadence);
	struct tm lt;
	long start;

	tz_local(zone, now, &lt);
	start = period_start(cad, tc_days(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday));
	*moment = moment_of(zone, start);
	if (*moment > now) { /* before the hour on its first day: the period before is due */
		start = period_prev(cad, start);
		*moment = moment_of(zone, start);
	}
	period_key(cad, start, period);
}

/* ------------------------------------------------------------ digests */

static const char *cadence_word(const char *cad)
{
	return !strcmp(cad, "daily") ? "daily" : !strcmp(cad, "biweekly") ? "fortnightly"
	       : !strcmp(cad, "monthly") ? "monthly" : "weekly";
}

/* The digest's document: <digest period cadence count home unsubscribe> with a <project name>
 * per project (name "" for rows of none) holding an <item link day>text</item> per row, then a
 * <stop kind label unsubscribe/> per kind in it. NULL on failure. */
static xmlNodePtr digest_doc(struct ctx *c, long long uid, int staff, const char *cad,
			     const char *period, const struct db_res *items, const char *unsub)
{
	xmlNodePtr m = mail_doc(c, "digest"), d, p = NULL;
	int seen[NK__COUNT] = { 0 };
	const char *last = NULL;

	if (!m)
		return NULL;
	d = xml_el(m, "digest");
	xml_attr(d, "period", period);
	xml_attr(d, "cadence", cadence_word(cad));
	xml_attr_int(d, "count", (long long)items->nrows);
	xml_attr(d, "home", arena_printf(c->arena, "%s%s", c->cfg->base_url, staff ? "/" : "/portal"));
	xml_attr(d, "unsubscribe", unsub);
	for (size_t i = 0; i < items->nrows; i++) {
		const char *pid = db_cell(items, i, DIGEST_ITEMS_PROJECT_ID);
		const char *name = db_cell(items, i, DIGEST_ITEMS_PROJECT);
		enum notify_kind k;
		xmlNodePtr it;

		if (!p || (pid ? !last || strcmp(pid, last) : last != NULL)) {
			p = xml_el(d, "project");
			xml_attr(p, "name", name && pid ? name : "");
			last = pid;
		}
		it = xml_text(p, "item", db_cell(items, i, DIGEST_ITEMS_TEXT));
		xml_attr(it, "link", arena_printf(c->arena, "%s%s", c->cfg->base_url,
						  db_cell(items, i, DIGEST_ITEMS_LINK)));
		xml_attr(it, "day", db_cell(items, i, DIGEST_ITEMS_DAY));
		if (!notify_kind_parse(db_cell(items, i, DIGEST_ITEMS_KIND), &k))
			seen[k] = 1;
	}
	for (int k = 0; k < NK__COUNT; k++) {
		const char *url;
		xmlNodePtr s;

		if (!seen[k] || unsubscribe_url(c, uid, notify_kind((enum notify_kind)k)->code, &url))
			continue; /* an NF_OWN_MAIL kind is never in a digest: no link to skip */
		s = xml_el(d, "stop");
		xml_attr(s, "kind", notify_kind((enum notify_kind)k)->code);
		xml_attr(s, "label", notify_kind((enum notify_kind)k)->label);
		xml_attr(s, "unsubscribe", url);
	}
	return m;
}

/* The digest of the person in row i of u (ST_DIGEST_USERS or ST_DIGEST_USER: the same
 * columns), as notify_digest_user says; the caller's transaction. */
static int digest_send(struct ctx *c, const struct db_res *u, size_t i, time_t now,
		       const char *agency_zone)
{
	long long uid = db_cell_int(u, i, DIGEST_USERS_ID), did, n;
	const char *role = db_cell(u, i, DIGEST_USERS_ROLE), *zone = db_cell(u, i, DIGEST_USERS_TIME_ZONE);
	const char *first = db_cell(u, i, DIGEST_USERS_FIRST_AT), *cad, *unsub;
	char period[NOTIFY_PERIOD_LEN + 1], before[20];
	struct db_res *items;
	time_t moment;
	xmlNodePtr m;
	int staff = is_staff(role);

	if (!first)
		return NOTIFY_MAIL_SKIPPED; /* nothing waits */
	if (!mailed(role, db_cell_int(u, i, DIGEST_USERS_ACTIVE), db_cell_int(u, i, DIGEST_USERS_CAN_SIGN_IN)))
		return db_exec(c->db, ST_DIGEST_DROP, "i", uid) < 0 ? -1 : NOTIFY_MAIL_SKIPPED;
	cad = notify_digest_cadence(staff, db_cell(u, i, DIGEST_USERS_CADENCE));
	notify_digest_due(cad, tz_ok(zone) ? zone : agency_zone, now, period, &moment);
	clock_sql(moment, before);
	if (strcmp(first, before) >= 0)
		return NOTIFY_MAIL_SKIPPED; /* all of it is newer than the period's hour: the next one */
	n = db_exec(c->db, ST_DIGEST_ADD, "is", uid, period);
	if (n <= 0)
		return n < 0 ? -1 : NOTIFY_MAIL_SKIPPED; /* this period's went already */
	did = db_insert_id(c->db);
	n = db_exec(c->db, ST_DIGEST_CLAIM, "iis", did, uid, before);
	if (n <= 0) /* never an empty digest */
		return n < 0 || db_exec(c->db, ST_DIGEST_UNDO, "i", did) < 0 ? -1 : NOTIFY_MAIL_SKIPPED;
	if (db_exec(c->db, ST_DIGEST_COUNT, "ii", n, did) < 0 ||
	    db_query(c->db, c->arena, ST_DIGEST_ITEMS, &items, "i", did) ||
	    unsubscribe_url(c, uid, UNSUB_DIGEST, &unsub) ||
	    !(m = digest_doc(c, uid, staff, cad, period, items, unsub)))
		return -1;
	return mail_queue_unsub(c, m, db_cell(u, i, DIGEST_USERS_EMAIL), db_cell(u, i, DIGEST_USERS_NAME),
				arena_printf(c->arena, "%s: your %s digest (%lld update%s)",
					     mail_brand_name(c), cadence_word(cad), n, n == 1 ? "" : "s"),
				unsub) ? -1 : 0;
}

int notify_digest_user(struct ctx *c, long long user_id, time_t now, const char *agency_zone)
{
	struct db_res *u;

	if (db_query(c->db, c->arena, ST_DIGEST_USER, &u, "i", user_id))
		return -1;
	return u->nrows == 1 ? digest_send(c, u, 0, now, agency_zone) : NOTIFY_MAIL_SKIPPED;
}

int notify_digest_run(struct ctx *c)
{
	struct clock k;
	struct db_res *u;
	int sent = 0;

	if (clock_get(c, &k) || db_query(c->db, c->arena, ST_DIGEST_USERS, &u, ""))
		return -1;
	for (size_t i = 0; i < u->nrows; i++) {
		char period[NOTIFY_PERIOD_LEN + 1], before[20];
		const char *zone = db_cell(u, i, DIGEST_USERS_TIME_ZONE);
		time_t moment;
		int rc;

		/* the common case, rows newer than the period's hour, costs no transaction */
		if (mailed(db_cell(u, i, DIGEST_USERS_ROLE), db_cell_int(u, i, DIGEST_USERS_ACTIVE),
			   db_cell_int(u, i, DIGEST_USERS_CAN_SIGN_IN))) {
			notify_digest_due(notify_digest_cadence(is_staff(db_cell(u, i, DIGEST_USERS_ROLE)),
								db_cell(u, i, DIGEST_USERS_CADENCE)),
					  tz_ok(zone) ? zone : k.zone, k.now, period, &moment);
			clock_sql(moment, before);
			if (strcmp(db_cell(u, i, DIGEST_USERS_FIRST_AT), before) >= 0)
				continue;
		}
		if (db_begin(c->db))
			return -1;
		rc = digest_send(c, u, i, k.now, k.zone);
		if (rc < 0 || db_commit(c->db)) {
			db_rollback(c->db);
			log_warn("notify: the digest of user %lld could not be sent; tried again later",
				 db_cell_int(u, i, DIGEST_USERS_ID));
			continue;
		}
		sent += rc == 0;
	}
	return sent;
}
