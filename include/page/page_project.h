/* page_project.h - page_project.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_PROJECT_H
#define TANDEM_PAGE_PROJECT_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_project_list(struct req *r);
int page_project_new(struct req *r);
int page_project_create(struct req *r);
int page_project_view(struct req *r);
int page_project_edit(struct req *r);
int page_project_update(struct req *r);
int page_project_stage(struct req *r);
int page_project_health(struct req *r);
int page_project_report(struct req *r);
int page_kpi_create(struct req *r);
int page_kpi_update(struct req *r);
int page_kpi_delete(struct req *r);

#endif
