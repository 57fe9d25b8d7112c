"""The client scope (issue #5, "What it must show"), from every side, against every route of
the route table (src/page/routes.c app_routes[]):

- another organisation's contact gets 404 for every Acme object by id, GET and POST (with a
  valid CSRF token), and the body does not name the object; staff-only routes answer every
  contact with the same 403 whatever the id (the role gate runs before any lookup);
- a `view` contact cannot decide or post: refused, nothing written;
- used, expired, foreign and malformed tokens on /a/, /s/, /invite/ are refused with a page
  saying why and the right status; a decision cannot be made twice (409);
- hostile uploads (too big, empty or path-like names, control characters) to documents,
  versions and messages are refused cleanly and leave nothing on disk or in the database;
- the audit record of a decision survives a POST to every route of the application, and the
  database itself refuses UPDATE and DELETE on it.

Adding a route: the route tables are parsed from the C sources, and test_every_route_is_listed
fails until the new route has its one line in ACME_URL (routes with an id or a token) - plus,
for a POST route, a line in SWEEP_EXTRA only when the generic sweep form does not fit."""
import datetime
import re
from pathlib import Path

import pytest

from conftest import (MAX_UPLOAD, ROOT, XML, anon, form_state, login_as, multipart,
                      post_multipart, unique)
from domain_util import run as domain_run
from fakes import fast_settings
from plan_helpers import new_project
from smtp_sink import text_part

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
ACME, GLOBEX = 1, 2
JORDAN = "client@acme.test"       # Acme, access approve (user 7)
NOBODY = 987654321                # an id nothing has

# ------------------------------------------------------------ the route tables

ROUTE = re.compile(r'\{\s*(M_GET|M_POST)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(NEED_\w+)\s*,\s*([01]|ROUTE_\w+(?:\s*\|\s*ROUTE_\w+)*)\s*\}')
TABLE = re.compile(r"const struct route (\w+)\[[A-Z_]*\]\s*=\s*\{(.*?)\n\};", re.S)


def app_routes():
    """[(method, pattern, need)] of every route: the one table in src/page/routes.c."""
    src = {str(p.relative_to(ROOT / "src")): p.read_text() for p in (ROOT / "src").glob("**/*.c")}
    tables = {}
    for name, text in src.items():
        for table, body in TABLE.findall(text):
            tables[(name, table)] = body
    assert list(tables) == [("page/routes.c", "app_routes")], sorted(tables)
    body = tables[("page/routes.c", "app_routes")]
    out = [(m[2:], pat, need) for m, pat, _, need, _ in ROUTE.findall(body)]
    # every entry of the table is parsed: none dropped by an unexpected shape
    assert len(out) == len(re.findall(r"\{\s*M_", body)), body
    assert len(out) > 50
    return out


ROUTES = app_routes()
CLIENT_NEEDS = ("NEED_NONE", "NEED_USER", "NEED_CLIENT")

