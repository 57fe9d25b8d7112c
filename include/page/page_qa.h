/* page_qa.h - page_qa.c: deliverable QA (issue 16): the milestone page, acceptance criteria's
 * forms and the review of a document version. */
#ifndef TANDEM_PAGE_QA_H
#define TANDEM_PAGE_QA_H

#include "fcgi/req.h"

int page_milestone_view(struct req *r);
int page_ms_criterion_create(struct req *r);
int page_doc_criterion_create(struct req *r);
int page_criterion_update(struct req *r);
int page_criterion_delete(struct req *r);
int page_version_review(struct req *r);

#endif
