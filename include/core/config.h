/* config.h - settings from a small key = value file plus TANDEM_* environment overrides. */
#ifndef TANDEM_CONFIG_H
#define TANDEM_CONFIG_H

struct config {
	char *db_socket;     /* unix socket of MariaDB, or NULL for TCP */
	char *db_host;       /* host when db_socket is NULL */
	unsigned db_port;    /* 0 = default */
	char *db_user;
	char *db_password;
	char *db_name;
	char *socket;        /* FastCGI unix socket the supervisor creates */
	unsigned socket_mode;/* permissions of that socket */
	int workers;         /* request workers; 0 = one per core */
	char *base_url;      /* e.g. https://pm.example.com, no trailing slash */
	int secure_cookies;  /* add Secure to cookies */
	char *xslt_dir;
	char *schema_dir;
	char *files_dir;     /* uploads, outside the web root */
	char *timing_log;    /* append "usec path" per request when set */
	long max_body;       /* bytes of urlencoded body accepted */
	long max_upload;     /* bytes of a multipart body (one uploaded file) accepted */
	char *smtp_url;      /* outgoing mail: smtp://host:port or smtps:// */
	char *mail_from;     /* envelope and From: address of outgoing mail */
	int test_clock;      /* 1: the settings row clock_now is the time of digests and reports
			      * due (domain/clock.h); the test stack only, never production */
};

/*
 * Load defaults, then `path` (may be NULL: defaults and environment only),
 * then the environment (TANDEM_DB_SOCKET, TANDEM_DB_HOST, TANDEM_DB_PORT,
 * TANDEM_DB_USER, TANDEM_DB_PASSWORD, TANDEM_DB_NAME, TANDEM_SOCKET,
 * TANDEM_WORKERS, TANDEM_BASE_URL, TANDEM_SECURE_COOKIES, TANDEM_XSLT_DIR,
 * TANDEM_SCHEMA_DIR, TANDEM_FILES_DIR, TANDEM_TIMING_LOG, TANDEM_SMTP_URL, TANDEM_MAX_UPLOAD,
 * TANDEM_MAIL_FROM, TANDEM_TEST_CLOCK). Returns 0, or -1
 * after logging the file, line and reason of a bad setting.
 */
int config_load(struct config *c, const char *path);
void config_release(struct config *c);

#endif
