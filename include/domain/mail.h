/* mail.h - outgoing e-mail: RFC 5322 formatting (pure, unit-tested) and queueing in the
 * outbox's mail lane inside the transaction of the change. */
#ifndef TANDEM_MAIL_H
#define TANDEM_MAIL_H

#include <stddef.h>
#include <libxml/tree.h>
#include "core/arena.h"
#include "core/buf.h"
#include "domain/ctx.h"

/* One message as the worker sends it. All strings UTF-8, NUL-terminated. Fields after
 * unsubscribe are NULL unless a caller sets them (a designated initialiser leaves them so). */
struct mail_msg {
	const char *from_addr;   /* mail_from: an address */
	const char *from_name;   /* the agency's brand name, or "" */
	const char *to_addr;
	const char *to_name;     /* may be "" */
	const char *subject;
	const char *text;        /* plain text part */
	const char *html;        /* HTML part */
	const char *message_id;  /* "<...@host>" */
	long long date;          /* seconds since the epoch */
	const char *unsubscribe; /* the one-click unsubscribe URL (RFC 8058), or NULL: none */
	const char *reply_to;    /* Reply-To address (a reply address with its token), or NULL */
	const char *in_reply_to; /* "<id>" of the message answered, or NULL */
	const char *references;  /* "<id> <id>" of the thread, or NULL */
};

/*
 * Write the whole message into out through GMime (mime_format, core/mime.h, which says
 * what is written: Date, From, To, Reply-To, Subject, Message-Id, In-Reply-To, References,
 * List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), Auto-Submitted, MIME-Version, a
 * multipart/alternative body of text/plain then text/html in UTF-8, CRLF line ends).
 * Returns 0, or -1 (out unchanged in length) when an address, name, subject, id or the
 * unsubscribe URL would inject a header (control characters such as CR or LF; the URL:
 * not http(s), or holding '<', '>' or a space) or an address lacks '@' or holds a space,
 * a comma or another special.
 */
int mail_format(struct buf *out, const struct mail_msg *m);

/*
 * Start an e-mail's document (the body is XML rendered by xslt/mail.xsl, never printf):
 * <mail kind><brand name accent logo/></mail>, kind being the outbox row's kind ("invite",
 * "reset", "approval", "approval-reminder", "survey", "message", "status-report") and the
 * brand c's (logo: base_url + mail_brand_logo, absent without one). The caller adds the
 * kind's element (its shape is described at the top of xslt/mail.xsl) with the xml_*
 * builder, so every text is escaped by construction. The document is freed with c's
 * arena. Returns the <mail> element, or NULL when out of memory.
 */
xmlNodePtr mail_doc(struct ctx *c, const char *kind);

/*
 * The two parts of the mail document doc, as arena text: *html from xslt/mail.xsl (the
 * content in the brand's frame), *text from xslt/mail-text.xsl (signed with the brand's
 * name). Needs xslt_init(). 0, or -1 logged (a stylesheet missing or failing).
 */
int mail_render(struct arena *a, xmlDocPtr doc, const char **text, const char **html);

/*
 * Queue the mail m (mail_doc's element) to to_addr for the outbox worker: sets its
 * <to name email> (to_name NULL: ""), renders both parts (mail_render) and adds the row,
 * in the caller's transaction. The same document may be queued again to another
 * recipient. 0, or -1 (the caller rolls back).
 */
int mail_queue(struct ctx *c, xmlNodePtr m, const char *to_addr, const char *to_name,
	       const char *subject);

/* mail_queue with the one-click unsubscribe URL the mail's List-Unsubscribe header gives
 * (unsubscribe NULL: none, as mail_queue). Notification e-mails (domain/notify_mail.h). */
int mail_queue_unsub(struct ctx *c, xmlNodePtr m, const char *to_addr, const char *to_name,
		     const char *subject, const char *unsubscribe);

/* mail_queue_unsub with the address replies go to (issue 14): the mail's Reply-To, and the
 * reply token its Message-ID carries ("<r<token>.<random>@host>", so a reply's In-Reply-To and
 * References name it too). reply_to and token NULL: none. */
int mail_queue_reply(struct ctx *c, xmlNodePtr m, const char *to_addr, const char *to_name,
		     const char *subject, const char *unsubscribe, const char *reply_to,
		     const char *token);

/* The brand's name and accent for pages and e-mails, read once per request
 * (cached on c). Never NULL: defaults "Tandem" / "#2f6fde". */
const char *mail_brand_name(struct ctx *c);
/* Set c's brand from the settings' values (NULL or "": the default); sess_load()
 * does it from the session's row, so a signed-in page reads no settings of its own. */
void mail_brand_set(struct ctx *c, const char *name, const char *accent, const char *logo,
		    const char *logo_type);
const char *mail_brand_accent(struct ctx *c);

/* The logo's local URL with its cache buster ("/brand/logo?v=<12 hex of the SHA-256>",
 * arena text), or NULL when the brand has no logo. mail_doc() gives it to xslt/mail.xsl,
 * which puts it at the top of every HTML part as <img src="{base_url}/brand/logo?v=..."
 * alt="{brand}" height="48">. */
const char *mail_brand_logo(struct ctx *c);

#endif
