"""Issue 11: the client side's state changes called without a page.

tests/domain/d_approval, d_document, d_message, d_brand, d_survey and d_invite are linked with
the core and domain objects only; each runs one scenario in a transaction (committed on 0,
rolled back otherwise) and prints key=value lines ending with rc=N. These tests check the rows,
the activity lines, the events and the mail with SQL: a good path per domain function, and the
bad ones (unknown id, refused state) leaving nothing half-written."""
import hashlib
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import unique
from domain_util import DRIVERS, count, last_event, new_client, run, staff_id

SHA_A = "a" * 64
SHA_B = "b" * 64


def new_project(stack, cid, name="Client side "):
    return int(run(stack, "project", "create", cid, unique(name), "-", "tandem")["id"])


def contact_of(stack, cid):
    """The id and e-mail of the client's contact (new_client(with_contact=True))."""
    row = stack.sql(f"SELECT id, email FROM users WHERE client_id = {cid} AND role = 'client' ORDER BY id LIMIT 1")
    return int(row[0][0]), row[0][1]


def mails_to(stack, email, kind):
    return count(stack, f"SELECT COUNT(*) FROM mails WHERE to_addr = '{email}' AND kind = '{kind}'")


def events(stack, pid):
    return count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}")


def activity(stack, pid, kind):
    return stack.sql(f"SELECT user_id, note, client_visible FROM activity WHERE project_id = {pid}"
                     f" AND kind = '{kind}' ORDER BY id")


def new_document(stack, cid, pid, visible=1, actor=None):
    title = unique("Doc ")
    out = run(stack, "document", "create", cid, pid, title, visible, "first cut", "plan.pdf",
              "application/pdf", 1234, SHA_A, actor=actor)
    assert out["rc"] == 0
    did = int(out["id"])
    vid = int(stack.scalar(f"SELECT id FROM document_versions WHERE document_id = {did}"))
    return did, vid, title


def new_change(stack, pid, status="proposed", minutes=0, amount=0):
    title = unique("Change ")
    stack.sql("INSERT INTO change_requests (project_id, title, impact_days, impact_minutes, impact_amount,"
              f" status, created_at, updated_at) VALUES ({pid}, '{title}', 0, {minutes}, {amount},"
              f" '{status}', NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM change_requests WHERE title = '{title}'"))


# ------------------------------------------------------------------ documents

def test_doc_create_writes_document_version_activity_and_event(stack):
    cid = new_client(stack)
    pid = new_project(stack, cid)
    pm = staff_id(stack)
    title = unique("Spec ")
    out = run(stack, "document", "create", cid, pid, title, 1, "-", "spec.exe", "application/x-evil",
              99, SHA_A, actor=pm)
    assert out["rc"] == 0
    did = int(out["id"])
    assert stack.sql(f"SELECT project_id, title, client_visible, created_by FROM documents WHERE id = {did}") == [
        (str(pid), title, "1", str(pm))]
    # the recorded type is the allow-list's: anything else downloads as octet-stream
    assert stack.sql("SELECT version, filename, content_type, size, sha256, note, uploaded_by"
                     f" FROM document_versions WHERE document_id = {did}") == [
        ("1", "spec.exe", "application/octet-stream", "99", SHA_A, "", str(pm))]
    assert activity(stack, pid, "document_added") == [(str(pm), title, "1")]
    ev = last_event(stack, "document.version_added", pid)
    assert ev["data"] == {"document_id": did, "title": title, "version": 1, "sha256": SHA_A}


def test_doc_create_internal_document_has_an_internal_line(stack):
    cid = new_client(stack)
    pid = new_project(stack, cid)
    new_document(stack, cid, pid, visible=0)
    assert [row[2] for row in activity(stack, pid, "document_added")] == ["0"]


