/* mime.h - e-mail in both directions through GMime 3.0: a raw message parsed into arena text,
 * a reply's new text, and the outgoing message written. */
#ifndef TANDEM_MIME_H
#define TANDEM_MIME_H

#include <stddef.h>

struct arena;
struct buf;

/*
 * GMime is set up once per process, lazily and thread-safely (pthread_once) by the first
 * call of any function here, so no caller has to call an init function: not main(), not a
 * worker after fork, not a test. Nothing of GMime leaks out of this module: every result is
 * copied into the caller's arena (or buf) and every GMime object is released before return.
 */

struct mime_addr {
	const char *name; /* display name decoded to UTF-8, "" when none */
	const char *addr; /* lower-cased, "" when none */
};

struct mime_att {
	const char *filename;      /* decoded (RFC 2231 / encoded-word), sanitised: no '/', '\\'
				    * or control character, at most 200 bytes; "" -> "attachment" */
	const char *content_type;  /* "image/png" ... lower-case */
	const char *content_id;    /* without <>, or NULL */
	int is_inline;             /* Content-Disposition inline (e.g. an inline image) */
	const unsigned char *data; /* decoded bytes (arena), NUL-terminated for convenience */
	size_t len;                /* bytes in data, not counting that NUL */
};

struct mime_msg {
	struct mime_addr from;                 /* the first mailbox of From ("" "" when none) */
	struct mime_addr *to;                  /* To, Cc and Delivered-To/X-Original-To together, */
	size_t nto;                            /* in that order (groups flattened) */
	const char *subject;                   /* decoded to UTF-8, "" when none */
	const char *message_id;                /* raw header values ("<a@b>", unfolded) or NULL */
	const char *in_reply_to;
	const char *references;
	const char *text;                      /* body as UTF-8 text: text/plain preferred, else HTML
						* turned into text (libxml2's HTML parser); "" when none */
	struct mime_att *atts;                 /* every non-body leaf part (attachments and inline */
	size_t natts;                          /* images), in the order of the message */
	int auto_reply;                        /* Auto-Submitted other than "no", Precedence
						* bulk/junk/list/auto_reply, X-Autoreply, X-Autorespond,
						* X-Auto-Response-Suppress: All */
	int bounce;                            /* a delivery status notification (multipart/report;
						* report-type=delivery-status), or a mailer-daemon or
						* postmaster From with a failure subject */
	const char *bounce_recipient;          /* Original-Recipient, else Final-Recipient, of the
						* first failed recipient of a DSN (lower-cased), or NULL */
	const char *auth_results;              /* the first (topmost) Authentication-Results, or NULL */
	int dmarc_pass;                        /* auth_results says dmarc=pass, and its header.from
						* (when given) is the From address's domain */
};

/*
 * Parse the raw RFC 5322 bytes raw[0..len) into *out, everything in arena a (nothing else to
 * free). Any charset GMime/iconv knows is turned into UTF-8 (ISO-8859-1 and US-ASCII labels
 * read as Windows-1252, as browsers do; bytes that do not convert become U+FFFD); every text
 * in *out is valid UTF-8 with no control character other than '\n' and '\t' (text) or none
 * (headers), so it can go into XML as is; line ends are '\n'. Multiparts are walked to a depth
 * of 32. Returns 0, or -1 when the bytes are not a message at all (empty, or the first line
 * is not a header field); *out is then zeroed with "" strings. Never crashes on any input
 * (tests/fuzz/fuzz_mime.c).
 */
int mime_parse(struct arena *a, const char *raw, size_t len, struct mime_msg *out);

/*
 * The new text of a reply, as arena text: text with the quoted history and the signature
 * stripped. Cut at the first of: an Outlook header block ("From: ..." then "Sent:"/"Date:"
 * and "To:"/"Subject:" within four lines, English or German labels, '*' bold marks allowed),
 * a "-----Original Message-----" line, a signature separator ("-- " or "--"), "Sent from
 * my ..." or "Get Outlook for ..."; a Gmail or Apple Mail attribution ("On <date with a
 * digit> ... wrote:", wrapped over up to three lines) is dropped, and everything after it too
 * unless the quote it introduces is marked with '>' (so text below a quote survives); lines
 * starting with '>' are dropped; trailing blank lines, separator lines ("____", "----") and
 * trailing white space are removed. NULL text gives "".
 */
const char *mime_reply_text(struct arena *a, const char *text);

/* The outgoing message. All strings UTF-8, NUL-terminated. */
struct mime_out {
	const char *from_addr, *from_name; /* name may be NULL or "" */
	const char *to_addr, *to_name;     /* name may be NULL or "" */
	const char *reply_to;              /* an address, or NULL: none */
	const char *subject;
	const char *text;                  /* the text/plain part */
	const char *html;                  /* the text/html part */
	const char *message_id;            /* "<...@host>" */
	const char *in_reply_to;           /* "<...>" or NULL: none */
	const char *references;            /* "<...> <...>" or NULL: none */
	long long date;                    /* seconds since the epoch, written in UTC */
	const char *unsubscribe;           /* one-click unsubscribe URL (RFC 8058), or NULL */
};

/*
 * Append the whole message m to out, written by GMime with CRLF line ends: Date, From, To
 * (display names encoded when not ASCII), Reply-To, Subject (encoded-words when not ASCII),
 * Message-Id, In-Reply-To, References, List-Unsubscribe and List-Unsubscribe-Post
 * ("List-Unsubscribe=One-Click") when given, Auto-Submitted: auto-generated, MIME-Version,
 * and a multipart/alternative body (text/plain then text/html, charset UTF-8, the transfer
 * encoding GMime finds best for 7-bit transport). Returns 0, or -1 with out unchanged when a
 * header value is unsafe: a control character (CR, LF, ...) in any of them, an address
 * without '@' or holding a space, '<', '>', '"', ',', ';', '(', ')' or '\\', a message id
 * without '@', or an unsubscribe URL that is not http(s) or holds a space, '<' or '>'.
 */
int mime_format(struct buf *out, const struct mime_out *m);

#endif
