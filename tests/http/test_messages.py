"""Message threads per project: staff start internal or client-visible threads, contacts with
comment or approve start and answer client-visible ones, view contacts only read; threads
and messages in the client scope (another organisation's, or an internal one, is 404 for a
contact); attachments; new client-visible messages e-mailed to the other side with the
thread's subject and a link (since issue 12: notifications, written with the message);
bad input is a 422 with nothing written; migration 006 moves
the one conversation of a project into threads."""
import hashlib
import os
import re
import shutil
import subprocess

from conftest import ROOT, login_as, max_id, post_multipart, unique, form_state
from fakes import wait_for
from smtp_sink import html_part, text_part

ACME_PROJECT = 1      # Acme's "Website relaunch" (PM pm@demo.test)
GLOBEX_PROJECT = 4    # Globex's "ERP integration"


def start(c, pid, subject, body, internal=False, files=(), fmt=False):
    fields = [("subject", subject), ("body", body)] + ([("internal", "1")] if internal else [])
    return post_multipart(c, f"/projects/{pid}/messages" + ("?format=xml" if fmt else ""), fields, files)


def reply(c, tid, body, files=(), fmt=False):
    return post_multipart(c, f"/messages/threads/{tid}" + ("?format=xml" if fmt else ""),
                          [("body", body)], files)


def tid_of(resp):
    assert resp.status == 303, resp
    m = re.fullmatch(r"/messages/threads/(\d+)", resp.header("location"))
    assert m, resp.header("location")
    return int(m.group(1))


def thread_ids(c, pid, page=1):
    r = c.get_xml(f"/projects/{pid}/messages?page={page}")
    assert r.status == 200, r
    return [int(x) for x in r.xml().xpath("/page/threads/thread/@id")]


def counts(stack):
    return max_id(stack, "message_threads"), max_id(stack, "messages")


def new_mail(stack, n, cond):
    """The first e-mail after index n that satisfies cond (waits for the outbox worker)."""
    return stack.mail.wait_for(lambda m: stack.mail.messages.index(m) >= n and cond(m))


def mails_with(stack, text):
    return int(stack.scalar(f"SELECT COUNT(*) FROM mails WHERE body_text LIKE '%{text}%'"))


def mailed_to(stack, text):
    """Who was e-mailed text, once the outbox worker has sent what notifications ask at once
    (it does so within a second or two); a second look a moment later finds no one more."""
    def sent():
        return not int(stack.scalar("SELECT COUNT(*) FROM notifications WHERE mail = 'now'"
                                    f" AND text LIKE '%{text}%'"))
    wait_for(sent, timeout=20, what=f"the notifications' e-mails of {text}")
    return sorted(r[0] for r in stack.sql(f"SELECT to_addr FROM mails WHERE body_text LIKE '%{text}%'"))


# ------------------------------------------------------------ start, reply, list

def test_start_a_thread_then_reply(stack, pmc):
    subject, first, second = unique("Launch date"), unique("First"), unique("Second")
    tid = tid_of(start(pmc, ACME_PROJECT, subject, first))
    row = stack.sql(f"SELECT project_id, subject, internal, created_by, message_count FROM message_threads WHERE id = {tid}")
    assert row == [(str(ACME_PROJECT), subject, "0", "2", "1")]
    r = reply(pmc, tid, second)
    assert r.status == 303
    mid = max_id(stack, "messages")
    assert r.header("location") == f"/messages/threads/{tid}#m{mid}"
    assert stack.sql(f"SELECT message_count, last_message_id FROM message_threads WHERE id = {tid}") == [("2", str(mid))]
    # a message takes its project and visibility from its thread
    assert stack.sql(f"SELECT project_id, internal, thread_id FROM messages WHERE id = {mid}") == [
        (str(ACME_PROJECT), "0", str(tid))]
    page = pmc.get_xml(f"/messages/threads/{tid}").xml()
    assert page.xpath("string(/page/thread/@subject)") == subject
    assert page.xpath("/page/messages/message/@body") == [first, second]   # oldest first
    assert page.xpath("string(/page/@can-post)") == "1"
    html = pmc.get(f"/messages/threads/{tid}").html()
    assert html.xpath(f"//form[@action='/messages/threads/{tid}']//textarea[@name='body']")
    assert html.xpath("//h1")[0].text_content().strip() == subject


