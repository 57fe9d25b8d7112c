/* page_inbox.c - the inbox of incoming e-mail (issue 14): what no thread or project took, for the
 * PMs and admins to file on a project or discard; one mail's page (also what a filed e-mail's
 * activity line opens). The decisions are the domain's (domain/inbound.c). */
#include "core/array.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/inbound.h"
#include "page/page_inbox.h"
#include "web/file.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

#include <string.h>

static const struct vfield file_fields[] = {
	{ "project_id", "Project", V_ID, 1, 0, 0, NULL },
};

static const struct vfield discard_fields[] = {
	{ "confirm", "Discard this e-mail", V_BOOL, 0, 0, 0, NULL },
};

/* PMs and admins handle the inbox; other staff read filed mail only. */
static long long manager(const struct req *r)
{
	return r->sess.role == ROLE_ADMIN || r->sess.role == ROLE_PM;
}

int page_inbox(struct req *r)
{
	long long pg = page_number(r), total;
	struct db_res *n, *l;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_INBOX_COUNT, &n, ""))
		return 503;
	total = db_cell_int(n, 0, INBOX_COUNT_N);
	if (db_query(r->db, r->arena, ST_INBOX_LIST, &l, "ii", (long long)PAGE_SIZE, (pg - 1) * PAGE_SIZE))
		return 503;
	page = xml_page(r, XSL_INBOX, "inbox", "Inbox");
	xml_rows(xml_el(page, "mails"), "mail", l);
	xml_pager(page, r, pg, PAGE_SIZE, total, "/inbox?");
	return 200;
}

/* The page of mail ids[0] (row m), with the forms of the inbox when it is there. */
static int mail_page(struct req *r, struct db_res *m, const struct form *f, int status)
{
	struct db_res *files, *projects = NULL;
	xmlNodePtr page, el;
	int waiting = !strcmp(db_cell(m, 0, INBOX_GET_STATE), "inbox") && manager(r);
	long long contact_client = db_cell_int(m, 0, INBOX_GET_FROM_CLIENT_ID);
	const char *subject = db_cell(m, 0, INBOX_GET_SUBJECT);

	if (db_query(r->db, r->arena, ST_INBOX_FILES, &files, "i", r->ids[0]) ||
	    (waiting && db_query(r->db, r->arena, ST_INBOX_PROJECTS, &projects, "ii", contact_client,
				 contact_client)))
		return 503;
	page = xml_page(r, XSL_INBOX, "inbox-mail", subject && *subject ? subject : "(no subject)");
	el = xml_row(page, "mail", m, 0);
	xml_attr_int(el, "can-handle", waiting);
	xml_rows(xml_el(page, "files"), "file", files);
	if (projects)
		xml_rows(xml_el(page, "projects"), "project", projects);
	if (f)
		valid_to_xml(r, f);
	return status;
}

/* Mail ids[0] as the user may read it, or 404/503. */
static int mail_row(struct req *r, struct db_res **m)
{
	return page_one_row(r, ST_INBOX_GET, m, "ii", r->ids[0], manager(r));
}

int page_inbox_mail(struct req *r)
{
	struct db_res *m;
	int st = mail_row(r, &m);

	return st ? st : mail_page(r, m, NULL, 200);
}

int page_inbox_file(struct req *r)
{
	struct db_res *m;
	struct form f;
	int st = mail_row(r, &m), rc;

	if (st)
		return st;
	if (valid_form(r, &f, "file", file_fields, ARRAY_SIZE(file_fields)))
		return mail_page(r, m, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = inbound_file(&r->ctx, r->ids[0], valid_get(&f, "project_id")->i);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == INBOUND_NOT_FOUND)
			valid_error(&f, "project_id", "There is no such project; choose one from the list.");
		else if (rc == INBOUND_REFUSED)
			valid_error(&f, "project_id", "This e-mail is from a contact of another client:"
						      " file it on one of their client's projects.");
		else if (rc == INBOUND_SKIPPED)
			return 409; /* filed or discarded meanwhile */
		else
			return 503;
		return mail_page(r, m, &f, 422);
	}
	xml_flash_next(r, "email_filed");
	return req_redirect(r, arena_printf(r->arena, "/inbox/%lld", r->ids[0]));
}

int page_inbox_discard(struct req *r)
{
	struct db_res *m;
	struct form f;
	int st = mail_row(r, &m), rc;

	if (st)
		return st;
	valid_form(r, &f, "discard", discard_fields, ARRAY_SIZE(discard_fields));
	if (!f.nerr && !valid_get(&f, "confirm")->i)
		valid_error(&f, "confirm", "Tick the box to confirm: a discarded e-mail leaves the inbox"
					   " for good.");
	if (f.nerr)
		return mail_page(r, m, &f, 422);
	if (db_begin(r->db))
		return 503;
	if ((rc = inbound_discard(&r->ctx, r->ids[0])) || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == INBOUND_SKIPPED ? 409 : 503;
	}
	xml_flash_next(r, "email_discarded");
	return req_redirect(r, "/inbox");
}

int page_inbox_attachment(struct req *r)
{
	struct db_res *f;
	int rc;

	if ((rc = page_one_row(r, ST_INBOX_FILE, &f, "iii", r->ids[0], r->ids[1], manager(r))))
		return rc;
	return file_send(r, db_cell(f, 0, INBOX_FILE_FILE_NAME), db_cell(f, 0, INBOX_FILE_FILE_TYPE),
			 db_cell(f, 0, INBOX_FILE_FILE_SHA256), 0);
}
