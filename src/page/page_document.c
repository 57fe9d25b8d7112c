/* page_document.c - documents with immutable versions: multipart upload (the edge streamed the
 * file to files_dir/tmp), storage under the SHA-256, history, authorised downloads sent by nginx. */
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/outbox.h"
#include "page/approval_view.h"
#include "page/page_document.h"
#include "page/plan_view.h"
#include "web/page_util.h"
#include "fcgi/parse.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <errno.h>
#include <strings.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct vfield doc_fields[] = {
	{ "title", "Title", V_LINE, 1, 1, 200, NULL },
	{ "client_visible", "Shared with the client", V_BOOL, 0, 0, 0, NULL },
	{ "note", "Note", V_TEXT, 0, 0, 1000, NULL },
	{ "file", "File", V_LINE, 0, 0, 0, NULL },  /* the upload: checked by doc_file_check */
};
static const struct vfield version_fields[] = {
	{ "note", "Note", V_TEXT, 0, 0, 1000, NULL },
	{ "file", "File", V_LINE, 0, 0, 0, NULL },
};

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

/* 1 when s holds a bidirectional control (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069):
 * invisible, they reorder what follows, so "invoice<U+202E>fdp.exe" reads "invoiceexe.pdf". */
static int has_bidi_control(const char *s)
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
	    has_bidi_control(s))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == ':')
			return 0;
	return 1;
}

int doc_file_check(struct req *r, struct form *f, const char *field, int required)
{
	const struct upload *up = r->upload;

	if (!up || strcmp(up->field, field) || (!up->filename[0] && !up->size)) {
		if (required)
			valid_error(f, field, "Choose a file to upload.");
		return up ? -1 : 0;
	}
	if (has_bidi_control(up->filename)) {
		valid_error(f, field, "The file name contains invisible text-direction characters"
				      " (such as U+202E) that can disguise its extension: rename the"
				      " file and upload it again.");
		return -1;
	}
	if (!doc_filename_ok(up->filename)) {
		valid_error(f, field, "The file name must be a plain name: no folders, no control"
				      " characters, not starting with a dot.");
		return -1;
	}
	if (up->size == 0) {
		valid_error(f, field, "The file is empty.");
		return -1;
	}
	return 1;
}

/* files_dir/aa/<sha256>: the stored name of a file. */
static const char *stored_path(struct req *r, const char *sha)
{
	return arena_printf(r->arena, "%s/%.2s/%s", r->cfg->files_dir, sha, sha);
}

