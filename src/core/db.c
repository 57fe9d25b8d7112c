/* db.c - the one SQL layer: statements prepared once per connection, typed binds, rows copied to the arena. */
#include "core/db.h"
#include "core/log.h"

#include <assert.h>
#include <errno.h>
#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PARAMS 32

struct db {
	MYSQL *conn;
	const struct config *cfg;
	MYSQL_STMT *stmt[ST__COUNT];   /* prepared lazily, once per connection */
	int in_tx;
	unsigned last_errno;
	long long insert_id;
};

/* Connection failures: a database outage would otherwise log every request
 * (thousands of lines a second); once, then one line per 10 s with a count. */
static struct log_limit outage;
#define OUTAGE_LOG_EVERY 10

static int lost_connection(unsigned e);

static int connect_db(struct db *db)
{
	const struct config *c = db->cfg;
	unsigned timeout = 5;
	my_bool off = 0;

	db->conn = mysql_init(NULL);
	if (!db->conn) {
		log_error("db: mysql_init failed");
		return -1;
	}
	mysql_options(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(db->conn, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->conn, MYSQL_INIT_COMMAND,
		      "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
		      "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',"
		      " tx_isolation = 'READ-COMMITTED'");
	if (!mysql_real_connect(db->conn, c->db_socket ? NULL : c->db_host, c->db_user,
				c->db_password, c->db_name, c->db_port, c->db_socket, 0)) {
		log_error_limited(&outage, OUTAGE_LOG_EVERY, "db: connect to %s as %s: %s",
				  c->db_socket ? c->db_socket : c->db_host,
				  c->db_user ? c->db_user : "(default)", mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		return -1;
	}
	if (log_limit_reset(&outage))
		log_info("db: connected to the database again");
	return 0;
}

static void disconnect(struct db *db)
{
	for (int i = 0; i < ST__COUNT; i++)
		if (db->stmt[i]) {
			mysql_stmt_close(db->stmt[i]);
			db->stmt[i] = NULL;
		}
	if (db->conn)
		mysql_close(db->conn);
	db->conn = NULL;
	db->in_tx = 0;
}

struct db *db_open(const struct config *cfg)
{
	struct db *db = calloc(1, sizeof(*db));

	if (!db)
		return NULL;
	db->cfg = cfg;
	if (connect_db(db)) {
		free(db);
		return NULL;
	}
	return db;
}

struct db *db_open_ready(const struct config *cfg, volatile sig_atomic_t *stop, int *rc)
{
	struct db *db = NULL;

	*rc = 0;
	for (int tries = 0; !db && !*stop; tries++) {
		db = db_open(cfg);
		if (db && db_prepare_all(db)) {
			db_close(db);
			*rc = 2; /* the schema does not fit the code: run migrate */
			return NULL;
		}
		if (!db) {
			if (tries >= 10) {
				*rc = 2;
				return NULL;
			}
			sleep(1);
		}
	}
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	disconnect(db);
	free(db);
}

/* The result columns of the prepared s against the ones st declares (stmt_cols_check).
 * 0, or -1 logged. */
static int check_cols(MYSQL_STMT *s, enum stmt st)
{
	const char *names[STMT_COL_MAX];
	MYSQL_RES *meta;
	MYSQL_FIELD *f;
	size_t n;
	int rc;

	if (!stmt_cols[st].n)
		return 0;
	meta = mysql_stmt_result_metadata(s);
	n = meta ? mysql_num_fields(meta) : 0;
	if (n > STMT_COL_MAX)
		n = STMT_COL_MAX;
	f = meta ? mysql_fetch_fields(meta) : NULL;
	for (size_t i = 0; i < n; i++)
		names[i] = f[i].name;
	rc = stmt_cols_check(st, names, n);
	if (meta)
		mysql_free_result(meta);
	return rc;
}

static MYSQL_STMT *prepare(struct db *db, enum stmt st)
{
	MYSQL_STMT *s;
	my_bool on = 1;

	if (db->stmt[st])
		return db->stmt[st];
	if (!db->conn && connect_db(db))
		return NULL;
	s = mysql_stmt_init(db->conn);
	if (!s)
		return NULL;
	if (mysql_stmt_prepare(s, stmt_sql[st], strlen(stmt_sql[st]))) {
		db->last_errno = mysql_stmt_errno(s);
		if (lost_connection(db->last_errno))
			log_error_limited(&outage, OUTAGE_LOG_EVERY, "db: prepare %s: %s",
					  stmt_name[st], mysql_stmt_error(s));
		else
			log_error("db: prepare %s: %s", stmt_name[st], mysql_stmt_error(s));
		mysql_stmt_close(s);
		return NULL;
	}
	if (check_cols(s, st)) {
		mysql_stmt_close(s);
		return NULL;
	}
	mysql_stmt_attr_set(s, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	db->stmt[st] = s;
	return s;
}

int db_prepare_all(struct db *db)
{
	for (int i = 0; i < ST__COUNT; i++) {
		if (i == ST_MIGRATIONS_TABLE)
			continue;
		if (!prepare(db, (enum stmt)i))
			return -1;
	}
	return 0;
}

/* The bound values live here while a statement executes. */
struct binds {
	MYSQL_BIND b[MAX_PARAMS];
	long long ints[MAX_PARAMS];
	unsigned long lens[MAX_PARAMS];
	size_t n;
};

static int bind_args(struct binds *bs, enum stmt st, const char *types, va_list ap)
{
	memset(bs->b, 0, sizeof(bs->b));
	bs->n = strlen(types);
	if (bs->n > MAX_PARAMS) {
		log_error("db: %s: too many parameters", stmt_name[st]);
		return -1;
	}
	for (size_t i = 0; i < bs->n; i++) {
		MYSQL_BIND *b = &bs->b[i];
		switch (types[i]) {
		case 'i':
		case 'n':
			bs->ints[i] = va_arg(ap, long long);
			if (types[i] == 'n' && bs->ints[i] == 0) {
				b->buffer_type = MYSQL_TYPE_NULL;
			} else {
				b->buffer_type = MYSQL_TYPE_LONGLONG;
				b->buffer = &bs->ints[i];
			}
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s) {
				b->buffer_type = MYSQL_TYPE_NULL;
			} else {
				b->buffer_type = MYSQL_TYPE_STRING;
				b->buffer = (void *)s;
				bs->lens[i] = (unsigned long)strlen(s);
				b->buffer_length = bs->lens[i];
				b->length = &bs->lens[i];
			}
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t len = va_arg(ap, size_t);
			if (!p) {
				b->buffer_type = MYSQL_TYPE_NULL;
			} else {
				b->buffer_type = MYSQL_TYPE_LONG_BLOB;
				b->buffer = (void *)p;
				bs->lens[i] = (unsigned long)len;
				b->buffer_length = bs->lens[i];
				b->length = &bs->lens[i];
			}
			break;
		}
		default:
			log_error("db: %s: bad bind type '%c'", stmt_name[st], types[i]);
			return -1;
		}
	}
	return 0;
}

static int lost_connection(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == ER_NEED_REPREPARE ||
	       e == CR_CONNECTION_ERROR || e == ER_CONNECTION_KILLED;
}

/* Prepare (if needed), bind and execute; reconnect and retry once when the
 * connection was lost outside a transaction. Returns the statement or NULL. */
static MYSQL_STMT *execute(struct db *db, enum stmt st, struct binds *bs)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		MYSQL_STMT *s = prepare(db, st);
		unsigned e;

		if (!s) {
			if (attempt == 0 && !db->in_tx && (!db->conn || lost_connection(db->last_errno) ||
			    (db->conn && lost_connection(mysql_errno(db->conn))))) {
				disconnect(db);
				continue;
			}
			return NULL;
		}
		if (mysql_stmt_param_count(s) != bs->n) {
			log_error("db: %s: %lu parameters, %zu bound", stmt_name[st],
				  mysql_stmt_param_count(s), bs->n);
			return NULL;
		}
		if (bs->n && mysql_stmt_bind_param(s, bs->b)) {
			log_error("db: bind %s: %s", stmt_name[st], mysql_stmt_error(s));
			return NULL;
		}
		if (!mysql_stmt_execute(s))
			return s;
		e = mysql_stmt_errno(s);
		db->last_errno = e;
		if (attempt == 0 && lost_connection(e) && !db->in_tx) {
			log_error_limited(&outage, OUTAGE_LOG_EVERY, "db: %s: %s; reconnecting",
					  stmt_name[st], mysql_stmt_error(s));
			disconnect(db);
			continue;
		}
		if (lost_connection(e))
			log_error_limited(&outage, OUTAGE_LOG_EVERY, "db: %s: %s", stmt_name[st],
					  mysql_stmt_error(s));
		else if (e != ER_DUP_ENTRY && e != ER_NO_REFERENCED_ROW_2 && e != ER_CONSTRAINT_FAILED)
			log_error("db: %s: %s", stmt_name[st], mysql_stmt_error(s));
		return NULL;
	}
	return NULL;
}

