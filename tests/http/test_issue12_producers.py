"""Issue 12, the producers: every kind of notification is written by the domain function that
causes it, in its transaction, to the right people and nobody else - never the actor, never a
contact of another client, never a `view` contact asked to decide - and its link opens the
object for the person told. A refused or rolled-back change notifies no one.

One client of the module's own (contacts: Ada approve, Cleo comment, Vic view, Nora approve
without a password) and another client (Ben); a project of Priya Shah's (the PM, user 2) with
two members of the module's own (Mia, Noah); Otto is staff not on the project."""
import datetime
import re
import time

import pytest

from conftest import PASSWORD, XML, anon, login_as, post_multipart, unique
from domain_util import run
from fakes import fast_settings, new_client, wait_for
from plan_helpers import add_member, new_project
from smtp_sink import text_part

PM = 2
PM_NAME = "Priya Shah"
ADMIN = 1
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
TOKEN_LINK = re.compile(r"(/a/[0-9a-f]{64})")
SURVEY_LINK = re.compile(r"(/s/[0-9a-f]{64})")


def in_days(n):
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


class Person:
    def __init__(self, uid, email, name):
        self.id, self.email, self.name = uid, email, name

    def client(self, stack):
        return login_as(stack, self.email)


@pytest.fixture(scope="module")
def w(stack, adminc, pmc):
    fast_settings(stack)
    n = str(time.time_ns())[-8:]
    pw = stack.scalar("SELECT password_hash FROM users WHERE id = 7")

    def contact(client, name, access, signs_in=True):
        email = f"{unique('n12c')}@issue12.test"
        assert adminc.post(f"/clients/{client}/contacts",
                           {"name": name, "email": email, "access": access}).status == 303
        uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
        if signs_in:
            stack.sql(f"UPDATE users SET password_hash = '{pw}' WHERE id = {uid}")
        return Person(uid, email, name)

    def staff(name):
        email = f"{unique('n12s')}@demo.test"
        assert adminc.post("/settings/users", {"name": name, "email": email, "role": "member",
                                               "hourly_rate": "60.00", "password": PASSWORD}).status == 303
        return Person(int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")), email, name)

    cid = new_client(adminc, unique("Notify client"))
    other = new_client(adminc, unique("Other client"))
    x = {
        "cid": cid, "other": other,
        "ada": contact(cid, f"Ada Approver {n}", "approve"),
        "cleo": contact(cid, f"Cleo Commenter {n}", "comment"),
        "vic": contact(cid, f"Vic Viewer {n}", "view"),
        "nora": contact(cid, f"Nora Nopass {n}", "approve", signs_in=False),
        "ben": contact(other, f"Ben Other {n}", "approve"),
        "mia": staff(f"Mia Member {n}"),
        "noah": staff(f"Noah Member {n}"),
        "otto": staff(f"Otto Outsider {n}"),
    }
    pid = new_project(pmc, stack, client_id=cid)
    for p in ("mia", "noah"):
        add_member(pmc, pid, x[p].id)
    x["pid"] = pid
    x["other_pid"] = new_project(pmc, stack, client_id=other)
    return type("World", (), x)


def rows(stack, where):
    """(user_id, kind, link, text, mail) of the notifications matching where, oldest first."""
    return [(int(r[0]),) + tuple(r[1:]) for r in stack.sql(
        f"SELECT user_id, kind, link, text, mail FROM notifications WHERE {where} ORDER BY id")]


def told(stack, where):
    """{user_id: kind} of the notifications matching where (each person once)."""
    out = {}
    for uid, kind, *_ in rows(stack, where):
        assert uid not in out, (uid, kind, out)
        out[uid] = kind
    return out


def opens(c, link):
    r = c.get(link.split("#")[0])
    assert r.status == 200, (link, r)


def last(stack, table, where="1"):
    return int(stack.scalar(f"SELECT MAX(id) FROM {table} WHERE {where}"))


def new_doc(pmc, pid):
    r = post_multipart(pmc, f"/projects/{pid}/documents",
                       [("title", unique("Mock-up")), ("note", "v1"), ("client_visible", "1")],
                       [("file", "mock.png", "image/png", PNG + unique("p").encode())])
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def ask(pmc, did, *contacts, due=None):
    return pmc.post(f"/documents/{did}/approvals", [("contact_id", str(c.id)) for c in contacts] +
                    [("due_date", due or in_days(5)), ("message", "Please review.")])


def proposed(stack, pmc, pid, days="2", hours="1"):
    r = pmc.post(f"/projects/{pid}/changes", {"title": unique("Extra page"), "description": "More",
                                              "impact_days": days, "impact_hours": hours,
                                              "impact_amount": "10.00"})
    assert r.status == 303, r
    cid = last(stack, "change_requests", f"project_id = {pid}")
    assert pmc.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303
    return cid


def start(c, pid, subject, body, internal=False):
    fields = [("subject", subject), ("body", body)] + ([("internal", "1")] if internal else [])
    r = post_multipart(c, f"/projects/{pid}/messages", fields)
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def reply(c, tid, body):
    r = post_multipart(c, f"/messages/threads/{tid}", [("body", body)])
    assert r.status == 303, r


def signed_in_contacts(w):
    return {w.ada.id, w.cleo.id, w.vic.id}


# ------------------------------------------------------------ approvals and decisions

def test_approval_request_and_the_decision_in_the_portal(stack, pmc, w):
    did = new_doc(pmc, w.pid)
    assert ask(pmc, did, w.ada, w.nora).status == 303
    aid = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did} AND contact_id = {w.ada.id}"))
    # asked: each addressee, in the app only (the approval e-mail with its link still goes)
    asked = rows(stack, f"kind = 'approval_requested' AND project_id = {w.pid} AND text LIKE '%'"
                        f" AND link IN (SELECT CONCAT('/portal/approvals/', id) FROM approvals WHERE document_id = {did})")
    assert sorted(r[0] for r in asked) == sorted([w.ada.id, w.nora.id])
    assert all(r[4] == "none" and PM_NAME in r[3] for r in asked)
    assert stack.scalar(f"SELECT COUNT(*) FROM mails WHERE kind = 'approval' AND to_addr = '{w.ada.email}'") != "0"
    ada = w.ada.client(stack)
    opens(ada, f"/portal/approvals/{aid}")
    # a view contact cannot be asked: refused, nobody told
    before = stack.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'approval_requested'")
    assert ask(pmc, did, w.vic).status != 303
    assert stack.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'approval_requested'") == before
    # Ada asks for changes: the PM is told, with the comment; nobody else
    r = ada.post(f"/portal/approvals/{aid}", {"decision": "changes", "comment": "Bigger logo, please",
                                              "signed_name": w.ada.name})
    assert r.status == 303, r
    link = f"/documents/{did}#approval-{aid}"
    got = rows(stack, f"kind = 'decision' AND link = '{link}'")
    assert [g[0] for g in got] == [PM]
    assert "asked for changes" in got[0][3] and "Bigger logo, please" in got[0][3] and w.ada.name in got[0][3]
    opens(pmc, link)
    # decided already: 409, nothing more
    assert ada.post(f"/portal/approvals/{aid}", {"decision": "approve", "signed_name": "A"}).status == 409
    assert len(rows(stack, f"kind = 'decision' AND link = '{link}'")) == 1


