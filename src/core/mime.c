/* mime.c - e-mail in both directions through GMime 3.0: parse a raw message into arena text
 * (mime_parse), keep the new text of a reply (mime_reply_text), write an outgoing message
 * (mime_format). */
#include "core/mime.h"
#include "core/arena.h"
#include "core/array.h"
#include "core/buf.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>

#define MAX_DEPTH 32    /* multipart nesting we walk; deeper parts are ignored */
#define MAX_NAME 200    /* bytes of an attachment's file name */

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	g_mime_init();
}

static void ensure_init(void)
{
	pthread_once(&once, init);
}

/* ---- UTF-8 and text hygiene ---- */

/* The code point at s[0..n) (n >= 1) and its length in *k, or -1 (one bad byte, *k = 1). */
static long utf8_next(const unsigned char *s, size_t n, size_t *k)
{
	unsigned c = s[0];
	size_t len;
	long cp;

	*k = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return -1;
	}
	if (n < len)
		return -1;
	for (size_t j = 1; j < len; j++) {
		if ((s[j] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[j] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*k = len;
	return cp;
}

static int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;

	for (size_t i = 0; i < n; i += k)
		if (utf8_next(p + i, n - i, &k) < 0)
			return 0;
	return 1;
}

/*
 * s[0..n) as arena text fit for XML: invalid UTF-8 bytes become U+FFFD; CRLF and CR become
 * LF; tab and LF are kept when multiline, else every run of white space is one space and the
 * ends are trimmed; other C0/C1 controls, DEL, U+FFFE and U+FFFF are dropped.
 */
static char *clean(struct arena *a, const char *s, size_t n, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b;
	char *r;
	size_t k;

	buf_init(&b, n + 1);
	for (size_t i = 0; i < n; i += k) {
		long cp = utf8_next(p + i, n - i, &k);

		if (cp < 0) {
			buf_adds(&b, "\xef\xbf\xbd");
		} else if (cp == '\r' || cp == '\n' || cp == '\t') {
			if (cp == '\r' && i + 1 < n && p[i + 1] == '\n')
				continue; /* the LF comes next */
			if (multiline)
				buf_addch(&b, cp == '\t' ? '\t' : '\n');
			else if (b.len && b.data[b.len - 1] != ' ')
				buf_addch(&b, ' ');
		} else if (cp == ' ' && !multiline) {
			if (b.len && b.data[b.len - 1] != ' ')
				buf_addch(&b, ' ');
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe || cp == 0xffff) {
			continue;
		} else {
			buf_add(&b, p + i, k);
		}
	}
	if (!multiline)
		while (b.len && b.data[b.len - 1] == ' ')
			buf_setlen(&b, b.len - 1);
	r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

/* A header value (already decoded by GMime) as one clean line, or NULL for NULL. */
static const char *line(struct arena *a, const char *s)
{
	return s ? clean(a, s, strlen(s), 0) : NULL;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* 1 when charset name cs is one whose bytes are better read as Windows-1252 (WHATWG). */
static int latin1_label(const char *cs)
{
	static const char *const names[] = { "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
					     "l1", "cp819", "ibm819", "iso-ir-100", "us-ascii",
					     "ascii", "ansi_x3.4-1968", "iso_8859-1:1987" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcasecmp(cs, names[i]))
			return 1;
	return 0;
}

/* Append s[0..n), bytes in charset cs, to out as UTF-8; bytes that do not convert become
 * U+FFFD. UTF-8: kept (clean() replaces what is not UTF-8); no charset, ASCII or Latin-1:
 * kept when valid UTF-8 (mislabelled), else read as Windows-1252. */
static void to_utf8(struct buf *out, const char *s, size_t n, const char *cs)
{
	char tmp[4096], *in = (char *)s, *o;
	size_t inleft = n, oleft;
	iconv_t cd = (iconv_t)-1;

	if (cs && (!strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8"))) {
		buf_add(out, s, n); /* clean() replaces the bytes that are not UTF-8 */
		return;
	}
	if (!cs || !*cs || latin1_label(cs)) {
		if (utf8_valid(s, n)) {
			buf_add(out, s, n);
			return;
		}
		cs = "windows-1252";
	}
	cd = iconv_open("UTF-8", g_mime_charset_iconv_name(cs));
	if (cd == (iconv_t)-1) {
		if (utf8_valid(s, n)) {
			buf_add(out, s, n);
			return;
		}
		cd = iconv_open("UTF-8", "WINDOWS-1252");
		if (cd == (iconv_t)-1) { /* no gconv modules at all: clean() replaces the bytes */
			buf_add(out, s, n);
			return;
		}
	}
	while (inleft) {
		size_t r;

		o = tmp;
		oleft = sizeof(tmp);
		r = iconv(cd, &in, &inleft, &o, &oleft);
		buf_add(out, tmp, (size_t)(o - tmp));
		if (r == (size_t)-1 && errno != E2BIG) { /* EILSEQ, EINVAL: one byte does not convert */
			buf_adds(out, "\xef\xbf\xbd");
			in++;
			inleft--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	o = tmp;
	oleft = sizeof(tmp);
	iconv(cd, NULL, NULL, &o, &oleft);
	buf_add(out, tmp, (size_t)(o - tmp));
	iconv_close(cd);
}

/* ---- HTML to text ---- */

struct html_out {
	struct buf *b;
	int quote;   /* blockquote depth: lines get "> " that many times */
	int pre;     /* inside <pre>: white space kept */
	int nl;      /* newlines at the end of b (0: in a line) */
	int space;   /* white space seen since the last character */
};

static int name_in(const xmlChar *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp((const char *)name, list[i]))
			return 1;
	return 0;
}

static int html_skipped(const xmlChar *name)
{
	static const char *const skip[] = { "script", "style", "head", "title", "template" };

	return name_in(name, skip, ARRAY_SIZE(skip));
}

/* 2: a paragraph (a blank line around it), 1: a line of its own, 0: inline. */
static int html_block(const xmlChar *name)
{
	static const char *const para[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "table",
					    "ul", "ol", "dl", "blockquote", "pre", "hr" };
	static const char *const lines[] = { "div", "li", "tr", "dt", "dd", "address", "article",
					     "aside", "body", "center", "details", "dialog",
					     "fieldset", "figcaption", "figure", "footer", "form",
					     "header", "main", "menu", "nav", "section", "caption",
					     "tbody", "thead", "tfoot", "summary" };

	if (name_in(name, para, ARRAY_SIZE(para)))
		return 2;
	return name_in(name, lines, ARRAY_SIZE(lines));
}

/* End the current line, and leave want-1 blank lines (none at the very start). */
static void html_break(struct html_out *h, int want)
{
	while (h->b->len && h->nl < want) {
		buf_addch(h->b, '\n');
		h->nl++;
	}
	h->space = 0;
}

static void html_char(struct html_out *h, const char *p, size_t k)
{
	if (h->nl || !h->b->len) {
		for (int i = 0; i < h->quote; i++)
			buf_adds(h->b, "> ");
	} else if (h->space) {
		buf_addch(h->b, ' ');
	}
	buf_add(h->b, p, k);
	h->nl = 0;
	h->space = 0;
}

static void html_text(struct html_out *h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;

	for (size_t i = 0; i < n; i += k) {
		long cp = utf8_next(p + i, n - i, &k);

		if (h->pre && cp == '\n') {
			if (h->b->len) {
				buf_addch(h->b, '\n');
				h->nl++;
			}
		} else if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
			   cp == 0xa0) {
			if (h->pre && cp != '\r')
				html_char(h, " ", 1);
			else
				h->space = 1;
		} else {
			html_char(h, s + i, k);
		}
	}
}

/* Entering node n: write what it starts; 1 when its children are to be walked. */
static int html_enter(struct html_out *h, xmlNodePtr n)
{
	int block;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			html_text(h, (const char *)n->content);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE || html_skipped(n->name))
		return 0;
	if (!strcasecmp((const char *)n->name, "br")) {
		if (h->b->len) {
			buf_addch(h->b, '\n');
			h->nl++;
		}
		h->space = 0;
		return 0;
	}
	if (!strcasecmp((const char *)n->name, "td") || !strcasecmp((const char *)n->name, "th")) {
		h->space = 1;
		return 1;
	}
	block = html_block(n->name);
	if (block)
		html_break(h, block);
	if (!strcasecmp((const char *)n->name, "blockquote"))
		h->quote++;
	if (!strcasecmp((const char *)n->name, "pre"))
		h->pre++;
	return 1;
}

static void html_leave(struct html_out *h, xmlNodePtr n)
{
	int block;

	if (n->type != XML_ELEMENT_NODE || html_skipped(n->name) ||
	    !strcasecmp((const char *)n->name, "br"))
		return;
	block = html_block(n->name);
	if (block)
		html_break(h, block);
	if (!strcasecmp((const char *)n->name, "blockquote") && h->quote > 0)
		h->quote--;
	if (!strcasecmp((const char *)n->name, "pre") && h->pre > 0)
		h->pre--;
}

/* Append the text of the UTF-8 HTML s[0..n) to out: block elements become line breaks,
 * blockquotes "> " lines, scripts and styles are dropped. Walked without recursion. */
static void html_to_text(struct buf *out, const char *s, size_t n)
{
	struct html_out h = { out, 0, 0, 0, 0 };
	htmlDocPtr doc;
	xmlNodePtr root, cur;

	if (!n)
		return;
	doc = htmlReadMemory(s, n > INT_MAX ? INT_MAX : (int)n, NULL, "UTF-8",
			     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
	if (!doc)
		return;
	root = xmlDocGetRootElement(doc);
	cur = root;
	while (cur) {
		if (html_enter(&h, cur) && cur->children) {
			cur = cur->children;
			continue;
		}
		for (;;) {
			html_leave(&h, cur);
			if (cur == root) {
				cur = NULL;
				break;
			}
			if (cur->next) {
				cur = cur->next;
				break;
			}
			cur = cur->parent;
		}
	}
	while (out->len && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == ' '))
		buf_setlen(out, out->len - 1);
	xmlFreeDoc(doc);
}

/* ---- the parts ---- */

struct walk {
	struct arena *a;
	struct buf plain;           /* text/plain body parts, UTF-8 */
	struct buf html;            /* text/html body parts, UTF-8 */
	struct mime_att *atts;
	size_t natts, cap;
	int bounce;
	const char *bounce_recipient;
};

/* The decoded content of part p in a new memory stream (the caller unrefs it). */
static GMimeStream *decoded(GMimePart *p)
{
	GMimeDataWrapper *w = g_mime_part_get_content(p);
	GMimeStream *s = g_mime_stream_mem_new();

	if (w)
		g_mime_data_wrapper_write_to_stream(w, s);
	return s;
}

static GByteArray *bytes(GMimeStream *s)
{
	return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
}

/* An attachment's name fit for a file: no '/', '\\' or control character, at most
 * MAX_NAME bytes (cut between characters), trimmed; "" "." ".." -> "attachment". */
static const char *file_name(struct arena *a, const char *name)
{
	char *s = clean(a, name ? name : "", name ? strlen(name) : 0, 0);
	size_t n;

	for (char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			*p = '_';
	n = strlen(s);
	if (n > MAX_NAME) {
		n = MAX_NAME;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		s[n] = '\0';
		while (n && s[n - 1] == ' ')
			s[--n] = '\0';
	}
	if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return "attachment";
	return s;
}

static void att_add(struct walk *w, const char *filename, GMimeContentType *ct,
		    const char *content_id, int is_inline, const guint8 *data, size_t len)
{
	struct mime_att *t;
	char *type, *d;

	if (w->natts == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4;
		struct mime_att *n = arena_calloc(w->a, cap, sizeof(*n));

		if (w->natts)
			memcpy(n, w->atts, w->natts * sizeof(*n));
		w->atts = n;
		w->cap = cap;
	}
	t = &w->atts[w->natts++];
	t->filename = file_name(w->a, filename);
	type = ct ? arena_printf(w->a, "%s/%s",
				 g_mime_content_type_get_media_type(ct) ?
				 g_mime_content_type_get_media_type(ct) : "application",
				 g_mime_content_type_get_media_subtype(ct) ?
				 g_mime_content_type_get_media_subtype(ct) : "octet-stream")
		  : arena_strdup(w->a, "application/octet-stream");
	type = clean(w->a, type, strlen(type), 0);
	lower_ascii(type);
	t->content_type = type;
	t->content_id = content_id ? line(w->a, content_id) : NULL;
	if (t->content_id && !*t->content_id)
		t->content_id = NULL;
	t->is_inline = is_inline;
	d = arena_alloc(w->a, len + 1);
	if (len)
		memcpy(d, data, len);
	t->data = (const unsigned char *)d;
	t->len = len;
}

/* The first failed recipient of a message/delivery-status body s[0..n): per-recipient
 * blocks of "Field: value" lines; "Action: failed" (or no Action and a 5.x.x Status). */
static const char *dsn_recipient(struct arena *a, const char *s, size_t n)
{
	const char *end = s + n, *p = s;
	const char *final = NULL, *orig = NULL, *action = NULL, *status = NULL;
	size_t lfinal = 0, lorig = 0, laction = 0, lstatus = 0;

	for (;;) {
		const char *eol = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		const char *le = eol ? eol : end;
		size_t len = (size_t)(le - p);

		if (len && p[len - 1] == '\r')
			len--;
		if (!len || p >= end) { /* the end of a block */
			const char *who = orig ? orig : final;
			size_t lwho = orig ? lorig : lfinal;
			int failed = action ? (laction >= 6 && !strncasecmp(action, "failed", 6))
					    : (status && lstatus && status[0] == '5');

			if (who && failed) {
				const char *semi = memchr(who, ';', lwho);
				char *r;

				if (semi) {
					lwho -= (size_t)(semi + 1 - who);
					who = semi + 1;
				}
				r = clean(a, who, lwho, 0);
				if (*r == '<' && r[strlen(r) - 1] == '>' && strlen(r) > 2) {
					r[strlen(r) - 1] = '\0';
					r++;
				}
				lower_ascii(r);
				if (*r)
					return r;
			}
			final = orig = action = status = NULL;
			if (p >= end)
				return NULL;
		} else {
			static const struct { const char *name; size_t len; } f[] = {
				{ "final-recipient:", 16 }, { "original-recipient:", 19 },
				{ "action:", 7 }, { "status:", 7 } };
			const char **v[] = { &final, &orig, &action, &status };
			size_t *l[] = { &lfinal, &lorig, &laction, &lstatus };

			for (size_t i = 0; i < 4; i++) {
				if (len >= f[i].len && !strncasecmp(p, f[i].name, f[i].len)) {
					const char *q = p + f[i].len;

					while (q < p + len && (*q == ' ' || *q == '\t'))
						q++;
					*v[i] = q;
					*l[i] = (size_t)(p + len - q);
				}
			}
		}
		if (!eol)
			p = end;
		else
			p = eol + 1;
	}
}

static int is_signature(GMimeContentType *ct)
{
	return g_mime_content_type_is_type(ct, "application", "pgp-signature") ||
	       g_mime_content_type_is_type(ct, "application", "pkcs7-signature") ||
	       g_mime_content_type_is_type(ct, "application", "x-pkcs7-signature");
}

/* A leaf part: body text (inline text/plain or text/html without a name: every alternative
 * is collected, mime_parse prefers the plain text), a delivery status, or an attachment. */
static void walk_leaf(struct walk *w, GMimePart *p)
{
	GMimeObject *obj = GMIME_OBJECT(p);
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	const char *disp = g_mime_object_get_disposition(obj);
	const char *name = g_mime_part_get_filename(p);
	int attached = disp && !strcasecmp(disp, "attachment");
	int is_text = ct && g_mime_content_type_is_type(ct, "text", "plain");
	int is_html = ct && g_mime_content_type_is_type(ct, "text", "html");
	GMimeStream *s;
	GByteArray *ba;

	if (ct && is_signature(ct))
		return;
	if ((is_text || is_html) && !attached && !(name && *name)) {
		struct buf *to = is_text ? &w->plain : &w->html;

		s = decoded(p);
		ba = bytes(s);
		if (to->len)
			buf_addch(to, '\n');
		to_utf8(to, (const char *)ba->data, ba->len,
			g_mime_content_type_get_parameter(ct, "charset"));
		g_object_unref(s);
		return;
	}
	s = decoded(p);
	ba = bytes(s);
	if (ct && (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
		   g_mime_content_type_is_type(ct, "message", "global-delivery-status"))) {
		if (!w->bounce_recipient)
			w->bounce_recipient = dsn_recipient(w->a, (const char *)ba->data, ba->len);
	} else {
		att_add(w, name, ct, g_mime_part_get_content_id(p),
			disp && !strcasecmp(disp, "inline"), ba->data, ba->len);
	}
	g_object_unref(s);
}

/* An attached message (message/rfc822): kept whole as a .eml attachment. */
static void walk_message_part(struct walk *w, GMimeMessagePart *mp)
{
	GMimeObject *obj = GMIME_OBJECT(mp);
	GMimeMessage *m = g_mime_message_part_get_message(mp);
	GMimeStream *s = g_mime_stream_mem_new();
	const char *name = g_mime_object_get_content_disposition_parameter(obj, "filename");
	const char *disp = g_mime_object_get_disposition(obj);

	if (m)
		g_mime_object_write_to_stream(GMIME_OBJECT(m), NULL, s);
	if (!name || !*name) {
		const char *subj = m ? g_mime_message_get_subject(m) : NULL;

		name = arena_printf(w->a, "%s.eml", subj && *subj ? subj : "message");
	}
	att_add(w, name, g_mime_object_get_content_type(obj), NULL,
		disp && !strcasecmp(disp, "inline"), bytes(s)->data, bytes(s)->len);
	g_object_unref(s);
}

static void walk(struct walk *w, GMimeObject *obj, int depth)
{
	GMimeContentType *ct;

	if (!obj || depth > MAX_DEPTH)
		return;
	ct = g_mime_object_get_content_type(obj);
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);

		if (ct && g_mime_content_type_is_type(ct, "multipart", "report")) {
			const char *rt = g_mime_content_type_get_parameter(ct, "report-type");

			if (rt && (!strcasecmp(rt, "delivery-status") ||
				   !strcasecmp(rt, "global-delivery-status")))
				w->bounce = 1;
		}
		for (int i = 0; i < n; i++)
			walk(w, g_mime_multipart_get_part(mp, i), depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		walk_message_part(w, GMIME_MESSAGE_PART(obj));
	} else if (GMIME_IS_PART(obj)) {
		walk_leaf(w, GMIME_PART(obj));
	}
}

/* ---- headers ---- */

static void addr_push(struct arena *a, struct mime_addr **v, size_t *n, size_t *cap,
		      const char *name, const char *addr)
{
	char *ad;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct mime_addr *nv = arena_calloc(a, c, sizeof(*nv));

		if (*n)
			memcpy(nv, *v, *n * sizeof(*nv));
		*v = nv;
		*cap = c;
	}
	ad = clean(a, addr ? addr : "", addr ? strlen(addr) : 0, 0);
	lower_ascii(ad);
	(*v)[*n].addr = ad;
	(*v)[*n].name = name ? line(a, name) : "";
	(*n)++;
}

/* Every mailbox of list l (groups flattened), appended to *v. */
static void addr_list(struct arena *a, InternetAddressList *l, struct mime_addr **v, size_t *n,
		      size_t *cap, int depth)
{
	int count = l ? internet_address_list_length(l) : 0;

	for (int i = 0; i < count; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			addr_push(a, v, n, cap, internet_address_get_name(ia),
				  internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
		else if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 4)
			addr_list(a, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)),
				  v, n, cap, depth + 1);
	}
}

