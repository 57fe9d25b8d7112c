/* test_mail_body.c - e-mail bodies as XML rendered by xslt/mail.xsl and mail-text.xsl: every
 * kind renders both parts, text is escaped in the HTML part and intact in the text part
 * (issue 12: the notice and the digest, with their unsubscribe links). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/config.h"
#include "domain/mail.h"
#include "core/xslt.h"
#include "core/xml.h"

/* A brand name, a project name and a comment with markup, quotes and non-ASCII. */
#define NASTY_BRAND "Agentur <Nord> & \"S\xc3\xb6hne\""
#define NASTY_PROJECT "Caf\xc3\xa9 <b>bold</b> & \"quoted\""
#define NASTY_COMMENT "Bitte <pr\xc3\xbc" "fen> & \"freigeben\"\nZeile 2 \xe2\x82\xac"

struct fixture {
	struct arena arena;
	struct config cfg;
	struct ctx c; /* no request: mail needs only the context */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	arena_init(&f->arena);
	f->cfg.base_url = (char *)"https://pm.example";
	f->c.arena = &f->arena;
	f->c.cfg = &f->cfg;
	mail_brand_set(&f->c, "Northstar", "#aa3300", NULL, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_release(&f->arena);
	free(f);
	return 0;
}

/* Both parts of m for a recipient named to; asserts they render. */
static void render(struct fixture *f, xmlNodePtr m, const char *to, const char **text,
		   const char **html)
{
	xml_attr(xml_el(m, "to"), "name", to);
	assert_int_equal(mail_render(&f->arena, m->doc, text, html), 0);
	assert_non_null(*text);
	assert_non_null(*html);
}

/* html parses as HTML without a single error (nothing left open, nothing stray). */
static void well_formed_html(const char *html)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	htmlDocPtr doc;

	assert_non_null(ctxt);
	doc = htmlCtxtReadMemory(ctxt, html, (int)strlen(html), NULL, "UTF-8",
				 HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(ctxt->wellFormed, 1);
	assert_int_equal(ctxt->errNo, 0);
	xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
}

/* The frame's promises: the doctype, the brand at the top and at the foot; the text part
 * signed with the brand's name and free of markup the templates could have left. */
static void framed(const char *text, const char *html, const char *brand_html,
		   const char *brand_text)
{
	const char *sig = strstr(text, "\n-- \n");

	well_formed_html(html);
	assert_true(!strncmp(html, "<!DOCTYPE html>", 15));
	assert_non_null(strstr(html, "border-top:4px solid #aa3300"));
	assert_non_null(strstr(html, brand_html));
	assert_non_null(sig);
	assert_string_equal(sig + 5, brand_text);
	assert_null(strstr(text, "<p>"));
	assert_null(strstr(text, "<strong>"));
	assert_null(strstr(text, "<a "));
}

/* An approval mail of kind (approval or approval-reminder) due 2026-12-24. */
static xmlNodePtr approval_doc(struct fixture *f, const char *kind, const char *message,
			       const char *link, const char *title, const char *change)
{
	xmlNodePtr m = mail_doc(&f->c, kind), n;

	assert_non_null(m);
	n = xml_text(m, "approval", message);
	xml_attr(n, "link", link);
	xml_attr(n, "title", title);
	xml_attr(n, "due", "2026-12-24");
	xml_attr(n, "change", change);
	return m;
}

static void approval(void **state)
{
	struct fixture *f = *state;
	const char *text, *html;

	mail_brand_set(&f->c, NASTY_BRAND, "#aa3300", NULL, NULL);
	render(f, approval_doc(f, "approval", NASTY_COMMENT, "https://pm.example/a/abc", NASTY_PROJECT, "1"),
	       "J\xc3\xb6rg <J>", &text, &html);
	framed(text, html, "Agentur &lt;Nord&gt; &amp; \"S\xc3\xb6hne\"", NASTY_BRAND "\n");
	/* escaped in the HTML part */
	assert_non_null(strstr(html, "<p>Hello J\xc3\xb6rg &lt;J&gt;,</p>"));
	assert_non_null(strstr(html, "<p>Agentur &lt;Nord&gt; &amp; \"S\xc3\xb6hne\" asks you to review "
				     "the change request <strong>Caf\xc3\xa9 &lt;b&gt;bold&lt;/b&gt; &amp; "
				     "\"quoted\"</strong> by 2026-12-24.</p>"));
	assert_non_null(strstr(html, "<p>Bitte &lt;pr\xc3\xbc" "fen&gt; &amp; \"freigeben\"\nZeile 2 \xe2\x82\xac</p>"));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/a/abc\" style=\"color:#aa3300\">Review and decide</a>"));
	assert_null(strstr(html, "<Nord>"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "<pr"));
	/* intact in the text part */
	assert_string_equal(text,
			    "Hello J\xc3\xb6rg <J>,\n\n" NASTY_BRAND " asks you to review the change request \""
			    NASTY_PROJECT "\" by 2026-12-24.\n\n" NASTY_COMMENT "\n\n"
			    "Open it, then approve it or ask for changes:\nhttps://pm.example/a/abc\n\n"
			    "The link is personal: please do not forward it.\n\n"
			    "Approval requests always come by e-mail: they cannot be turned off.\n\n-- \n"
			    NASTY_BRAND "\n");
	/* issue 12: the small print under the card, and no unsubscribe link */
	assert_non_null(strstr(html, "</div><p style=\"max-width:560px;margin:12px auto 0;font-size:12px;"
				     "color:#6b7280\">Approval requests always come by e-mail: they cannot be"
				     " turned off.</p>"));
	assert_null(strstr(html, "nsubscribe"));
}