def test_decision_by_token_link_and_on_behalf(stack, pmc, adminc, w):
    did = new_doc(pmc, w.pid)
    n = len(stack.mail.messages)
    assert ask(pmc, did, w.ada).status == 303
    m = stack.mail.wait_for(lambda m: w.ada.email in m["rcpt"] and stack.mail.messages.index(m) >= n
                            and "/a/" in text_part(m["message"]))
    token = TOKEN_LINK.search(text_part(m["message"])).group(1)
    c = anon(stack)
    nonce = c.get(token, headers=XML).xml().xpath("string(/page/approval/@nonce)")
    assert c.request("POST", token, body={"decision": "approve", "comment": "", "signed_name": "Ada",
                                          "nonce": nonce}).status == 303
    aid = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}"))
    got = rows(stack, f"kind = 'decision' AND link = '/documents/{did}#approval-{aid}'")
    assert [g[0] for g in got] == [PM] and "approved" in got[0][3]
    # staff recording the client's decision: the PM is told when someone else records it ...
    did2, did3 = new_doc(pmc, w.pid), new_doc(pmc, w.pid)
    for d in (did2, did3):
        assert ask(pmc, d, w.ada).status == 303
    a2 = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did2}"))
    a3 = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did3}"))
    assert adminc.post(f"/approvals/{a2}/record", {"decision": "approve", "signed_name": "Ada (phone)"}).status == 303
    got = rows(stack, f"kind = 'decision' AND link = '/documents/{did2}#approval-{a2}'")
    assert [g[0] for g in got] == [PM] and "recorded by" in got[0][3]
    # ... and not when the PM records it (the actor)
    assert pmc.post(f"/approvals/{a3}/record", {"decision": "approve", "signed_name": "Ada (phone)"}).status == 303
    assert rows(stack, f"kind = 'decision' AND link = '/documents/{did3}#approval-{a3}'") == []


