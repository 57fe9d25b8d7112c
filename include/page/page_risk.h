/* page_risk.h - page_risk.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_RISK_H
#define TANDEM_PAGE_RISK_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_risks(struct req *r);
int page_risk_create(struct req *r);
int page_risk_update(struct req *r);
int page_changes(struct req *r);
/* The changes page of project pid (with f's form-state when f), returning status. */
int plan_changes_page(struct req *r, long long pid, const struct form *f, int status);
int page_change_create(struct req *r);
int page_change_status(struct req *r);
/* Decide the proposed change id by the signed-in user (staff, or a contact from the
 * portal) in one transaction of its own: change_decide() (change.h) and the commit.
 * 0; 404 unknown; 409 refused with *why set (not proposed, the budget floor, the due
 * date before the start, open work left after the new due date); 503. */
int plan_change_decide(struct req *r, long long id, const char *to, const char *note,
		       const char **why);

#endif
