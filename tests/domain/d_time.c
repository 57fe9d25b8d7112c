/* d_time.c - time entries, the weekly grid, timers and a week's submission and decision without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/time.h"
#include "domain/timecalc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* argv text as a date (days since 1970); exits 2 when it is none. */
static long date_arg(const char *s)
{
	long days;

	if (tc_date_parse(s, &days)) {
		fprintf(stderr, "not a date: %s\n", s);
		exit(2);
	}
	return days;
}

static void print_refusal(const char *why, const char *field)
{
	if (why)
		printf("why=%s\n", why);
	if (field)
		printf("field=%s\n", field);
}

/* entry UID PROJECT TASK DATE MINUTES BILLABLE NOTE: prints id=N, or why= and field=. */
static int entry(struct ctx *c, char **argv)
{
	struct time_entry e = {
		.pid = harness_id(argv[1]), .tid = harness_id(argv[2]), .date = date_arg(argv[3]),
		.minutes = harness_id(argv[4]), .billable = (int)harness_id(argv[5]),
		.note = harness_opt(argv[6]),
	};
	const char *why = NULL, *field = NULL;
	long long id = 0;
	int rc = time_entry_create(c, harness_id(argv[0]), &e, &id, &why, &field);

	if (!rc)
		printf("id=%lld\n", id);
	print_refusal(why, field);
	return rc;
}

/* week UID ID: prints week=YYYY-MM-DD (the entry's Monday). */
static int week(struct ctx *c, char **argv)
{
	char s[11];
	long w = 0;
	int rc = time_entry_week(c, harness_id(argv[0]), harness_id(argv[1]), &w);

	if (!rc) {
		tc_date_format(w, s, sizeof(s));
		printf("week=%s\n", s);
	}
	return rc;
}

/* update UID ID MINUTES BILLABLE NOTE */
static int update(struct ctx *c, char **argv)
{
	const char *why = NULL, *field = NULL;
	int rc = time_entry_update(c, harness_id(argv[0]), harness_id(argv[1]), harness_id(argv[2]),
				   (int)harness_id(argv[3]), harness_opt(argv[4]), &why, &field);

	print_refusal(why, field);
	return rc;
}

/* delete UID ID: prints week= when the entry was found. */
static int delete(struct ctx *c, char **argv)
{
	const char *why = NULL;
	char s[11];
	long w = -1;
	int rc = time_entry_delete(c, harness_id(argv[0]), harness_id(argv[1]), &w, &why);

	if (w >= 0) {
		tc_date_format(w, s, sizeof(s));
		printf("week=%s\n", s);
	}
	print_refusal(why, NULL);
	return rc;
}

/* The number at *p followed by sep (',' also accepts the end); *p moves past them. Exits 2. */
static long long cell_num(char **p, char sep)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(*p, &end, 10);
	if (errno || end == *p || (*end != sep && !(sep == ',' && !*end))) {
		fprintf(stderr, "bad cells near: %s\n", *p);
		exit(2);
	}
	*p = *end ? end + 1 : end;
	return v;
}

/* grid UID DATE CELLS: CELLS is "PROJECT:TASK:DAY:MINUTES[,...]" on the week of DATE;
 * prints locked=I,J (the indexes of the cells left as they were) and why= when refused. */
static int grid(struct ctx *c, char **argv)
{
	struct time_cell cells[64];
	const char *why = NULL;
	char *p = argv[2];
	size_t n = 0;
	int rc;

	while (*p && n < ARRAY_SIZE(cells)) {
		struct time_cell *x = &cells[n++];
		x->pid = cell_num(&p, ':');
		x->tid = cell_num(&p, ':');
		x->day = (int)cell_num(&p, ':');
		x->minutes = cell_num(&p, ',');
		x->locked = 0;
	}
	rc = time_grid_save(c, harness_id(argv[0]), tc_week_monday(date_arg(argv[1])), cells, n, &why);
	printf("locked=");
	for (size_t i = 0, first = 1; i < n; i++)
		if (cells[i].locked) {
			printf("%s%zu", first ? "" : ",", i);
			first = 0;
		}
	printf("\n");
	print_refusal(why, NULL);
	return rc;
}

/* timer-start UID PROJECT TASK NOTE */
static int timer_start(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = time_timer_start(c, harness_id(argv[0]), harness_id(argv[1]), harness_id(argv[2]),
				  harness_opt(argv[3]), &why);

	print_refusal(why, NULL);
	return rc;
}

/* timer-stop UID: prints recorded=0|1. */
static int timer_stop(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int recorded = -1, rc = time_timer_stop(c, harness_id(argv[0]), &recorded, &why);

	printf("recorded=%d\n", recorded);
	print_refusal(why, NULL);
	return rc;
}

/* timer-discard UID */
static int timer_discard(struct ctx *c, char **argv)
{
	return time_timer_discard(c, harness_id(argv[0]));
}

/* submit UID DATE: the week of DATE. */
static int submit(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = time_week_submit(c, harness_id(argv[0]), tc_week_monday(date_arg(argv[1])), &why);

	print_refusal(why, NULL);
	return rc;
}

/* decide UID DATE APPROVE(0|1) NOTE AS_ADMIN(0|1): as the ctx's actor. */
static int decide(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = time_week_decide(c, harness_id(argv[0]), tc_week_monday(date_arg(argv[1])),
				  (int)harness_id(argv[2]), harness_opt(argv[3]), (int)harness_id(argv[4]),
				  &why);

	print_refusal(why, NULL);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "entry", "UID PROJECT TASK|0 DATE MINUTES BILLABLE NOTE|-", 7, entry },
	{ "week", "UID ID", 2, week },
	{ "update", "UID ID MINUTES BILLABLE NOTE|-", 5, update },
	{ "delete", "UID ID", 2, delete },
	{ "grid", "UID DATE PROJECT:TASK:DAY:MINUTES[,...]", 3, grid },
	{ "timer-start", "UID PROJECT TASK|0 NOTE|-", 4, timer_start },
	{ "timer-stop", "UID", 1, timer_stop },
	{ "timer-discard", "UID", 1, timer_discard },
	{ "submit", "UID DATE", 2, submit },
	{ "decide", "UID DATE APPROVE NOTE|- AS_ADMIN", 5, decide },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
