/* message.c - message threads (domain layer): a new thread or a reply, its attachment's record,
 * the activity line, and the notifications of the people it concerns (issue 12). */
#include "domain/message.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/document.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"

/* What a notification is about: the thread and the message just written. */
struct note {
	long long pid, client, tid, mid, page;
	const char *project, *subject, *body;
	int reply, from_client, internal, via_email;
};

/* The page of a thread whose message count is n that holds its newest message. */
static long long last_page(long long n)
{
	return n > 0 ? (n + MESSAGE_PAGE_SIZE - 1) / MESSAGE_PAGE_SIZE : 1;
}

/* The people a new message tells, one kind each (the first that applies, notify_who.h): whom it
 * @mentions among the people its writer may mention; from a contact, the PM; from staff in a
 * client-visible thread, the client's contacts; in a reply, the others who wrote in the thread
 * (contacts only in a client-visible thread). */
static int audience(struct ctx *c, const struct note *n, struct notify_list *l)
{
	struct db_res *writers = NULL, *people[2], *pm, *contacts = NULL;

	if (n->reply && db_query(c->db, c->arena, ST_NOTIFY_WRITERS, &writers, "i", n->tid))
		return -1;
	if (n->from_client) {
		/* a contact may mention the PM and the team members on the thread */
		if (db_query(c->db, c->arena, ST_NOTIFY_PM_PERSON, &pm, "i", n->pid))
			return -1;
		people[0] = pm;
		people[1] = writers;
		notify_list_mentions(l, n->body, (const struct db_res *const *)people, writers ? 2 : 1,
				     NA_STAFF);
		for (size_t i = 0; i < pm->nrows; i++)
			notify_list_add(l, db_cell_int(pm, i, NOTIFY_PEOPLE_ID), NK_CLIENT_MESSAGE);
	} else {
		/* staff may mention the team and, in a client-visible thread, the client's contacts */
		if (db_query(c->db, c->arena, ST_NOTIFY_TEAM, &people[0], "ii", n->pid, n->pid) ||
		    (!n->internal && db_query(c->db, c->arena, ST_NOTIFY_CONTACTS, &contacts, "ii",
					      n->client, c->actor_id)))
			return -1;
		people[1] = contacts;
		notify_list_mentions(l, n->body, (const struct db_res *const *)people, contacts ? 2 : 1,
				     NA_ANY);
		for (size_t i = 0; contacts && i < contacts->nrows; i++)
			notify_list_add(l, db_cell_int(contacts, i, NOTIFY_PEOPLE_ID), NK_MESSAGE);
	}
	for (size_t i = 0; writers && i < writers->nrows; i++)
		if (!n->internal || db_cell_int(writers, i, NOTIFY_PEOPLE_STAFF))
			notify_list_add(l, db_cell_int(writers, i, NOTIFY_PEOPLE_ID), NK_THREAD_REPLY);
	return 0;
}

/* Tell the people of a new message (audience()), in the message's transaction, each with a
 * link to the message on the page of the thread that holds it. 0, or -1. */
static int tell(struct ctx *c, const struct note *n)
{
	struct notify_list l;
	const char *who = notify_actor_name(c), *excerpt = notify_excerpt(c->arena, n->body, 160);
	const char *link = n->page > 1
		? arena_printf(c->arena, "/messages/threads/%lld?page=%lld#m%lld", n->tid, n->page, n->mid)
		: arena_printf(c->arena, "/messages/threads/%lld#m%lld", n->tid, n->mid);

	notify_list_init(&l, c->arena);
	if (audience(c, n, &l))
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		const char *what = l.kind[i] == NK_MENTION
				   ? (n->via_email ? "mentioned you by e-mail in" : "mentioned you in")
				   : n->reply ? (n->via_email ? "replied by e-mail in" : "replied in")
				   : "started";
		struct notice nt = {
			.kind = l.kind[i], .user_id = l.user[i], .client_id = n->client,
			.project_id = n->pid, .link = link, .thread_id = n->tid,
			.text = arena_printf(c->arena, "%s %s \u201c%s\u201d (%s): %s", who, what,
					     n->subject, n->project, excerpt),
		};
		if (notify(c, &nt) < 0)
			return -1;
	}
	return 0;
}

/* Add message m's body and attachment (or none) to thread tid and move the thread's rollup,
 * in the caller's transaction. The message's id, or -1. */
static long long add_message(struct ctx *c, long long tid, const struct message_new *m)
{
	const struct doc_file *f = m->file;
	long long id;

	if (db_exec(c->db, ST_MSG_INSERT, "nsssnsiii", c->actor_id, m->body, f ? f->filename : NULL,
		    f ? doc_content_type(f->content_type) : NULL, f ? f->size : 0, f ? f->sha256 : NULL,
		    (long long)(m->via_email != 0), m->inbound_id, tid) != 1)
		return -1;
	id = db_insert_id(c->db);
	return db_exec(c->db, ST_THREAD_BUMP, "iii", id, id, tid) == 1 ? id : -1;
}

int message_thread_start(struct ctx *c, long long pid, const struct message_new *m,
			 long long *tid, long long *mid)
{
	struct db_res *p;
	struct note n = { .pid = pid, .subject = m->subject, .body = m->body, .page = 1,
			  .from_client = m->from_client, .internal = m->internal != 0 };

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
	    tell(c, &n))
		return -1;
	*tid = n.tid;
	*mid = n.mid;
	return 0;
}

int message_reply(struct ctx *c, long long tid, const struct message_new *m, long long *mid,
		  long long *page)
{
	struct db_res *t;
	struct note n = { .tid = tid, .body = m->body, .reply = 1, .from_client = m->from_client,
			  .via_email = m->via_email != 0 };
	int internal;

	if (db_query(c->db, c->arena, ST_THREAD_GET, &t, "iii", tid, 1LL, 0LL))
		return -1;
	if (t->nrows != 1)
		return MESSAGE_NOT_FOUND;
	internal = db_cell_int(t, 0, THREAD_GET_INTERNAL) != 0;
	n.internal = internal;
	if (m->from_client && internal)
		return MESSAGE_REFUSED;
	n.pid = db_cell_int(t, 0, THREAD_GET_PROJECT_ID);
	n.client = db_cell_int(t, 0, THREAD_GET_CLIENT_ID);
	n.project = db_cell(t, 0, THREAD_GET_PROJECT_NAME);
	n.subject = db_cell(t, 0, THREAD_GET_SUBJECT);
	n.page = last_page(db_cell_int(t, 0, THREAD_GET_MESSAGE_COUNT) + 1);
	if ((n.mid = add_message(c, tid, m)) < 0 ||
	    activity_add(c, n.client, n.pid, "thread_reply", m->via_email ? "email" : NULL, NULL,
			 n.subject, !internal) ||
	    tell(c, &n))
		return -1;
	*mid = n.mid;
	*page = n.page;
	return 0;
}
