/* unsubscribe.h - the one-click unsubscribe links of notification e-mails (issue 12, RFC 8058):
 * one per person and kind, a keyed hash that needs no row of its own. */
#ifndef TANDEM_UNSUBSCRIBE_H
#define TANDEM_UNSUBSCRIBE_H

#include "domain/ctx.h"

/*
 * A link is base_url + "/unsubscribe/" + TOKEN, TOKEN = "<user id>-<code>-<mac>": code a
 * notification kind's code (notify_kinds.def) or UNSUB_DIGEST, mac the 32 lowercase hex
 * characters of a keyed BLAKE2b-128 (libsodium crypto_generichash) of
 * "unsubscribe:<user id>:<code>" under the agency's key: 32 random bytes, minted on the first
 * link and kept in the settings row unsubscribe_key (64 hex). The link never expires and
 * works without signing in; it does one thing (that person's e-mails of that kind off), so a
 * forwarded e-mail risks no more. Changing the key voids every link sent. The token fits the
 * route's '*' (letters, digits, '-', '_'; at most 128).
 */
#define UNSUB_DIGEST "digest" /* the digest's own link: every kind that goes to the person's
			       * digest, off (its List-Unsubscribe header) */
#define UNSUB_MAC_LEN 32      /* hex characters of the mac */

enum {
	UNSUB_BAD = 1, /* malformed or forged token, unknown person, a kind not theirs, or one
			* that cannot be turned off (NF_OWN_MAIL) */
};

/* What a link stands for (arena text). */
struct unsub_link {
	long long user_id;
	const char *code;  /* the kind's code, or UNSUB_DIGEST */
	const char *label; /* the kind's label, or "The digest" */
	const char *name;  /* the person's */
	const char *email;
};

/*
 * The unsubscribe URL of user_id's e-mails of code (a kind's code or UNSUB_DIGEST) into *url
 * (arena text). Reads the key, minting it when there is none (INSERT IGNORE: two workers
 * agree on one key), in the caller's transaction or autocommitted. 0; UNSUB_BAD for a code
 * that is no kind or an NF_OWN_MAIL kind (approval requests cannot be turned off); -1.
 */
int unsubscribe_url(struct ctx *c, long long user_id, const char *code, const char **url);

/*
 * What token (the path's segment, any text) stands for, into *out. Reads the key and the
 * person; writes nothing (a GET shows the confirmation; only a POST unsubscribes). The mac is
 * compared in constant time. 0; UNSUB_BAD (also when no key was ever minted); -1.
 */
int unsubscribe_find(struct ctx *c, const char *token, struct unsub_link *out);

/*
 * Turn off the e-mails of link l (from unsubscribe_find), in the caller's transaction: the
 * person's choice for its kind becomes NE_OFF (notify_pref_set), or, for UNSUB_DIGEST, for
 * every kind whose e-mails go to their digest now (notify_email_of). Only that person, only
 * that kind: the app's notifications stay. Idempotent. 0; UNSUB_BAD (the kind is not for
 * the person, e.g. their role changed); -1.
 */
int unsubscribe_apply(struct ctx *c, const struct unsub_link *l);

#endif
