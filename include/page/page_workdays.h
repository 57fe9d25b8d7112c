/* page_workdays.h - the admin's working-days settings (issue 16): /settings/calendar. */
#ifndef TANDEM_PAGE_WORKDAYS_H
#define TANDEM_PAGE_WORKDAYS_H

#include "fcgi/req.h"

/* GET /settings/calendar - the working week (Monday..Sunday) and the holidays. */
int page_workdays(struct req *r);
/* POST /settings/calendar - mon..sun checkboxes: the working week (at least one day; else 422,
 * nothing written). */
int page_workdays_week(struct req *r);
/* POST /settings/calendar/holidays - day (YYYY-MM-DD), name: a holiday (bad date, empty name, a
 * day that is one already: 422, nothing written). */
int page_holiday_add(struct req *r);
/* POST /settings/calendar/holidays/remove - day: that holiday removed (the page asks first;
 * 404 when there is none that day). */
int page_holiday_remove(struct req *r);

#endif