# Every route with an id or a token, aimed at Acme's objects (the `acme` fixture's names).
# One line per route: the lead adds the line when a route is added.
ACME_URL = {
    # core
    "/clients/#": "/clients/{client}",
    "/clients/#/contacts": "/clients/{client}/contacts",
    "/projects/#": "/projects/{project}",
    "/projects/#/edit": "/projects/{project}/edit",
    "/projects/#/stage": "/projects/{project}/stage",
    "/projects/#/health": "/projects/{project}/health",
    "/settings/users/#": "/settings/users/{spare_contact}",
    "/settings/users/#/active": "/settings/users/{spare_contact}/active",
    "/portal/projects/#": "/portal/projects/{project}",
    # planning
    "/projects/#/tasks": "/projects/{project}/tasks",
    "/projects/#/members": "/projects/{project}/members",
    "/projects/#/members/#/remove": "/projects/{project}/members/{member}/remove",
    "/projects/#/milestones": "/projects/{project}/milestones",
    "/milestones/#": "/milestones/{milestone}",
    "/milestones/#/reached": "/milestones/{milestone}/reached",
    "/tasks/#": "/tasks/{task}",
    "/tasks/#/status": "/tasks/{task}/status",
    "/tasks/#/shift": "/tasks/{task}/shift",
    "/projects/#/gantt": "/projects/{project}/gantt",
    "/portal/projects/#/gantt": "/portal/projects/{project}/gantt",
    "/projects/#/risks": "/projects/{project}/risks",
    "/risks/#": "/risks/{risk}",
    "/projects/#/changes": "/projects/{project}/changes",
    "/changes/#/status": "/changes/{change}/status",
    "/projects/#/calendar": "/projects/{project}/calendar",
    "/projects/#/calendar/#/revoke": "/projects/{project}/calendar/{approval}/revoke",
    # webhooks (not client data: aimed at the approval's id)
    "/settings/webhooks/#": "/settings/webhooks/{approval}",
    "/settings/webhooks/#/enabled": "/settings/webhooks/{approval}/enabled",
    "/settings/webhooks/#/test": "/settings/webhooks/{approval}/test",
    "/deliveries/#/replay": "/deliveries/{approval}/replay",
    # automations (issue 13; not client data: aimed at the approval's id)
    "/settings/automations/#": "/settings/automations/{approval}",
    "/settings/automations/#/enabled": "/settings/automations/{approval}/enabled",
    "/settings/automations/#/delete": "/settings/automations/{approval}/delete",
    "/settings/automations/#/try": "/settings/automations/{approval}/try",
    "/projects/#/automations": "/projects/{project}/automations",
    # time
    "/time/entries/#": "/time/entries/{approval}",
    "/time/entries/#/delete": "/time/entries/{approval}/delete",
    "/projects/#/budget": "/projects/{project}/budget",
    "/projects/#/expenses": "/projects/{project}/expenses",
    "/projects/#/time": "/projects/{project}/time",
    "/projects/#/time.csv": "/projects/{project}/time.csv",
    # client side
    "/invite/*": "/invite/{invite_token}",
    "/clients/#/contacts/#/invite": "/clients/{client}/contacts/{spare_contact}/invite",
    "/clients/#/contacts/#/revoke": "/clients/{client}/contacts/{spare_contact}/revoke",
    "/clients/#/contacts/#/access": "/clients/{client}/contacts/{spare_contact}/access",
    "/clients/#/contacts/#/active": "/clients/{client}/contacts/{spare_contact}/active",
    "/reset/*": "/reset/{invite_token}",
    "/projects/#/documents": "/projects/{project}/documents",
    "/documents/#": "/documents/{doc}",
    "/documents/#/versions": "/documents/{doc}/versions",
    "/files/#": "/files/{version}",
    "/documents/#/approvals": "/documents/{doc}/approvals",
    "/approvals/#/record": "/approvals/{approval}/record",
    "/a/*": "/a/{approval_token}",
    "/a/*/file": "/a/{approval_token}/file",
    "/portal/changes/#": "/portal/changes/{change}",
    "/projects/#/messages": "/projects/{project}/messages",
    "/messages/#/file": "/messages/{message}/file",
    "/messages/#/files/#": "/messages/{message}/files/1",
    "/inbox/#": "/inbox/{inbound}",
    "/inbox/#/file": "/inbox/{inbound}/file",
    "/inbox/#/discard": "/inbox/{inbound}/discard",
    "/inbox/#/files/#": "/inbox/{inbound}/files/1",
    "/projects/#/surveys": "/projects/{project}/surveys",
    "/s/*": "/s/{survey_token}",
    "/unsubscribe/*": "/unsubscribe/{unsub_token}",
    "/messages/threads/#": "/messages/threads/{thread}",
    "/changes/#/approvals": "/changes/{change}/approvals",
    "/portal/approvals/#": "/portal/approvals/{pending}",
    "/projects/#/status-reports": "/projects/{project}/status-reports",
    "/status-reports/#": "/status-reports/{report}",
    "/status-reports/#/publish": "/status-reports/{report}/publish",
    # project report and KPIs (staff only; KPIs aimed at the approval's id)
    "/projects/#/report": "/projects/{project}/report",
    "/projects/#/kpis": "/projects/{project}/kpis",
    "/kpis/#": "/kpis/{approval}",
    "/kpis/#/delete": "/kpis/{approval}/delete",
    # notifications (issue 12): one of Jordan's
    "/notifications/#": "/notifications/{notification}",
    "/notifications/#/read": "/notifications/{notification}/read",
    # issue 16: templates (staff only, PMs and admins; not client data: aimed at the approval's
    # id, removals at ids nothing has) and saving a project's plan as one
    "/templates/#": "/templates/{approval}",
    "/templates/#/delete": "/templates/{approval}/delete",
    "/templates/#/tasks/#": "/templates/{approval}/tasks/{approval}",
    "/templates/#/tasks/#/delete": f"/templates/{NOBODY}/tasks/{NOBODY}/delete",
    "/templates/#/milestones/#": "/templates/{approval}/milestones/{approval}",
    "/templates/#/milestones/#/delete": f"/templates/{NOBODY}/milestones/{NOBODY}/delete",
    "/templates/#/roles/#": "/templates/{approval}/roles/{approval}",
    "/templates/#/kpis/#/delete": f"/templates/{NOBODY}/kpis/{NOBODY}/delete",
    "/templates/#/risks/#/delete": f"/templates/{NOBODY}/risks/{NOBODY}/delete",
    "/templates/#/use": "/templates/{approval}/use",
    "/projects/#/template": "/projects/{project}/template",

    # client delays (issue 16): staff only
    "/projects/#/delays": "/projects/{project}/delays",
    "/projects/#/delays/clear": "/projects/{project}/delays/clear",

    # issue 16: deliverable QA and closure (staff only; criteria, versions and lessons aimed
    # at Acme's document, version and the approval's id)
    "/milestones/#/criteria": "/milestones/{milestone}/criteria",
    "/documents/#/criteria": "/documents/{doc}/criteria",
    "/criteria/#": "/criteria/{approval}",
    "/criteria/#/delete": "/criteria/{approval}/delete",
    "/versions/#/review": "/versions/{version}/review",
    "/projects/#/closure": "/projects/{project}/closure",
    "/projects/#/debrief": "/projects/{project}/debrief",
    "/projects/#/lessons": "/projects/{project}/lessons",
    "/lessons/#": "/lessons/{approval}",
    "/lessons/#/delete": "/lessons/{approval}/delete",
}


def by_id(routes):
    return [r for r in routes if "#" in r[1]]


def rid(r):
    return f"{r[0]} {r[1]}"


