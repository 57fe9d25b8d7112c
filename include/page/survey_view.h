/* survey_view.h - satisfaction scores as other pages show them (src/page/survey_view.c). */
#ifndef TANDEM_SURVEY_VIEW_H
#define TANDEM_SURVEY_VIEW_H

#include <libxml/tree.h>
#include "fcgi/req.h"

/* <name><month month kind answers average nps/>…</name> under page: the answered surveys of the
 * client (of project pid only when pid is not 0) by month and kind, oldest first. 0, or -1. */
int survey_trend_xml(struct req *r, xmlNodePtr page, const char *name, long long client, long long pid);

#endif