/* Bind the values and execute st; the statement, or NULL (logged). */
static MYSQL_STMT *bind_and_execute(struct db *db, enum stmt st, struct binds *bs,
				    const char *types, va_list ap)
{
	db->last_errno = 0;
	if (bind_args(bs, st, types, ap))
		return NULL;
	return execute(db, st, bs);
}

long long db_exec(struct db *db, enum stmt st, const char *types, ...)
{
	struct binds bs;
	va_list ap;
	MYSQL_STMT *s;
	long long n;

	va_start(ap, types);
	s = bind_and_execute(db, st, &bs, types, ap);
	va_end(ap);
	if (!s)
		return -1;
	n = (long long)mysql_stmt_affected_rows(s);
	db->insert_id = (long long)mysql_stmt_insert_id(s);
	if (mysql_stmt_field_count(s))
		mysql_stmt_free_result(s);
	return n < 0 ? 0 : n;
}

long long db_insert_id(struct db *db)
{
	return db->insert_id;
}

unsigned db_errno(struct db *db)
{
	return db->last_errno;
}

/* Size of the text buffer for one column of this result. */
static unsigned long column_room(const MYSQL_FIELD *f)
{
	unsigned long n = f->max_length;

	switch (f->type) {
	case MYSQL_TYPE_STRING:
	case MYSQL_TYPE_VAR_STRING:
	case MYSQL_TYPE_VARCHAR:
	case MYSQL_TYPE_BLOB:
	case MYSQL_TYPE_TINY_BLOB:
	case MYSQL_TYPE_MEDIUM_BLOB:
	case MYSQL_TYPE_LONG_BLOB:
	case MYSQL_TYPE_JSON:
	case MYSQL_TYPE_ENUM:
	case MYSQL_TYPE_SET:
		break;
	default:
		/* numbers and dates: max_length may be the binary size */
		if (n < 64)
			n = 64;
		break;
	}
	return n + 1;
}

