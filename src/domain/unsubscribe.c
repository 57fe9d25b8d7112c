/* unsubscribe.c - one-click unsubscribe links: a keyed hash of the person and the kind. */
#include "domain/unsubscribe.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "domain/notify.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define KEY_BYTES crypto_generichash_KEYBYTES /* 32 */

_Static_assert(UNSUB_MAC_LEN == 2 * crypto_generichash_BYTES_MIN, "a mac is BLAKE2b-128 in hex");

/* The key into key: 0; 1 when there is none (and make is 0); -1. */
static int key_get(struct ctx *c, int make, unsigned char key[KEY_BYTES])
{
	struct db_res *res;
	const char *hex;
	size_t n = 0;

	if (db_query(c->db, c->arena, ST_UNSUB_KEY, &res, ""))
		return -1;
	if (!res->nrows && make) {
		char fresh[2 * KEY_BYTES + 1];

		crypto_random_hex(fresh, KEY_BYTES);
		if (db_exec(c->db, ST_UNSUB_KEY_ADD, "s", fresh) < 0 ||
		    db_query(c->db, c->arena, ST_UNSUB_KEY, &res, ""))
			return -1;
		sodium_memzero(fresh, sizeof(fresh));
	}
	if (!res->nrows)
		return 1;
	hex = db_cell(res, 0, UNSUB_KEY_VALUE);
	if (!hex || strlen(hex) != 2 * KEY_BYTES ||
	    sodium_hex2bin(key, KEY_BYTES, hex, strlen(hex), NULL, &n, NULL) || n != KEY_BYTES)
		return make ? -1 : 1; /* a damaged key: no link is made, none is honoured */
	return 0;
}

static void mac_of(const unsigned char key[KEY_BYTES], long long user_id, const char *code,
		   char out[UNSUB_MAC_LEN + 1])
{
	unsigned char mac[crypto_generichash_BYTES_MIN];
	char msg[96];
	int n = snprintf(msg, sizeof(msg), "unsubscribe:%lld:%s", user_id, code);

	crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg, (size_t)n, key, KEY_BYTES);
	sodium_bin2hex(out, UNSUB_MAC_LEN + 1, mac, sizeof(mac));
}

/* The kind of code that a link may turn off: 0 and *k (UNSUB_DIGEST: NK__COUNT), or -1. */
static int code_ok(const char *code, enum notify_kind *k)
{
	if (!strcmp(code, UNSUB_DIGEST)) {
		*k = NK__COUNT;
		return 0;
	}
	if (notify_kind_parse(code, k) || (notify_kind(*k)->flags & NF_OWN_MAIL))
		return -1;
	return 0;
}

int unsubscribe_url(struct ctx *c, long long user_id, const char *code, const char **url)
{
	unsigned char key[KEY_BYTES];
	char mac[UNSUB_MAC_LEN + 1];
	enum notify_kind k;
	int rc;

	*url = NULL;
	if (!code || code_ok(code, &k))
		return UNSUB_BAD;
	if ((rc = key_get(c, 1, key)))
		return rc < 0 ? -1 : UNSUB_BAD;
	mac_of(key, user_id, code, mac);
	sodium_memzero(key, sizeof(key));
	*url = arena_printf(c->arena, "%s/unsubscribe/%lld-%s-%s", c->cfg->base_url, user_id, code, mac);
	return 0;
}

int unsubscribe_find(struct ctx *c, const char *token, struct unsub_link *out)
{
	const char *dash, *last;
	unsigned char key[KEY_BYTES];
	char want[UNSUB_MAC_LEN + 1], code[40];
	long long uid = 0;
	enum notify_kind k;
	struct db_res *u;
	int rc;

	memset(out, 0, sizeof(*out));
	/* "<id>-<code>-<mac>": an id without a leading zero, a code of [a-z_], 32 hex */
	if (!token || !(dash = strchr(token, '-')) || !(last = strrchr(token, '-')) || last == dash ||
	    dash == token || token[0] == '0' || (size_t)(last - dash - 1) >= sizeof(code) ||
	    strlen(last + 1) != UNSUB_MAC_LEN || dash - token > 18)
		return UNSUB_BAD;
	for (const char *p = token; p < dash; p++) {
		if (*p < '0' || *p > '9')
			return UNSUB_BAD;
		uid = uid * 10 + (*p - '0');
	}
	for (const char *p = dash + 1; p < last; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return UNSUB_BAD;
	memcpy(code, dash + 1, (size_t)(last - dash - 1));
	code[last - dash - 1] = '\0';
	if (code_ok(code, &k))
		return UNSUB_BAD;
	if ((rc = key_get(c, 0, key)))
		return rc < 0 ? -1 : UNSUB_BAD;
	mac_of(key, uid, code, want);
	sodium_memzero(key, sizeof(key));
	if (sodium_memcmp(want, last + 1, UNSUB_MAC_LEN))
		return UNSUB_BAD;
	if (db_query(c->db, c->arena, ST_UNSUB_USER, &u, "i", uid))
		return -1;
	if (u->nrows != 1)
		return UNSUB_BAD;
	out->user_id = uid;
	out->code = arena_strdup(c->arena, code);
	out->label = k == NK__COUNT ? "The digest" : notify_kind(k)->label;
	out->name = db_cell(u, 0, UNSUB_USER_NAME);
	out->email = db_cell(u, 0, UNSUB_USER_EMAIL);
	return 0;
}

int unsubscribe_apply(struct ctx *c, const struct unsub_link *l)
{
	enum notify_kind k;
	int rc;

	if (!l->code || code_ok(l->code, &k))
		return UNSUB_BAD;
	if (k != NK__COUNT) {
		rc = notify_pref_set(c, l->user_id, k, NE_OFF);
		return rc == NOTIFY_SKIPPED ? UNSUB_BAD : rc;
	}
	for (int i = 0; i < NK__COUNT; i++) {
		enum notify_email e;

		rc = notify_email_of(c, l->user_id, (enum notify_kind)i, &e);
		if (rc < 0)
			return -1;
		if (rc == 0 && e == NE_DIGEST && notify_pref_set(c, l->user_id, (enum notify_kind)i, NE_OFF) < 0)
			return -1;
	}
	return 0;
}
