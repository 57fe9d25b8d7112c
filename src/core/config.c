/* config.c - settings from a key = value file and TANDEM_* environment overrides. */
#include "core/array.h"
#include "core/config.h"
#include "core/log.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_STR, K_INT, K_UINT, K_OCT, K_BOOL, K_LONG };

struct setting {
	const char *key;   /* name in the file */
	const char *env;   /* environment override */
	enum kind kind;
	size_t off;        /* offset into struct config */
};

#define S(k, e, kind, m) { k, e, kind, offsetof(struct config, m) }
static const struct setting settings[] = {
	S("db_socket", "TANDEM_DB_SOCKET", K_STR, db_socket),
	S("db_host", "TANDEM_DB_HOST", K_STR, db_host),
	S("db_port", "TANDEM_DB_PORT", K_UINT, db_port),
	S("db_user", "TANDEM_DB_USER", K_STR, db_user),
	S("db_password", "TANDEM_DB_PASSWORD", K_STR, db_password),
	S("db_name", "TANDEM_DB_NAME", K_STR, db_name),
	S("socket", "TANDEM_SOCKET", K_STR, socket),
	S("socket_mode", "TANDEM_SOCKET_MODE", K_OCT, socket_mode),
	S("workers", "TANDEM_WORKERS", K_INT, workers),
	S("base_url", "TANDEM_BASE_URL", K_STR, base_url),
	S("secure_cookies", "TANDEM_SECURE_COOKIES", K_BOOL, secure_cookies),
	S("xslt_dir", "TANDEM_XSLT_DIR", K_STR, xslt_dir),
	S("schema_dir", "TANDEM_SCHEMA_DIR", K_STR, schema_dir),
	S("files_dir", "TANDEM_FILES_DIR", K_STR, files_dir),
	S("timing_log", "TANDEM_TIMING_LOG", K_STR, timing_log),
	S("max_body", "TANDEM_MAX_BODY", K_LONG, max_body),
	S("max_upload", "TANDEM_MAX_UPLOAD", K_LONG, max_upload),
	S("smtp_url", "TANDEM_SMTP_URL", K_STR, smtp_url),
	S("mail_from", "TANDEM_MAIL_FROM", K_STR, mail_from),
	S("test_clock", "TANDEM_TEST_CLOCK", K_BOOL, test_clock),
};
#undef S

static int set(struct config *c, const struct setting *s, const char *v)
{
	char *end;
	long long n;
	void *field = (char *)c + s->off;

	if (s->kind == K_STR) {
		char **p = field;
		free(*p);
		*p = *v ? strdup(v) : NULL;
		return 0;
	}
	errno = 0;
	n = strtoll(v, &end, s->kind == K_OCT ? 8 : 10);
	if (errno || end == v || *end)
		return -1;
	switch (s->kind) {
	case K_BOOL:
		if (n != 0 && n != 1)
			return -1;
		*(int *)field = (int)n;
		break;
	case K_INT:
		if (n < 0 || n > 256)
			return -1;
		*(int *)field = (int)n;
		break;
	case K_UINT:
	case K_OCT:
		if (n < 0 || n > 65535)
			return -1;
		*(unsigned *)field = (unsigned)n;
		break;
	case K_LONG:
		if (n < 1024 || n > LONG_MAX)
			return -1;
		*(long *)field = (long)n;
		break;
	case K_STR:
		break;
	}
	return 0;
}

static const struct setting *find(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
		if (!strcmp(settings[i].key, key))
			return &settings[i];
	return NULL;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int load_file(struct config *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0, rc = 0;

	if (!f) {
		log_error("config %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq, *key, *val;
		const struct setting *s;

		lineno++;
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			log_error("config %s:%d: expected key = value", path, lineno);
			rc = -1;
			continue;
		}
		*eq = '\0';
		val = trim(eq + 1);
		key = trim(key);
		s = find(key);
		if (!s) {
			log_error("config %s:%d: unknown setting '%s'", path, lineno, key);
			rc = -1;
		} else if (set(c, s, val)) {
			log_error("config %s:%d: bad value for %s", path, lineno, key);
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}

int config_load(struct config *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->db_user = strdup("tandem");
	c->db_name = strdup("tandem");
	c->socket = strdup("/run/tandem/tandem.sock");
	c->socket_mode = 0660;
	c->base_url = strdup("http://127.0.0.1:8080");
	c->xslt_dir = strdup("xslt");
	c->schema_dir = strdup("schema");
	c->files_dir = strdup("var/files");
	c->max_body = 1024 * 1024;
	c->max_upload = 32L * 1024 * 1024;
	c->smtp_url = strdup("smtp://127.0.0.1:25");
	c->mail_from = strdup("tandem@localhost");
	if (path && load_file(c, path))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
		const char *v = getenv(settings[i].env);
		if (v && set(c, &settings[i], v)) {
			log_error("environment %s: bad value", settings[i].env);
			return -1;
		}
	}
	if (c->base_url) {
		size_t n = strlen(c->base_url);
		while (n && c->base_url[n - 1] == '/')
			c->base_url[--n] = '\0';
	}
	return 0;
}

void config_release(struct config *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
		if (settings[i].kind == K_STR) {
			char **p = (char **)((char *)c + settings[i].off);
			free(*p);
			*p = NULL;
		}
}