static void approval_without_message_or_change(void **state)
{
	struct fixture *f = *state;
	const char *text, *html;

	render(f, approval_doc(f, "approval-reminder", "", "https://pm.example/a/x", "Logo v2", "0"), "Ann",
	       &text, &html);
	framed(text, html, "Northstar", "Northstar\n");
	assert_non_null(strstr(text, "asks you to review \"Logo v2\" by 2026-12-24.\n\n"
				     "Open it, then approve it or ask for changes:\n"));
	assert_non_null(strstr(html, "review <strong>Logo v2</strong>"));
	/* a reminder is a notification kind: it can be turned off, and does not say otherwise */
	assert_null(strstr(text, "cannot be turned off"));
	assert_null(strstr(html, "cannot be turned off"));
}

/* Issue 12: one notification at once: its sentence, a button to it, the project, the
 * unsubscribe line with the kind's label; escaped in the HTML part, intact in the text. */
static void notice(void **state)
{
	struct fixture *f = *state;
	const char *text, *html;
	xmlNodePtr m = mail_doc(&f->c, "notice"), n;

	n = xml_text(m, "notice", "Pat assigned you " NASTY_PROJECT);
	xml_attr(n, "link", "https://pm.example/tasks/7");
	xml_attr(n, "kind", "task_assigned");
	xml_attr(n, "label", "A task was assigned to me");
	xml_attr(n, "project", NASTY_PROJECT);
	xml_attr(n, "unsubscribe", "https://pm.example/unsubscribe/3-task_assigned-0123456789abcdef0123456789abcdef");
	render(f, m, "Ann", &text, &html);
	framed(text, html, "Northstar", "Northstar\n");
	assert_string_equal(text,
			    "Hello Ann,\n\nPat assigned you " NASTY_PROJECT "\nProject: " NASTY_PROJECT "\n\n"
			    "Open it: https://pm.example/tasks/7\n\n"
			    "You get this e-mail for \"A task was assigned to me\". Unsubscribe from these"
			    " e-mails (one click, no sign-in):\n"
			    "https://pm.example/unsubscribe/3-task_assigned-0123456789abcdef0123456789abcdef\n"
			    "\n-- \nNorthstar\n");
	assert_non_null(strstr(html, "<p><strong>Pat assigned you Caf\xc3\xa9 &lt;b&gt;bold&lt;/b&gt; &amp; "
				     "\"quoted\"</strong></p>"));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/tasks/7\" style=\"display:inline-block;"));
	assert_non_null(strstr(html, ">Open in Northstar</a>"));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/unsubscribe/3-task_assigned-"
				     "0123456789abcdef0123456789abcdef\" style=\"color:#6b7280\">Unsubscribe from"
				     " these e-mails</a>"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "cannot be turned off"));
}

/* Issue 12: a digest: a heading per project ("Other news" for none), a linked line per item,
 * a stop link per kind and the digest's own. */
