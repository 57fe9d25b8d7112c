/* file.c - files over HTTP: an upload checked against its form (the edge streamed it to
 * files_dir/tmp), a stored file's download sent by nginx. Storage itself: domain/document.c. */
#include "web/file.h"
#include "core/buf.h"
#include "domain/document.h"

#include <string.h>

int file_upload_check(struct req *r, struct form *f, const char *field, int required)
{
	const struct upload *up = r->upload;

	if (!up || strcmp(up->field, field) || (!up->filename[0] && !up->size)) {
		if (required)
			valid_error(f, field, "Choose a file to upload.");
		return up ? -1 : 0;
	}
	if (doc_has_bidi_control(up->filename)) {
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

/* RFC 6266: an ASCII fallback plus filename*=UTF-8''percent-encoded. */
const char *file_disposition(struct req *r, const char *kind, const char *name)
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

int file_send(struct req *r, const char *filename, const char *ctype, const char *sha,
	      int inline_preview)
{
	req_header(r, "X-Accel-Redirect", arena_printf(r->arena, "/_files/%.2s/%s", sha, sha));
	req_header(r, "Content-Disposition",
		   file_disposition(r, inline_preview ? "inline" : "attachment", filename));
	/* nginx's /_files/ location adds the sandboxing CSP and nosniff */
	req_send_head(r, 200, doc_content_type(ctype));
	return 200;
}
