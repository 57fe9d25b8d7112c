/* multipart.h - a streaming multipart/form-data parser (RFC 7578): fed the body in chunks as
 * it arrives, it calls back per part, so a file goes to disk without being held in memory. */
#ifndef TANDEM_MULTIPART_H
#define TANDEM_MULTIPART_H

#include <stddef.h>

#define MP_BOUNDARY_MAX 70   /* RFC 2046 */
#define MP_HEADER_MAX 4096   /* bytes of one part's header block */

/* A part's headers, as received (the name and filename are not yet checked
 * as text: callers run text_valid and their own rules). */
struct mp_part {
	char name[128];        /* Content-Disposition name */
	char filename[256];    /* Content-Disposition filename, "" when absent */
	char content_type[128];/* Content-Type, "" when absent */
	int has_filename;      /* a filename parameter was present (even empty) */
};

/* Callbacks; each returns 0 to go on, or a non-zero code that stops the
 * parse and comes back from mp_feed (e.g. 413 over a size limit). */
struct mp_handler {
	int (*begin)(void *ud, const struct mp_part *part);
	int (*data)(void *ud, const char *p, size_t n);
	int (*end)(void *ud);
};

struct multipart {
	char delim[MP_BOUNDARY_MAX + 5];  /* "\r\n--" boundary */
	size_t dlen;
	size_t match;                     /* bytes of delim matched so far (held back) */
	int state;
	char hdr[MP_HEADER_MAX];          /* the header block being read */
	size_t hlen;
	char after[2];                    /* the two bytes after a delimiter */
	size_t alen;
	size_t parts, max_parts;
	struct mp_part part;
	const struct mp_handler *h;
	void *ud;
};

/*
 * The boundary parameter of a multipart/form-data Content-Type into out
 * (MP_BOUNDARY_MAX + 1 bytes): quoted or not, 1..70 characters of RFC 2046's
 * bchars, not ending in a space. 0, or -1 when the type is not
 * multipart/form-data or the boundary is missing or bad.
 */
int mp_boundary(const char *content_type, char *out, size_t outlen);

/* Start a parse. boundary: as mp_boundary returned it. max_parts: the most
 * parts accepted (over it: -1). */
void mp_init(struct multipart *m, const char *boundary, const struct mp_handler *h, void *ud,
	     size_t max_parts);

/*
 * Feed the next n bytes of the body. Returns 0; -1 when the body is
 * malformed (bad header block, a header over MP_HEADER_MAX, too many parts,
 * no Content-Disposition form-data name); or a callback's non-zero code.
 * After an error the parser must not be fed again.
 */
int mp_feed(struct multipart *m, const char *p, size_t n);

/* After the last byte: 0 when the closing delimiter was seen, else -1. */
int mp_finish(const struct multipart *m);

#endif