static void digest(void **state)
{
	struct fixture *f = *state;
	const char *text, *html;
	xmlNodePtr m = mail_doc(&f->c, "digest"), d, p, s;

	d = xml_el(m, "digest");
	xml_attr(d, "period", "2026-W50");
	xml_attr(d, "cadence", "weekly");
	xml_attr(d, "count", "3");
	xml_attr(d, "home", "https://pm.example/portal");
	xml_attr(d, "unsubscribe", "https://pm.example/unsubscribe/9-digest-aa");
	p = xml_el(d, "project");
	xml_attr(p, "name", NASTY_PROJECT);
	xml_attr(xml_text(p, "item", "Pat wrote <hi>"), "link", "https://pm.example/portal/projects/1");
	xml_attr(xml_text(p, "item", "A report"), "link", "https://pm.example/status-reports/2");
	p = xml_el(d, "project");
	xml_attr(p, "name", "");
	xml_attr(xml_text(p, "item", "A reply"), "link", "https://pm.example/messages/threads/3");
	s = xml_el(d, "stop");
	xml_attr(s, "label", "A message from the agency");
	xml_attr(s, "unsubscribe", "https://pm.example/unsubscribe/9-message-bb");
	render(f, m, "Ann", &text, &html);
	framed(text, html, "Northstar", "Northstar\n");
	assert_string_equal(text,
			    "Hello Ann,\n\nHere is your weekly digest: 3 updates since the last one.\n"
			    "\n" NASTY_PROJECT "\n"
			    "  - Pat wrote <hi>\n    https://pm.example/portal/projects/1\n"
			    "  - A report\n    https://pm.example/status-reports/2\n"
			    "\nOther news\n"
			    "  - A reply\n    https://pm.example/messages/threads/3\n"
			    "\nOpen Northstar: https://pm.example/portal\n\n"
			    "Stop e-mails about (one click each, no sign-in):\n"
			    "  A message from the agency: https://pm.example/unsubscribe/9-message-bb\n"
			    "Unsubscribe from the digest: https://pm.example/unsubscribe/9-digest-aa\n"
			    "\n-- \nNorthstar\n");
	assert_non_null(strstr(html, ">Caf\xc3\xa9 &lt;b&gt;bold&lt;/b&gt; &amp; \"quoted\"</h2>"));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/portal/projects/1\" style=\"color:#1d2330\">"
				     "Pat wrote &lt;hi&gt;</a>"));
	assert_non_null(strstr(html, ">Other news</h2>"));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/unsubscribe/9-message-bb\" "
				     "style=\"color:#6b7280\">A message from the agency</a>"));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/unsubscribe/9-digest-aa\" "
				     "style=\"color:#6b7280\">Unsubscribe from the digest</a>"));
}

static void link_with_ampersand(void **state)
{
	struct fixture *f = *state;
	const char *text, *html;
	xmlNodePtr m = mail_doc(&f->c, "message"), n;

	n = xml_text(m, "message", "Line one\nline <two> & three");
	xml_attr(n, "link", "https://pm.example/messages/threads/7?page=2&sort=new#m9");
	xml_attr(n, "sender", "Pat PM");
	xml_attr(n, "reply", "1");
	xml_attr(n, "subject", NASTY_PROJECT);
	xml_attr(n, "project", "Website");
	render(f, m, "Ann", &text, &html);
	framed(text, html, "Northstar", "Northstar\n");
	assert_non_null(strstr(html, "<a href=\"https://pm.example/messages/threads/7?page=2&amp;sort=new#m9\""));
	assert_null(strstr(html, "page=2&sort"));
	assert_non_null(strstr(html, "<blockquote style=\"white-space:pre-wrap\">Line one\nline &lt;two&gt; &amp; three</blockquote>"));
	assert_non_null(strstr(html, "<p>Pat PM replied in <strong>Caf\xc3\xa9 &lt;b&gt;bold&lt;/b&gt; &amp; \"quoted\"</strong> (Website)</p>"));
	assert_string_equal(text, "Pat PM replied in \"" NASTY_PROJECT "\" (Website)\n\n"
				  "Line one\nline <two> & three\n\n"
				  "Read and reply: https://pm.example/messages/threads/7?page=2&sort=new#m9\n"
				  "\n-- \nNorthstar\n");
}

static void every_kind_renders(void **state)
{
	static const struct {
		const char *kind, *element, *html, *text;
	} kinds[] = {
		{ "invite", "invite", "Set your password</a> (the link works once, for 7 days).",
		  "Set your password here (the link works once, for 7 days):\nhttps://pm.example/l?a=1&b=2\n" },
		{ "reset", "reset", "Choose a new password</a> (the link works once, for one hour).",
		  "Choose a new password here (the link works once, for one hour):\nhttps://pm.example/l?a=1&b=2\n" },
		{ "approval", "approval", "Review and decide</a>", "Open it, then approve it" },
		{ "approval-reminder", "approval", "Review and decide</a>", "please do not forward it." },
		{ "survey", "survey", "open the survey</a>.</p>", "Or open the survey:\nhttps://pm.example/l?a=1&b=2\n" },
		{ "message", "message", "Read and reply</a>", "Read and reply: https://pm.example/l?a=1&b=2\n" },
		{ "status-report", "status-report", "Read the full report</a>",
		  "Read the full report: https://pm.example/l?a=1&b=2\n" },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		const char *text, *html;
		xmlNodePtr m = mail_doc(&f->c, kinds[i].kind);
		xmlNodePtr n = xml_text(m, kinds[i].element, "Body");

		assert_non_null(m);
		xml_attr(n, "link", "https://pm.example/l?a=1&b=2");
		xml_attr(n, "email", "ann@acme.example");
		xml_attr(n, "project", "Website");
		xml_attr(n, "scale", "csat");
		for (int s = 1; s <= 5; s++)
			xml_attr_int(xml_el(n, "score"), "n", s);
		render(f, m, "Ann", &text, &html);
		framed(text, html, "Northstar", "Northstar\n");
		assert_non_null(strstr(html, kinds[i].html));
		assert_non_null(strstr(text, kinds[i].text));
		assert_non_null(strstr(html, "href=\"https://pm.example/l?a=1&amp;b=2"));
		assert_null(strstr(html, "?a=1&b=2"));
	}
}

