/* inbound_mime.c - incoming mail as stored bytes (issue 14): parsed by core/mime.c (GMime), then
 * taken by inbound.c; the outbox worker's batch. Apart from inbound.c so that the decision can be
 * driven with a parsed message alone (tests/domain/d_inbound.c). */
#include "domain/inbound.h"
#include "core/arena.h"
#include "core/db.h"
#include "core/log.h"
#include "core/mime.h"

#include <stdlib.h>

int inbound_take(struct ctx *c, long long id, const struct mime_msg *m)
{
	return inbound_take_reply(c, id, m, mime_reply_text(c->arena, m->text ? m->text : ""));
}

int inbound_process(struct ctx *c, long long id)
{
	struct db_res *r;
	struct mime_msg m;
	const char *raw;

	if (db_query(c->db, c->arena, ST_INBOUND_RAW, &r, "i", id))
		return -1;
	if (r->nrows != 1)
		return INBOUND_SKIPPED;
	raw = db_cell(r, 0, INBOUND_RAW_RAW);
	if (!raw) /* refused for its size before it was fetched */
		return db_exec(c->db, ST_INBOUND_TO_INBOX, "sii", "message over the size limit: not fetched",
			       0LL, id) == 1 ? 0 : -1;
	if (mime_parse(c->arena, raw, (size_t)db_cell_int(r, 0, INBOUND_RAW_LEN), &m))
		return db_exec(c->db, ST_INBOUND_TO_INBOX, "sii", "not an e-mail message", 0LL, id) == 1
		       ? 0 : -1;
	return inbound_take(c, id, &m);
}

int inbound_run(struct ctx *c, int max)
{
	struct db_res *due;
	int handled = 0;

	if (db_query(c->db, c->arena, ST_INBOUND_NEW, &due, "i", (long long)max))
		return -1;
	for (size_t i = 0; i < due->nrows; i++) {
		long long id = db_cell_int(due, i, INBOUND_NEW_ID);
		struct arena a;
		struct ctx one = *c;
		int rc = -1;

		/* a message's parse and its attachments live as long as its own transaction */
		arena_init(&a);
		one.arena = &a;
		if (!db_begin(c->db)) {
			rc = inbound_process(&one, id);
			if (rc >= 0 && db_commit(c->db))
				rc = -1;
		}
		if (rc < 0) {
			db_rollback(c->db);
			/* one mail that cannot be taken must not stop the lane: kept in the inbox */
			log_warn("inbound: mail %lld could not be taken; kept in the inbox", id);
			db_exec(c->db, ST_INBOUND_TO_INBOX, "sii", "could not be processed (see the log)", 0LL, id);
		}
		handled++;
		arena_release(&a);
	}
	return handled;
}
