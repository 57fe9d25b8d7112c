/* document.h - document storage (domain layer): files kept under their SHA-256, and the rules on their names and types. */
#ifndef TANDEM_DOCUMENT_H
#define TANDEM_DOCUMENT_H

#include "domain/ctx.h"

#include <stddef.h>

struct db;

/* The download type of a declared Content-Type: itself when on the
 * allow-list, else application/octet-stream. Static text. Pure. */
const char *doc_content_type(const char *declared);

/* 1 when s holds a bidirectional control (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069):
 * invisible, they reorder what follows, so "invoice<U+202E>fdp.exe" reads "invoiceexe.pdf".
 * Else 0. Pure. */
int doc_has_bidi_control(const char *s);

/* 1 when an uploaded file name is a plain name: 1..255 bytes of text, no
 * '/', '\\', ':', control characters, bidirectional controls (U+202E …) or "..",
 * not starting with a dot. Pure. */
int doc_filename_ok(const char *s);

/*
 * Store the file at tmp_path (an upload the edge wrote and hashed; sha256 its lowercase hex
 * digest) as c->cfg->files_dir/aa/<sha256>, aa the digest's first two characters, making
 * that folder when needed. The file is moved there; when those bytes are stored already it is
 * left where it is (the request's temp files go at its reset). Writes no row, so it may run
 * before the caller's transaction. 0, or -1 (logged).
 */
int doc_file_store(struct ctx *c, const char *tmp_path, const char *sha256);

/* doc_file_store for bytes in memory (an e-mail's attachment, issue 14): len bytes at data, whose
 * SHA-256 is sha256 (lowercase hex), written to a temporary file beside their place and moved
 * there; left as they are when those bytes are stored already. Writes no row. 0, or -1 (logged). */
int doc_bytes_store(struct ctx *c, const void *data, size_t len, const char *sha256);

/* The file of a new version, as the edge received it (checked, and stored by doc_file_store). */
struct doc_file {
	const char *filename;     /* a plain name (doc_filename_ok) */
	const char *content_type; /* as declared; doc_content_type says what is recorded */
	long long size;           /* bytes */
	const char *sha256;       /* lowercase hex: the stored name */
};

/*
 * Create document title on project pid (of client client_id), shared with the client when
 * client_visible, with file as its version 1 (note may be NULL), uploaded by c->actor_id.
 * Runs in the caller's transaction: the caller commits on a new id and rolls back on -1.
 * Locks nothing beyond the rows it inserts.
 * Writes: the document, its version 1, a "document_added" activity line (client-visible as
 * the document). Emits: document.version_added ({"document_id", "title", "version": 1,
 * "sha256"}). Mails nothing.
 * Returns the new document's id, or -1 (also when there is no project pid: nothing written).
 */
long long doc_create(struct ctx *c, long long client_id, long long pid, const char *title,
		     int client_visible, const char *note, const struct doc_file *file);

/*
 * Add file as the next version of document id (titled title, on project pid of client
 * client_id, shared with the client when client_visible: the caller's row of it), note may
 * be NULL, uploaded by c->actor_id. Runs in the caller's transaction: the caller commits on 0
 * and rolls back on -1.
 * Locks: the document's row (its updated_at), beyond the row it inserts; two versions added at
 * once cannot take the same number (the second fails on the unique number: -1).
 * Writes: the version (numbered after the document's last), the document's updated_at, a
 * "document_version" activity line (client-visible as the document). Emits:
 * document.version_added ({"document_id", "title", "sha256"}). Mails nothing.
 * 0, or -1 (also when there is no document id: nothing written).
 */
int doc_version_add(struct ctx *c, long long id, long long client_id, long long pid,
		    const char *title, int client_visible, const char *note,
		    const struct doc_file *file);

/* Write the demo data set's files (table file_seeds) into files_dir under
 * their SHA-256, then empty the table (tandem seed-demo). 0, or -1. */
int doc_seed_files(struct db *db, const char *files_dir);

#endif