def test_every_route_is_listed():
    """A route with an id or a token must say which Acme object it is aimed at."""
    missing = sorted({p for _, p, _ in ROUTES if ("#" in p or "*" in p) and p not in ACME_URL})
    assert not missing, f"add these to ACME_URL in {Path(__file__).name}: {missing}"
    stale = sorted(set(ACME_URL) - {p for _, p, _ in ROUTES})
    assert not stale, f"no longer routes: {stale}"


# ------------------------------------------------------------ Acme's objects

def mail_link(stack, email, after, kind):
    pat = re.compile(rf"(/{kind}/[0-9a-f]{{64}})")
    m = stack.mail.wait_for(lambda m: email in m["rcpt"] and stack.mail.messages.index(m) >= after
                            and pat.search(text_part(m["message"])))
    return pat.search(text_part(m["message"])).group(1)


def new_doc(pmc, pid, title, visible=True, data=None):
    fields = [("title", title), ("note", "v1")] + ([("client_visible", "1")] if visible else [])
    r = post_multipart(pmc, f"/projects/{pid}/documents", fields,
                       [("file", "mock.png", "image/png", data or PNG + unique("p").encode())])
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def ask_approval(stack, pmc, did, contact=7, email=JORDAN):
    n = len(stack.mail.messages)
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    r = pmc.post(f"/documents/{did}/approvals", {"contact_id": str(contact), "due_date": due,
                                                 "message": "Please review."})
    assert r.status == 303, r
    aid = int(stack.scalar(f"SELECT MAX(id) FROM approvals WHERE document_id = {did}"))
    return aid, mail_link(stack, email, n, "a")


def nonce(c, link, what):
    return c.get(link, headers=XML).xml().xpath(f"string(/page/{what}/@nonce)")


def decide(c, link, decision="approve", name="Jordan Reyes", comment="", nonce_value=None, **kw):
    if nonce_value is None:
        nonce_value = nonce(c, link, "approval")
    return c.request("POST", link, body={"decision": decision, "comment": comment,
                                         "signed_name": name, "nonce": nonce_value}, **kw)


def add_contact(adminc, stack, access="approve"):
    email = f"{unique('scope')}@acme.test"
    n = len(stack.mail.messages)
    r = adminc.post(f"/clients/{ACME}/contacts", {"name": "Sam Spare", "email": email, "access": access})
    assert r.status == 303, r
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
    return uid, email, mail_link(stack, email, n, "invite")


def decisions(stack, aid=None):
    where = f" WHERE approval_id = {aid}" if aid else ""
    return stack.sql("SELECT id, approval_id, decision, comment, signed_name, contact_id,"
                     " COALESCE(recorded_by, 'NULL'), on_behalf, ip, user_agent, version_sha256,"
                     f" decided_at, HEX(comment), HEX(signed_name) FROM approval_decisions{where}"
                     " ORDER BY id")


@pytest.fixture(scope="module", autouse=True)
def fast(stack):
    fast_settings(stack)


