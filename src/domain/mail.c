/* mail.c - outgoing e-mail: bodies rendered from XML (xslt/mail.xsl), RFC 5322 + MIME formatting,
 * queueing in the outbox's mail lane. */
#include "domain/mail.h"
#include "core/db.h"
#include "core/xslt.h"
#include "core/crypto.h"
#include "core/xml.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int mail_header_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static int ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return 0;
	return 1;
}

static void base64(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_addch(out, b64[(v >> 18) & 63]);
		buf_addch(out, b64[(v >> 12) & 63]);
		buf_addch(out, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		buf_addch(out, i + 2 < n ? b64[v & 63] : '=');
	}
}

void mail_encode_word(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (ascii(s)) {
		buf_adds(out, s);
		return;
	}
	/* chunks of at most 45 bytes (60 base64 characters), cut between
	 * UTF-8 sequences, each its own encoded-word on a folded line */
	while (n) {
		size_t take = n < 45 ? n : 45;
		while (take < n && take > 1 && (p[take] & 0xc0) == 0x80)
			take--;
		buf_adds(out, "=?UTF-8?B?");
		base64(out, p, take);
		buf_adds(out, "?=");
		p += take;
		n -= take;
		if (n)
			buf_adds(out, "\r\n ");
	}
}

/* Quoted-printable (RFC 2045) with CRLF line ends; lines of at most 76. */
static void qp(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int enc;

		if (*p == '\r')
			continue;
		if (*p == '\n') {
			buf_adds(out, "\r\n");
			col = 0;
			continue;
		}
		enc = *p == '=' || *p >= 0x7f || (*p < 0x20 && *p != '\t') ||
		      ((*p == ' ' || *p == '\t') && (p[1] == '\n' || p[1] == '\r' || !p[1])) ||
		      (*p == '.' && col == 0);
		if (col + (enc ? 3 : 1) > 75) {
			buf_adds(out, "=\r\n");
			col = 0;
		}
		if (enc) {
			buf_addch(out, '=');
			buf_addch(out, hex[*p >> 4]);
			buf_addch(out, hex[*p & 15]);
			col += 3;
		} else {
			buf_addch(out, *p);
			col++;
		}
	}
	buf_adds(out, "\r\n");
}

/* A display name as a quoted string (ASCII) or an encoded-word. */
static void address(struct buf *out, const char *name, const char *addr)
{
	if (name && *name) {
		if (ascii(name)) {
			buf_addch(out, '"');
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_addch(out, '\\');
				buf_addch(out, *p);
			}
			buf_addch(out, '"');
		} else {
			mail_encode_word(out, name);
		}
		buf_addch(out, ' ');
	}
	buf_addf(out, "<%s>", addr);
}

static int addr_ok(const char *a)
{
	const char *at = a ? strchr(a, '@') : NULL;

	return at && at != a && at[1] && mail_header_safe(a) && !strpbrk(a, " <>\",;()\\");
}

/* An unsubscribe URL fit for <...> in a header: http(s), no control character, space, '<'
 * or '>' (RFC 2369 angle brackets). */
static int unsubscribe_ok(const char *u)
{
	return (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7)) && mail_header_safe(u) &&
	       !strpbrk(u, " <>") && strlen(u) < 900;
}

