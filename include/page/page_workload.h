/* page_workload.h - page_workload.c: the forward workload (issue 16). */
#ifndef TANDEM_PAGE_WORKLOAD_H
#define TANDEM_PAGE_WORKLOAD_H

#include "fcgi/req.h"

/* GET /workload?role=&project_id= - staff: people x the next WORKLOAD_WEEKS ISO weeks. */
int page_workload(struct req *r);

#endif
