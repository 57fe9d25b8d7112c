/* page_dashboard.h - page_dashboard.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_DASHBOARD_H
#define TANDEM_PAGE_DASHBOARD_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_dashboard(struct req *r);
int page_activity(struct req *r);

#endif
