/* ctx.h - the small context a domain function runs in: database, arena, configuration, actor, brand. */
#ifndef TANDEM_CTX_H
#define TANDEM_CTX_H

struct arena;
struct config;
struct db;

/*
 * The members of struct ctx, written once: struct req (req.h) holds the same list in a
 * union with its `ctx`, so r->db and r->ctx.db are one object and cannot drift apart.
 *   arena       where results and text live; reset by whoever owns it
 *   db          the connection, in the caller's transaction when there is one
 *   cfg         the configuration (base_url, mail_from, ...)
 *   actor_id    users.id of who acts (activity lines, created_by); 0: nobody (the system)
 *   actor_name  their display name, or NULL
 *   brand_*     the agency's brand: name, accent, logo (its SHA-256, "" when none) and the
 *               logo's content type; NULL until read (mail_brand_set / mail_brand_name)
 *   rule_*      when an automation's run acts (issue 13): the rule, the run, its depth in the
 *               chain and the chain so far ("3>4>"); 0 / NULL otherwise. outbox_emit gives an
 *               event they cause to the rules it triggers, which count the depth on.
 */
#define CTX_MEMBERS \
	struct arena *arena; \
	struct db *db; \
	const struct config *cfg; \
	long long actor_id; \
	const char *actor_name; \
	const char *brand_name; \
	const char *brand_accent; \
	const char *brand_logo; \
	const char *brand_logo_type; \
	long long rule_id; \
	long long rule_run; \
	int rule_depth; \
	const char *rule_chain;

/*
 * What a state change needs and nothing of HTTP. A request contains one (&r->ctx, filled
 * by the edge and the front line's session load); the outbox worker, HubSpot and the
 * `tandem` subcommands build one with ctx_init. Borrowed pointers only: the ctx owns
 * nothing and needs no release.
 */
struct ctx {
	CTX_MEMBERS
};

/* A context on db, arena a and cfg, acting as nobody (actor 0), the brand read on first
 * use. cfg may be NULL when the caller queues no mail (mail_doc reads cfg->base_url).
 * Never fails. */
static inline struct ctx ctx_init(struct db *db, struct arena *a, const struct config *cfg)
{
	return (struct ctx){ .arena = a, .db = db, .cfg = cfg };
}

#endif