def test_thread_list_shows_newest_activity_first(stack, pmc):
    pid = 3   # Acme's "Customer portal MVP": no demo threads
    a = tid_of(start(pmc, pid, unique("Older"), "a"))
    b = tid_of(start(pmc, pid, unique("Newer"), "b"))
    assert thread_ids(pmc, pid)[:2] == [b, a]
    assert reply(pmc, a, unique("bump")).status == 303
    assert thread_ids(pmc, pid)[:2] == [a, b]
    t = pmc.get_xml(f"/projects/{pid}/messages").xml().xpath(f"/page/threads/thread[@id={a}]")[0]
    assert t.get("message-count") == "2" and t.get("last-author") == "Priya Shah"
    assert t.get("excerpt").startswith("bump-")


def test_thread_list_is_paginated(stack, pmc):
    pid = 7   # Initech's "Intranet migration": no demo threads
    first = max_id(stack, "message_threads") + 1
    for i in range(27):   # 27 threads, written as the handlers would (setup only)
        stack.sql(f"INSERT INTO message_threads (project_id, subject, internal, created_by, created_at,"
                  f" last_message_at, message_count) VALUES ({pid}, 'Bulk {i:02d}', 0, 2,"
                  f" UTC_TIMESTAMP() - INTERVAL {100 - i} MINUTE, UTC_TIMESTAMP() - INTERVAL {100 - i} MINUTE, 0)")
    r = pmc.get_xml(f"/projects/{pid}/messages")
    doc = r.xml()
    assert doc.xpath("string(/page/pager/@total)") == "27" and doc.xpath("string(/page/pager/@pages)") == "2"
    p1, p2 = thread_ids(pmc, pid, 1), thread_ids(pmc, pid, 2)
    assert len(p1) == 25 and len(p2) == 2
    assert p1[0] == first + 26 and p2 == [first + 1, first]   # newest activity first
    html = pmc.get(f"/projects/{pid}/messages").html()
    assert html.xpath(f"//nav[@class='pager']//a[@href='/projects/{pid}/messages?page=2']")


def test_long_thread_is_paginated_oldest_first_and_a_reply_lands_on_the_last_page(stack, pmc):
    tid = tid_of(start(pmc, 6, unique("Long thread"), "message 00"))   # Initech project
    for i in range(1, 25):
        stack.sql(f"INSERT INTO messages (project_id, thread_id, internal, author_id, body, created_at)"
                  f" VALUES (6, {tid}, 0, 2, 'message {i:02d}', UTC_TIMESTAMP())")
    stack.sql(f"UPDATE message_threads SET message_count = 25 WHERE id = {tid}")
    p1 = pmc.get_xml(f"/messages/threads/{tid}").xml()
    assert p1.xpath("string(/page/pager/@pages)") == "1"
    assert p1.xpath("/page/messages/message/@body")[:2] == ["message 00", "message 01"]
    r = reply(pmc, tid, "message 25")
    mid = max_id(stack, "messages")
    assert r.header("location") == f"/messages/threads/{tid}?page=2#m{mid}"
    p2 = pmc.get_xml(f"/messages/threads/{tid}?page=2").xml()
    assert p2.xpath("/page/messages/message/@body") == ["message 25"]
    assert p2.xpath("string(/page/pager/@page)") == "2" and p2.xpath("string(/page/pager/@total)") == "26"
    # a page past the end shows the last one; the list links to the last page
    assert pmc.get_xml(f"/messages/threads/{tid}?page=9").xml().xpath("/page/messages/message/@body") == ["message 25"]
    t = pmc.get_xml("/projects/6/messages").xml().xpath(f"/page/threads/thread[@id={tid}]")[0]
    assert t.get("last-page") == "2"
    html = pmc.get("/projects/6/messages").html()
    assert html.xpath(f"//a[@href='/messages/threads/{tid}?page=2']")


