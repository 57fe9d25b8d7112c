/* plan.h - planning state changes (domain layer): a project's team, milestones and tasks with their dependencies. */
#ifndef TANDEM_PLAN_H
#define TANDEM_PLAN_H

#include "domain/ctx.h"
#include "domain/problem.h"

#include <stddef.h>

/*
 * Every function here runs in the caller's transaction and never begins or commits: the caller
 * commits on 0 and rolls back on anything else (a refusal has written nothing, but rolling back
 * is always right). The writes that check the plan against itself (the team, new and changed
 * tasks, the shift of dependants) lock the project's row first (FOR UPDATE), so one project's
 * plan changes are serialised and a check holds until the commit; the lock order is the
 * project, then its rows, as change_decide's after the change request's row.
 */

/* The results besides 0 (done) and -1 (database error, or out of memory). */
enum {
	PLAN_NOT_FOUND = 1, /* no such project, member, milestone or task */
	PLAN_REFUSED = 2,   /* nothing written: *why or the problems say why */
	PLAN_UNCHANGED = 3, /* it is so already: nothing written */
	PLAN_FORBIDDEN = 4, /* the actor may not move this task (plan_task_set_status) */
};

/*
 * 1 when user uid is active staff on project pid (its PM or a member), 0 if not, -1 on a
 * database error. Writes nothing; locks nothing.
 */
int plan_on_team(struct ctx *c, long long pid, long long uid);

/* ------------------------------------------------------------ the team */

/*
 * Put user uid on project pid's team.
 * Locks: the project's row. Writes: the project_members row (already a member: nothing, still 0).
 * Emits nothing; no activity line, no mail.
 * Returns 0; PLAN_NOT_FOUND (no such project); PLAN_REFUSED with *why (static text, for the
 * user_id field) when uid is not an active staff user; -1.
 */
int plan_member_add(struct ctx *c, long long pid, long long uid, const char **why);

/*
 * Take user uid off project pid's team; their open tasks there go back to "unassigned" (an
 * assignee is always on the project).
 * Locks: the project's row. Writes: those tasks' assignee, the project_members row deleted.
 * Emits nothing; no activity line.
 * Returns 0; PLAN_NOT_FOUND (no such project, or uid is not a member: nothing written); -1.
 */
int plan_member_remove(struct ctx *c, long long pid, long long uid);

/* ------------------------------------------------------------ milestones */

/*
 * Add milestone name, due on due_date (YYYY-MM-DD), to project pid, shown to the client when
 * client_visible; its id in *id.
 * Locks: the project's row. Writes: the milestones row. Emits nothing; no activity line.
 * Returns 0; PLAN_NOT_FOUND (no such project); -1.
 */
int plan_milestone_create(struct ctx *c, long long pid, const char *name, const char *due_date,
			  int client_visible, long long *id);

/*
 * Rename milestone id, move its due date, show or hide it.
 * Locks: the milestone's row (its UPDATE). Writes: the row. Emits nothing; no activity line.
 * Returns 0 (also when nothing differed); PLAN_NOT_FOUND; -1.
 */
int plan_milestone_update(struct ctx *c, long long id, const char *name, const char *due_date,
			  int client_visible);

/*
 * Mark milestone id reached today (UTC), by c->actor_id.
 * Locks: the milestone's row (its UPDATE, which only takes a milestone not reached yet).
 * Writes: reached_on and reached_by; a "milestone_reached" activity line (client-visible as
 * the milestone, its note the name); the milestone's survey when the project's survey plan
 * names it (survey_send: a surveys row per contact).
 * Emits: milestone.reached ({"milestone": {id, name, due_date, project_id, client_visible},
 * "reached_by"}). Mails: that survey's e-mails.
 * Returns 0; PLAN_UNCHANGED (reached already: nothing written); PLAN_NOT_FOUND; -1.
 */
int plan_milestone_reach(struct ctx *c, long long id);

/* ------------------------------------------------------------ tasks */

