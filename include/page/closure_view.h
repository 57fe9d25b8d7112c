/* closure_view.h - the closure checklist page and a client's lessons as pages show them
 * (issue 16, src/page/closure_view.c). Used by the project pages (the stage change sent back,
 * the new-project form) and the closure pages. */
#ifndef TANDEM_CLOSURE_VIEW_H
#define TANDEM_CLOSURE_VIEW_H

#include <libxml/tree.h>
#include "fcgi/req.h"
#include "web/valid.h"

/* The closure page of project pid: the project, <checklist open="N"><item code count/>…
 * </checklist> (closure.h's items in order) and the stage form "stage" to closure with its
 * reason; f, when set, that form sent back. Returns status, 404 or 503. */
int closure_page(struct req *r, long long pid, const struct form *f, int status);

/* <client-lessons client-id total><lesson …/>…</client-lessons> under page: client's newest
 * lessons (ST_LESSONS_OF_CLIENT) and how many it has; nothing when it has none. 0, or -1. */
int closure_client_lessons_xml(struct req *r, xmlNodePtr page, long long client);

/* <template-lessons><lesson …/></template-lessons> on page: the newest lessons of the projects
 * made from template template_id (none: nothing added). 0, or -1 (database error). */
int closure_template_lessons_xml(struct req *r, xmlNodePtr page, long long template_id);

#endif