def test_attachment_on_a_thread_and_on_a_reply(stack, pmc, acmec):
    data = b"plan " + unique().encode()
    tid = tid_of(start(pmc, ACME_PROJECT, unique("With file"), "see attached",
                       files=[("file", "plan.txt", "text/plain", data)]))
    mid = max_id(stack, "messages")
    assert stack.sql(f"SELECT file_name, file_size, file_sha256 FROM messages WHERE id = {mid}") == [
        ("plan.txt", str(len(data)), hashlib.sha256(data).hexdigest())]
    r = acmec.get(f"/messages/{mid}/file")
    assert r.status == 200 and r.header("content-disposition").startswith("attachment;")
    more = b"notes " + unique().encode()
    assert reply(acmec, tid, "and mine", files=[("file", "notes.csv", "text/csv", more)]).status == 303
    rid = max_id(stack, "messages")
    assert pmc.get(f"/messages/{rid}/file").status == 200
    html = pmc.get(f"/messages/threads/{tid}").html()
    assert html.xpath(f"//a[@href='/messages/{mid}/file' and text()='plan.txt']")
    assert html.xpath(f"//a[@href='/messages/{rid}/file' and text()='notes.csv']")


# ------------------------------------------------------------ bad input: 422, nothing written

def test_empty_subject_and_body_422_keep_values_and_write_nothing(stack, pmc):
    body, subject = unique("kept body"), unique("kept subject")
    # the outbox worker may be mailing other tests' notifications meanwhile: count this test's
    ours = f"SELECT COUNT(*) FROM mails WHERE body_text LIKE '%{body}%' OR body_text LIKE '%{subject}%'"
    before = counts(stack)
    r = start(pmc, ACME_PROJECT, "   ", body, fmt=True)
    assert r.status == 422
    values, errors = form_state(r, "thread")
    assert values["body"] == body and "subject" in errors and "body" not in errors
    r = start(pmc, ACME_PROJECT, subject, "", internal=True, fmt=True)
    assert r.status == 422
    values, errors = form_state(r, "thread")
    assert values["subject"] == subject and values["internal"] == "1" and "body" in errors
    assert counts(stack) == before
    assert int(stack.scalar(ours)) == 0
    # the page comes back with the list and the form, not a bare error
    html = start(pmc, ACME_PROJECT, "", "").html()
    assert html.xpath("//form[@action='/projects/1/messages']//input[@name='subject']")
    assert html.xpath("//*[contains(@class,'field-error')]")


def test_empty_reply_422_keeps_nothing(stack, pmc):
    tid = tid_of(start(pmc, ACME_PROJECT, unique("Reply 422"), "first"))
    before = counts(stack)
    r = reply(pmc, tid, "  \n ", fmt=True)
    assert r.status == 422
    _, errors = form_state(r, "reply")
    assert "body" in errors
    assert r.xml().xpath("/page/messages/message/@body") == ["first"]
    assert counts(stack) == before
    assert stack.scalar(f"SELECT message_count FROM message_threads WHERE id = {tid}") == "1"


def stored(stack, data):
    sha = hashlib.sha256(data).hexdigest()
    return os.path.exists(stack.var / "files" / sha[:2] / sha)


def temp_files(stack):
    d = stack.var / "files" / "tmp"
    return sorted(os.listdir(d)) if d.exists() else []


def test_422_leaves_no_attachment_on_disk(stack, pmc):
    data = b"orphan " + unique().encode()
    before, tmp = counts(stack), temp_files(stack)
    r = start(pmc, ACME_PROJECT, "", "body", files=[("file", "orphan.txt", "text/plain", data)], fmt=True)
    assert r.status == 422
    assert not stored(stack, data) and temp_files(stack) == tmp
    tid = tid_of(start(pmc, ACME_PROJECT, unique("Disk"), "x"))
    r = reply(pmc, tid, "", files=[("file", "orphan.txt", "text/plain", data)], fmt=True)
    assert r.status == 422
    assert not stored(stack, data) and temp_files(stack) == tmp
    assert counts(stack) == (before[0] + 1, before[1] + 1)


