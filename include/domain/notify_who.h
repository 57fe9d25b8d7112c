/* notify_who.h - who is told (issue 12): the people a notice goes to by their relation to the
 * change (a project's PM, a client's contacts, a thread's writers, whom a text @mentions), and
 * one notice per person when a change tells several people of several kinds. */
#ifndef TANDEM_NOTIFY_WHO_H
#define TANDEM_NOTIFY_WHO_H

#include <stddef.h>
#include "domain/ctx.h"
#include "domain/notify.h"

struct db_res;

/* The project a notice is about. */
struct notify_project {
	long long pm_id;      /* its PM, 0: none */
	long long client_id;
	const char *name;     /* arena text */
};

/* Project pid's PM, client and name into *p: 0; NOTIFY_SKIPPED when there is no project pid;
 * -1 on a database error. Reads; locks nothing. */
int notify_project(struct ctx *c, long long pid, struct notify_project *p);

/*
 * Tell project pid's PM n, its user_id, client_id and project_id set from the project (n is
 * changed), in the caller's transaction (notify()). Nobody is told when the project has no PM,
 * or the PM is the actor or inactive. 0 (written or nobody to tell), -1 on a database error.
 */
int notify_pm(struct ctx *c, long long pid, struct notice *n);

/*
 * Tell each active contact of client n->client_id who can sign in n (its user_id set per
 * contact; the actor is left out), in the caller's transaction. 0, or -1.
 */
int notify_contacts(struct ctx *c, struct notice *n);

/* The actor's name for a notice's text: c->actor_name, else theirs in users, else "Someone"
 * (nobody acting: the system). Arena or static text, never NULL. */
const char *notify_actor_name(struct ctx *c);

/* s (NULL: "") as a notice quotes it: runs of spaces, tabs and line breaks made one space,
 * trimmed, cut to at most max characters (UTF-8, max >= 2) ending with "…" when cut.
 * Arena text. */
const char *notify_excerpt(struct arena *a, const char *s, size_t max);

/* The people a change tells, one kind each: the first kind added for a person wins, so a
 * change adds the most specific first (a mention before a reply to the thread). */
struct notify_list {
	struct arena *arena;
	long long *user;
	enum notify_kind *kind;
	size_t n, cap;
};

void notify_list_init(struct notify_list *l, struct arena *a);

/* Add person uid with kind k, unless uid is 0 or listed already. */
void notify_list_add(struct notify_list *l, long long uid, enum notify_kind k);

/*
 * Add as NK_MENTION each person whom text @mentions (mention_find) among the people of the
 * nsets result sets (rows with the columns of ST_NOTIFY_TEAM: id, name, staff) of audience who
 * (NA_STAFF: staff rows only; NA_ANY: all), the names of all the sets compared at once (the
 * longest name wins). Returns how many were mentioned (listed already or not).
 */
size_t notify_list_mentions(struct notify_list *l, const char *text,
			    const struct db_res *const *sets, size_t nsets, int who);

/* 1 when uid is in l, 0 if not. */
int notify_list_has(const struct notify_list *l, long long uid);

#endif
