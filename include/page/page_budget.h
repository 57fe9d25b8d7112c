/* page_budget.h - page_budget.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_BUDGET_H
#define TANDEM_PAGE_BUDGET_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_rates(struct req *r);
int page_rate_create(struct req *r);
int page_capacity_set(struct req *r);
int page_budget(struct req *r);
int page_expense_create(struct req *r);
int page_project_time(struct req *r);
int page_project_time_csv(struct req *r);
int page_utilization(struct req *r);
int page_utilization_csv(struct req *r);

#endif
