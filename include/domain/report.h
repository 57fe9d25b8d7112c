/* report.h - status report state changes (domain layer): a draft written and edited, then
 * published to the client once (the figures snapshotted, the contacts told). */
#ifndef TANDEM_REPORT_H
#define TANDEM_REPORT_H

#include "domain/ctx.h"

/* The text of a report, as written. Strings are borrowed; NULL where the comment allows it. */
struct report_fields {
	const char *period_date;  /* "as of", YYYY-MM-DD; NULL: today (UTC) */
	const char *health;       /* a health (vocab_healths); NULL: the project's (report_create),
				   * the report's (report_update) */
	const char *summary;
	const char *done;         /* done this period; NULL: none */
	const char *next;         /* next steps; NULL: none */
	const char *risks;        /* risks and issues; NULL: none */
	const char *decisions;    /* decisions needed; NULL: none */
	int include_budget;       /* 1: the client sees the money figures too */
};

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	REPORT_NOT_FOUND = 1, /* no such report (report_create: no such project) */
	REPORT_PUBLISHED = 2, /* published already: a record, never changed; *published_at says when */
};

/*
 * Write a draft status report f on project pid, authored by c's actor, in the caller's
 * transaction (the caller commits on 0 and rolls back on anything else).
 * Locks: nothing beyond the new row. Writes: the report (state draft). Emits nothing, no
 * activity line, no mail: a draft is the team's. The new id in *id.
 * Returns 0; REPORT_NOT_FOUND; -1.
 */
int report_create(struct ctx *c, long long pid, const struct report_fields *f, long long *id);

/*
 * Replace the text of draft report id with f, in the caller's transaction (the caller commits
 * on 0 and rolls back on anything else).
 * Locks: the report's row (FOR UPDATE). Writes: the report. Emits nothing.
 * Returns 0; REPORT_NOT_FOUND; REPORT_PUBLISHED with *published_at (ISO 8601 arena text, or
 * NULL); -1.
 */
int report_update(struct ctx *c, long long id, const struct report_fields *f,
		  const char **published_at);

/*
 * Publish draft report id to the client, by c's actor, in the caller's transaction (the caller
 * commits on 0 and rolls back on anything else).
 * Locks: the report's row (FOR UPDATE).
 * Writes: the snapshot of what the client reads, as it is today (stage, progress and its basis,
 * tasks and milestones done, hours budget and spent, the working days the project waited on the
 * client (delay.h), and the money figures only when the report includes the budget), the state
 * "published", when and by whom; a client-visible
 * "status_report" activity line (to = the report's health, note = its summary).
 * Emits: status_report.published ({"report_id", "project_id", "project_name", "period",
 * "health", "summary", "url"}).
 * Mails nothing itself (issue 12). Notifies each active contact of the client who can sign in:
 * "report_published" (project, period, the health in words, the summary), linking
 * /status-reports/{id}; its e-mail goes into their digest by default.
 * Returns 0; REPORT_NOT_FOUND; REPORT_PUBLISHED with *published_at as report_update's; -1.
 */
int report_publish(struct ctx *c, long long id, const char **published_at);

#endif
