/* page_time.h - page_time.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_TIME_H
#define TANDEM_PAGE_TIME_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

/* (project, week) pairs a write touched; their rollups are rewritten by
 * time_touched_flush() in the same transaction. */
#define TIME_MAX_TOUCHED 64
struct time_touched {
	long long pid[TIME_MAX_TOUCHED];
	long week[TIME_MAX_TOUCHED];   /* Monday, in days since 1970 */
	int n;
};
/* Remember a pair (no-op when already there). -1 when the list is full. */
int time_touch(struct time_touched *t, long long pid, long week);
/* Rewrite the week and project rollups of every touched pair and announce
 * budget thresholds crossed (activity + outbox). Inside the transaction. 0, or -1. */
int time_touched_flush(struct req *r, const struct time_touched *t);

int page_time_week(struct req *r);
int page_time_entry_create(struct req *r);
int page_time_entry_update(struct req *r);
int page_time_entry_delete(struct req *r);
int page_time_grid_save(struct req *r);
int page_timer_start(struct req *r);
int page_timer_stop(struct req *r);
int page_timer_discard(struct req *r);
int page_time_submit(struct req *r);
int page_time_approvals(struct req *r);
int page_time_decide(struct req *r);

#endif
