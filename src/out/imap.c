/* imap.c - the IMAP reader: new mail of the agency's mailbox stored once each (one transaction
 * with the cursor), then moved to the done folder; libcurl's IMAP, one connection per poll. */
#include "out/imap.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/mailbox.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CONNECT_MS 5000L          /* connecting, TLS and login */
#define COMMAND_MS 30000L         /* one command from start to end */
#define WINDOW 2000               /* UIDs above the cursor searched at once */
#define LEFTOVERS 200             /* stored messages still in the folder moved in one poll */
#define BATCH_BYTES (64L << 20)   /* a batch stops growing past this many fetched bytes */
#define LINE_ROOM (512L * 1024)   /* curl's buffer: an answer line up to half of it is read whole */
#define FAIL_LOG_S 60             /* failures logged at most once a minute */
#define POLL_MS 5000              /* batches on one connection, while more wait, for this long */

/* One connection to the mailbox and the answer of its last command. */
struct conn {
	CURL *h;
	const char *base;         /* "imap://host:port" or "imaps://host:port" (arena) */
	struct buf got;           /* what the last command wrote: untagged lines, or a message */
	size_t limit;             /* bytes a command may write */
	int over;                 /* the last command passed the limit */
	char last[200];           /* the last line the server sent (its reason for a NO) */
	char err[CURL_ERROR_SIZE];
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	struct conn *k = ud;
	size_t len = size * n;

	if (k->got.len + len > k->limit) {
		k->over = 1;
		return 0; /* curl stops the transfer: CURLE_WRITE_ERROR */
	}
	buf_add(&k->got, p, len);
	return len;
}

static size_t on_line(char *p, size_t size, size_t n, void *ud)
{
	struct conn *k = ud;
	size_t len = size * n, m = len < sizeof(k->last) - 1 ? len : sizeof(k->last) - 1;

	memcpy(k->last, p, m);
	k->last[m] = '\0';
	k->last[strcspn(k->last, "\r\n")] = '\0';
	return len;
}

