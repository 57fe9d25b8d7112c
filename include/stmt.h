/* stmt.h - names of every SQL statement Tandem runs; the texts are in the sections under src/sql/. */
#ifndef TANDEM_STMT_H
#define TANDEM_STMT_H

/*
 * The statement table is one list, written in sections: each src/sql/AREA.def
 * holds X(name, "SQL text") entries for one area of the application. The
 * enum, the texts (src/stmt.c) and the names for logs all come from it.
 * Call sites use the name and bind typed values; no SQL is written elsewhere.
 */

enum stmt {
#define X(name, sql) name,
#include "sql/core.def"
#include "sql/plan.def"
#include "sql/events.def"
#include "sql/time.def"
#include "sql/client.def"
#include "sql/report.def"
#undef X
	ST__COUNT
};

/* SQL text of each statement, indexed by enum stmt. */
extern const char *const stmt_sql[ST__COUNT];

/* Name of a statement for logs ("ST_PROJECT_GET"). */
extern const char *const stmt_name[ST__COUNT];

#endif
