/* page_approval.h - page_approval.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_APPROVAL_H
#define TANDEM_PAGE_APPROVAL_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_approval_create(struct req *r);
int page_approval_record(struct req *r);
int page_approval_form(struct req *r);
int page_approval_decide(struct req *r);
int page_approval_file(struct req *r);
/* POST /changes/{id}/approvals: ask contacts to approve a proposed change request. */
int page_approval_change_create(struct req *r);
/* GET/POST /portal/approvals/{id}: the addressee decides while signed in. */
int page_portal_approval(struct req *r);
int page_portal_approval_decide(struct req *r);

#endif
