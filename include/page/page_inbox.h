/* page_inbox.h - page_inbox.c: the inbox of incoming e-mail nobody's thread or project took
 * (issue 14), for PMs and admins; one mail's page, also the page a filed e-mail's activity line
 * opens (staff). */
#ifndef TANDEM_PAGE_INBOX_H
#define TANDEM_PAGE_INBOX_H

#include "fcgi/req.h"

/* GET /inbox (PMs, admins): the mails waiting, newest first, PAGE_SIZE a page (?page=N). */
int page_inbox(struct req *r);
/* GET /inbox/{id}: one mail (not 'new'): its sender, recipients, text (escaped like any text),
 * attachments, why it is where it is, and in the inbox the file and discard forms. PMs and
 * admins read any; other staff only a filed one (404 else). */
int page_inbox_mail(struct req *r);
/* POST /inbox/{id}/file (PMs, admins): project_id; 303 to the mail's page. Unknown project, or a
 * contact's mail on another client's project: 422 with the form kept; not in the inbox: 409. */
int page_inbox_file(struct req *r);
/* POST /inbox/{id}/discard (PMs, admins): confirm (the box ticked, else 422); 303 to /inbox. */
int page_inbox_discard(struct req *r);
/* GET /inbox/{id}/files/{seq}: an attachment kept, as the mail's page is readable. */
int page_inbox_attachment(struct req *r);

#endif
