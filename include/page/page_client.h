/* page_client.h - page_client.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_CLIENT_H
#define TANDEM_PAGE_CLIENT_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_client_list(struct req *r);
int page_client_new(struct req *r);
int page_client_create(struct req *r);
int page_client_view(struct req *r);
int page_client_update(struct req *r);
int page_contact_create(struct req *r);

/* page_client.c: a contact's access level and deactivation (admin, or PM of the client) */
int page_contact_access(struct req *r);
int page_contact_active(struct req *r);

#endif
