/* page_message.c - a project's message threads: each internal (staff only) or client-visible,
 * its messages with an optional attachment; contacts with access comment or approve start
 * and answer client-visible threads; new client-visible messages are e-mailed to the other
 * side. */
#include "core/array.h"
#include "core/db.h"
#include "domain/document.h"
#include "domain/mail.h"
#include "domain/outbox.h"
#include "page/page_message.h"
#include "web/file.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

static const struct vfield thread_fields[] = {
	{ "subject", "Subject", V_LINE, 1, 1, 200, NULL },
	{ "body", "Message", V_TEXT, 1, 1, 10000, NULL },
	{ "internal", "Internal (staff only)", V_BOOL, 0, 0, 0, NULL },
	{ "file", "Attachment", V_LINE, 0, 0, 0, NULL },  /* the upload: checked by file_upload_check */
};
#define NTHREAD ARRAY_SIZE(thread_fields)

static const struct vfield reply_fields[] = {
	{ "body", "Message", V_TEXT, 1, 1, 10000, NULL },
	{ "file", "Attachment", V_LINE, 0, 0, 0, NULL },
};
#define NREPLY ARRAY_SIZE(reply_fields)

#define MAIL_SUBJECT_MAX 300 /* characters of mails.subject */

static long long staff(const struct req *r)
{
	return r->sess.role != ROLE_CLIENT;
}

static int can_post(const struct req *r)
{
	return staff(r) || r->sess.access >= ACCESS_COMMENT;
}

/* The project ids[0] in the user's scope, or 404/503. */
static int msg_project(struct req *r, struct db_res **p)
{
	return page_one_row(r, ST_MSG_PROJECT, p, "iii", r->ids[0], staff(r), r->sess.client_id);
}

/* The thread ids[0] in the user's scope (contacts: client-visible, their client's), or 404/503. */
static int msg_thread(struct req *r, struct db_res **t)
{
	return page_one_row(r, ST_THREAD_GET, t, "iii", r->ids[0], staff(r), r->sess.client_id);
}

/* The project's threads, newest activity first, with the new-thread form. */
static int threads_page(struct req *r, struct db_res *p, const struct form *f, int status)
{
	long long pg = page_number(r), total;
	struct db_res *cnt, *t;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_THREAD_COUNT, &cnt, "iii", r->ids[0], staff(r), r->sess.client_id))
		return 503;
	total = db_cell_int(cnt, 0, THREAD_COUNT_N);
	if (db_query(r->db, r->arena, ST_THREAD_LIST, &t, "iiiiii", (long long)PAGE_SIZE, r->ids[0], staff(r),
		     r->sess.client_id, (long long)PAGE_SIZE, (pg - 1) * PAGE_SIZE))
		return 503;
	page = xml_page(r, XSL_MESSAGES, "messages", arena_printf(r->arena, "Messages · %s", db_cell(p, 0, MSG_PROJECT_NAME)));
	xml_row(page, "project", p, 0);
	xml_rows(xml_el(page, "threads"), "thread", t);
	xml_pager(page, r, pg, PAGE_SIZE, total, arena_printf(r->arena, "/projects/%lld/messages?", r->ids[0]));
	xml_attr_int(page, "can-post", can_post(r));
	xml_attr_int(xml_el(page, "limits"), "max-upload", r->cfg->max_upload);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_messages(struct req *r)
{
	struct db_res *p;
	int st = msg_project(r, &p);

	return st ? st : threads_page(r, p, NULL, 200);
}

/* The page of a thread whose message count is n that holds its newest message. */
static long long last_page(long long n)
{
	return n > 0 ? (n + PAGE_SIZE - 1) / PAGE_SIZE : 1;
}

/* One thread's messages, oldest first, with the reply form. A form coming back (422) shows the
 * last page, where the reply goes. */
