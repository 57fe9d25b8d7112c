/* xslt.h - the stylesheets, compiled once per process; a document transformed to text. */
#ifndef TANDEM_XSLT_H
#define TANDEM_XSLT_H

#include <libxml/tree.h>
#include "core/arena.h"

/* One stylesheet per page family, and the e-mails' two parts, compiled once per worker. */
enum xsl {
	XSL_ERROR,
	XSL_LOGIN,
	XSL_DASHBOARD,
	XSL_CLIENTS,
	XSL_PROJECTS,
	XSL_USERS,
	XSL_PORTAL,
	XSL_PLAN,
	XSL_WEBHOOKS,
	XSL_TIME,
	XSL_INVITE,
	XSL_DOCUMENTS,
	XSL_APPROVAL,
	XSL_MESSAGES,
	XSL_SURVEYS,
	XSL_REPORTS,
	XSL_NOTIFY,    /* the notifications pages and preferences (notifications.xsl) */
	XSL_AUTOMATIONS, /* the automations' rules, run logs and trial (automations.xsl) */
	XSL_MAIL,      /* an e-mail's HTML part (mail.xsl) */
	XSL_MAIL_TEXT, /* its plain-text part (mail-text.xsl) */
	XSL_TEMPLATES, /* project templates and the working days (templates.xsl, issue 16) */

	XSL_WORKLOAD,  /* the forward workload and client delays (workload.xsl, issue 16) */

	XSL_QA,        /* issue 16: milestones' criteria, closure, debrief, lessons (qa.xsl) */
	XSL_INBOX,     /* issue 14: the inbox of incoming e-mail and one mail (inbox.xsl) */
	XSL__COUNT
};

/* Compile every stylesheet in dir, with file and network access forbidden
 * to them at transform time. 0, or -1 logged. Once per process before any
 * transform; a process forked after it (the supervisor compiles them before
 * forking its workers: one copy shared by all, issue 17) finds them compiled
 * and the call does nothing. */
int xslt_init(const char *dir);
/* Compile dir's stylesheets afresh and use them instead (the supervisor on
 * SIGHUP, before re-forking); on failure (-1, logged) the old ones stay. */
int xslt_reload(const char *dir);
/* Free the compiled stylesheets; xslt_init may run again. */
void xslt_release(void);

/* doc transformed by the compiled stylesheet xsl, with the security preferences: *out
 * (xmlFree) holds *len bytes. 0, or -1 (nothing to free; not logged) when xsl is not a
 * compiled stylesheet or the transform fails. */
int xslt_transform(int xsl, xmlDocPtr doc, xmlChar **out, int *len);

/*
 * The document doc transformed by the compiled stylesheet xsl (e.g. XSL_MAIL), serialised
 * as that stylesheet's xsl:output says, as NUL-terminated arena text. NULL when the
 * stylesheet is not compiled (xslt_init not called) or the transform fails, logged.
 */
const char *xslt_text(struct arena *a, int xsl, xmlDocPtr doc);

#endif
