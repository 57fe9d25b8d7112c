/* page_mailbox.c - the admin's mailbox settings (/settings/mailbox; domain/mailbox.c saves them,
 * out/imap.c reads the mailbox by them). */
#include "page/page_mailbox.h"
#include "core/array.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/mailbox.h"
#include "web/frame.h"
#include "web/render.h"
#include "web/valid.h"

#include <string.h>

static const char *const tls_choices[] = { "none", "tls", "starttls", NULL };
static const struct vfield mailbox_fields[] = {
	{ "host", "Host", V_LINE, 1, 0, 253, NULL },
	{ "port", "Port", V_INT, 1, 1, 65535, NULL },
	{ "tls", "Security", V_ENUM, 1, 0, 0, tls_choices },
	{ "user", "User name", V_LINE, 1, 0, 254, NULL },
	{ "password", "Password", V_PASSWORD, 0, 0, 500, NULL },
	{ "address", "Address", V_EMAIL, 1, 0, 254, NULL },
	{ "folder", "Folder", V_LINE, 1, 0, 200, NULL },
	{ "done_folder", "Done folder", V_LINE, 1, 0, 200, NULL },
	{ "interval_s", "Interval", V_INT, 1, 10, 3600, NULL },
};

/* The settings page; with f, that form comes back (status 422). */
static int mailbox_page(struct req *r, const struct form *f, int status)
{
	struct mailbox_settings s;
	struct db_res *counts;
	xmlNodePtr page, n;

	if (mailbox_settings_load(&r->ctx, &s) ||
	    db_query(r->db, r->arena, ST_INBOUND_COUNTS, &counts, ""))
		return 503;
	page = xml_page(r, XSL_WEBHOOKS, "mailbox", "Mailbox");
	n = xml_el(page, "mailbox");
	xml_attr(n, "host", s.host);
	xml_attr_int(n, "port", s.port);
	xml_attr(n, "tls", s.tls);
	xml_attr(n, "user", s.user);
	xml_attr(n, "password-set", s.password ? "1" : "0"); /* never the password itself */
	xml_attr(n, "address", s.address);
	xml_attr(n, "folder", s.folder);
	xml_attr(n, "done-folder", s.done_folder);
	xml_attr_int(n, "interval-s", s.interval_s);
	xml_attr(n, "configured", s.configured ? "1" : "0");
	xml_attr(n, "uidvalidity", s.uidvalidity);
	xml_attr_int(n, "last-uid", s.last_uid);
	xml_attr(n, "stored", db_cell(counts, 0, INBOUND_COUNTS_STORED));
	xml_attr(n, "waiting", db_cell(counts, 0, INBOUND_COUNTS_WAITING));
	xml_attr(n, "last-at", db_cell(counts, 0, INBOUND_COUNTS_LAST_AT));
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_mailbox(struct req *r)
{
	return mailbox_page(r, NULL, 200);
}

int page_mailbox_save(struct req *r)
{
	struct problems probs = { 0 };
	struct mailbox_form m;
	struct form f;
	int bad, rc;

	bad = valid_form(r, &f, "mailbox", mailbox_fields, ARRAY_SIZE(mailbox_fields));
	m = (struct mailbox_form){
		.host = valid_get(&f, "host")->s, .tls = valid_get(&f, "tls")->s,
		.user = valid_get(&f, "user")->s, .password = valid_get(&f, "password")->s,
		.address = valid_get(&f, "address")->s, .folder = valid_get(&f, "folder")->s,
		.done_folder = valid_get(&f, "done_folder")->s,
		.port = (long)valid_get(&f, "port")->i, .interval_s = (long)valid_get(&f, "interval_s")->i,
	};
	if (db_begin(r->db))
		return 503;
	rc = mailbox_save(&r->ctx, &m, &probs);
	/* the table's messages first; the domain's checks add what it alone knows (a host with a
	 * scheme, no password stored yet, the same folder twice) on the fields still fine */
	if (bad || rc) {
		db_rollback(r->db);
		if (rc && rc != MAILBOX_REFUSED)
			return 503;
		for (int i = 0; i < probs.n; i++) {
			const char *field = probs.v[i].field;
			int had = 0;
			for (size_t k = 0; k < f.n; k++)
				if (field && !strcmp(f.fields[k].name, field) && f.err[k])
					had = 1;
			if (!had)
				valid_error(&f, field, probs.v[i].msg);
		}
		return mailbox_page(r, &f, 422);
	}
	if (db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, "/settings/mailbox");
}
