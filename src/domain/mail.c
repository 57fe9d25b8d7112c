/* mail.c - outgoing e-mail: bodies rendered from XML (xslt/mail.xsl), the message written by
 * GMime (core/mime.c), queueing in the outbox's mail lane. */
#include "domain/mail.h"
#include "core/db.h"
#include "core/xslt.h"
#include "core/mime.h"
#include "core/xml.h"

#include <string.h>

int mail_format(struct buf *out, const struct mail_msg *m)
{
	struct mime_out o = {
		.from_addr = m->from_addr, .from_name = m->from_name,
		.to_addr = m->to_addr, .to_name = m->to_name, .reply_to = m->reply_to,
		.subject = m->subject, .text = m->text, .html = m->html,
		.message_id = m->message_id, .in_reply_to = m->in_reply_to,
		.references = m->references, .date = m->date, .unsubscribe = m->unsubscribe,
	};

	return mime_format(out, &o);
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
