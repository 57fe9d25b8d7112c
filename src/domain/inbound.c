/* inbound.c - what happens to an incoming e-mail (issue 14): a reply posted in its thread as its
 * writer, a client's mail filed on its project as an internal "email" activity, anything else
 * (auto-replies, bounces, refused replies, unmatched mail) kept in the inbox with the reason;
 * and the reply address of notification e-mails about a thread. The parsing is core/mime.c's
 * (inbound_mime.c); everything here works on a parsed struct mime_msg. */
#include "domain/inbound.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/log.h"
#include "core/mime.h"
#include "domain/document.h"
#include "domain/message.h"
#include "domain/notify.h"
#include "domain/outbox.h"
#include "domain/vocab.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ADDRS_MAX 50  /* addresses of one mail looked up as contacts */
#define CODES_MAX 5   /* "[CODE]"s of one subject looked up */
#define CODE_MAX 32   /* projects.code */

/* ------------------------------------------------------------ reply addresses */

/* 1 when s is a plain address fit for a header and a plus-part: local@domain, no space,
 * control character or delimiter. */
static int plain_address(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>\",;()\\[]", *p))
			return 0;
	return 1;
}

int inbound_reply_to(struct ctx *c, long long tid, long long uid, const char *address,
		     const char **reply_to, const char **token)
{
	struct db_res *s, *t;
	const char *box, *at;
	char hex[33];

	*reply_to = *token = NULL;
	if (db_query(c->db, c->arena, ST_REPLY_ADDRESS, &s, ""))
		return -1;
	if (s->nrows != 1 || !(box = db_cell(s, 0, REPLY_ADDRESS_VALUE)) || !*box)
		return 0; /* no mailbox: replies go to mail_from as before */
	if (!plain_address(box)) {
		log_warn("inbound: imap_address \"%s\" is not a plain address; no reply address", box);
		return 0;
	}
	if (db_query(c->db, c->arena, ST_REPLY_TOKEN_FIND, &t, "iis", tid, uid, address))
		return -1;
	if (!t->nrows) {
		crypto_random_hex(hex, 16);
		if (db_exec(c->db, ST_REPLY_TOKEN_ADD, "siis", hex, tid, uid, address) < 0 ||
		    db_query(c->db, c->arena, ST_REPLY_TOKEN_FIND, &t, "iis", tid, uid, address))
			return -1;
		if (!t->nrows)
			return -1;
	}
	at = strchr(box, '@');
	*token = db_cell(t, 0, REPLY_TOKEN_FIND_TOKEN);
	*reply_to = arena_printf(c->arena, "%.*s+r%s%s", (int)(at - box), box, *token, at);
	return 0;
}

/* 1 when p starts with 32 hex digits (copied lower-case into out). */
static int hex32(const char *p, char out[33])
{
	for (int i = 0; i < 32; i++) {
		char ch = p[i];

		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
			return 0;
		out[i] = ch;
	}
	out[32] = '\0';
	return 1;
}

/* The first token in s between the prefix pre ("+r" or "<r") and the character after. */
static int token_in(const char *s, const char *pre, char after, char token[33])
{
	for (const char *p = s ? strstr(s, pre) : NULL; p; p = strstr(p + 1, pre))
		if (hex32(p + 2, token) && p[34] == after)
			return 1;
	return 0;
}

int inbound_token_of(const struct mime_msg *m, char token[33])
{
	for (size_t i = 0; i < m->nto; i++)
		if (token_in(m->to[i].addr, "+r", '@', token))
			return 1;
	return token_in(m->in_reply_to, "<r", '.', token) || token_in(m->references, "<r", '.', token);
}

/* ------------------------------------------------------------ the mail as taken */

/* s cut to at most max bytes between UTF-8 sequences (a column's width). Arena text or s. */
static const char *cut(struct arena *a, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n <= max)
		return s;
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return arena_strndup(a, s, max);
}

/* Characters (UTF-8 sequences) in s. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

/* 1 when s holds something other than white space. */
static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n", *s))
			return 1;
	return 0;
}

/* What taking a mail learnt: the sender, the attachments kept. */
struct taken {
	long long id;
	const char *from, *from_name, *subject;
	long long from_user;          /* users.id of the sender's address, 0: nobody known */
	struct doc_file main;         /* the file a posted reply shows as the message's own */
	int has_main;
	size_t kept;                  /* attachments stored */
	const char *too_big;          /* the name of the first one over the upload limit, or NULL */
};

