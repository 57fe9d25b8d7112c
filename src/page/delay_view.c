/* delay_view.c - client delays' page fragments: an item's waits, a project's days waited, the
 * client's view of open waits, a status report's figure (issue 16). */
#include "page/delay_view.h"
#include "core/arena.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/dates.h"

int delay_view_item(struct req *r, xmlNodePtr parent, enum delay_on on, long long id)
{
	struct db_res *rows;
	long *days, open;
	long long total;
	xmlNodePtr n;

	if (delay_item(&r->ctx, on, id, &rows, &days, &total, &open))
		return -1;
	n = xml_el(parent, "client-wait");
	xml_attr(n, "on", on == DELAY_TASK ? "task" : "milestone");
	xml_attr_int(n, "id", id);
	xml_attr_int(n, "days", total);
	if (open >= 0) {
		xml_attr(n, "open", "1");
		xml_attr(n, "what", db_cell(rows, (size_t)open, DELAY_OF_WHAT));
		xml_attr(n, "since", db_cell(rows, (size_t)open, DELAY_OF_FROM));
	}
	for (size_t i = 0; i < rows->nrows; i++)
		xml_attr_int(xml_row(n, "period", rows, i), "days", days[i]);
	return 0;
}

int delay_view_project(struct req *r, xmlNodePtr parent, long long pid, int all)
{
	struct delay_summary s;
	xmlNodePtr n;

	if (delay_project(&r->ctx, pid, &s))
		return -1;
	n = xml_el(parent, "client-delays");
	xml_attr_int(n, "project-id", pid);
	xml_attr_int(n, "days", s.days);
	xml_attr_int(n, "open", (long long)s.nopen);
	xml_attr_int(n, "count", (long long)s.n);
	xml_attr(n, "today", dates_day(r->arena, s.today));
	for (size_t i = 0; i < s.n; i++) {
		const struct delay_period *d = &s.v[i];
		xmlNodePtr e;

		if (!all && !d->open)
			continue;
		e = xml_el(n, "period");
		xml_attr(e, "kind", d->kind);
		xml_attr_int(e, "id", d->id);
		xml_attr_int(e, "item-id", d->item_id);
		xml_attr(e, "item", d->item);
		xml_attr(e, "what", d->what);
		xml_attr(e, "from", dates_day(r->arena, d->from));
		if (d->open)
			xml_attr(e, "open", "1");
		else
			xml_attr(e, "to", dates_day(r->arena, d->to));
		xml_attr_int(e, "days", d->days);
		xml_attr_int(e, "client-visible", d->client_visible);
	}
	return 0;
}

int delay_view_portal(struct req *r, xmlNodePtr parent, long long pid, long long client)
{
	struct db_res *w;

	if (db_query(r->db, r->arena, ST_DELAY_PORTAL, &w, "iiii", pid, client, pid, client))
		return -1;
	xml_rows(xml_el(parent, "client-waits"), "wait", w);
	return 0;
}

int delay_view_report(struct req *r, xmlNodePtr parent, long long report_id, long long pid, int draft)
{
	struct db_res *s;
	long long days;
	xmlNodePtr n;

	if (draft) {
		if (delay_project_days(&r->ctx, pid, &days))
			return -1;
		n = xml_el(parent, "client-wait-days");
		xml_attr_int(n, "days", days);
		xml_attr(n, "as-of", "today");
		return 0;
	}
	if (db_query(r->db, r->arena, ST_DELAY_REPORT_GET, &s, "i", report_id))
		return -1;
	if (s->nrows == 1 && db_cell(s, 0, DELAY_REPORT_GET_SNAP_WAIT_DAYS)) {
		n = xml_el(parent, "client-wait-days");
		xml_attr(n, "days", db_cell(s, 0, DELAY_REPORT_GET_SNAP_WAIT_DAYS));
		xml_attr(n, "as-of", "publication");
	}
	return 0;
}
