/* risk.c - risk register state changes (domain layer): adding and saving a project's risks, no HTTP. */
#include "domain/risk.h"
#include "core/db.h"
#include "domain/outbox.h"
#include "domain/plan.h"

int risk_check(struct ctx *c, long long pid, long long owner, const char **why)
{
	int on;

	*why = NULL;
	if (!owner)
		return 0;
	if ((on = plan_on_team(c, pid, owner)) < 0)
		return -1;
	if (on)
		return 0;
	*why = "Owner must be a member of this project.";
	return RISK_REFUSED;
}

int risk_create(struct ctx *c, long long pid, const struct risk_in *r, long long *id,
		const char **why)
{
	struct db_res *p;
	int rc;

	*why = NULL;
	if (db_query(c->db, c->arena, ST_PLAN_PROJECT_LOCK, &p, "i", pid))
		return -1;
	if (p->nrows != 1)
		return RISK_NOT_FOUND;
	if ((rc = risk_check(c, pid, r->owner_id, why)))
		return rc;
	if (db_exec(c->db, ST_RISK_INSERT, "isiins", pid, r->title, r->probability, r->impact,
		    r->owner_id, r->mitigation) != 1)
		return -1;
	*id = db_insert_id(c->db);
	return activity_add(c, db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID), pid, "risk_added", NULL,
			    NULL, r->title, 0) ? -1 : 0;
}

int risk_update(struct ctx *c, long long id, const struct risk_in *r, const char **why)
{
	struct db_res *risk;
	int rc;

	*why = NULL;
	if (db_query(c->db, c->arena, ST_RISK_GET, &risk, "i", id))
		return -1;
	if (risk->nrows != 1)
		return RISK_NOT_FOUND;
	if ((rc = risk_check(c, db_cell_int(risk, 0, RISK_GET_PROJECT_ID), r->owner_id, why)))
		return rc;
	return db_exec(c->db, ST_RISK_UPDATE, "siinssi", r->title, r->probability, r->impact,
		       r->owner_id, r->mitigation, r->status, id) < 0 ? -1 : 0;
}
