/* page_document.h - page_document.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_DOCUMENT_H
#define TANDEM_PAGE_DOCUMENT_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_documents(struct req *r);
int page_document_create(struct req *r);
int page_document_view(struct req *r);
int page_version_create(struct req *r);
int page_file(struct req *r);

#endif