/* The header's value (decoded, unfolded), leading white space and up to ';' or white
 * space after the first word, compared case-insensitively with word. */
static int first_word_is(const char *v, const char *word)
{
	size_t n = strlen(word);

	while (*v == ' ' || *v == '\t')
		v++;
	return !strncasecmp(v, word, n) &&
	       (!v[n] || v[n] == ';' || v[n] == ' ' || v[n] == '\t' || v[n] == '(');
}

static int auto_reply(GMimeObject *m)
{
	static const char *const prec[] = { "bulk", "junk", "list", "auto_reply" };
	const char *v;

	if ((v = g_mime_object_get_header(m, "Auto-Submitted")) && !first_word_is(v, "no"))
		return 1;
	if ((v = g_mime_object_get_header(m, "Precedence")))
		for (size_t i = 0; i < ARRAY_SIZE(prec); i++)
			if (first_word_is(v, prec[i]))
				return 1;
	if ((v = g_mime_object_get_header(m, "X-Autoreply")) && !first_word_is(v, "no"))
		return 1;
	if (g_mime_object_get_header(m, "X-Autorespond"))
		return 1;
	if ((v = g_mime_object_get_header(m, "X-Auto-Response-Suppress")))
		for (const char *p = v; *p; p++)
			if (!strncasecmp(p, "all", 3) && (p == v || !g_ascii_isalnum(p[-1])) &&
			    !g_ascii_isalnum(p[3]))
				return 1;
	return 0;
}

