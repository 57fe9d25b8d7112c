/* vocab.c - names, labels and look-ups of the closed vocabularies, all read from their .def lists. */
#include "vocab.h"

#include <string.h>

struct event_info {
	const char *name;
	int subscribable;
	const char *what;
};

static const struct event_info events[EV__COUNT] = {
#define EV(id, name, sub, what) [id] = { name, sub, what },
#include "event_types.def"
#undef EV
};

struct role_info {
	const char *name;
	int staff;
	const char *label;
};

/* the kind column of roles.def as a flag, and as a choice of the staff role field */
#define IS_STAFF 1
#define IS_CONTACT 0
#define CHOICE_STAFF(name) name,
#define CHOICE_CONTACT(name)

static const struct role_info roles[ROLE__COUNT] = {
	[ROLE_NONE] = { "", 0, "" },
#define ROLE(id, name, kind, label) [id] = { name, IS_##kind, label },
#include "roles.def"
#undef ROLE
};

struct access_info {
	const char *name;
	const char *label;
	const char *words;
};

static const struct access_info levels[ACCESS__COUNT] = {
	[ACCESS_NONE] = { NULL, "", "" },
#define ACCESS(id, name, label, words) [id] = { name, label, words },
#include "roles.def"
#undef ACCESS
};

const char *const vocab_staff_roles[] = {
#define ROLE(id, name, kind, label) CHOICE_##kind(name)
#include "roles.def"
#undef ROLE
	NULL,
};

const char *const vocab_access_levels[] = {
#define ACCESS(id, name, label, words) name,
#include "roles.def"
#undef ACCESS
	NULL,
};

const char *vocab_event_name(enum event_type t)
{
	return (unsigned)t < EV__COUNT ? events[t].name : "";
}

const char *vocab_event_what(enum event_type t)
{
	return (unsigned)t < EV__COUNT ? events[t].what : "";
}

int vocab_event_subscribable(enum event_type t)
{
	return (unsigned)t < EV__COUNT && events[t].subscribable;
}

int vocab_event_parse(const char *name, enum event_type *out)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < EV__COUNT; i++)
		if (!strcmp(events[i].name, name)) {
			*out = (enum event_type)i;
			return 0;
		}
	return -1;
}

const char *vocab_role_name(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? roles[r].name : "";
}

const char *vocab_role_label(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? roles[r].label : "";
}

int vocab_role_staff(enum role r)
{
	return (unsigned)r < ROLE__COUNT && roles[r].staff;
}

enum role vocab_role_parse(const char *name)
{
	if (!name || !*name)
		return ROLE_NONE;
	for (size_t i = ROLE_NONE + 1; i < ROLE__COUNT; i++)
		if (!strcmp(roles[i].name, name))
			return (enum role)i;
	return ROLE_NONE;
}

const char *vocab_access_name(enum access a)
{
	return (unsigned)a < ACCESS__COUNT ? levels[a].name : NULL;
}

const char *vocab_access_label(enum access a)
{
	return (unsigned)a < ACCESS__COUNT ? levels[a].label : "";
}

const char *vocab_access_words(enum access a)
{
	return (unsigned)a < ACCESS__COUNT ? levels[a].words : "";
}

enum access vocab_access_parse(const char *name)
{
	if (!name)
		return ACCESS_NONE;
	for (size_t i = ACCESS_NONE + 1; i < ACCESS__COUNT; i++)
		if (!strcmp(levels[i].name, name))
			return (enum access)i;
	return ACCESS_NONE;
}