static int conn_open(struct conn *k, struct arena *a, const struct mailbox_settings *s)
{
	int implicit = !strcmp(s->tls, "tls");

	memset(k, 0, sizeof(*k));
	buf_init(&k->got, 4096);
	k->limit = 8L << 20;
	k->h = curl_easy_init();
	if (!k->h)
		return -1;
	k->base = arena_printf(a, "%s://%s:%ld", implicit ? "imaps" : "imap", s->host, s->port);
	curl_easy_setopt(k->h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	curl_easy_setopt(k->h, CURLOPT_USERNAME, s->user);
	curl_easy_setopt(k->h, CURLOPT_PASSWORD, s->password);
	/* starttls: TLS or nothing (never the password in clear); tls: imaps:// from the start */
	curl_easy_setopt(k->h, CURLOPT_USE_SSL,
			 strcmp(s->tls, "none") ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
	curl_easy_setopt(k->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(k->h, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_MS);
	curl_easy_setopt(k->h, CURLOPT_TIMEOUT_MS, COMMAND_MS);
	curl_easy_setopt(k->h, CURLOPT_BUFFERSIZE, LINE_ROOM);
	curl_easy_setopt(k->h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(k->h, CURLOPT_WRITEDATA, k);
	curl_easy_setopt(k->h, CURLOPT_HEADERFUNCTION, on_line);
	curl_easy_setopt(k->h, CURLOPT_HEADERDATA, k);
	curl_easy_setopt(k->h, CURLOPT_ERRORBUFFER, k->err);
	return 0;
}

static void conn_close(struct conn *k)
{
	if (k->h)
		curl_easy_cleanup(k->h); /* LOGOUT, under the same timeouts */
	buf_release(&k->got);
	k->h = NULL;
}

/* Run one command on the connection (made on the first): a custom command on the base URL
 * (path ""), or curl's own FETCH of a message (path "/folder;UIDVALIDITY=v/;UID=n", custom
 * NULL). 0, or -1 with *why (arena) naming what (a label, never the password) and the reason. */
static int run(struct conn *k, struct arena *a, const char *what, const char *path,
	       const char *custom, const char **why)
{
	CURLcode rc;

	buf_reset(&k->got);
	k->over = 0;
	k->err[0] = '\0';
	k->last[0] = '\0';
	curl_easy_setopt(k->h, CURLOPT_URL, arena_printf(a, "%s%s", k->base, path));
	curl_easy_setopt(k->h, CURLOPT_CUSTOMREQUEST, custom);
	rc = curl_easy_perform(k->h);
	if (rc == CURLE_OK)
		return 0;
	if (k->over)
		*why = arena_printf(a, "%s: the answer is longer than %zu bytes", what, k->limit);
	else
		*why = arena_printf(a, "%s: %s%s%s", what, k->err[0] ? k->err : curl_easy_strerror(rc),
				    k->last[0] ? "; the server said: " : "", k->last);
	return -1;
}

/* ------------------------------------------------------------ answers */

/* The number after `name` in s (name preceded by '(', '[' or ' ' and followed by a space), or -1. */
static long long number_after(const char *s, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(s, name); p; p = strstr(p + 1, name)) {
		char *end;
		long long v;
		if (p > s && p[-1] != '(' && p[-1] != '[' && p[-1] != ' ')
			continue;
		if (p[n] != ' ')
			continue;
		errno = 0;
		v = strtoll(p + n + 1, &end, 10);
		if (!errno && end > p + n + 1 && v >= 0)
			return v;
	}
	return -1;
}

/* The lines of the last answer, one at a time: *line points at it, NUL-terminated in place. */
static char *next_line(char **cur)
{
	char *line = *cur, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*cur = nl + 1;
	} else {
		*cur = NULL;
	}
	if (nl && nl > line && nl[-1] == '\r')
		nl[-1] = '\0';
	return line;
}

struct selected {
	long long validity;       /* UIDVALIDITY, -1 when the answer had none */
	long long uidnext;        /* UIDNEXT, -1 when none */
	long long exists;         /* messages in the folder, -1 when not said */
};

static void parse_select(struct conn *k, struct selected *m)
{
	char *cur = k->got.data, *line;

	m->validity = m->uidnext = m->exists = -1;
	while ((line = next_line(&cur))) {
		long long v;
		char *end;
		if (strncmp(line, "* ", 2))
			continue;
		if ((v = number_after(line, "UIDVALIDITY")) > 0)
			m->validity = v;
		else if ((v = number_after(line, "UIDNEXT")) > 0)
			m->uidnext = v;
		else if (line[2] >= '0' && line[2] <= '9') {
			errno = 0;
			v = strtoll(line + 2, &end, 10);
			if (!errno && !strcmp(end, " EXISTS"))
				m->exists = v;
		}
	}
}

static int cmp_uid(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;

	return (a > b) - (a < b);
}

/* The UIDs of "* SEARCH" lines within [lo, hi], ascending, at most max (arena); their count. */
static size_t parse_search(struct conn *k, struct arena *a, long long lo, long long hi,
			   size_t max, long long **out)
{
	size_t n = 0, room = 64;
	long long *v = arena_alloc(a, room * sizeof(*v));
	char *cur = k->got.data, *line;

	while ((line = next_line(&cur))) {
		if (strncmp(line, "* SEARCH", 8))
			continue;
		for (char *p = line + 8; *p;) {
			char *end;
			long long u;
			errno = 0;
			u = strtoll(p, &end, 10);
			if (end == p)
				break;
			p = end;
			if (errno || u < lo || u > hi)
				continue;
			if (n == room) {
				long long *w = arena_alloc(a, 2 * room * sizeof(*w));
				memcpy(w, v, n * sizeof(*v));
				v = w;
				room *= 2;
			}
			v[n++] = u;
		}
	}
	qsort(v, n, sizeof(*v), cmp_uid);
	*out = v;
	return n < max ? n : max;
}

/* A UID set for a command: "3:5,9,12:13" from ascending uids (arena). */
static const char *uid_set(struct arena *a, const long long *u, size_t n)
{
	struct buf b = BUF_INIT;
	const char *out;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && u[j + 1] == u[j] + 1)
			j++;
		if (b.len)
			buf_addch(&b, ',');
		if (j > i)
			buf_addf(&b, "%lld:%lld", u[i], u[j]);
		else
			buf_addf(&b, "%lld", u[i]);
		i = j + 1;
	}
	out = arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}

