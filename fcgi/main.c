/* main.c - the tandem binary: subcommands, and the supervisor that keeps the request workers alive. */
#include "core/config.h"
#include "core/db.h"
#include "fcgi/edge.h"
#include "out/hubspot_sync.h"
#include "core/log.h"
#include "core/migrate.h"
#include "domain/document.h"
#include "out/outbox_worker.h"
#include "core/xslt.h"
#include "core/crypto.h"
#include "web/sess.h"
#include "web/valid.h"
#include "domain/vocab.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 256

static const char *config_path;
static volatile sig_atomic_t got_term, got_hup, got_chld;

static void on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
}

struct child {
	pid_t pid;
	time_t started;
	int generation;   /* bumped on SIGHUP: older ones are being retired */
};

/* fd < 0 forks the outbox worker, else a request worker on fd. */
static pid_t spawn(const struct config *cfg, int fd, const sigset_t *orig)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_error("serve: fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		signal(SIGCHLD, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		sigprocmask(SIG_SETMASK, orig, NULL);
		if (fd < 0) {
			close(-fd - 1); /* the outbox worker does not accept requests */
			_exit(outbox_worker(cfg));
		}
		_exit(edge_worker(cfg, fd));
	}
	return pid;
}

static int worker_count(const struct config *cfg)
{
	long n = cfg->workers;

	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	return (int)n;
}