/* One set of text buffers that a result's rows are fetched into, row by row. */
struct rows {
	MYSQL_RES *meta;
	MYSQL_FIELD *fields;
	size_t ncols;
	MYSQL_BIND *rb;
	unsigned long *lens;
	my_bool *nulls;
};

/* Metadata and bind arrays for the result of s. 0, or -1 logged; rows_close
 * is safe after either. */
static int rows_open(struct rows *w, MYSQL_STMT *s, enum stmt st)
{
	size_t n;

	memset(w, 0, sizeof(*w));
	w->meta = mysql_stmt_result_metadata(s);
	if (!w->meta) {
		log_error("db: %s returns no result set", stmt_name[st]);
		return -1;
	}
	w->ncols = mysql_num_fields(w->meta);
	w->fields = mysql_fetch_fields(w->meta);
	n = w->ncols ? w->ncols : 1;
	w->rb = calloc(n, sizeof(*w->rb));
	w->lens = calloc(n, sizeof(*w->lens));
	w->nulls = calloc(n, sizeof(*w->nulls));
	return w->rb && w->lens && w->nulls ? 0 : -1;
}

/* Column i is fetched as text into buf (room bytes). */
static void rows_buffer(struct rows *w, size_t i, void *buf, unsigned long room)
{
	w->rb[i].buffer_type = MYSQL_TYPE_STRING;
	w->rb[i].buffer = buf;
	w->rb[i].buffer_length = room;
	w->rb[i].length = &w->lens[i];
	w->rb[i].is_null = &w->nulls[i];
}

static int rows_bind(struct rows *w, MYSQL_STMT *s, enum stmt st)
{
	if (w->ncols && mysql_stmt_bind_result(s, w->rb)) {
		log_error("db: bind result %s: %s", stmt_name[st], mysql_stmt_error(s));
		return -1;
	}
	return 0;
}

