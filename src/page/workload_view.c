/* workload_view.c - the forward workload's page fragments: a person's weeks, and the load of a
 * project's team beside the task form's assignee choice (issue 16). */
#include "page/workload_view.h"
#include "core/arena.h"
#include "core/xml.h"
#include "domain/dates.h"
#include "domain/timecalc.h"

#include <time.h>

/* Minutes m (>= 0) as h:mm, thousands separated, as layout.xsl's `hours` template writes them
 * (the one duration format, docs/architecture.md): 2760 -> "46:00", 61 -> "1:01",
 * 90030 -> "1,500:30". Into out (at least 32 bytes). */
static const char *hm_text(long long m, char out[32])
{
	long long h = m / 60;
	char *p = out + 31;
	int digits = 0;

	*p = '\0';
	*--p = (char)('0' + m % 60 % 10);
	*--p = (char)('0' + m % 60 / 10);
	*--p = ':';
	do {
		if (digits && digits % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + h % 10);
		h /= 10;
		digits++;
	} while (h > 0 && p > out + 1);
	return p;
}

void workload_view_weeks(xmlNodePtr parent, const struct workload_person *p, int nweeks,
			 int with_project)
{
	char buf[32];

	for (int wk = 0; wk < nweeks; wk++) {
		const struct workload_cell *c = &p->weeks[wk];
		xmlNodePtr w = xml_el(parent, "w");

		xml_attr_int(w, "planned", c->planned);
		xml_attr_int(w, "capacity", c->capacity);
		xml_attr(w, "h", hm_text(c->planned, buf));
		xml_attr(w, "cap-h", hm_text(c->capacity, buf));
		if (c->planned > c->capacity)
			xml_attr(w, "over", "1");
		if (with_project) {
			xml_attr_int(w, "project", c->project);
			if (c->project > 0 && c->project < c->planned)
				xml_attr(w, "project-h", hm_text(c->project, buf));
		}
	}
}

int workload_view_assignees(struct req *r, xmlNodePtr page, long long pid, const char *start,
			    const char *due)
{
	struct workload_filter f = { NULL, pid };
	struct workload wl;
	long s, d, first, nweeks;
	xmlNodePtr top;

	int dated = start && due && !tc_date_parse(start, &s) && !tc_date_parse(due, &d) && d >= s;

	if (!dated)
		s = d = (long)(time(NULL) / 86400);
	first = tc_week_monday(s);
	nweeks = (tc_week_monday(d) - first) / 7 + 1;
	if (nweeks > WORKLOAD_MAX_WEEKS)
		nweeks = WORKLOAD_MAX_WEEKS;
	if (workload_read(&r->ctx, first, (int)nweeks, &f, &wl))
		return -1;
	top = xml_el(page, "assignee-load");
	xml_attr(top, "basis", dated ? "task" : "this-week");
	xml_attr_int(top, "weeks", nweeks);
	xml_attr(top, "from", dates_day(r->arena, first));
	if (nweeks == 1)
		xml_attr(top, "week", dates_week(r->arena, first));
	for (size_t i = 0; i < wl.npeople; i++) {
		const struct workload_person *p = &wl.people[i];
		int best = 0;
		xmlNodePtr u;

		for (int wk = 1; wk < wl.nweeks; wk++)
			if (p->weeks[wk].planned - p->weeks[wk].capacity >
			    p->weeks[best].planned - p->weeks[best].capacity)
				best = wk;
		u = xml_el(top, "user");
		xml_attr_int(u, "id", p->id);
		xml_attr_int(u, "planned", p->weeks[best].planned);
		xml_attr_int(u, "capacity", p->weeks[best].capacity);
		if (p->weeks[best].planned > p->weeks[best].capacity)
			xml_attr(u, "over", "1");
		xml_attr(u, "week", dates_week(r->arena, first + 7L * best));
	}
	return 0;
}
