/* page_client.c - clients (organisations) and their contacts. */
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/invite.h"
#include "domain/outbox.h"
#include "page/page_client.h"
#include "page/survey_view.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "domain/vocab.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

static const struct vfield client_fields[] = {
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "domain", "Domain", V_LINE, 0, 0, 253, NULL },
	{ "cadence", "Reporting cadence", V_ENUM, 1, 0, 0, vocab_cadences },
	{ "notes", "Notes", V_TEXT, 0, 0, 10000, NULL },
};
#define NCLIENT ARRAY_SIZE(client_fields)

static const struct vfield contact_fields[] = {
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "email", "E-mail", V_EMAIL, 1, 0, 254, NULL },
	{ "access", "Access", V_ENUM, 1, 0, 0, vocab_access_levels },
};
#define NCONTACT ARRAY_SIZE(contact_fields)

static const struct vfield access_fields[] = {
	{ "access", "Access", V_ENUM, 1, 0, 0, vocab_access_levels },
};
static const char *const zero_one[] = { "0", "1", NULL };
static const struct vfield active_fields[] = {
	/* required: a bare POST must not deactivate anyone */
	{ "active", "Active", V_ENUM, 1, 0, 0, zero_one },
};

/* 1 when the signed-in staff may change client_id's contacts: an admin, or the PM of one
 * of the client's projects; 0; -1 on a database error. */
static int manages_contacts(struct req *r, long long client_id)
{
	struct db_res *n;

	if (r->sess.role == ROLE_ADMIN)
		return 1;
	if (r->sess.role != ROLE_PM)
		return 0;
	if (db_query(r->db, r->arena, ST_CLIENT_PM_OF, &n, "ii", client_id, r->sess.user_id))
		return -1;
	return db_cell_int(n, 0, CLIENT_PM_OF_N) > 0;
}

/* example.com: letters, digits, dots and hyphens, with at least one dot. */
static int domain_ok(const char *s)
{
	if (!strchr(s, '.') || *s == '.' || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-'))
			return 0;
	return 1;
}

static int check_client(struct form *f)
{
	const struct vvalue *d = valid_get(f, "domain");

	if (d->present && !domain_ok(d->s))
		valid_error(f, "domain", "Domain must look like example.com (no http://, no path).");
	return f->nerr;
}

int page_client_list(struct req *r)
{
	long long pg = page_number(r), total;
	struct db_res *res, *cnt;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_CLIENT_COUNT, &cnt, ""))
		return 503;
	total = db_cell_int(cnt, 0, CLIENT_COUNT_N);
	if (db_query(r->db, r->arena, ST_CLIENT_LIST, &res, "ii", (long long)PAGE_SIZE,
		     (pg - 1) * PAGE_SIZE))
		return 503;
	page = xml_page(r, XSL_CLIENTS, "client-list", "Clients");
	xml_rows(xml_el(page, "clients"), "client", res);
	xml_pager(page, r, pg, PAGE_SIZE, total, "/clients?");
	return 200;
}

int page_client_new(struct req *r)
{
	xml_page(r, XSL_CLIENTS, "client-new", "New client");
	return 200;
}

int page_client_create(struct req *r)
{
	struct form f;
	long long id;
	json_t *data;

	if (valid_form(r, &f, "client", client_fields, NCLIENT) || check_client(&f)) {
		xml_page(r, XSL_CLIENTS, "client-new", "New client");
		valid_to_xml(r, &f);
		return 422;
	}
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_CLIENT_INSERT, "ssss", valid_get(&f, "name")->s,
		    valid_get(&f, "domain")->s, valid_get(&f, "cadence")->s,
		    valid_get(&f, "notes")->s) != 1)
		goto fail;
	id = db_insert_id(r->db);
	data = json_pack("{s:{s:I, s:s, s:s?}}", "client", "id", (json_int_t)id, "name",
			 valid_get(&f, "name")->s, "domain", valid_get(&f, "domain")->s);
	if (activity_add(&r->ctx, id, 0, "client_created", NULL, NULL, NULL, 0) ||
	    outbox_emit(&r->ctx, EV_CLIENT_CREATED, id, 0, data) || db_commit(r->db))
		goto fail;
	xml_flash_next(r, "client_created");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", id));
fail:
	db_rollback(r->db);
	return 503;
}

