/* calendar.h - calendar feed state changes (domain layer): a project's secret iCalendar URLs, minted and revoked. */
#ifndef TANDEM_CALENDAR_H
#define TANDEM_CALENDAR_H

#include "domain/ctx.h"
#include "domain/token.h"

/* calendar_create's and calendar_revoke's results besides 0 (done) and -1 (database error). */
enum {
	CALENDAR_NOT_FOUND = 1, /* no such project, or no open feed of that id on it */
};

/*
 * Open a calendar feed of project pid's milestones for audience ("team": every milestone,
 * "client": the client-visible ones; NULL: "team"; the database refuses any other: -1),
 * created by c->actor_id. The feed's token (token.h) is written to token, for the caller to
 * hand over once (it is stored nowhere, only its hash) and wipe; the new feed's id in *id.
 * Runs in the caller's transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the project's row (FOR UPDATE). Writes: the calendar_feeds row with the token's hash.
 * Emits nothing; no activity line, no mail.
 * Returns 0; CALENDAR_NOT_FOUND (no such project); -1.
 */
int calendar_create(struct ctx *c, long long pid, const char *audience,
		    char token[TOKEN_LEN + 1], long long *id);

/*
 * Revoke feed id of project pid: its URL answers 404 from now on; a feed of another project is
 * not touched. Runs in the caller's transaction like calendar_create.
 * Locks: the feed's row (its UPDATE). Writes: revoked_at. Emits nothing; no activity line.
 * Returns 0; CALENDAR_NOT_FOUND (no such feed on that project, or revoked already); -1.
 */
int calendar_revoke(struct ctx *c, long long pid, long long id);

#endif
