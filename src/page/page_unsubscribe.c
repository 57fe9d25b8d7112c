/* page_unsubscribe.c - the one-click unsubscribe link of notification e-mails over HTTP (the
 * links themselves: domain/unsubscribe.c). */
#include "page/page_unsubscribe.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/unsubscribe.h"
#include "web/frame.h"
#include "web/render.h"
#include "web/token_page.h"

/* The link of the path's token into l, or the status of the refusal page (404, 503). */
static int find(struct req *r, struct unsub_link *l)
{
	int rc = unsubscribe_find(&r->ctx, token_of_path(r), l);

	if (rc < 0)
		return 503;
	if (rc)
		return token_refused(r, 404, "Link not valid",
				     "This unsubscribe link is not valid. Use the link from the e-mail, or"
				     " sign in and change your notification settings.");
	return 0;
}

static int unsubscribe_page(struct req *r, const struct unsub_link *l, int done)
{
	xmlNodePtr page = xml_page(r, XSL_INVITE, "unsubscribe",
				   done ? "Unsubscribed" : "Unsubscribe");
	xmlNodePtr u = xml_el(page, "unsubscribe");

	xml_attr(u, "token", token_of_path(r));
	xml_attr(u, "kind", l->code);
	xml_attr(u, "label", l->label);
	xml_attr(u, "email", l->email);
	xml_attr(u, "done", done ? "1" : "0");
	return 200;
}

int page_unsubscribe_form(struct req *r)
{
	struct unsub_link l;
	int st = find(r, &l);

	return st ? st : unsubscribe_page(r, &l, 0);
}

int page_unsubscribe(struct req *r)
{
	struct unsub_link l;
	int rc, st = find(r, &l);

	if (st)
		return st;
	if (db_begin(r->db))
		return 503;
	rc = unsubscribe_apply(&r->ctx, &l);
	if (rc < 0 || (rc == 0 && db_commit(r->db))) {
		db_rollback(r->db);
		return 503;
	}
	if (rc) { /* the kind is no longer the person's (their role changed) */
		db_rollback(r->db);
		return token_refused(r, 404, "Link not valid",
				     "This unsubscribe link no longer applies to your account.");
	}
	return unsubscribe_page(r, &l, 1);
}
