/* dates.h - day numbers as the text pages, rows and e-mails carry, in arena memory. */
#ifndef TANDEM_DATES_H
#define TANDEM_DATES_H

struct arena;

/* "YYYY-MM-DD" of a day number (days since 1970-01-01), arena text. */
const char *dates_day(struct arena *a, long days);
/* "YYYY-Www" of the ISO week holding a day number, arena text. */
const char *dates_week(struct arena *a, long days);
/* Today in UTC as "YYYY-MM-DD", arena text. */
const char *dates_today(struct arena *a);

#endif