def test_change_decided_by_a_contact_tells_the_pm_once(stack, pmc, w):
    ada = w.ada.client(stack)
    # in the portal's change form
    cid = proposed(stack, pmc, w.pid)
    assert ada.post(f"/portal/changes/{cid}", {"decision": "rejected", "note": "Too costly"}).status == 303
    link = f"/projects/{w.pid}/changes#change-{cid}"
    got = rows(stack, f"kind = 'decision' AND link = '{link}'")
    assert [g[0] for g in got] == [PM]
    assert "rejected" in got[0][3] and "Too costly" in got[0][3]
    opens(pmc, link)
    # through its approval request in the portal: one notice, not two
    cid2 = proposed(stack, pmc, w.pid)
    assert pmc.post(f"/changes/{cid2}/approvals", [("contact_id", str(w.ada.id)), ("due_date", in_days(5)),
                                                   ("message", "Please")]).status == 303
    aid = int(stack.scalar(f"SELECT id FROM approvals WHERE change_id = {cid2}"))
    assert told(stack, f"kind = 'approval_requested' AND link = '/portal/approvals/{aid}'") == \
        {w.ada.id: "approval_requested"}
    assert ada.post(f"/portal/approvals/{aid}", {"decision": "approve", "signed_name": w.ada.name}).status == 303
    assert told(stack, f"kind = 'decision' AND project_id = {w.pid} AND (link LIKE '%change-{cid2}'"
                       f" OR link LIKE '%approval-{aid}')") == {PM: "decision"}
    # staff deciding a change tells no one
    cid3 = proposed(stack, pmc, w.pid)
    assert pmc.post(f"/changes/{cid3}/status", {"status": "approved"}).status == 303
    assert rows(stack, f"kind = 'decision' AND link LIKE '%change-{cid3}'") == []


def test_refused_change_decision_notifies_no_one(stack, pmc, w):
    ada = w.ada.client(stack)
    # moving the due date before the start: refused on the locked row, nothing written
    cid = proposed(stack, pmc, w.pid, days="-1000", hours="0")
    r = ada.post(f"/portal/changes/{cid}?format=xml", {"decision": "approved"})
    assert r.status == 422, r
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"
    assert rows(stack, f"link LIKE '%change-{cid}'") == []


def test_overdue_approval_tells_the_pm_once(stack, pmc, w):
    did = new_doc(pmc, w.pid)
    assert ask(pmc, did, w.ada).status == 303
    aid = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}"))
    stack.sql(f"UPDATE approvals SET due_date = UTC_DATE() - INTERVAL 1 DAY WHERE id = {aid}")
    where = f"kind = 'approval_overdue' AND dedupe = 'approval-{aid}'"
    wait_for(lambda: rows(stack, where), timeout=30, what="the overdue notice")
    time.sleep(6)  # another round of the worker's job: still once
    got = rows(stack, where)
    assert [g[0] for g in got] == [PM] and w.ada.name in got[0][3] and "Overdue" in got[0][3]
    assert got[0][2] == f"/documents/{did}#approval-{aid}"
    opens(pmc, got[0][2])


