/* page_document.c - documents with immutable versions: multipart upload (the edge streamed the
 * file to files_dir/tmp; stored under its SHA-256 by domain/document.c), history (document_view.c),
 * authorised downloads sent by nginx (web/file.c). */
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/document.h"
#include "domain/outbox.h"
#include "page/approval_view.h"
#include "page/document_view.h"
#include "page/page_document.h"
#include "page/plan_view.h"
#include "web/file.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

static const struct vfield doc_fields[] = {
	{ "title", "Title", V_LINE, 1, 1, 200, NULL },
	{ "client_visible", "Shared with the client", V_BOOL, 0, 0, 0, NULL },
	{ "note", "Note", V_TEXT, 0, 0, 1000, NULL },
	{ "file", "File", V_LINE, 0, 0, 0, NULL },  /* the upload: checked by file_upload_check */
};
static const struct vfield version_fields[] = {
	{ "note", "Note", V_TEXT, 0, 0, 1000, NULL },
	{ "file", "File", V_LINE, 0, 0, 0, NULL },
};

/* The checked upload of this request as a version's file. */
static struct doc_file upload_file(const struct req *r)
{
	const struct upload *up = r->upload;

	return (struct doc_file){ up->filename, up->content_type, up->size, up->sha256 };
}

static int is_staff(const struct req *r)
{
	return r->sess.role != ROLE_CLIENT;
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
	struct doc_file file;
	struct form f;
	long long pid = r->ids[0], id;
	int st = plan_project(r, pid, &p);

	if (st)
		return st;
	valid_form(r, &f, "document", doc_fields, ARRAY_SIZE(doc_fields));
	file_upload_check(r, &f, "file", 1);
	if (f.nerr)
		return documents_page(r, p, &f, 422);
	if (doc_file_store(&r->ctx, r->upload->tmp_path, r->upload->sha256) || db_begin(r->db))
		return 503;
	file = upload_file(r);
	id = doc_create(&r->ctx, db_cell_int(p, 0, db_col(p, "client-id")), pid, valid_get(&f, "title")->s,
			(int)valid_get(&f, "client_visible")->i, valid_get(&f, "note")->s, &file);
	if (id < 0 || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "document_added");
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", id));
}

int page_document_view(struct req *r)
{
	struct db_res *d;
	int st = document_get(r, r->ids[0], &d);

	return st ? st : document_page(r, d, NULL, 200);
}

int page_version_create(struct req *r)
{
	struct db_res *d;
	struct doc_file file;
	struct form f;
	long long id = r->ids[0];
	int st = document_get(r, id, &d);

	if (st)
		return st;
	valid_form(r, &f, "version", version_fields, ARRAY_SIZE(version_fields));
	file_upload_check(r, &f, "file", 1);
	if (f.nerr)
		return document_page(r, d, &f, 422);
	if (doc_file_store(&r->ctx, r->upload->tmp_path, r->upload->sha256) || db_begin(r->db))
		return 503;
	file = upload_file(r);
	if (doc_version_add(&r->ctx, id, db_cell_int(d, 0, DOC_GET_CLIENT_ID),
			    db_cell_int(d, 0, DOC_GET_PROJECT_ID), db_cell(d, 0, DOC_GET_TITLE),
			    (int)db_cell_int(d, 0, DOC_GET_CLIENT_VISIBLE), valid_get(&f, "note")->s, &file) ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "version_added");
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", id));
}

int page_file(struct req *r)
{
	struct db_res *v;
	int rc;

	if ((rc = page_one_row(r, ST_FILE_GET, &v, "iii", r->ids[0], (long long)is_staff(r),
			       r->sess.client_id)))
		return rc;
	return file_send(r, db_cell(v, 0, FILE_GET_FILENAME), db_cell(v, 0, FILE_GET_CONTENT_TYPE),
			 db_cell(v, 0, FILE_GET_SHA256), 0);
}
