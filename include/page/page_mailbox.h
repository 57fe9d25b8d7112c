/* page_mailbox.h - the admin's mailbox settings (issue 14): the IMAP mailbox Tandem reads, at
 * /settings/mailbox. */
#ifndef TANDEM_PAGE_MAILBOX_H
#define TANDEM_PAGE_MAILBOX_H

#include "fcgi/req.h"

/* GET /settings/mailbox - the mailbox's settings (the password only as set / not set), the
 * reader's cursor and how many messages were stored. */
int page_mailbox(struct req *r);
/* POST /settings/mailbox - host, port, tls (none|tls|starttls), user, password (blank keeps the
 * stored one), address, folder, done_folder, interval_s: saved, 303 back; bad values: 422 with
 * the values kept (never the password) and a message per field, nothing written. */
int page_mailbox_save(struct req *r);

#endif