/* The next row into the buffers: 1, 0 at the end, -1 logged. */
static int rows_fetch(struct rows *w, MYSQL_STMT *s, enum stmt st)
{
	int f = mysql_stmt_fetch(s);

	(void)w;
	if (f == 0)
		return 1;
	if (f == MYSQL_NO_DATA)
		return 0;
	if (f == MYSQL_DATA_TRUNCATED)
		log_error("db: %s: a value did not fit its buffer", stmt_name[st]);
	else
		log_error("db: fetch %s: %s", stmt_name[st], mysql_stmt_error(s));
	return -1;
}

static void rows_close(struct rows *w)
{
	free(w->rb);
	free(w->lens);
	free(w->nulls);
	if (w->meta)
		mysql_free_result(w->meta);
	memset(w, 0, sizeof(*w));
}

int db_query(struct db *db, struct arena *a, enum stmt st, struct db_res **out,
	     const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = db_vquery(db, a, st, out, types, ap);
	va_end(ap);
	return rc;
}

int db_vquery(struct db *db, struct arena *a, enum stmt st, struct db_res **out,
	      const char *types, va_list ap)
{
	struct binds bs;
	struct rows w;
	MYSQL_STMT *s;
	struct db_res *r;
	int rc = -1, f = 0;
	size_t row = 0;

	*out = NULL;
	s = bind_and_execute(db, st, &bs, types, ap);
	if (!s)
		return -1;
	if (mysql_stmt_store_result(s)) {
		log_error("db: store %s: %s", stmt_name[st], mysql_stmt_error(s));
		return -1;
	}
	if (rows_open(&w, s, st))
		goto out;
	r = arena_alloc(a, sizeof(*r));
	r->ncols = w.ncols;
	r->st = st;
	r->nrows = (size_t)mysql_stmt_num_rows(s);
	r->cols = arena_calloc(a, r->ncols, sizeof(char *));
	r->cells = arena_calloc(a, r->nrows * r->ncols + 1, sizeof(char *));
	for (size_t i = 0; i < r->ncols; i++) {
		unsigned long room = column_room(&w.fields[i]);
		r->cols[i] = arena_strdup(a, w.fields[i].name);
		rows_buffer(&w, i, arena_alloc(a, room), room);
	}
	if (rows_bind(&w, s, st))
		goto out;
	while (row < r->nrows && (f = rows_fetch(&w, s, st)) == 1) {
		for (size_t i = 0; i < r->ncols; i++)
			r->cells[row * r->ncols + i] =
				w.nulls[i] ? NULL : arena_strndup(a, w.rb[i].buffer, w.lens[i]);
		row++;
	}
	if (row < r->nrows && f < 0)
		goto out;
	r->nrows = row;
	*out = r;
	rc = 0;
out:
	rows_close(&w);
	mysql_stmt_free_result(s);
	return rc;
}

int db_stream(struct db *db, enum stmt st, db_row_fn fn, void *ctx, const char *types, ...)
{
	struct binds bs;
	struct rows w;
	va_list ap;
	MYSQL_STMT *s;
	const char **cells = NULL;
	char **bufs = NULL;
	int rc = -1, f = -1;

	va_start(ap, types);
	s = bind_and_execute(db, st, &bs, types, ap);
	va_end(ap);
	if (!s)
		return -1;
	/* no mysql_stmt_store_result: rows come off the socket one at a time */
	if (rows_open(&w, s, st))
		goto out;
	cells = calloc(w.ncols ? w.ncols : 1, sizeof(*cells));
	bufs = calloc(w.ncols ? w.ncols : 1, sizeof(*bufs));
	if (!cells || !bufs)
		goto out;
	for (size_t i = 0; i < w.ncols; i++) {
		unsigned long room = w.fields[i].length;
		if (room < 64)
			room = 64;
		if (room > DB_STREAM_MAX_CELL)
			room = DB_STREAM_MAX_CELL;
		bufs[i] = malloc(room + 1);
		if (!bufs[i])
			goto out;
		rows_buffer(&w, i, bufs[i], room);
	}
	if (rows_bind(&w, s, st))
		goto out;
	while ((f = rows_fetch(&w, s, st)) == 1) {
		for (size_t i = 0; i < w.ncols; i++) {
			if (w.nulls[i]) {
				cells[i] = NULL;
				w.lens[i] = 0;
			} else {
				bufs[i][w.lens[i]] = '\0';
				cells[i] = bufs[i];
			}
		}
		if (fn(ctx, cells, w.lens, w.ncols)) {
			rc = 1;
			goto out;
		}
	}
	if (f == 0)
		rc = 0;
out:
	for (size_t i = 0; bufs && i < w.ncols; i++)
		free(bufs[i]);
	free(bufs);
	free(cells);
	rows_close(&w);
	/* drops the rows not read yet, so the connection is free again */
	mysql_stmt_free_result(s);
	mysql_stmt_reset(s);
	return rc;
}