def test_doc_create_on_no_project_writes_nothing(stack):
    cid = new_client(stack)
    title = unique("Orphan doc ")
    before = count(stack, "SELECT COUNT(*) FROM outbox")
    out = run(stack, "document", "create", cid, 987654321, title, 1, "-", "a.pdf", "application/pdf", 1, SHA_A)
    assert out["rc"] == -1
    assert count(stack, f"SELECT COUNT(*) FROM documents WHERE title = '{title}'") == 0
    assert count(stack, "SELECT COUNT(*) FROM outbox") == before


def test_doc_version_add_numbers_the_next_version(stack):
    cid = new_client(stack)
    pid = new_project(stack, cid)
    did, _, title = new_document(stack, cid, pid)
    pm = staff_id(stack)
    out = run(stack, "document", "version", did, cid, pid, title, 1, "second", "plan-v2.pdf",
              "application/pdf", 2048, SHA_B, actor=pm)
    assert out["rc"] == 0
    assert stack.sql(f"SELECT version, filename, content_type, note FROM document_versions"
                     f" WHERE document_id = {did} ORDER BY version") == [
        ("1", "plan.pdf", "application/pdf", "first cut"), ("2", "plan-v2.pdf", "application/pdf", "second")]
    assert activity(stack, pid, "document_version") == [(str(pm), title, "1")]
    ev = last_event(stack, "document.version_added", pid)
    assert ev["data"] == {"document_id": did, "title": title, "sha256": SHA_B}


def test_doc_version_add_to_no_document_writes_nothing(stack):
    cid = new_client(stack)
    pid = new_project(stack, cid)
    versions = count(stack, "SELECT COUNT(*) FROM document_versions")
    n = events(stack, pid)
    out = run(stack, "document", "version", 987654321, cid, pid, "Nothing", 1, "-", "x.pdf",
              "application/pdf", 1, SHA_B)
    assert out["rc"] == -1
    assert count(stack, "SELECT COUNT(*) FROM document_versions") == versions
    assert events(stack, pid) == n
    assert activity(stack, pid, "document_version") == []


def test_doc_file_store_moves_the_file_under_its_sha256(stack):
    files = Path(stack.var) / "files"
    body = unique("stored bytes ").encode()
    sha = hashlib.sha256(body).hexdigest()
    with tempfile.NamedTemporaryFile(dir=stack.var, delete=False) as f:
        f.write(body)
    assert run(stack, "document", "store", f.name, sha)["rc"] == 0
    assert (files / sha[:2] / sha).read_bytes() == body
    assert not os.path.exists(f.name)
    # the same bytes again: stored already, the temp file left for the request's reset
    with tempfile.NamedTemporaryFile(dir=stack.var, delete=False) as g:
        g.write(body)
    assert run(stack, "document", "store", g.name, sha)["rc"] == 0
    assert os.path.exists(g.name)
    os.unlink(g.name)
    # nothing to move
    other = hashlib.sha256(b"never written" + body).hexdigest()
    assert run(stack, "document", "store", str(Path(stack.var) / "no-such-upload"), other)["rc"] == -1
    assert not (files / other[:2] / other).exists()


# ------------------------------------------------------------------ approvals

def test_approval_request_version_asks_the_contact(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    did, vid, title = new_document(stack, cid, pid)
    contact, email = contact_of(stack, cid)
    pm = staff_id(stack)
    mails = mails_to(stack, email, "approval")
    out = run(stack, "approval", "request-version", pid, cid, did, vid, title, contact, "2099-01-31",
              "please look", actor=pm)
    assert out["rc"] == 0
    rows = stack.sql(f"SELECT id, version_id, contact_id, state, message, requested_by FROM approvals"
                     f" WHERE document_id = {did}")
    assert [r[1:] for r in rows] == [(str(vid), str(contact), "pending", "please look", str(pm))]
    aid = int(rows[0][0])
    assert count(stack, f"SELECT COUNT(*) FROM approval_tokens WHERE approval_id = {aid}") == 1
    assert mails_to(stack, email, "approval") == mails + 1
    ev = last_event(stack, "approval.requested", pid)
    assert ev["data"]["approval_id"] == aid and ev["data"]["document_id"] == did
    assert ev["data"]["subject"] == {"type": "document_version", "document_id": did, "version_id": vid}
    assert stack.sql(f"SELECT user_id, to_value, note, client_visible FROM activity WHERE project_id = {pid}"
                     " AND kind = 'approval_requested'") == [(str(pm), "Dora Contact", title, "1")]


def test_approval_request_to_someone_not_a_contact_writes_nothing(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    did, vid, title = new_document(stack, cid, pid)
    n = events(stack, pid)
    out = run(stack, "approval", "request-version", pid, cid, did, vid, title, staff_id(stack),
              "2099-01-31", "-")
    assert out["rc"] == -1
    assert count(stack, f"SELECT COUNT(*) FROM approvals WHERE project_id = {pid}") == 0
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}"
                        " AND kind = 'approval_requested'") == 0
    assert events(stack, pid) == n


