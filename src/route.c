/* route.c - the route table and the front line: method, route, session, role, CSRF, then the handler. */
#include "route.h"
#include "array.h"
#include "db.h"
#include "log.h"
#include "page.h"
#include "page_client_side.h"
#include "page_plan.h"
#include "page_report.h"
#include "page_webhook.h"
#include "page_time.h"
#include "render.h"
#include "sess.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Every route of the application, area by area. lookup() takes the first entry
 * whose pattern matches the path and whose method is the request's, in this order.
 */
static const struct route routes[] = {
	/* the foundation: sign-in, dashboard, clients, projects, users, portal (page.h) */
	{ M_GET, "/login", page_login_form, NEED_NONE, 0 },
	{ M_POST, "/login", page_login, NEED_NONE, ROUTE_NO_CSRF },
	{ M_POST, "/logout", page_logout, NEED_USER, 0 },
	{ M_GET, "/", page_dashboard, NEED_USER, 0 },
	{ M_GET, "/activity", page_activity, NEED_STAFF, 0 },

	{ M_GET, "/clients", page_client_list, NEED_STAFF, 0 },
	{ M_POST, "/clients", page_client_create, NEED_MANAGER, 0 },
	{ M_GET, "/clients/new", page_client_new, NEED_MANAGER, 0 },
	{ M_GET, "/clients/#", page_client_view, NEED_STAFF, 0 },
	{ M_POST, "/clients/#", page_client_update, NEED_MANAGER, 0 },
	{ M_POST, "/clients/#/contacts", page_contact_create, NEED_MANAGER, 0 },

	{ M_GET, "/projects", page_project_list, NEED_STAFF, 0 },
	{ M_POST, "/projects", page_project_create, NEED_MANAGER, 0 },
	{ M_GET, "/projects/new", page_project_new, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#", page_project_view, NEED_STAFF, 0 },
	{ M_POST, "/projects/#", page_project_update, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/edit", page_project_edit, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/stage", page_project_stage, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/health", page_project_health, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/report", page_project_report, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/kpis", page_kpi_create, NEED_MANAGER, 0 },
	{ M_POST, "/kpis/#", page_kpi_update, NEED_MANAGER, 0 },
	{ M_POST, "/kpis/#/delete", page_kpi_delete, NEED_MANAGER, 0 },

	{ M_GET, "/settings/users", page_user_list, NEED_ADMIN, 0 },
	{ M_POST, "/settings/users", page_user_create, NEED_ADMIN, 0 },
	{ M_GET, "/settings/users/#", page_user_view, NEED_ADMIN, 0 },
	{ M_POST, "/settings/users/#", page_user_update, NEED_ADMIN, 0 },
	{ M_POST, "/settings/users/#/active", page_user_active, NEED_ADMIN, 0 },

	{ M_GET, "/portal", page_portal, NEED_CLIENT, 0 },
	{ M_GET, "/portal/projects/#", page_portal_project, NEED_CLIENT, 0 },

	/* planning and execution: tasks, milestones, Gantt, risks, changes, calendar feeds
	 * (page_plan.h) */
	{ M_GET, "/me", page_me, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/tasks", page_plan, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/tasks", page_task_create, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/members", page_member_add, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/members/#/remove", page_member_remove, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/milestones", page_milestone_create, NEED_MANAGER, 0 },
	{ M_POST, "/milestones/#", page_milestone_update, NEED_MANAGER, 0 },
	{ M_POST, "/milestones/#/reached", page_milestone_reached, NEED_MANAGER, 0 },
	{ M_GET, "/tasks/#", page_task_view, NEED_STAFF, 0 },
	{ M_POST, "/tasks/#", page_task_update, NEED_MANAGER, 0 },
	{ M_POST, "/tasks/#/status", page_task_status, NEED_STAFF, 0 },
	{ M_POST, "/tasks/#/shift", page_task_shift, NEED_MANAGER, 0 },

	{ M_GET, "/projects/#/gantt", page_gantt, NEED_STAFF, 0 },
	{ M_GET, "/portal/projects/#/gantt", page_portal_gantt, NEED_CLIENT, 0 },

	{ M_GET, "/projects/#/risks", page_risks, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/risks", page_risk_create, NEED_MANAGER, 0 },
	{ M_POST, "/risks/#", page_risk_update, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/changes", page_changes, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/changes", page_change_create, NEED_MANAGER, 0 },
	{ M_POST, "/changes/#/status", page_change_status, NEED_MANAGER, 0 },

	{ M_GET, "/projects/#/calendar", page_calendar, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/calendar", page_calendar_create, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/calendar/#/revoke", page_calendar_revoke, NEED_MANAGER, 0 },
	{ M_GET, "/calendar.ics", page_calendar_feed, NEED_NONE, 0 },

	/* events out: webhooks, deliveries, HubSpot (page_webhook.h) */
	{ M_GET, "/settings/webhooks", page_webhook_list, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks", page_webhook_create, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/options", page_webhook_options, NEED_ADMIN, 0 },
	{ M_GET, "/settings/webhooks/#", page_webhook_view, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/#", page_webhook_update, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/#/enabled", page_webhook_enabled, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/#/test", page_webhook_test, NEED_ADMIN, 0 },
	{ M_POST, "/deliveries/#/replay", page_delivery_replay, NEED_ADMIN, 0 },
	{ M_GET, "/settings/hubspot", page_hubspot_settings, NEED_ADMIN, 0 },
	{ M_POST, "/settings/hubspot", page_hubspot_save, NEED_ADMIN, 0 },
	/* HubSpot calls this: no session and no CSRF token; the signature v3 is
	 * the authentication, checked before the body is parsed */
	{ M_POST, "/hooks/hubspot", page_hook_hubspot, NEED_NONE, ROUTE_NO_CSRF },

	/* time and budgets: entries, grid, timers, approvals, rates, expenses, reports
	 * (page_time.h) */
	{ M_GET, "/time", page_time_week, NEED_STAFF, 0 },
	{ M_POST, "/time/entries", page_time_entry_create, NEED_STAFF, 0 },
	{ M_POST, "/time/entries/#", page_time_entry_update, NEED_STAFF, 0 },
	{ M_POST, "/time/entries/#/delete", page_time_entry_delete, NEED_STAFF, 0 },
	{ M_POST, "/time/grid", page_time_grid_save, NEED_STAFF, 0 },
	{ M_POST, "/time/timer/start", page_timer_start, NEED_STAFF, 0 },
	{ M_POST, "/time/timer/stop", page_timer_stop, NEED_STAFF, 0 },
	{ M_POST, "/time/timer/discard", page_timer_discard, NEED_STAFF, 0 },
	{ M_POST, "/time/submit", page_time_submit, NEED_STAFF, 0 },
	{ M_GET, "/time/approvals", page_time_approvals, NEED_MANAGER, 0 },
	{ M_POST, "/time/approvals", page_time_decide, NEED_MANAGER, 0 },
	{ M_GET, "/settings/rates", page_rates, NEED_ADMIN, 0 },
	{ M_POST, "/settings/rates", page_rate_create, NEED_ADMIN, 0 },
	{ M_POST, "/settings/capacity", page_capacity_set, NEED_ADMIN, 0 },
	{ M_GET, "/projects/#/budget", page_budget, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/expenses", page_expense_create, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/time", page_project_time, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/time.csv", page_project_time_csv, NEED_MANAGER, 0 },
	{ M_GET, "/reports/utilization", page_utilization, NEED_MANAGER, 0 },
	{ M_GET, "/reports/utilization.csv", page_utilization_csv, NEED_MANAGER, 0 },

	/* the client side: invitations, password reset, brand, documents, approvals, changes
	 * from the portal, messages, surveys (page_client_side.h) */
	{ M_GET, "/invite/*", page_invite_form, NEED_NONE, 0 },
	{ M_POST, "/invite/*", page_invite_set, NEED_NONE, ROUTE_NO_CSRF },
	{ M_POST, "/clients/#/contacts/#/invite", page_contact_invite, NEED_ADMIN, 0 },
	{ M_POST, "/clients/#/contacts/#/revoke", page_contact_revoke, NEED_ADMIN, 0 },
	{ M_POST, "/clients/#/contacts/#/access", page_contact_access, NEED_MANAGER, 0 },
	{ M_POST, "/clients/#/contacts/#/active", page_contact_active, NEED_MANAGER, 0 },
	{ M_GET, "/password/forgot", page_reset_form, NEED_NONE, 0 },
	{ M_POST, "/password/forgot", page_reset_request, NEED_NONE, ROUTE_NO_CSRF },
	{ M_GET, "/reset/*", page_invite_form, NEED_NONE, 0 },
	{ M_POST, "/reset/*", page_invite_set, NEED_NONE, ROUTE_NO_CSRF },
	{ M_GET, "/settings/brand", page_brand_form, NEED_ADMIN, 0 },
	{ M_POST, "/settings/brand", page_brand_save, NEED_ADMIN, ROUTE_FILE },
	{ M_GET, "/brand/logo", page_brand_logo, NEED_NONE, 0 },
	{ M_GET, "/brand/accent.css", page_brand_accent_css, NEED_NONE, 0 },
	{ M_GET, "/brand/favicon.svg", page_brand_favicon, NEED_NONE, 0 },
	{ M_GET, "/projects/#/documents", page_documents, NEED_USER, 0 },
	{ M_POST, "/projects/#/documents", page_document_create, NEED_STAFF, ROUTE_FILE },
	{ M_GET, "/documents/#", page_document_view, NEED_USER, 0 },
	{ M_POST, "/documents/#/versions", page_version_create, NEED_STAFF, ROUTE_FILE },
	{ M_GET, "/files/#", page_file, NEED_USER, 0 },
	{ M_POST, "/documents/#/approvals", page_approval_create, NEED_MANAGER, 0 },
	{ M_POST, "/approvals/#/record", page_approval_record, NEED_MANAGER, 0 },
	{ M_GET, "/a/*", page_approval_form, NEED_NONE, 0 },
	{ M_POST, "/a/*", page_approval_decide, NEED_NONE, ROUTE_NO_CSRF },
	{ M_GET, "/a/*/file", page_approval_file, NEED_NONE, 0 },
	{ M_POST, "/portal/changes/#", page_portal_change, NEED_CLIENT, 0 },
	{ M_POST, "/changes/#/approvals", page_approval_change_create, NEED_MANAGER, 0 },
	{ M_GET, "/portal/approvals/#", page_portal_approval, NEED_CLIENT, 0 },
	{ M_POST, "/portal/approvals/#", page_portal_approval_decide, NEED_CLIENT, 0 },
	{ M_GET, "/projects/#/messages", page_messages, NEED_USER, 0 },
	{ M_POST, "/projects/#/messages", page_message_create, NEED_USER, ROUTE_FILE },
	{ M_GET, "/messages/#/file", page_message_file, NEED_USER, 0 },
	{ M_GET, "/messages/threads/#", page_thread, NEED_USER, 0 },
	{ M_POST, "/messages/threads/#", page_thread_reply, NEED_USER, ROUTE_FILE },
	{ M_GET, "/projects/#/surveys", page_surveys, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/surveys", page_survey_plan, NEED_MANAGER, 0 },
	{ M_GET, "/s/*", page_survey_form, NEED_NONE, 0 },
	{ M_POST, "/s/*", page_survey_answer, NEED_NONE, ROUTE_NO_CSRF },

	/* status reports (page_report.h) */
	{ M_GET, "/projects/#/status-reports", page_reports, NEED_USER, 0 },
	{ M_POST, "/projects/#/status-reports", page_report_create, NEED_MANAGER, 0 },
	{ M_GET, "/status-reports/#", page_report_view, NEED_USER, 0 },
	{ M_POST, "/status-reports/#", page_report_update, NEED_MANAGER, 0 },
	{ M_POST, "/status-reports/#/publish", page_report_publish, NEED_MANAGER, 0 },
};

int route_match(const char *pattern, const char *path, long long *ids, int *nids)
{
	const char *p = pattern, *s = path;

	*nids = 0;
	while (*p && *s) {
		if (*p == '#') {
			long long v = 0;
			int digits = 0;
			if (*s == '0')
				return 0; /* no leading zeros: one id, one address */
			while (*s >= '0' && *s <= '9') {
				if (v > (9223372036854775807LL - 9) / 10)
					return 0;
				v = v * 10 + (*s - '0');
				s++;
				digits++;
			}
			if (!digits || *nids >= 4)
				return 0;
			ids[(*nids)++] = v;
			p++;
			continue;
		}
		if (*p == '*') {
			/* a token segment: 16..128 letters, digits, '-' or '_' (the handler reads it) */
			size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					     "0123456789-_");
			if (n < 16 || n > 128)
				return 0;
			s += n;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return !*p && !*s;
}

static int role_ok(const struct req *r, enum need need)
{
	enum role role = r->sess.role;

	switch (need) {
	case NEED_NONE:
	case NEED_USER:
		return 1;
	case NEED_STAFF:
		return role == ROLE_ADMIN || role == ROLE_PM || role == ROLE_MEMBER;
	case NEED_MANAGER:
		return role == ROLE_ADMIN || role == ROLE_PM;
	case NEED_ADMIN:
		return role == ROLE_ADMIN;
	case NEED_CLIENT:
		return role == ROLE_CLIENT;
	}
	return 0;
}

/* "/login?next=<path>" for the page the visitor wanted (GET only). */
static const char *login_url(struct req *r)
{
	struct buf b = BUF_INIT;
	const char *out;
	static const char hex[] = "0123456789ABCDEF";

	buf_adds(&b, "/login");
	if (r->method == M_GET && strcmp(r->path, "/")) {
		/* the page with its query (filters, page number), as one parameter */
		const char *want = *r->query_string
			? arena_printf(r->arena, "%s?%s", r->path, r->query_string) : r->path;
		buf_adds(&b, "?next=");
		for (const char *s = want; *s; s++) {
			unsigned char c = (unsigned char)*s;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '_' || c == '.') {
				buf_addch(&b, c);
			} else {
				buf_addch(&b, '%');
				buf_addch(&b, hex[c >> 4]);
				buf_addch(&b, hex[c & 15]);
			}
		}
	}
	out = arena_strdup(r->arena, b.data);
	buf_release(&b);
	return out;
}

static void finish(struct req *r, int status)
{
	if (db_in_tx(r->db)) {
		log_error("route: %s left a transaction open; rolled back", r->path);
		db_rollback(r->db);
	}
	if (r->headers_sent)
		return; /* the handler wrote its own response (a calendar feed) */
	if (status == 303) {
		req_send_head(r, 303, NULL);
		return;
	}
	if (status < 100 || status > 599) {
		log_error("route: %s returned %d", r->path, status);
		status = 500;
		r->doc = NULL;
	}
	if (r->doc)
		render_page(r, status);
	else
		render_error(r, status, NULL);
}

/* The route for path and method m (M_GET for HEAD), filling ids; NULL when
 * none. *allowed collects the methods the path takes. */
static const struct route *lookup(const char *path, enum method m, unsigned *allowed,
				  long long *ids, int *nids)
{
	*allowed = 0;
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
		const struct route *rt = &routes[i];
		if (!route_match(rt->pattern, path, ids, nids))
			continue;
		*allowed |= rt->methods;
		if (rt->methods & m)
			return rt;
	}
	return NULL;
}

/* The path of a Referer of this site (same host name), or NULL. */
static const char *referer_path(struct req *r)
{
	const char *ref = req_env(r, "HTTP_REFERER"), *h, *slash;
	size_t hl, rl;

	if (!ref || !r->host)
		return NULL;
	if (!strncmp(ref, "https://", 8))
		ref += 8;
	else if (!strncmp(ref, "http://", 7))
		ref += 7;
	else
		return NULL;
	slash = strchr(ref, '/');
	if (!slash)
		return NULL;
	h = r->host;
	hl = strcspn(h, ":");
	rl = strcspn(ref, ":/");
	if (hl != rl || strncasecmp(ref, h, hl))
		return NULL;
	return req_local_path(slash) ? slash : NULL;
}

/*
 * The page a form posting to r->path lives on, for a GET of a POST-only
 * address (a reload after a 422). The Referer when it is a page of this
 * site other than this address (the browser keeps the form page's address
 * there); else the path with its last segments taken off until a page this
 * visitor may open answers GET ("/time/grid" -> "/time",
 * "/projects/3/stage" -> "/projects/3"), the query kept; else home.
 */
static const char *form_page(struct req *r)
{
	const char *ref = referer_path(r);
	char *p = arena_strdup(r->arena, r->path);
	long long ids[4];
	int nids;
	unsigned allowed;

	if (ref) {
		size_t n = strcspn(ref, "?#");
		if (n != strlen(r->path) || strncmp(ref, r->path, n))
			return ref;
	}

	for (char *slash = strrchr(p, '/'); slash && slash > p; slash = strrchr(p, '/')) {
		const struct route *rt;
		*slash = '\0';
		rt = lookup(p, M_GET, &allowed, ids, &nids);
		if (rt && (!r->sess.user_id || role_ok(r, rt->need)))
			return *r->query_string ? arena_printf(r->arena, "%s?%s", p, r->query_string) : p;
	}
	return r->sess.role == ROLE_CLIENT ? "/portal" : "/";
}

void route_dispatch(struct req *r)
{
	const struct route *hit;
	unsigned allowed = 0;
	enum method m = r->method == M_HEAD ? M_GET : r->method;
	long long ids[4];
	int nids;

	hit = lookup(r->path, m, &allowed, ids, &nids);
	if (hit) {
		memcpy(r->ids, ids, sizeof(ids));
		r->nids = nids;
	}
	/* the session first: an error page shows the signed-in frame */
	if (sess_load(r)) {
		finish(r, 503);
		return;
	}
	/* the request's context acts as the signed-in user (0 and NULL for nobody) */
	r->actor_id = r->sess.user_id;
	r->actor_name = r->sess.name;
	if (!allowed) {
		finish(r, 404);
		return;
	}
	if (!hit) {
		if (m == M_GET && (allowed & M_POST)) {
			finish(r, req_redirect(r, form_page(r)));
			return;
		}
		req_header(r, "Allow", allowed & M_POST ? (allowed & M_GET ? "GET, HEAD, POST" : "POST")
							  : "GET, HEAD");
		finish(r, 405);
		return;
	}
	if (hit->need != NEED_NONE && !r->sess.user_id) {
		if (r->want_xml || r->method == M_POST) {
			finish(r, 401);
			return;
		}
		finish(r, req_redirect(r, login_url(r)));
		return;
	}
	if (!role_ok(r, hit->need)) {
		finish(r, 403);
		return;
	}
	if (r->method == M_POST) {
		int rc;
		/* the body is read only now, for a visitor the route accepts */
		if (!sess_same_origin(r)) {
			finish(r, 403);
			return;
		}
		rc = req_read_body(r, !!(hit->flags & ROUTE_FILE), !(hit->flags & ROUTE_NO_CSRF));
		if (rc) {
			finish(r, rc);
			return;
		}
		if (!(hit->flags & ROUTE_NO_CSRF) && !sess_csrf_ok(r)) {
			finish(r, 403);
			return;
		}
	}
	finish(r, hit->handler(r));
}