@pytest.fixture(scope="module")
def acme(stack, pmc, adminc, memberc):
    """One of each Acme object the routes reach, with names that appear nowhere else."""
    o = {"client": ACME, "member": 3}
    o["project_name"] = unique("Scope project")
    o["project"] = pid = new_project(pmc, stack, client_id=ACME, name=o["project_name"])
    assert pmc.post(f"/projects/{pid}/members", {"user_id": "3"}).status == 303
    o["milestone_name"] = unique("Scope milestone")
    assert pmc.post(f"/projects/{pid}/milestones", {"name": o["milestone_name"], "due_date": "2026-05-01",
                                                   "client_visible": "1"}).status == 303
    o["milestone"] = int(stack.scalar(f"SELECT MAX(id) FROM milestones WHERE project_id = {pid}"))
    o["task_name"] = unique("Scope task")
    assert pmc.post(f"/projects/{pid}/tasks", {"title": o["task_name"], "start_date": "2026-03-02",
                                              "due_date": "2026-03-06"}).status == 303
    o["task"] = int(stack.scalar(f"SELECT MAX(id) FROM tasks WHERE project_id = {pid}"))
    o["risk_name"] = unique("Scope risk")
    r = pmc.post(f"/projects/{pid}/risks", {"title": o["risk_name"], "probability": "3", "impact": "3"})
    o["risk"] = int(stack.scalar(f"SELECT COALESCE(MAX(id), {NOBODY}) FROM risks WHERE project_id = {pid}"))
    o["change_name"] = unique("Scope change")
    assert pmc.post(f"/projects/{pid}/changes", {"title": o["change_name"], "description": "More pages",
                                                "impact_days": "2", "impact_hours": "8",
                                                "impact_amount": "100.00"}).status == 303
    o["change"] = int(stack.scalar(f"SELECT MAX(id) FROM change_requests WHERE project_id = {pid}"))
    assert pmc.post(f"/changes/{o['change']}/status", {"status": "proposed"}).status == 303
    # a shared document with two versions, an approval decided by Jordan (the audit record),
    # and a second, pending one
    o["doc_name"] = unique("Scope document")
    o["doc"] = did = new_doc(pmc, pid, o["doc_name"])
    r = post_multipart(pmc, f"/documents/{did}/versions", [("note", "v2")],
                       [("file", "mock2.png", "image/png", PNG + unique("v2").encode())])
    assert r.status == 303, r
    o["version"] = int(stack.scalar(f"SELECT MAX(id) FROM document_versions WHERE document_id = {did}"))
    o["approval"], o["approval_token"] = ask_approval(stack, pmc, did)
    r = decide(anon(stack), o["approval_token"], comment="Looks right", headers={"User-Agent": "Scope/1.0"})
    assert r.status == 303, r
    o["approval_token"] = o["approval_token"].rsplit("/", 1)[1]
    o["pending_doc"] = new_doc(pmc, pid, unique("Scope pending"))
    o["pending"], o["pending_link"] = ask_approval(stack, pmc, o["pending_doc"])
    # a message with an attachment from the team, visible to the client
    o["message_body"] = unique("Scope message")
    r = post_multipart(pmc, f"/projects/{pid}/messages", [("subject", unique("Scope thread")),
                                                          ("body", o["message_body"])],
                       [("file", "brief.txt", "text/plain", b"brief " + unique("b").encode())])
    assert r.status == 303, r
    o["message"] = int(stack.scalar(f"SELECT MAX(id) FROM messages WHERE project_id = {pid}"))
    o["thread"] = int(stack.scalar(f"SELECT MAX(id) FROM message_threads WHERE project_id = {pid}"))
    # an e-mail from Jordan filed on the project (issue 14), with one attachment listed
    stack.sql("INSERT INTO inbound_mails (uidvalidity, uid, raw, size, state, from_addr, subject, project_id,"
              " received_at, processed_at, body_text)"
              f" VALUES (1, {NOBODY} + {pid}, 'x', 1, 'filed', '{JORDAN}', 'Scope mail', {pid},"
              " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Scope mail body')")
    o["inbound"] = int(stack.scalar(f"SELECT MAX(id) FROM inbound_mails WHERE project_id = {pid}"))
    stack.sql("INSERT INTO inbound_files (inbound_id, seq, file_name, file_type, file_size)"
              f" VALUES ({o['inbound']}, 1, 'scope.pdf', 'application/pdf', 1)")
    # a published status report
    r = pmc.post(f"/projects/{pid}/status-reports", {"summary": unique("Scope report"), "health": "green"})
    assert r.status == 303, r
    o["report"] = int(stack.scalar(f"SELECT MAX(id) FROM status_reports WHERE project_id = {pid}"))
    assert pmc.post(f"/status-reports/{o['report']}/publish", {"confirm": "1"}).status == 303
    # a survey link (CSAT when the milestone is reached) and a spare contact with an invitation
    n = len(stack.mail.messages)
    assert pmc.post(f"/projects/{pid}/surveys", {"kind": "csat", "milestone_id": str(o["milestone"])}).status == 303
    assert pmc.post(f"/milestones/{o['milestone']}/reached").status == 303
    o["survey_token"] = mail_link(stack, JORDAN, n, "s").rsplit("/", 1)[1]
    o["spare_contact"], o["spare_email"], link = add_contact(adminc, stack)
    o["invite_token"] = link.rsplit("/", 1)[1]
    # a notification of Jordan's about the project (issue 12)
    stack.sql("INSERT INTO notifications (user_id, kind, client_id, project_id, link, text, created_at)"
              f" VALUES (7, 'message', {ACME}, {pid}, '/portal/projects/{pid}', 'Scope notice', UTC_TIMESTAMP())")
    stack.sql("UPDATE users SET unread_notifications = unread_notifications + 1 WHERE id = 7")
    o["notification"] = int(stack.scalar("SELECT MAX(id) FROM notifications WHERE user_id = 7"))

    # the spare contact's one-click unsubscribe link of message e-mails (issue 12)
    o["unsub_token"] = domain_run(stack, "notify_mail", "url", o["spare_contact"], "message")["url"].rsplit("/", 1)[1]
    return o


def url_of(pattern, o):
    return ACME_URL[pattern].format(**o)


def leaks(body, o):
    text = body.decode("utf-8", "replace")
    return [k for k in ("project_name", "doc_name", "message_body", "change_name", "milestone_name",
                        "task_name", "risk_name") if o[k] in text]


# ------------------------------------------------------------ another organisation's contact

@pytest.mark.parametrize("route", by_id(ROUTES), ids=rid)
def test_globex_contact_gets_404_for_acme_objects(stack, globexc, acme, route):
    method, pattern, need = route
    url = url_of(pattern, acme)
    nowhere = re.sub(r"/\d+", f"/{NOBODY}", url)

    def call(u):
        return globexc.get(u) if method == "GET" else globexc.post(u, {"decision": "approved", "note": "x",
                                                                      "body": "x", "title": "x"})
    r, r0 = call(url), call(nowhere)
    want = 404 if need in CLIENT_NEEDS else 403
    assert r.status == want, (url, r)
    # nothing tells an Acme id from an id nothing has
    assert r0.status == r.status, (nowhere, r0)
    assert not leaks(r.body, acme), (url, leaks(r.body, acme))
    assert b"Acme" not in r.body


def test_globex_contact_changes_nothing_of_acme(stack, globexc, acme):
    """The POSTs above wrote nothing: Acme's change is still proposed, no Globex message."""
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {acme['change']}") == "proposed"
    assert stack.scalar(f"SELECT COUNT(*) FROM messages WHERE project_id = {acme['project']}"
                        " AND author_id = 9") == "0"


@pytest.mark.parametrize("path", ["/documents/{doc}", "/files/{version}", "/messages/{message}/file",
                                  "/portal/projects/{project}", "/portal/projects/{project}/gantt",
                                  "/projects/{project}/messages"])
