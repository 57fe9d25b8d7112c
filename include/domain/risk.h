/* risk.h - risk register state changes (domain layer): a project's risks, scored by probability and impact. */
#ifndef TANDEM_RISK_H
#define TANDEM_RISK_H

#include "domain/ctx.h"

/* A risk as the form gives it. Strings are borrowed. */
struct risk_in {
	const char *title;
	long long probability;    /* 1..5 */
	long long impact;         /* 1..5 */
	long long owner_id;       /* 0: nobody; else on the project's team */
	const char *mitigation;   /* NULL: none */
	const char *status;       /* risk_update only: open, mitigated, closed or occurred */
};

/* risk_create's and risk_update's results besides 0 (done) and -1 (database error). */
enum {
	RISK_NOT_FOUND = 1, /* no such project (risk_create) or risk (risk_update) */
	RISK_REFUSED = 2,   /* nothing written: *why (static text) is about the owner_id field */
};

/*
 * The check of a risk's owner: RISK_REFUSED with *why (static text, for the owner_id field)
 * when owner (0: nobody, always fine) is not on project pid's team (plan_on_team); else 0, or
 * -1. Writes nothing, locks nothing. risk_create and risk_update run it themselves; a page
 * whose form is refused already runs it alone, to show every problem at once.
 */
int risk_check(struct ctx *c, long long pid, long long owner, const char **why);

/*
 * Add risk r (status "open"; r->status is not read) to project pid's register, by c->actor_id;
 * its id in *id. Runs in the caller's transaction: the caller commits on 0 and rolls back on
 * anything else.
 * Locks: the project's row (FOR UPDATE). Writes: the risks row; an internal "risk_added"
 * activity line, its note the title. Emits nothing; no mail.
 * Returns 0; RISK_NOT_FOUND; RISK_REFUSED with *why when the owner is not on the project's
 * team (plan_on_team); -1.
 */
int risk_create(struct ctx *c, long long pid, const struct risk_in *r, long long *id,
		const char **why);

/*
 * Save risk id as r, its status included. Runs in the caller's transaction like risk_create.
 * Locks: the risk's row (its UPDATE). Writes: the row. Emits nothing; no activity line.
 * Returns 0 (also when nothing differed); RISK_NOT_FOUND; RISK_REFUSED with *why when the
 * owner is not on the risk's project's team; -1 (a database error, a status the database refuses).
 */
int risk_update(struct ctx *c, long long id, const struct risk_in *r, const char **why);

#endif
