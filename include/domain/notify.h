/* notify.h - notifications (domain layer, issue 12): one person told of one thing, in the app
 * and by e-mail (at once or in a digest), written in the transaction of the change. */
#ifndef TANDEM_NOTIFY_H
#define TANDEM_NOTIFY_H

#include "domain/ctx.h"

#define NA_STAFF 1
#define NA_CONTACT 2
#define NA_ANY (NA_STAFF | NA_CONTACT)
#define NF_DECIDE 1u
#define NF_OWN_MAIL 2u
#define NF_AT_ONCE 4u

enum notify_kind {
#define NK(e, code, audience, flags, label) e,
#include "domain/notify_kinds.def"
#undef NK
	NK__COUNT
};

struct notify_kind_info {
	const char *code;      /* in the database, forms and unsubscribe links: "task_assigned" */
	int audience;          /* NA_STAFF, NA_CONTACT or NA_ANY */
	unsigned flags;        /* NF_DECIDE, NF_OWN_MAIL, NF_AT_ONCE */
	const char *label;     /* on the preferences page */
};

/* The kind's row of include/domain/notify_kinds.def. */
const struct notify_kind_info *notify_kind(enum notify_kind k);
/* The kind called code: 0 and *out set, or -1 when code (or NULL) is not in the list. */
int notify_kind_parse(const char *code, enum notify_kind *out);

/* What one person is told. Strings are borrowed (copied by the write). */
struct notice {
	enum notify_kind kind;
	long long user_id;     /* who is told */
	long long client_id;   /* the client it is about, 0: none (internal) */
	long long project_id;  /* 0: none */
	const char *link;      /* the app path it opens: "/documents/12", "/portal/approvals/3" */
	const char *text;      /* one plain sentence: "Acme asked for changes on Homepage: “Logo”" */
	const char *dedupe;    /* NULL, or a key: a notice of the same person, kind and key is
				* written once (an overdue approval, a report due on a date) */
	long long thread_id;   /* the message thread it is about, 0: none; its e-mail then
				* carries the thread's reply address (issue 14, inbound.h) */
};

/* notify's results besides 0 (written) and -1. */
enum {
	NOTIFY_SKIPPED = 1, /* nobody to tell: the person is the actor, inactive, unknown, of
			     * another audience, a contact of another client, a `view` contact
			     * asked to decide, or the notice was written already (dedupe) */
};

/*
 * Tell n->user_id of something, in the caller's transaction (the change that causes it: a
 * rolled-back change notifies no one).
 * Reads: the person and their preference for the kind. Writes: one notifications row (actor:
 * c->actor_id) and adds 1 to users.unread_notifications (the count the session shows, so a
 * page reads it with no statement of its own). The row's e-mail state by the preference:
 * 'now' (the outbox worker sends it), 'digest' (the next digest of that person), or 'none'
 * (off, or NF_OWN_MAIL: the change mails the person itself). Never notifies the actor.
 * A contact is told only of their own client (n->client_id must be theirs).
 * 0; NOTIFY_SKIPPED (nothing written); -1 on a database error.
 */
int notify(struct ctx *c, const struct notice *n);

/*
 * Mark notification id of user_id read (id 0: all of them) and set the unread count from the
 * rows. Autocommitted or in the caller's transaction. Returns how many were marked (0: none,
 * or not the user's), or -1.
 */
long long notify_read(struct ctx *c, long long user_id, long long id);

/* The e-mail choices a person makes for a kind. */
enum notify_email { NE_NOW, NE_DIGEST, NE_OFF };
/* "now", "digest", "off"; parse: 0 and *out, or -1. */
const char *notify_email_name(enum notify_email e);
int notify_email_parse(const char *s, enum notify_email *out);

/* The e-mail a person gets for kind when they made no choice for it: staff at once; a
 * contact (audience NA_CONTACT) by their general choice mode ("now"; NULL or "digest": the
 * digest), except NF_AT_ONCE kinds (at once). NF_OWN_MAIL kinds: NE_NOW (the change's own
 * mail, which cannot be turned off). */
enum notify_email notify_email_default(enum notify_kind kind, int audience, const char *mode);

/*
 * Record user_id's choice for kind. Refused (NOTIFY_SKIPPED, nothing written) for an
 * NF_OWN_MAIL kind, or a kind not for the person's audience. 0, NOTIFY_SKIPPED or -1.
 */
int notify_pref_set(struct ctx *c, long long user_id, enum notify_kind kind, enum notify_email e);

/*
 * The e-mail choice in force for user_id and kind: their own for the kind, else their general
 * mode (contacts), else the kind's default (what notify() would write: NE_OFF for an
 * NF_OWN_MAIL kind, whose e-mail the change sends itself). 0 and *out; NOTIFY_SKIPPED for an
 * unknown person or a kind not for their audience; -1.
 */
int notify_email_of(struct ctx *c, long long user_id, enum notify_kind kind, enum notify_email *out);

/* A contact's general choice: every message at once (NE_NOW) or the digest (NE_DIGEST).
 * NOTIFY_SKIPPED for staff or NE_OFF. 0, NOTIFY_SKIPPED or -1. */
int notify_mode_set(struct ctx *c, long long user_id, enum notify_email e);

#endif
