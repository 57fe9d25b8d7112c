/* project.h - project state changes (domain layer): creation, for the staff form and HubSpot's won deals alike. */
#ifndef TANDEM_PROJECT_H
#define TANDEM_PROJECT_H

#include "domain/ctx.h"

/* A project to open. Strings are borrowed; NULL where the comment allows it. */
struct project_new {
	long long client_id;      /* an existing client (the caller checked it) */
	const char *name;
	const char *code;         /* NULL: none */
	long long pm_id;          /* 0: none */
	const char *stage;        /* NULL: "initiation" */
	const char *health;       /* NULL: "green" */
	const char *start_date;   /* YYYY-MM-DD, NULL: none */
	const char *due_date;     /* YYYY-MM-DD, NULL: none */
	long long budget_minutes;
	long long budget_amount;  /* minor units of currency */
	const char *currency;     /* ISO 4217 */
	const char *scope;        /* NULL: none */
	const char *source;       /* where it was opened: "tandem" or "hubspot" */
	const char *note;         /* the activity line's note, NULL: none */
};

/*
 * Open project p, in the caller's transaction (the caller commits, or rolls back on -1).
 * Locks: nothing beyond the new row. Writes: the projects row, one client-visible activity
 * line ("created", to = the stage) by c's actor. Emits: project.created with the one
 * payload {"project": {id, name, code, client_id, start_date, due_date, budget_minutes,
 * budget_amount, currency, stage, source}} (code and the dates null when unset). The new id in
 * *id. 0, or -1 (a database error, or out of memory for the event).
 */
int project_create(struct ctx *c, const struct project_new *p, long long *id);

/* project_set_stage's and project_set_health's results besides 0 (changed) and -1. */
enum {
	PROJECT_NOT_FOUND = 1, /* no such project */
	PROJECT_UNCHANGED = 2, /* it is in that stage (health) already: nothing written */
};

/*
 * Move project id to stage to (a valid stage), in the caller's transaction (the caller
 * commits on 0 and rolls back on anything else). note may be NULL; note_internal keeps it
 * off the client's activity line and out of the event.
 * Locks: the project's row (FOR UPDATE). Writes: the stage; entering "execution" saves the
 * plan as the baseline (task and milestone dates, the due date); entering "closure" sends
 * the closure survey (survey_send); a "stage" activity line by c's actor, client-visible
 * (its note internal when note_internal). Emits: project.stage_changed ({"project": {id,
 * name, client_id}, "from", "to", "note" (null when none or internal), "note_internal"
 * (true, only when internal)}).
 * 0; PROJECT_NOT_FOUND; PROJECT_UNCHANGED; -1 (database, or out of memory).
 */
int project_set_stage(struct ctx *c, long long id, const char *to, const char *note,
		      int note_internal);

/*
 * The same for the health (a valid health): no baseline, no survey, an internal "health"
 * activity line; emits project.health_changed. Same locks and results.
 */
int project_set_health(struct ctx *c, long long id, const char *to, const char *note);

#endif
