/* test_vocab.c - the closed vocabularies: event types (filter, HubSpot, README), roles and access levels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/array.h"
#include "out/hubspot_sync.h"
#include "page/page_webhook.h"
#include "domain/vocab.h"

/* lower-case words joined by one dot: "status_report.published" */
static int well_formed(const char *s)
{
	const char *dot = strchr(s, '.');

	if (!dot || dot == s || !dot[1] || strchr(dot + 1, '.'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

static void event_names_are_unique_and_well_formed(void **state)
{
	(void)state;
	for (int i = 0; i < EV__COUNT; i++) {
		const char *n = vocab_event((enum event_type)i)->name;
		assert_true(well_formed(n));
		assert_true(*vocab_event((enum event_type)i)->what);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(n, vocab_event((enum event_type)j)->name);
	}
}

static void event_parse_round_trips(void **state)
{
	enum event_type t;

	(void)state;
	for (int i = 0; i < EV__COUNT; i++) {
		t = EV__COUNT;
		assert_int_equal(vocab_event_parse(vocab_event((enum event_type)i)->name, &t), 0);
		assert_int_equal(t, i);
	}
	assert_string_equal(vocab_event(EV_PROJECT_BUDGET_THRESHOLD)->name, "project.budget_threshold");
	assert_string_equal(vocab_event(EV_CLIENT_CREATED)->name, "client.created");
}

static void event_parse_refuses_what_is_not_listed(void **state)
{
	enum event_type t = EV_TASK_COMPLETED;

	(void)state;
	assert_int_equal(vocab_event_parse(NULL, &t), -1);
	assert_int_equal(vocab_event_parse("", &t), -1);
	assert_int_equal(vocab_event_parse("client.deleted", &t), -1);
	assert_int_equal(vocab_event_parse("Client.Created", &t), -1);
	assert_int_equal(vocab_event_parse("client.created,project.created", &t), -1);
	assert_int_equal(vocab_event_parse("client.created ", &t), -1);
	assert_int_equal(t, EV_TASK_COMPLETED); /* untouched on failure */
	assert_string_equal(vocab_event(EV__COUNT)->name, "");
	assert_false(vocab_event(EV__COUNT)->subscribable);
}

/* Issue 11: every type that fans out can be chosen in an endpoint's filter;
 * the test event, which never fans out, is the only one that cannot. */
static void every_emitted_type_can_be_subscribed_to(void **state)
{
	int not_subscribable = 0;

	(void)state;
	for (int i = 0; i < EV__COUNT; i++) {
		enum event_type t = (enum event_type)i;
		if (vocab_event(t)->subscribable)
			assert_true(webhook_event_choosable(vocab_event(t)->name));
		else
			not_subscribable++;
	}
	/* the two sent to one endpoint only: the test button's and an automation's "call a webhook" */
	assert_int_equal(not_subscribable, 2);
	assert_false(vocab_event(EV_WEBHOOK_TEST)->subscribable);
	assert_false(vocab_event(EV_AUTOMATION_CALL)->subscribable);
	assert_true(webhook_event_choosable("project.budget_threshold"));
}

static void filter_refuses_what_is_not_an_event(void **state)
{
	(void)state;
	assert_false(webhook_event_choosable(NULL));
	assert_false(webhook_event_choosable(""));
	assert_false(webhook_event_choosable("webhook.test"));
	assert_false(webhook_event_choosable("client.deleted"));
	assert_false(webhook_event_choosable("project"));
	assert_false(webhook_event_choosable("client.created,task.completed"));
}

/* The connector's filter is the set it had before the list existed, and maps
 * only types an endpoint may subscribe to. */
static void hubspot_maps_the_same_types_as_before(void **state)
{
	static const char *const before[] = {
		"client.created", "project.created", "project.stage_changed", "approval.decided",
		"change.decided", "time.week_approved", "status_report.published",
	};
	struct arena a;
	const char *filter;
	size_t n = 0;

	(void)state;
	arena_init(&a);
	filter = hubspot_event_filter(&a);
	for (int i = 0; i < EV__COUNT; i++) {
		enum event_type t = (enum event_type)i;
		int listed = 0;
		for (size_t j = 0; j < ARRAY_SIZE(before); j++)
			listed |= !strcmp(before[j], vocab_event(t)->name);
		assert_int_equal(hubspot_maps(t), listed);
		if (hubspot_maps(t)) {
			assert_true(vocab_event(t)->subscribable);
			n++;
		}
	}
	assert_int_equal(n, ARRAY_SIZE(before));
	assert_string_equal(filter, "client.created,project.created,project.stage_changed,"
				    "time.week_approved,approval.decided,change.decided,"
				    "status_report.published");
	assert_false(hubspot_maps(EV__COUNT));
	arena_release(&a);
}

/* README.md's table of events, between its markers, has one row per type, in order. */
static void readme_lists_every_event_type(void **state)
{
	FILE *f = fopen("README.md", "r");
	char line[1024];
	int in = 0, seen = 0, header = 0;

	(void)state;
	assert_non_null(f); /* tests run from the top of the tree (tests/run.sh) */
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "<!-- event-types", 16)) {
			in = 1;
			continue;
		}
		if (!strncmp(line, "<!-- /event-types -->", 21))
			break;
		if (!in)
			continue;
		if (header < 2) { /* the table's head and its rule */
			header++;
			continue;
		}
		assert_true(seen < EV__COUNT);
		char want[1024];
		enum event_type t = (enum event_type)seen;
		snprintf(want, sizeof(want), "| `%s` | %s | %s |\n", vocab_event(t)->name,
			 vocab_event(t)->what,
			 vocab_event(t)->subscribable ? "yes" : "no (sent to one endpoint)");
		assert_string_equal(line, want);
		seen++;
	}
	fclose(f);
	assert_int_equal(in, 1);
	assert_int_equal(seen, EV__COUNT);
}

