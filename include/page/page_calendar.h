/* page_calendar.h - page_calendar.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_CALENDAR_H
#define TANDEM_PAGE_CALENDAR_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_calendar(struct req *r);
int page_calendar_create(struct req *r);
int page_calendar_revoke(struct req *r);
int page_calendar_feed(struct req *r);

#endif