def test_reminders_by_notification_by_e_mail_and_never_to_a_view_contact(stack, pmc, w):
    did = new_doc(pmc, w.pid)
    n = len(stack.mail.messages)
    assert ask(pmc, did, w.ada, w.nora, due=in_days(1)).status == 303
    a_ada = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did} AND contact_id = {w.ada.id}"))
    a_nora = int(stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did} AND contact_id = {w.nora.id}"))
    # Ada is made a view contact before the reminder: nothing asks her to decide
    stack.sql(f"UPDATE users SET access = 'view' WHERE id = {w.ada.id}")
    try:
        wait_for(lambda: stack.scalar(f"SELECT COUNT(*) FROM approvals WHERE id IN ({a_ada}, {a_nora})"
                                      " AND reminded_at IS NOT NULL") == "2", timeout=90, what="the reminders")
        assert rows(stack, f"kind = 'approval_reminder' AND link = '/portal/approvals/{a_ada}'") == []
    finally:
        stack.sql(f"UPDATE users SET access = 'approve' WHERE id = {w.ada.id}")
    # Nora cannot sign in: the reminder e-mail with a fresh link, no notification
    m = stack.mail.wait_for(lambda m: w.nora.email in m["rcpt"] and stack.mail.messages.index(m) >= n
                            and str(m["message"]["Subject"]).startswith("Reminder"))
    assert TOKEN_LINK.search(text_part(m["message"]))
    assert rows(stack, f"kind = 'approval_reminder' AND user_id = {w.nora.id}") == []


# ------------------------------------------------------------ messages and mentions

def test_contact_message_tells_the_pm_and_mentions_only_the_pm_and_the_thread(stack, w):
    cleo = w.cleo.client(stack)
    body = unique("Hello") + f" @{PM_NAME}, @{w.mia.name} and @{w.ada.name}"
    tid = start(cleo, w.pid, unique("Question"), body)
    # the PM is mentioned (a mention replaces the client message); Mia has not written in the
    # thread and Ada is a contact: a contact mentions neither
    got = told(stack, f"text LIKE '%{body[:20]}%'")
    assert got == {PM: "mention"}
    link = rows(stack, f"text LIKE '%{body[:20]}%'")[0][2]
    assert link.startswith(f"/messages/threads/{tid}#m")
    opens(login_as(stack, "pm@demo.test"), link)
    # Mia answers: the client's contacts who sign in are told, Cleo too (the message is for her)
    answer = unique("Answer")
    reply(w.mia.client(stack), tid, answer)
    assert told(stack, f"text LIKE '%{answer}%'") == {u: "message" for u in signed_in_contacts(w)}
    opens(cleo, rows(stack, f"text LIKE '%{answer}%'")[0][2])
    # Cleo again, mentioning Mia who wrote in the thread now: Mia a mention, the PM the message
    again = unique("Thanks") + f" @{w.mia.name.upper()}"
    reply(cleo, tid, again)
    assert told(stack, f"text LIKE '%{again[:15]}%'") == {w.mia.id: "mention", PM: "client_message"}
    # a view contact reads but cannot write: nobody told
    vic = w.vic.client(stack)
    assert post_multipart(vic, f"/messages/threads/{tid}", [("body", unique("Vic"))]).status == 403


def test_thread_replies_and_staff_mentions(stack, pmc, w):
    noah, mia = w.noah.client(stack), w.mia.client(stack)
    # an internal thread: staff mentions staff on the project; a contact, an outsider, another
    # client's contact are never told
    first = unique("Internal") + f" @{w.noah.name} @{w.ada.name} @{w.otto.name} @{w.ben.name}"
    tid = start(pmc, w.pid, unique("Team"), first, internal=True)
    assert told(stack, f"text LIKE '%{first[:20]}%'") == {w.noah.id: "mention"}
    # Mia replies: the PM wrote in the thread (thread_reply); Noah did not write
    second = unique("Second")
    reply(mia, tid, second)
    assert told(stack, f"text LIKE '%{second}%'") == {PM: "thread_reply"}
    # Noah replies: the PM and Mia wrote
    third = unique("Third")
    reply(noah, tid, third)
    got = rows(stack, f"text LIKE '%{third}%'")
    assert {g[0]: g[1] for g in got} == {PM: "thread_reply", w.mia.id: "thread_reply"}
    opens(mia, got[0][2])
    # a mention replaces the reply for the same person in the same message
    fourth = unique("Fourth") + f" @{w.mia.name}"
    reply(pmc, tid, fourth)
    assert told(stack, f"text LIKE '%{fourth[:15]}%'") == {w.mia.id: "mention", w.noah.id: "thread_reply"}
    # a client-visible thread: staff mentions a contact of the client (at once), the others get
    # the message; Ben (another client) is never told
    visible = unique("Visible") + f" @{w.ada.name} @{w.ben.name}"
    start(mia, w.pid, unique("Hello"), visible)
    got = rows(stack, f"text LIKE '%{visible[:20]}%'")
    assert {g[0]: g[1] for g in got} == {w.ada.id: "mention", w.cleo.id: "message", w.vic.id: "message"}
    assert [g[4] for g in got if g[0] == w.ada.id] in (["now"], ["sent"])   # sent once the worker has mailed it
    opens(w.ada.client(stack), got[0][2])
    unread = int(stack.scalar(f"SELECT unread_notifications FROM users WHERE id = {w.ben.id}"))
    assert unread == 0 and rows(stack, f"user_id = {w.ben.id}") == []


