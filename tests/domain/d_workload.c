/* d_workload.c - workload_spread, workload_count and workload_read without a page (issue 16). */
#include "harness.h"
#include "core/array.h"
#include "domain/timecalc.h"
#include "domain/workcal.h"
#include "domain/workload.h"

#include <stdio.h>
#include <string.h>

static long day(const char *s)
{
	long d;

	if (tc_date_parse(s, &d)) {
		fprintf(stderr, "not a date: %s\n", s);
		return 0;
	}
	return d;
}

/* spread START DUE MINUTES FIRST NWEEKS: w0=.. w1=.. on the agency's calendar, and sum=. */
static int spread(struct ctx *c, char **argv)
{
	struct workcal cal;
	long long weeks[WORKLOAD_MAX_WEEKS] = { 0 }, sum = 0;
	int n = (int)harness_id(argv[4]);

	if (n < 1 || n > WORKLOAD_MAX_WEEKS || workcal_load(c, &cal))
		return -1;
	workload_spread(&cal, day(argv[0]), day(argv[1]), harness_id(argv[2]), day(argv[3]), n, weeks);
	for (int i = 0; i < n; i++) {
		printf("w%d=%lld\n", i, weeks[i]);
		sum += weeks[i];
	}
	printf("sum=%lld\n", sum);
	return 0;
}

/* count FROM TO: fast= (workload_count) and slow= (workcal_count), which must agree. */
static int count(struct ctx *c, char **argv)
{
	struct workcal cal;

	if (workcal_load(c, &cal))
		return -1;
	printf("fast=%ld\nslow=%ld\n", workload_count(&cal, day(argv[0]), day(argv[1])),
	       workcal_count(&cal, day(argv[0]), day(argv[1])));
	return 0;
}

/* read FIRST NWEEKS ROLE|- PROJECT|0: people=N, then per person uID=name|planned/capacity[/project],… */
static int read_(struct ctx *c, char **argv)
{
	struct workload_filter f = { harness_opt(argv[2]), harness_id(argv[3]) };
	struct workload wl;

	if (workload_read(c, day(argv[0]), (int)harness_id(argv[1]), &f, &wl))
		return -1;
	printf("people=%zu\nfull_week=%d\n", wl.npeople, wl.full_week);
	for (int w = 0; w < wl.nweeks; w++)
		printf("working%d=%d\n", w, wl.working[w]);
	for (size_t i = 0; i < wl.npeople; i++) {
		printf("u%lld=%s|", wl.people[i].id, wl.people[i].name);
		for (int w = 0; w < wl.nweeks; w++)
			printf("%s%lld/%lld/%lld", w ? "," : "", wl.people[i].weeks[w].planned,
			       wl.people[i].weeks[w].capacity, wl.people[i].weeks[w].project);
		printf("\n");
	}
	return 0;
}

static const struct scenario scenarios[] = {
	{ "spread", "START DUE MINUTES FIRST NWEEKS", 5, spread },
	{ "count", "FROM TO", 2, count },
	{ "read", "FIRST NWEEKS ROLE|- PROJECT|0", 4, read_ },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