def test_bad_attachment_name_is_422(stack, pmc):
    before = counts(stack)
    r = start(pmc, ACME_PROJECT, unique("Bad file"), "x", fmt=True,
              files=[("file", ".hidden", "text/plain", b"x")])
    assert r.status == 422
    _, errors = form_state(r, "thread")
    assert "file" in errors
    r = start(pmc, ACME_PROJECT, unique("Empty file"), "x", fmt=True,
              files=[("file", "empty.txt", "text/plain", b"")])
    assert r.status == 422
    assert counts(stack) == before


# ------------------------------------------------------------ scope and access

def test_internal_thread_is_invisible_to_contacts(stack, pmc, acmec, viewerc):
    subject = unique("Internal only")
    tid = tid_of(start(pmc, ACME_PROJECT, subject, "team eyes only", internal=True,
                       files=[("file", "secret.txt", "text/plain", b"secret " + unique().encode())]))
    mid = max_id(stack, "messages")
    assert stack.sql(f"SELECT internal FROM message_threads WHERE id = {tid}") == [("1",)]
    assert stack.sql(f"SELECT internal FROM messages WHERE id = {mid}") == [("1",)]
    assert tid in thread_ids(pmc, ACME_PROJECT)
    assert pmc.get(f"/messages/{mid}/file").status == 200
    before = counts(stack)
    for c in (acmec, viewerc):
        assert tid not in thread_ids(c, ACME_PROJECT)
        assert subject.encode() not in c.get(f"/projects/{ACME_PROJECT}/messages").body
        assert c.get(f"/messages/threads/{tid}").status == 404
        assert c.get(f"/messages/{mid}/file").status == 404
    assert reply(acmec, tid, "let me in").status == 404
    assert counts(stack) == before
    assert reply(pmc, tid, unique("internal reply")).status == 303


def test_internal_messages_tell_no_contact(stack, pmc):
    # issue 12: a client-visible message tells the contacts by a notification (no e-mail of
    # its own); an internal one tells no contact and mails no one
    text, later = unique("Internal text"), unique("Visible text")
    tid = tid_of(start(pmc, ACME_PROJECT, unique("No mail"), text, internal=True))
    assert reply(pmc, tid, text + " again").status == 303
    assert start(pmc, ACME_PROJECT, unique("Mail"), later).status == 303
    assert told(stack, later, "message") == stack.contacts_who_sign_in(1)
    assert told(stack, text) == []
    assert mails_with(stack, text) == 0 and mails_with(stack, later) == 0


def told(stack, text, kind=None):
    """E-mail addresses of the people told of a message holding text (of kind, when given)."""
    return sorted(r[0] for r in stack.sql(
        "SELECT u.email FROM notifications n JOIN users u ON u.id = n.user_id"
        f" WHERE n.text LIKE '%{text}%'" + (f" AND n.kind = '{kind}'" if kind else "")))


def test_other_client_gets_404_on_every_acme_thread_message_and_file(stack, pmc, globexc):
    tid = tid_of(start(pmc, ACME_PROJECT, unique("Acme only"), "hello",
                       files=[("file", "acme.txt", "text/plain", b"acme " + unique().encode())]))
    mid = max_id(stack, "messages")
    before = counts(stack)
    for path in (f"/projects/{ACME_PROJECT}/messages", f"/messages/threads/{tid}", f"/messages/{mid}/file",
                 "/messages/threads/1", "/messages/threads/4"):   # demo: Acme's threads
        assert globexc.get(path).status == 404, path
    assert start(globexc, ACME_PROJECT, "hi", "hi").status == 404
    assert reply(globexc, tid, "hi").status == 404
    assert counts(stack) == before
    # their own project's threads are theirs: the demo's shared one, not the internal one
    own = thread_ids(globexc, GLOBEX_PROJECT)
    assert 8 in own and 9 not in own
    assert globexc.get("/messages/threads/9").status == 404


def test_unknown_thread_is_404(stack, pmc):
    assert pmc.get("/messages/threads/999999").status == 404
    assert reply(pmc, 999999, "x").status == 404


