/* num.c - numbers as people write them, read without locale or libc surprises. */
#include "core/num.h"

#include <ctype.h>
#include <limits.h>

int num_decimal2(const char *s, long long *out)
{
	long long whole = 0, frac = 0;
	int digits = 0, fd = 0, group = 0, commas = 0;
	const char *p = s;

	if (*p == '+' || *p == '-')
		return -1; /* signs are not amounts people type; negatives are refused */
	/* whole part: digits, optionally grouped by commas in threes ("12,500") */
	for (; isdigit((unsigned char)*p) || *p == ','; p++) {
		if (*p == ',') {
			if ((commas == 0 && (group < 1 || group > 3)) || (commas > 0 && group != 3))
				return -1;
			commas++;
			group = 0;
			continue;
		}
		if (whole > (LLONG_MAX / 100 - 9) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
		digits++;
		group++;
	}
	if (commas && group != 3)
		return -1;
	if (*p == '.') {
		p++;
		for (; isdigit((unsigned char)*p); p++) {
			if (++fd > 2)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (fd == 0 && !digits)
			return -1;
	}
	if (*p || (!digits && !fd))
		return -1;
	if (fd == 1)
		frac *= 10;
	*out = whole * 100 + frac;
	return 0;
}