# ------------------------------------------------------------ tasks

def task_form(title, assignee=None, description="", depends_on=()):
    d = [("title", title), ("start_date", "2026-03-02"), ("due_date", "2026-03-06"),
         ("description", description)]
    if assignee:
        d.append(("assignee_id", str(assignee)))
    return d + [("depends_on", str(t)) for t in depends_on]


def test_task_assigned_mentioned_and_dependency_done(stack, pmc, w):
    title = unique("Design")
    r = pmc.post(f"/projects/{w.pid}/tasks", task_form(title, w.mia.id, f"Ask @{w.noah.name} and @{w.otto.name}"))
    assert r.status == 303, r
    a = last(stack, "tasks", f"project_id = {w.pid}")
    link = f"/tasks/{a}"
    assert told(stack, f"link = '{link}'") == {w.mia.id: "task_assigned", w.noah.id: "mention"}
    opens(w.mia.client(stack), link)
    # saved again as it was: nobody told again
    assert pmc.post(f"/tasks/{a}", task_form(title, w.mia.id, f"Ask @{w.noah.name} and @{w.otto.name}")).status == 303
    assert len(rows(stack, f"link = '{link}'")) == 2
    # reassigned to Noah, and Mia newly mentioned: Noah the assignment, Mia the mention
    assert pmc.post(f"/tasks/{a}", task_form(title, w.noah.id, f"Ask @{w.noah.name}, @{w.mia.name}")).status == 303
    new = rows(stack, f"link = '{link}'")[2:]
    assert {g[0]: g[1] for g in new} == {w.noah.id: "task_assigned", w.mia.id: "mention"}
    # the PM assigning a task to herself is told nothing; a refused task tells no one
    assert pmc.post(f"/projects/{w.pid}/tasks", task_form(unique("Mine"), PM)).status == 303
    assert rows(stack, f"link = '/tasks/{last(stack, 'tasks', f'project_id = {w.pid}')}'") == []
    bad = pmc.post(f"/projects/{w.pid}/tasks?format=xml", task_form(unique("Bad"), w.otto.id, f"@{w.mia.name}"))
    assert bad.status == 422
    # B depends on A (Noah's now), B is Mia's: A done tells Mia, not the PM who did it
    b_title = unique("Build")
    assert pmc.post(f"/projects/{w.pid}/tasks", task_form(b_title, w.mia.id, depends_on=[a])).status == 303
    b = last(stack, "tasks", f"project_id = {w.pid}")
    assert pmc.post(f"/tasks/{a}/status", {"status": "done"}).status == 303
    got = rows(stack, f"kind = 'dependency_done' AND link = '/tasks/{b}'")
    assert [g[0] for g in got] == [w.mia.id] and title in got[0][3] and b_title in got[0][3]
    opens(w.mia.client(stack), got[0][2])
    # Mia finishing a task whose dependant is her own tells no one
    c_ = last(stack, "tasks", f"project_id = {w.pid}")
    assert pmc.post(f"/projects/{w.pid}/tasks", task_form(unique("After"), w.mia.id, depends_on=[c_])).status == 303
    d = last(stack, "tasks", f"project_id = {w.pid}")
    assert w.mia.client(stack).post(f"/tasks/{c_}/status", {"status": "done"}).status == 303
    assert rows(stack, f"kind = 'dependency_done' AND link = '/tasks/{d}'") == []


