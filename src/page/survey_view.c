/* survey_view.c - satisfaction scores as other pages show them: the trend by month, on the
 * surveys page and the client page. */
#include "page/survey_view.h"
#include "core/db.h"
#include "core/xml.h"

int survey_trend_xml(struct req *r, xmlNodePtr page, const char *name, long long client, long long pid)
{
	struct db_res *t;

	if (db_query(r->db, r->arena, ST_SURVEY_TREND, &t, "iii", client, pid ? 1LL : 0LL, pid))
		return -1;
	xml_rows(xml_el(page, name), "month", t);
	return 0;
}
