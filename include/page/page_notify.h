/* page_notify.h - page_notify.c: the notifications pages and the preferences (issue 12). */
#ifndef TANDEM_PAGE_NOTIFY_H
#define TANDEM_PAGE_NOTIFY_H

#include "fcgi/req.h"

/* GET /notifications (staff) and /portal/notifications (contacts): the person's own, newest
 * first, NOTIFY_PAGE_SIZE a page, ?before=ID for older ones. */
int page_notifications(struct req *r);
/* GET /notifications/{id}: marks the person's notification read and 303s to what it is
 * about; 404 for another's. */
int page_notification_open(struct req *r);
/* POST /notifications/{id}/read: marks one read (404 for another's); back to the list. */
int page_notification_read(struct req *r);
/* POST /notifications/read-all: marks all of the person's read; back to the list. */
int page_notifications_read_all(struct req *r);
/* GET and POST /me/notifications (staff) and /portal/notifications/settings (contacts): the
 * e-mail per kind, a contact's general choice, the time zone. */
int page_notify_prefs(struct req *r);
int page_notify_prefs_save(struct req *r);

#endif