static void survey_scores(void **state)
{
	struct fixture *f = *state;
	const char *text, *html;
	xmlNodePtr m = mail_doc(&f->c, "survey"), n;

	n = xml_el(m, "survey");
	xml_attr(n, "link", "https://pm.example/s/tok");
	xml_attr(n, "scale", "nps");
	xml_attr(n, "project", NASTY_PROJECT);
	for (int s = 0; s <= 10; s++)
		xml_attr_int(xml_el(n, "score"), "n", s);
	render(f, m, "Ann", &text, &html);
	framed(text, html, "Northstar", "Northstar\n");
	assert_non_null(strstr(text, "How likely are you to recommend us to a colleague (0-10)?\n"
				     "Project: " NASTY_PROJECT "\n\n"));
	assert_non_null(strstr(text, "  0 (not at all likely): https://pm.example/s/tok?score=0\n"
				     "  1: https://pm.example/s/tok?score=1\n"));
	assert_non_null(strstr(text, "  10 (extremely likely): https://pm.example/s/tok?score=10\n"));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/s/tok?score=0\" title=\"0 (not at all likely)\""));
	assert_non_null(strstr(html, "<a href=\"https://pm.example/s/tok?score=10\" title=\"10 (extremely likely)\""));
	assert_non_null(strstr(html, "<p>Project: Caf\xc3\xa9 &lt;b&gt;bold&lt;/b&gt;"));
}

static void logo_in_the_head(void **state)
{
	struct fixture *f = *state;
	const char *text, *html;
	xmlNodePtr m;

	mail_brand_set(&f->c, "North & Co", "#aa3300",
		       "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "image/png");
	m = mail_doc(&f->c, "reset");
	xml_attr(xml_el(m, "reset"), "link", "https://pm.example/reset/x");
	render(f, m, "Ann", &text, &html);
	framed(text, html, "North &amp; Co", "North & Co\n");
	assert_non_null(strstr(html, "<img src=\"https://pm.example/brand/logo?v=0123456789ab\" "
				     "alt=\"North &amp; Co\" height=\"48\">"));
	assert_null(strstr(text, "logo"));
}

/* A document that is not a mail renders nothing, and mail_queue refuses it before it
 * touches the database. */
static void refusals(void **state)
{
	struct fixture *f = *state;
	const char *text = "x", *html = "x";
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "mail", NULL);

	xmlDocSetRootElement(doc, root);
	assert_int_equal(mail_queue(&f->c, NULL, "a@b.c", "A", "S"), -1);
	assert_int_equal(mail_queue(&f->c, root, "a@b.c", "A", "S"), -1); /* no kind */
	assert_null(xslt_text(&f->arena, XSL__COUNT, doc));
	assert_null(xslt_text(&f->arena, -1, doc));
	xmlFreeDoc(doc);
	xslt_release();
	assert_int_equal(mail_render(&f->arena, doc, &text, &html), -1); /* not compiled */
	assert_null(text);
	assert_null(html);
	assert_int_equal(xslt_init("xslt"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(approval, setup, teardown),
		cmocka_unit_test_setup_teardown(approval_without_message_or_change, setup, teardown),
		cmocka_unit_test_setup_teardown(notice, setup, teardown),
		cmocka_unit_test_setup_teardown(digest, setup, teardown),
		cmocka_unit_test_setup_teardown(link_with_ampersand, setup, teardown),
		cmocka_unit_test_setup_teardown(every_kind_renders, setup, teardown),
		cmocka_unit_test_setup_teardown(survey_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(logo_in_the_head, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
	};
	int rc;

	if (xslt_init("xslt"))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xslt_release();
	return rc;
}