def test_view_contact_reads_but_cannot_post(stack, pmc, viewerc):
    tid = tid_of(start(pmc, ACME_PROJECT, unique("For viewers"), "readable"))
    before = counts(stack)
    assert start(viewerc, ACME_PROJECT, "mine", "hello").status == 403
    assert reply(viewerc, tid, "hello").status == 403
    assert counts(stack) == before
    assert viewerc.get_xml(f"/projects/{ACME_PROJECT}/messages").xml().xpath("string(/page/@can-post)") == "0"
    html = viewerc.get(f"/projects/{ACME_PROJECT}/messages").html()
    assert not html.xpath("//form[@enctype='multipart/form-data']")
    assert html.xpath(f"//a[starts-with(@href, '/messages/threads/{tid}')]")
    page = viewerc.get(f"/messages/threads/{tid}")
    assert page.status == 200
    assert page.html().xpath("//p[contains(@class,'message-body')]")[0].text_content() == "readable"
    assert not page.html().xpath("//form[@enctype='multipart/form-data']")


def test_contact_thread_is_client_visible_and_internal_is_refused(stack, acmec):
    before = counts(stack)
    r = start(acmec, ACME_PROJECT, unique("Sneaky"), "x", internal=True, fmt=True)
    assert r.status == 422
    _, errors = form_state(r, "thread")
    assert "team" in errors["_form"]
    assert counts(stack) == before
    tid = tid_of(start(acmec, ACME_PROJECT, unique("From Jordan"), "question"))
    assert stack.sql(f"SELECT internal, created_by FROM message_threads WHERE id = {tid}") == [("0", "7")]
    html = acmec.get(f"/projects/{ACME_PROJECT}/messages").html()
    assert not html.xpath("//input[@name='internal']")


def test_comment_contact_can_post(stack, pmc):
    # Initech's Peter has access "comment"; give him the demo password (same hash as Jordan's)
    stack.sql("UPDATE users SET password_hash = (SELECT h FROM (SELECT password_hash AS h FROM users"
              " WHERE email = 'client@acme.test') x) WHERE email = 'peter@initech.test'")
    try:
        peter = login_as(stack, "peter@initech.test")
        assert peter.get_xml("/projects/6/messages").xml().xpath("string(/page/@can-post)") == "1"
        tid = tid_of(start(peter, 6, unique("From Peter"), "hello"))
        assert reply(peter, tid, "again").status == 303
        assert reply(pmc, tid, "answer").status == 303
        assert peter.get(f"/projects/{ACME_PROJECT}/messages").status == 404
        assert stack.scalar(f"SELECT message_count FROM message_threads WHERE id = {tid}") == "3"
    finally:
        stack.sql("UPDATE users SET password_hash = NULL WHERE email = 'peter@initech.test'")


# ------------------------------------------------------------ e-mail

def test_staff_thread_and_reply_tell_the_contacts(stack, pmc):
    # issue 12: the contacts are told by a "message" notification (its e-mail goes into their
    # digest by default), the direct e-mail is gone
    subject, body = unique("Kick-off moved"), unique("We meet on Friday")
    tid = tid_of(start(pmc, ACME_PROJECT, subject, body))
    mid = max_id(stack, "messages")
    # nobody else: not Globex, not the author
    want = stack.contacts_who_sign_in(1)
    assert {"client@acme.test", "viewer@acme.test"} <= set(want)
    assert not any(a.endswith("@globex.test") or a == "pm@demo.test" for a in want)
    assert told(stack, body) == want and told(stack, body, "message") == want
    rows = stack.sql(f"SELECT DISTINCT link, text FROM notifications WHERE text LIKE '%{body}%'")
    assert len(rows) == 1
    assert rows[0][0] == f"/messages/threads/{tid}#m{mid}"
    assert subject in rows[0][1] and "Website relaunch" in rows[0][1]
    assert mails_with(stack, body) == 0
    text = unique("Reply text")
    assert reply(pmc, tid, text).status == 303
    rid = max_id(stack, "messages")
    assert told(stack, text, "message") == want
    assert stack.sql(f"SELECT DISTINCT link FROM notifications WHERE text LIKE '%{text}%'") == \
        [(f"/messages/threads/{tid}#m{rid}",)]
    assert mails_with(stack, text) == 0


