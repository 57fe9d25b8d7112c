/* delay_view.h - client delays' page fragments (issue 16): a task's or milestone's waits, a
 * project's days waited, the open waits the client sees, a status report's figure. */
#ifndef TANDEM_DELAY_VIEW_H
#define TANDEM_DELAY_VIEW_H

#include <libxml/tree.h>
#include "fcgi/req.h"
#include "domain/delay.h"

/*
 * <client-wait on="task|milestone" id days [open what since]> under parent with one
 * <period id what from to days started-by-name ended-by-name/> per wait, oldest first
 * (delay_item): days is their sum; open, what and since only while the item waits.
 * 0, or -1 (a database error).
 */
int delay_view_item(struct req *r, xmlNodePtr parent, enum delay_on on, long long id);

/*
 * <client-delays project-id days open count today> under parent (delay_project), with a
 * <period kind id item-id item what from to open days client-visible/> per period: all of them
 * when all is set, else the open ones only. 0, or -1.
 */
int delay_view_project(struct req *r, xmlNodePtr parent, long long pid, int all);

/* The portal's <client-waits><wait kind item what from/></client-waits>: the open waits on
 * project pid's client-visible tasks and milestones, for client (the scope is in the query).
 * 0, or -1. */
int delay_view_portal(struct req *r, xmlNodePtr parent, long long pid, long long client);

/* A status report's <client-wait-days days as-of="publication|today"/>: its snapshot once
 * published (nothing when it was published before there was one), today's figure for a draft.
 * 0, or -1. */
int delay_view_report(struct req *r, xmlNodePtr parent, long long report_id, long long pid, int draft);

#endif
