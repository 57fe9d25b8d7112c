/* render.c - the page document sent as HTML (through core/xslt) or XML; the error page. */
#include "web/render.h"
#include "core/array.h"
#include "core/log.h"
#include "core/xml.h"
#include "core/xslt.h"
#include "web/frame.h"

#include <stdio.h>
#include <string.h>

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
	if (xslt_transform(r->xsl, r->doc, &out, &len)) {
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