/* ------------------------------------------------------------ one poll */

/* Move the messages uids (ascending) of the folder (URL path mbox) to the done folder; made
 * when missing. 0, or -1 (*why). */
static int move_done(struct conn *k, struct arena *a, const struct mailbox_settings *s,
		     const char *mbox, const long long *uids, size_t n, const char **why)
{
	const char *set = uid_set(a, uids, n), *ign;
	const char *move = arena_printf(a, "UID MOVE %s \"%s\"", set, s->done_folder);

	if (!run(k, a, "UID MOVE", mbox, move, &ign))
		return 0;
	/* the folder may be missing (made once; "already exists" is no failure here) */
	run(k, a, "CREATE", "", arena_printf(a, "CREATE \"%s\"", s->done_folder), &ign);
	if (!run(k, a, "UID MOVE", mbox, move, &ign))
		return 0;
	/* a server without MOVE (RFC 6851): copy, mark deleted, expunge those (UIDPLUS), or all */
	if (run(k, a, "UID COPY", mbox, arena_printf(a, "UID COPY %s \"%s\"", set, s->done_folder), why) ||
	    run(k, a, "UID STORE", mbox, arena_printf(a, "UID STORE %s +FLAGS.SILENT (\\Deleted)", set), why))
		return -1;
	if (run(k, a, "UID EXPUNGE", mbox, arena_printf(a, "UID EXPUNGE %s", set), &ign) &&
	    run(k, a, "EXPUNGE", mbox, "EXPUNGE", why))
		return -1;
	return 0;
}

struct polled {
	size_t taken;             /* messages of the batch stored (or found stored before) */
	int added;                /* of those, rows that are new (a message read again is not) */
	size_t moved_before;      /* messages stored by an earlier poll moved by this one */
	int more;                 /* more are waiting: poll again at once */
};

/* The batch and the cursor in one transaction (tried three times: a deadlock with another
 * reader of the mailbox). How many rows were new, or -1. */
static int store(struct ctx *c, long long validity, long long cursor, const struct mailbox_msg *m,
		 size_t n)
{
	for (int tries = 0; tries < 3; tries++) {
		int added;
		if (db_begin(c->db))
			continue;
		if ((added = mailbox_store(c, validity, cursor, m, n)) >= 0 && !db_commit(c->db))
			return added;
		db_rollback(c->db);
	}
	return -1;
}

/*
 * One batch on the open connection (the folder selected as sel says, *last the cursor's UID
 * under sel's validity): the leftovers at or below the cursor (first batch of a poll only), up
 * to IMAP_BATCH messages above it sized, fetched, stored with the cursor in one transaction,
 * then moved. Its memory (the messages) is arena a, emptied by the caller after each batch.
 * Adds to out; *last moves on. 0, or -1 (*why, in a).
 */
