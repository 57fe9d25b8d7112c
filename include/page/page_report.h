/* page_report.h - status reports: a PM's report on a project, written as a draft, published to
 * the client (snapshot of the figures, activity, event, e-mail) and shown in the portal
 * (src/page/page_report.c; the portal project page's latest report: src/page/portal_view.c). */
#ifndef TANDEM_PAGE_REPORT_H
#define TANDEM_PAGE_REPORT_H

#include <libxml/tree.h>
#include "web/route.h"

/* GET /projects/{id}/status-reports: the list (contacts: published only), and for
 * managers the new report form prefilled with the project's health and the facts
 * since the last published report. */
int page_reports(struct req *r);
/* POST /projects/{id}/status-reports: a new draft (303 to it), or 422. */
int page_report_create(struct req *r);
/* GET /status-reports/{id}: staff any; a contact a published report of their client. */
int page_report_view(struct req *r);
/* POST /status-reports/{id}: edit a draft; 409 once published; 422 on bad input. */
int page_report_update(struct req *r);
/* POST /status-reports/{id}/publish (confirm=1): snapshot, activity, event and
 * e-mail to the client's contacts in one transaction; 409 when published already. */
int page_report_publish(struct req *r);

#endif
