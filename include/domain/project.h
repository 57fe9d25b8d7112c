/* project.h - project state changes (domain layer): creation (for the staff form and HubSpot's
 * won deals alike), edits, stage and health, and the project's KPIs. */
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

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	PROJECT_NOT_FOUND = 1, /* no such project (or KPI) */
	PROJECT_UNCHANGED = 2, /* it is in that stage (health) already, or the KPI has those
				* values: nothing written */
	PROJECT_KPI_FULL = 3,  /* the project has 20 KPIs (ST_KPI_INSERT's limit): nothing written */
	PROJECT_OPEN_ITEMS = 4, /* closure with items still open (closure.h) and no reason:
				 * nothing written */
};

/*
 * Set project id's client, name, code, PM, dates, budget, currency and scope from p (its stage,
 * health, source and note are ignored: the stage and health have functions of their own), in
 * the caller's transaction (the caller commits on 0 and rolls back on anything else). The
 * caller checked the client and the PM.
 * Locks: the project's row (FOR UPDATE). Writes: the row. Emits nothing, no activity line.
 * 0 (also when nothing changed); PROJECT_NOT_FOUND; -1.
 */
int project_update(struct ctx *c, long long id, const struct project_new *p);

/*
 * Move project id to stage to (a valid stage), in the caller's transaction (the caller
 * commits on 0 and rolls back on anything else). note may be NULL; note_internal keeps it
 * off the client's activity line and out of the event. reason (NULL or "": none) is the PM's
 * reason to enter closure with items still open (issue 16); other stages ignore it.
 * Locks: the project's row (FOR UPDATE). Refuses entering "closure" while the closure
 * checklist (closure_checklist, domain/closure.h, read under that lock) has items open and
 * there is no reason: PROJECT_OPEN_ITEMS, nothing written (with nothing open no reason is
 * needed, and one given is not kept).
 * Writes: the stage; entering "execution" saves the plan as the baseline (task and milestone
 * dates, the due date); entering "closure" sends the closure survey (survey_send) and records
 * the closure (closure_record: the debrief's row with what was open and the reason, and an
 * internal "closed_anyway" activity line when there is a reason); a "stage" activity line by
 * c's actor, client-visible (its note internal when note_internal). Emits:
 * project.stage_changed ({"project": {id, name, client_id}, "from", "to", "note" (null when
 * none or internal), "note_internal" (true, only when internal)}).
 * 0; PROJECT_NOT_FOUND; PROJECT_UNCHANGED; PROJECT_OPEN_ITEMS; -1 (database, or out of memory).
 */
int project_set_stage(struct ctx *c, long long id, const char *to, const char *note,
		      int note_internal, const char *reason);

/*
 * The same for the health (a valid health): no baseline, no survey, an internal "health"
 * activity line; emits project.health_changed. Same locks and results.
 */
int project_set_health(struct ctx *c, long long id, const char *to, const char *note);

/*
 * Add a KPI to project pid: name, target, and its current value actual (NULL or "": not
 * measured yet). Runs in the caller's transaction: the caller commits on 0 and rolls back on
 * anything else.
 * Locks: the project's row (FOR UPDATE), so two additions cannot pass the limit together.
 * Writes: the KPI; a client-visible "kpi" activity line by c's actor, its note "name: actual
 * (target target)" (a KPI's latest value is news for the client). Emits nothing.
 * The new KPI's id in *id. Returns 0; PROJECT_NOT_FOUND; PROJECT_KPI_FULL; -1.
 */
int project_kpi_add(struct ctx *c, long long pid, const char *name, const char *target,
		    const char *actual, long long *id);

/*
 * Set KPI id's name, target and current value (actual NULL: ""), in the caller's transaction
 * (the caller commits on 0 and rolls back on anything else). Its project's id in *pid
 * whenever the KPI exists.
 * Locks: the KPI's row (FOR UPDATE). Writes, unless all three are unchanged: the KPI, and the
 * same "kpi" activity line as project_kpi_add. Emits nothing.
 * Returns 0; PROJECT_NOT_FOUND (no such KPI); PROJECT_UNCHANGED; -1.
 */
int project_kpi_update(struct ctx *c, long long id, const char *name, const char *target,
		       const char *actual, long long *pid);

/*
 * Remove KPI id, in the caller's transaction (the caller commits on 0 and rolls back on
 * anything else). Its project's id in *pid whenever the KPI exists.
 * Locks: the KPI's row. Writes: the deletion, no activity line. Emits nothing.
 * Returns 0; PROJECT_NOT_FOUND (no such KPI); -1.
 */
int project_kpi_delete(struct ctx *c, long long id, long long *pid);

#endif
