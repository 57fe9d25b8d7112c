/* page_plan.h - page_plan.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_PLAN_H
#define TANDEM_PAGE_PLAN_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_plan(struct req *r);
int page_me(struct req *r);
int page_member_add(struct req *r);
int page_member_remove(struct req *r);
int page_milestone_create(struct req *r);
int page_milestone_update(struct req *r);
int page_milestone_reached(struct req *r);
int page_task_create(struct req *r);
int page_task_view(struct req *r);
int page_task_update(struct req *r);
int page_task_status(struct req *r);
int page_task_shift(struct req *r);

#endif
