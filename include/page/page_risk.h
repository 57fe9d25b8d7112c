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
int page_change_create(struct req *r);
int page_change_status(struct req *r);

#endif
