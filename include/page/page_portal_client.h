/* page_portal_client.h - page_portal_client.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_PORTAL_CLIENT_H
#define TANDEM_PAGE_PORTAL_CLIENT_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_portal_change(struct req *r);

#endif
