/* portal_view.h - the client portal's project page, built from several areas' fragments
 * (src/page/portal_view.c). */
#ifndef TANDEM_PORTAL_VIEW_H
#define TANDEM_PORTAL_VIEW_H

#include "fcgi/req.h"
#include "web/valid.h"

/* The portal project page of pid: the project, its client-visible activity and KPIs, next
 * milestones, approvals waiting, shared documents, change requests, the messages summary and
 * the latest published status report, all in the contact's scope (another client's project is
 * not found: 404). f (or NULL) is a form coming back with its messages, and status the status
 * to answer with when the page is built; else 404 or 503. */
int portal_project_page(struct req *r, long long pid, const struct form *f, int status);

#endif
