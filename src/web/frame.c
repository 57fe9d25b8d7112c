/* frame.c - the frame of every page: <page>, its <session> and <brand>, the flash, the pager. */
#include "web/frame.h"
#include "core/arena.h"
#include "core/array.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/xml.h"
#include "domain/mail.h"
#include "domain/vocab.h"

#include <string.h>

/* The messages a redirect can leave for the next page. */
static const struct {
	const char *code;
	const char *kind;
	const char *text;
} flashes[] = {
	{ "saved", "ok", "Saved." },
	{ "client_created", "ok", "Client created." },
	{ "contact_added", "ok", "Contact added; an invitation is on its way." },
	{ "invitation_sent", "ok", "Invitation sent again; earlier links no longer work." },
	{ "invitation_revoked", "ok", "Invitation withdrawn." },
	{ "password_set", "ok", "Your password is set. Sign in with your e-mail and password." },
	{ "reset_sent", "ok", "If an account exists for that address, we have sent it a link to choose a new password. The link works once, for one hour." },
	{ "contact_access_changed", "ok", "Access changed." },
	{ "contact_deactivated", "ok", "Contact deactivated: signed out, and their open approval and password links no longer work." },
	{ "contact_reactivated", "ok", "Contact reactivated. Send them new approval requests if needed." },
	{ "brand_saved", "ok", "Branding saved." },
	{ "document_added", "ok", "Document uploaded." },
	{ "version_added", "ok", "New version uploaded." },
	{ "message_sent", "ok", "Message sent." },
	{ "email_filed", "ok", "E-mail filed on the project." },
	{ "email_discarded", "ok", "E-mail discarded." },
	{ "thread_started", "ok", "Conversation started." },
	{ "report_created", "ok", "Draft status report saved. Read it through, then publish it to the client." },
	{ "report_published", "ok", "Status report published; the client's contacts have been notified." },
	{ "change_already", "error", "That change request is no longer open for a decision." },
	{ "approval_requested", "ok", "Approval requested; the contacts have been e-mailed." },
	{ "approval_recorded", "ok", "Decision recorded on the client's behalf." },
	{ "approval_already", "error", "That request was decided already; nothing changed." },
	{ "project_created", "ok", "Project created." },
	{ "stage_changed", "ok", "Stage changed." },
	{ "health_changed", "ok", "Health updated." },
	{ "kpi_added", "ok", "KPI added." },
	{ "kpi_saved", "ok", "KPI saved." },
	{ "kpi_deleted", "ok", "KPI removed." },
	{ "user_created", "ok", "User created." },
	{ "user_deactivated", "ok", "User deactivated and signed out." },
	{ "user_reactivated", "ok", "User reactivated." },
	{ "signed_out", "ok", "You have been signed out." },
	{ "unchanged", "ok", "Nothing changed." },
	{ "member_added", "ok", "Added to the project." },
	{ "member_removed", "ok", "Removed from the project; their open tasks are unassigned." },
	{ "milestone_created", "ok", "Milestone added." },
	{ "milestone_reached", "ok", "Milestone marked as reached." },
	{ "task_created", "ok", "Task added." },
	{ "task_status", "ok", "Task status changed." },
	{ "tasks_shifted", "ok", "Dependent tasks moved to start after their predecessors end." },
	{ "risk_created", "ok", "Risk added." },
	{ "change_created", "ok", "Change request saved as a draft." },
	{ "change_proposed", "ok", "Change request proposed." },
	{ "change_decided", "ok", "Decision recorded." },
	{ "feed_created", "ok", "Calendar feed created. Copy its address now: it is shown only once." },
	{ "feed_revoked", "ok", "Calendar feed revoked." },
	{ "endpoint_created", "ok", "Endpoint created. Copy its secret now: it is shown only once." },
	{ "endpoint_enabled", "ok", "Endpoint enabled." },
	{ "endpoint_disabled", "ok", "Endpoint disabled." },
	{ "test_sent", "ok", "Test event queued." },
	{ "replayed", "ok", "Delivery queued again." },
	{ "replay_pending", "ok", "That delivery is still pending; it was not queued twice." },
	{ "time_saved", "ok", "Time saved." },
	{ "entry_deleted", "ok", "Entry deleted." },
	{ "timer_started", "ok", "Timer started." },
	{ "timer_stopped", "ok", "Timer stopped and its time recorded." },
	{ "timer_discarded", "ok", "Timer stopped; under half a minute, nothing recorded." },
	{ "timer_thrown_away", "ok", "Timer discarded; nothing was recorded." },
	{ "week_submitted", "ok", "Week submitted for approval." },
	{ "week_approved", "ok", "Week approved." },
	{ "week_rejected", "ok", "Week sent back with your note." },
	{ "rate_added", "ok", "Rate saved." },
	{ "expense_added", "ok", "Expense added." },
	{ "notification_read", "ok", "Marked read." },
	{ "notifications_read", "ok", "All notifications marked read." },
	/* issue 16: templates and working days */
	{ "week_saved", "ok", "Working week saved." },
	{ "holiday_added", "ok", "Holiday added." },
	{ "holiday_removed", "ok", "Holiday removed: that day is a working day again if the week says so." },
	{ "template_saved", "ok", "Template saved. Check its roles, offsets and durations below." },
	{ "template_deleted", "ok", "Template deleted." },
	{ "template_part_removed", "ok", "Removed from the template." },
	{ "project_from_template", "ok", "Project created from the template, its dates on working days." },

	{ "wait_marked", "ok", "Marked as waiting on the client." },
	{ "wait_cleared", "ok", "No longer waiting on the client." },

	/* issue 16: deliverable QA, closure and debrief */
	{ "criterion_added", "ok", "Criterion added." },
	{ "criterion_saved", "ok", "Criterion saved." },
	{ "criterion_deleted", "ok", "Criterion removed." },
	{ "review_passed", "ok", "Review passed: the version may go to the client." },
	{ "review_returned", "ok", "Version sent back with your note." },
	{ "debrief_saved", "ok", "Debrief saved." },
	{ "lesson_added", "ok", "Lesson added." },
	{ "lesson_saved", "ok", "Lesson saved." },
	{ "lesson_deleted", "ok", "Lesson removed." },
};