def test_contact_message_tells_the_pm_only(stack, acmec, pmc):
    subject, body = unique("Question"), unique("Question from Jordan")
    tid = tid_of(start(acmec, ACME_PROJECT, subject, body))
    assert told(stack, body) == ["pm@demo.test"] and told(stack, body, "client_message") == ["pm@demo.test"]
    link, text = stack.sql(f"SELECT link, text FROM notifications WHERE text LIKE '%{body}%'")[0]
    assert subject in text and link.startswith(f"/messages/threads/{tid}#m")
    # no direct e-mail of the message: the PM's one e-mail is the notification's, sent at once
    assert mailed_to(stack, body) == ["pm@demo.test"]
    text = unique("Follow-up from Jordan")
    assert reply(acmec, tid, text).status == 303
    assert told(stack, text) == ["pm@demo.test"]
    assert mailed_to(stack, text) == ["pm@demo.test"]


def test_long_subject_project_name_and_body_fit_the_notification(stack, pmc):
    # a 200-character subject on a project with a 200-character name, and a long body: the
    # notification quotes the body cut to 160 characters with "…", the whole fits its column
    old = stack.scalar("SELECT name FROM projects WHERE id = 3")
    stack.sql("UPDATE projects SET name = REPEAT('P', 200) WHERE id = 3")
    try:
        body = unique("long subject") + " " + "Ü" * 3000
        assert start(pmc, 3, "Ü" * 200, body).status == 303
        rows = stack.sql("SELECT CHAR_LENGTH(text), text FROM notifications"
                         f" WHERE text LIKE '%{body[:20]}%'")
        assert rows
        for n, text in rows:
            assert int(n) <= 1000 and "Ü" * 200 + "\u201d (PPP" in text and text.endswith("\u2026")
    finally:
        stack.sql(f"UPDATE projects SET name = '{old}' WHERE id = 3")
    assert start(pmc, ACME_PROJECT, "Ü" * 201, body, fmt=True).status == 422


# ------------------------------------------------------------ portal and activity

def test_portal_project_shows_threads_count_and_latest(stack, pmc, acmec):
    subject = unique("Portal latest")
    tid = tid_of(start(pmc, ACME_PROJECT, subject, "hi"))
    hidden = tid_of(start(pmc, ACME_PROJECT, unique("Hidden latest"), "team", internal=True))
    visible = int(stack.scalar(f"SELECT COUNT(*) FROM message_threads WHERE project_id = {ACME_PROJECT} AND internal = 0"))
    doc = acmec.get_xml(f"/portal/projects/{ACME_PROJECT}").xml()
    assert doc.xpath("string(/page/message-threads/@count)") == str(visible)
    assert doc.xpath("string(/page/message-threads/thread/@id)") == str(tid)
    assert hidden != tid
    html = acmec.get(f"/portal/projects/{ACME_PROJECT}").html()
    assert html.xpath(f"//a[@href='/messages/threads/{tid}' and text()='{subject}']")
    assert html.xpath(f"//a[@href='/projects/{ACME_PROJECT}/messages' and contains(., '({visible})')]")


def test_activity_records_threads_with_visibility(stack, pmc):
    subject = unique("Activity")
    start(pmc, ACME_PROJECT, subject, "x")
    assert stack.sql(f"SELECT kind, client_visible FROM activity WHERE note = '{subject}'") == [
        ("thread_started", "1")]
    internal = unique("Activity internal")
    tid = tid_of(start(pmc, ACME_PROJECT, internal, "x", internal=True))
    reply(pmc, tid, "y")
    assert sorted(stack.sql(f"SELECT kind, client_visible FROM activity WHERE note = '{internal}'")) == [
        ("thread_reply", "0"), ("thread_started", "0")]


def test_old_urls_still_work(stack, pmc, acmec):
    assert pmc.get(f"/projects/{ACME_PROJECT}/messages").status == 200
    assert acmec.get(f"/projects/{ACME_PROJECT}/messages").status == 200
    # the demo's attachment (a contact's CSV on a shared thread) downloads for both sides
    mid = stack.scalar("SELECT id FROM messages WHERE file_name = 'store-list.csv'")
    for c in (pmc, acmec):
        r = c.get(f"/messages/{mid}/file")
        assert r.status == 200 and b"Acme Downtown" in r.body


