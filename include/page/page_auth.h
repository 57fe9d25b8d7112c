/* page_auth.h - page_auth.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_AUTH_H
#define TANDEM_PAGE_AUTH_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"


int page_login_form(struct req *r);
int page_login(struct req *r);
int page_logout(struct req *r);

#endif
