/* page_message.c - a project's messages: internal or client-visible, with an optional
 * attachment; contacts with access comment or approve post client-visible ones; new
 * client-visible messages are e-mailed to the other side. */
#include "db.h"
#include "mail.h"
#include "outbox.h"
#include "page.h"
#include "page_client_side.h"
#include "render.h"
#include "valid.h"
#include "xml.h"

#include <string.h>

static const struct vfield message_fields[] = {
	{ "body", "Message", V_TEXT, 1, 1, 10000, NULL },
	{ "internal", "Internal (staff only)", V_BOOL, 0, 0, 0, NULL },
	{ "file", "Attachment", V_LINE, 0, 0, 0, NULL },
};

static long long staff(const struct req *r)
{
	return r->sess.role != ROLE_CLIENT;
}

/* The project ids[0] in the user's scope, or 404/503. */
static int msg_project(struct req *r, struct db_res **p)
{
	if (db_query(r->db, r->arena, ST_MSG_PROJECT, p, "iii", r->ids[0], staff(r), r->sess.client_id))
		return 503;
	return (*p)->nrows == 1 ? 0 : 404;
}

static int messages_page(struct req *r, struct db_res *p, const struct form *f, int status)
{
	struct db_res *m;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_MSG_LIST, &m, "iii", r->ids[0], staff(r), r->sess.client_id))
		return 503;
	page = xml_page(r, XSL_MESSAGES, "messages", db_cell(p, 0, 1));
	xml_row(page, "project", p, 0);
	xml_rows(xml_el(page, "messages"), "message", m);
	xml_attr_int(page, "can-post", staff(r) || r->sess.access >= ACCESS_COMMENT);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_messages(struct req *r)
{
	struct db_res *p;
	int st = msg_project(r, &p);

	return st ? st : messages_page(r, p, NULL, 200);
}

/* E-mail a new client-visible message to the other side: staff wrote it →
 * the client's contacts who can sign in; a contact wrote it → the PM. */
static int notify(struct req *r, struct db_res *p, const char *body)
{
	const char *brand = mail_brand_name(r);
	const char *subject = arena_printf(r->arena, "%s: new message on %s", brand, db_cell(p, 0, 1));
	const char *link, *text, *html;
	struct db_res *to;

	link = arena_printf(r->arena, "%s/projects/%lld/messages", r->cfg->base_url, r->ids[0]);
	text = arena_printf(r->arena, "%s wrote:\n\n%s\n\nReply here: %s\n", r->sess.name, body, link);
	html = arena_printf(r->arena, "<html><body style=\"font-family:sans-serif\"><p>%s wrote:</p>"
			    "<blockquote style=\"white-space:pre-wrap\">%s</blockquote><p><a href=\"%s\""
			    " style=\"color:%s\">Reply</a></p></body></html>\n",
			    mail_html(r->arena, r->sess.name), mail_html(r->arena, body), link,
			    mail_html(r->arena, mail_brand_accent(r)));
	if (!staff(r))
		return db_cell(p, 0, 4) ? mail_queue(r, "message", db_cell(p, 0, 4), db_cell(p, 0, 3),
						     subject, text, html) : 0;
	if (db_query(r->db, r->arena, ST_MSG_CONTACTS, &to, "ii", db_cell_int(p, 0, 2), r->sess.user_id))
		return -1;
	for (size_t i = 0; i < to->nrows; i++)
		if (mail_queue(r, "message", db_cell(to, i, 1), db_cell(to, i, 0), subject, text, html))
			return -1;
	return 0;
}

int page_message_create(struct req *r)
{
	struct db_res *p;
	struct form f;
	int st = msg_project(r, &p), has_file;
	long long internal;
	const struct upload *up;

	if (st)
		return st;
	if (!staff(r) && r->sess.access < ACCESS_COMMENT)
		return 403;
	valid_form(r, &f, "message", message_fields, sizeof(message_fields) / sizeof(message_fields[0]));
	internal = valid_get(&f, "internal")->i;
	if (!staff(r) && internal)
		valid_error(&f, "internal", "Your messages are seen by the team and your colleagues.");
	has_file = doc_file_check(r, &f, "file", 0);
	if (f.nerr)
		return messages_page(r, p, &f, 422);
	up = has_file == 1 ? r->upload : NULL;
	if ((up && doc_file_store(r)) || db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_MSG_INSERT, "iisissns", r->ids[0], r->sess.user_id, valid_get(&f, "body")->s,
		    internal, up ? up->filename : NULL, up ? doc_content_type(up->content_type) : NULL,
		    up ? up->size : 0, up ? up->sha256 : NULL) != 1 ||
	    activity_add(r, db_cell_int(p, 0, 2), r->ids[0], "wrote a message in", NULL, NULL, NULL,
			 !internal) ||
	    (!internal && notify(r, p, valid_get(&f, "body")->s)) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "message_sent");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/messages", r->ids[0]));
}

int page_message_file(struct req *r)
{
	struct db_res *m;

	if (db_query(r->db, r->arena, ST_MSG_FILE, &m, "iii", r->ids[0], staff(r), r->sess.client_id))
		return 503;
	if (m->nrows != 1)
		return 404;
	return doc_send_file(r, db_cell(m, 0, 0), db_cell(m, 0, 1), db_cell(m, 0, 2), 0);
}
