/* page_delay.h - page_delay.c: a project's delays waiting on the client (issue 16). */
#ifndef TANDEM_PAGE_DELAY_H
#define TANDEM_PAGE_DELAY_H

#include "fcgi/req.h"

/* GET /projects/{id}/delays - staff: the days waited, every period, the forms (managers). */
int page_delays(struct req *r);
/* POST /projects/{id}/delays - task_id or milestone_id, what, since, back: mark a wait. */
int page_delay_mark(struct req *r);
/* POST /projects/{id}/delays/clear - task_id or milestone_id, back: end the item's wait. */
int page_delay_clear(struct req *r);

#endif
