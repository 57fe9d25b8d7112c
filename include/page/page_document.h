/* page_document.h - page_document.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_DOCUMENT_H
#define TANDEM_PAGE_DOCUMENT_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_documents(struct req *r);
int page_document_create(struct req *r);
int page_document_view(struct req *r);
int page_version_create(struct req *r);
int page_file(struct req *r);

/* The download type of a declared Content-Type: itself when on the
 * allow-list, else application/octet-stream. */
const char *doc_content_type(const char *declared);
/* 1 when an uploaded file name is a plain name: 1..255 bytes of text, no
 * '/', '\\', ':', control characters, bidirectional controls (U+202E …) or "..",
 * not starting with a dot. */
int doc_filename_ok(const char *s);
/* Check r->upload for form f's file field: 1 a good file, 0 none (an error
 * on f when required), -1 a bad one (error on f). */
int doc_file_check(struct req *r, struct form *f, const char *field, int required);
/* Move the checked upload to files_dir/aa/<sha256> (kept when there). 0 or -1. */
int doc_file_store(struct req *r);
/* "attachment; filename=\"...\"; filename*=UTF-8''..." (RFC 6266), arena text. */
const char *doc_disposition(struct req *r, const char *kind, const char *name);
/* Answer with the stored file sha through nginx (X-Accel-Redirect), as an
 * attachment, or inline under a sandboxing CSP. Returns 200. */
int doc_send_file(struct req *r, const char *filename, const char *ctype, const char *sha,
		  int inline_preview);

/* Write the demo data set's files (table file_seeds) into files_dir under
 * their SHA-256, then empty the table (tandem seed-demo). 0, or -1. */
int doc_seed_files(struct db *db, const char *files_dir);

#endif