def test_acme_contact_reaches_what_globex_cannot(acmec, acme, path):
    """The 404s above are the scope, not broken routes: Acme's own contact gets 200."""
    assert acmec.get(path.format(**acme)).status == 200


# ------------------------------------------------------------ the view contact

def test_view_contact_cannot_decide_a_change(stack, viewerc, acme):
    before = stack.sql(f"SELECT * FROM change_requests WHERE id = {acme['change']}")
    for d in ("approved", "rejected"):
        assert viewerc.post(f"/portal/changes/{acme['change']}", {"decision": d}).status == 403
    assert stack.sql(f"SELECT * FROM change_requests WHERE id = {acme['change']}") == before
    assert "Accept change" not in viewerc.get(f"/portal/projects/{acme['project']}").text


def test_view_contact_cannot_record_an_approval(stack, viewerc, acme):
    n = stack.scalar("SELECT COUNT(*) FROM approval_decisions")
    r = viewerc.post(f"/approvals/{acme['pending']}/record",
                     {"decision": "approve", "signed_name": "Casey Kim", "comment": ""})
    assert r.status == 403
    assert stack.scalar("SELECT COUNT(*) FROM approval_decisions") == n
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {acme['pending']}") == "pending"


def test_view_contact_cannot_post_a_message(stack, viewerc, acme):
    pid = acme["project"]
    n = stack.scalar("SELECT COUNT(*) FROM messages")
    files = files_on_disk(stack)
    r = viewerc.post(f"/projects/{pid}/messages", {"body": "Can I write?"})
    assert r.status == 403
    r = post_multipart(viewerc, f"/projects/{pid}/messages", [("body", "With a file")],
                       [("file", "a.txt", "text/plain", b"viewer " + unique("v").encode())])
    assert r.status == 403
    assert stack.scalar("SELECT COUNT(*) FROM messages") == n
    assert files_on_disk(stack) == files
    page = viewerc.get_xml(f"/projects/{pid}/messages")
    assert page.status == 200 and page.xml().xpath("string(/page/@can-post)") == "0"


# ------------------------------------------------------------ tokens

def refused(r, status, words):
    assert r.status == status, r
    assert r.header("content-type").startswith("text/html")
    assert words.lower() in r.text.lower(), r.text[:2000]


def test_approval_decided_twice_is_409(stack, acme):
    link = f"/a/{acme['approval_token']}"
    before = decisions(stack, acme["approval"])
    c = anon(stack)
    page = c.get(link, headers=XML)
    assert page.status == 200  # the decided approval shows its record
    assert page.xml().xpath("string(/page/decision/@decision)") == "approve"
    r = decide(c, link, decision="changes", comment="Changed my mind",
               nonce_value=page.xml().xpath("string(/page/approval/@nonce)"))
    refused(r, 409, "already")
    assert decisions(stack, acme["approval"]) == before


def test_approval_token_expired_is_410(stack, pmc, acme):
    did = new_doc(pmc, acme["project"], unique("Scope expiring"))
    aid, link = ask_approval(stack, pmc, did)
    c = anon(stack)
    n = nonce(c, link, "approval")
    stack.sql(f"UPDATE approval_tokens SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE"
              f" WHERE approval_id = {aid}")
    refused(c.get(link), 410, "expired")
    refused(decide(c, link, nonce_value=n), 410, "expired")
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == "0"
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"


def test_approval_foreign_nonce_is_403(stack, pmc, acme):
    """The nonce of another approval's page does not decide this one."""
    c = anon(stack)
    other = nonce(c, acme["pending_link"], "approval")
    did = new_doc(pmc, acme["project"], unique("Scope foreign"))
    aid, link = ask_approval(stack, pmc, did)
    refused(decide(c, link, nonce_value=other), 403, "expired")
    refused(decide(c, link, nonce_value=""), 403, "expired")
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == "0"
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {acme['pending']}") == "0"


def test_survey_used_expired_and_foreign_nonce(stack, pmc, acme):
    link = f"/s/{acme['survey_token']}"
    c = anon(stack)
    good = nonce(c, link, "survey")
    assert good
    # a nonce of another token's page (an approval's) is refused
    refused(c.request("POST", link, body={"score": "5", "nonce": nonce(c, acme["pending_link"], "approval")}),
            403, "expired")
    assert c.request("POST", link, body={"score": "5", "comment": "fine", "nonce": good}).status == 303
    refused(c.get(link), 200, "answer")   # the thank-you page (issue 10 item 11)
    refused(c.request("POST", link, body={"score": "1", "nonce": good}), 410, "answer")
    row = f"SELECT score, comment FROM surveys WHERE token_hash = SHA2('{acme['survey_token']}', 256)"
    assert stack.sql(row) == [("5", "fine")]


def test_survey_expired_is_410(stack, pmc):
    pid = new_project(pmc, stack, client_id=ACME)
    assert pmc.post(f"/projects/{pid}/milestones", {"name": "M", "due_date": "2026-05-01"}).status == 303
    mid = int(stack.scalar(f"SELECT MAX(id) FROM milestones WHERE project_id = {pid}"))
    n = len(stack.mail.messages)
    assert pmc.post(f"/projects/{pid}/surveys", {"kind": "nps", "milestone_id": str(mid)}).status == 303
    assert pmc.post(f"/milestones/{mid}/reached").status == 303
    link = mail_link(stack, JORDAN, n, "s")
    c = anon(stack)
    good = nonce(c, link, "survey")
    stack.sql(f"UPDATE surveys SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE project_id = {pid}")
    refused(c.get(link), 410, "expired")
    refused(c.request("POST", link, body={"score": "9", "nonce": good}), 410, "expired")
    assert stack.scalar(f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid} AND answered_at IS NOT NULL") == "0"


