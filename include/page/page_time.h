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
