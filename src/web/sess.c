/* sess.c - sign-in (capped Argon2id), sessions in the database, throttling, CSRF. */
#include "web/sess.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/mail.h"
#include "domain/token.h"
#include "domain/vocab.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

/* ------------------------------------------------------------ hash slots */

#define HASH_SLOTS_MAX 64

static pid_t *slots;      /* shared: the pid hashing in each slot, 0 when free */
static int nslots;

int sess_hash_slots_init(int n)
{
	void *p;

	if (n < 1)
		n = 1;
	if (n > HASH_SLOTS_MAX)
		n = HASH_SLOTS_MAX;
	p = mmap(NULL, HASH_SLOTS_MAX * sizeof(pid_t), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		log_error("sess: cannot map the hash slots: %s", strerror(errno));
		return -1;
	}
	slots = p;
	nslots = n;
	return 0;
}

/* Take a free slot (or one whose worker is gone): its index, or -1 when all
 * are busy. A lone process without slots gets 0 and no cap. */
static int slot_take(void)
{
	pid_t me = getpid();

	if (!slots)
		return 0;
	for (int i = 0; i < nslots; i++) {
		pid_t cur = __atomic_load_n(&slots[i], __ATOMIC_ACQUIRE);
		if (cur && (kill(cur, 0) == 0 || errno != ESRCH))
			continue;
		if (__atomic_compare_exchange_n(&slots[i], &cur, me, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return i;
	}
	return -1;
}

/* 1 when a slot is free now (a hint: slot_take decides). */
static int slot_free(void)
{
	if (!slots)
		return 1;
	for (int i = 0; i < nslots; i++) {
		pid_t cur = __atomic_load_n(&slots[i], __ATOMIC_ACQUIRE);
		if (!cur || (kill(cur, 0) && errno == ESRCH))
			return 1;
	}
	return 0;
}

static void slot_give(int i)
{
	if (slots && i >= 0 && i < nslots)
		__atomic_store_n(&slots[i], 0, __ATOMIC_RELEASE);
}

static void retry_after(struct req *r, long long seconds)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", seconds > 0 ? seconds : 1);
	req_header(r, "Retry-After", v);
}

int sess_load(struct req *r)
{
	struct db_res *res;
	char hash[TOKEN_HASH_LEN + 1];

	memset(&r->sess, 0, sizeof(r->sess));
	/* a cookie without a token's shape is ignored: no hash, no query */
	if (token_hash(kv_get(&r->cookies, SESS_COOKIE), hash))
		return 0;
	if (db_query(r->db, r->arena, ST_SESSION_GET, &res, "s", hash))
		return -1;
	if (res->nrows != 1)
		return 0;
	r->sess.id = db_cell_int(res, 0, SESSION_GET_ID);
	r->sess.csrf = db_cell(res, 0, SESSION_GET_CSRF);
	r->sess.user_id = db_cell_int(res, 0, SESSION_GET_USER_ID);
	r->sess.name = db_cell(res, 0, SESSION_GET_NAME);
	r->sess.email = db_cell(res, 0, SESSION_GET_EMAIL);
	r->sess.role = vocab_role_parse(db_cell(res, 0, SESSION_GET_ROLE));
	r->sess.client_id = db_cell_int(res, 0, SESSION_GET_CLIENT_ID);
	r->sess.client_name = db_cell(res, 0, SESSION_GET_CLIENT_NAME);
	r->sess.access = vocab_access_parse(db_cell(res, 0, SESSION_GET_ACCESS));
	r->sess.unread = db_cell_int(res, 0, SESSION_GET_UNREAD);
	r->sess.inbox = db_cell_int(res, 0, SESSION_GET_INBOX);
	r->sess.token_hash = arena_strdup(r->arena, hash);
	r->sess.timer_since = db_cell(res, 0, SESSION_GET_TIMER_SINCE);
	r->sess.timer_project = db_cell(res, 0, SESSION_GET_TIMER_PROJECT);
	mail_brand_set(&r->ctx, db_cell(res, 0, SESSION_GET_BRAND_NAME), db_cell(res, 0, SESSION_GET_BRAND_ACCENT), db_cell(res, 0, SESSION_GET_BRAND_LOGO),
		       db_cell(res, 0, SESSION_GET_BRAND_LOGO_TYPE));
	if (r->sess.role == ROLE_NONE || (r->sess.role == ROLE_CLIENT && !r->sess.client_id)) {
		memset(&r->sess, 0, sizeof(r->sess));
		return 0;
	}
	/* idle expiry counts from the last touch; one write a minute at most */
	if (db_cell_int(res, 0, SESSION_GET_IDLE) > 60)
		db_exec(r->db, ST_SESSION_TOUCH, "i", r->sess.id);
	return 0;
}

/* The throttle (item 22): LOGIN_OK to go on, or LOGIN_THROTTLED /
 * LOGIN_ERROR with Retry-After set. */
static enum login_result throttle(struct req *r, const char *email)
{
	const char *ip = r->remote_addr ? r->remote_addr : "";
	struct db_res *res;
	long long fails, t;

	if (db_query(r->db, r->arena, ST_LOGIN_FAILS_FROM, &res, "ss", email, ip) ||
	    res->nrows != 1)
		return LOGIN_ERROR;
	fails = db_cell_int(res, 0, LOGIN_FAILS_FROM_FAILS);
	if (fails >= LOGIN_MAX_FAILS) {
		t = LOGIN_WINDOW - db_cell_int(res, 0, LOGIN_FAILS_FROM_AGE);
		retry_after(r, t);
		return LOGIN_THROTTLED;
	}
	if (db_query(r->db, r->arena, ST_LOGIN_FAILS_EMAIL, &res, "s", email) || res->nrows != 1)
		return LOGIN_ERROR;
	t = db_cell_int(res, 0, LOGIN_FAILS_EMAIL_SINCE);
	if (db_cell_int(res, 0, LOGIN_FAILS_EMAIL_FAILS) >= LOGIN_EMAIL_SLOW && t < LOGIN_EMAIL_GAP) {
		if (db_query(r->db, r->arena, ST_LOGIN_KNOWN_ADDR, &res, "ss", email, ip) ||
		    res->nrows != 1)
			return LOGIN_ERROR;
		if (!db_cell_int(res, 0, LOGIN_KNOWN_ADDR_N)) {
			retry_after(r, LOGIN_EMAIL_GAP - t);
			return LOGIN_THROTTLED;
		}
	}
	return LOGIN_OK;
}

enum login_result sess_login(struct req *r, const char *email, const char *password)
{
	struct db_res *res;
	char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1], csrf[65];
	const char *stored;
	long long uid;
	enum login_result lr;
	int ok, slot;

	/* the cheap refusal first: no query and no hash while every slot is busy */
	if (!slot_free()) {
		retry_after(r, 1);
		return LOGIN_BUSY;
	}
	lr = throttle(r, email);
	if (lr != LOGIN_OK)
		return lr;
	if (db_query(r->db, r->arena, ST_USER_LOGIN, &res, "s", email))
		return LOGIN_ERROR;
	stored = res->nrows == 1 ? db_cell(res, 0, USER_LOGIN_PASSWORD_HASH) : NULL;
	slot = slot_take();
	if (slot < 0) {
		retry_after(r, 1);
		return LOGIN_BUSY;
	}
	if (stored && db_cell_int(res, 0, USER_LOGIN_ACTIVE) == 1) {
		ok = crypto_password_verify(stored, password);
	} else {
		/* spend the same time on unknown users: no account probing by timing */
		char dummy[crypto_pwhash_STRBYTES];
		crypto_password_hash(password, dummy, sizeof(dummy));
		ok = 0;
	}
	slot_give(slot);
	if (!ok) {
		if (db_exec(r->db, ST_LOGIN_FAIL_ADD, "ss", email, r->remote_addr) < 0)
			return LOGIN_ERROR;
		return LOGIN_BAD;
	}
	uid = db_cell_int(res, 0, USER_LOGIN_ID);
	if (r->sess.token_hash)
		db_exec(r->db, ST_SESSION_DEL, "s", r->sess.token_hash);
	token_mint(token, hash);
	crypto_random_hex(csrf, 21);
	csrf[42] = '\0';
	if (db_exec(r->db, ST_SESSION_NEW, "sisss", hash, uid, csrf, r->remote_addr,
		    r->user_agent ? r->user_agent : "") < 0)
		return LOGIN_ERROR;
	db_exec(r->db, ST_USER_LOGGED_IN, "i", uid);
	db_exec(r->db, ST_SESSION_PURGE, "");
	db_exec(r->db, ST_LOGIN_PURGE, "");
	req_cookie(r, SESS_COOKIE, token, -1);
	sodium_memzero(token, sizeof(token));
	r->sess.token_hash = arena_strdup(r->arena, hash);
	r->sess.user_id = uid;
	r->sess.role = vocab_role_parse(db_cell(res, 0, USER_LOGIN_ROLE));
	return LOGIN_OK;
}

