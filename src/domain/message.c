/* message.c - message threads (domain layer): a new thread or a reply, its attachment's record,
 * the activity line, and the e-mail of a client-visible message to the other side. */
#include "domain/message.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/document.h"
#include "domain/mail.h"
#include "domain/outbox.h"

#define MAIL_SUBJECT_MAX 300 /* characters of mails.subject */

/* s cut to at most max characters (UTF-8), as arena text when cut. */
static const char *clip(struct arena *a, const char *s, size_t max)
{
	size_t chars = 0, i;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > max)
			return arena_strndup(a, s, i);
	return s;
}

/* What a notification is about: the thread and the message just written. */
struct note {
	long long pid, client, tid, mid, page;
	const char *project, *subject, *body;
	int reply, from_client;
};

/* The page of a thread whose message count is n that holds its newest message. */
static long long last_page(long long n)
{
	return n > 0 ? (n + MESSAGE_PAGE_SIZE - 1) / MESSAGE_PAGE_SIZE : 1;
}

/* E-mail a new client-visible message to the other side, in the message's transaction: staff
 * wrote it → the client's contacts who can sign in; a contact wrote it → the PM. */
static int notify(struct ctx *c, const struct note *n)
{
	const char *subject;
	xmlNodePtr m = mail_doc(c, "message"), msg;
	struct db_res *to;

	if (!m)
		return -1;
	subject = clip(c->arena, arena_printf(c->arena, "%s: %s%s (%s)", mail_brand_name(c),
					      n->reply ? "Re: " : "", n->subject, n->project),
		       MAIL_SUBJECT_MAX);
	msg = xml_text(m, "message", n->body);
	xml_attr(msg, "link", n->page > 1
		 ? arena_printf(c->arena, "%s/messages/threads/%lld?page=%lld#m%lld", c->cfg->base_url,
				n->tid, n->page, n->mid)
		 : arena_printf(c->arena, "%s/messages/threads/%lld#m%lld", c->cfg->base_url, n->tid,
				n->mid));
	xml_attr(msg, "sender", c->actor_name ? c->actor_name : mail_brand_name(c));
	xml_attr(msg, "reply", n->reply ? "1" : "0");
	xml_attr(msg, "subject", n->subject);
	xml_attr(msg, "project", n->project);
	if (n->from_client) {
		if (db_query(c->db, c->arena, ST_MSG_PM, &to, "i", n->pid))
			return -1;
	} else if (db_query(c->db, c->arena, ST_MSG_CONTACTS, &to, "ii", n->client, c->actor_id)) {
		return -1;
	}
	for (size_t i = 0; i < to->nrows; i++)
		if (mail_queue(c, m, db_cell(to, i, MSG_PM_EMAIL), db_cell(to, i, MSG_PM_NAME), subject))
			return -1;
	return 0;
}

/* Add message m's body and attachment (or none) to thread tid and move the thread's rollup,
 * in the caller's transaction. The message's id, or -1. */
static long long add_message(struct ctx *c, long long tid, const struct message_new *m)
{
	const struct doc_file *f = m->file;
	long long id;

	if (db_exec(c->db, ST_MSG_INSERT, "nsssnsi", c->actor_id, m->body, f ? f->filename : NULL,
		    f ? doc_content_type(f->content_type) : NULL, f ? f->size : 0, f ? f->sha256 : NULL,
		    tid) != 1)
		return -1;
	id = db_insert_id(c->db);
	return db_exec(c->db, ST_THREAD_BUMP, "iii", id, id, tid) == 1 ? id : -1;
}

int message_thread_start(struct ctx *c, long long pid, const struct message_new *m,
			 long long *tid, long long *mid)
{
	struct db_res *p;
	struct note n = { .pid = pid, .subject = m->subject, .body = m->body, .page = 1,
			  .from_client = m->from_client };

	if (db_query(c->db, c->arena, ST_MSG_PROJECT, &p, "iii", pid, 1LL, 0LL))
		return -1;
	if (p->nrows != 1)
		return MESSAGE_NOT_FOUND;
	if (m->from_client && m->internal)
		return MESSAGE_REFUSED;
	n.client = db_cell_int(p, 0, MSG_PROJECT_CLIENT_ID);
	n.project = db_cell(p, 0, MSG_PROJECT_NAME);
	if (db_exec(c->db, ST_THREAD_INSERT, "isin", pid, m->subject, (long long)(m->internal != 0),
		    c->actor_id) != 1)
		return -1;
	n.tid = db_insert_id(c->db);
	if ((n.mid = add_message(c, n.tid, m)) < 0 ||
	    activity_add(c, n.client, pid, "thread_started", NULL, NULL, m->subject, !m->internal) ||
	    (!m->internal && notify(c, &n)))
		return -1;
	*tid = n.tid;
	*mid = n.mid;
	return 0;
}

int message_reply(struct ctx *c, long long tid, const struct message_new *m, long long *mid,
		  long long *page)
{
	struct db_res *t;
	struct note n = { .tid = tid, .body = m->body, .reply = 1, .from_client = m->from_client };
	int internal;

	if (db_query(c->db, c->arena, ST_THREAD_GET, &t, "iii", tid, 1LL, 0LL))
		return -1;
	if (t->nrows != 1)
		return MESSAGE_NOT_FOUND;
	internal = db_cell_int(t, 0, THREAD_GET_INTERNAL) != 0;
	if (m->from_client && internal)
		return MESSAGE_REFUSED;
	n.pid = db_cell_int(t, 0, THREAD_GET_PROJECT_ID);
	n.client = db_cell_int(t, 0, THREAD_GET_CLIENT_ID);
	n.project = db_cell(t, 0, THREAD_GET_PROJECT_NAME);
	n.subject = db_cell(t, 0, THREAD_GET_SUBJECT);
	n.page = last_page(db_cell_int(t, 0, THREAD_GET_MESSAGE_COUNT) + 1);
	if ((n.mid = add_message(c, tid, m)) < 0 ||
	    activity_add(c, n.client, n.pid, "thread_reply", NULL, NULL, n.subject, !internal) ||
	    (!internal && notify(c, &n)))
		return -1;
	*mid = n.mid;
	*page = n.page;
	return 0;
}