int mail_format(struct buf *out, const struct mail_msg *m)
{
	static const char *const day[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char boundary[40], hex[17];
	time_t t = (time_t)m->date;
	struct tm tm;

	if (!addr_ok(m->from_addr) || !addr_ok(m->to_addr) || !mail_header_safe(m->subject) ||
	    !mail_header_safe(m->from_name ? m->from_name : "") ||
	    !mail_header_safe(m->to_name ? m->to_name : "") || !mail_header_safe(m->message_id) ||
	    !strchr(m->message_id, '@') || (m->unsubscribe && !unsubscribe_ok(m->unsubscribe)) ||
	    (m->reply_to && !addr_ok(m->reply_to)))
		return -1;
	gmtime_r(&t, &tm);
	crypto_random_hex(hex, 8);
	snprintf(boundary, sizeof(boundary), "=_tandem_%s", hex);
	buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", day[tm.tm_wday],
		 tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	buf_adds(out, "From: ");
	address(out, m->from_name, m->from_addr);
	buf_adds(out, "\r\nTo: ");
	address(out, m->to_name, m->to_addr);
	buf_adds(out, "\r\nSubject: ");
	mail_encode_word(out, m->subject);
	buf_addf(out, "\r\nMessage-ID: %s\r\n", m->message_id);
	if (m->reply_to)
		buf_addf(out, "Reply-To: <%s>\r\n", m->reply_to);
	if (m->unsubscribe)
		buf_addf(out, "List-Unsubscribe: <%s>\r\n"
			      "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", m->unsubscribe);
	buf_adds(out, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	buf_addf(out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary);
	buf_addf(out, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	qp(out, m->text);
	buf_addf(out, "--%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	qp(out, m->html);
	buf_addf(out, "--%s--\r\n", boundary);
	return 0;
}

static void free_doc(void *p)
{
	xmlFreeDoc(p);
}

xmlNodePtr mail_doc(struct ctx *c, const char *kind)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr m, b;
	const char *logo = mail_brand_logo(c);

	if (!doc)
		return NULL;
	arena_on_reset(c->arena, free_doc, doc);
	m = xmlNewDocNode(doc, NULL, BAD_CAST "mail", NULL);
	if (!m)
		return NULL;
	xmlDocSetRootElement(doc, m);
	xml_attr(m, "kind", kind);
	b = xml_el(m, "brand");
	xml_attr(b, "name", mail_brand_name(c));
	xml_attr(b, "accent", mail_brand_accent(c));
	if (logo)
		xml_attr(b, "logo", arena_printf(c->arena, "%s%s", c->cfg->base_url, logo));
	return m;
}

int mail_render(struct arena *a, xmlDocPtr doc, const char **text, const char **html)
{
	*text = xslt_text(a, XSL_MAIL_TEXT, doc);
	*html = xslt_text(a, XSL_MAIL, doc);
	return *text && *html ? 0 : -1;
}

/* The element named name among m's children, added when there is none. */
static xmlNodePtr child(xmlNodePtr m, const char *name)
{
	for (xmlNodePtr n = m->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return xml_el(m, name);
}

int mail_queue(struct ctx *c, xmlNodePtr m, const char *to_addr, const char *to_name,
	       const char *subject)
{
	return mail_queue_unsub(c, m, to_addr, to_name, subject, NULL);
}

int mail_queue_unsub(struct ctx *c, xmlNodePtr m, const char *to_addr, const char *to_name,
		     const char *subject, const char *unsubscribe)
{
	return mail_queue_reply(c, m, to_addr, to_name, subject, unsubscribe, NULL, NULL);
}

int mail_queue_reply(struct ctx *c, xmlNodePtr m, const char *to_addr, const char *to_name,
		     const char *subject, const char *unsubscribe, const char *reply_to,
		     const char *token)
{
	xmlAttrPtr kind = m ? xmlHasProp(m, BAD_CAST "kind") : NULL;
	xmlNodePtr to;
	const char *text, *html;

	if (!kind || !kind->children || !kind->children->content)
		return -1;
	to = child(m, "to");
	xml_attr(to, "name", to_name ? to_name : "");
	xml_attr(to, "email", to_addr);
	if (mail_render(c->arena, m->doc, &text, &html))
		return -1;
	return db_exec(c->db, ST_MAIL_ADD, "sssssssss", (const char *)kind->children->content, to_addr,
		       to_name ? to_name : "", subject, text, html, unsubscribe, reply_to,
		       token) == 1 ? 0 : -1;
}

void mail_brand_set(struct ctx *c, const char *name, const char *accent, const char *logo,
		    const char *logo_type)
{
	c->brand_name = name && *name ? name : "Tandem";
	c->brand_accent = accent && *accent ? accent : "#2f6fde";
	c->brand_logo = "";
	c->brand_logo_type = "";
	if (logo && strlen(logo) == 64 && logo_type && *logo_type) { /* both, or no logo */
		c->brand_logo = logo;
		c->brand_logo_type = logo_type;
	}
}

/* The brand from the settings, for a request without a session (sess_load reads it with the
 * session otherwise). The defaults when the database does not answer. */
static void brand_load(struct ctx *c)
{
	struct db_res *res;
	const char *v[4] = { NULL, NULL, NULL, NULL };
	static const char *const keys[4] = { "brand_name", "brand_accent", "brand_logo",
					     "brand_logo_type" };

	if (c->db && !db_query(c->db, c->arena, ST_BRAND_GET, &res, ""))
		for (size_t i = 0; i < res->nrows; i++)
			for (size_t k = 0; k < 4; k++)
				if (!strcmp(db_cell(res, i, BRAND_GET_NAME), keys[k]))
					v[k] = db_cell(res, i, BRAND_GET_VALUE);
	mail_brand_set(c, v[0], v[1], v[2], v[3]);
}

const char *mail_brand_logo(struct ctx *c)
{
	if (!c->brand_logo)
		brand_load(c);
	if (!*c->brand_logo)
		return NULL;
	return arena_printf(c->arena, "/brand/logo?v=%.12s", c->brand_logo);
}

const char *mail_brand_name(struct ctx *c)
{
	if (!c->brand_name)
		brand_load(c);
	return c->brand_name;
}

const char *mail_brand_accent(struct ctx *c)
{
	if (!c->brand_accent)
		brand_load(c);
	return c->brand_accent;
}
