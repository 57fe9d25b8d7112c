/* report_due.c - status reports due by the client's cadence; the PM told the day it falls due. */
#include "domain/report_due.h"
#include "core/db.h"
#include "domain/clock.h"
#include "domain/notify.h"

int report_due_notify(struct ctx *c, const char *today)
{
	struct db_res *due;
	int told = 0;

	if (db_query(c->db, c->arena, ST_REPORT_DUE_ON, &due, "s", today))
		return -1;
	for (size_t i = 0; i < due->nrows; i++) {
		long long pid = db_cell_int(due, i, REPORT_DUE_ON_ID);
		struct notice n = {
			.kind = NK_REPORT_DUE,
			.user_id = db_cell_int(due, i, REPORT_DUE_ON_PM_ID),
			.client_id = db_cell_int(due, i, REPORT_DUE_ON_CLIENT_ID),
			.project_id = pid,
			.link = arena_printf(c->arena, "/projects/%lld/status-reports", pid),
			.text = arena_printf(c->arena, "A status report for %s is due today",
					     db_cell(due, i, REPORT_DUE_ON_NAME)),
			.dedupe = arena_printf(c->arena, "report-due:%lld:%s", pid,
					       db_cell(due, i, REPORT_DUE_ON_DUE_DATE)),
		};
		int rc = notify(c, &n);

		if (rc < 0)
			return -1;
		told += rc == 0;
	}
	return told;
}

int report_due_run(struct ctx *c)
{
	struct clock k;
	char today[11];
	int n;

	if (clock_get(c, &k))
		return -1;
	clock_date(&k, today);
	if (db_begin(c->db))
		return -1;
	n = report_due_notify(c, today);
	if (n < 0 || db_commit(c->db)) {
		db_rollback(c->db);
		return -1;
	}
	return n;
}