static void free_doc(void *p)
{
	xmlFreeDoc(p);
}

xmlNodePtr xml_page(struct req *r, int xsl, const char *name, const char *title)
{
	xmlNodePtr page, n;
	const char *flash;

	if (r->doc) {
		/* a handler may start over (e.g. an error after building began) */
		xmlNodePtr old = xmlDocGetRootElement(r->doc);
		xmlUnlinkNode(old);
		xmlFreeNode(old);
	} else {
		r->doc = xmlNewDoc(BAD_CAST "1.0");
		arena_on_reset(r->arena, free_doc, r->doc);
	}
	page = xmlNewDocNode(r->doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(r->doc, page);
	r->page = page;
	r->xsl = xsl;
	xml_attr(page, "name", name);
	xml_attr(page, "title", title);
	xml_attr(page, "path", r->path);
	if (r->sess.user_id) {
		n = xml_el(page, "session");
		xml_attr_int(n, "user-id", r->sess.user_id);
		xml_attr(n, "name", r->sess.name);
		xml_attr(n, "email", r->sess.email);
		xml_attr(n, "role", vocab_role(r->sess.role)->name);
		if (r->sess.csrf) { /* masked afresh on every page: gzip never repeats it (BREACH) */
			char *masked = arena_alloc(r->arena, 2 * strlen(r->sess.csrf) + 1);
			crypto_token_mask(r->sess.csrf, masked);
			xml_attr(n, "csrf", masked);
		}
		xml_attr(n, "timer-since", r->sess.timer_since);
		xml_attr(n, "timer-project", r->sess.timer_project);
		xml_attr_int(n, "unread", r->sess.unread);
		if (r->sess.role == ROLE_ADMIN || r->sess.role == ROLE_PM)
			xml_attr_int(n, "inbox", r->sess.inbox);
		if (r->sess.role == ROLE_CLIENT) {
			xml_attr_int(n, "client-id", r->sess.client_id);
			xml_attr(n, "client-name", r->sess.client_name);
			xml_attr(n, "access", vocab_access(r->sess.access)->name);
		}
	}
	n = xml_el(page, "brand");
	xml_attr(n, "name", mail_brand_name(&r->ctx));
	xml_attr(n, "accent", mail_brand_accent(&r->ctx));
	xml_attr(n, "logo", mail_brand_logo(&r->ctx));
	flash = kv_get(&r->cookies, "tandem_flash");
	if (flash && r->method != M_POST) {
		for (size_t i = 0; i < ARRAY_SIZE(flashes); i++)
			if (!strcmp(flashes[i].code, flash)) {
				xml_flash(r, flashes[i].kind, flashes[i].text);
				break;
			}
		req_cookie(r, "tandem_flash", "", 0);
	}
	return page;
}

void xml_flash(struct req *r, const char *kind, const char *text)
{
	xmlNodePtr n = xml_text(r->page, "flash", text);
	xml_attr(n, "kind", kind);
}

void xml_flash_next(struct req *r, const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(flashes); i++)
		if (!strcmp(flashes[i].code, code)) {
			req_cookie(r, "tandem_flash", code, 60);
			return;
		}
	log_error("frame: unknown flash code '%s' (add it to the flash table)", code);
}

void xml_pager(xmlNodePtr parent, struct req *r, long long page, long long per_page,
	       long long total, const char *base)
{
	xmlNodePtr n = xml_el(parent, "pager");
	long long pages = total ? (total + per_page - 1) / per_page : 1;

	(void)r;
	xml_attr_int(n, "page", page);
	xml_attr_int(n, "pages", pages);
	xml_attr_int(n, "total", total);
	xml_attr_int(n, "per-page", per_page);
	xml_attr(n, "base", base);
}