long long db_cell_int(const struct db_res *r, size_t row, size_t col)
{
	const char *v = db_cell(r, row, col);
	char *end;
	long long n;

	if (!v)
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v)
		return 0;
	return n;
}

int db_col(const struct db_res *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (!strcmp(r->cols[i], name))
			return (int)i;
	return -1;
}

/* One round trip each way: START TRANSACTION (a prepared statement: execute() reconnects
 * and prepares again when the connection was lost, which is safe outside a transaction) and
 * COMMIT or ROLLBACK; the connection stays in autocommit between transactions. */
int db_begin(struct db *db)
{
	assert(!db->in_tx);
	if (db_exec(db, ST_TX_BEGIN, "") < 0) {
		log_error("db: begin failed");
		return -1;
	}
	db->in_tx = 1;
	return 0;
}

int db_commit(struct db *db)
{
	int rc = 0;

	assert(db->in_tx);
	if (mysql_commit(db->conn)) {
		log_error("db: commit: %s", mysql_error(db->conn));
		mysql_rollback(db->conn);
		rc = -1;
	}
	db->in_tx = 0;
	return rc;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (db->conn)
		mysql_rollback(db->conn);
	db->in_tx = 0;
}

int db_savepoint(struct db *db)
{
	assert(db->in_tx);
	return db_exec(db, ST_TX_SAVEPOINT, "") < 0 ? -1 : 0;
}

int db_rollback_savepoint(struct db *db)
{
	assert(db->in_tx);
	return db_exec(db, ST_TX_ROLLBACK_SAVEPOINT, "") < 0 ? -1 : 0;
}

int db_in_tx(struct db *db)
{
	return db->in_tx;
}

int db_run_script(struct db *db, const char *sql, size_t len, const char *name)
{
	const char *p = sql, *end = sql + len;
	char *text = NULL;
	size_t cap = 0, used = 0;
	int rc = 0;

	if (!db->conn && connect_db(db))
		return -1;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *ls = p, *te = le;
		int is_end;

		p = nl ? nl + 1 : end;
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		if (le - ls >= 2 && ls[0] == '-' && ls[1] == '-')
			continue;
		while (te > ls && (te[-1] == ' ' || te[-1] == '\t' || te[-1] == '\r'))
			te--;
		is_end = te > ls && te[-1] == ';';
		if (is_end)
			te--;
		if (used + (size_t)(te - ls) + 2 > cap) {
			cap = (used + (size_t)(te - ls) + 2) * 2;
			text = realloc(text, cap);
			if (!text)
				return -1;
		}
		memcpy(text + used, ls, (size_t)(te - ls));
		used += (size_t)(te - ls);
		text[used++] = '\n';
		if (is_end || p >= end) {
			size_t k = used;
			while (k && (text[k - 1] == '\n' || text[k - 1] == ' '))
				k--;
			if (k) {
				MYSQL_STMT *s = mysql_stmt_init(db->conn);
				if (!s || mysql_stmt_prepare(s, text, k) || mysql_stmt_execute(s)) {
					const char *nl2 = memchr(text, '\n', k);
					log_error("db: %s: %s in: %.*s", name,
						  s ? mysql_stmt_error(s) : "out of memory",
						  (int)(nl2 ? nl2 - text : (long)k), text);
					rc = -1;
				}
				if (s)
					mysql_stmt_close(s);
			}
			used = 0;
		}
	}
	free(text);
	return rc;
}
