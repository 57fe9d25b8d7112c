/* imap.h - the IMAP reader of the outbox worker (issue 14): new mail of the agency's mailbox
 * stored once each in inbound_mails, then moved to the done folder (libcurl's IMAP). */
#ifndef TANDEM_IMAP_H
#define TANDEM_IMAP_H

#include <time.h>
#include "core/log.h"
#include "domain/ctx.h"

#define IMAP_BATCH 50                /* messages read and stored in one transaction */

/* What the reader keeps from one poll to the next (the worker's loop owns it; start zeroed). */
struct imap_state {
	time_t polled_at;            /* when the last poll started (0: never) */
	time_t looked_at;            /* when the settings were last read */
	int again;                   /* more mail is waiting: the next poll is due at once */
	struct log_limit fail;       /* failures logged at most once a minute */
	struct log_limit move;       /* failed moves likewise */
};

/*
 * One poll when it is due (every imap_interval_s; at once again after a full batch) and the
 * mailbox is configured (domain/mailbox.h); nothing otherwise. A poll opens one connection
 * (imaps:// for tls, STARTTLS required for starttls; connect 5 s and 30 s per command), SELECTs
 * the folder and reads its UIDVALIDITY: a validity other than the cursor's starts again from
 * UID 1. The messages above the cursor's last UID are taken in batches of up to IMAP_BATCH,
 * oldest first, on the same connection while more are waiting (for up to 5 s; then st->again
 * asks for the next poll at once): each one's RFC822.SIZE first, a message over
 * c->cfg->max_upload is refused without being fetched (state 'inbox', reason "too large: N
 * bytes (limit M)"), the others are fetched whole. Then ONE transaction stores the batch and
 * the cursor (mailbox_store), and only after its commit are the batch's messages moved to the
 * done folder (made when missing; UID MOVE, else COPY, \Deleted and EXPUNGE). Messages at or
 * below the cursor still in the folder (a reader stopped between the commit and the move) are
 * moved by the next poll, never stored again. Failures are logged (at most once a minute) and
 * tried again at the next poll; nothing here ends the process.
 * Returns how many messages the poll took (what it stored before a failure included), 0 when
 * there was nothing to do, -1 on a failure with nothing stored (logged).
 */
int imap_run(struct ctx *c, struct imap_state *st);

#endif
