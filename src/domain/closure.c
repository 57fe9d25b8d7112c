/* closure.c - a closure that means something (domain layer, issue 16): the checklist of what is
 * still open on a project, and the record kept when it enters closure. */
#include "domain/closure.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/outbox.h"

static const char *const codes[CLOSURE__COUNT] = {
#define CLOSURE_CODE(name, code) [name] = code,
	CLOSURE_ITEMS(CLOSURE_CODE)
#undef CLOSURE_CODE
};

/* Each item's column in ST_CLOSURE_CHECKLIST, in the items' order. */
static const enum stmt_col columns[CLOSURE__COUNT] = {
	[CLOSURE_TASKS] = CLOSURE_CHECKLIST_TASKS,
	[CLOSURE_APPROVALS] = CLOSURE_CHECKLIST_APPROVALS,
	[CLOSURE_CHANGES] = CLOSURE_CHECKLIST_CHANGES,
	[CLOSURE_TIME] = CLOSURE_CHECKLIST_TIME,
	[CLOSURE_RISKS] = CLOSURE_CHECKLIST_RISKS,
	[CLOSURE_REPORTS] = CLOSURE_CHECKLIST_REPORTS,
	[CLOSURE_SURVEY] = CLOSURE_CHECKLIST_SURVEY,
	[CLOSURE_DOCUMENTS] = CLOSURE_CHECKLIST_DOCUMENTS,
};

const char *closure_item_code(enum closure_item i)
{
	return i < CLOSURE__COUNT ? codes[i] : "";
}

int closure_checklist(struct ctx *c, long long pid, struct closure_list *out)
{
	struct db_res *r;

	*out = (struct closure_list){ 0 };
	if (db_query(c->db, c->arena, ST_CLOSURE_CHECKLIST, &r, "iiiiiiii", pid, pid, pid, pid, pid,
		     pid, pid, pid) || r->nrows != 1)
		return -1;
	for (int i = 0; i < CLOSURE__COUNT; i++) {
		out->n[i] = db_cell_int(r, 0, columns[i]);
		if (out->n[i] > 0)
			out->open++;
	}
	return 0;
}

int closure_record(struct ctx *c, long long pid, long long client, const char *reason,
		   const struct closure_list *open)
{
	const long long *n = open->n;

	if (db_exec(c->db, ST_CLOSURE_RECORD, "insiiiiiiii", pid, c->actor_id, reason,
		    n[CLOSURE_TASKS], n[CLOSURE_APPROVALS], n[CLOSURE_CHANGES], n[CLOSURE_TIME],
		    n[CLOSURE_RISKS], n[CLOSURE_REPORTS], n[CLOSURE_SURVEY], n[CLOSURE_DOCUMENTS]) < 0)
		return -1;
	if (reason && activity_add(c, client, pid, "closed_anyway", NULL,
				   arena_printf(c->arena, "%d", open->open), reason, 0))
		return -1;
	return 0;
}
