/* mailbox.c - the agency's IMAP mailbox: its settings, the reader's cursor, a batch stored. */
#include "domain/mailbox.h"
#include "core/arena.h"
#include "core/array.h"
#include "core/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tls_modes[] = { "none", "tls", "starttls" };

static long num(const char *v, long def, long min, long max)
{
	char *end;
	long n;

	if (!v || !*v)
		return def;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno || *end || n < min || n > max ? def : n;
}

static int tls_ok(const char *v)
{
	for (size_t i = 0; i < ARRAY_SIZE(tls_modes); i++)
		if (v && !strcmp(v, tls_modes[i]))
			return 1;
	return 0;
}

int mailbox_settings_load(struct ctx *c, struct mailbox_settings *s)
{
	const char *port = NULL, *interval = NULL, *last = NULL;
	struct db_res *res;

	memset(s, 0, sizeof(*s));
	s->tls = "tls";
	s->folder = "INBOX";
	s->done_folder = "Tandem/Done";
	s->interval_s = 60;
	if (db_query(c->db, c->arena, ST_MAILBOX_SETTINGS, &res, ""))
		return -1;
	for (size_t i = 0; i < res->nrows; i++) {
		const char *k = db_cell(res, i, MAILBOX_SETTINGS_NAME);
		const char *v = db_cell(res, i, MAILBOX_SETTINGS_VALUE);

		if (!v || !*v)
			continue;
		if (!strcmp(k, "imap_host"))
			s->host = v;
		else if (!strcmp(k, "imap_port"))
			port = v;
		else if (!strcmp(k, "imap_tls") && tls_ok(v))
			s->tls = v;
		else if (!strcmp(k, "imap_user"))
			s->user = v;
		else if (!strcmp(k, "imap_password"))
			s->password = v;
		else if (!strcmp(k, "imap_address"))
			s->address = v;
		else if (!strcmp(k, "imap_folder") && mailbox_folder_ok(v))
			s->folder = v;
		else if (!strcmp(k, "imap_done_folder") && mailbox_folder_ok(v))
			s->done_folder = v;
		else if (!strcmp(k, "imap_interval_s"))
			interval = v;
		else if (!strcmp(k, "imap_uidvalidity"))
			s->uidvalidity = v;
		else if (!strcmp(k, "imap_last_uid"))
			last = v;
	}
	s->port = num(port, strcmp(s->tls, "tls") ? 143 : 993, 1, 65535);
	s->interval_s = num(interval, 60, 1, 3600);
	s->last_uid = num(last, 0, 0, 4294967295L);
	s->configured = s->host && s->user && s->password && mailbox_host_ok(s->host);
	return 0;
}

int mailbox_host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;

	if (n == 0 || n > 253)
		return 0;
	if (h[0] == '[') /* an IPv6 literal */
		return h[n - 1] == ']' && n > 2 && strspn(h + 1, "0123456789abcdefABCDEF:.") == n - 2;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.' || *p == '_'))
			return 0;
	return h[0] != '.' && h[0] != '-';
}

int mailbox_folder_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 200)
		return 0;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || strchr("\"\\*%{}", *p))
			return 0;
	return 1;
}

/* The e-mail address check of the validation table, again in the domain (a caller other than
 * the form may save): one '@', a dot in the domain, no spaces or brackets. */
static int address_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL, *dot;

	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return 0;
	dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return 0;
	return strcspn(s, " \t\r\n<>\",;") == strlen(s);
}

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

