/* message.h - message threads (domain layer): starting a thread and replying, with an optional
 * attachment kept by document storage, the activity line and the notifications (issue 12). */
#ifndef TANDEM_MESSAGE_H
#define TANDEM_MESSAGE_H

#include "domain/ctx.h"

struct doc_file;

/* Messages a thread's page shows: the link in a message's notification names the page that
 * holds it.
 * The same number as PAGE_SIZE (web/page_util.h); page_message.c checks it at compile time. */
#define MESSAGE_PAGE_SIZE 25

/* message_thread_start's and message_reply's results besides 0 (written) and -1 (database). */
enum {
	MESSAGE_NOT_FOUND = 1, /* no such project (thread) */
	MESSAGE_REFUSED = 2,   /* a client contact's message in an internal thread: nothing written */
};

/* A message to write. Strings are borrowed. */
struct message_new {
	const char *subject;         /* the new thread's subject (message_thread_start only) */
	int internal;                /* the new thread is staff only (message_thread_start only) */
	const char *body;            /* the text, as typed */
	const struct doc_file *file; /* the attachment, stored already (doc_file_store); NULL: none */
	int from_client;             /* 1: c->actor_id is a client contact (the PM is told);
					0: staff (the client's contacts are told) */
	int via_email;               /* 1: a reply by e-mail (issue 14): the message, its activity
					line and its notices say "by e-mail" */
	long long inbound_id;        /* the incoming mail it came in (inbound_mails.id), 0: none */
};

/*
 * Start a thread on project pid with its first message m, by c->actor_id (c->actor_name, or
 * theirs, names them in the notifications). Runs in the caller's transaction: the caller
 * commits on 0 and rolls back on anything else.
 * Locks: nothing beyond the rows it inserts.
 * Writes: the thread (internal or client-visible), its first message with the attachment's name,
 * recorded type (doc_content_type), size and SHA-256, the thread's rollup (count, last message);
 * a "thread_started" activity line (the subject as its note), client-visible unless internal.
 * Emits: nothing (there is no message event). Mails nothing itself.
 * Notifies (issue 12; one notice per person, the first that applies; never the writer; the
 * link is the message on its page of the thread):
 *   "mention"         each person the body @mentions among those the writer may mention: staff
 *                     the project's team (PM and members) and, in a client-visible thread, the
 *                     client's active contacts who can sign in; a contact the project's PM and
 *                     the staff who wrote in the thread;
 *   "client_message"  from a contact: the project's PM;
 *   "message"         from staff in a client-visible thread: the client's active contacts who
 *                     can sign in.
 * *tid and *mid: the new thread's and message's ids.
 * Returns 0; MESSAGE_NOT_FOUND when there is no project pid; MESSAGE_REFUSED when a client
 * contact starts an internal thread; -1 on a database error.
 */
int message_thread_start(struct ctx *c, long long pid, const struct message_new *m,
			 long long *tid, long long *mid);

/*
 * Add message m (its subject and internal ignored: the thread's) to thread tid, by
 * c->actor_id. Runs in the caller's transaction: the caller commits on 0 and rolls back on
 * anything else.
 * Locks: the thread's row, by the update of its rollup (replies racing keep the newest as
 * the last message).
 * Writes: the message and its attachment as message_thread_start, the thread's rollup; a
 * "thread_reply" activity line (the thread's subject; from_value "email" when m->via_email),
 * client-visible unless the thread is internal.
 * Emits: nothing. Mails nothing itself. Notifies as message_thread_start, and then
 * "thread_reply" to everyone else who wrote in the thread and is told nothing else by this
 * message (contacts only in a client-visible thread, and only the thread's client's).
 * *mid: the new message's id; *page: the page of the thread that holds it
 * (MESSAGE_PAGE_SIZE messages a page), which the notifications' link names too.
 * Returns 0; MESSAGE_NOT_FOUND when there is no thread tid; MESSAGE_REFUSED when a client
 * contact writes in an internal thread; -1 on a database error.
 */
int message_reply(struct ctx *c, long long tid, const struct message_new *m, long long *mid,
		  long long *page);

#endif