int doc_file_store(struct req *r)
{
	const struct upload *up = r->upload;
	const char *dir = arena_printf(r->arena, "%s/%.2s", r->cfg->files_dir, up->sha256);
	const char *dst = stored_path(r, up->sha256);
	struct stat st;

	if (mkdir(dir, 0750) && errno != EEXIST) {
		log_error("documents: cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!stat(dst, &st))
		return 0; /* the same bytes are stored already; the temp file goes at reset */
	if (rename(up->tmp_path, dst)) {
		log_error("documents: cannot store %s: %s", dst, strerror(errno));
		return -1;
	}
	return 0;
}

/* Insert the version of r->upload for document doc. */
static int add_version(struct req *r, long long doc, const char *note)
{
	const struct upload *up = r->upload;

	return db_exec(r->db, ST_VERSION_INSERT, "ississni", doc, up->filename,
		       doc_content_type(up->content_type), up->size, up->sha256, note ? note : "",
		       r->sess.user_id, doc) == 1 ? 0 : -1;
}

static int is_staff(const struct req *r)
{
	return r->sess.role != ROLE_CLIENT;
}

/* The document ids[0] as the signed-in user may see it, or 404/503. */
static int doc_get(struct req *r, long long id, struct db_res **d)
{
	return page_one_row(r, ST_DOC_GET, d, "iii", id, (long long)is_staff(r), r->sess.client_id);
}

/* The project's documents, newest first, PAGE_SIZE a page: staff see all of them with the upload
 * form, a contact only the shared ones of its own organisation's project. */
static int documents_page(struct req *r, const struct db_res *p, const struct form *f, int status)
{
	struct db_res *cnt, *docs;
	xmlNodePtr page;
	long long pid = db_cell_int(p, 0, (size_t)db_col(p, "id")), staff = is_staff(r), pg = f ? 1 : page_number(r);

	if (db_query(r->db, r->arena, ST_DOC_COUNT, &cnt, "iii", pid, staff, r->sess.client_id) ||
	    db_query(r->db, r->arena, ST_DOC_LIST, &docs, "iiiii", pid, staff, r->sess.client_id,
		     (long long)PAGE_SIZE, (pg - 1) * PAGE_SIZE))
		return 503;
	page = xml_page(r, XSL_DOCUMENTS, "documents", db_cell(p, 0, (size_t)db_col(p, "name")));
	xml_row(page, "project", p, 0);
	xml_rows(xml_el(page, "documents"), "document", docs);
	xml_pager(page, r, pg, PAGE_SIZE, db_cell_int(cnt, 0, DOC_COUNT_N),
		  arena_printf(r->arena, "/projects/%lld/documents?", pid));
	xml_attr_int(xml_el(page, "limits"), "max-upload", r->cfg->max_upload);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_documents(struct req *r)
{
	struct db_res *p;
	int st;

	if (is_staff(r)) {
		st = plan_project(r, r->ids[0], &p);
	} else {
		/* the client scope is in the query: another organisation's project is not found */
		st = page_one_row(r, ST_PORTAL_PROJECT, &p, "ii", r->ids[0], r->sess.client_id);
	}
	return st ? st : documents_page(r, p, NULL, 200);
}

int page_document_create(struct req *r)
{
	struct db_res *p;
	struct form f;
	long long pid = r->ids[0], id;
	int st = plan_project(r, pid, &p);

	if (st)
		return st;
	valid_form(r, &f, "document", doc_fields, ARRAY_SIZE(doc_fields));
	doc_file_check(r, &f, "file", 1);
	if (f.nerr)
		return documents_page(r, p, &f, 422);
	if (doc_file_store(r) || db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_DOC_INSERT, "isin", pid, valid_get(&f, "title")->s,
		    valid_get(&f, "client_visible")->i, r->sess.user_id) != 1)
		goto fail;
	id = db_insert_id(r->db);
	if (add_version(r, id, valid_get(&f, "note")->s) ||
	    outbox_emit(&r->ctx, EV_DOCUMENT_VERSION_ADDED, db_cell_int(p, 0, db_col(p, "client-id")), pid,
			json_pack("{s:I, s:s, s:i, s:s}", "document_id", id, "title",
				  valid_get(&f, "title")->s, "version", 1, "sha256",
				  r->upload->sha256)) ||
	    activity_add(&r->ctx, db_cell_int(p, 0, db_col(p, "client-id")), pid, "document_added", NULL,
			 NULL, valid_get(&f, "title")->s,
			 (int)valid_get(&f, "client_visible")->i) ||
	    db_commit(r->db))
		goto fail;
	xml_flash_next(r, "document_added");
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", id));
fail:
	db_rollback(r->db);
	return 503;
}

static int document_page(struct req *r, struct db_res *d, const struct form *f, int status)
{
	struct db_res *v;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_VERSION_LIST, &v, "i", db_cell_int(d, 0, DOC_GET_ID)))
		return 503;
	page = xml_page(r, XSL_DOCUMENTS, "document", db_cell(d, 0, DOC_GET_TITLE));
	xml_row(page, "document", d, 0);
	xml_rows(xml_el(page, "versions"), "version", v);
	if (is_staff(r) && approval_state_xml(r, page, db_cell_int(d, 0, DOC_GET_ID), db_cell_int(d, 0, DOC_GET_PROJECT_ID)))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_document_view(struct req *r)
{
	struct db_res *d;
	int st = doc_get(r, r->ids[0], &d);

	return st ? st : document_page(r, d, NULL, 200);
}

int page_version_create(struct req *r)
{
	struct db_res *d;
	struct form f;
	long long id = r->ids[0];
	int st = doc_get(r, id, &d);

	if (st)
		return st;
	valid_form(r, &f, "version", version_fields, ARRAY_SIZE(version_fields));
	doc_file_check(r, &f, "file", 1);
	if (f.nerr)
		return document_page(r, d, &f, 422);
	if (doc_file_store(r) || db_begin(r->db))
		return 503;
	if (add_version(r, id, valid_get(&f, "note")->s) ||
	    db_exec(r->db, ST_DOC_TOUCH, "i", id) < 0 ||
	    outbox_emit(&r->ctx, EV_DOCUMENT_VERSION_ADDED, db_cell_int(d, 0, DOC_GET_CLIENT_ID), db_cell_int(d, 0, DOC_GET_PROJECT_ID),
			json_pack("{s:I, s:s, s:s}", "document_id", id, "title", db_cell(d, 0, DOC_GET_TITLE),
				  "sha256", r->upload->sha256)) ||
	    activity_add(&r->ctx, db_cell_int(d, 0, DOC_GET_CLIENT_ID), db_cell_int(d, 0, DOC_GET_PROJECT_ID), "document_version", NULL, NULL,
			 db_cell(d, 0, DOC_GET_TITLE), (int)db_cell_int(d, 0, DOC_GET_CLIENT_VISIBLE)) ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "version_added");
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", id));
}

/* RFC 6266: an ASCII fallback plus filename*=UTF-8''percent-encoded. */
const char *doc_disposition(struct req *r, const char *kind, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf fb, enc;
	const char *out;

	buf_init(&fb, 64);
	buf_init(&enc, 64);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		buf_addch(&fb, *p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == ';' ? '_' : *p);
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			buf_addch(&enc, *p);
		else {
			buf_addch(&enc, '%');
			buf_addch(&enc, hex[*p >> 4]);
			buf_addch(&enc, hex[*p & 15]);
		}
	}
	out = arena_printf(r->arena, "%s; filename=\"%s\"; filename*=UTF-8''%s", kind,
			   fb.data ? fb.data : "", enc.data ? enc.data : "");
	buf_release(&fb);
	buf_release(&enc);
	return out;
}

int doc_send_file(struct req *r, const char *filename, const char *ctype, const char *sha,
		  int inline_preview)
{
	req_header(r, "X-Accel-Redirect", arena_printf(r->arena, "/_files/%.2s/%s", sha, sha));
	req_header(r, "Content-Disposition",
		   doc_disposition(r, inline_preview ? "inline" : "attachment", filename));
	/* nginx's /_files/ location adds the sandboxing CSP and nosniff */
	req_send_head(r, 200, doc_content_type(ctype));
	return 200;
}

int page_file(struct req *r)
{
	struct db_res *v;
	int rc;

	if ((rc = page_one_row(r, ST_FILE_GET, &v, "iii", r->ids[0], (long long)is_staff(r),
			       r->sess.client_id)))
		return rc;
	return doc_send_file(r, db_cell(v, 0, FILE_GET_FILENAME), db_cell(v, 0, FILE_GET_CONTENT_TYPE),
			     db_cell(v, 0, FILE_GET_SHA256), 0);
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
