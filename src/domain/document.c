/* document.c - documents (domain layer): the bytes of uploads kept under their SHA-256 in
 * files_dir, documents and their immutable versions, the demo files, and the rules on file
 * names and download types. */
#include "domain/document.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "core/log.h"
#include "core/text.h"
#include "domain/outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Content types a download may carry; anything else is application/octet-stream. */
static const char *const allowed_types[] = {
	"application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain", "text/csv",
	"application/zip", "application/msword", "application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation", NULL,
};

const char *doc_content_type(const char *declared)
{
	for (size_t i = 0; allowed_types[i]; i++)
		if (declared && !strcasecmp(declared, allowed_types[i]))
			return allowed_types[i];
	return "application/octet-stream";
}

int doc_has_bidi_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xd8 && p[1] == 0x9c)
			return 1;
		if (p[0] != 0xe2 || !p[1] || !p[2])
			continue;
		if ((p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae))) ||
		    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
			return 1;
	}
	return 0;
}

int doc_filename_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 255 || !text_valid(s, n) || s[0] == '.' || strstr(s, "..") ||
	    doc_has_bidi_control(s))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == ':')
			return 0;
	return 1;
}

int doc_file_store(struct ctx *c, const char *tmp_path, const char *sha256)
{
	const char *dir = arena_printf(c->arena, "%s/%.2s", c->cfg->files_dir, sha256);
	const char *dst = arena_printf(c->arena, "%s/%s", dir, sha256); /* files_dir/aa/<sha256> */
	struct stat st;

	if (mkdir(dir, 0750) && errno != EEXIST) {
		log_error("documents: cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!stat(dst, &st))
		return 0; /* the same bytes are stored already; the temp file goes at reset */
	if (rename(tmp_path, dst)) {
		log_error("documents: cannot store %s: %s", dst, strerror(errno));
		return -1;
	}
	return 0;
}

int doc_bytes_store(struct ctx *c, const void *data, size_t len, const char *sha256)
{
	const char *dir = arena_printf(c->arena, "%s/%.2s", c->cfg->files_dir, sha256);
	const char *dst = arena_printf(c->arena, "%s/%s", dir, sha256);
	const char *tmp = arena_printf(c->arena, "%s.%ld.tmp", dst, (long)getpid());
	const unsigned char *p = data;
	struct stat st;
	int fd;

	if (mkdir(dir, 0750) && errno != EEXIST) {
		log_error("documents: cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!stat(dst, &st))
		return 0;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0) {
		log_error("documents: cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("documents: cannot write %s: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) || rename(tmp, dst)) {
		log_error("documents: cannot store %s: %s", dst, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Insert file as the next version of document doc. 0, or -1. */
static int add_version(struct ctx *c, long long doc, const char *note, const struct doc_file *file)
{
	return db_exec(c->db, ST_VERSION_INSERT, "ississni", doc, file->filename,
		       doc_content_type(file->content_type), file->size, file->sha256, note ? note : "",
		       c->actor_id, doc) == 1 ? 0 : -1;
}

long long doc_create(struct ctx *c, long long client_id, long long pid, const char *title,
		     int client_visible, const char *note, const struct doc_file *file)
{
	long long id;

	if (db_exec(c->db, ST_DOC_INSERT, "isin", pid, title, (long long)client_visible,
		    c->actor_id) != 1)
		return -1;
	id = db_insert_id(c->db);
	if (add_version(c, id, note, file) ||
	    outbox_emit(c, EV_DOCUMENT_VERSION_ADDED, client_id, pid,
			json_pack("{s:I, s:s, s:i, s:s}", "document_id", id, "title", title, "version", 1,
				  "sha256", file->sha256)) ||
	    activity_add(c, client_id, pid, "document_added", NULL, NULL, title, client_visible))
		return -1;
	return id;
}

int doc_version_add(struct ctx *c, long long id, long long client_id, long long pid,
		    const char *title, int client_visible, const char *note,
		    const struct doc_file *file)
{
	if (add_version(c, id, note, file) ||
	    db_exec(c->db, ST_DOC_TOUCH, "i", id) < 0 ||
	    outbox_emit(c, EV_DOCUMENT_VERSION_ADDED, client_id, pid,
			json_pack("{s:I, s:s, s:s}", "document_id", id, "title", title, "sha256",
				  file->sha256)) ||
	    activity_add(c, client_id, pid, "document_version", NULL, NULL, title, client_visible))
		return -1;
	return 0;
}

int doc_seed_files(struct db *db, const char *files_dir)
{
	struct arena a;
	struct db_res *res;
	int rc = -1;

	arena_init(&a);
	if (db_query(db, &a, ST_FILE_SEEDS, &res, ""))
		goto out;
	for (size_t i = 0; i < res->nrows; i++) {
		const char *sha = db_cell(res, i, FILE_SEEDS_SHA256), *body = db_cell(res, i, FILE_SEEDS_BODY);
		char *dir = arena_printf(&a, "%s/%.2s", files_dir, sha);
		char *path = arena_printf(&a, "%s/%s", dir, sha);
		FILE *f;

		if ((mkdir(files_dir, 0750) && errno != EEXIST) || (mkdir(dir, 0750) && errno != EEXIST))
			goto out;
		if (!(f = fopen(path, "wb")))
			goto out;
		if (fwrite(body, 1, strlen(body), f) != strlen(body)) {
			fclose(f);
			goto out;
		}
		if (fclose(f))
			goto out;
	}
	rc = db_exec(db, ST_FILE_SEEDS_CLEAR, "") < 0 ? -1 : 0;
out:
	arena_release(&a);
	return rc;
}
