/* fuzz_timecalc.c - libFuzzer target for src/timecalc.c: durations, dates and ISO weeks (see README). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timecalc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[32];
	long long m;
	long days, again;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	/* a duration parses to at most 10,000 hours either way, and h:mm of it parses back */
	if (tc_duration(s, &m) == 0) {
		CHECK(m >= -600000 && m <= 600000);
		if (m >= 0) {
			long long back;
			snprintf(buf, sizeof(buf), "%lld:%02lld", m / 60, m % 60);
			CHECK(tc_duration(buf, &back) == 0 && back == m);
		}
	}
	/* a date that parses formats back to the same text */
	if (tc_date_parse(s, &days) == 0) {
		tc_date_format(days, buf, sizeof(buf));
		CHECK(strcmp(buf, s) == 0);
	}
	/* a week that parses is a Monday whose week formats back to the same text */
	if (tc_week_parse(s, &days) == 0) {
		CHECK(tc_weekday(days) == 0);
		tc_week_format(days, buf, sizeof(buf));
		CHECK(tc_week_parse(buf, &again) == 0 && again == days);
		CHECK(s[5] == 'w' || strcmp(buf, s) == 0);
	}
	free(s);
	return 0;
}
