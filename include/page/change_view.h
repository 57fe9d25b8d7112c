/* change_view.h - change requests' shared page pieces: the changes page, and the HTTP mapping of
 * the domain's decision (change_decide) for the staff page and the portal
 * (src/page/change_view.c). */
#ifndef TANDEM_CHANGE_VIEW_H
#define TANDEM_CHANGE_VIEW_H

#include "fcgi/req.h"
#include "web/valid.h"

/* The changes page of project pid (with f's form-state when f), returning status. */
int plan_changes_page(struct req *r, long long pid, const struct form *f, int status);
/* Decide the proposed change id by the signed-in user (staff, or a contact from the
 * portal) in one transaction of its own: change_decide() (change.h) and the commit.
 * 0; 404 unknown; 409 refused with *why set (not proposed, the budget floor, the due
 * date before the start, open work left after the new due date); 503. */
int plan_change_decide(struct req *r, long long id, const char *to, const char *note,
		       const char **why);

#endif