def test_invite_used_expired_and_foreign_nonce(stack, adminc):
    uid, email, link = add_contact(adminc, stack, access="view")
    c = anon(stack)
    good = nonce(c, link, "invite")
    _, _, other_link = add_contact(adminc, stack, access="view")
    foreign = nonce(c, other_link, "invite")
    pw = {"password": "a-long-secret-1", "password2": "a-long-secret-1"}
    refused(c.request("POST", link, body=dict(pw, nonce=foreign)), 403, "expired")
    assert stack.scalar(f"SELECT password_hash IS NULL FROM users WHERE id = {uid}") == "1"
    assert c.request("POST", link, body=dict(pw, nonce=good)).status == 303
    hashed = stack.scalar(f"SELECT password_hash FROM users WHERE id = {uid}")
    refused(c.get(link), 410, "used")
    refused(c.request("POST", link, body={"password": "another-secret-2", "password2": "another-secret-2",
                                          "nonce": good}), 410, "used")
    assert stack.scalar(f"SELECT password_hash FROM users WHERE id = {uid}") == hashed
    # expired
    other_hash = f"SHA2('{other_link.rsplit('/', 1)[1]}', 256)"
    other_uid = stack.scalar(f"SELECT user_id FROM invitations WHERE token_hash = {other_hash}")
    stack.sql(f"UPDATE invitations SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE"
              f" WHERE token_hash = {other_hash}")
    refused(c.get(other_link), 410, "expired")
    refused(c.request("POST", other_link, body=dict(pw, nonce=foreign)), 410, "expired")
    assert stack.scalar(f"SELECT password_hash IS NULL FROM users WHERE id = {other_uid}") == "1"


@pytest.mark.parametrize("kind", ["a", "s", "invite"])
@pytest.mark.parametrize("token", ["0" * 64, "a" * 16, "Z" * 128],
                         ids=["unknown-hex", "short-unknown", "long-unknown"])
def test_unknown_token_is_404_with_a_page(stack, kind, token):
    c = anon(stack)
    refused(c.get(f"/{kind}/{token}"), 404, "not valid")
    r = c.request("POST", f"/{kind}/{token}", body={"decision": "approve", "signed_name": "X", "score": "5",
                                                    "password": "a-long-secret-1",
                                                    "password2": "a-long-secret-1", "nonce": "0" * 32})
    assert r.status in (403, 404), r


@pytest.mark.parametrize("kind", ["a", "s", "invite"])
@pytest.mark.parametrize("token", ["short", "x" * 129, "abc.def.ghi.jkl.mno", "..%2f..%2fetc%2fpasswd",
                                   "%00" * 20, "a" * 20 + "%20" + "b" * 20, "%C3%A9" * 20],
                         ids=["too-short", "too-long", "dots", "traversal", "nul", "space", "non-ascii"])
def test_malformed_token_is_refused(stack, kind, token):
    c = anon(stack)
    for r in (c.get(f"/{kind}/{token}"), c.request("POST", f"/{kind}/{token}", body={"nonce": "x"})):
        assert r.status in (400, 404), r
        assert r.body and b"Traceback" not in r.body and b"<?php" not in r.body
        # a page a person can read (not an empty answer or a bare status line)
        if r.header("content-type", ) and r.header("content-type").startswith("text/html"):
            assert re.search(rb"(?i)not found|not valid|bad request", r.body), r.body[:500]


# ------------------------------------------------------------ hostile uploads

def files_on_disk(stack):
    root = stack.var / "files"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def upload_counts(stack):
    return stack.sql("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM document_versions),"
                     " (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM outbox),"
                     " (SELECT COUNT(*) FROM mails)")


BAD_NAMES = {
    "empty": "",
    "dotdot-slash": "../x",
    "dotdot-backslash": "..\\x",
    "absolute": "/etc/passwd",
    "dot": ".",
    "dots": "...",
    "dotdot": "..",
    "hidden": ".htaccess",
    "nul": "a\x00b.txt",
    "newline": "a\nb.txt",
    "cr": "a\rb.txt",
    "tab": "a\tb.txt",
    "escape": "a\x1bb.txt",
    "del": "a\x7fb.txt",
    "drive": "C:\\x.txt",
    "nested": "a/b.txt",
}

UPLOAD_TARGETS = {
    # name: (who, url of the acme fixture, text fields)
    "document": ("pm", "/projects/{project}/documents", [("title", "Hostile"), ("client_visible", "1")]),
    "version": ("pm", "/documents/{doc}/versions", [("note", "hostile")]),
    "message-staff": ("pm", "/projects/{project}/messages", [("body", "hostile")]),
    "message-client": ("acme", "/projects/{project}/messages", [("body", "hostile")]),
}