/* The client page; with f set, its form comes back with values and messages. */
static int client_page(struct req *r, long long id, const struct form *f, int status)
{
	struct db_res *c, *contacts, *projects;
	xmlNodePtr page;
	int manage, rc;

	if ((rc = page_one_row(r, ST_CLIENT_GET, &c, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_CONTACT_LIST, &contacts, "i", id) ||
	    db_query(r->db, r->arena, ST_PROJECTS_OF_CLIENT, &projects, "i", id))
		return 503;
	manage = manages_contacts(r, id);
	if (manage < 0)
		return 503;
	page = xml_page(r, XSL_CLIENTS, "client", db_cell(c, 0, CLIENT_GET_NAME));
	xml_attr(xml_row(page, "client", c, 0), "manage-contacts", manage ? "1" : "0");
	page_access_choices(page);
	xml_rows(xml_el(page, "contacts"), "contact", contacts);
	xml_rows(xml_el(page, "projects"), "project", projects);
	if (invite_state_xml(&r->ctx, page, id) || survey_trend_xml(r, page, "satisfaction", id, 0))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_client_view(struct req *r)
{
	return client_page(r, r->ids[0], NULL, 200);
}

int page_client_update(struct req *r)
{
	long long id = r->ids[0];
	struct form f;
	long long n;
	int rc;

	if (valid_form(r, &f, "client", client_fields, NCLIENT) || check_client(&f))
		return client_page(r, id, &f, 422);
	n = db_exec(r->db, ST_CLIENT_UPDATE, "ssssi", valid_get(&f, "name")->s,
		    valid_get(&f, "domain")->s, valid_get(&f, "cadence")->s, valid_get(&f, "notes")->s,
		    id);
	if (n < 0)
		return 503;
	if (n == 0) {
		struct db_res *c;
		if ((rc = page_one_row(r, ST_CLIENT_GET, &c, "i", id)))
			return rc;
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", id));
}

int page_contact_create(struct req *r)
{
	long long id = r->ids[0];
	struct db_res *c, *u;
	struct form f;
	int rc;

	if ((rc = page_one_row(r, ST_CLIENT_GET, &c, "i", id)))
		return rc;
	if (valid_form(r, &f, "contact", contact_fields, NCONTACT) == 0) {
		if (db_query(r->db, r->arena, ST_USER_BY_EMAIL, &u, "s", valid_get(&f, "email")->s))
			return 503;
		if (u->nrows)
			valid_error(&f, "email", "E-mail is already used by another account.");
	}
	if (f.nerr == 0 && db_begin(r->db))
		return 503;
	if (f.nerr == 0 &&
	    db_exec(r->db, ST_CONTACT_INSERT, "ssis", valid_get(&f, "email")->s,
		    valid_get(&f, "name")->s, id, valid_get(&f, "access")->s) != 1) {
		unsigned e = db_errno(r->db);
		db_rollback(r->db);
		if (e != 1062)
			return 503;
		valid_error(&f, "email", "E-mail is already used by another account.");
	}
	if (f.nerr)
		return client_page(r, id, &f, 422);
	/* the invitation and its e-mail commit with the contact */
	if (invite_create(&r->ctx, db_insert_id(r->db), valid_get(&f, "name")->s,
			  valid_get(&f, "email")->s) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "contact_added");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", id));
}

/* The contact ids[1] of client ids[0] if the signed-in staff may change it, else NULL and *st:
 * 404 (no such contact of this client), 403 (not an admin nor the client's PM), 503. */
static struct db_res *managed_contact(struct req *r, int *st)
{
	struct db_res *c;
	int ok;

	if ((*st = page_one_row(r, ST_CONTACT_OF_CLIENT, &c, "ii", r->ids[1], r->ids[0])))
		return NULL;
	ok = manages_contacts(r, r->ids[0]);
	if (ok <= 0) {
		*st = ok < 0 ? 503 : 403;
		return NULL;
	}
	return c;
}

/* How the client page words an access level. */
static const char *access_words(const char *access)
{
	enum access l = vocab_access_parse(access);

	return vocab_access(l != ACCESS_NONE ? l : ACCESS_VIEW)->words;
}

/* The activity note of a change to contact c: its name, and the access change if any. */
static const char *contact_note(struct req *r, struct db_res *c, const char *from, const char *to)
{
	if (!from)
		return db_cell(c, 0, CONTACT_OF_CLIENT_NAME);
	return arena_printf(r->arena, "%s: %s \xe2\x86\x92 %s", db_cell(c, 0, CONTACT_OF_CLIENT_NAME), access_words(from),
			    access_words(to));
}

int page_contact_access(struct req *r)
{
	long long client = r->ids[0], contact = r->ids[1];
	const char *from, *to;
	struct db_res *c;
	struct form f;
	int st;

	c = managed_contact(r, &st);
	if (!c)
		return st;
	if (valid_form(r, &f, "contact-access", access_fields, ARRAY_SIZE(access_fields)))
		return client_page(r, client, &f, 422);
	from = db_cell(c, 0, CONTACT_OF_CLIENT_ACCESS);
	to = valid_get(&f, "access")->s;
	if (strcmp(from, to)) {
		/* the session reads the access on every request, and /a/{token} checks it: lowering it
		 * from approve stops decisions at once, in the portal and by link */
		if (db_begin(r->db))
			return 503;
		if (db_exec(r->db, ST_CONTACT_SET_ACCESS, "sii", to, contact, client) != 1 ||
		    activity_add(&r->ctx, client, 0, "contact_access", from, to,
				 contact_note(r, c, from, to), 0) ||
		    db_commit(r->db)) {
			db_rollback(r->db);
			return 503;
		}
	}
	xml_flash_next(r, "contact_access_changed");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", client));
}

int page_contact_active(struct req *r)
{
	long long client = r->ids[0], contact = r->ids[1];
	struct db_res *c;
	struct form f;
	long long active;
	int st;

	c = managed_contact(r, &st);
	if (!c)
		return st;
	if (valid_form(r, &f, "contact-active", active_fields, ARRAY_SIZE(active_fields)))
		return client_page(r, client, &f, 422);
	active = !strcmp(valid_get(&f, "active")->s, "1");
	if (db_begin(r->db))
		return 503;
	/* deactivation: the session check (users.active) signs them out on their next request;
	 * their sessions, pending approval links and open password links go too */
	if (db_exec(r->db, ST_CONTACT_SET_ACTIVE, "iii", active, contact, client) < 0 ||
	    (!active && (db_exec(r->db, ST_SESSION_DEL_USER, "i", contact) < 0 ||
			 db_exec(r->db, ST_APPROVAL_TOKENS_VOID, "i", contact) < 0 ||
			 db_exec(r->db, ST_INVITE_REVOKE_ALL, "i", contact) < 0)) ||
	    (active != db_cell_int(c, 0, CONTACT_OF_CLIENT_ACTIVE) &&
	     activity_add(&r->ctx, client, 0, active ? "contact_reactivated" : "contact_deactivated", NULL,
			  NULL, contact_note(r, c, NULL, NULL), 0)) ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, active ? "contact_reactivated" : "contact_deactivated");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", client));
}
