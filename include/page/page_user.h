/* page_user.h - page_user.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_USER_H
#define TANDEM_PAGE_USER_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_user_list(struct req *r);
int page_user_create(struct req *r);
int page_user_view(struct req *r);
int page_user_update(struct req *r);
int page_user_active(struct req *r);

#endif
