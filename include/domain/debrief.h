/* debrief.h - the debrief after closure (domain layer, issue 16): what went well, what did not,
 * and lessons learned, each a short text with tags, listed across projects. */
#ifndef TANDEM_DEBRIEF_H
#define TANDEM_DEBRIEF_H

#include <stddef.h>
#include "core/arena.h"
#include "domain/ctx.h"
#include "domain/problem.h"

#define DEBRIEF_MAX_LESSONS 50 /* a project's lessons (ST_LESSON_INSERT's limit) */
#define DEBRIEF_MAX_TAGS 8     /* a lesson's tags */
#define DEBRIEF_TAG_MAX 40     /* characters of a tag */

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	DEBRIEF_NOT_FOUND = 1,  /* no such project or lesson: nothing written */
	DEBRIEF_NOT_CLOSED = 2, /* the project is not in closure: the debrief waits, nothing written */
	DEBRIEF_FULL = 3,       /* the project has DEBRIEF_MAX_LESSONS lessons: nothing written */
	DEBRIEF_BAD = 4,        /* the problems say what is wrong (the tags): nothing written */
};

/*
 * Tags typed as "Estimates, design ,estimates" into *tags (n of them, arena text, at most
 * DEBRIEF_MAX_TAGS): split at commas, each trimmed, runs of spaces made one, ASCII letters
 * lower-cased, empty ones and repeats dropped. A tag is 1..DEBRIEF_TAG_MAX characters of
 * letters (any script), digits, spaces, '-', '_', '/' and '.'. in NULL or blank: no
 * tags. 0, or -1 with *why (static text) when a tag has another character, is too long, or
 * there are too many. Pure.
 */
int debrief_tags_parse(struct arena *a, const char *in, const char ***tags, size_t *n,
		       const char **why);

/*
 * Save project pid's debrief: went_well and went_badly (NULL: ""), written by c->actor_id.
 * Runs in the caller's transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the project's row (FOR UPDATE). Writes: the debrief's row (made when the project
 * entered closure before issue 16 and has none), an internal "debrief" activity line. Emits
 * nothing, mails nothing. Returns 0; DEBRIEF_NOT_FOUND; DEBRIEF_NOT_CLOSED; -1.
 */
int debrief_save(struct ctx *c, long long pid, const char *went_well, const char *went_badly);

/*
 * Add lesson text (checked by the caller: 1..1000 characters) with tags (as typed:
 * debrief_tags_parse) to project pid's debrief, written by c->actor_id; in the caller's
 * transaction (commit on 0, roll back on anything else).
 * Locks: the project's row. Writes: the lesson and its tags. No activity line, no event.
 * The new id in *id. Returns 0; DEBRIEF_NOT_FOUND; DEBRIEF_NOT_CLOSED; DEBRIEF_FULL;
 * DEBRIEF_BAD (the tags' problem on field "tags" in *p); -1.
 */
int debrief_lesson_add(struct ctx *c, long long pid, const char *text, const char *tags,
		       struct problems *p, long long *id);

/*
 * Set lesson id's text and tags (as debrief_lesson_add), in the caller's transaction. Its
 * project's id in *pid whenever the lesson exists.
 * Locks: the project's row, then the lesson's. Writes: the lesson, its tags replaced.
 * Returns 0; DEBRIEF_NOT_FOUND; DEBRIEF_NOT_CLOSED; DEBRIEF_BAD; -1.
 */
int debrief_lesson_update(struct ctx *c, long long id, const char *text, const char *tags,
			  struct problems *p, long long *pid);

/*
 * Remove lesson id and its tags, in the caller's transaction. Its project's id in *pid
 * whenever it exists. Locks: the project's row, then the lesson's. Returns 0;
 * DEBRIEF_NOT_FOUND; DEBRIEF_NOT_CLOSED; -1.
 */
int debrief_lesson_delete(struct ctx *c, long long id, long long *pid);

#endif
