/* page_budget.c - rates with history, expenses, budget burn with its chart, time reports and CSV exports. */
#include "core/array.h"
#include "core/db.h"
#include "domain/budget.h"
#include "page/page_budget.h"
#include "web/page_util.h"
#include "domain/vocab.h"
#include "web/render.h"
#include "domain/timecalc.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RATE 100000000LL       /* a million per hour, in hundredths */
#define MAX_EXPENSE 100000000000LL /* a billion, in hundredths */
#define CHART_W 640
#define CHART_H 240
#define CHART_PAD 40
#define FORECAST_WEEKS 4

static const char *const categories[] = { "travel", "software", "hardware", "subcontractor",
					  "printing", "other", NULL };
/* what the form and the list show for each of categories[], in the same order */
static const char *const category_labels[] = { "Travel", "Software", "Hardware", "Subcontractor",
					       "Printing", "Other" };
_Static_assert(ARRAY_SIZE(categories) == ARRAY_SIZE(category_labels) + 1,
	       "a label for each expense category");

static const struct vfield rate_fields[] = {
	{ "user_id", "Person", V_ID, 1, 0, 0, NULL },
	{ "project_id", "Project", V_ID, 0, 0, 0, NULL },
	{ "effective_from", "In force from", V_DATE, 1, 0, 0, NULL },
	{ "bill_rate", "Billable rate per hour", V_DECIMAL2, 1, 0, MAX_RATE, NULL },
	{ "cost_rate", "Cost rate per hour", V_DECIMAL2, 1, 0, MAX_RATE, NULL },
	{ "currency", "Currency", V_ENUM, 0, 0, 0, vocab_currencies },
};

static const struct vfield expense_fields[] = {
	{ "spent_on", "Date", V_DATE, 1, 0, 0, NULL },
	{ "amount", "Amount", V_DECIMAL2, 1, 1, MAX_EXPENSE, NULL },
	{ "category", "Category", V_ENUM, 1, 0, 0, categories },
	{ "billable", "Billable", V_BOOL, 0, 0, 0, NULL },
	{ "note", "Note", V_LINE, 0, 0, 500, NULL },
	{ "receipt_file", "Receipt", V_LINE, 0, 0, 255, NULL },
};

/* ------------------------------------------------------------ rates */