def test_approval_request_change_holds_the_change_proposed(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    contact, email = contact_of(stack, cid)
    chg = new_change(stack, pid)
    pm = staff_id(stack)
    out = run(stack, "approval", "request-change", chg, contact, "2099-02-28", "-", actor=pm)
    assert out["rc"] == 0
    assert stack.sql(f"SELECT contact_id, state, message FROM approvals WHERE change_id = {chg}") == [
        (str(contact), "pending", "")]
    ev = last_event(stack, "approval.requested", pid)
    assert ev["data"]["change_id"] == chg and ev["data"]["subject"]["type"] == "change_request"
    assert count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid} AND client_id = {cid}"
                        " AND type = 'approval.requested'") == 1
    assert mails_to(stack, email, "approval") == 1


def test_approval_request_change_refuses_a_draft_and_an_unknown_change(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    contact, email = contact_of(stack, cid)
    chg = new_change(stack, pid, status="draft")
    n = events(stack, pid)
    out = run(stack, "approval", "request-change", chg, contact, "2099-02-28", "-")
    assert out["rc"] == 2
    assert out["why"] == "Only a proposed change request can be sent for approval."
    assert count(stack, f"SELECT COUNT(*) FROM approvals WHERE change_id = {chg}") == 0
    assert events(stack, pid) == n and mails_to(stack, email, "approval") == 0
    assert run(stack, "approval", "request-change", 987654321, contact, "2099-02-28", "-")["rc"] == 3


def test_approval_decide_on_behalf_locks_the_version(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    did, vid, title = new_document(stack, cid, pid)
    contact, _ = contact_of(stack, cid)
    pm = staff_id(stack)
    run(stack, "approval", "request-version", pid, cid, did, vid, title, contact, "2099-01-31", "-", actor=pm)
    aid = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}"))
    out = run(stack, "approval", "decide", aid, "approve", "fine by phone", "Dora Contact", 1, actor=pm)
    assert out["rc"] == 0
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "approved"
    assert stack.scalar(f"SELECT locked FROM document_versions WHERE id = {vid}") == "1"
    assert stack.sql("SELECT decision, comment, signed_name, contact_id, recorded_by, on_behalf, ip,"
                     f" user_agent, version_sha256 FROM approval_decisions WHERE approval_id = {aid}") == [
        ("approve", "fine by phone", "Dora Contact", str(contact), str(pm), "1", "192.0.2.7",
         "d_approval", SHA_A)]
    ev = last_event(stack, "approval.decided", pid)
    assert (ev["data"]["approval_id"], ev["data"]["decision"], ev["data"]["on_behalf"]) == (aid, "approve", True)
    assert stack.sql(f"SELECT user_id, client_visible FROM activity WHERE project_id = {pid}"
                     " AND kind = 'approval_decided'") == [(str(pm), "1")]
    # decided once: a second decision writes nothing
    n = events(stack, pid)
    assert run(stack, "approval", "decide", aid, "changes", "no", "Dora", 0)["rc"] == 1
    assert count(stack, f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == 1
    assert events(stack, pid) == n
    assert run(stack, "approval", "decide", 987654321, "approve", "-", "X", 0)["rc"] == 3


def test_approval_decide_by_the_contact_decides_the_change(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    contact, _ = contact_of(stack, cid)
    chg = new_change(stack, pid, minutes=60)
    run(stack, "approval", "request-change", chg, contact, "2099-02-28", "-", actor=staff_id(stack))
    aid = int(stack.scalar(f"SELECT id FROM approvals WHERE change_id = {chg}"))
    out = run(stack, "approval", "decide", aid, "approve", "-", "Dora Contact", 0)
    assert out["rc"] == 0
    assert stack.sql(f"SELECT status, decided_by FROM change_requests WHERE id = {chg}") == [("approved", str(contact))]
    assert stack.scalar(f"SELECT budget_minutes FROM projects WHERE id = {pid}") == "660"
    assert last_event(stack, "change.decided", pid)["data"]["decision"] == "approved"
    assert stack.sql(f"SELECT user_id FROM activity WHERE project_id = {pid} AND kind = 'approval_decided'") == [
        (str(contact),)]


def test_approval_decide_refused_by_the_change_writes_nothing(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    contact, _ = contact_of(stack, cid)
    chg = new_change(stack, pid, minutes=-6000)
    run(stack, "approval", "request-change", chg, contact, "2099-02-28", "-", actor=staff_id(stack))
    aid = int(stack.scalar(f"SELECT id FROM approvals WHERE change_id = {chg}"))
    n = events(stack, pid)
    out = run(stack, "approval", "decide", aid, "approve", "-", "Dora Contact", 0)
    assert out["rc"] == 2 and "below zero" in out["why"]
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"
    assert count(stack, f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == 0
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {chg}") == "proposed"
    assert events(stack, pid) == n


# ------------------------------------------------------------------ messages

def message_mails(stack, email):
    return stack.sql(f"SELECT subject, body_text FROM mails WHERE to_addr = '{email}' AND kind = 'message'"
                     " ORDER BY id")


def message_notices(stack, email, kind="message"):
    """(link, text) of the notifications of kind for the person of email (issue 12: a message
    tells the other side by a notification, no longer by an e-mail of its own)."""
    return stack.sql("SELECT n.link, n.text FROM notifications n JOIN users u ON u.id = n.user_id"
                     f" WHERE u.email = '{email}' AND n.kind = '{kind}' ORDER BY n.id")


def test_message_thread_start_from_staff_tells_the_contacts(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    _, email = contact_of(stack, cid)
    pm = staff_id(stack)
    subject = unique("Kick-off ")
    n = events(stack, pid)
    out = run(stack, "message", "start", pid, subject, "Hello there", 0, 0, "-", "-", actor=pm)
    assert out["rc"] == 0
    tid, mid = int(out["thread"]), int(out["message"])
    assert stack.sql(f"SELECT project_id, subject, internal, created_by, message_count, last_message_id"
                     f" FROM message_threads WHERE id = {tid}") == [
        (str(pid), subject, "0", str(pm), "1", str(mid))]
    assert stack.sql(f"SELECT thread_id, author_id, body, internal, file_name FROM messages WHERE id = {mid}") == [
        (str(tid), str(pm), "Hello there", "0", "NULL")]
    assert activity(stack, pid, "thread_started") == [(str(pm), subject, "1")]
    told = message_notices(stack, email)
    assert len(told) == 1 and subject in told[0][1]
    assert told[0][0] == f"/messages/threads/{tid}#m{mid}"
    assert message_mails(stack, email) == []
    assert events(stack, pid) == n  # a message emits no event


def test_message_internal_thread_mails_nobody(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    _, email = contact_of(stack, cid)
    subject = unique("Margins ")
    out = run(stack, "message", "start", pid, subject, "Between us", 1, 0, "-", "-", actor=staff_id(stack))
    assert out["rc"] == 0
    assert activity(stack, pid, "thread_started")[0][2] == "0"
    assert message_mails(stack, email) == [] and message_notices(stack, email) == []


def test_message_thread_start_refusals_write_nothing(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    contact, _ = contact_of(stack, cid)
    threads = count(stack, "SELECT COUNT(*) FROM message_threads")
    # a contact never starts an internal thread
    assert run(stack, "message", "start", pid, "Sneaky", "x", 1, 1, "-", "-", actor=contact)["rc"] == 2
    assert run(stack, "message", "start", 987654321, "Nowhere", "x", 0, 0, "-", "-")["rc"] == 1
    assert count(stack, "SELECT COUNT(*) FROM message_threads") == threads
    assert activity(stack, pid, "thread_started") == []


def test_message_reply_from_the_client_tells_the_pm_with_its_attachment(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    contact, _ = contact_of(stack, cid)
    pm = staff_id(stack)
    stack.sql(f"UPDATE projects SET pm_id = {pm} WHERE id = {pid}")
    subject = unique("Question ")
    tid = int(run(stack, "message", "start", pid, subject, "Any news?", 0, 1, "-", "-", actor=contact)["thread"])
    pm_mail = "pm@demo.test"
    before = len(message_notices(stack, pm_mail, "client_message"))
    out = run(stack, "message", "reply", tid, "Here it is", 1, "notes.txt", SHA_B, actor=contact)
    assert out["rc"] == 0 and out["page"] == "1"
    mid = int(out["message"])
    assert stack.sql(f"SELECT author_id, file_name, file_type, file_size, file_sha256 FROM messages WHERE id = {mid}") == [
        (str(contact), "notes.txt", "text/plain", "5", SHA_B)]
    assert stack.sql(f"SELECT message_count, last_message_id FROM message_threads WHERE id = {tid}") == [("2", str(mid))]
    assert activity(stack, pid, "thread_reply") == [(str(contact), subject, "1")]
    told = message_notices(stack, pm_mail, "client_message")
    assert len(told) == before + 1 and subject in told[-1][1] and "replied" in told[-1][1]
    assert told[-1][0] == f"/messages/threads/{tid}#m{mid}"


def test_message_reply_names_the_page_that_holds_it(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    _, email = contact_of(stack, cid)
    pm = staff_id(stack)
    tid = int(run(stack, "message", "start", pid, unique("Long "), "1", 0, 0, "-", "-", actor=pm)["thread"])
    stack.sql(f"UPDATE message_threads SET message_count = 25 WHERE id = {tid}")
    out = run(stack, "message", "reply", tid, "26th", 0, "-", "-", actor=pm)
    assert out["rc"] == 0 and out["page"] == "2"
    assert message_notices(stack, email)[-1][0] == f"/messages/threads/{tid}?page=2#m{out['message']}"


def test_message_reply_refusals_write_nothing(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    contact, _ = contact_of(stack, cid)
    tid = int(run(stack, "message", "start", pid, unique("Team "), "x", 1, 0, "-", "-",
                  actor=staff_id(stack))["thread"])
    messages = count(stack, "SELECT COUNT(*) FROM messages")
    assert run(stack, "message", "reply", tid, "let me in", 1, "-", "-", actor=contact)["rc"] == 2
    assert run(stack, "message", "reply", 987654321, "hello?", 0, "-", "-")["rc"] == 1
    assert count(stack, "SELECT COUNT(*) FROM messages") == messages
    assert stack.scalar(f"SELECT message_count FROM message_threads WHERE id = {tid}") == "1"
    assert activity(stack, pid, "thread_reply") == []


# ------------------------------------------------------------------ brand

def brand_rows(stack):
    return dict(stack.sql("SELECT name, value FROM settings WHERE name LIKE 'brand_%'"))


@pytest.fixture
def kept_brand(stack):
    """The brand settings as other tests left them, put back afterwards."""
    saved = brand_rows(stack)
    yield
    stack.sql("DELETE FROM settings WHERE name LIKE 'brand_%'")
    for k, v in saved.items():
        stack.sql(f"INSERT INTO settings (name, value, updated_at) VALUES ('{k}', '{v}', NOW())")


def test_brand_save_writes_the_settings(stack, kept_brand):
    assert run(stack, "brand", "save", "Domain Studio", "#AA3300", "-", "-")["rc"] == 0
    rows = brand_rows(stack)
    assert (rows["brand_name"], rows["brand_accent"]) == ("Domain Studio", "#AA3300")
    # a new logo, then none
    assert run(stack, "brand", "save", "Domain Studio", "#aa3300", SHA_A, "image/png")["rc"] == 0
    rows = brand_rows(stack)
    assert (rows["brand_logo"], rows["brand_logo_type"]) == (SHA_A, "image/png")
    assert run(stack, "brand", "save", "Domain Studio", "#aa3300", "-", "-")["rc"] == 0
    assert brand_rows(stack)["brand_logo"] == SHA_A  # kept
    assert run(stack, "brand", "save", "Domain Studio", "#aa3300", "none", "-")["rc"] == 0
    rows = brand_rows(stack)
    assert (rows["brand_logo"], rows["brand_logo_type"]) == ("", "")


@pytest.mark.parametrize("name, accent, logo, kind, field", [
    ("Studio", "red;}", "-", "-", "accent"),
    ("Studio", "#12345", "-", "-", "accent"),
    ("", "#123456", "-", "-", "name"),
    ("x" * 101, "#123456", "-", "-", "name"),
    ("Studio", "#123456", SHA_B, "svg", "logo"),
    ("Studio", "#123456", SHA_B, "-", "logo"),
])
def test_brand_save_refusals_write_nothing(stack, kept_brand, name, accent, logo, kind, field):
    before = brand_rows(stack)
    out = run(stack, "brand", "save", name, accent, logo, kind)
    assert out["rc"] == 1 and out["field"] == field and out["why"]
    assert brand_rows(stack) == before


def test_brand_rules(stack):
    assert run(stack, "brand", "accent", "#2f6fDE")["ok"] == "1"
    for bad in ("2f6fde", "#2f6fd", "#2f6fdg", "#2f6fde0"):
        assert run(stack, "brand", "accent", bad)["ok"] == "0"
    assert run(stack, "brand", "image", "GIF89a....")["type"] == "image/gif"
    assert run(stack, "brand", "image", "RIFF0000WEBPVP8 ")["type"] == "image/webp"
    assert run(stack, "brand", "image", "  <svg onload=x>")["type"] == "svg"
    assert run(stack, "brand", "image", "%PDF-1.4")["type"] == ""


# ------------------------------------------------------------------ surveys

def new_milestone(stack, pid):
    name = unique("Milestone ")
    stack.sql("INSERT INTO milestones (project_id, name, due_date, created_at, updated_at)"
              f" VALUES ({pid}, '{name}', '2099-06-30', NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM milestones WHERE name = '{name}'"))


def test_survey_plan_set_makes_and_replaces_the_plan(stack):
    cid = new_client(stack)
    pid = new_project(stack, cid)
    ms = new_milestone(stack, pid)
    n = events(stack, pid)
    assert run(stack, "survey", "plan", pid, "nps", ms, 0)["rc"] == 0
    assert stack.sql(f"SELECT kind, milestone_id, at_closure FROM survey_plans WHERE project_id = {pid}") == [
        ("nps", str(ms), "0")]
    assert run(stack, "survey", "plan", pid, "csat", 0, 1)["rc"] == 0
    assert stack.sql(f"SELECT kind, milestone_id, at_closure FROM survey_plans WHERE project_id = {pid}") == [
        ("csat", "NULL", "1")]
    assert events(stack, pid) == n  # a plan emits nothing


def test_survey_plan_set_refusals_write_nothing(stack):
    cid = new_client(stack)
    pid = new_project(stack, cid)
    other = new_milestone(stack, new_project(stack, cid))
    out = run(stack, "survey", "plan", pid, "nps", other, 1)
    assert (out["rc"], out["field"], out["why"]) == (2, "milestone_id", "Choose a milestone of this project.")
    out = run(stack, "survey", "plan", pid, "stars", 0, 1)
    assert (out["rc"], out["field"]) == (2, "kind")
    assert run(stack, "survey", "plan", 987654321, "csat", 0, 1)["rc"] == 1
    assert count(stack, f"SELECT COUNT(*) FROM survey_plans WHERE project_id = {pid}") == 0


def sent_survey(stack):
    cid = new_client(stack, with_contact=True)
    pid = new_project(stack, cid)
    assert run(stack, "survey", "send", pid, cid, 0)["rc"] == 0
    return pid, int(stack.scalar(f"SELECT id FROM surveys WHERE project_id = {pid}"))


def test_survey_answer_is_recorded_once(stack):
    pid, sid = sent_survey(stack)
    assert run(stack, "survey", "answer", sid, 4, "Smooth")["rc"] == 0
    assert stack.sql(f"SELECT score, comment, answered_at IS NOT NULL FROM surveys WHERE id = {sid}") == [
        ("4", "Smooth", "1")]
    ev = last_event(stack, "survey.answered", pid)
    assert ev["data"] == {"survey_id": sid, "kind": "csat", "score": 4}
    n = events(stack, pid)
    assert run(stack, "survey", "answer", sid, 1, "changed my mind")["rc"] == 3
    assert stack.scalar(f"SELECT score FROM surveys WHERE id = {sid}") == "4"
    assert events(stack, pid) == n


def test_survey_answer_refusals_write_nothing(stack):
    pid, sid = sent_survey(stack)
    n = events(stack, pid)
    out = run(stack, "survey", "answer", sid, 9, "-")  # CSAT is 1-5
    assert (out["rc"], out["field"], out["why"]) == (2, "score", "Choose a score from 1 to 5.")
    assert run(stack, "survey", "answer", 987654321, 3, "-")["rc"] == 1
    stack.sql(f"UPDATE surveys SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = {sid}")
    assert run(stack, "survey", "answer", sid, 3, "-")["rc"] == 3
    assert stack.scalar(f"SELECT answered_at FROM surveys WHERE id = {sid}") == "NULL"
    assert events(stack, pid) == n


# ------------------------------------------------------------------ invitations and resets

def link_token(stack, email, kind):
    body = stack.scalar(f"SELECT body_text FROM mails WHERE to_addr = '{email}' AND kind = '{kind}'"
                        " ORDER BY id DESC LIMIT 1")
    return re.search(rf"/{kind}/([A-Za-z0-9_-]+)", body).group(1)


def test_invite_create_find_and_use(stack):
    cid = new_client(stack, with_contact=True)
    contact, email = contact_of(stack, cid)
    pm = staff_id(stack)
    assert run(stack, "invite", "create", contact, "Dora Contact", email, actor=pm)["rc"] == 0
    first = link_token(stack, email, "invite")
    assert run(stack, "invite", "create", contact, "Dora Contact", email, actor=pm)["rc"] == 0
    token = link_token(stack, email, "invite")
    # a new link revokes the earlier one; a link works only under its own purpose
    assert run(stack, "invite", "find", first, 0)["state"] == "revoked"
    assert run(stack, "invite", "find", token, 1)["state"] == "unknown"
    found = run(stack, "invite", "find", token, 0)
    assert found["state"] == "open" and int(found["user"]) == contact
    iid = int(found["id"])
    assert stack.sql(f"SELECT created_by, used_at, revoked_at FROM invitations WHERE id = {iid}") == [
        (str(pm), "NULL", "NULL")]
    assert run(stack, "invite", "use", iid, contact, 0, "$argon2id$new", "-")["rc"] == 0
    assert stack.scalar(f"SELECT password_hash FROM users WHERE id = {contact}") == "$argon2id$new"
    assert stack.scalar(f"SELECT used_at IS NOT NULL FROM invitations WHERE id = {iid}") == "1"
    # used once
    assert run(stack, "invite", "use", iid, contact, 0, "$argon2id$again", "-")["rc"] == 1
    assert stack.scalar(f"SELECT password_hash FROM users WHERE id = {contact}") == "$argon2id$new"
    assert run(stack, "invite", "find", token, 0)["state"] == "used"


def test_invite_use_for_staff_rolls_back(stack):
    """An invitation sets a client contact's password only: for anyone else nothing is written,
    the link stays unused."""
    email = unique("staffer") + "@domain.test"
    stack.sql("INSERT INTO users (email, name, role, password_hash, created_at, updated_at)"
              f" VALUES ('{email}', 'Stef Staff', 'member', 'old', NOW(), NOW())")
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
    assert run(stack, "invite", "create", uid, "Stef Staff", email)["rc"] == 0
    # its link is not found under /invite/ (staff reset their password instead)...
    assert run(stack, "invite", "find", link_token(stack, email, "invite"), 0)["state"] == "unknown"
    # ...and used anyway, it sets nothing
    iid = int(stack.scalar(f"SELECT id FROM invitations WHERE user_id = {uid}"))
    assert run(stack, "invite", "use", iid, uid, 0, "$argon2id$x", "-")["rc"] == -1
    assert stack.scalar(f"SELECT password_hash FROM users WHERE id = {uid}") == "old"
    assert stack.scalar(f"SELECT used_at FROM invitations WHERE id = {iid}") == "NULL"


def test_invite_use_ends_the_other_sessions(stack):
    cid = new_client(stack, with_contact=True)
    contact, email = contact_of(stack, cid)
    gone, kept = (hashlib.sha256(unique(s).encode()).hexdigest() for s in ("gone", "kept"))
    for h in (gone, kept):
        stack.sql("INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at)"
                  f" VALUES ('{h}', {contact}, '{'c' * 43}', NOW(), NOW(), NOW() + INTERVAL 1 DAY)")
    assert run(stack, "invite", "create", contact, "Dora Contact", email)["rc"] == 0
    iid = int(run(stack, "invite", "find", link_token(stack, email, "invite"), 0)["id"])
    assert run(stack, "invite", "use", iid, contact, 0, "$argon2id$k", kept)["rc"] == 0
    assert stack.sql(f"SELECT token_hash FROM sessions WHERE user_id = {contact}") == [(kept,)]


def test_invite_revoke_all(stack):
    cid = new_client(stack, with_contact=True)
    contact, email = contact_of(stack, cid)
    assert run(stack, "invite", "create", contact, "Dora Contact", email)["rc"] == 0
    token = link_token(stack, email, "invite")
    assert run(stack, "invite", "revoke", contact)["rc"] == 0
    assert run(stack, "invite", "find", token, 0)["state"] == "revoked"
    assert count(stack, f"SELECT COUNT(*) FROM invitations WHERE user_id = {contact} AND revoked_at IS NULL") == 0
    # nothing open: still 0
    assert run(stack, "invite", "revoke", contact)["rc"] == 0


def test_reset_request_add_records_one_row(stack):
    email = unique("nobody") + "@domain.test"
    assert run(stack, "invite", "reset-request", email, "192.0.2.9")["rc"] == 0
    assert stack.sql(f"SELECT ip FROM reset_requests WHERE email = '{email}'") == [("192.0.2.9",)]
    assert mails_to(stack, email, "reset") == 0  # no account: the worker sends nothing


# ------------------------------------------------------------------ the drivers' links

@pytest.mark.parametrize("module", ["approval", "document", "message", "brand", "survey", "invite"])
def test_each_driver_links_without_web_or_pages(module):
    syms = subprocess.run(["nm", str(DRIVERS / f"d_{module}")], capture_output=True, text=True,
                          check=True).stdout
    for s in (" route_dispatch", " render_page", " xml_page", " page_one_row", " sess_load",
              " file_upload_check", " valid_form"):
        assert s not in syms, s
