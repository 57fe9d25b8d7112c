/* db.h - the one SQL layer: prepared statements from the statement table, typed binds, transactions. */
#ifndef TANDEM_DB_H
#define TANDEM_DB_H

#include <assert.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include "core/arena.h"
#include "core/config.h"
#include "core/stmt.h"

struct db;

/*
 * A result set copied into arena memory. Every cell is the column's text form
 * (MariaDB's string conversion: dates "YYYY-MM-DD", datetimes
 * "YYYY-MM-DD HH:MM:SS", numbers in decimal) or NULL for SQL NULL. Column
 * names are the SELECT's aliases; the XML layer turns them into attributes.
 */
struct db_res {
	size_t nrows;
	size_t ncols;
	const char **cols;   /* ncols names */
	const char **cells;  /* nrows * ncols, row-major */
	enum stmt st;        /* the statement it is the result of (ST__COUNT: built by hand) */
};

/* Connect with cfg's settings (utf8mb4, UTC, strict mode). NULL on failure, logged. */
struct db *db_open(const struct config *cfg);
void db_close(struct db *db);

/*
 * A worker's connection: db_open, then db_prepare_all, trying once a second
 * for ten seconds while the database starts, until *stop is set. NULL when
 * there is none, with *rc the worker's exit code: 2 when the database did not
 * answer or the schema does not fit the code (run migrate), 0 when stopped.
 */
struct db *db_open_ready(const struct config *cfg, volatile sig_atomic_t *stop, int *rc);

/* Prepare every statement of the table now (workers at start, `tandem check`).
 * Returns 0, or -1 after logging the statement that failed. */
int db_prepare_all(struct db *db);

/*
 * Bind-type strings, one letter per `?` in the statement:
 *   i  long long
 *   n  long long, 0 binds SQL NULL (optional ids)
 *   s  const char *, NULL binds SQL NULL
 *   b  const void *, size_t: that many bytes as they are (a BLOB: NULs and all), NULL binds
 *      SQL NULL (two arguments for one `?`)
 */

/* Run a SELECT; *out is arena-owned (never NULL on success). 0, or -1 logged. */
int db_query(struct db *db, struct arena *a, enum stmt st, struct db_res **out,
	     const char *types, ...);
/* db_query with its arguments as a va_list (for wrappers); ap is consumed. */
int db_vquery(struct db *db, struct arena *a, enum stmt st, struct db_res **out,
	      const char *types, va_list ap);

/*
 * Run a SELECT and hand its rows to fn one at a time, as they come off the
 * connection (no mysql_stmt_store_result): memory stays flat however many
 * rows there are. cells[i] is the column's text (NUL-terminated, lens[i]
 * bytes) or NULL for SQL NULL; the buffers are reused for the next row. A cell
 * longer than DB_STREAM_MAX_CELL bytes is an error: stream short columns.
 * fn returns 0 to go on, non-zero to stop (the rest is discarded). No other
 * statement may run on db until db_stream returns. Returns 0 when every row
 * was handed over, 1 when fn stopped, -1 on a database failure (logged).
 */
#define DB_STREAM_MAX_CELL 65536
typedef int (*db_row_fn)(void *ctx, const char *const *cells, const unsigned long *lens,
			 size_t ncols);
int db_stream(struct db *db, enum stmt st, db_row_fn fn, void *ctx, const char *types, ...);

/* Run a statement without a result set. Returns affected rows (>= 0), or -1. */
long long db_exec(struct db *db, enum stmt st, const char *types, ...);

/* AUTO_INCREMENT id of the last db_exec INSERT. */
long long db_insert_id(struct db *db);

/* MariaDB error number of the last failure (e.g. 1062 duplicate key), 0 if none. */
unsigned db_errno(struct db *db);

/* Transactions. Nesting is a bug (asserted). db_rollback is safe to call when
 * no transaction is open. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
int db_in_tx(struct db *db);
/* One savepoint in the open transaction (set again: moved): db_savepoint marks it,
 * db_rollback_savepoint undoes what came after it and keeps the transaction; -1 when that
 * failed (the server rolled the whole transaction back, e.g. a deadlock: the caller must
 * db_rollback and start again). */
int db_savepoint(struct db *db);
int db_rollback_savepoint(struct db *db);

/*
 * Execute a script of statements separated by ';' at the end of a line (our
 * own migration and demo files, never user input), each as a one-off
 * prepared statement. Lines starting with "--" are comments.
 * Returns 0, or -1 logged with the statement's first line.
 */
int db_run_script(struct db *db, const char *sql, size_t len, const char *name);

/* The position of the declared column col in r: r's statement declares, at col's position, a
 * column of the same name (it is col's own statement, or one with the same columns there). */
static inline size_t db_col_check(const struct db_res *r, size_t col)
{
	size_t pos = STMT_COL_POS(col);

	assert(r->st < ST__COUNT && pos < stmt_cols[r->st].n &&
	       !strcmp(stmt_cols[r->st].names[pos], stmt_cols[STMT_COL_STMT(col)].names[pos]));
	return pos;
}

/* Cell text, or NULL (row 0 of an empty result is NULL too). col is a column the statement
 * declares (COLS in src/sql/, e.g. SESSION_GET_CSRF) or a position from db_col. A column of
 * another statement, or one the statement does not have, is our bug: it stops here instead of
 * reading the wrong cell. */
static inline const char *db_cell(const struct db_res *r, size_t row, size_t col)
{
	if (col >= STMT_COL_FIRST) {
		col = db_col_check(r, col);
	}
	assert(col < r->ncols);
	return r->cells[row * r->ncols + col];
}

/* Cell as an integer; 0 for NULL or non-numeric text. */
long long db_cell_int(const struct db_res *r, size_t row, size_t col);

/* Index of the column named name, or -1. */
int db_col(const struct db_res *r, const char *name);

#endif
