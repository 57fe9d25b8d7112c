/* survey.h - satisfaction surveys (domain layer): a project's plan, the surveys sent on an
 * occasion, and the one answer to each. */
#ifndef TANDEM_SURVEY_H
#define TANDEM_SURVEY_H

#include "domain/ctx.h"

/*
 * Send project pid's survey for an occasion (milestone_id, or 0 for closure) to the active
 * contacts of client, inside the caller's transaction (the milestone's or the stage
 * change's). Reads the project's survey plan (none: CSAT at closure only). Writes one
 * surveys row per contact and occasion (a contact asked already on it is skipped) with its
 * hashed token, and queues its e-mail (score links to /s/{token}). Emits nothing.
 * 0, or -1 (roll back).
 */
int survey_send(struct ctx *c, long long pid, long long client, long long milestone_id);

/* survey_plan_set's and survey_answer's results besides 0 (written) and -1 (database error). */
enum {
	SURVEY_NOT_FOUND = 1, /* no such project (survey) */
	SURVEY_REFUSED = 2,   /* refused, *field and *why say why: nothing written */
	SURVEY_CLOSED = 3,    /* the survey is answered already, or expired: nothing written */
};

/*
 * Set project pid's survey plan: kind "csat" (1-5) or "nps" (0-10), sent when milestone
 * milestone_id (0: none) is reached and, when at_closure, when the project enters closure.
 * Runs in the caller's transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the project's row (FOR UPDATE: a stage change sending the closure survey reads the
 * plan under the same lock).
 * Writes: the plan (made, or replaced). Emits nothing, mails nothing, writes no activity line.
 * Returns 0; SURVEY_NOT_FOUND when there is no project pid; SURVEY_REFUSED with *field and
 * *why (static text) when kind is neither, or the milestone is not one of the project's
 * ("milestone_id": "Choose a milestone of this project."); -1 on a database error.
 */
int survey_plan_set(struct ctx *c, long long pid, const char *kind, long long milestone_id,
		    int at_closure, const char **field, const char **why);

/*
 * Record the answer to survey id: score (1-5 for CSAT, 0-10 for NPS) and comment (NULL:
 * none), by its contact (through the survey's link: nobody signed in). Runs in the caller's
 * transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the survey's row (FOR UPDATE): a survey is answered once.
 * Writes: the score, the comment and the time it was answered. No activity line.
 * Emits: survey.answered ({"survey_id", "kind", "score"}). Mails nothing.
 * Notifies (issue 12) the project's PM: "survey_answered" (the contact, the score, the
 * comment), linking the project's surveys page.
 * Returns 0; SURVEY_NOT_FOUND when there is no survey id; SURVEY_CLOSED when it is answered
 * already or expired; SURVEY_REFUSED with *why (static text; *field "score") when the score is
 * outside its kind's scale; -1 on a database error.
 */
int survey_answer(struct ctx *c, long long id, long long score, const char *comment,
		  const char **field, const char **why);

#endif