static int thread_page(struct req *r, struct db_res *t, const struct form *f, int status)
{
	long long total = db_cell_int(t, 0, THREAD_GET_MESSAGE_COUNT), pg = page_number(r);
	struct db_res *m;
	xmlNodePtr page;

	if (f || pg > last_page(total))
		pg = last_page(total);
	if (db_query(r->db, r->arena, ST_MSG_LIST, &m, "iii", r->ids[0], (long long)PAGE_SIZE,
		     (pg - 1) * PAGE_SIZE))
		return 503;
	page = xml_page(r, XSL_MESSAGES, "thread", db_cell(t, 0, THREAD_GET_SUBJECT));
	xml_row(page, "thread", t, 0);
	xml_rows(xml_el(page, "messages"), "message", m);
	xml_pager(page, r, pg, PAGE_SIZE, total, arena_printf(r->arena, "/messages/threads/%lld?", r->ids[0]));
	xml_attr_int(page, "can-post", can_post(r));
	xml_attr_int(xml_el(page, "limits"), "max-upload", r->cfg->max_upload);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_thread(struct req *r)
{
	struct db_res *t;
	int st = msg_thread(r, &t);

	return st ? st : thread_page(r, t, NULL, 200);
}

/* s cut to at most max characters (UTF-8), as arena text when cut. */
static const char *clip(struct req *r, const char *s, size_t max)
{
	size_t chars = 0, i;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > max)
			return arena_strndup(r->arena, s, i);
	return s;
}

/* What a notification is about: the thread and the message just written. */
struct note {
	long long pid, client, tid, mid, page;
	const char *project, *subject, *body;
	int reply;
};

/* E-mail a new client-visible message to the other side, in the message's transaction: staff
 * wrote it → the client's contacts who can sign in; a contact wrote it → the PM. */
static int notify(struct req *r, const struct note *n)
{
	const char *subject;
	xmlNodePtr m = mail_doc(&r->ctx, "message"), msg;
	struct db_res *to;

	if (!m)
		return -1;
	subject = clip(r, arena_printf(r->arena, "%s: %s%s (%s)", mail_brand_name(&r->ctx), n->reply ? "Re: " : "",
				       n->subject, n->project), MAIL_SUBJECT_MAX);
	msg = xml_text(m, "message", n->body);
	xml_attr(msg, "link", n->page > 1
		 ? arena_printf(r->arena, "%s/messages/threads/%lld?page=%lld#m%lld", r->cfg->base_url, n->tid,
				n->page, n->mid)
		 : arena_printf(r->arena, "%s/messages/threads/%lld#m%lld", r->cfg->base_url, n->tid, n->mid));
	xml_attr(msg, "sender", r->sess.name);
	xml_attr(msg, "reply", n->reply ? "1" : "0");
	xml_attr(msg, "subject", n->subject);
	xml_attr(msg, "project", n->project);
	if (!staff(r)) {
		if (db_query(r->db, r->arena, ST_MSG_PM, &to, "i", n->pid))
			return -1;
	} else if (db_query(r->db, r->arena, ST_MSG_CONTACTS, &to, "ii", n->client, r->sess.user_id)) {
		return -1;
	}
	for (size_t i = 0; i < to->nrows; i++)
		if (mail_queue(&r->ctx, m, db_cell(to, i, MSG_PM_EMAIL), db_cell(to, i, MSG_PM_NAME), subject))
			return -1;
	return 0;
}

/* Add a message with the checked upload up (or none) to thread tid and move the thread's
 * rollup, inside the open transaction. The message's id, or -1. */
static long long add_message(struct req *r, long long tid, const char *body, const struct upload *up)
{
	long long id;

	if (db_exec(r->db, ST_MSG_INSERT, "isssnsi", r->sess.user_id, body, up ? up->filename : NULL,
		    up ? doc_content_type(up->content_type) : NULL, up ? up->size : 0, up ? up->sha256 : NULL,
		    tid) != 1)
		return -1;
	id = db_insert_id(r->db);
	return db_exec(r->db, ST_THREAD_BUMP, "iii", id, id, tid) == 1 ? id : -1;
}

