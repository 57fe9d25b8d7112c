/* page_notify.c - the notifications pages (staff and portal): the list, opening one, marking
 * read, and each person's preferences (e-mail per kind, a contact's general choice, the time
 * zone). The bell's count is not read here: it comes with the session (web/sess.c). */
#include "page/page_notify.h"
#include "core/array.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/notify.h"
#include "domain/user.h"
#include "domain/vocab.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

#include <limits.h>
#include <string.h>

#define NOTIFY_PAGE_SIZE 25 /* notifications a page */

static int is_contact(const struct req *r)
{
	return r->sess.role == ROLE_CLIENT;
}

/* The person's list and preferences pages: the portal's for a contact. */
static const char *list_path(const struct req *r)
{
	return is_contact(r) ? "/portal/notifications" : "/notifications";
}

static const char *prefs_path(const struct req *r)
{
	return is_contact(r) ? "/portal/notifications/settings" : "/me/notifications";
}

int page_notifications(struct req *r)
{
	long long before = page_query_id(r, "before");
	struct db_res *res;
	xmlNodePtr page, list;

	if (db_query(r->db, r->arena, ST_NOTIFY_PAGE, &res, "iii", r->sess.user_id,
		     before ? before : LLONG_MAX, (long long)NOTIFY_PAGE_SIZE + 1))
		return 503;
	page = xml_page(r, XSL_NOTIFY, "notifications", "Notifications");
	list = xml_el(page, "notifications");
	xml_attr(list, "path", list_path(r));
	xml_attr(list, "settings", prefs_path(r));
	if (before)
		xml_attr(list, "older-than", page_query(r, "before"));
	if (res->nrows > NOTIFY_PAGE_SIZE) {
		res->nrows = NOTIFY_PAGE_SIZE;
		xml_attr(list, "next-before", db_cell(res, NOTIFY_PAGE_SIZE - 1, NOTIFY_PAGE_ID));
	}
	xml_rows(list, "notification", res);
	return 200;
}

int page_notification_open(struct req *r)
{
	struct db_res *n;
	int rc;

	/* the person's own only: another's id is no different from none */
	if ((rc = page_one_row(r, ST_NOTIFY_ONE, &n, "ii", r->ids[0], r->sess.user_id)))
		return rc;
	if (notify_read(&r->ctx, r->sess.user_id, r->ids[0]) < 0)
		return 503;
	return req_redirect(r, db_cell(n, 0, NOTIFY_ONE_LINK));
}

/* the page of the list a "Mark read" came from (its ?before=), so the reader stays there */
static const struct vfield back_fields[] = {
	{ "before", "Page", V_ID, 0, 0, 0, NULL },
};

int page_notification_read(struct req *r)
{
	struct db_res *n;
	struct form f;
	int rc;

	if ((rc = page_one_row(r, ST_NOTIFY_ONE, &n, "ii", r->ids[0], r->sess.user_id)))
		return rc;
	if (notify_read(&r->ctx, r->sess.user_id, r->ids[0]) < 0)
		return 503;
	xml_flash_next(r, "notification_read");
	/* a bad "before" is no reason to refuse: back to the newest */
	if (valid_form(r, &f, "read", back_fields, ARRAY_SIZE(back_fields)) ||
	    !valid_get(&f, "before")->present)
		return req_redirect(r, list_path(r));
	return req_redirect(r, arena_printf(r->arena, "%s?before=%lld", list_path(r),
					    valid_get(&f, "before")->i));
}

int page_notifications_read_all(struct req *r)
{
	if (notify_read(&r->ctx, r->sess.user_id, 0) < 0)
		return 503;
	xml_flash_next(r, "notifications_read");
	return req_redirect(r, list_path(r));
}

/* ------------------------------------------------------------ preferences */

static const char *const email_choices[] = { "now", "digest", "off", NULL };
static const char *const mode_choices[] = { "now", "digest", NULL };

