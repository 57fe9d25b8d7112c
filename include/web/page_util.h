/* page_util.h - page_util.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_UTIL_H
#define TANDEM_PAGE_UTIL_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

#define PAGE_SIZE 25   /* rows per page of a paginated list */

/* The ?page= number (1 when absent or not a positive number). */
long long page_number(const struct req *r);

/* Query parameter, "" when absent. */
const char *page_query(const struct req *r, const char *name);

/* Query parameter name as a decimal id; 0 when absent or not a positive number. */
long long page_query_id(const struct req *r, const char *name);

/* The choices of a role or access select, read from include/roles.def:
 * <role-choices><choice value="admin" name="Admin"/>…</role-choices> (staff roles,
 * highest first) and <access-choices><choice value="view" name="View only"/>…
 * </access-choices> (rank order), added to `page`. No failure (the XML layer aborts on no memory). */
void page_role_choices(xmlNodePtr page);
void page_access_choices(xmlNodePtr page);

/* Format minor units as a plain decimal ("12500.00") for form inputs. */
const char *page_decimal2(struct req *r, long long hundredths);

/*
 * Run the SELECT st (binds as db_query) for the one row a page is about: 0
 * when it returned exactly one row, 404 when none (or more), 503 when the
 * database failed (logged). *out is the arena-owned result on 0 and 404,
 * NULL on 503.
 */
int page_one_row(struct req *r, enum stmt st, struct db_res **out, const char *types, ...);

/*
 * The sums of a report table's rows (columns minutes, billable-minutes, amount,
 * cost) as attributes of n, with non-billable-minutes: the totals a page prints
 * are then the sums of the rows it lists. Writes only attributes; no failure.
 */
void page_totals_attrs(xmlNodePtr n, const struct db_res *res);

#endif
