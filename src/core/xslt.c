/* xslt.c - the stylesheets, compiled once per process with file and network access forbidden;
 * a document transformed to text. Knows no request: web/render.c sends pages with it. */
#include "core/xslt.h"
#include "core/log.h"

#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	[XSL_NOTIFY] = "notifications.xsl",
	[XSL_AUTOMATIONS] = "automations.xsl",
	[XSL_MAIL] = "mail.xsl",
	[XSL_MAIL_TEXT] = "mail-text.xsl",
	[XSL_TEMPLATES] = "templates.xsl",

	[XSL_WORKLOAD] = "workload.xsl",

	[XSL_QA] = "qa.xsl",
	[XSL_INBOX] = "inbox.xsl",
};

static xsltStylesheetPtr sheets[XSL__COUNT];
static xsltSecurityPrefsPtr prefs;
static pid_t compiled_by; /* the process that compiled them (a child inherited them) */

/* Compile every stylesheet of dir into out; 0, or -1 (logged, nothing left in out). */
static int compile_all(const char *dir, xsltStylesheetPtr out[XSL__COUNT])
{
	char path[4096];

	for (int i = 0; i < XSL__COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		out[i] = xsltParseStylesheetFile(BAD_CAST path);
		if (!out[i]) {
			log_error("xslt: cannot compile %s", path);
			while (i-- > 0) {
				xsltFreeStylesheet(out[i]);
				out[i] = NULL;
			}
			return -1;
		}
	}
	return 0;
}

int xslt_init(const char *dir)
{
	if (prefs)
		return 0; /* compiled already: by the supervisor before it forked this process */
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
	if (compile_all(dir, sheets)) {
		xslt_release();
		return -1;
	}
	compiled_by = getpid();
	return 0;
}

int xslt_reload(const char *dir)
{
	xsltStylesheetPtr fresh[XSL__COUNT];

	if (!prefs)
		return xslt_init(dir);
	if (compile_all(dir, fresh))
		return -1;
	for (int i = 0; i < XSL__COUNT; i++) {
		xsltFreeStylesheet(sheets[i]);
		sheets[i] = fresh[i];
	}
	return 0;
}

void xslt_release(void)
{
	/* a forked child leaves the supervisor's copy alone: freeing it would write (copy) every
	 * page of it on the way out, for nothing */
	if (prefs && compiled_by != getpid())
		return;
	for (int i = 0; i < XSL__COUNT; i++) {
		if (sheets[i])
			xsltFreeStylesheet(sheets[i]);
		sheets[i] = NULL;
	}
	if (prefs)
		xsltFreeSecurityPrefs(prefs);
	prefs = NULL;
}

int xslt_transform(int xsl, xmlDocPtr doc, xmlChar **out, int *len)
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

const char *xslt_text(struct arena *a, int xsl, xmlDocPtr doc)
{
	xmlChar *out;
	int len;
	const char *s;

	if (xslt_transform(xsl, doc, &out, &len)) {
		log_error("xslt: transform with stylesheet %d failed", xsl);
		return NULL;
	}
	s = arena_strndup(a, (const char *)out, (size_t)len);
	xmlFree(out);
	return s;
}
