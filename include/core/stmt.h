/* stmt.h - names of every SQL statement Tandem runs; the texts are in the sections under src/core/sql/ (all.def lists them). */
#ifndef TANDEM_STMT_H
#define TANDEM_STMT_H

/*
 * The statement table is one list, written in sections: each src/core/sql/AREA.def
 * holds X(name, "SQL text") entries for one area of the application. The
 * enum, the texts (src/stmt.c) and the names for logs all come from it.
 * Call sites use the name and bind typed values; no SQL is written elsewhere.
 *
 * A statement whose result columns are read declares them right after its X entry:
 *
 *   COLS(ST_USER_LOGIN, C(USER_LOGIN_ID, "id") C(USER_LOGIN_PASSWORD_HASH, "password_hash"))
 *
 * one C(constant, name) per column in SELECT order, name being what the result
 * metadata calls the column (its alias). From that one list come the column
 * constants below and the table the columns are checked against when the
 * statement is prepared (stmt_cols_check): a SELECT that no longer matches its
 * list stops the worker at start, by name. A statement that returns the same
 * columns as another (the same list of columns, other WHERE) says so with
 *
 *   COLS_AS(ST_ACTIVITY_PAGE_CLIENT, ST_ACTIVITY_PAGE)
 *
 * and its rows are read with the other's constants.
 */

#include <stddef.h>

#define COLS(st, list)
#define COLS_AS(st, like)
enum stmt {
#define X(name, sql) name,
#include "core/sql/all.def"
#undef X
	ST__COUNT
};
#undef COLS_AS
#undef COLS

/*
 * A declared column is a constant that carries its statement and its position:
 * STMT_COL(st, pos). db_cell reads it from a result whose statement declares a
 * column of the same name at that position (st itself, one declared COLS_AS st,
 * or one that returns st's columns and more; asserted), so a column of one
 * statement cannot be read from another's rows.
 * Values below STMT_COL_FIRST are plain positions (db_col).
 */
#define STMT_COL_SHIFT 8
#define STMT_COL_MAX (1u << STMT_COL_SHIFT) /* columns a statement may declare */
#define STMT_COL(st, pos) ((((unsigned)(st) + 1u) << STMT_COL_SHIFT) | (unsigned)(pos))
#define STMT_COL_FIRST STMT_COL(0, 0)
#define STMT_COL_STMT(col) ((enum stmt)(((col) >> STMT_COL_SHIFT) - 1u))
#define STMT_COL_POS(col) ((size_t)((col) & (STMT_COL_MAX - 1u)))

enum stmt_col {
#define X(name, sql)
#define C(name, alias) name,
#define COLS(st, list) st##__COLS = STMT_COL(st, 0) - 1, list
#define COLS_AS(st, like)
#include "core/sql/all.def"
#undef COLS_AS
#undef COLS
#undef C
#undef X
	STMT_COL__END
};

/* The columns a statement declares: their names in SELECT order, and how many
 * (0 when it declares none). Statements joined by COLS_AS share one names array. */
struct stmt_cols {
	const char *const *names;
	size_t n;
};
extern const struct stmt_cols stmt_cols[ST__COUNT];

/*
 * Check the result columns of st as the database describes them (names[0..n),
 * the metadata's names, in order) against the columns st declares: 0 when they
 * are the same (or st declares none), else -1 after logging the statement's
 * name and the first column that differs.
 */
int stmt_cols_check(enum stmt st, const char *const *names, size_t n);

/* SQL text of each statement, indexed by enum stmt. */
extern const char *const stmt_sql[ST__COUNT];

/* Name of a statement for logs ("ST_PROJECT_GET"). */
extern const char *const stmt_name[ST__COUNT];

#endif
