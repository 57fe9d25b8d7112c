/* mailbox.h - the agency's IMAP mailbox (issue 14, domain layer): its settings as the admin sets
 * them, the reader's cursor, and the rows of inbound_mails a batch of messages becomes. Reading
 * the mailbox is out/imap.c; what becomes of a stored message is domain/inbound.h. */
#ifndef TANDEM_MAILBOX_H
#define TANDEM_MAILBOX_H

#include <stddef.h>
#include "domain/ctx.h"
#include "domain/problem.h"

/*
 * The settings rows imap_*, read into typed values (defaults for absent rows). Strings are arena
 * memory of the load. The password is here for the reader only: pages say whether it is set,
 * never what it is.
 */
struct mailbox_settings {
	const char *host;         /* imap_host, NULL when not set */
	long port;                /* imap_port (993 with tls, else 143) */
	const char *tls;          /* imap_tls: "none", "tls" (imaps://) or "starttls" ("tls") */
	const char *user;         /* imap_user, NULL when not set */
	const char *password;     /* imap_password, NULL when not set */
	const char *address;      /* imap_address: the mailbox's own e-mail address, NULL when not set */
	const char *folder;       /* imap_folder: where new mail is read ("INBOX") */
	const char *done_folder;  /* imap_done_folder: where read mail is moved ("Tandem/Done") */
	long interval_s;          /* imap_interval_s: seconds between polls (60); the form allows
	                             10..3600, a smaller value set in the database (1..9) is kept:
	                             the test stack polls every second */
	const char *uidvalidity;  /* imap_uidvalidity: the cursor's UIDVALIDITY, NULL before the first batch */
	long long last_uid;       /* imap_last_uid: the highest UID stored under it (0) */
	int configured;           /* host, user and password are all set: the worker polls */
};

/* The results besides 0 (done) and -1 (database error). */
enum {
	MAILBOX_REFUSED = 2,      /* nothing written: the problems say why */
};

/* Read the settings. 0, or -1 on a database failure (s holds the defaults). */
int mailbox_settings_load(struct ctx *c, struct mailbox_settings *s);

/* A host name or address as the form takes it: no scheme, no path, no spaces, no user part
 * ("imap.example.com", "127.0.0.1", "[::1]"). 1 when fine. */
int mailbox_host_ok(const char *host);
/* A folder name the reader can put in a command and a URL: 1..200 printable ASCII characters
 * without '"', '\', '*', '%', '{', '}' or a control character. 1 when fine. */
int mailbox_folder_ok(const char *name);

/*
 * What the admin saves (every field required but the password: NULL keeps the stored one).
 */
struct mailbox_form {
	const char *host, *tls, *user, *password, *address, *folder, *done_folder;
	long port, interval_s;
};

/*
 * Save the mailbox settings. Refused, with a problem per field ("host", "port", "tls", "user",
 * "password", "address", "folder", "done_folder", "interval_s"): a host with a scheme, a path or
 * spaces; a port outside 1..65535; tls not none/tls/starttls; no password given and none
 * stored; an address that is not an e-mail address; a folder name the reader cannot use; the
 * done folder the same as the folder; an interval outside 10..3600 seconds.
 * Writes: the settings rows imap_* (the password only when given); when the host, port, user or
 * folder changed, the cursor (imap_uidvalidity, imap_last_uid) starts again: the new mailbox is
 * read from its first message (the unique key keeps any message stored before from being
 * stored twice). Locks: those rows. In the caller's transaction; nothing emitted.
 * Returns 0; MAILBOX_REFUSED with out's problems (nothing written); -1.
 */
int mailbox_save(struct ctx *c, const struct mailbox_form *f, struct problems *out);

/* One message of a batch as the reader got it. */
struct mailbox_msg {
	long long uid;
	long long size;           /* RFC822.SIZE */
	const char *raw;          /* the whole message (len bytes), NULL when refused */
	size_t len;
	const char *reason;       /* why it was refused (then raw is NULL), else NULL */
};

/*
 * Store a batch read under uidvalidity: one inbound_mails row per message of m (n of them, m
 * may be NULL when n is 0): state 'new' with its raw bytes, or 'inbox' with the reason and no
 * raw when refused; a message already stored under the same (uidvalidity, uid) is left as it
 * is. And the cursor: imap_uidvalidity = uidvalidity, imap_last_uid = last_uid (the highest
 * UID the reader is done with: the batch's last, or the end of a stretch of UIDs it found
 * empty), never lowered under the same UIDVALIDITY (two readers of one mailbox take turns on
 * the locked cursor).
 * Locks: the cursor rows. In the caller's transaction: the rows and the cursor commit together.
 * Returns how many rows were new (a message read again is not counted), or -1.
 */
int mailbox_store(struct ctx *c, long long uidvalidity, long long last_uid,
		  const struct mailbox_msg *m, size_t n);

#endif
