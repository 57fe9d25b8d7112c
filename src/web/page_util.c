/* page_util.c - small helpers shared by the page handlers. */
#include "web/page_util.h"
#include "core/db.h"
#include "domain/vocab.h"
#include "core/xml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void choice(xmlNodePtr list, const char *value, const char *label)
{
	xmlNodePtr c = xml_el(list, "choice");

	xml_attr(c, "value", value);
	xml_attr(c, "name", label);
}

void page_role_choices(xmlNodePtr page)
{
	xmlNodePtr n = xml_el(page, "role-choices");

	for (int i = ROLE__COUNT - 1; i > ROLE_NONE; i--)
		if (vocab_role((enum role)i)->staff)
			choice(n, vocab_role((enum role)i)->name, vocab_role((enum role)i)->label);
}

void page_access_choices(xmlNodePtr page)
{
	xmlNodePtr n = xml_el(page, "access-choices");

	for (int i = ACCESS_NONE + 1; i < ACCESS__COUNT; i++)
		choice(n, vocab_access((enum access)i)->name, vocab_access((enum access)i)->label);
}

long long page_number(const struct req *r)
{
	const char *s = kv_get(&r->query, "page");
	char *end;
	long long n;

	if (!s || !*s)
		return 1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || *end || n < 1 || n > 1000000)
		return 1;
	return n;
}

const char *page_query(const struct req *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	return v ? v : "";
}

long long page_query_id(const struct req *r, const char *name)
{
	const char *v = page_query(r, name);
	char *end;
	long long id;

	if (*v < '1' || *v > '9')
		return 0;
	errno = 0;
	id = strtoll(v, &end, 10);
	return errno || *end ? 0 : id;
}

const char *page_decimal2(struct req *r, long long h)
{
	return arena_printf(r->arena, "%lld.%02lld", h / 100, h % 100);
}

int page_one_row(struct req *r, enum stmt st, struct db_res **out, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = db_vquery(r->db, r->arena, st, out, types, ap);
	va_end(ap);
	if (rc)
		return 503;
	return (*out)->nrows == 1 ? 0 : 404;
}

void page_totals_attrs(xmlNodePtr n, const struct db_res *res)
{
	long long m = 0, b = 0, a = 0, c = 0;

	for (size_t i = 0; i < res->nrows; i++) {
		m += db_cell_int(res, i, (size_t)db_col(res, "minutes"));
		b += db_cell_int(res, i, (size_t)db_col(res, "billable-minutes"));
		a += db_cell_int(res, i, (size_t)db_col(res, "amount"));
		c += db_cell_int(res, i, (size_t)db_col(res, "cost"));
	}
	xml_attr_int(n, "minutes", m);
	xml_attr_int(n, "billable-minutes", b);
	xml_attr_int(n, "non-billable-minutes", m - b);
	xml_attr_int(n, "amount", a);
	xml_attr_int(n, "cost", c);
}
