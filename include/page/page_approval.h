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
/* The changes page's approval requests with their audit records, and the contacts who may
 * be asked. 0, or -1. */
int approval_changes_xml(struct req *r, xmlNodePtr page, long long project_id);
/* The document page's approvals with their audit records, and the contacts
 * who may be asked. 0, or -1. */
int approval_state_xml(struct req *r, xmlNodePtr page, long long doc_id, long long project_id);
/* Overdue approvals for the dashboard (a PM: their projects'). 0, or -1. */
int approval_overdue_xml(struct req *r, xmlNodePtr page);
/* Pending approvals of a project for the portal. 0, or -1. */
int approval_portal_xml(struct req *r, xmlNodePtr parent, long long project_id);
/* The outbox worker's periodic job: one reminder (with a fresh link) for
 * each pending approval due within two days. Returns reminders queued, -1. */
int approval_reminders_run(struct db *db, struct arena *a, const struct config *cfg);

#endif
