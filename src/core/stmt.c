/* stmt.c - the statement table: every SQL text Tandem runs, by name, from the sections under src/sql/. */
#include "core/stmt.h"
#include "core/stmt_sql.h"
#include "core/array.h"
#include "core/log.h"

#include <string.h>

#define COLS(st, list)
#define COLS_AS(st, like)

const char *const stmt_sql[ST__COUNT] = {
#define X(name, sql) [name] = sql,
#include "core/sql/all.def"
#undef X
};

const char *const stmt_name[ST__COUNT] = {
#define X(name, sql) [name] = #name,
#include "core/sql/all.def"
#undef X
};
#undef COLS_AS
#undef COLS

/* the declared names of each statement's columns, one array per statement */
#define X(name, sql)
#define C(name, alias) alias,
#define COLS(st, list) static const char *const cols_##st[] = { list };
#define COLS_AS(st, like)
#include "core/sql/all.def"
#undef COLS_AS
#undef COLS
#undef C

const struct stmt_cols stmt_cols[ST__COUNT] = {
#define COLS(st, list) [st] = { cols_##st, ARRAY_SIZE(cols_##st) },
#define COLS_AS(st, like) [st] = { cols_##like, ARRAY_SIZE(cols_##like) },
#include "core/sql/all.def"
#undef COLS_AS
#undef COLS
#undef X
};

int stmt_cols_check(enum stmt st, const char *const *names, size_t n)
{
	const struct stmt_cols *d = &stmt_cols[st];

	if (!d->n)
		return 0;
	for (size_t i = 0; i < d->n && i < n; i++)
		if (!names[i] || strcmp(d->names[i], names[i])) {
			log_error("db: %s: result column %zu is `%s`, declared `%s`", stmt_name[st],
				  i + 1, names[i] ? names[i] : "(none)", d->names[i]);
			return -1;
		}
	if (d->n != n) {
		log_error("db: %s: the statement returns %zu columns, %zu declared", stmt_name[st],
			  n, d->n);
		return -1;
	}
	return 0;
}
