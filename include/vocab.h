/* vocab.h - the closed vocabularies (event types, roles, access levels): enums and names from one X-macro list each. */
#ifndef TANDEM_VOCAB_H
#define TANDEM_VOCAB_H

#include <stddef.h>

/* Event types: include/event_types.def. EV__COUNT is not a type. */
enum event_type {
#define EV(id, name, sub, what) id,
#include "event_types.def"
#undef EV
	EV__COUNT
};

/* Roles of a signed-in person: include/roles.def. ROLE_NONE is nobody. */
enum role {
	ROLE_NONE = 0,
#define ROLE(id, name, kind, label) id,
#include "roles.def"
#undef ROLE
	ROLE__COUNT
};

/* Access levels of a client contact, in rank order: include/roles.def. */
enum access {
	ACCESS_NONE = 0,
#define ACCESS(id, name, label, words) id,
#include "roles.def"
#undef ACCESS
	ACCESS__COUNT
};

/* The type as written on the wire ("project.created"): static text, never NULL
 * (a value outside the list, a bug of ours, gives ""). */
const char *vocab_event_name(enum event_type t);

/* One line on what the event means (the README's table): static text, "" outside the list. */
const char *vocab_event_what(enum event_type t);

/* 1 when an endpoint may name the type in its filter (all but the test event). */
int vocab_event_subscribable(enum event_type t);

/* The type called `name`: 0 and *out set, or -1 when name (or NULL) is not in the list. */
int vocab_event_parse(const char *name, enum event_type *out);

/* Name of a role ("admin"), static text; "" for ROLE_NONE or a value outside the list. */
const char *vocab_role_name(enum role r);

/* Its label in forms ("Project manager"); "" as above. */
const char *vocab_role_label(enum role r);

/* 1 for a staff role (everyone but client contacts). */
int vocab_role_staff(enum role r);

/* The role called `name`, or ROLE_NONE when name is NULL or unknown. */
enum role vocab_role_parse(const char *name);

/* Name of an access level ("approve"), static text; NULL for ACCESS_NONE or outside the list. */
const char *vocab_access_name(enum access a);

/* Its label in forms ("Can approve") and its words in activity lines ("can approve"):
 * static text; "" for ACCESS_NONE or outside the list. */
const char *vocab_access_label(enum access a);
const char *vocab_access_words(enum access a);

/* The level called `name`, or ACCESS_NONE when name is NULL or unknown. */
enum access vocab_access_parse(const char *name);

/* Choices of the form fields (NULL-terminated, for V_ENUM): the staff roles,
 * and the access levels, both in list order. */
extern const char *const vocab_staff_roles[];
extern const char *const vocab_access_levels[];

#endif
