/* approval_view.h - approval requests as other pages show them: the document page, the changes
 * page, the dashboard and the portal (src/page/approval_view.c). */
#ifndef TANDEM_APPROVAL_VIEW_H
#define TANDEM_APPROVAL_VIEW_H

#include <libxml/tree.h>
#include "fcgi/req.h"

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

#endif
