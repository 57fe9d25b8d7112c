/* harness.h - drivers that call domain functions without a page (issue 11).
 *
 * Each tests/domain/d_<module>.c is a small program linked with the core and domain objects
 * only (nothing of web, pages or the FastCGI edge: the link itself checks the layering). It
 * runs one scenario against the database of a running stack and prints what it did as
 * key=value lines; tests/http/test_issue11_domain.py runs them and checks the rows, events
 * and mail with its own SQL. Usage:
 *     TANDEM_CONF=$VAR/tandem.conf d_<module> [--actor ID] SCENARIO ARGS...
 * The scenario runs in one transaction, committed when it returns 0 and rolled back
 * otherwise, like a page's. The last line is always rc=N (the scenario's result).
 */
#ifndef TANDEM_TEST_HARNESS_H
#define TANDEM_TEST_HARNESS_H

#include "domain/ctx.h"
#include "domain/problem.h"

#include <stddef.h>

struct scenario {
	const char *name;
	const char *args;   /* for the usage message */
	int nargs;          /* exact count of ARGS after the name */
	int (*run)(struct ctx *c, char **argv);
};

/* Parse the options, connect, run argv's scenario in a transaction, print rc=N. Exit status 0
 * when the scenario ran (whatever it returned), 2 on a usage or setup failure. */
int harness_main(int argc, char **argv, const struct scenario *s, size_t n);

/* argv text as an id (exits 2 when it is not a decimal number). */
long long harness_id(const char *s);

/* "" and "-" as NULL (an optional argument left out). */
const char *harness_opt(const char *s);

/* problemN=FIELD: MESSAGE for each problem a domain check found (FIELD "-" for the whole form). */
void harness_problems(const struct problems *p);

#endif
