/* page_message.c - a project's message threads: each internal (staff only) or client-visible,
 * its messages with an optional attachment; contacts with access comment or approve start
 * and answer client-visible threads. The writes, and the e-mail of a new client-visible
 * message to the other side, are the domain's (domain/message.c). */
#include "core/array.h"
#include "core/db.h"
#include "domain/document.h"
#include "domain/message.h"
#include "page/page_message.h"
#include "web/file.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

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

_Static_assert(PAGE_SIZE == MESSAGE_PAGE_SIZE, "a thread's page holds MESSAGE_PAGE_SIZE messages");

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
	struct db_res *m, *more = NULL;
	xmlNodePtr page;

	if (f || pg > last_page(total))
		pg = last_page(total);
	if (db_query(r->db, r->arena, ST_MSG_LIST, &m, "iii", r->ids[0], (long long)PAGE_SIZE,
		     (pg - 1) * PAGE_SIZE))
		return 503;
	/* the other attachments of replies by e-mail on this page (issue 14) */
	if (m->nrows && db_query(r->db, r->arena, ST_MSG_MORE_FILES, &more, "iii", r->ids[0],
				 db_cell_int(m, 0, (size_t)db_col(m, "id")),
				 db_cell_int(m, m->nrows - 1, (size_t)db_col(m, "id"))))
		return 503;
	page = xml_page(r, XSL_MESSAGES, "thread", db_cell(t, 0, THREAD_GET_SUBJECT));
	xml_row(page, "thread", t, 0);
	xml_rows(xml_el(page, "messages"), "message", m);
	if (more)
		xml_rows(xml_el(page, "more-files"), "file", more);
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

/* The message of the form f: its body, the checked upload (or none; stored by doc_file_store
 * into *file), and who writes it. */
static void message_of(const struct req *r, const struct form *f, int has_file,
		       struct doc_file *file, struct message_new *m)
{
	const struct upload *up = r->upload;

	/* every field set: what the form does not say is 0 (not by e-mail, no inbound mail) */
	*m = (struct message_new){ .body = valid_get(f, "body")->s, .from_client = !staff(r) };
	if (has_file == 1) {
		*file = (struct doc_file){ up->filename, up->content_type, up->size, up->sha256 };
		m->file = file;
	}
}

int page_message_create(struct req *r)
{
	struct db_res *p;
	struct form f;
	struct doc_file file;
	struct message_new m = { 0 };
	long long tid, mid;
	int st = msg_project(r, &p), has_file;

	if (st)
		return st;
	if (!can_post(r))
		return 403;
	valid_form(r, &f, "thread", thread_fields, NTHREAD);
	if (!staff(r) && valid_get(&f, "internal")->i) /* a contact's form has no such field: say it for the form */
		valid_error(&f, NULL, "Internal conversations are for the team; yours are seen by the team"
				      " and your colleagues.");
	has_file = file_upload_check(r, &f, "file", 0);
	if (f.nerr)
		return threads_page(r, p, &f, 422);
	message_of(r, &f, has_file, &file, &m);
	m.subject = valid_get(&f, "subject")->s;
	m.internal = valid_get(&f, "internal")->i != 0;
	if ((m.file && doc_file_store(&r->ctx, r->upload->tmp_path, r->upload->sha256)) || db_begin(r->db))
		return 503;
	if (message_thread_start(&r->ctx, r->ids[0], &m, &tid, &mid) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "thread_started");
	return req_redirect(r, arena_printf(r->arena, "/messages/threads/%lld", tid));
}

int page_thread_reply(struct req *r)
{
	struct db_res *t;
	struct form f;
	struct doc_file file;
	struct message_new m = { 0 };
	long long tid = r->ids[0], mid, pg;
	int st = msg_thread(r, &t), has_file;

	if (st)
		return st;
	if (!can_post(r))
		return 403;
	valid_form(r, &f, "reply", reply_fields, NREPLY);
	has_file = file_upload_check(r, &f, "file", 0);
	if (f.nerr)
		return thread_page(r, t, &f, 422);
	message_of(r, &f, has_file, &file, &m);
	if ((m.file && doc_file_store(&r->ctx, r->upload->tmp_path, r->upload->sha256)) || db_begin(r->db))
		return 503;
	if (message_reply(&r->ctx, tid, &m, &mid, &pg) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "message_sent");
	return req_redirect(r, pg > 1
			    ? arena_printf(r->arena, "/messages/threads/%lld?page=%lld#m%lld", tid, pg, mid)
			    : arena_printf(r->arena, "/messages/threads/%lld#m%lld", tid, mid));
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

int page_message_more_file(struct req *r)
{
	struct db_res *f;
	int rc;

	if ((rc = page_one_row(r, ST_MSG_MORE_FILE, &f, "iiii", r->ids[0], r->ids[1], staff(r),
			       r->sess.client_id)))
		return rc;
	return file_send(r, db_cell(f, 0, INBOX_FILE_FILE_NAME), db_cell(f, 0, INBOX_FILE_FILE_TYPE),
			 db_cell(f, 0, INBOX_FILE_FILE_SHA256), 0);
}
