/* page_invite.h - page_invite.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_INVITE_H
#define TANDEM_PAGE_INVITE_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_invite_form(struct req *r);
int page_invite_set(struct req *r);
int page_contact_invite(struct req *r);
int page_contact_revoke(struct req *r);
/* "Forgot password?": the form, and the request (recorded; always the same 303 and flash) */
int page_reset_form(struct req *r);
int page_reset_request(struct req *r);

#endif
