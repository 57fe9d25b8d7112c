/* notify.c - notifications: one person told of one thing, in the change's transaction. */
#include "domain/notify.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/vocab.h"

#include <stdlib.h>
#include <string.h>

static const struct notify_kind_info kinds[] = {
#define NK(e, code, audience, flags, label) [e] = { code, audience, flags, label },
#include "domain/notify_kinds.def"
#undef NK
};

static const char *const email_names[] = { [NE_NOW] = "now", [NE_DIGEST] = "digest", [NE_OFF] = "off" };

const struct notify_kind_info *notify_kind(enum notify_kind k)
{
	return &kinds[(size_t)k < ARRAY_SIZE(kinds) ? k : 0];
}

int notify_kind_parse(const char *code, enum notify_kind *out)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(kinds); i++) {
		if (!strcmp(kinds[i].code, code)) {
			*out = (enum notify_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *notify_email_name(enum notify_email e)
{
	return email_names[(size_t)e < ARRAY_SIZE(email_names) ? e : NE_OFF];
}

int notify_email_parse(const char *s, enum notify_email *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(email_names); i++) {
		if (!strcmp(email_names[i], s)) {
			*out = (enum notify_email)i;
			return 0;
		}
	}
	return -1;
}

/* The person's audience bit (NA_STAFF or NA_CONTACT) from their role's name. */
static int audience_of(const char *role)
{
	enum role r = vocab_role_parse(role);

	return r == ROLE_NONE ? 0 : vocab_role(r)->staff ? NA_STAFF : NA_CONTACT;
}

enum notify_email notify_email_default(enum notify_kind kind, int audience, const char *mode)
{
	const struct notify_kind_info *k = notify_kind(kind);

	if (audience == NA_CONTACT && !(k->flags & (NF_AT_ONCE | NF_OWN_MAIL)))
		return mode && !strcmp(mode, "now") ? NE_NOW : NE_DIGEST;
	return NE_NOW;
}

/* The e-mail state of a new row for a person: their choice for the kind, else their general
 * mode (contacts), else the default: staff at once, contacts in the digest (NF_AT_ONCE kinds:
 * at once). */
static const char *mail_state(const struct notify_kind_info *k, int audience, const char *pref,
			      const char *mode)
{
	enum notify_email e;

	if (k->flags & NF_OWN_MAIL)
		return "none";
	if (!pref || notify_email_parse(pref, &e))
		e = notify_email_default((enum notify_kind)(k - kinds), audience, mode);
	return e == NE_OFF ? "none" : notify_email_name(e);
}

int notify(struct ctx *c, const struct notice *n)
{
	const struct notify_kind_info *k = notify_kind(n->kind);
	struct db_res *u;
	int audience;
	long long added;

	if (!n->user_id || n->user_id == c->actor_id)
		return NOTIFY_SKIPPED;
	if (db_query(c->db, c->arena, ST_NOTIFY_TARGET, &u, "si", k->code, n->user_id))
		return -1;
	if (u->nrows != 1 || db_cell_int(u, 0, NOTIFY_TARGET_ACTIVE) != 1)
		return NOTIFY_SKIPPED;
	audience = audience_of(db_cell(u, 0, NOTIFY_TARGET_ROLE));
	if (!(audience & k->audience))
		return NOTIFY_SKIPPED;
	if (audience == NA_CONTACT) {
		/* only ever of the contact's own client; nothing that asks a `view` contact to decide */
		if (!n->client_id || db_cell_int(u, 0, NOTIFY_TARGET_CLIENT_ID) != n->client_id)
			return NOTIFY_SKIPPED;
		if ((k->flags & NF_DECIDE) &&
		    vocab_access_parse(db_cell(u, 0, NOTIFY_TARGET_ACCESS)) < ACCESS_COMMENT)
			return NOTIFY_SKIPPED;
	}
	added = db_exec(c->db, ST_NOTIFY_INSERT, "isiiissssi", n->user_id, k->code, n->client_id,
			n->project_id, c->actor_id, n->link, n->text, n->dedupe,
			mail_state(k, audience, db_cell(u, 0, NOTIFY_TARGET_PREF),
				   db_cell(u, 0, NOTIFY_TARGET_NOTIFY_MODE)), n->thread_id);
	if (added < 0)
		return -1;
	if (added == 0)
		return NOTIFY_SKIPPED;
	return db_exec(c->db, ST_NOTIFY_UNREAD_ADD, "i", n->user_id) < 0 ? -1 : 0;
}

long long notify_read(struct ctx *c, long long user_id, long long id)
{
	long long n = id ? db_exec(c->db, ST_NOTIFY_READ, "ii", id, user_id)
			 : db_exec(c->db, ST_NOTIFY_READ_ALL, "i", user_id);

	if (n < 0 || db_exec(c->db, ST_NOTIFY_UNREAD_RECOUNT, "ii", user_id, user_id) < 0)
		return -1;
	return n;
}

int notify_pref_set(struct ctx *c, long long user_id, enum notify_kind kind, enum notify_email e)
{
	const struct notify_kind_info *k = notify_kind(kind);
	struct db_res *u;

	if (k->flags & NF_OWN_MAIL)
		return NOTIFY_SKIPPED;
	if (db_query(c->db, c->arena, ST_NOTIFY_TARGET, &u, "si", k->code, user_id))
		return -1;
	if (u->nrows != 1 || !(audience_of(db_cell(u, 0, NOTIFY_TARGET_ROLE)) & k->audience))
		return NOTIFY_SKIPPED;
	return db_exec(c->db, ST_NOTIFY_PREF_SET, "iss", user_id, k->code, notify_email_name(e)) < 0
	       ? -1 : 0;
}

int notify_email_of(struct ctx *c, long long user_id, enum notify_kind kind, enum notify_email *out)
{
	const struct notify_kind_info *k = notify_kind(kind);
	struct db_res *u;
	int audience;

	if (db_query(c->db, c->arena, ST_NOTIFY_TARGET, &u, "si", k->code, user_id))
		return -1;
	if (u->nrows != 1 || !((audience = audience_of(db_cell(u, 0, NOTIFY_TARGET_ROLE))) & k->audience))
		return NOTIFY_SKIPPED;
	if (notify_email_parse(mail_state(k, audience, db_cell(u, 0, NOTIFY_TARGET_PREF),
					  db_cell(u, 0, NOTIFY_TARGET_NOTIFY_MODE)), out))
		*out = NE_OFF; /* "none" */
	return 0;
}

int notify_mode_set(struct ctx *c, long long user_id, enum notify_email e)
{
	long long n;

	if (e == NE_OFF)
		return NOTIFY_SKIPPED;
	n = db_exec(c->db, ST_NOTIFY_MODE_SET, "si", notify_email_name(e), user_id);
	return n < 0 ? -1 : n == 0 ? NOTIFY_SKIPPED : 0;
}
