/* vocab.c - names, labels and look-ups of the closed vocabularies, all read from their .def lists. */
#include "domain/vocab.h"

#include <string.h>

static const struct vocab_event events[EV__COUNT + 1] = {
#define EV(id, name, sub, what) [id] = { name, sub, what },
#include "domain/event_types.def"
#undef EV
	[EV__COUNT] = { "", 0, "" },
};

/* the kind column of roles.def as a flag, and as a choice of the staff role field */
#define IS_STAFF 1
#define IS_CONTACT 0
#define CHOICE_STAFF(name) name,
#define CHOICE_CONTACT(name)

static const struct vocab_role roles[ROLE__COUNT] = {
	[ROLE_NONE] = { "", 0, "" },
#define ROLE(id, name, kind, label) [id] = { name, IS_##kind, label },
#include "domain/roles.def"
#undef ROLE
};

static const struct vocab_access levels[ACCESS__COUNT] = {
	[ACCESS_NONE] = { NULL, "", "" },
#define ACCESS(id, name, label, words) [id] = { name, label, words },
#include "domain/roles.def"
#undef ACCESS
};

const char *const vocab_staff_roles[] = {
#define ROLE(id, name, kind, label) CHOICE_##kind(name)
#include "domain/roles.def"
#undef ROLE
	NULL,
};

const char *const vocab_access_levels[] = {
#define ACCESS(id, name, label, words) name,
#include "domain/roles.def"
#undef ACCESS
	NULL,
};

#define WORD(name) name,
const char *const vocab_stages[] = {
#define STAGE WORD
#include "domain/choices.def"
#undef STAGE
	NULL,
};

const char *const vocab_healths[] = {
#define HEALTH WORD
#include "domain/choices.def"
#undef HEALTH
	NULL,
};

const char *const vocab_cadences[] = {
#define CADENCE WORD
#include "domain/choices.def"
#undef CADENCE
	NULL,
};

const char *const vocab_currencies[] = {
#define CURRENCY WORD
#include "domain/choices.def"
#undef CURRENCY
	NULL,
};
#undef WORD

int vocab_in(const char *const *choices, const char *s)
{
	if (!s)
		return 0;
	for (; *choices; choices++)
		if (!strcmp(*choices, s))
			return 1;
	return 0;
}

const struct vocab_event *vocab_event(enum event_type t)
{
	return &events[(unsigned)t < EV__COUNT ? t : EV__COUNT];
}

const struct vocab_role *vocab_role(enum role r)
{
	return &roles[(unsigned)r < ROLE__COUNT ? r : ROLE_NONE];
}

const struct vocab_access *vocab_access(enum access a)
{
	return &levels[(unsigned)a < ACCESS__COUNT ? a : ACCESS_NONE];
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

enum role vocab_role_parse(const char *name)
{
	if (!name || !*name)
		return ROLE_NONE;
	for (size_t i = ROLE_NONE + 1; i < ROLE__COUNT; i++)
		if (!strcmp(roles[i].name, name))
			return (enum role)i;
	return ROLE_NONE;
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
