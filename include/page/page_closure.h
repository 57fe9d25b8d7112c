/* page_closure.h - page_closure.c: a closure that means something (issue 16): the closure
 * checklist page, the debrief and its lessons, the lessons page. */
#ifndef TANDEM_PAGE_CLOSURE_H
#define TANDEM_PAGE_CLOSURE_H

#include "fcgi/req.h"

int page_closure(struct req *r);
int page_debrief(struct req *r);
int page_debrief_save(struct req *r);
int page_lesson_create(struct req *r);
int page_lesson_update(struct req *r);
int page_lesson_delete(struct req *r);
int page_lessons(struct req *r);

#endif