int page_message_create(struct req *r)
{
	struct db_res *p;
	struct form f;
	struct note n;
	int st = msg_project(r, &p), has_file;
	long long internal;
	const struct upload *up;

	if (st)
		return st;
	if (!can_post(r))
		return 403;
	valid_form(r, &f, "thread", thread_fields, NTHREAD);
	internal = valid_get(&f, "internal")->i;
	if (!staff(r) && internal) /* a contact's form has no such field: say it for the form */
		valid_error(&f, NULL, "Internal conversations are for the team; yours are seen by the team"
				      " and your colleagues.");
	has_file = file_upload_check(r, &f, "file", 0);
	if (f.nerr)
		return threads_page(r, p, &f, 422);
	up = has_file == 1 ? r->upload : NULL;
	if ((up && doc_file_store(&r->ctx, up->tmp_path, up->sha256)) || db_begin(r->db))
		return 503;
	memset(&n, 0, sizeof(n));
	n.pid = r->ids[0];
	n.client = db_cell_int(p, 0, MSG_PROJECT_CLIENT_ID);
	n.project = db_cell(p, 0, MSG_PROJECT_NAME);
	n.subject = valid_get(&f, "subject")->s;
	n.body = valid_get(&f, "body")->s;
	n.page = 1;
	if (db_exec(r->db, ST_THREAD_INSERT, "isii", n.pid, n.subject, internal, r->sess.user_id) != 1)
		goto fail;
	n.tid = db_insert_id(r->db);
	if ((n.mid = add_message(r, n.tid, n.body, up)) < 0 ||
	    activity_add(&r->ctx, n.client, n.pid, "thread_started", NULL, NULL, n.subject, !internal) ||
	    (!internal && notify(r, &n)) || db_commit(r->db))
		goto fail;
	xml_flash_next(r, "thread_started");
	return req_redirect(r, arena_printf(r->arena, "/messages/threads/%lld", n.tid));
fail:
	db_rollback(r->db);
	return 503;
}

int page_thread_reply(struct req *r)
{
	struct db_res *t;
	struct form f;
	struct note n;
	int st = msg_thread(r, &t), has_file, internal;
	const struct upload *up;

	if (st)
		return st;
	if (!can_post(r))
		return 403;
	valid_form(r, &f, "reply", reply_fields, NREPLY);
	has_file = file_upload_check(r, &f, "file", 0);
	if (f.nerr)
		return thread_page(r, t, &f, 422);
	up = has_file == 1 ? r->upload : NULL;
	if ((up && doc_file_store(&r->ctx, up->tmp_path, up->sha256)) || db_begin(r->db))
		return 503;
	memset(&n, 0, sizeof(n));
	n.tid = r->ids[0];
	n.pid = db_cell_int(t, 0, THREAD_GET_PROJECT_ID);
	n.client = db_cell_int(t, 0, THREAD_GET_CLIENT_ID);
	n.project = db_cell(t, 0, THREAD_GET_PROJECT_NAME);
	n.subject = db_cell(t, 0, THREAD_GET_SUBJECT);
	n.body = valid_get(&f, "body")->s;
	n.page = last_page(db_cell_int(t, 0, THREAD_GET_MESSAGE_COUNT) + 1);
	n.reply = 1;
	internal = db_cell_int(t, 0, THREAD_GET_INTERNAL) != 0;
	if ((n.mid = add_message(r, n.tid, n.body, up)) < 0 ||
	    activity_add(&r->ctx, n.client, n.pid, "thread_reply", NULL, NULL, n.subject, !internal) ||
	    (!internal && notify(r, &n)) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "message_sent");
	return req_redirect(r, n.page > 1
			    ? arena_printf(r->arena, "/messages/threads/%lld?page=%lld#m%lld", n.tid, n.page, n.mid)
			    : arena_printf(r->arena, "/messages/threads/%lld#m%lld", n.tid, n.mid));
}

int page_message_file(struct req *r)
{
	struct db_res *m;
	int rc;

	if ((rc = page_one_row(r, ST_MSG_FILE, &m, "iii", r->ids[0], staff(r), r->sess.client_id)))
		return rc;
	return file_send(r, db_cell(m, 0, MSG_FILE_FILE_NAME), db_cell(m, 0, MSG_FILE_FILE_TYPE),
			 db_cell(m, 0, MSG_FILE_FILE_SHA256), 0);
}
