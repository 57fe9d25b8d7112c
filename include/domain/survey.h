/* survey.h - satisfaction surveys sent (domain layer). */
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

#endif