static int cmd_serve(struct config *cfg)
{
	struct child kids[MAX_WORKERS], outbox = { 0, 0, 0 };
	struct sigaction sa;
	sigset_t block, orig;
	int fd, n, gen = 0, fast_deaths = 0;

	if (!cfg->socket) {
		log_error("serve: no socket configured");
		return 1;
	}
	unlink(cfg->socket);
	fd = FCGX_OpenSocket(cfg->socket, 1024);
	if (fd < 0) {
		log_error("serve: cannot listen on %s", cfg->socket);
		return 1;
	}
	if (chmod(cfg->socket, cfg->socket_mode))
		log_warn("serve: chmod %s: %s", cfg->socket, strerror(errno));

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &orig);

	/* the stylesheets compiled here, once: every child forked below shares these pages
	 * copy-on-write instead of compiling its own copy (about 44 MB each, issue 17) */
	if (xslt_init(cfg->xslt_dir)) {
		log_error("serve: the stylesheets in %s do not compile", cfg->xslt_dir);
		close(fd);
		return 2;
	}
	n = worker_count(cfg);
	/* Argon2id verifications at once (item 21): half the workers, at least
	 * one, so a sign-in flood always leaves workers for signed-in pages */
	sess_hash_slots_init(n / 2 > 0 ? n / 2 : 1);
	memset(kids, 0, sizeof(kids));
	for (int i = 0; i < n; i++) {
		kids[i].pid = spawn(cfg, fd, &orig);
		kids[i].started = time(NULL);
	}
	outbox.pid = spawn(cfg, -fd - 1, &orig);
	outbox.started = time(NULL);
	log_info("serve: %d workers on %s, and the outbox worker", n, cfg->socket);

	while (!got_term) {
		int status;
		pid_t pid;

		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			if (pid == outbox.pid) {
				log_warn("serve: outbox worker %d ended (status %d); replacing", (int)pid,
					 status);
				if (time(NULL) - outbox.started < 2) {
					struct timespec ts = { 1, 0 };
					nanosleep(&ts, NULL);
				}
				outbox.pid = spawn(cfg, -fd - 1, &orig);
				outbox.started = time(NULL);
				continue;
			}
			for (int i = 0; i < MAX_WORKERS; i++) {
				if (kids[i].pid != pid)
					continue;
				kids[i].pid = 0;
				if (kids[i].generation != gen || i >= n)
					break; /* retired after SIGHUP: do not replace */
				if (WIFSIGNALED(status))
					log_warn("serve: worker %d killed by signal %d; replacing", (int)pid,
						 WTERMSIG(status));
				else
					log_warn("serve: worker %d exited with %d; replacing", (int)pid,
						 WEXITSTATUS(status));
				fast_deaths = time(NULL) - kids[i].started < 2 ? fast_deaths + 1 : 0;
				if (fast_deaths > 5) {
					/* it cannot start (database down?): do not spin */
					struct timespec ts = { 1, 0 };
					nanosleep(&ts, NULL);
				}
				kids[i].pid = spawn(cfg, fd, &orig);
				kids[i].started = time(NULL);
				kids[i].generation = gen;
				break;
			}
		}
		if (got_hup) {
			struct config fresh;
			got_hup = 0;
			if (config_load(&fresh, config_path) == 0) {
				config_release(cfg);
				*cfg = fresh;
			} else {
				log_error("serve: SIGHUP: config has errors; keeping the old one");
			}
			if (xslt_reload(cfg->xslt_dir))
				log_error("serve: SIGHUP: the stylesheets do not compile; keeping the old ones");
			/* new workers first, then retire the old ones gracefully:
			 * the socket stays open in this process, so nothing is dropped */
			gen++;
			{
				struct child old[MAX_WORKERS];
				memcpy(old, kids, sizeof(kids));
				memset(kids, 0, sizeof(kids));
				n = worker_count(cfg);
				for (int i = 0; i < n; i++) {
					kids[i].pid = spawn(cfg, fd, &orig);
					kids[i].started = time(NULL);
					kids[i].generation = gen;
				}
				for (int i = 0; i < MAX_WORKERS; i++)
					if (old[i].pid > 0)
						kill(old[i].pid, SIGTERM);
				/* the outbox worker too; its lease covers what it holds */
				if (outbox.pid > 0)
					kill(outbox.pid, SIGTERM);
				outbox.pid = spawn(cfg, -fd - 1, &orig);
				outbox.started = time(NULL);
				/* retired children are reaped by waitpid above and not replaced */
			}
			log_info("serve: re-forked %d workers", n);
			continue;
		}
		if (got_term)
			break;
		got_chld = 0;
		sigsuspend(&orig);
	}

	log_info("serve: stopping");
	signal(SIGCHLD, SIG_DFL);
	if (outbox.pid > 0)
		kill(outbox.pid, SIGTERM);
	for (int i = 0; i < MAX_WORKERS; i++)
		if (kids[i].pid > 0)
			kill(kids[i].pid, SIGTERM);
	/* retired children from a SIGHUP may be alive too: wait for all */
	for (int waited = 0; waited < 100; waited++) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);
		if (pid < 0 && errno == ECHILD)
			break;
		if (pid <= 0) {
			struct timespec ts = { 0, 100 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	for (int i = 0; i < MAX_WORKERS; i++)
		if (kids[i].pid > 0 && kill(kids[i].pid, 0) == 0)
			kill(kids[i].pid, SIGKILL);
	if (outbox.pid > 0 && kill(outbox.pid, 0) == 0)
		kill(outbox.pid, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	xslt_release();
	close(fd);
	unlink(cfg->socket);
	return 0;
}

static struct db *open_db(const struct config *cfg)
{
	struct db *db = db_open(cfg);

	if (!db)
		fprintf(stderr, "tandem: cannot connect to the database (see above)\n");
	return db;
}

static int cmd_migrate(const struct config *cfg)
{
	struct db *db = open_db(cfg);
	int rc;

	if (!db)
		return 1;
	rc = migrate_run(db, cfg->schema_dir);
	db_close(db);
	return rc ? 1 : 0;
}

static int cmd_seed(const struct config *cfg)
{
	struct db *db = open_db(cfg);
	int rc;

	if (!db)
		return 1;
	rc = migrate_seed_demo(db, cfg->schema_dir);
	if (!rc)
		rc = doc_seed_files(db, cfg->files_dir); /* the demo documents' bytes */
	db_close(db);
	return rc ? 1 : 0;
}

static int cmd_check(const struct config *cfg)
{
	struct db *db = open_db(cfg);
	int rc = 0;

	printf("config: ok\n");
	if (!db)
		return 1;
	if (db_prepare_all(db)) {
		printf("database: statements do not prepare (run `tandem migrate`?)\n");
		rc = 1;
	} else {
		printf("database: ok (%d statements prepared)\n", ST__COUNT);
	}
	db_close(db);
	if (xslt_init(cfg->xslt_dir)) {
		printf("stylesheets: failed to compile (see above)\n");
		rc = 1;
	} else {
		printf("stylesheets: ok (%d compiled)\n", XSL__COUNT);
		xslt_release();
	}
	return rc;
}

static const char *arg_value(int argc, char **argv, const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

static int cmd_user_add(const struct config *cfg, int argc, char **argv)
{
	const char *email = arg_value(argc, argv, "--email");
	const char *name = arg_value(argc, argv, "--name");
	const char *role = arg_value(argc, argv, "--role");
	char pw[256], hash[crypto_pwhash_STRBYTES];
	const char *env = getenv("TANDEM_PASSWORD");
	struct db *db;
	size_t n;
	int rc = 1;

	if (!email || !name || !role || !*name || strlen(name) > 200 || strlen(email) > 254 ||
	    !valid_email(email) || strpbrk(email, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") ||
	    !vocab_role(vocab_role_parse(role))->staff) {
		fprintf(stderr, "usage: tandem user add --email E --name N --role admin|pm|member\n"
				"       (E a lower-case e-mail address, N at most 200 characters)\n"
				"       (password from TANDEM_PASSWORD or the first line of stdin)\n");
		return 2;
	}
	if (env) {
		snprintf(pw, sizeof(pw), "%s", env);
	} else if (!fgets(pw, sizeof(pw), stdin)) {
		fprintf(stderr, "tandem: no password given\n");
		return 2;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (n < 10) {
		fprintf(stderr, "tandem: the password must have at least 10 characters\n");
		return 2;
	}
	if (crypto_password_hash(pw, hash, sizeof(hash)))
		return 1;
	sodium_memzero(pw, sizeof(pw));
	db = open_db(cfg);
	if (!db)
		return 1;
	if (db_exec(db, ST_USER_INSERT, "ssssis", email, name, role, hash, 0LL, "EUR") < 0)
		fprintf(stderr, "tandem: could not add %s (%s)\n", email,
			db_errno(db) == 1062 ? "that e-mail is taken" : "database error");
	else {
		printf("added %s (%s)\n", email, role);
		rc = 0;
	}
	db_close(db);
	return rc;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: tandem [-c CONFIG] COMMAND\n"
		"  serve       run the supervisor and request workers\n"
		"  migrate     apply schema migrations\n"
		"  seed-demo   load the demo data into an empty database\n"
		"  check       check the config, database and stylesheets\n"
		"  deliver     run the outbox worker alone (webhooks, HubSpot)\n"
		"  hubspot sync  send every client and project to HubSpot again\n"
		"  user add --email E --name N --role admin|pm|member\n"
		"CONFIG defaults to $TANDEM_CONFIG; TANDEM_* variables override it.\n");
}

int main(int argc, char **argv)
{
	struct config cfg;
	int i = 1, rc;

	if (i + 1 < argc && !strcmp(argv[i], "-c")) {
		config_path = argv[i + 1];
		i += 2;
	} else {
		config_path = getenv("TANDEM_CONFIG");
	}
	if (i >= argc) {
		usage();
		return 2;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "tandem: libsodium failed to start\n");
		return 1;
	}
	if (config_load(&cfg, config_path)) {
		config_release(&cfg);
		return 1;
	}
	if (!strcmp(argv[i], "serve"))
		rc = cmd_serve(&cfg);
	else if (!strcmp(argv[i], "migrate"))
		rc = cmd_migrate(&cfg);
	else if (!strcmp(argv[i], "seed-demo"))
		rc = cmd_seed(&cfg);
	else if (!strcmp(argv[i], "check"))
		rc = cmd_check(&cfg);
	else if (!strcmp(argv[i], "deliver"))
		rc = outbox_worker(&cfg);
	else if (!strcmp(argv[i], "hubspot") && i + 1 < argc && !strcmp(argv[i + 1], "sync"))
		rc = hubspot_sync(&cfg);
	else if (!strcmp(argv[i], "user") && i + 1 < argc && !strcmp(argv[i + 1], "add"))
		rc = cmd_user_add(&cfg, argc - i - 2, argv + i + 2);
	else {
		usage();
		rc = 2;
	}
	config_release(&cfg);
	return rc;
}