# ------------------------------------------------------------ time

def test_week_submitted_budget_and_week_decided(stack, pmc, w):
    pid = new_project(pmc, stack, client_id=w.cid, budget_hours="1")
    add_member(pmc, pid, w.mia.id)
    mia = w.mia.client(stack)
    assert mia.post("/time/entries", {"project_id": str(pid), "work_date": "2026-03-16",
                                      "hours": "1", "billable": "1"}).status == 303
    before = stack.scalar("SELECT COALESCE(MAX(id), 0) FROM notifications")
    assert mia.post("/time/submit", {"week": "2026-W12"}).status == 303
    new = rows(stack, f"id > {before}")
    mine = [r for r in new if (r[1] == "week_submitted" and w.mia.name in r[3]) or
            r[2] == f"/projects/{pid}/budget"]
    # the PM approves the week; the project's budget of 1 hour is crossed at 80 % and 100 %
    assert sorted((r[0], r[1]) for r in mine) == [(PM, "budget"), (PM, "budget"), (PM, "week_submitted")]
    assert {r[2] for r in mine if r[1] == "week_submitted"} == {"/time/approvals"}
    pm = login_as(stack, "pm@demo.test")
    for r in mine:
        opens(pm, r[2])
    # the PM sends it back with a note: Mia is told, with the note
    assert pmc.post("/time/approvals", {"user_id": str(w.mia.id), "week": "2026-W12", "decision": "reject",
                                        "note": "Split the workshop"}).status == 303
    got = rows(stack, f"kind = 'week_decided' AND user_id = {w.mia.id}")
    assert len(got) == 1 and "Split the workshop" in got[0][3] and "2026-W12" in got[0][3]
    assert got[0][2] == "/time?week=2026-W12"
    opens(mia, got[0][2])
    # approved this time
    assert mia.post("/time/submit", {"week": "2026-W12"}).status == 303
    assert pmc.post("/time/approvals", {"user_id": str(w.mia.id), "week": "2026-W12",
                                        "decision": "approve"}).status == 303
    got = rows(stack, f"kind = 'week_decided' AND user_id = {w.mia.id}")
    assert len(got) == 2 and "approved your week" in got[1][3]
    # nothing waiting for this approver: refused, nobody told
    assert pmc.post("/time/approvals?format=xml", {"user_id": str(w.mia.id), "week": "2026-W12",
                                                   "decision": "approve"}).status == 422
    assert len(rows(stack, f"kind = 'week_decided' AND user_id = {w.mia.id}")) == 2


def test_week_on_a_project_without_pm_goes_to_the_admins(stack, pmc, w):
    pid = new_project(pmc, stack, client_id=w.cid)
    add_member(pmc, pid, w.noah.id)
    stack.sql(f"UPDATE projects SET pm_id = NULL WHERE id = {pid}")
    noah = w.noah.client(stack)
    assert noah.post("/time/entries", {"project_id": str(pid), "work_date": "2026-03-23",
                                       "hours": "2"}).status == 303
    assert noah.post("/time/submit", {"week": "2026-W13"}).status == 303
    got = told(stack, f"kind = 'week_submitted' AND text LIKE '%{w.noah.name} submitted the week 2026-W13%'")
    admins = {int(r[0]) for r in stack.sql("SELECT id FROM users WHERE role = 'admin' AND active = 1")}
    assert set(got) == admins and PM not in got


# ------------------------------------------------------------ surveys and reports

def test_survey_answer_tells_the_pm(stack, pmc, w):
    pid = new_project(pmc, stack, client_id=w.cid)
    n = len(stack.mail.messages)
    assert pmc.post(f"/projects/{pid}/stage", {"stage": "closure", "note": "done"}).status == 303
    m = stack.mail.wait_for(lambda m: w.ada.email in m["rcpt"] and stack.mail.messages.index(m) >= n
                            and "/s/" in text_part(m["message"]))
    link = SURVEY_LINK.search(text_part(m["message"])).group(1)
    c = anon(stack)
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/survey/@nonce)")
    # a score out of the scale: refused, nobody told
    assert c.request("POST", link + "?format=xml", body={"score": "9", "nonce": nonce}).status == 422
    assert rows(stack, f"kind = 'survey_answered' AND project_id = {pid}") == []
    assert c.request("POST", link, body={"score": "4", "comment": "Lovely work", "nonce": nonce}).status == 303
    got = rows(stack, f"kind = 'survey_answered' AND project_id = {pid}")
    assert [g[0] for g in got] == [PM]
    assert w.ada.name in got[0][3] and "CSAT 4 of 5" in got[0][3] and "Lovely work" in got[0][3]
    opens(pmc, got[0][2])


