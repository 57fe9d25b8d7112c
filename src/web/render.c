/* render.c - stylesheets compiled once per worker; the page document becomes HTML or XML. */
#include "core/array.h"
#include "web/render.h"
#include "core/log.h"
#include "web/xml.h"

#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdio.h>
#include <string.h>

static const char *const files[XSL__COUNT] = {
	[XSL_ERROR] = "error.xsl",
	[XSL_LOGIN] = "login.xsl",
	[XSL_DASHBOARD] = "dashboard.xsl",
	[XSL_CLIENTS] = "clients.xsl",
	[XSL_PROJECTS] = "projects.xsl",
	[XSL_USERS] = "users.xsl",
	[XSL_PORTAL] = "portal.xsl",
	[XSL_PLAN] = "plan.xsl",
	[XSL_WEBHOOKS] = "webhooks.xsl",
	[XSL_TIME] = "time.xsl",
	[XSL_INVITE] = "access.xsl",
	[XSL_DOCUMENTS] = "documents.xsl",
	[XSL_APPROVAL] = "approval.xsl",
	[XSL_MESSAGES] = "messages.xsl",
	[XSL_SURVEYS] = "surveys.xsl",
	[XSL_REPORTS] = "reports.xsl",
	[XSL_MAIL] = "mail.xsl",
	[XSL_MAIL_TEXT] = "mail-text.xsl",
};

static xsltStylesheetPtr sheets[XSL__COUNT];
static xsltSecurityPrefsPtr prefs;

int render_init(const char *dir)
{
	char path[4096];

	xmlSubstituteEntitiesDefault(0);
	xmlLoadExtDtdDefaultValue = 0;
	prefs = xsltNewSecurityPrefs();
	if (!prefs)
		return -1;
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	for (int i = 0; i < XSL__COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		sheets[i] = xsltParseStylesheetFile(BAD_CAST path);
		if (!sheets[i]) {
			log_error("render: cannot compile %s", path);
			render_release();
			return -1;
		}
	}
	return 0;
}

void render_release(void)
{
	for (int i = 0; i < XSL__COUNT; i++) {
		if (sheets[i])
			xsltFreeStylesheet(sheets[i]);
		sheets[i] = NULL;
	}
	if (prefs)
		xsltFreeSecurityPrefs(prefs);
	prefs = NULL;
}

static void send_plain_500(struct req *r)
{
	static const char msg[] = "Internal error: the page could not be rendered.\n";

	req_send_head(r, 500, "text/plain; charset=utf-8");
	req_write(r, msg, sizeof(msg) - 1);
}

/*
 * Money is for PMs and admins (issue 10, item 18): for a team member, every
 * attribute that carries an amount, a rate or a cost is taken off the page
 * before it becomes HTML or XML, whichever page built it, so neither the page
 * nor its ?format=xml can show a colleague's rate or a budget in money.
 * Pages also leave out what money would be drawn from (the burn chart).
 */
static const char *const money_attrs[] = {
	"amount", "cost", "bill-rate", "cost-rate", "hourly-rate", "hourly-rate-input",
	"budget-amount", "budget-amount-input", "spent-amount", "time-amount", "time-cost",
	"expense-amount", "money-percent", "impact-amount", "old-budget-amount", "new-budget-amount",
	"snap-budget-amount", "snap-spent-amount",
};

static void drop_money(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(money_attrs); i++) {
			xmlAttrPtr a = xmlHasProp(n, BAD_CAST money_attrs[i]);
			if (a)
				xmlRemoveProp(a);
		}
		drop_money(n->children);
	}
}

/* doc transformed by the compiled stylesheet xsl, with the security preferences: *out
 * (xmlFree) holds *len bytes. 0, or -1 (nothing to free). */
static int transform(int xsl, xmlDocPtr doc, xmlChar **out, int *len)
{
	xsltStylesheetPtr style = (xsl >= 0 && xsl < XSL__COUNT) ? sheets[xsl] : NULL;
	xsltTransformContextPtr ctxt;
	xmlDocPtr res;

	*out = NULL;
	*len = 0;
	if (!style)
		return -1;
	ctxt = xsltNewTransformContext(style, doc);
	if (!ctxt)
		return -1;
	xsltSetCtxtSecurityPrefs(prefs, ctxt);
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctxt);
	if (!res || ctxt->state != XSLT_STATE_OK ||
	    xsltSaveResultToString(out, len, res, style) || !*out) {
		xmlFree(*out);
		*out = NULL;
	}
	if (res)
		xmlFreeDoc(res);
	xsltFreeTransformContext(ctxt);
	return *out ? 0 : -1;
}

int render_page(struct req *r, int status)
{
	xmlChar *out = NULL;
	int len = 0;

	if (!r->doc)
		return render_error(r, status, NULL);
	if (r->sess.role == ROLE_MEMBER)
		drop_money(xmlDocGetRootElement(r->doc));
	if (r->want_xml) {
		xmlDocDumpMemoryEnc(r->doc, &out, &len, "UTF-8");
		if (!out) {
			send_plain_500(r);
			return -1;
		}
		req_send_head(r, status, "application/xml; charset=utf-8");
		if (r->method != M_HEAD)
			req_write(r, out, (size_t)len);
		xmlFree(out);
		return 0;
	}
	if (r->xsl < 0 || r->xsl >= XSL__COUNT) {
		log_error("render: no stylesheet %d for %s", r->xsl, r->path);
		send_plain_500(r);
		return -1;
	}
	if (transform(r->xsl, r->doc, &out, &len)) {
		log_error("render: transform of %s failed", r->path);
		send_plain_500(r);
		return -1;
	}
	req_send_head(r, status, "text/html; charset=utf-8");
	if (r->method != M_HEAD)
		req_write(r, out, (size_t)len);
	xmlFree(out);
	return 0;
}

const char *render_text(struct arena *a, int xsl, xmlDocPtr doc)
{
	xmlChar *out;
	int len;
	const char *s;

	if (transform(xsl, doc, &out, &len)) {
		log_error("render: transform with stylesheet %d failed", xsl);
		return NULL;
	}
	s = arena_strndup(a, (const char *)out, (size_t)len);
	xmlFree(out);
	return s;
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Sign-in required";
	case 403: return "Not allowed";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 413: return "Request too large";
	case 415: return "Unsupported content type";
	case 422: return "Invalid input";
	case 429: return "Too many attempts";
	case 503: return "Unavailable";
	default: return status >= 500 ? "Something went wrong" : "Error";
	}
}

static const char *status_message(int status)
{
	switch (status) {
	case 400: return "The request could not be understood: it was malformed or over a size limit.";
	case 401: return "Please sign in to see this page.";
	case 403: return "You do not have access to this page or action. If you submitted a form, reload the page and try again.";
	case 404: return "There is nothing at this address.";
	case 405: return "This address does not accept that kind of request.";
	case 413: return "The request body is larger than allowed.";
	case 415: return "This address does not accept that kind of content.";
	case 429: return "Too many attempts, or sign-in is busy. Please wait a moment and try again.";
	default: return "The server could not complete the request. It has been logged.";
	}
}

int render_error(struct req *r, int status, const char *message)
{
	xmlNodePtr page, e;
	char num[8];

	page = xml_page(r, XSL_ERROR, "error", status_title(status));
	e = xml_text(page, "error", message ? message : status_message(status));
	snprintf(num, sizeof(num), "%d", status);
	xml_attr(e, "status", num);
	xml_attr(e, "title", status_title(status));
	return render_page(r, status);
}