/* Store m's attachments (inbound_files rows; the bytes of each within the upload limit in
 * files_dir) and choose the main one: the first kept that is not inline, else the first kept.
 * 0, or -1. */
static int store_files(struct ctx *c, const struct mime_msg *m, struct taken *t)
{
	size_t pick = m->natts;

	for (size_t i = 0; i < m->natts; i++)
		if ((c->cfg->max_upload <= 0 || m->atts[i].len <= (size_t)c->cfg->max_upload) &&
		    (pick == m->natts || (m->atts[pick].is_inline && !m->atts[i].is_inline)))
			pick = i;
	for (size_t i = 0; i < m->natts; i++) {
		const struct mime_att *f = &m->atts[i];
		const char *name = f->filename && doc_filename_ok(f->filename) ? f->filename : "attachment";
		const char *type = doc_content_type(f->content_type);
		char sha[65] = "";
		int keep = c->cfg->max_upload <= 0 || f->len <= (size_t)c->cfg->max_upload;

		if (keep) {
			const char *bytes = f->data ? (const char *)f->data : "";

			crypto_sha256_hex(bytes, f->data ? f->len : 0, sha);
			if (doc_bytes_store(c, bytes, f->data ? f->len : 0, sha))
				return -1;
			t->kept++;
		} else if (!t->too_big) {
			t->too_big = name;
		}
		if (i == pick) {
			t->main = (struct doc_file){ arena_strdup(c->arena, name), type, (long long)f->len,
						     arena_strdup(c->arena, sha) };
			t->has_main = 1;
		}
		if (db_exec(c->db, ST_INBOUND_FILE_ADD, "iissisii", t->id, (long long)i + 1, name, type,
			    (long long)f->len, keep ? sha : NULL, (long long)(f->is_inline != 0),
			    (long long)(i == pick)) != 1)
			return -1;
	}
	return 0;
}

/* The recipients as one line, "a@x, b@y". Arena text. */
static const char *to_line(struct ctx *c, const struct mime_msg *m)
{
	struct buf b;
	const char *s;

	buf_init(&b, 128);
	for (size_t i = 0; i < m->nto && b.len < 2000; i++)
		if (m->to[i].addr && *m->to[i].addr)
			buf_addf(&b, "%s%s", b.len ? ", " : "", m->to[i].addr);
	s = arena_strdup(c->arena, b.data);
	buf_release(&b);
	return s;
}

static int to_inbox(struct ctx *c, long long id, const char *reason, long long tid)
{
	return db_exec(c->db, ST_INBOUND_TO_INBOX, "sii", reason, tid, id) == 1 ? 0 : -1;
}

/* ------------------------------------------------------------ filing */

/* The internal "email" activity line of mail id on project pid (of client), and the row filed.
 * The line is the sender's when they are a user, else signed with their name and address. */
static int file_on(struct ctx *c, long long id, long long pid, long long client, long long by,
		   long long from_user, const char *from, const char *from_name, const char *subject)
{
	const char *saved = c->actor_name;
	long long aid;
	int rc;

	if (!from_user)
		c->actor_name = cut(c->arena, from_name && *from_name
				    ? arena_printf(c->arena, "%s <%s>", from_name, from ? from : "")
				    : from && *from ? from : "Unknown sender", 240);
	rc = activity_add_by(c, from_user, client, pid, "email", cut(c->arena, from, 64),
			     arena_printf(c->arena, "%lld", id), subject && *subject ? subject : "(no subject)", 0);
	c->actor_name = saved;
	if (rc)
		return -1;
	aid = db_insert_id(c->db);
	return db_exec(c->db, ST_INBOUND_FILED, "iini", pid, aid, by, id) == 1 ? 0 : -1;
}