int mailbox_save(struct ctx *c, const struct mailbox_form *f, struct problems *out)
{
	struct mailbox_settings old;
	char port[16], interval[16];
	int moved;

	if (mailbox_settings_load(c, &old))
		return -1;
	if (!mailbox_host_ok(f->host))
		problem_add(out, "host", "Host is a server name or address alone, like imap.example.com"
					 " (no imap://, no path, no spaces).");
	if (f->port < 1 || f->port > 65535)
		problem_add(out, "port", "Port must be between 1 and 65535.");
	if (!tls_ok(f->tls))
		problem_add(out, "tls", "Security must be none, TLS or STARTTLS.");
	if (!f->user || !*f->user || strlen(f->user) > 254 || strpbrk(f->user, "\r\n"))
		problem_add(out, "user", "User name is required (one line, at most 254 characters).");
	if ((!f->password || !*f->password) && !old.password)
		problem_add(out, "password", "Password is required to connect the mailbox.");
	if (f->password && (strlen(f->password) > 500 || strpbrk(f->password, "\r\n")))
		problem_add(out, "password", "Password must be one line of at most 500 characters.");
	if (!address_ok(f->address))
		problem_add(out, "address", "Address must be an e-mail address like name@example.com.");
	if (!mailbox_folder_ok(f->folder))
		problem_add(out, "folder", "Folder must be 1 to 200 plain characters, without quotes,"
					   " backslashes, *, %, { or }.");
	if (!mailbox_folder_ok(f->done_folder))
		problem_add(out, "done_folder", "Done folder must be 1 to 200 plain characters, without"
						" quotes, backslashes, *, %, { or }.");
	else if (same(f->folder, f->done_folder))
		problem_add(out, "done_folder", "Done folder must not be the folder mail is read from.");
	if (f->interval_s < 10 || f->interval_s > 3600)
		problem_add(out, "interval_s", "Interval must be between 10 and 3600 seconds.");
	if (out->n)
		return MAILBOX_REFUSED;
	snprintf(port, sizeof(port), "%ld", f->port);
	snprintf(interval, sizeof(interval), "%ld", f->interval_s);
	moved = !same(old.host, f->host) || old.port != f->port || !same(old.user, f->user) ||
		!same(old.folder, f->folder);
	if (db_exec(c->db, ST_SETTING_SET, "ss", "imap_host", f->host) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_port", port) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_tls", f->tls) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_user", f->user) < 0 ||
	    (f->password && *f->password &&
	     db_exec(c->db, ST_SETTING_SET, "ss", "imap_password", f->password) < 0) ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_address", f->address) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_folder", f->folder) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_done_folder", f->done_folder) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_interval_s", interval) < 0)
		return -1;
	if (moved && (db_exec(c->db, ST_SETTING_SET, "ss", "imap_uidvalidity", "") < 0 ||
		      db_exec(c->db, ST_SETTING_SET, "ss", "imap_last_uid", "0") < 0))
		return -1;
	return 0;
}

int mailbox_store(struct ctx *c, long long uidvalidity, long long last_uid,
		  const struct mailbox_msg *m, size_t n)
{
	const char *was_validity = NULL;
	long long was_last = 0, last = last_uid;
	char v[24], u[24];
	struct db_res *cur;
	int added = 0;

	if (db_query(c->db, c->arena, ST_MAILBOX_CURSOR_LOCK, &cur, ""))
		return -1;
	for (size_t i = 0; i < cur->nrows; i++) {
		const char *k = db_cell(cur, i, MAILBOX_CURSOR_LOCK_NAME);
		const char *val = db_cell(cur, i, MAILBOX_CURSOR_LOCK_VALUE);
		if (!strcmp(k, "imap_uidvalidity"))
			was_validity = val;
		else if (!strcmp(k, "imap_last_uid"))
			was_last = num(val, 0, 0, 4294967295L);
	}
	for (size_t i = 0; i < n; i++) {
		long long rc = db_exec(c->db, ST_INBOUND_ADD, "iibiss", uidvalidity, m[i].uid,
				       (const void *)m[i].raw, m[i].raw ? m[i].len : (size_t)0,
				       m[i].size, m[i].raw ? "new" : "inbox", m[i].reason);
		if (rc < 0)
			return -1;
		added += rc == 1;
		if (m[i].uid > last)
			last = m[i].uid;
	}
	snprintf(v, sizeof(v), "%lld", uidvalidity);
	if (same(was_validity, v) && was_last > last)
		last = was_last;
	snprintf(u, sizeof(u), "%lld", last);
	if (db_exec(c->db, ST_SETTING_SET, "ss", "imap_uidvalidity", v) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "imap_last_uid", u) < 0)
		return -1;
	return added;
}