static int one_batch(struct ctx *c, struct arena *a, struct imap_state *st,
		     const struct mailbox_settings *s, struct conn *k, const struct selected *sel,
		     const char *mbox, int first, long long *last, struct polled *out,
		     const char **why)
{
	long long hi, *fresh = NULL, *old = NULL, *sizes, cursor = 0;
	size_t nfresh = 0, nold = 0, n = 0, bytes = 0;
	struct mailbox_msg *m = NULL;
	int added;

	out->more = 0;
	/* stored before but still here (stopped between the commit and the move): moved below */
	if (first && *last > 0) {
		if (run(k, a, "UID SEARCH", mbox,
			arena_printf(a, "UID SEARCH UNDELETED UID %lld:%lld",
				     *last > WINDOW ? *last - WINDOW + 1 : 1, *last), why))
			return -1;
		nold = parse_search(k, a, 1, *last, LEFTOVERS, &old);
	}
	hi = *last + WINDOW;
	if (sel->uidnext > 0 && hi > sel->uidnext - 1)
		hi = sel->uidnext - 1;
	if (hi > *last) {
		if (run(k, a, "UID SEARCH", mbox,
			arena_printf(a, "UID SEARCH UNDELETED UID %lld:%lld", *last + 1, hi), why))
			return -1;
		nfresh = parse_search(k, a, *last + 1, hi, (size_t)-1, &fresh);
		if (nfresh == 0 && sel->uidnext > 0 && hi < sel->uidnext - 1) {
			/* nothing in this window, and no new message can ever take a UID in it (they
			 * get UIDNEXT or above): the cursor steps over it */
			cursor = hi;
			out->more = 1;
		}
	}
	if (nfresh > IMAP_BATCH) {
		out->more = 1;
		nfresh = IMAP_BATCH;
	}
	if (nfresh) {
		if (run(k, a, "UID FETCH RFC822.SIZE", mbox,
			arena_printf(a, "UID FETCH %s RFC822.SIZE", uid_set(a, fresh, nfresh)), why))
			return -1;
		sizes = arena_calloc(a, nfresh, sizeof(*sizes));
		for (size_t i = 0; i < nfresh; i++)
			sizes[i] = -1;
		{
			char *cur = k->got.data, *line;
			while ((line = next_line(&cur))) {
				long long u = number_after(line, "UID"), z = number_after(line, "RFC822.SIZE");
				for (size_t i = 0; i < nfresh && u > 0 && z >= 0; i++)
					if (fresh[i] == u)
						sizes[i] = z;
			}
		}
		m = arena_calloc(a, nfresh, sizeof(*m));
		for (n = 0; n < nfresh && bytes < BATCH_BYTES; n++) {
			struct mailbox_msg *x = &m[n];
			if (sizes[n] < 0) { /* no size for it: stop before it, and try again next time */
				*why = arena_printf(a, "UID FETCH RFC822.SIZE: no size for UID %lld", fresh[n]);
				break;
			}
			x->uid = fresh[n];
			x->size = sizes[n];
			if (sizes[n] > c->cfg->max_upload) {
				x->reason = arena_printf(a, "too large: %lld bytes (limit %ld)", sizes[n],
							 c->cfg->max_upload);
				continue;
			}
			k->limit = (size_t)c->cfg->max_upload;
			if (run(k, a, arena_printf(a, "UID FETCH %lld BODY[]", fresh[n]),
				arena_printf(a, "%s/;UID=%lld", mbox, fresh[n]),
				NULL, why))
				break; /* what came before it is stored; it is tried again next time */
			x->len = k->got.len;
			x->raw = arena_strndup(a, k->got.data, k->got.len);
			bytes += k->got.len;
		}
		if (n == 0)
			return -1;
		if (n < nfresh)
			out->more = 1;
		cursor = fresh[n - 1];
	}
	if (cursor) {
		if ((added = store(c, sel->validity, cursor, m, n)) < 0) {
			*why = "the batch could not be stored (database); it is read again next time";
			return -1;
		}
		out->added += added;
		*last = cursor;
	}
	out->taken += n;
	/* only now, after the commit: the batch and the leftovers to the done folder */
	if (n + nold) {
		long long *all = arena_alloc(a, (n + nold) * sizeof(*all));
		const char *mwhy;
		for (size_t i = 0; i < n; i++)
			all[i] = m[i].uid;
		if (nold)
			memcpy(all + n, old, nold * sizeof(*old));
		qsort(all, n + nold, sizeof(*all), cmp_uid);
		if (move_done(k, a, s, mbox, all, n + nold, &mwhy)) {
			log_error_limited(&st->move, FAIL_LOG_S, "imap: stored messages not moved to \"%s\""
					  " (they stay in \"%s\" and are not stored again): %s",
					  s->done_folder, s->folder, mwhy);
		} else {
			log_limit_reset(&st->move);
			out->moved_before += nold;
		}
	}
	return 0;
}

