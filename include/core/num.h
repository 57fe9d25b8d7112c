/* num.h - numbers as people write them: pure parsers shared by form checks and connectors. */
#ifndef TANDEM_NUM_H
#define TANDEM_NUM_H

/*
 * An amount with at most two decimals ("12500", "12,500.5", ".05"; commas only
 * as thousands separators in groups of three; no sign) into hundredths in *out.
 * 0, or -1 (*out untouched) for anything else or a value too large for a long long.
 */
int num_decimal2(const char *s, long long *out);

#endif