void sess_logout(struct req *r)
{
	if (r->sess.token_hash)
		db_exec(r->db, ST_SESSION_DEL, "s", r->sess.token_hash);
	req_cookie(r, SESS_COOKIE, "", 0);
	memset(&r->sess, 0, sizeof(r->sess));
}

/* Length of the host part of "host[:port]" (an IPv6 literal keeps its brackets). */
static size_t host_len(const char *s)
{
	const char *colon;

	if (*s == '[') {
		const char *close = strchr(s, ']');
		return close ? (size_t)(close - s) + 1 : strlen(s);
	}
	colon = strchr(s, ':');
	return colon ? (size_t)(colon - s) : strlen(s);
}

int sess_same_origin(const struct req *r)
{
	const char *base = r->cfg->base_url;
	const char *o = r->origin;
	size_t ol;

	if (r->sec_fetch_site && strcmp(r->sec_fetch_site, "same-origin") &&
	    strcmp(r->sec_fetch_site, "none"))
		return 0;
	if (!o || !*o)
		return 1;
	/* the Origin must be this site: the configured base URL, or the host
	 * the request came to (nginx passes Host without its port) */
	if (base && !strcmp(o, base))
		return 1;
	if (!strncmp(o, "https://", 8))
		o += 8;
	else if (!strncmp(o, "http://", 7))
		o += 7;
	else
		return 0;
	if (!r->host || !*r->host)
		return 0;
	ol = host_len(o);
	return ol == host_len(r->host) && !strncasecmp(o, r->host, ol) &&
	       (o[ol] == '\0' || o[ol] == ':') && !strchr(o + ol, '/');
}

int sess_csrf_ok(const struct req *r)
{
	const char *sent = kv_get(&r->form, "csrf");

	/* the pages carry it masked (frame.c), a fresh pad each time */
	if (!r->sess.csrf || !sent || !crypto_token_ok(r->sess.csrf, sent))
		return 0;
	return sess_same_origin(r);
}