def raw_multipart(c, path, fields, filename_bytes, data):
    """A multipart POST whose file part's filename is written byte for byte."""
    b = "tdmScopeBoundary0123456789"
    out = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
           for k, v in list(fields) + [("csrf", c.csrf())]]
    out.append(f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="'.encode() + filename_bytes
               + b'"\r\nContent-Type: text/plain\r\n\r\n' + data + b"\r\n")
    out.append(f"--{b}--\r\n".encode())
    return c.request("POST", path, raw_body=b"".join(out),
                     headers={"Content-Type": f"multipart/form-data; boundary={b}"})


@pytest.fixture(scope="module")
def uploaders(pmc, acmec):
    return {"pm": pmc, "acme": acmec}


@pytest.mark.parametrize("target", sorted(UPLOAD_TARGETS))
@pytest.mark.parametrize("name", sorted(BAD_NAMES))
def test_hostile_filename_is_refused_nothing_kept(stack, acme, uploaders, target, name):
    who, url, fields = UPLOAD_TARGETS[target]
    c = uploaders[who]
    before, disk = upload_counts(stack), files_on_disk(stack)
    data = b"hostile " + unique("h").encode()
    r = raw_multipart(c, url.format(**acme) + "?format=xml", fields, BAD_NAMES[name].encode(), data)
    assert 400 <= r.status < 500, (target, name, r)
    if r.status == 422:
        errors = form_state(r, r.xml().xpath("string(/page/form-state/@for)"))[1]
        assert errors.get("file"), errors
    assert upload_counts(stack) == before
    assert files_on_disk(stack) == disk


@pytest.mark.parametrize("target", sorted(UPLOAD_TARGETS))
@pytest.mark.parametrize("size", [MAX_UPLOAD + 1, MAX_UPLOAD + 200 * 1024], ids=["just-over", "far-over"])
def test_upload_over_the_limit_is_413_nothing_kept(stack, acme, uploaders, target, size):
    who, url, fields = UPLOAD_TARGETS[target]
    c = uploaders[who]
    before, disk = upload_counts(stack), files_on_disk(stack)
    r = post_multipart(c, url.format(**acme), fields, [("file", "big.bin", "application/pdf", b"x" * size)])
    assert r.status == 413, r
    assert re.search(rb"(?i)too large|too big", r.body), r.body[:500]
    assert upload_counts(stack) == before
    assert files_on_disk(stack) == disk


def test_upload_at_the_limit_is_accepted(stack, pmc, acme):
    """The limit is the limit: a file of exactly max_upload bytes is stored (the refusals above are
    about size, not about the route)."""
    data = unique("limit").encode()
    data += b"y" * (MAX_UPLOAD - len(data))
    r = post_multipart(pmc, f"/documents/{acme['doc']}/versions", [("note", "at the limit")],
                       [("file", "limit.bin", "application/pdf", data)])
    assert r.status == 303, r
    assert stack.scalar(f"SELECT size FROM document_versions WHERE document_id = {acme['doc']}"
                        " ORDER BY id DESC LIMIT 1") == str(MAX_UPLOAD)
    assert not [f for f in files_on_disk(stack) if f.startswith("tmp/")]


def test_empty_file_is_refused(stack, pmc, acme):
    before, disk = upload_counts(stack), files_on_disk(stack)
    for url, fields in (("/projects/{project}/documents", [("title", "Empty")]),
                        ("/documents/{doc}/versions", [])):
        r = post_multipart(pmc, url.format(**acme) + "?format=xml", fields,
                           [("file", "empty.pdf", "application/pdf", b"")])
        assert r.status == 422, r
    assert upload_counts(stack) == before and files_on_disk(stack) == disk


# ------------------------------------------------------------ the audit record

def test_database_refuses_update_and_delete_of_a_decision(stack, acme):
    before = decisions(stack)
    aid = acme["approval"]
    for q in (f"UPDATE approval_decisions SET decision = 'changes' WHERE approval_id = {aid}",
              f"UPDATE approval_decisions SET comment = 'forged' WHERE approval_id = {aid}",
              "UPDATE approval_decisions SET ip = '0.0.0.0'",
              f"DELETE FROM approval_decisions WHERE approval_id = {aid}",
              "DELETE FROM approval_decisions"):
        with pytest.raises(Exception) as e:
            stack.sql(q)
        assert "audit record" in str(getattr(e.value, "stderr", "")) or "45000" in str(getattr(e.value, "stderr", ""))
    assert decisions(stack) == before
    # a second record for the same approval is refused too (one decision per approval)
    with pytest.raises(Exception):
        stack.sql("INSERT INTO approval_decisions (approval_id, decision, comment, signed_name, contact_id,"
                  " ip, user_agent, version_sha256, decided_at) SELECT approval_id, 'changes', 'x', 'x',"
                  f" contact_id, ip, user_agent, version_sha256, NOW(6) FROM approval_decisions"
                  f" WHERE approval_id = {aid}")
    assert decisions(stack) == before


# The plausible form posted to every POST route, aimed at the decided approval; a route whose
# own form needs more gets its fields in SWEEP_EXTRA (one line per route).
def sweep_form(o):
    return {"decision": "changes", "comment": "forged comment", "signed_name": "Mallory",
            "note": "forged", "status": "rejected", "approval_id": str(o["approval"]),
            "document_id": str(o["doc"]), "version_id": str(o["version"]), "contact_id": "7",
            "due_date": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
            "message": "again", "body": "forged", "on_behalf": "1", "score": "1"}