/* A mailer-daemon or postmaster sender with a subject that says delivery failed. */
static int bounce_by_sender(const char *from, const char *subject)
{
	static const char *const words[] = { "undeliver", "delivery status notification",
					     "delivery failure", "delivery failed", "failed delivery",
					     "returned mail", "mail delivery", "not delivered",
					     "could not be delivered", "failure notice" };
	char *s;
	int hit = 0;

	if (strncasecmp(from, "mailer-daemon@", 14) && strncasecmp(from, "postmaster@", 11) &&
	    strcasecmp(from, "mailer-daemon") && strcasecmp(from, "postmaster"))
		return 0;
	s = g_ascii_strdown(subject, -1);
	for (size_t i = 0; i < ARRAY_SIZE(words) && !hit; i++)
		hit = strstr(s, words[i]) != NULL;
	g_free(s);
	return hit;
}

/* dmarc=pass in Authentication-Results ar, for the domain of from (when header.from is
 * given in that result). */
static int dmarc_pass(const char *ar, const char *from)
{
	const char *at = strrchr(from, '@'), *p = ar;

	if (!ar || !at)
		return 0;
	while ((p = strchr(p, ';'))) { /* resinfo follows each ';' */
		const char *q = ++p, *end, *hf;
		size_t dl;

		while (*q == ' ' || *q == '\t')
			q++;
		if (strncasecmp(q, "dmarc", 5))
			continue;
		q += 5;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q++ != '=')
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncasecmp(q, "pass", 4) || g_ascii_isalnum(q[4]))
			continue;
		end = strchr(q, ';');
		if (!end)
			end = q + strlen(q);
		for (hf = q; hf < end; hf++)
			if (!strncasecmp(hf, "header.from", 11) && (hf == q || !g_ascii_isalnum(hf[-1])))
				break;
		if (hf >= end)
			return 1; /* pass, no domain named */
		hf += 11;
		while (hf < end && (*hf == ' ' || *hf == '\t'))
			hf++;
		if (hf >= end || *hf != '=')
			continue;
		hf++;
		while (hf < end && (*hf == ' ' || *hf == '\t'))
			hf++;
		dl = strlen(at + 1);
		if (!strncasecmp(hf, at + 1, dl) &&
		    (hf + dl == end || hf[dl] == ' ' || hf[dl] == '\t' || hf[dl] == ';' ||
		     hf[dl] == '(' || hf[dl] == ')'))
			return 1;
	}
	return 0;
}