int inbound_file(struct ctx *c, long long id, long long pid)
{
	struct db_res *i, *p;
	const char *role;

	if (db_query(c->db, c->arena, ST_INBOUND_FILE_INFO, &i, "i", id))
		return -1;
	if (i->nrows != 1 || strcmp(db_cell(i, 0, INBOUND_FILE_INFO_STATE), "inbox"))
		return INBOUND_SKIPPED;
	if (db_query(c->db, c->arena, ST_INBOUND_PROJECT, &p, "i", pid))
		return -1;
	if (p->nrows != 1)
		return INBOUND_NOT_FOUND;
	role = db_cell(i, 0, INBOUND_FILE_INFO_FROM_ROLE);
	if (role && vocab_role_parse(role) == ROLE_CLIENT &&
	    db_cell_int(i, 0, INBOUND_FILE_INFO_FROM_CLIENT_ID) != db_cell_int(p, 0, INBOUND_CODE_CLIENT_ID))
		return INBOUND_REFUSED;
	return file_on(c, id, pid, db_cell_int(p, 0, INBOUND_CODE_CLIENT_ID), c->actor_id,
		       db_cell_int(i, 0, INBOUND_FILE_INFO_FROM_USER_ID),
		       db_cell(i, 0, INBOUND_FILE_INFO_FROM_ADDR), db_cell(i, 0, INBOUND_FILE_INFO_FROM_NAME),
		       db_cell(i, 0, INBOUND_FILE_INFO_SUBJECT));
}

int inbound_discard(struct ctx *c, long long id)
{
	long long n = db_exec(c->db, ST_INBOUND_DISCARD, "ni", c->actor_id, id);

	return n < 0 ? -1 : n == 0 ? INBOUND_SKIPPED : 0;
}

/* ------------------------------------------------------------ bounces */

/* The person m bounced for: marked bouncing, and their PMs (a staff address: the admins) told,
 * once a day per person. 0, or -1. */