SWEEP_EXTRA = {
    "/a/*": lambda c, o: {"nonce": nonce(c, f"/a/{o['approval_token']}", "approval")},
    "/portal/changes/#": lambda c, o: {"decision": "rejected"},
    "/documents/#/approvals": lambda c, o: {"contact_id": "7"},
}
SWEEP_FILES = {  # routes that take a file: the version the approval decided, again
    "/projects/#/documents", "/documents/#/versions", "/projects/#/messages",
}
SWEEP_LAST = {"/logout"}  # ends the sweeper's session


def test_no_route_changes_a_decision(stack, acme):
    aid = acme["approval"]
    before_one, before_all = decisions(stack, aid), decisions(stack)
    assert len(before_one) == 1
    settings = stack.sql("SELECT name, value FROM settings")
    version_bytes = stack.sql(f"SELECT sha256 FROM document_versions WHERE id = {acme['version']}")
    staff = {"NEED_ADMIN": login_as(stack, "admin@demo.test")}
    contact = login_as(stack, JORDAN)
    routes = sorted((r for r in ROUTES if r[0] == "POST"), key=lambda r: r[1] in SWEEP_LAST)
    seen = []
    try:
        for _, pattern, need in routes:
            url = ACME_URL[pattern].format(**acme) if pattern in ACME_URL else pattern
            if need in ("NEED_CLIENT", "NEED_USER"):
                posters = [contact] + ([staff["NEED_ADMIN"]] if need == "NEED_USER" else [])
            elif need == "NEED_NONE":
                posters = [anon(stack), contact]
            else:
                posters = [staff["NEED_ADMIN"]]
            for c in posters:
                form = sweep_form(acme)
                if pattern in SWEEP_EXTRA:
                    form.update(SWEEP_EXTRA[pattern](c, acme))
                if c.cookies and pattern != "/login":
                    form["csrf"] = c.csrf()
                if pattern in SWEEP_FILES:
                    body, ct = multipart(list(form.items()),
                                         [("file", "again.png", "image/png", PNG + b"again")])
                    r = c.request("POST", url, raw_body=body, headers={"Content-Type": ct})
                else:
                    r = c.request("POST", url, body=form)
                seen.append((pattern, r.status))
                assert r.status < 500, (pattern, r)
                assert decisions(stack, aid) == before_one, f"{pattern} changed the audit record"
    finally:
        # the sweep's forms may have saved settings (brand, ...): put them back
        stack.sql("DELETE FROM settings")
        for name, value in settings:
            stack.sql("INSERT INTO settings (name, value, updated_at) VALUES"
                      f" ('{name}', '{value.replace(chr(39), chr(39) * 2)}', UTC_TIMESTAMP())")
    assert {p for p, _ in seen} == {p for m, p, _ in ROUTES if m == "POST"}
    assert decisions(stack, aid) == before_one
    # other decisions taken meanwhile are new rows; none of the old ones changed
    assert decisions(stack)[:len(before_all)] == before_all
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "approved"
    assert stack.sql(f"SELECT sha256 FROM document_versions WHERE id = {acme['version']}") == version_bytes


def test_staff_cannot_record_over_a_client_decision(stack, pmc, acme):
    """Recording on the client's behalf after the client decided: refused, the record stays."""
    aid = acme["approval"]
    before = decisions(stack, aid)
    r = pmc.post(f"/approvals/{aid}/record", {"decision": "changes", "comment": "Override",
                                              "signed_name": "Priya Shah"})
    assert r.status in (303, 409), r
    if r.status == 303:  # back to the document with a flash saying it was decided already
        page = pmc.get(r.header("location"))
        assert "already" in page.text.lower()
    assert decisions(stack, aid) == before


# ------------------------------------------------------------ Acme's own hidden objects

def test_acme_contact_gets_404_for_internal_documents_and_messages(stack, pmc, acmec, viewerc, acme):
    """The scope is also client_visible within the contact's own organisation."""
    pid = acme["project"]
    hidden = unique("Scope internal doc")
    did = new_doc(pmc, pid, hidden, visible=False)
    vid = stack.scalar(f"SELECT MAX(id) FROM document_versions WHERE document_id = {did}")
    body = unique("Scope internal note")
    r = post_multipart(pmc, f"/projects/{pid}/messages", [("subject", unique("Internal")), ("body", body), ("internal", "1")],
                       [("file", "internal.txt", "text/plain", b"internal " + unique("i").encode())])
    assert r.status == 303, r
    mid = stack.scalar(f"SELECT MAX(id) FROM messages WHERE project_id = {pid}")
    for c in (acmec, viewerc):
        for path in (f"/documents/{did}", f"/files/{vid}", f"/messages/{mid}/file"):
            r = c.get(path)
            assert r.status == 404, (path, r)
            assert hidden.encode() not in r.body and body.encode() not in r.body
        for path in (f"/portal/projects/{pid}", f"/projects/{pid}/messages"):
            r = c.get(path)
            assert r.status == 200 and hidden.encode() not in r.body and body.encode() not in r.body, path
    assert pmc.get(f"/documents/{did}").status == 200 and pmc.get(f"/messages/{mid}/file").status == 200


def test_urlencoded_body_over_max_body_is_413_nothing_written(stack, acmec, acme):
    before = upload_counts(stack)
    r = acmec.post(f"/projects/{acme['project']}/messages", {"body": "x" * (1024 * 1024 + 16)})
    assert r.status == 413, r
    assert upload_counts(stack) == before
