/* page_survey.h - page_survey.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_SURVEY_H
#define TANDEM_PAGE_SURVEY_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_surveys(struct req *r);
int page_survey_plan(struct req *r);
int page_survey_form(struct req *r);
int page_survey_answer(struct req *r);

#endif
