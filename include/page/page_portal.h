/* page_portal.h - page_portal.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_PORTAL_H
#define TANDEM_PAGE_PORTAL_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_portal(struct req *r);
int page_portal_project(struct req *r);

#endif
