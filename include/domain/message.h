/* message.h - message threads (domain layer): starting a thread and replying, with an optional
 * attachment kept by document storage, the activity line and the e-mail to the other side. */
#ifndef TANDEM_MESSAGE_H
#define TANDEM_MESSAGE_H

#include "domain/ctx.h"

struct doc_file;

/* Messages a thread's page shows: the link in a message's e-mail names the page that holds it.
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
	int from_client;             /* 1: c->actor_id is a client contact (mailed to the PM);
					0: staff (mailed to the client's contacts) */
};

/*
 * Start a thread on project pid with its first message m, by c->actor_id (c->actor_name signs
 * the e-mail). Runs in the caller's transaction: the caller commits on 0 and rolls back on
 * anything else.
 * Locks: nothing beyond the rows it inserts.
 * Writes: the thread (internal or client-visible), its first message with the attachment's name,
 * recorded type (doc_content_type), size and SHA-256, the thread's rollup (count, last message);
 * a "thread_started" activity line (the subject as its note), client-visible unless internal.
 * Emits: nothing (there is no message event).
 * Mails, a client-visible thread only (mail "message", the link to the message): from staff,
 * each of the client's active contacts who can sign in; from a contact, the project's PM.
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
 * "thread_reply" activity line (the thread's subject), client-visible unless the thread is
 * internal.
 * Emits: nothing. Mails as message_thread_start (subject "Re: ..."), for a client-visible
 * thread.
 * *mid: the new message's id; *page: the page of the thread that holds it
 * (MESSAGE_PAGE_SIZE messages a page), which the e-mail's link names too.
 * Returns 0; MESSAGE_NOT_FOUND when there is no thread tid; MESSAGE_REFUSED when a client
 * contact writes in an internal thread; -1 on a database error.
 */
int message_reply(struct ctx *c, long long tid, const struct message_new *m, long long *mid,
		  long long *page);

#endif
