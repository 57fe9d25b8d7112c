/* file.h - files over HTTP: an upload checked against its form, a stored file sent through nginx. */
#ifndef TANDEM_FILE_H
#define TANDEM_FILE_H

#include "fcgi/req.h"
#include "web/valid.h"

/* Check r->upload for form f's file field: 1 a good file, 0 none (an error
 * on f when required), -1 a bad one (error on f). Storing it is the domain's
 * (doc_file_store, document.h). */
int file_upload_check(struct req *r, struct form *f, const char *field, int required);

/* "attachment; filename=\"...\"; filename*=UTF-8''..." (RFC 6266), arena text;
 * kind is "attachment" or "inline". */
const char *file_disposition(struct req *r, const char *kind, const char *name);

/* Answer with the stored file sha through nginx (X-Accel-Redirect), as an
 * attachment, or inline under a sandboxing CSP. Returns 200. */
int file_send(struct req *r, const char *filename, const char *ctype, const char *sha,
	      int inline_preview);

#endif
