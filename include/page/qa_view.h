/* qa_view.h - deliverable QA as pages show it (issue 16): a milestone's or a document's
 * acceptance criteria, and a document's review (src/page/qa_view.c). Used by the document,
 * approval and QA pages. */
#ifndef TANDEM_QA_VIEW_H
#define TANDEM_QA_VIEW_H

#include <libxml/tree.h>
#include "fcgi/req.h"

/* <criteria><criterion id text client-visible/>…</criteria> under parent: milestone
 * milestone's or document doc's criteria (one of the two non-zero), the internal ones only
 * when staff. 0, or -1. */
int qa_criteria_xml(struct req *r, xmlNodePtr parent, long long milestone, long long doc,
		    int staff);

/* The review of document doc's latest version for staff, under page:
 * <review version-id version state="none|in-review|passed|returned" note can-review="0|1"/>
 * (can-review: the viewer did not upload it and it is in review), <reviews><review id
 * version-id version decision note created-at reviewer-name/>…</reviews> and <checks><check
 * review-id text passed/>…</checks>. Nothing when the document has no version. 0, or -1. */
int qa_review_xml(struct req *r, xmlNodePtr page, long long doc);

#endif