static int rates_page(struct req *r, struct form *f, int status)
{
	struct db_res *rates, *staff, *projects;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_RATE_LIST, &rates, "") ||
	    db_query(r->db, r->arena, ST_RATE_STAFF, &staff, "") ||
	    db_query(r->db, r->arena, ST_TIME_PROJECT_NAMES, &projects, ""))
		return 503;
	page = xml_page(r, XSL_TIME, "rates", "Rates");
	xml_rows(xml_el(page, "rates"), "rate", rates);
	xml_rows(xml_el(page, "staff"), "user", staff);
	xml_rows(xml_el(page, "projects"), "project", projects);
	{
		xmlNodePtr cur = xml_el(page, "currencies");
		for (const char *const *c = vocab_currencies; *c; c++)
			xml_attr(xml_el(cur, "currency"), "code", *c);
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_rates(struct req *r)
{
	return rates_page(r, NULL, 200);
}

int page_rate_create(struct req *r)
{
	struct budget_rate x;
	struct db_res *u, *p;
	struct form f;
	long long uid, pid;
	int bad = valid_form(r, &f, "rate", rate_fields, ARRAY_SIZE(rate_fields));
	const char *cur = valid_get(&f, "currency")->s;

	uid = valid_get(&f, "user_id")->i;
	pid = valid_get(&f, "project_id")->i;
	if (uid) {
		if (db_query(r->db, r->arena, ST_RATE_STAFF_GET, &u, "i", uid))
			return 503;
		if (u->nrows != 1)
			valid_error(&f, "user_id", "Person must be a member of staff.");
		else if (!cur && !pid)   /* no currency chosen: the person's own */
			cur = db_cell(u, 0, RATE_STAFF_GET_CURRENCY);
	}
	if (pid) {
		if (db_query(r->db, r->arena, ST_PROJECT_LOCK, &p, "i", pid))
			return 503;
		if (p->nrows != 1)
			valid_error(&f, "project_id", "Project must be chosen from the list.");
		else if (!cur)           /* no currency chosen: the project's */
			cur = db_cell(p, 0, PROJECT_LOCK_CURRENCY);
		/* a project's rate prices only that project: in any other currency it would never apply */
		else if (strcmp(db_cell(p, 0, PROJECT_LOCK_CURRENCY), cur))
			valid_error(&f, "currency", arena_printf(r->arena, "A rate for %s must be in its"
								 " currency, %s.", db_cell(p, 0, PROJECT_LOCK_NAME),
								 db_cell(p, 0, PROJECT_LOCK_CURRENCY)));
	}
	if (bad || f.nerr)
		return rates_page(r, &f, 422);
	x.user_id = uid;
	x.project_id = pid;
	x.effective_from = valid_get(&f, "effective_from")->s;
	x.bill_rate = valid_get(&f, "bill_rate")->i;
	x.cost_rate = valid_get(&f, "cost_rate")->i;
	x.currency = cur;
	if (db_begin(r->db))
		return 503;
	if (budget_rate_create(&r->ctx, &x) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "rate_added");
	return req_redirect(r, "/settings/rates");
}

static const struct vfield capacity_fields[] = {
	{ "user_id", "Person", V_ID, 1, 0, 0, NULL },
	{ "hours", "Weekly capacity (hours)", V_HOURS, 1, 0, 168 * 60, NULL },
};

int page_capacity_set(struct req *r)
{
	struct form f;
	int rc;

	if (valid_form(r, &f, "capacity", capacity_fields, ARRAY_SIZE(capacity_fields)))
		return rates_page(r, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = budget_capacity_set(&r->ctx, valid_get(&f, "user_id")->i, valid_get(&f, "hours")->i);
	if (rc == BUDGET_NOT_FOUND) {
		db_rollback(r->db);
		valid_error(&f, "user_id", "Person must be a member of staff.");
		return rates_page(r, &f, 422);
	}
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, "/settings/rates");
}

/* ------------------------------------------------------------ budget */

/*
 * The burn chart, computed here: cumulative spend per week (x from the first
 * week to the due date or the last week), the budget line, and the forecast
 * at completion from the mean spend of the last FORECAST_WEEKS weeks.
 */
static void burn(struct req *r, xmlNodePtr page, const struct db_res *p, const struct db_res *w)
{
	long long budget = db_cell_int(p, 0, BUDGET_PROJECT_BUDGET_AMOUNT);
	long long spent = db_cell_int(p, 0, BUDGET_PROJECT_SPENT_AMOUNT);
	const char *due_s = db_cell(p, 0, BUDGET_PROJECT_DUE_DATE);
	const char *today_s = db_cell(p, 0, BUDGET_PROJECT_TODAY);
	long first = 0, last = 0, due = 0, now = 0;
	long long recent = 0, forecast, ymax, cum = 0;
	struct buf pts = BUF_INIT;
	xmlNodePtr chart, f;

	tc_date_parse(today_s, &now);
	now = tc_week_monday(now);
	if (w->nrows) {
		tc_date_parse(db_cell(w, 0, BUDGET_WEEKS_WEEK_START), &first);
		tc_date_parse(db_cell(w, w->nrows - 1, BUDGET_WEEKS_WEEK_START), &last);
	} else {
		first = last = now;
	}
	for (size_t i = 0; i < w->nrows; i++) {
		long ws = 0;
		tc_date_parse(db_cell(w, i, BUDGET_WEEKS_WEEK_START), &ws);
		if (ws > now - 7 * FORECAST_WEEKS && ws <= now)
			recent += db_cell_int(w, i, BUDGET_WEEKS_AMOUNT);
	}
	forecast = spent;
	if (due_s && !tc_date_parse(due_s, &due) && due > now)
		forecast += recent * ((due - now + 6) / 7) / FORECAST_WEEKS;
	f = xml_el(page, "forecast");
	xml_attr_int(f, "amount", forecast);
	xml_attr_int(f, "weekly", recent / FORECAST_WEEKS);
	xml_attr_int(f, "percent", tc_percent(forecast, budget));
	if (due && tc_week_monday(due) > last)
		last = tc_week_monday(due);
	if (last < first)
		last = first;
	ymax = budget > spent ? budget : spent;
	if (forecast > ymax)
		ymax = forecast;
	if (ymax <= 0)
		ymax = 1;
	chart = xml_el(page, "burn");
	xml_attr_int(chart, "width", CHART_W);
	xml_attr_int(chart, "height", CHART_H);
	xml_attr_int(chart, "left", CHART_PAD);
	xml_attr_int(chart, "bottom", CHART_H - CHART_PAD / 2);
	xml_attr_int(chart, "right", CHART_W - CHART_PAD / 2);
	{
		double span = (double)(last - first ? last - first : 7);
		double xs = (CHART_W - CHART_PAD * 1.5) / span, ys = (CHART_H - CHART_PAD * 1.0) / (double)ymax;
		double y0 = CHART_H - CHART_PAD / 2;
		buf_addf(&pts, "%d,%.1f", CHART_PAD, y0);
		for (size_t i = 0; i < w->nrows; i++) {
			long ws = 0;
			tc_date_parse(db_cell(w, i, BUDGET_WEEKS_WEEK_START), &ws);
			cum += db_cell_int(w, i, BUDGET_WEEKS_AMOUNT);
			buf_addf(&pts, " %.1f,%.1f", CHART_PAD + (double)(ws + 7 - first) * xs > CHART_W - CHART_PAD / 2
				 ? (double)(CHART_W - CHART_PAD / 2) : CHART_PAD + (double)(ws + 7 - first) * xs,
				 y0 - (double)cum * ys);
		}
		xml_attr(chart, "points", pts.data);
		xml_attr(chart, "budget-y", budget > 0 ? arena_printf(r->arena, "%.1f", y0 - (double)budget * ys) : NULL);
		xml_attr(chart, "forecast-y", arena_printf(r->arena, "%.1f", y0 - (double)forecast * ys));
		xml_attr(chart, "from", w->nrows ? db_cell(w, 0, BUDGET_WEEKS_WEEK_START) : today_s);
		xml_attr_int(chart, "max", ymax);
	}
	buf_release(&pts);
}

/* Money is for PMs and admins; a team member reads hours (render.c drops what is left). */
static int sees_money(const struct req *r)
{
	return r->sess.role == ROLE_PM || r->sess.role == ROLE_ADMIN;
}

/* <unpriced currency><person id name minutes/></unpriced>: time no rate in the project's
 * currency priced, for the "no rate in USD" warning; nothing when there is none. */
static int unpriced_xml(struct req *r, xmlNodePtr page, long long id, const char *currency)
{
	struct db_res *u;
	xmlNodePtr n;

	if (db_query(r->db, r->arena, ST_TIME_UNPRICED, &u, "i", id))
		return -1;
	if (u->nrows) {
		n = xml_el(page, "unpriced");
		xml_attr(n, "currency", currency);
		xml_rows(n, "person", u);
	}
	return 0;
}

static int budget_page(struct req *r, struct form *f, int status)
{
	long long id = r->ids[0];
	struct db_res *p, *w, *x;
	xmlNodePtr page, n;
	int rc;

	if ((rc = page_one_row(r, ST_BUDGET_PROJECT, &p, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_BUDGET_WEEKS, &w, "i", id) ||
	    db_query(r->db, r->arena, ST_EXPENSES_OF_PROJECT, &x, "i", id))
		return 503;
	page = xml_page(r, XSL_TIME, "budget", db_cell(p, 0, BUDGET_PROJECT_NAME));
	n = xml_row(page, "project", p, 0);
	xml_attr_int(n, "hours-percent",
		     tc_percent(db_cell_int(p, 0, BUDGET_PROJECT_SPENT_MINUTES),
				db_cell_int(p, 0, BUDGET_PROJECT_BUDGET_MINUTES)));
	if (sees_money(r)) {
		xml_attr_int(n, "money-percent",
			     tc_percent(db_cell_int(p, 0, BUDGET_PROJECT_SPENT_AMOUNT),
					db_cell_int(p, 0, BUDGET_PROJECT_BUDGET_AMOUNT)));
		burn(r, page, p, w);
		xml_rows(xml_el(page, "expenses"), "expense", x);
		if (unpriced_xml(r, page, id, db_cell(p, 0, BUDGET_PROJECT_CURRENCY)))
			return 503;
	}
	{
		xmlNodePtr cats = xml_el(page, "categories");
		for (size_t i = 0; categories[i]; i++) {
			xmlNodePtr c = xml_el(cats, "category");
			xml_attr(c, "value", categories[i]);
			xml_attr(c, "name", category_labels[i]);
		}
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_budget(struct req *r)
{
	return budget_page(r, NULL, 200);
}

int page_expense_create(struct req *r)
{
	struct budget_expense x;
	struct db_res *p;
	struct form f;
	long long pid = r->ids[0];
	int rc;

	if ((rc = page_one_row(r, ST_TIME_PROJECT_FOR, &p, "iiii", pid,
			       (long long)(r->sess.role == ROLE_ADMIN), r->sess.user_id,
			       r->sess.user_id)))
		return rc;
	if (valid_form(r, &f, "expense", expense_fields, ARRAY_SIZE(expense_fields)))
		return budget_page(r, &f, 422);
	x = (struct budget_expense){
		.project_id = pid, .spent_on = valid_get(&f, "spent_on")->s,
		.amount = valid_get(&f, "amount")->i, .category = valid_get(&f, "category")->s,
		.billable = (int)valid_get(&f, "billable")->i, .note = valid_get(&f, "note")->s,
		.receipt_file = valid_get(&f, "receipt_file")->s,
	};
	if (db_begin(r->db))
		return 503;
	if (budget_expense_create(&r->ctx, &x) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "expense_added");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/budget", pid));
}

/* ------------------------------------------------------------ reports */

static const char *day_text(struct req *r, long days)
{
	char *s = arena_alloc(r->arena, 11);

	tc_date_format(days, s, 11);
	return s;
}

/* ?from= and ?to= (inclusive); defaults: the whole history up to far ahead. */
static void range(struct req *r, const char **from, const char **to)
{
	long d;

	*from = kv_get(&r->query, "from");
	*to = kv_get(&r->query, "to");
	if (!*from || tc_date_parse(*from, &d))
		*from = "1900-01-01";
	if (!*to || tc_date_parse(*to, &d))
		*to = "9000-12-31";
}

static void totals(xmlNodePtr parent, const struct db_res *res)
{
	page_totals_attrs(xml_el(parent, "total"), res);
}

int page_project_time(struct req *r)
{
	long long id = r->ids[0];
	struct db_res *p, *person, *task, *week;
	const char *from, *to;
	xmlNodePtr page, filt;
	int rc;

	range(r, &from, &to);
	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", id)))
		return rc;
	if (!strcmp(from, "1900-01-01") && !strcmp(to, "9000-12-31")) {
		if (db_query(r->db, r->arena, ST_REPORT_ALL_BY_PERSON, &person, "i", id) ||
		    db_query(r->db, r->arena, ST_REPORT_ALL_BY_TASK, &task, "i", id) ||
		    db_query(r->db, r->arena, ST_REPORT_ALL_BY_WEEK, &week, "i", id))
			return 503;
	} else {
		/* full weeks [first, last] (Mondays) from the rollups, the edges from the entries */
		long f = 0, t = 0, first, last;
		const char *a, *b, *c, *d;
		tc_date_parse(from, &f);
		tc_date_parse(to, &t);
		first = tc_week_monday(f + 6);
		last = tc_week_monday(t + 1) - 7;
		if (last < first) {           /* no full week: everything from the entries */
			first = t + 1;
			last = first - 7;
		}
		a = day_text(r, first);
		b = day_text(r, last);
		c = day_text(r, first - 1);
		d = day_text(r, last + 7);
		if (db_query(r->db, r->arena, ST_REPORT_BY_PERSON, &person, "ississs" "s", id, a, b, id,
			     from, c, d, to) ||
		    db_query(r->db, r->arena, ST_REPORT_BY_TASK, &task, "ississs" "s", id, a, b, id, from,
			     c, d, to) ||
		    db_query(r->db, r->arena, ST_REPORT_BY_WEEK, &week, "ississs" "s", id, a, b, id, from,
			     c, d, to))
			return 503;
	}
	page = xml_page(r, XSL_TIME, "project-time", db_cell(p, 0, PROJECT_GET_NAME));
	xml_row(page, "project", p, 0);
	filt = xml_el(page, "filters");
	xml_attr(filt, "from", strcmp(from, "1900-01-01") ? from : "");
	xml_attr(filt, "to", strcmp(to, "9000-12-31") ? to : "");
	xml_attr(filt, "query", r->query_string);
	totals(page, person);
	if (unpriced_xml(r, page, id, db_cell(p, 0, PROJECT_GET_CURRENCY)))
		return 503;
	xml_rows(xml_el(page, "by-person"), "group", person);
	xml_rows(xml_el(page, "by-task"), "group", task);
	xml_rows(xml_el(page, "by-week"), "group", week);
	return 200;
}

/* The utilization range: ?from= and ?to=, by default the last four full weeks. */
static void util_range(struct req *r, const char **from, const char **to)
{
	range(r, from, to);
	if (!strcmp(*from, "1900-01-01") || !strcmp(*to, "9000-12-31")) {
		long mon = tc_week_monday((long)(time(NULL) / 86400));
		*from = day_text(r, mon - 28);
		*to = day_text(r, mon - 1);
	}
}

int page_utilization(struct req *r)
{
	struct db_res *u;
	const char *from, *to;
	long f = 0, t = 0, days;
	xmlNodePtr page, list;

	util_range(r, &from, &to);
	tc_date_parse(from, &f);
	tc_date_parse(to, &t);
	days = t >= f ? t - f + 1 : 0;
	if (db_query(r->db, r->arena, ST_UTILIZATION, &u, "ss", from, to))
		return 503;
	page = xml_page(r, XSL_TIME, "utilization", "Utilization");
	xml_attr(xml_el(page, "filters"), "from", from);
	xml_attr(page->last, "to", to);
	list = xml_el(page, "people");
	for (size_t i = 0; i < u->nrows; i++) {
		xmlNodePtr n = xml_row(list, "person", u, i);
		long long cap = db_cell_int(u, i, UTILIZATION_CAPACITY_WEEK) * days / 7;
		xml_attr_int(n, "capacity", cap);
		xml_attr_int(n, "utilization", tc_percent(db_cell_int(u, i, UTILIZATION_MINUTES), cap));
		xml_attr_int(n, "billable-share", tc_percent(db_cell_int(u, i, UTILIZATION_BILLABLE_MINUTES),
								 db_cell_int(u, i, UTILIZATION_MINUTES)));
	}
	return 200;
}

/* ------------------------------------------------------------ CSV, streamed */

struct csv {
	struct req *r;
	struct buf b;      /* one chunk of rows, flushed at CSV_CHUNK bytes */
	int failed;
	const int *money;  /* per column: 1 = minor units to write as a decimal */
};
#define CSV_CHUNK 32768

/* One cell, RFC 4180: quoted when it holds a comma, quote, CR or LF; a cell
 * that a spreadsheet would run as a formula (= + - @) gets a leading '. */
static void csv_cell(struct buf *b, const char *s, size_t n, int first)
{
	size_t plain = 0;

	if (!first)
		buf_addch(b, ',');
	if (!s)
		return;
	while (plain < n && s[plain] != ',' && s[plain] != '"' && s[plain] != '\r' && s[plain] != '\n')
		plain++;
	if (plain == n) {   /* the common case: no quoting */
		if (n && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@'))
			buf_addch(b, '\'');
		buf_add(b, s, n);
		return;
	}
	buf_addch(b, '"');
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
		buf_addch(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addch(b, '"');
		buf_addch(b, s[i]);
	}
	buf_addch(b, '"');
}

/* Minor units as a decimal with two places ("1234" -> "12.34"), without printf. */
static void csv_money(struct buf *b, const char *s)
{
	char out[32], *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int i = (int)sizeof(out);

	if (!s) {           /* no price (no rate in the project's currency): an empty cell */
		buf_addch(b, ',');
		return;
	}
	out[--i] = (char)('0' + u % 10);
	u /= 10;
	out[--i] = (char)('0' + u % 10);
	u /= 10;
	out[--i] = '.';
	do {
		out[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[--i] = '-';
	out[--i] = ',';
	buf_add(b, out + i, sizeof(out) - (size_t)i);
}

static int csv_flush(struct csv *c)
{
	if (c->b.len && req_write(c->r, c->b.data, c->b.len))
		c->failed = 1;
	buf_reset(&c->b);
	return c->failed;
}

static int csv_row(void *ctx, const char *const *cells, const unsigned long *lens, size_t ncols)
{
	struct csv *c = ctx;

	for (size_t i = 0; i < ncols; i++) {
		if (c->money && c->money[i])
			csv_money(&c->b, cells[i]);
		else
			csv_cell(&c->b, cells[i], lens[i], i == 0);
	}
	buf_adds(&c->b, "\r\n");
	return c->b.len >= CSV_CHUNK ? csv_flush(c) : 0;
}

/* Send the head, the header line, then every row of st as it is fetched. */
static int csv_send(struct req *r, const char *filename, const char *header, const int *money,
		    enum stmt st, const char *types, long long id, const char *from, const char *to)
{
	struct csv c = { r, BUF_INIT, 0, money };
	int rc;

	req_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", filename));
	req_send_head(r, 200, "text/csv; charset=utf-8");
	buf_adds(&c.b, header);
	if (types[0] == 'i')
		rc = db_stream(r->db, st, csv_row, &c, types, id, from, to);
	else
		rc = db_stream(r->db, st, csv_row, &c, types, from, to);
	if (rc >= 0)
		csv_flush(&c);
	buf_release(&c.b);
	return 200;
}

int page_project_time_csv(struct req *r)
{
	/* id, date, person, task, minutes, billable, status, rate, amount, currency, note */
	static const int money[] = { 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0 };
	struct db_res *p;
	const char *from, *to;
	int rc;

	range(r, &from, &to);
	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", r->ids[0])))
		return rc;
	return csv_send(r, arena_printf(r->arena, "project-%lld-time.csv", r->ids[0]),
			"id,date,person,task,minutes,billable,status,rate,amount,currency,note\r\n", money,
			ST_TIME_CSV, "iss", r->ids[0], from, to);
}

int page_utilization_csv(struct req *r)
{
	const char *from, *to;

	util_range(r, &from, &to);
	return csv_send(r, "utilization.csv", "user_id,name,capacity_per_week,minutes,billable_minutes\r\n",
			NULL, ST_UTILIZATION, "ss", 0, from, to);
}