def test_report_published_tells_this_clients_contacts_who_sign_in(stack, pmc, w):
    summary = unique("On track overall")
    r = pmc.post(f"/projects/{w.pid}/status-reports",
                 {"period_date": "2026-11-20", "health": "green", "summary": summary,
                  "done": "d", "next": "n", "risks": "r", "decisions": "x"})
    assert r.status == 303, r
    rid = int(r.header("location").rsplit("/", 1)[1])
    assert pmc.post(f"/status-reports/{rid}/publish", {"confirm": "1"}).status == 303
    got = told(stack, f"link = '/status-reports/{rid}'")
    assert got == {u: "report_published" for u in signed_in_contacts(w)}
    assert stack.scalar(f"SELECT COUNT(*) FROM mails WHERE body_text LIKE '%{summary}%'") == "0"
    opens(w.vic.client(stack), f"/status-reports/{rid}")


# ------------------------------------------------------------ the change's transaction

def test_a_rolled_back_change_notifies_no_one(stack, pmc, w):
    tid = start(pmc, w.pid, unique("Rollback"), unique("Visible"))
    unread = stack.sql(f"SELECT id, unread_notifications FROM users WHERE client_id = {w.cid} ORDER BY id")
    body = unique("Never told") + f" @{w.ada.name}"
    out = run(stack, "notify", "reply_then_fail", tid, body, actor=PM)
    assert out["reply_rc"] == "0" and out["rc"] == 99
    assert rows(stack, f"text LIKE '%{body[:20]}%'") == []
    assert stack.sql(f"SELECT id, unread_notifications FROM users WHERE client_id = {w.cid} ORDER BY id") == unread
    title = unique("Never assigned")
    out = run(stack, "notify", "task_then_fail", w.pid, title, w.mia.id, f"@{w.noah.name}", actor=PM)
    assert out["task_rc"] == "0" and out["rc"] == 99
    assert rows(stack, f"text LIKE '%{title}%'") == []
    # the same reply committed: told (the driver names the actor from the database)
    out = run(stack, "notify", "reply", tid, body, actor=PM)
    assert out["rc"] == 0
    got = told(stack, f"text LIKE '%{body[:20]}%'")
    assert got == {w.ada.id: "mention", w.cleo.id: "message", w.vic.id: "message"}
    assert all(r[3].startswith(PM_NAME + " replied in") or r[3].startswith(PM_NAME + " mentioned you")
               for r in rows(stack, f"text LIKE '%{body[:20]}%'"))


def test_notify_never_tells_another_clients_contact_nor_a_view_contact_to_decide(stack, w):
    """notify() itself, under every producer: the checks hold whoever calls it."""
    def tell(user, kind, client, dedupe="-"):
        out = run(stack, "notify", "notify", kind, user, client, w.pid, "/portal", unique("Told"), dedupe,
                  actor=PM)
        assert out["rc"] in (0, 1)      # 0 written, 1 NOTIFY_SKIPPED
        return out["rc"] == 0
    assert not tell(w.ben.id, "message", w.cid)               # a contact of another client
    assert not tell(w.vic.id, "approval_reminder", w.cid)     # asks a view contact to decide
    assert not tell(w.mia.id, "message", w.cid)               # a contacts' kind to staff
    assert not tell(w.ada.id, "task_assigned", w.cid)         # a staff kind to a contact
    assert not tell(PM, "decision", w.cid)                    # the actor
    assert tell(w.vic.id, "message", w.cid)
    key = unique("once")
    assert tell(w.ada.id, "approval_reminder", w.cid, key)
    assert not tell(w.ada.id, "approval_reminder", w.cid, key)  # deduplicated
