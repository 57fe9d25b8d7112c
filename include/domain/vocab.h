/* vocab.h - the closed vocabularies (event types, roles, access levels, the words of project and
 * client fields): enums and names from one X-macro list each. */
#ifndef TANDEM_VOCAB_H
#define TANDEM_VOCAB_H

#include <stddef.h>

/* Event types: include/event_types.def. EV__COUNT is not a type. */
enum event_type {
#define EV(id, name, sub, what) id,
#include "domain/event_types.def"
#undef EV
	EV__COUNT
};

/* Roles of a signed-in person: include/roles.def. ROLE_NONE is nobody. */
enum role {
	ROLE_NONE = 0,
#define ROLE(id, name, kind, label) id,
#include "domain/roles.def"
#undef ROLE
	ROLE__COUNT
};

/* Access levels of a client contact, in rank order: include/roles.def. */
enum access {
	ACCESS_NONE = 0,
#define ACCESS(id, name, label, words) id,
#include "domain/roles.def"
#undef ACCESS
	ACCESS__COUNT
};

/* One row of each list. Every text is static and never NULL, except the name of
 * ACCESS_NONE, which is NULL (a session without a level has no access attribute). */
struct vocab_event {
	const char *name;      /* as written on the wire: "project.created" */
	int subscribable;      /* an endpoint may name it in its filter (all but the test event) */
	const char *what;      /* one line on what happened (README's table) */
};
struct vocab_role {
	const char *name;      /* in the database and the XML: "admin" */
	int staff;             /* 1 for everyone but client contacts */
	const char *label;     /* in forms: "Project manager" */
};
struct vocab_access {
	const char *name;      /* in the database and the XML: "approve" */
	const char *label;     /* in forms: "Can approve" */
	const char *words;     /* in activity lines: "can approve" */
};

/* The row of t, r or a. Static, never NULL: a value outside the list (ROLE_NONE
 * too) gives an empty row ("" names and labels, flags 0). */
const struct vocab_event *vocab_event(enum event_type t);
const struct vocab_role *vocab_role(enum role r);
const struct vocab_access *vocab_access(enum access a);

/* The type called `name`: 0 and *out set, or -1 (*out untouched) when name, or NULL,
 * is not in the list. */
int vocab_event_parse(const char *name, enum event_type *out);

/* The role or level called `name`; ROLE_NONE / ACCESS_NONE when NULL or unknown. */
enum role vocab_role_parse(const char *name);
enum access vocab_access_parse(const char *name);

/* Choices of the form fields (NULL-terminated, for V_ENUM): the staff roles,
 * and the access levels, both in list order. */
extern const char *const vocab_staff_roles[];
extern const char *const vocab_access_levels[];

/* The words of project and client fields, NULL-terminated, in the order of
 * include/domain/choices.def: stages, healths, reporting cadences, currencies. */
extern const char *const vocab_stages[];
extern const char *const vocab_healths[];
extern const char *const vocab_cadences[];
extern const char *const vocab_currencies[];

/* 1 when s is one of the NULL-terminated choices (s may be NULL: 0). */
int vocab_in(const char *const *choices, const char *s);

#endif
