/* page_gantt.h - page_gantt.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_GANTT_H
#define TANDEM_PAGE_GANTT_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_gantt(struct req *r);
int page_portal_gantt(struct req *r);

#endif