static int bounce(struct ctx *c, const struct mime_msg *m)
{
	const char *addr = m->bounce_recipient;
	struct db_res *u, *who;
	long long uid, client;
	enum role role;
	char day[16];
	time_t now = time(NULL);
	struct tm tm;

	if (!addr || !*addr)
		return 0;
	if (db_exec(c->db, ST_BOUNCE_MARK, "s", addr) < 0 ||
	    db_query(c->db, c->arena, ST_INBOUND_USER, &u, "s", addr))
		return -1;
	if (u->nrows != 1)
		return 0;
	uid = db_cell_int(u, 0, INBOUND_USER_ID);
	client = db_cell_int(u, 0, INBOUND_USER_CLIENT_ID);
	role = vocab_role_parse(db_cell(u, 0, INBOUND_USER_ROLE));
	if (role == ROLE_CLIENT ? db_query(c->db, c->arena, ST_BOUNCE_PMS, &who, "i", client)
				: db_query(c->db, c->arena, ST_NOTIFY_ADMINS, &who, ""))
		return -1;
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	for (size_t i = 0; i < who->nrows; i++) {
		struct notice n = {
			.kind = NK_BOUNCE, .user_id = db_cell_int(who, i, NOTIFY_PEOPLE_ID),
			.client_id = role == ROLE_CLIENT ? client : 0,
			.link = role == ROLE_CLIENT ? arena_printf(c->arena, "/clients/%lld", client)
						    : arena_printf(c->arena, "/settings/users/%lld", uid),
			.text = arena_printf(c->arena, "E-mail to %s <%s> bounced: the address does not"
						       " take mail", db_cell(u, 0, INBOUND_USER_NAME), addr),
			.dedupe = arena_printf(c->arena, "bounce-%lld-%s", uid, day),
		};
		if (notify(c, &n) < 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ replies */

/* Why the sender of m may not write in the thread of token row r as its person, or NULL. */
static const char *refused(struct ctx *c, const struct mime_msg *m, const struct db_res *r)
{
	const char *addr = db_cell(r, 0, REPLY_TOKEN_GET_ADDRESS);
	enum role role = vocab_role_parse(db_cell(r, 0, REPLY_TOKEN_GET_ROLE));

	if (!m->from.addr || strcasecmp(m->from.addr, addr))
		return arena_printf(c->arena, "reply token of %s used by another sender", addr);
	if (db_cell_int(r, 0, REPLY_TOKEN_GET_ACTIVE) != 1)
		return "the sender's account is deactivated";
	if (role == ROLE_NONE)
		return "the sender's account has no role";
	if (role != ROLE_CLIENT)
		return NULL; /* staff write in every thread */
	if (db_cell_int(r, 0, REPLY_TOKEN_GET_USER_CLIENT_ID) != db_cell_int(r, 0, REPLY_TOKEN_GET_CLIENT_ID))
		return "reply token of a thread of another client than the sender's";
	if (db_cell_int(r, 0, REPLY_TOKEN_GET_INTERNAL))
		return "the thread is internal: contacts do not write in it";
	if (vocab_access_parse(db_cell(r, 0, REPLY_TOKEN_GET_ACCESS)) < ACCESS_COMMENT)
		return "the sender's access is view only: they may not write";
	return NULL;
}

/* Post m as a reply by the person of token row r, or keep it in the inbox with the reason. */
static int reply(struct ctx *c, const struct mime_msg *m, const char *text, const struct taken *t,
		 const struct db_res *r)
{
	long long tid = db_cell_int(r, 0, REPLY_TOKEN_GET_THREAD_ID), mid, page;
	long long saved_id = c->actor_id;
	const char *saved_name = c->actor_name, *why = refused(c, m, r);
	struct message_new msg = {
		.body = text, .file = t->has_main ? &t->main : NULL, .via_email = 1, .inbound_id = t->id,
		.from_client = vocab_role_parse(db_cell(r, 0, REPLY_TOKEN_GET_ROLE)) == ROLE_CLIENT,
	};
	int rc;

	if (!why && t->too_big)
		why = arena_printf(c->arena, "attachment \u201c%s\u201d is over the upload limit (%ld bytes)",
				   t->too_big, c->cfg->max_upload);
	if (!why && !has_text(text) && !t->kept)
		why = "empty reply";
	if (!why && chars(text) > INBOUND_TEXT_MAX)
		why = arena_printf(c->arena, "reply longer than %d characters", INBOUND_TEXT_MAX);
	if (why)
		return to_inbox(c, t->id, why, tid);
	c->actor_id = db_cell_int(r, 0, REPLY_TOKEN_GET_USER_ID);
	c->actor_name = db_cell(r, 0, REPLY_TOKEN_GET_NAME);
	rc = message_reply(c, tid, &msg, &mid, &page);
	c->actor_id = saved_id;
	c->actor_name = saved_name;
	if (rc < 0)
		return -1;
	if (rc)
		return to_inbox(c, t->id, "the thread refused the reply", tid);
	return db_exec(c->db, ST_INBOUND_POSTED, "iiii", mid, tid,
		       db_cell_int(r, 0, REPLY_TOKEN_GET_PROJECT_ID), t->id) == 1 ? 0 : -1;
}

/* ------------------------------------------------------------ captured mail */

/* Add project id to the set ids (n of them, at most 8). */
static void add_id(long long *ids, size_t *n, long long id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id)
			return;
	if (*n < 8)
		ids[(*n)++] = id;
}

/* The project m is about, into *pid (with its client), or the reason it is not filed into
 * *why. 0, or -1. */
static int project_of(struct ctx *c, const struct mime_msg *m, long long *pid, long long *client,
		      const char **why)
{
	long long contact_client = 0, mine[8], others[8];
	size_t nmine = 0, nothers = 0, looked = 0, ncodes = 0;
	const char *subject = m->subject ? m->subject : "", *other_code = NULL;
	struct db_res *u, *p;

	*pid = *client = 0;
	*why = NULL;
	/* the contacts among the sender and the recipients: one client's, or none */
	for (size_t i = 0; i <= m->nto && looked < ADDRS_MAX; i++) {
		const char *a = i == 0 ? m->from.addr : m->to[i - 1].addr;
		long long cl;

		if (!a || !*a)
			continue;
		looked++;
		if (db_query(c->db, c->arena, ST_INBOUND_USER, &u, "s", a))
			return -1;
		if (u->nrows != 1 || vocab_role_parse(db_cell(u, 0, INBOUND_USER_ROLE)) != ROLE_CLIENT)
			continue;
		cl = db_cell_int(u, 0, INBOUND_USER_CLIENT_ID);
		if (contact_client && cl != contact_client) {
			*why = "contacts of several clients";
			return 0;
		}
		contact_client = cl;
	}
	/* the projects the subject's "[CODE]"s name: the contact's client's, and the others */
	for (const char *s = strchr(subject, '['), *e; s && ncodes < CODES_MAX; s = strchr(s + 1, '[')) {
		char code[CODE_MAX + 1];
		size_t len;
		int ok = 1;

		if (!(e = strchr(s, ']')) || (len = (size_t)(e - s - 1)) == 0 || len > CODE_MAX)
			continue;
		for (size_t k = 0; k < len; k++)
			ok &= (s[1 + k] >= 'A' && s[1 + k] <= 'Z') || (s[1 + k] >= 'a' && s[1 + k] <= 'z') ||
			      (s[1 + k] >= '0' && s[1 + k] <= '9') || s[1 + k] == '-' || s[1 + k] == '_' ||
			      s[1 + k] == '.';
		if (!ok)
			continue;
		memcpy(code, s + 1, len);
		code[len] = '\0';
		ncodes++;
		if (db_query(c->db, c->arena, ST_INBOUND_CODE, &p, "s", code))
			return -1;
		for (size_t k = 0; k < p->nrows; k++) {
			if (!contact_client || db_cell_int(p, k, INBOUND_CODE_CLIENT_ID) == contact_client) {
				add_id(mine, &nmine, db_cell_int(p, k, INBOUND_CODE_ID));
			} else {
				add_id(others, &nothers, db_cell_int(p, k, INBOUND_CODE_ID));
				if (!other_code)
					other_code = arena_strdup(c->arena, code);
			}
		}
	}
	if (nmine == 1) {
		*pid = mine[0];
	} else if (nmine > 1) {
		*why = contact_client ? "several projects" : "the project code names several projects";
		return 0;
	} else if (!contact_client) {
		*why = "no thread, contact or project code";
		return 0;
	} else if (other_code) {
		*why = arena_printf(c->arena, "project code [%s] is not a project of the contact's client",
				    other_code);
		return 0;
	} else {
		if (db_query(c->db, c->arena, ST_INBOUND_ACTIVE, &p, "i", contact_client))
			return -1;
		if (p->nrows != 1) {
			*why = p->nrows ? "several projects" : "no active project of the contact's client";
			return 0;
		}
		*pid = db_cell_int(p, 0, INBOUND_CODE_ID);
	}
	if (db_query(c->db, c->arena, ST_INBOUND_PROJECT, &p, "i", *pid))
		return -1;
	if (p->nrows != 1)
		return -1;
	*client = db_cell_int(p, 0, INBOUND_CODE_CLIENT_ID);
	return 0;
}

/* ------------------------------------------------------------ taking a mail */

int inbound_take_reply(struct ctx *c, long long id, const struct mime_msg *m, const char *reply_text)
{
	struct db_res *row, *u = NULL, *r;
	struct taken t = { .id = id };
	char token[33];
	long long pid, client;
	const char *why;

	if (db_query(c->db, c->arena, ST_INBOUND_LOCK, &row, "i", id))
		return -1;
	if (row->nrows != 1 || strcmp(db_cell(row, 0, INBOUND_LOCK_STATE), "new"))
		return INBOUND_SKIPPED;
	t.from = m->from.addr ? m->from.addr : "";
	t.from_name = m->from.name ? m->from.name : "";
	t.subject = m->subject ? m->subject : "";
	if (*t.from && db_query(c->db, c->arena, ST_INBOUND_USER, &u, "s", t.from))
		return -1;
	if (u && u->nrows == 1)
		t.from_user = db_cell_int(u, 0, INBOUND_USER_ID);
	if (db_exec(c->db, ST_INBOUND_RECORD, "ssisssi", cut(c->arena, t.from, 254),
		    cut(c->arena, t.from_name, 200), t.from_user, cut(c->arena, t.subject, 400),
		    cut(c->arena, to_line(c, m), 2000), m->text ? m->text : "", id) != 1 ||
	    store_files(c, m, &t))
		return -1;

	if (m->auto_reply)
		return to_inbox(c, id, "auto-reply", 0);
	if (m->bounce)
		return bounce(c, m) ? -1
		       : to_inbox(c, id, arena_printf(c->arena, "bounce: %s",
						      m->bounce_recipient && *m->bounce_recipient
						      ? m->bounce_recipient : "address unknown"), 0);
	if (inbound_token_of(m, token)) {
		if (db_query(c->db, c->arena, ST_REPLY_TOKEN_GET, &r, "s", token))
			return -1;
		if (r->nrows != 1)
			return to_inbox(c, id, "unknown reply token", 0);
		return reply(c, m, reply_text ? reply_text : "", &t, r);
	}
	if (project_of(c, m, &pid, &client, &why))
		return -1;
	if (why)
		return to_inbox(c, id, why, 0);
	if (t.too_big)
		return to_inbox(c, id, arena_printf(c->arena, "attachment \u201c%s\u201d is over the upload"
							      " limit (%ld bytes)", t.too_big, c->cfg->max_upload), 0);
	return file_on(c, id, pid, client, 0, t.from_user, t.from, t.from_name, t.subject);
}