/* A task as the form gives it. Strings are borrowed. */
struct plan_task_in {
	const char *title;
	const char *description;   /* NULL: none */
	long long assignee_id;     /* 0: nobody */
	long long milestone_id;    /* 0: none */
	const char *start_date;    /* YYYY-MM-DD; NULL (plan_task_check only): unknown, not compared */
	const char *due_date;      /* likewise */
	long long estimate_minutes;
	int client_visible;
	const long long *deps;     /* the tasks it depends on (finish-to-start), no duplicates */
	size_t ndeps;
};

/*
 * The checks of task t on project pid against the database (task: its id, 0 for a new task),
 * each problem added to out: the due date before the start ("due_date"), an assignee who is not
 * on the project ("assignee_id"), a milestone of another project ("milestone_id"), then for
 * the dependencies (the form as a whole) one of: a task that is not of this project, the task
 * itself, a cycle (its path by title). Writes nothing; locks nothing (plan_task_create and
 * _update run it again on the locked project). Used as it is by a page whose form is refused
 * already, to show every problem at once. 0 (out may be empty), or -1.
 */
int plan_task_check(struct ctx *c, long long pid, long long task, const struct plan_task_in *t,
		    struct problems *out);

/*
 * Plan task t on project pid, by c->actor_id; its id in *id.
 * Locks: the project's row, then plan_task_check on it.
 * Writes: the tasks row ("todo"), its dependencies, a "task_planned" activity line
 * (client-visible as the task, its note the title).
 * Emits nothing. Notifies (issue 12; one notice a person, never the actor; linking
 * /tasks/{id}): the assignee, "task_assigned"; each of the project's team the description
 * @mentions, "mention".
 * Returns 0; PLAN_NOT_FOUND (no such project); PLAN_REFUSED with out's problems (nothing
 * written); -1.
 */
int plan_task_create(struct ctx *c, long long pid, const struct plan_task_in *t, long long *id,
		     struct problems *out);

/*
 * Save task id as t: every field and the dependencies (replaced).
 * Locks: its project's row, then plan_task_check on it. Writes: the row, its dependencies.
 * Emits nothing; no activity line (moving a predecessor moves no dependant: see
 * plan_task_shift). Notifies as plan_task_create, but only a new or changed assignee and
 * the people the description newly @mentions (a save that changes neither tells no one).
 * Returns 0; PLAN_NOT_FOUND; PLAN_REFUSED with out's problems (nothing written); -1.
 */
int plan_task_update(struct ctx *c, long long id, const struct plan_task_in *t,
		     struct problems *out);

/*
 * Move task id to status to (one of todo, doing, blocked, done; the database refuses any
 * other: -1), by c->actor_id. any: 1 when the actor may move any task (a PM or an admin), 0
 * when only a task assigned to them (a team member).
 * Locks: the task's row. Writes: the status; entering "done" records completed_at and
 * completed_by, leaving it clears them; on "done", a "task_completed" activity line
 * (client-visible as the task, its note the title).
 * Emits, on "done": task.completed ({"task": {id, title, project_id, client_visible},
 * "completed_by", "from"}). Notifies, on "done" (issue 12): the assignee of each unfinished
 * task that depends on it, "dependency_done" linking that task.
 * Returns 0; PLAN_NOT_FOUND; PLAN_FORBIDDEN (not theirs to move); PLAN_UNCHANGED (in that
 * status already); -1. Nothing is written on anything but 0.
 */
int plan_task_set_status(struct ctx *c, long long id, const char *to, int any);

/*
 * Move the dependants of task id (and theirs, transitively) to start on the first working day
 * after their latest predecessor ends, keeping their length in working days (plan_shift_cal,
 * plan_calc.h, on the agency's calendar: workcal_load); how many moved in *moved.
 * Locks: the project's row while its dates are read and moved. Reads: the working week and the
 * holidays. Writes: the moved tasks'
 * dates; when any moved, an internal "tasks_rescheduled" activity line. Emits nothing.
 * Returns 0 (also when nothing had to move: *moved 0); PLAN_NOT_FOUND; -1.
 */
int plan_task_shift(struct ctx *c, long long id, int *moved);

#endif
