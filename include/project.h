/* project.h - project state changes (domain layer): creation, for the staff form and HubSpot's won deals alike. */
#ifndef TANDEM_PROJECT_H
#define TANDEM_PROJECT_H

#include "ctx.h"

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

#endif
