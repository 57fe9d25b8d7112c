/* closure.h - a closure that means something (domain layer, issue 16): the checklist of what is
 * still open on a project, computed from the data, and the record kept when it enters closure. */
#ifndef TANDEM_CLOSURE_H
#define TANDEM_CLOSURE_H

#include "domain/ctx.h"

/* The checklist's items, in the order the closure page shows them: X(enum name, code). The
 * code is the item's column in ST_CLOSURE_CHECKLIST and its name in the page's XML.
 *   tasks      tasks not done
 *   approvals  approval requests still pending
 *   changes    change requests drafted or proposed, not decided
 *   time       person-weeks with time on the project not approved (open or submitted)
 *   risks      risks still open
 *   reports    status reports drafted and not published (the final report is published
 *              before closing)
 *   survey     1 when the closure survey is turned off and no survey was ever sent (else
 *              entering closure sends it)
 *   documents  documents shared with the client that are not delivered: no version of theirs
 *              was approved */
#define CLOSURE_ITEMS(X) \
	X(CLOSURE_TASKS, "tasks") \
	X(CLOSURE_APPROVALS, "approvals") \
	X(CLOSURE_CHANGES, "changes") \
	X(CLOSURE_TIME, "time") \
	X(CLOSURE_RISKS, "risks") \
	X(CLOSURE_REPORTS, "reports") \
	X(CLOSURE_SURVEY, "survey") \
	X(CLOSURE_DOCUMENTS, "documents")

enum closure_item {
#define CLOSURE_ENUM(name, code) name,
	CLOSURE_ITEMS(CLOSURE_ENUM)
#undef CLOSURE_ENUM
	CLOSURE__COUNT
};

/* The item's code ("tasks", ...). Static text. */
const char *closure_item_code(enum closure_item i);

/* What is open on a project. */
struct closure_list {
	long long n[CLOSURE__COUNT]; /* each item's count */
	int open;                    /* how many items have a count above 0 */
};

/*
 * The checklist of project pid into *out, in one statement (in the caller's transaction when
 * there is one; locks nothing). 0, or -1.
 */
int closure_checklist(struct ctx *c, long long pid, struct closure_list *out);

/*
 * Record that project pid (of client client) enters closure now, by c->actor_id, with the
 * checklist open as it was; reason (NULL when nothing was open) the PM's reason to close
 * anyway. Called by project_set_stage in its transaction (the caller commits on 0).
 * Writes: the project's debrief row (made, or its closing fields set again when the project is
 * closed a second time: what was written of the debrief is kept); when there is a reason, an
 * internal "closed_anyway" activity line, its note the reason, its "to" the number of open
 * items. Emits nothing. 0, or -1.
 */
int closure_record(struct ctx *c, long long pid, long long client, const char *reason,
		   const struct closure_list *open);

#endif
