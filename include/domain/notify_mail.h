/* notify_mail.h - notifications by e-mail (issue 12): each row marked 'now' as one e-mail at
 * once, the rows marked 'digest' as one digest per person and period at their local morning
 * hour; sent by the outbox worker (out/outbox_worker.c). */
#ifndef TANDEM_NOTIFY_MAIL_H
#define TANDEM_NOTIFY_MAIL_H

#include "domain/ctx.h"

#include <time.h>

#define DIGEST_HOUR 8          /* a digest goes at 08:00 in the person's zone */
#define DIGEST_MAX 200         /* rows in one digest (ST_DIGEST_CLAIM); more wait for the next */
#define NOTIFY_PERIOD_LEN 10   /* "2026-12-07", "2026-W50", "2026-F25", "2026-12" */

/* The results besides 0 (an e-mail queued) and -1. */
enum {
	NOTIFY_MAIL_SKIPPED = 1, /* nothing to send: done already, nothing new, or the person is
				  * not mailed (see below) */
};

/*
 * Mail notification id at once, in the caller's transaction: when its e-mail state is still
 * 'now', it becomes 'sent' with one e-mail queued (mail_doc kind "notice": the text, a button
 * to base_url + link, the project, the kind's unsubscribe link and its List-Unsubscribe
 * header; a notice about a thread with the thread's reply address, inbound_reply_to), or
 * 'none' with nothing queued when the person is not mailed: deactivated, or a
 * contact who cannot sign in (no password yet). The state changes once (UPDATE ... WHERE
 * mail = 'now'), so a row is never mailed twice, whoever else runs. Locks: the row.
 * 0 (queued); NOTIFY_MAIL_SKIPPED (not 'now' any more, no such row, or not mailed); -1.
 */
int notify_mail_send(struct ctx *c, long long id);

/*
 * The outbox worker's job: the oldest rows waiting ('now'), at most max, each sent by
 * notify_mail_send in a transaction of its own. A row that fails is rolled back and set
 * 'none' (logged), so one bad row cannot stop the rest. Returns the rows handled, or -1
 * when they cannot be read.
 */
int notify_mail_run(struct ctx *c, int max);

/*
 * The digest cadence of a person: "daily" for staff; a contact's client's cadence
 * ("daily", "weekly", "biweekly", "monthly"), "weekly" for "none" or anything else (a client
 * with no regular reports still hears from the agency once a week).
 */
const char *notify_digest_cadence(int staff, const char *client_cadence);

/*
 * The period of cadence that is due at now in zone (tz_ok'ed, or NULL: UTC): the latest whose
 * sending time - its first day (the day; the ISO week's Monday; every other Monday counted
 * from 1970-01-05; the month's 1st) at DIGEST_HOUR:00 in zone - is not after now. Its key into
 * period: "2026-12-07", "2026-W50" (ISO week), "2026-F25" (the ISO year and (week + 1) / 2 of
 * the fortnight's Monday), "2026-12"; that sending time into *moment. Pure but for the zone.
 */
void notify_digest_due(const char *cadence, const char *zone, time_t now,
		       char period[NOTIFY_PERIOD_LEN + 1], time_t *moment);

/*
 * Send user_id's digest due at now (notify_digest_due with their cadence and zone: their own
 * users.time_zone when tz_ok, else agency_zone), in the caller's transaction: one digests row
 * (user, period) - none when that period's went already (digests_once) - holding their rows
 * marked 'digest' written before the period's sending time (oldest first, at most
 * DIGEST_MAX), marked 'digested' with its id, and one e-mail (mail_doc kind "digest": what
 * happened per project, a link to each item, a one-click link per kind in it, and the
 * UNSUB_DIGEST link in its List-Unsubscribe header). Never empty: with nothing to hold,
 * nothing is written. A person who is not mailed (as notify_mail_send) has their waiting rows
 * set 'none' instead. An NF_OWN_MAIL notice (mail 'none') is never in a digest.
 * Locks: the person's waiting rows. 0 (sent); NOTIFY_MAIL_SKIPPED; -1.
 */
int notify_digest_user(struct ctx *c, long long user_id, time_t now, const char *agency_zone);

/*
 * The outbox worker's job: the digests due now (clock_get: the tests may set it) for every
 * person with rows waiting for one, each in a transaction of its own (a person whose oldest
 * waiting row is newer than their period's sending time costs no transaction). Returns the
 * digests sent, or -1 when the people cannot be read.
 */
int notify_digest_run(struct ctx *c);

#endif