/* One field per kind, in the order of notify_kinds.def (pref_fields[k] is kind k's), then a
 * contact's general choice and the time zone. Every field may be left out: what is not sent
 * is not changed. */
static const struct vfield pref_fields[] = {
#define NK(e, code, audience, flags, label) { code, label, V_ENUM, 0, 0, 0, email_choices },
#include "domain/notify_kinds.def"
#undef NK
	{ "mode", "Your e-mails", V_ENUM, 0, 0, 0, mode_choices },
	{ "time_zone", "Time zone", V_LINE, 0, 0, 64, NULL },
};
_Static_assert(ARRAY_SIZE(pref_fields) == NK__COUNT + 2, "one preference field per kind");

/* NA_STAFF or NA_CONTACT: whose kinds the person chooses for. */
static int audience(const struct req *r)
{
	return is_contact(r) ? NA_CONTACT : NA_STAFF;
}

/* What the person reads on the preferences page: their settings row and their choices. */
struct prefs_now {
	const char *mode;            /* a contact's general choice: "now" or "digest" (the default) */
	const char *time_zone;       /* NULL: the agency's */
	const char *cadence;         /* their client's reporting cadence (contacts) */
	const char *agency_zone;     /* the settings row 'time_zone', NULL when not set */
	enum notify_email email[NK__COUNT]; /* the e-mail per kind: their choice, else the default */
};

static int prefs_read(struct req *r, struct prefs_now *p)
{
	struct db_res *s, *rows;
	enum notify_kind k;
	enum notify_email e;
	int aud = audience(r);

	if (db_query(r->db, r->arena, ST_NOTIFY_SETTINGS, &s, "i", r->sess.user_id) ||
	    s->nrows != 1 ||
	    db_query(r->db, r->arena, ST_NOTIFY_PREFS, &rows, "i", r->sess.user_id))
		return -1;
	p->mode = db_cell(s, 0, NOTIFY_SETTINGS_MODE);
	if (!p->mode)
		p->mode = "digest";
	p->time_zone = db_cell(s, 0, NOTIFY_SETTINGS_TIME_ZONE);
	p->cadence = db_cell(s, 0, NOTIFY_SETTINGS_CADENCE);
	p->agency_zone = db_cell(s, 0, NOTIFY_SETTINGS_AGENCY_ZONE);
	for (size_t i = 0; i < NK__COUNT; i++)
		p->email[i] = notify_email_default((enum notify_kind)i, aud, p->mode);
	for (size_t i = 0; i < rows->nrows; i++)
		if (!notify_kind_parse(db_cell(rows, i, NOTIFY_PREFS_KIND), &k) &&
		    !notify_email_parse(db_cell(rows, i, NOTIFY_PREFS_EMAIL), &e))
			p->email[k] = e;
	return 0;
}