static void roles_round_trip_and_staff_choices(void **state)
{
	(void)state;
	for (int i = ROLE_NONE + 1; i < ROLE__COUNT; i++) {
		assert_int_equal(vocab_role_parse(vocab_role((enum role)i)->name), i);
		assert_true(*vocab_role((enum role)i)->label);
	}
	assert_string_equal(vocab_role(ROLE_ADMIN)->name, "admin");
	assert_string_equal(vocab_role(ROLE_PM)->name, "pm");
	assert_string_equal(vocab_role(ROLE_MEMBER)->name, "member");
	assert_string_equal(vocab_role(ROLE_CLIENT)->name, "client");
	assert_string_equal(vocab_role(ROLE_NONE)->name, "");
	assert_string_equal(vocab_role(ROLE__COUNT)->name, "");
	assert_true(vocab_role(ROLE_ADMIN)->staff && vocab_role(ROLE_PM)->staff &&
		    vocab_role(ROLE_MEMBER)->staff);
	assert_false(vocab_role(ROLE_CLIENT)->staff);
	assert_false(vocab_role(ROLE_NONE)->staff);
	assert_string_equal(vocab_staff_roles[0], "member");
	assert_string_equal(vocab_staff_roles[1], "pm");
	assert_string_equal(vocab_staff_roles[2], "admin");
	assert_null(vocab_staff_roles[3]);
}

static void roles_parse_refuses_unknown(void **state)
{
	(void)state;
	assert_int_equal(vocab_role_parse(NULL), ROLE_NONE);
	assert_int_equal(vocab_role_parse(""), ROLE_NONE);
	assert_int_equal(vocab_role_parse("Admin"), ROLE_NONE);
	assert_int_equal(vocab_role_parse("admin "), ROLE_NONE);
	assert_int_equal(vocab_role_parse("root"), ROLE_NONE);
}

static void access_levels_in_rank_order(void **state)
{
	(void)state;
	assert_true(ACCESS_NONE < ACCESS_VIEW && ACCESS_VIEW < ACCESS_COMMENT &&
		    ACCESS_COMMENT < ACCESS_APPROVE);
	assert_string_equal(vocab_access_levels[0], "view");
	assert_string_equal(vocab_access_levels[1], "comment");
	assert_string_equal(vocab_access_levels[2], "approve");
	assert_null(vocab_access_levels[3]);
	for (int i = ACCESS_NONE + 1; i < ACCESS__COUNT; i++)
		assert_int_equal(vocab_access_parse(vocab_access((enum access)i)->name), i);
	assert_string_equal(vocab_access(ACCESS_APPROVE)->words, "can approve");
	assert_string_equal(vocab_access(ACCESS_VIEW)->label, "View only");
	assert_null(vocab_access(ACCESS_NONE)->name);
	assert_null(vocab_access(ACCESS__COUNT)->name);
	assert_int_equal(vocab_access_parse(NULL), ACCESS_NONE);
	assert_int_equal(vocab_access_parse("approved"), ACCESS_NONE);
	assert_int_equal(vocab_access_parse(""), ACCESS_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(event_names_are_unique_and_well_formed),
		cmocka_unit_test(event_parse_round_trips),
		cmocka_unit_test(event_parse_refuses_what_is_not_listed),
		cmocka_unit_test(every_emitted_type_can_be_subscribed_to),
		cmocka_unit_test(filter_refuses_what_is_not_an_event),
		cmocka_unit_test(hubspot_maps_the_same_types_as_before),
		cmocka_unit_test(readme_lists_every_event_type),
		cmocka_unit_test(roles_round_trip_and_staff_choices),
		cmocka_unit_test(roles_parse_refuses_unknown),
		cmocka_unit_test(access_levels_in_rank_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