/* Only white space (or nothing) in s. */
static int blank_text(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* The first line is a header field ("Name:" with printable name characters). */
static int has_header(const char *raw, size_t len)
{
	size_t i = 0;

	while (i < len && raw[i] > ' ' && raw[i] < 0x7f && raw[i] != ':')
		i++;
	return i > 0 && i < len && raw[i] == ':';
}

int mime_parse(struct arena *a, const char *raw, size_t len, struct mime_msg *out)
{
	static const char *fallback[] = { "UTF-8", "windows-1252", NULL };
	GMimeParserOptions *opts = NULL;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	GMimeObject *obj;
	GMimeHeaderList *hl;
	struct walk w;
	struct mime_addr *from = NULL;
	size_t nfrom = 0, cfrom = 0, cto = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->from.name = out->from.addr = out->subject = out->text = "";
	memset(&w, 0, sizeof(w));
	w.a = a;
	buf_init(&w.plain, 0);
	buf_init(&w.html, 0);
	if (!raw || !has_header(raw, len))
		goto out;
	ensure_init();
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, opts);
	if (!msg)
		goto out;
	obj = GMIME_OBJECT(msg);

	addr_list(a, g_mime_message_get_from(msg), &from, &nfrom, &cfrom, 0);
	if (nfrom)
		out->from = from[0];
	addr_list(a, g_mime_message_get_to(msg), &out->to, &out->nto, &cto, 0);
	addr_list(a, g_mime_message_get_cc(msg), &out->to, &out->nto, &cto, 0);
	hl = g_mime_object_get_header_list(obj);
	for (int i = 0, n = hl ? g_mime_header_list_get_count(hl) : 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h), *v = g_mime_header_get_value(h);
		InternetAddressList *l;

		if (!name || !v || (strcasecmp(name, "Delivered-To") && strcasecmp(name, "X-Original-To")))
			continue;
		l = internet_address_list_parse(opts, v);
		if (l) {
			addr_list(a, l, &out->to, &out->nto, &cto, 0);
			g_object_unref(l);
		}
	}
	if (g_mime_message_get_subject(msg))
		out->subject = line(a, g_mime_message_get_subject(msg));
	out->message_id = line(a, g_mime_object_get_header(obj, "Message-Id"));
	out->in_reply_to = line(a, g_mime_object_get_header(obj, "In-Reply-To"));
	out->references = line(a, g_mime_object_get_header(obj, "References"));
	out->auth_results = line(a, g_mime_object_get_header(obj, "Authentication-Results"));
	out->dmarc_pass = out->auth_results && dmarc_pass(out->auth_results, out->from.addr);
	out->auto_reply = auto_reply(obj);

	walk(&w, g_mime_message_get_mime_part(msg), 0);
	if (!blank_text(w.plain.data))
		out->text = clean(a, w.plain.data, w.plain.len, 1);
	else if (w.html.len) {
		struct buf t = BUF_INIT;

		html_to_text(&t, w.html.data, w.html.len);
		out->text = clean(a, t.data, t.len, 1);
		buf_release(&t);
	}
	out->atts = w.atts;
	out->natts = w.natts;
	out->bounce = w.bounce || bounce_by_sender(out->from.addr, out->subject);
	out->bounce_recipient = w.bounce ? w.bounce_recipient : NULL;
	rc = 0;