/* One poll: a connection, the folder SELECTed, then batches on it while more are waiting, for
 * up to POLL_MS (the worker has other work; the rest is the next poll's, at once). 0, or -1
 * (*why; the batches stored before the failure stay stored). */
static int poll_once(struct ctx *c, struct imap_state *st, const struct mailbox_settings *s,
		     struct polled *out, const char **why)
{
	struct arena *a = c->arena, batch;
	struct timespec t0, t;
	struct selected sel;
	struct conn k;
	long long last = 0;
	char *esc;
	const char *mbox;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	arena_init(&batch);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (conn_open(&k, a, s)) {
		*why = "curl could not make a handle";
		goto out;
	}
	if (run(&k, a, "login and SELECT", "", arena_printf(a, "SELECT \"%s\"", s->folder), why))
		goto out;
	parse_select(&k, &sel);
	if (sel.validity <= 0) {
		*why = arena_printf(a, "SELECT \"%s\": the answer has no UIDVALIDITY", s->folder);
		goto out;
	}
	if (s->uidvalidity) {
		char *end;
		errno = 0;
		if (strtoll(s->uidvalidity, &end, 10) == sel.validity && !errno && !*end)
			last = s->last_uid; /* else: a new validity, read from UID 1 */
	}
	if (sel.exists == 0) {
		rc = 0;
		goto out;
	}
	esc = curl_easy_escape(k.h, s->folder, 0);
	/* every later command names the folder and its UIDVALIDITY in the URL: curl SELECTs it
	 * itself on a new connection (it drops one after a failed command) and refuses a folder
	 * whose UIDVALIDITY is not the one read here */
	mbox = arena_printf(a, "/%s;UIDVALIDITY=%lld", esc ? esc : "INBOX", sel.validity);
	curl_free(esc);
	for (int first = 1;; first = 0) {
		if (one_batch(c, &batch, st, s, &k, &sel, mbox, first, &last, out, why)) {
			*why = arena_strdup(a, *why);
			goto out;
		}
		arena_reset(&batch);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (!out->more || (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >= POLL_MS)
			break;
	}
	rc = 0;
out:
	arena_release(&batch);
	conn_close(&k);
	return rc;
}

int imap_run(struct ctx *c, struct imap_state *st)
{
	struct mailbox_settings s;
	struct polled p;
	const char *why = "unknown";
	time_t now = time(NULL);
	int rc;

	if (!st->again && now == st->looked_at)
		return 0; /* the settings are read at most once a second */
	st->looked_at = now;
	if (mailbox_settings_load(c, &s) || !s.configured)
		return 0;
	if (!st->again && st->polled_at && now - st->polled_at < s.interval_s)
		return 0;
	st->polled_at = now;
	st->again = 0;
	rc = poll_once(c, st, &s, &p, &why);
	if (p.taken)
		log_info("imap: %zu message%s read from \"%s\" (%d new)", p.taken, p.taken == 1 ? "" : "s",
			 s.folder, p.added);
	if (p.moved_before)
		log_info("imap: %zu message%s stored before moved to \"%s\"", p.moved_before,
			 p.moved_before == 1 ? "" : "s", s.done_folder);
	if (rc) { /* what was stored before the failure stays stored */
		log_error_limited(&st->fail, FAIL_LOG_S, "imap: %s@%s:%ld \"%s\": %s", s.user, s.host,
				  s.port, s.folder, why);
		return p.taken ? (int)p.taken : -1;
	}
	if (log_limit_reset(&st->fail))
		log_info("imap: %s@%s:%ld read again", s.user, s.host, s.port);
	st->again = p.more;
	return (int)p.taken;
}
