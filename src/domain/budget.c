/* budget.c - budget state changes (domain layer): rates, expenses (with the rollups and
 * thresholds they move) and weekly capacity. */
#include "domain/budget.h"
#include "core/db.h"
#include "domain/time.h"
#include "domain/timecalc.h"

int budget_rate_create(struct ctx *c, const struct budget_rate *x)
{
	if (db_exec(c->db, ST_RATE_INSERT, "insiisn", x->user_id, x->project_id, x->effective_from,
		    x->bill_rate, x->cost_rate, x->currency, c->actor_id) != 1)
		return -1;
	/* a rate of every project may be the person's rate of today: users.hourly_rate follows */
	if (!x->project_id && db_exec(c->db, ST_RATE_SYNC_USER, "i", x->user_id) < 0)
		return -1;
	return 0;
}

int budget_expense_create(struct ctx *c, const struct budget_expense *x)
{
	struct time_touched t = { .n = 0 };
	char week[11];
	long day;

	if (tc_date_parse(x->spent_on, &day))
		return -1;
	tc_date_format(tc_week_monday(day), week, sizeof(week));
	if (db_exec(c->db, ST_EXPENSE_INSERT, "inssisiss", x->project_id, c->actor_id, x->spent_on,
		    week, x->amount, x->category, (long long)x->billable, x->note, x->receipt_file) != 1 ||
	    time_touch(&t, x->project_id, tc_week_monday(day)) || time_touched_flush(c, &t))
		return -1;
	return 0;
}

int budget_capacity_set(struct ctx *c, long long uid, long long minutes)
{
	struct db_res *u;
	long long n = db_exec(c->db, ST_CAPACITY_SET, "ii", minutes, uid);

	if (n < 0)
		return -1;
	if (n > 0)
		return 0;
	/* nothing changed: the value was the same already, or uid is nobody of staff */
	if (db_query(c->db, c->arena, ST_RATE_STAFF_GET, &u, "i", uid))
		return -1;
	return u->nrows == 1 ? 0 : BUDGET_NOT_FOUND;
}
