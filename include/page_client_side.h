/* page_client_side.h - the client side: contact invitations, branding, and the helpers of the
 * tokenised pages (src/page_invite.c, src/page_brand.c). */
#ifndef TANDEM_PAGE_CLIENT_SIDE_H
#define TANDEM_PAGE_CLIENT_SIDE_H

#include <libxml/tree.h>
#include "route.h"
#include "valid.h"

struct db;
struct config;

/* Tokenised pages (/invite/, /reset/, /a/, /s/): the token is the path's second
 * segment (the route's '*'), arena text or "" (minting, hashing and looking it up:
 * token.h). */
const char *token_of_path(const struct req *r);

/* 1 when a tokenised page's POST carries the token's nonce (token_nonce) and is a
 * same-origin request; else 0. */
int token_post_ok(const struct req *r, const char *token);

/* A tokenised page that is refused: used, expired, revoked or unknown. The
 * status is 404 for unknown, 410 for the others; the page says which. */
int token_refused(struct req *r, int status, const char *title, const char *why);
/* The refusal of a tokenised form whose nonce or origin is wrong (403). */
int token_form_refused(struct req *r);

/*
 * Create a one-time set-password link for contact user_id (7 days) and queue
 * its e-mail, inside the caller's transaction; earlier open links (invitations
 * and password resets: one token mechanism, `invitations.purpose`) are
 * revoked. 0, or -1 (roll back).
 */
int invite_create(struct ctx *c, long long user_id, const char *name, const char *email);

/* Add <invitations><invitation user-id invite-expires/></invitations> (open
 * links) for the client page. 0, or -1. */
int invite_state_xml(struct req *r, xmlNodePtr page, long long client_id);

/* page_invite.c */
int page_invite_form(struct req *r);
int page_invite_set(struct req *r);
int page_contact_invite(struct req *r);
int page_contact_revoke(struct req *r);
/* "Forgot password?": the form, and the request (recorded; always the same 303 and flash) */
int page_reset_form(struct req *r);
int page_reset_request(struct req *r);
/* The outbox worker's part: process the recorded reset requests, each in its own transaction
 * (a one-hour link by e-mail when the address is an active account, at most 3 per address and
 * 20 per client IP an hour; nothing otherwise). How many e-mails were queued, or -1. */
int reset_requests_run(struct db *db, struct arena *a, const struct config *cfg);

/* page_client.c: a contact's access level and deactivation (admin, or PM of the client) */
int page_contact_access(struct req *r);
int page_contact_active(struct req *r);

/* page_document.c */
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

/* page_approval.c */
int page_approval_create(struct req *r);
int page_approval_record(struct req *r);
int page_approval_form(struct req *r);
int page_approval_decide(struct req *r);
int page_approval_file(struct req *r);
/* POST /changes/{id}/approvals: ask contacts to approve a proposed change request. */
int page_approval_change_create(struct req *r);
/* GET/POST /portal/approvals/{id}: the addressee decides while signed in. */
int page_portal_approval(struct req *r);
int page_portal_approval_decide(struct req *r);
/* The changes page's approval requests with their audit records, and the contacts who may
 * be asked. 0, or -1. */
int approval_changes_xml(struct req *r, xmlNodePtr page, long long project_id);
/* The document page's approvals with their audit records, and the contacts
 * who may be asked. 0, or -1. */
int approval_state_xml(struct req *r, xmlNodePtr page, long long doc_id, long long project_id);
/* Overdue approvals for the dashboard (a PM: their projects'). 0, or -1. */
int approval_overdue_xml(struct req *r, xmlNodePtr page);
/* Pending approvals of a project for the portal. 0, or -1. */
int approval_portal_xml(struct req *r, xmlNodePtr parent, long long project_id);
/* The outbox worker's periodic job: one reminder (with a fresh link) for
 * each pending approval due within two days. Returns reminders queued, -1. */
int approval_reminders_run(struct db *db, struct arena *a, const struct config *cfg);

/* page_portal_client.c */
/* The portal project page's client-side content: next client-visible
 * milestones, approvals waiting, shared documents, change requests (all in
 * the contact's scope). 0, or -1. */
int portal_project_xml(struct req *r, xmlNodePtr page, long long pid);
/* page_portal.c: the portal project page of pid; f (or NULL) is a form coming back
 * with its messages, and status the status to answer with when the page is built. */
int portal_project_page(struct req *r, long long pid, const struct form *f, int status);
int page_portal_change(struct req *r);

/* page_message.c */
int page_messages(struct req *r);
int page_message_create(struct req *r);
int page_thread(struct req *r);
int page_thread_reply(struct req *r);
int page_message_file(struct req *r);
/* The portal project page's messages summary: <message-threads count> (client-visible
 * threads of pid in the contact's client) holding the latest <thread id subject
 * last-message-at/>. 0, or -1. */
int message_portal_xml(struct req *r, xmlNodePtr page, long long pid);

/* page_survey.c */
int page_surveys(struct req *r);
int page_survey_plan(struct req *r);
int page_survey_form(struct req *r);
int page_survey_answer(struct req *r);
/* <name><month month kind answers average nps/>…</name> under page: the answered surveys of the
 * client (of project pid only when pid is not 0) by month and kind, oldest first. 0, or -1. */
int survey_trend_xml(struct req *r, xmlNodePtr page, const char *name, long long client, long long pid);

/* page_brand.c */
int page_brand_form(struct req *r);
int page_brand_save(struct req *r);
/* GET /brand/logo (no sign-in): the brand's logo, sent by nginx, or 404. */
int page_brand_logo(struct req *r);
/* GET /brand/accent.css[?v=rrggbb] - the brand's accent as CSS (":root { --accent: … }"), linked
 * by every page so the colour applies without script; cached for a year when v is the current
 * accent. GET /brand/favicon.svg[?v=rrggbb] - a plain square in the accent, the icon of a
 * branded agency without a logo. No sign-in; both 200. */
int page_brand_accent_css(struct req *r);
int page_brand_favicon(struct req *r);

#endif