def test_database_keeps_a_message_in_its_threads_project_and_visibility(stack):
    tid = stack.scalar("SELECT id FROM message_threads WHERE internal = 1 AND project_id = 1 LIMIT 1")
    r = subprocess.run(["mariadb", "--socket", str(stack.var / "run/mysql.sock"), "-u", "root", "tandem", "-e",
                        f"INSERT INTO messages (project_id, thread_id, internal, author_id, body, created_at)"
                        f" VALUES (1, {tid}, 0, 2, 'leak', UTC_TIMESTAMP())"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode != 0 and "foreign key constraint" in r.stderr.lower()


# ------------------------------------------------------------ migration 006

def test_migration_moves_each_projects_messages_into_threads(stack, tmp_path):
    db = "tandem_mig006"
    schema = tmp_path / "schema"
    schema.mkdir()
    for f in sorted((ROOT / "schema").glob("00[1-5]_*.sql")):
        shutil.copy(f, schema / f.name)

    def migrate():
        env = dict(stack.env, TANDEM_DB_NAME=db, TANDEM_SCHEMA_DIR=str(schema))
        r = subprocess.run([stack.env["BIN"], "-c", str(stack.var / "tandem.conf"), "migrate"],
                           capture_output=True, text=True, timeout=120, env=env)
        assert r.returncode == 0, r.stderr

    stack.sql(f"DROP DATABASE IF EXISTS {db}")
    stack.sql(f"CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        migrate()
        stack.sql(f"""
            INSERT INTO {db}.clients (id, name, cadence, created_at, updated_at) VALUES (1, 'C', 'none', NOW(), NOW());
            INSERT INTO {db}.users (id, email, name, role, active, created_at, updated_at) VALUES
              (1, 'a@x.test', 'A', 'pm', 1, NOW(), NOW()), (2, 'b@x.test', 'B', 'member', 1, NOW(), NOW());
            INSERT INTO {db}.projects (id, client_id, name, pm_id, stage, health, currency, created_at, updated_at) VALUES
              (1, 1, 'P1', 1, 'execution', 'green', 'EUR', NOW(), NOW()),
              (2, 1, 'P2', 1, 'execution', 'green', 'EUR', NOW(), NOW()),
              (3, 1, 'P3', 1, 'execution', 'green', 'EUR', NOW(), NOW());
            INSERT INTO {db}.messages (id, project_id, author_id, body, internal, created_at) VALUES
              (1, 1, 2, 'v1', 0, '2026-01-01 10:00:00'), (2, 1, 1, 'i1', 1, '2026-01-02 10:00:00'),
              (3, 1, 1, 'v2', 0, '2026-01-03 10:00:00'), (4, 2, 1, 'i2', 1, '2026-01-04 10:00:00');""")
        shutil.copy(ROOT / "schema/006_threads.sql", schema)
        migrate()
        threads = stack.sql(f"SELECT project_id, subject, internal, created_by, created_at, last_message_at,"
                            f" last_message_id, message_count FROM {db}.message_threads ORDER BY project_id, internal")
        assert threads == [
            ("1", "General", "0", "2", "2026-01-01 10:00:00", "2026-01-03 10:00:00", "3", "2"),
            ("1", "Team notes", "1", "1", "2026-01-02 10:00:00", "2026-01-02 10:00:00", "2", "1"),
            ("2", "Team notes", "1", "1", "2026-01-04 10:00:00", "2026-01-04 10:00:00", "4", "1"),
        ]
        moved = stack.sql(f"SELECT m.id, t.subject, t.project_id FROM {db}.messages m"
                          f" JOIN {db}.message_threads t ON t.id = m.thread_id ORDER BY m.id")
        assert moved == [("1", "General", "1"), ("2", "Team notes", "1"), ("3", "General", "1"),
                         ("4", "Team notes", "2")]
        assert stack.scalar(f"SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}'"
                            f" AND TABLE_NAME = 'messages' AND COLUMN_NAME = 'thread_id'") == "NO"
    finally:
        stack.sql(f"DROP DATABASE IF EXISTS {db}")
