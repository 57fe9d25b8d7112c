/* document_view.h - the document page (history and approvals), shared by the document and approval handlers. */
#ifndef TANDEM_DOCUMENT_VIEW_H
#define TANDEM_DOCUMENT_VIEW_H

#include "fcgi/req.h"
#include "web/valid.h"

struct db_res;

/* Document id as the signed-in user may see it (staff: any; a contact: the shared ones of
 * its organisation) into *d (ST_DOC_GET's row, arena-owned): 0, 404 or 503. */
int document_get(struct req *r, long long id, struct db_res **d);

/* The document page of row d (from document_get): its versions, its acceptance criteria (a
 * contact: the client-visible ones) and, for staff, its approval requests and the latest
 * version's review (issue 16); f, when set, a form sent back with its errors. Returns status,
 * or 503. */
int document_page(struct req *r, struct db_res *d, const struct form *f, int status);

#endif
