/* stmt.c - the statement table: every SQL text Tandem runs, by name, from the sections under src/sql/. */
#include "stmt.h"
#include "stmt_sql.h"

const char *const stmt_sql[ST__COUNT] = {
#define X(name, sql) [name] = sql,
#include "sql/core.def"
#include "sql/plan.def"
#include "sql/events.def"
#include "sql/time.def"
#include "sql/client.def"
#include "sql/report.def"
#undef X
};

const char *const stmt_name[ST__COUNT] = {
#define X(name, sql) [name] = #name,
#include "sql/core.def"
#include "sql/plan.def"
#include "sql/events.def"
#include "sql/time.def"
#include "sql/client.def"
#include "sql/report.def"
#undef X
};
