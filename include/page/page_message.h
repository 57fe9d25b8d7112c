/* page_message.h - page_message.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_MESSAGE_H
#define TANDEM_PAGE_MESSAGE_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_messages(struct req *r);
int page_message_create(struct req *r);
int page_thread(struct req *r);
int page_thread_reply(struct req *r);
int page_message_file(struct req *r);
/* GET /messages/{id}/files/{seq}: another attachment of a reply by e-mail (issue 14), scoped
 * as the message's own file. */
int page_message_more_file(struct req *r);

#endif