out:
	if (msg)
		g_object_unref(msg);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	if (opts)
		g_mime_parser_options_free(opts);
	buf_release(&w.plain);
	buf_release(&w.html);
	return rc;
}

/* ---- the new text of a reply ---- */

struct lines {
	const char **s; /* each line, NUL-terminated, without its '\n' (nor a '\r') */
	size_t n;
};

static struct lines split(struct arena *a, const char *text)
{
	struct lines l = { NULL, 0 };
	size_t cap = 1;
	char *copy = arena_strdup(a, text), *p;

	for (p = copy; *p; p++)
		cap += *p == '\n';
	l.s = arena_calloc(a, cap, sizeof(*l.s));
	for (p = copy;;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (nl && nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		else if (!nl && *p && p[strlen(p) - 1] == '\r')
			p[strlen(p) - 1] = '\0';
		l.s[l.n++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	return l;
}

/* s without leading white space and '*' (bold marks of a text rendering). */
static const char *skip_lead(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '*')
		s++;
	return s;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

/* Length of s without trailing white space. */
static size_t trimmed_len(const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* s begins with one of the labels (case-insensitive) followed by ':' (bold marks allowed). */
static int label(const char *s, const char *const *labels, size_t n)
{
	s = skip_lead(s);
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(labels[i]);

		if (!strncasecmp(s, labels[i], k)) {
			const char *p = s + k;

			while (*p == '*' || *p == ' ')
				p++;
			if (*p == ':')
				return 1;
		}
	}
	return 0;
}

/* Line i starts an Outlook header block: From:, then within four lines Sent:/Date: and
 * To:/Subject:. */
static int outlook_block(const struct lines *l, size_t i)
{
	static const char *const from[] = { "From", "Von", "De" };
	static const char *const sent[] = { "Sent", "Date", "Gesendet", "Datum", "Envoy\xc3\xa9" };
	static const char *const to[] = { "To", "Subject", "An", "Betreff", "\xc3\x80", "Objet",
					   "Cc" };
	int got_sent = 0, got_to = 0;

	if (!label(l->s[i], from, 3))
		return 0;
	for (size_t j = i + 1; j < l->n && j <= i + 4; j++) {
		got_sent |= label(l->s[j], sent, 5);
		got_to |= label(l->s[j], to, 7);
	}
	return got_sent && got_to;
}

/* "-----Original Message-----" (any number of dashes, any case). */
static int original_message(const char *s)
{
	s = skip_lead(s);
	if (strncmp(s, "--", 2))
		return 0;
	while (*s == '-')
		s++;
	while (*s == ' ')
		s++;
	return !strncasecmp(s, "original message", 16) || !strncasecmp(s, "urspr\xc3\xbcngliche nachricht", 25);
}

static int signature(const char *s)
{
	static const char *const tails[] = { "Sent from my ", "Get Outlook for ", "Sent from Mail for ",
					     "Sent from Outlook", "Von meinem iPhone gesendet" };
	const char *t = skip_lead(s);

	if (!strcmp(s, "-- ") || !strcmp(s, "--"))
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(tails); i++)
		if (!strncasecmp(t, tails[i], strlen(tails[i])) && trimmed_len(t) < 80)
			return 1;
	return 0;
}

/* Lines i.. (up to three, none blank) make "On <...digit...> wrote:" (or the German
 * "Am ... schrieb ...:"); the count of lines, or 0. */
static int attribution(const struct lines *l, size_t i)
{
	const char *s = skip_lead(l->s[i]);
	size_t total = 0;
	int digit = 0, de;

	if (strncmp(s, "On ", 3) && strncmp(s, "Am ", 3))
		return 0;
	de = s[0] == 'A';
	for (size_t j = i; j < l->n && j < i + 3; j++) {
		const char *t = l->s[j];
		size_t n = trimmed_len(t);

		if (blank(t) || t[0] == '>')
			return 0;
		for (size_t k = 0; k < n; k++)
			digit |= t[k] >= '0' && t[k] <= '9';
		total += n;
		if (total > 400)
			return 0;
		if (!de && n >= 6 && !strncmp(t + n - 6, "wrote:", 6))
			return digit ? (int)(j - i + 1) : 0;
		if (de && n >= 1 && t[n - 1] == ':' && strstr(t, "schrieb"))
			return digit ? (int)(j - i + 1) : 0;
	}
	return 0;
}

/* A quoted line: its first non-blank character is '>'. */
static int quoted(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '>';
}

/* A line that only separates (underscores, dashes, equals signs), or blank. */
static int separator(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (*s != '_' && *s != '-' && *s != '=')
			return 0;
		n++;
	}
	return 1;
}

const char *mime_reply_text(struct arena *a, const char *text)
{
	struct lines l;
	struct buf b = BUF_INIT;
	size_t keep = 0;
	int dropped = 0; /* lines dropped since the last one kept */
	const char **kept;
	char *r;

	if (!text)
		return "";
	l = split(a, text);
	kept = arena_calloc(a, l.n + 1, sizeof(*kept));
	for (size_t i = 0; i < l.n; i++) {
		const char *s = l.s[i];
		int n;

		if (outlook_block(&l, i) || original_message(s) || signature(s))
			break;
		if ((n = attribution(&l, i))) {
			size_t j = i + (size_t)n;

			while (j < l.n && blank(l.s[j]))
				j++;
			if (j < l.n && !quoted(l.s[j]))
				break; /* an unmarked quote follows: it is all history */
			i = j - 1;
			dropped = 1;
			continue;
		}
		if (quoted(s)) {
			dropped = 1;
			continue;
		}
		if (dropped && blank(s) && keep && blank(kept[keep - 1]))
			continue; /* one blank line where a quote was */
		dropped = 0;
		kept[keep++] = s;
	}
	while (keep && separator(kept[keep - 1]))
		keep--;
	while (keep && blank(kept[0]))
		kept++, keep--;
	for (size_t i = 0; i < keep; i++) {
		buf_add(&b, kept[i], trimmed_len(kept[i]));
		if (i + 1 < keep)
			buf_addch(&b, '\n');
	}
	r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

/* ---- the outgoing message ---- */

/* 1 when s may go into a header: no control character at all. */
static int header_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static int addr_ok(const char *a)
{
	const char *at = a ? strchr(a, '@') : NULL;

	return at && at != a && at[1] && header_safe(a) && !strpbrk(a, " <>\",;()\\");
}

static int opt_safe(const char *s)
{
	return !s || header_safe(s);
}

/* An unsubscribe URL fit for <...> in a header (RFC 2369): http(s), no control character,
 * space, '<' or '>'. */
static int unsubscribe_ok(const char *u)
{
	return (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7)) && header_safe(u) &&
	       !strpbrk(u, " <>") && strlen(u) < 900;
}

/* A text part of the alternative: the UTF-8 bytes as they are (g_mime_text_part_set_text
 * would pick a narrower charset), without CR (GMime writes the CRLFs), encoded as GMime
 * finds best for 7-bit transport. */
static GMimeObject *text_part(const char *subtype, const char *s)
{
	GMimeTextPart *p = g_mime_text_part_new_with_subtype(subtype);
	GMimeDataWrapper *dw;
	GMimeStream *st;
	struct buf b = BUF_INIT;

	for (const char *c = s; *c; c++)
		if (*c != '\r')
			buf_addch(&b, *c);
	st = g_mime_stream_mem_new_with_buffer(b.data, b.len);
	dw = g_mime_data_wrapper_new_with_stream(st, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(GMIME_PART(p), dw);
	g_object_unref(dw);
	g_object_unref(st);
	g_mime_text_part_set_charset(p, "utf-8");
	buf_release(&b);
	g_mime_object_encode(GMIME_OBJECT(p), GMIME_ENCODING_CONSTRAINT_7BIT);
	return GMIME_OBJECT(p);
}

static void mailbox(InternetAddressList *l, const char *name, const char *addr)
{
	InternetAddress *ia = internet_address_mailbox_new(name && *name ? name : NULL, addr);

	internet_address_set_charset(ia, "utf-8");
	internet_address_list_add(l, ia);
	g_object_unref(ia);
}

int mime_format(struct buf *out, const struct mime_out *m)
{
	GMimeFormatOptions *fo;
	GMimeMessage *msg;
	GMimeMultipart *alt;
	GMimeObject *part;
	GMimeStream *s;
	GDateTime *date;
	GByteArray *ba;
	char *id;

	if (!addr_ok(m->from_addr) || !addr_ok(m->to_addr) || (m->reply_to && !addr_ok(m->reply_to)) ||
	    !m->subject || !header_safe(m->subject) || !opt_safe(m->from_name) ||
	    !opt_safe(m->to_name) || !m->message_id || !header_safe(m->message_id) ||
	    !strchr(m->message_id, '@') || !opt_safe(m->in_reply_to) || !opt_safe(m->references) ||
	    (m->unsubscribe && !unsubscribe_ok(m->unsubscribe)) || !m->text || !m->html)
		return -1;
	ensure_init();
	msg = g_mime_message_new(FALSE);
	date = g_date_time_new_from_unix_utc(m->date);
	if (date) {
		g_mime_message_set_date(msg, date);
		g_date_time_unref(date);
	}
	mailbox(g_mime_message_get_from(msg), m->from_name, m->from_addr);
	mailbox(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO), m->to_name, m->to_addr);
	if (m->reply_to)
		mailbox(g_mime_message_get_reply_to(msg), NULL, m->reply_to);
	g_mime_message_set_subject(msg, m->subject, "utf-8");
	id = g_strdup(m->message_id);
	g_strstrip(id);
	if (id[0] == '<' && id[strlen(id) - 1] == '>') {
		id[strlen(id) - 1] = '\0';
		g_mime_message_set_message_id(msg, id + 1);
	} else {
		g_mime_message_set_message_id(msg, id);
	}
	g_free(id);
	if (m->in_reply_to && *m->in_reply_to)
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", m->in_reply_to, NULL);
	if (m->references && *m->references)
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", m->references, NULL);
	if (m->unsubscribe) {
		char *u = g_strdup_printf("<%s>", m->unsubscribe);

		GMimeHeader *h;

		/* the URL as it is: GMime would fold a word this long into encoded-words */
		g_mime_object_set_header(GMIME_OBJECT(msg), "List-Unsubscribe", u, NULL);
		h = g_mime_header_list_get_header(g_mime_object_get_header_list(GMIME_OBJECT(msg)),
						  "List-Unsubscribe");
		g_free(u);
		u = g_strdup_printf(" <%s>\n", m->unsubscribe);
		g_mime_header_set_raw_value(h, u);
		g_mime_object_set_header(GMIME_OBJECT(msg), "List-Unsubscribe-Post",
					 "List-Unsubscribe=One-Click", NULL);
		g_free(u);
	}
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated", NULL);
	alt = g_mime_multipart_new_with_subtype("alternative");
	part = text_part("plain", m->text);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	part = text_part("html", m->html);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
	g_object_unref(alt);
	if (!g_mime_object_get_header(GMIME_OBJECT(msg), "MIME-Version"))
		g_mime_object_set_header(GMIME_OBJECT(msg), "MIME-Version", "1.0", NULL);

	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	s = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, s);
	ba = bytes(s);
	buf_add(out, ba->data, ba->len);
	g_object_unref(s);
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	return 0;
}
