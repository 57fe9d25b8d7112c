/* page_client.c - clients (organisations) and their contacts. */
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/client.h"
#include "domain/invite.h"
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

/* The client form's values (valid) as the domain takes them. */
static struct client_new client_values(const struct form *f)
{
	return (struct client_new){
		.name = valid_get(f, "name")->s,
		.domain = valid_get(f, "domain")->s,
		.cadence = valid_get(f, "cadence")->s,
		.notes = valid_get(f, "notes")->s,
		.source = "tandem",
	};
}

int page_client_create(struct req *r)
{
	struct client_new n;
	struct form f;
	long long id;

	if (valid_form(r, &f, "client", client_fields, NCLIENT) || check_client(&f)) {
		xml_page(r, XSL_CLIENTS, "client-new", "New client");
		valid_to_xml(r, &f);
		return 422;
	}
	n = client_values(&f);
	if (db_begin(r->db))
		return 503;
	if (client_create(&r->ctx, &n, &id) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "client_created");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", id));
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
	struct client_new n;
	struct form f;
	int rc;

	if (valid_form(r, &f, "client", client_fields, NCLIENT) || check_client(&f))
		return client_page(r, id, &f, 422);
	n = client_values(&f);
	if (db_begin(r->db))
		return 503;
	if ((rc = client_update(&r->ctx, id, &n)) || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == CLIENT_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", id));
}

int page_contact_create(struct req *r)
{
	long long id = r->ids[0], contact;
	struct form f;
	int rc;

	/* an unknown client is 404 before the form is read: client_page answers it */
	if (valid_form(r, &f, "contact", contact_fields, NCONTACT))
		return client_page(r, id, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = client_contact_create(&r->ctx, id, valid_get(&f, "name")->s, valid_get(&f, "email")->s,
				   valid_get(&f, "access")->s, &contact);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == CLIENT_NOT_FOUND)
			return 404;
		if (rc != CLIENT_EMAIL_TAKEN)
			return 503;
		valid_error(&f, "email", "E-mail is already used by another account.");
		return client_page(r, id, &f, 422);
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

/* The end of a contact change: the domain's result rc (rolled back unless 0 or commit fails),
 * then the client page with flash. */
static int contact_done(struct req *r, int rc, const char *flash)
{
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == CLIENT_NOT_FOUND)
			return 404;
		if (rc != CLIENT_UNCHANGED)
			return 503;
	}
	xml_flash_next(r, flash);
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", r->ids[0]));
}

int page_contact_access(struct req *r)
{
	long long client = r->ids[0], contact = r->ids[1];
	struct form f;
	int st;

	if (!managed_contact(r, &st))
		return st;
	if (valid_form(r, &f, "contact-access", access_fields, ARRAY_SIZE(access_fields)))
		return client_page(r, client, &f, 422);
	if (db_begin(r->db))
		return 503;
	/* the same level again writes nothing and says the same */
	return contact_done(r, client_contact_set_access(&r->ctx, client, contact, valid_get(&f, "access")->s),
			    "contact_access_changed");
}

int page_contact_active(struct req *r)
{
	long long client = r->ids[0], contact = r->ids[1];
	struct form f;
	int active, st;

	if (!managed_contact(r, &st))
		return st;
	if (valid_form(r, &f, "contact-active", active_fields, ARRAY_SIZE(active_fields)))
		return client_page(r, client, &f, 422);
	active = !strcmp(valid_get(&f, "active")->s, "1");
	if (db_begin(r->db))
		return 503;
	return contact_done(r, client_contact_set_active(&r->ctx, client, contact, active),
			    active ? "contact_reactivated" : "contact_deactivated");
}