static int prefs_page(struct req *r, const struct form *f, int status)
{
	struct prefs_now p;
	const char **zones;
	size_t nzones;
	xmlNodePtr page, n, z;
	int aud = audience(r);

	if (prefs_read(r, &p))
		return 503;
	page = xml_page(r, XSL_NOTIFY, "notify-prefs", "Notification preferences");
	n = xml_el(page, "prefs");
	xml_attr(n, "audience", aud == NA_CONTACT ? "contact" : "staff");
	xml_attr(n, "action", prefs_path(r));
	xml_attr(n, "list", list_path(r));
	if (aud == NA_CONTACT) {
		xml_attr(n, "mode", p.mode);
		xml_attr(n, "cadence", p.cadence);
	}
	xml_attr(n, "time-zone", p.time_zone);
	xml_attr(n, "agency-zone", p.agency_zone ? p.agency_zone : "UTC");
	for (size_t i = 0; i < NK__COUNT; i++) {
		const struct notify_kind_info *k = notify_kind((enum notify_kind)i);
		xmlNodePtr kn;

		if (!(k->audience & aud))
			continue;
		kn = xml_el(n, "kind");
		xml_attr(kn, "code", k->code);
		xml_attr(kn, "label", k->label);
		if (k->flags & NF_OWN_MAIL)
			xml_attr(kn, "fixed", "1");
		else
			xml_attr(kn, "email", notify_email_name(p.email[i]));
	}
	z = xml_el(page, "zones");
	zones = user_time_zones(r->arena, &nzones);
	for (size_t i = 0; i < nzones; i++)
		xml_attr(xml_el(z, "zone"), "code", zones[i]);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_notify_prefs(struct req *r)
{
	return prefs_page(r, NULL, 200);
}

/* The checks valid_form cannot make: a kind of another audience (not on the person's form:
 * said for the whole form), a kind that cannot be turned off, a general choice from staff, a
 * zone not in the list. Each adds its note to f. */
static void prefs_check(struct req *r, struct form *f, const char *zone)
{
	int aud = audience(r);

	for (size_t i = 0; i < NK__COUNT; i++) {
		const struct notify_kind_info *k = notify_kind((enum notify_kind)i);

		if (!f->v[i].present || f->err[i])
			continue;
		if (!(k->audience & aud))
			valid_error(f, NULL, arena_printf(r->arena, "“%s” is not a notification you get.",
							  k->label));
		else if (k->flags & NF_OWN_MAIL)
			valid_error(f, k->code, arena_printf(r->arena, "“%s” is always e-mailed at once; it "
							     "cannot be turned off.", k->label));
	}
	if (valid_get(f, "mode")->present && aud != NA_CONTACT)
		valid_error(f, NULL, "Only a client's contacts choose between every message and the digest.");
	if (zone && !f->err[NK__COUNT + 1] && !user_time_zone_ok(zone))
		valid_error(f, "time_zone", "Time zone is not one of the list.");
}

int page_notify_prefs_save(struct req *r)
{
	struct prefs_now p;
	struct form f;
	const char *why = NULL, *zone;
	enum notify_email e;
	int rc = 0, refused = 0, set_zone;

	valid_form(r, &f, "prefs", pref_fields, ARRAY_SIZE(pref_fields));
	/* the zone is changed only when the form sends the field; empty: the agency's */
	set_zone = kv_get(&r->form, "time_zone") != NULL;
	zone = valid_get(&f, "time_zone")->present ? valid_get(&f, "time_zone")->s : NULL;
	prefs_check(r, &f, zone);
	if (f.nerr)
		return prefs_page(r, &f, 422);
	if (prefs_read(r, &p))
		return 503;
	if (db_begin(r->db))
		return 503;
	/* only what differs from what the page showed is written: a kind the person left as it
	 * was keeps following the default (a contact's general choice) */
	for (size_t i = 0; i < NK__COUNT && !rc; i++) {
		if (!f.v[i].present || notify_email_parse(f.v[i].s, &e) || e == p.email[i])
			continue;
		rc = notify_pref_set(&r->ctx, r->sess.user_id, (enum notify_kind)i, e);
		refused = rc == NOTIFY_SKIPPED;
	}
	if (!rc && valid_get(&f, "mode")->present && strcmp(valid_get(&f, "mode")->s, p.mode) &&
	    !notify_email_parse(valid_get(&f, "mode")->s, &e)) {
		rc = notify_mode_set(&r->ctx, r->sess.user_id, e);
		refused = rc == NOTIFY_SKIPPED;
	}
	if (!rc && set_zone &&
	    (zone ? !p.time_zone || strcmp(zone, p.time_zone) : p.time_zone != NULL)) {
		rc = user_time_zone_set(&r->ctx, r->sess.user_id, zone, &why);
		refused = rc == USER_REFUSED || rc == USER_NOT_FOUND;
	}
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (!refused)
			return 503;
		valid_error(&f, why ? "time_zone" : NULL,
			    why ? why : "These preferences could not be saved; nothing was changed.");
		return prefs_page(r, &f, 422);
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, prefs_path(r));
}
