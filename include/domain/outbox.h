/* outbox.h - events and the activity stream, written in the transaction of the change that causes them. */
#ifndef TANDEM_OUTBOX_H
#define TANDEM_OUTBOX_H

#include <jansson.h>
#include "domain/ctx.h"
#include "domain/vocab.h"

/*
 * Write one event to the outbox: {"id","type","occurred_at","data"}, its
 * "type" the wire name of `type` in include/event_types.def, and one
 * row of `deliveries` for every enabled endpoint whose filter takes the type
 * (fan-out at emit time, so an event and its deliveries commit together).
 * Call inside the transaction of the change; `data` is taken over (decref'd)
 * whatever happens. Returns 0, or -1 (the caller rolls back).
 */
int outbox_emit(struct ctx *c, enum event_type type, long long client_id, long long project_id,
		json_t *data);

/*
 * The same event for one endpoint only (the "send test event" button): no
 * fan-out. Same ownership and result as outbox_emit.
 */
int outbox_emit_to(struct ctx *c, long long endpoint_id, enum event_type type, json_t *data);

/*
 * Add a line to the activity stream, by c's actor (the signed-in user). from/to/note may
 * be NULL. Returns 0, or -1 (the caller rolls back).
 */
int activity_add(struct ctx *c, long long client_id, long long project_id, const char *kind,
		 const char *from, const char *to, const char *note, int client_visible);
/* activity_add by user_id (0: nobody, signed with the brand): a decision made through a
 * tokenised link is the contact's, though nobody is signed in. */
int activity_add_by(struct ctx *c, long long user_id, long long client_id, long long project_id,
		    const char *kind, const char *from, const char *to, const char *note,
		    int client_visible);

#endif
