"""Approval requests on change requests: asked from the changes page, decided once at
/a/{token} or in the portal by the addressee (planning's decision moves dates and budget),
the audit record's SHA-256 of what was shown, sibling requests closed whichever path decides,
events, e-mails, reminders and the dashboard."""
import hashlib
import json
import re

import pytest

from conftest import XML, anon, form_state, login_as, max_id, unique
from fakes import fast_settings, wait_for
from plan_helpers import new_project
from smtp_sink import text_part
from test_approvals import JORDAN, LINK, decide, in_days

UA = "ChangeBrowser/2.0 (test)"


@pytest.fixture(scope="module", autouse=True)
def fast(stack):
    fast_settings(stack)


@pytest.fixture(scope="module")
def pid(stack, pmc):
    return new_project(pmc, stack, client_id=1, start="2026-03-02", due="2027-03-31")


@pytest.fixture(scope="module")
def sam(stack, adminc):
    """A second Acme contact with access approve who can sign in (Jordan's password)."""
    email = f"{unique('sam')}@acme.test"
    r = adminc.post("/clients/1/contacts", {"name": "Sam Ortiz", "email": email, "access": "approve"})
    assert r.status == 303, r
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
    pw = stack.scalar("SELECT password_hash FROM users WHERE id = 7")
    stack.sql(f"UPDATE users SET password_hash = '{pw}' WHERE id = {uid}")
    return uid, email


def proposed(stack, pmc, pid, days=5, title=None, description="A pricing page with a comparison table",
             propose=True):
    r = pmc.post(f"/projects/{pid}/changes", {"title": title or unique("Extra page"),
                                              "description": description, "impact_days": str(days),
                                              "impact_hours": "16", "impact_amount": "1200.00"})
    assert r.status == 303, r
    cid = int(stack.scalar(f"SELECT MAX(id) FROM change_requests WHERE project_id = {pid}"))
    if propose:
        assert pmc.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303
    return cid


def ask(stack, pmc, cid, contacts=(7,), due=None, message="Please decide by Friday."):
    n = len(stack.mail.messages)
    data = [("contact_id", str(c)) for c in contacts] + [("due_date", due or in_days(5)),
                                                       ("message", message)]
    return pmc.post(f"/changes/{cid}/approvals", data), n


def link_for(stack, email, after, title=None):
    m = stack.mail.wait_for(lambda m: email in m["rcpt"] and stack.mail.messages.index(m) >= after
                            and "/a/" in text_part(m["message"])
                            and (title is None or title in m["message"]["Subject"]))
    return LINK.search(text_part(m["message"])).group(1), m


def approval_of(stack, cid, contact=7):
    return int(stack.scalar(f"SELECT id FROM approvals WHERE change_id = {cid} AND contact_id = {contact}"))


def canonical_sha(stack, cid):
    """The SHA-256 of the canonical text of change request cid (schema/007), recomputed here."""
    t, d, days, mins, amt, cur = stack.sql(
        "SELECT c.title, COALESCE(c.description, ''), c.impact_days, c.impact_minutes, c.impact_amount,"
        f" p.currency FROM change_requests c JOIN projects p ON p.id = c.project_id WHERE c.id = {cid}")[0]
    text = (f"tandem change request v1\nimpact-days: {days}\nimpact-minutes: {mins}\n"
            f"impact-amount: {amt} {cur}\ntitle: {t}\ndescription: {d}\n")
    return hashlib.sha256(text.encode()).hexdigest()


def events(stack, type_, pid):
    rows = stack.sql(f"SELECT payload FROM outbox WHERE type = '{type_}' AND project_id = {pid} ORDER BY id")
    return [json.loads(p)["data"] for (p,) in rows]


def project_row(stack, pid):
    return stack.sql(f"SELECT due_date, budget_minutes, budget_amount FROM projects WHERE id = {pid}")[0]


# ------------------------------------------------------------ asking


def test_request_on_change_mails_each_contact_with_event(stack, pmc, pid, sam):
    title = unique("Pricing page")
    cid = proposed(stack, pmc, pid, title=title)
    r, n = ask(stack, pmc, cid, contacts=(7, sam[0]))
    assert r.status == 303 and r.header("location") == f"/projects/{pid}/changes"
    rows = stack.sql(f"SELECT contact_id, state, document_id, version_id, message FROM approvals"
                     f" WHERE change_id = {cid} ORDER BY contact_id")
    assert rows == [("7", "pending", "NULL", "NULL", "Please decide by Friday."),
                    (str(sam[0]), "pending", "NULL", "NULL", "Please decide by Friday.")]
    # one e-mail per contact, each with its own link
    l1, m1 = link_for(stack, JORDAN, n, title)
    l2, _ = link_for(stack, sam[1], n, title)
    assert l1 != l2 and f'please review the change request "{title}"' in m1["message"]["Subject"]
    assert "Please decide by Friday." in text_part(m1["message"])
    req = [e for e in events(stack, "approval.requested", pid) if e.get("change_id") == cid]
    assert len(req) == 2
    assert all(e["subject"] == {"type": "change_request", "change_id": cid} for e in req)
    # the changes page lists them under the change request
    page = pmc.get_xml(f"/projects/{pid}/changes").xml()
    assert page.xpath(f"count(/page/approvals/approval[@change-id={cid}][@state='pending'])") == 2
    assert "Ask the client to approve" in pmc.get(f"/projects/{pid}/changes").text


def test_request_refusals_422_nothing_written(stack, pmc, pid):
    cid = proposed(stack, pmc, pid)
    draft = proposed(stack, pmc, pid, propose=False)
    before = max_id(stack, "approvals")
    mails = len(stack.mail.messages)
    # not proposed
    r, _ = ask(stack, pmc, draft)
    assert r.status == 422
    r = pmc.request("POST", f"/changes/{draft}/approvals?format=xml",
                    body=[("contact_id", "7"), ("due_date", in_days(5)), ("csrf", pmc.csrf())])
    assert r.status == 422 and "proposed" in form_state(r, f"approval-{draft}")[1]["_form"]
    # no contacts, a view contact, Globex's contact, a staff user
    for contacts in ((), (8,), (9,), (2,), (7, 9)):
        body = [("contact_id", str(c)) for c in contacts] + [("due_date", in_days(5)),
                                                           ("message", "Keep me"), ("csrf", pmc.csrf())]
        r = pmc.request("POST", f"/changes/{cid}/approvals?format=xml", body=body)
        assert r.status == 422, (contacts, r)
        values, errors = form_state(r, f"approval-{cid}")
        assert "contact_id" in errors and values["message"] == "Keep me"
    # a date in the past: the message and the chosen contact are kept
    r = pmc.request("POST", f"/changes/{cid}/approvals?format=xml",
                    body=[("contact_id", "7"), ("due_date", "2001-01-01"), ("message", "Still here"),
                          ("csrf", pmc.csrf())])
    assert r.status == 422
    values, errors = form_state(r, f"approval-{cid}")
    assert "due_date" in errors and values["message"] == "Still here" and values["contact_id"] == "7"
    assert max_id(stack, "approvals") == before
    assert len(stack.mail.messages) == mails


def test_request_needs_a_manager_and_a_known_change(stack, pmc, memberc, acmec, globexc, pid):
    cid = proposed(stack, pmc, pid)
    before = max_id(stack, "approvals")
    body = {"contact_id": "7", "due_date": in_days(3)}
    assert memberc.post(f"/changes/{cid}/approvals", body).status == 403
    assert acmec.post(f"/changes/{cid}/approvals", body).status == 403
    assert globexc.post(f"/changes/{cid}/approvals", body).status == 403
    assert pmc.post("/changes/999999/approvals", body).status == 404
    assert max_id(stack, "approvals") == before


# ------------------------------------------------------------ the token page


def test_token_page_shows_the_change_and_its_impact(stack, pmc, pid):
    cid = proposed(stack, pmc, pid, days=5)
    _, n = ask(stack, pmc, cid)
    link, _ = link_for(stack, JORDAN, n)
    c = anon(stack)
    a = c.get(link, headers=XML).xml().xpath("/page/approval")[0]
    assert a.get("change-id") == str(cid) and a.get("state") == "pending"
    assert a.get("impact-days") == "5" and a.get("impact-minutes") == "960"
    assert a.get("impact-amount") == "120000" and a.get("currency") == "EUR"
    assert a.get("description") == "A pricing page with a comparison table"
    html = c.get(link).text
    assert "Change request:" in html and "5 days later" in html
    assert "16:00" in html and "€1,200.00" in html and "Approve this change" in html
    # a change request has no file
    assert c.get(link + "/file").status == 404


def test_token_approve_moves_dates_and_budget_with_audit(stack, pmc, pid):
    cid = proposed(stack, pmc, pid, days=5)
    _, n = ask(stack, pmc, cid)
    link, _ = link_for(stack, JORDAN, n)
    aid = approval_of(stack, cid)
    due, minutes, amount = project_row(stack, pid)
    c = anon(stack)
    r = decide(c, link, "approve", comment="Go ahead", headers={"User-Agent": UA})
    assert r.status == 303 and r.header("location") == link
    cr = stack.sql(f"SELECT status, decided_by, decision_note, old_due_date, new_due_date FROM change_requests"
                   f" WHERE id = {cid}")[0]
    assert cr[:3] == ("approved", "7", "Go ahead") and cr[3] == due
    new_due, new_minutes, new_amount = project_row(stack, pid)
    assert new_due == cr[4] == stack.scalar(f"SELECT DATE_ADD('{due}', INTERVAL 5 DAY)")
    assert int(new_minutes) == int(minutes) + 960 and int(new_amount) == int(amount) + 120000
    # the audit record
    row = stack.sql(f"SELECT decision, comment, signed_name, contact_id, recorded_by, on_behalf, ip,"
                    f" user_agent, version_sha256 FROM approval_decisions WHERE approval_id = {aid}")
    assert row == [("approve", "Go ahead", "Jordan Reyes", "7", "NULL", "0", "127.0.0.1", UA,
                    canonical_sha(stack, cid))]
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "approved"
    # events: the decision with its subject, and change.decided exactly once
    dec = [e for e in events(stack, "approval.decided", pid) if e.get("approval_id") == aid]
    assert len(dec) == 1 and dec[0]["subject"] == {"type": "change_request", "change_id": cid}
    assert dec[0]["version_sha256"] == canonical_sha(stack, cid) and dec[0]["decision"] == "approve"
    changed = [e for e in events(stack, "change.decided", pid) if e["change"]["id"] == cid]
    assert len(changed) == 1 and changed[0]["decision"] == "approved"
    # the page now shows the record, not the form
    done = c.get(link, headers=XML).xml()
    assert done.xpath("string(/page/decision/@decision)") == "approve"
    assert not done.xpath("//form")


def test_token_changes_rejects_with_the_comment_as_note(stack, pmc, pid):
    cid = proposed(stack, pmc, pid)
    _, n = ask(stack, pmc, cid)
    link, _ = link_for(stack, JORDAN, n)
    before = project_row(stack, pid)
    c = anon(stack)
    r = decide(c, link + "?format=xml", "changes", comment="")
    assert r.status == 422
    values, errors = form_state(r, "decision")
    assert "comment" in errors and values["signed_name"] == "Jordan Reyes"
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {approval_of(stack, cid)}") == "0"
    assert decide(c, link, "changes", comment="Only if the page reuses the old template").status == 303
    cr = stack.sql(f"SELECT status, decision_note, decided_by FROM change_requests WHERE id = {cid}")[0]
    assert cr == ("rejected", "Only if the page reuses the old template", "7")
    assert project_row(stack, pid) == before
    assert stack.scalar(f"SELECT state FROM approvals WHERE change_id = {cid}") == "changes"


def test_second_decision_409_and_sibling_requests_closed(stack, pmc, pid, sam):
    cid = proposed(stack, pmc, pid)
    _, n = ask(stack, pmc, cid, contacts=(7, sam[0]))
    mine, _ = link_for(stack, JORDAN, n)
    theirs, _ = link_for(stack, sam[1], n)
    c = anon(stack)
    nonce = c.get(theirs, headers=XML).xml().xpath("string(/page/approval/@nonce)")
    assert decide(c, mine).status == 303
    # Sam's request is closed: its link says so, on GET and POST, and decides nothing
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {approval_of(stack, cid, sam[0])}") == "closed"
    r = c.get(theirs)
    assert r.status == 409 and "already been decided" in r.text
    r = decide(c, theirs, "changes", name="Sam Ortiz", comment="No", nonce=nonce)
    assert r.status == 409
    # Jordan cannot decide twice either
    assert decide(c, mine, "changes", comment="changed my mind").status == 409
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions x JOIN approvals a ON a.id = x.approval_id"
                        f" WHERE a.change_id = {cid}") == "1"
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "approved"
    assert len([e for e in events(stack, "change.decided", pid) if e["change"]["id"] == cid]) == 1


def test_staff_decision_closes_pending_requests(stack, pmc, acmec, pid):
    cid = proposed(stack, pmc, pid)
    _, n = ask(stack, pmc, cid)
    link, _ = link_for(stack, JORDAN, n)
    aid = approval_of(stack, cid)
    assert pmc.post(f"/changes/{cid}/status", {"status": "rejected", "note": "Out of scope"}).status == 303
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "closed"
    assert anon(stack).get(link).status == 409
    r = acmec.get(f"/portal/approvals/{aid}")
    assert r.status == 409 and "already been decided" in r.text
    page = pmc.get_xml(f"/projects/{pid}/changes").xml()
    assert page.xpath(f"string(/page/approvals/approval[@id={aid}]/@state)") == "closed"


def test_portal_change_decision_closes_pending_requests(stack, pmc, acmec, pid):
    cid = proposed(stack, pmc, pid)
    ask(stack, pmc, cid)
    aid = approval_of(stack, cid)
    assert acmec.post(f"/portal/changes/{cid}", {"decision": "approved"}).status == 303
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "closed"
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == "0"


def test_staff_record_on_behalf_decides_the_change(stack, pmc, memberc, pid):
    cid = proposed(stack, pmc, pid)
    ask(stack, pmc, cid)
    aid = approval_of(stack, cid)
    assert memberc.post(f"/approvals/{aid}/record", {"decision": "approve", "signed_name": "J"}).status == 403
    r = pmc.request("POST", f"/approvals/{aid}/record?format=xml",
                    body={"decision": "changes", "signed_name": "Jordan (phone)", "csrf": pmc.csrf()})
    assert r.status == 422 and "comment" in form_state(r, f"record-{aid}")[1]
    r = pmc.post(f"/approvals/{aid}/record", {"decision": "approve", "signed_name": "Jordan (phone)"})
    assert r.status == 303 and r.header("location") == f"/projects/{pid}/changes"
    row = stack.sql(f"SELECT on_behalf, recorded_by, contact_id, version_sha256 FROM approval_decisions"
                    f" WHERE approval_id = {aid}")
    assert row == [("1", "2", "7", canonical_sha(stack, cid))]
    assert stack.sql(f"SELECT status, decided_by FROM change_requests WHERE id = {cid}") == [("approved", "2")]


# ------------------------------------------------------------ the portal


def test_portal_addressee_decides_in_two_clicks(stack, pmc, acmec, pid):
    cid = proposed(stack, pmc, pid, days=3)
    ask(stack, pmc, cid)
    aid = approval_of(stack, cid)
    due = project_row(stack, pid)[0]
    # the project page links the waiting approval to its portal page
    page = acmec.get_xml(f"/portal/projects/{pid}").xml()
    item = page.xpath(f"/page/approvals/approval[@id={aid}]")[0]
    assert item.get("mine") == "1" and item.get("change-id") == str(cid)
    html = acmec.get(f"/portal/projects/{pid}").text
    assert f'href="/portal/approvals/{aid}"' in html
    # decided from the request's page, not a second form for the same change
    assert f'action="/portal/changes/{cid}' not in html
    view = acmec.get_xml(f"/portal/approvals/{aid}")
    assert view.status == 200
    a = view.xml().xpath("/page/approval")[0]
    assert a.get("portal") == "1" and a.get("impact-days") == "3" and a.get("token") is None
    assert "Request changes" in acmec.get(f"/portal/approvals/{aid}").text
    r = acmec.post(f"/portal/approvals/{aid}", {"decision": "approve", "signed_name": "Jordan Reyes"},
                   headers={"User-Agent": UA})
    assert r.status == 303 and r.header("location") == f"/portal/approvals/{aid}"
    row = stack.sql(f"SELECT decision, on_behalf, recorded_by, contact_id, ip, user_agent, version_sha256"
                    f" FROM approval_decisions WHERE approval_id = {aid}")
    assert row == [("approve", "0", "NULL", "7", "127.0.0.1", UA, canonical_sha(stack, cid))]
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "approved"
    assert project_row(stack, pid)[0] == stack.scalar(f"SELECT DATE_ADD('{due}', INTERVAL 3 DAY)")
    assert acmec.get_xml(f"/portal/approvals/{aid}").xml().xpath("string(/page/decision/@decision)") == "approve"
    # a second decision: 409, nothing more written
    r = acmec.post(f"/portal/approvals/{aid}", {"decision": "changes", "signed_name": "J", "comment": "x"})
    assert r.status == 409
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == "1"


def test_portal_only_the_addressee_finds_it(stack, pmc, viewerc, globexc, sam, pid):
    cid = proposed(stack, pmc, pid)
    ask(stack, pmc, cid)
    aid = approval_of(stack, cid)
    samc = login_as(stack, sam[1])
    for c in (viewerc, globexc, samc):
        assert c.get(f"/portal/approvals/{aid}").status == 404
        assert c.post(f"/portal/approvals/{aid}", {"decision": "approve", "signed_name": "X"}).status == 404
    # staff use the changes page, not the portal's
    assert pmc.get(f"/portal/approvals/{aid}").status == 403
    # Sam sees it waiting on Jordan, without a link to decide it
    item = samc.get_xml(f"/portal/projects/{pid}").xml().xpath(f"/page/approvals/approval[@id={aid}]")[0]
    assert item.get("mine") == "0" and item.get("contact-name") == "Jordan Reyes"
    assert f"/portal/approvals/{aid}" not in samc.get(f"/portal/projects/{pid}").text
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"


def test_portal_needs_csrf_and_a_valid_form(stack, pmc, acmec, pid):
    cid = proposed(stack, pmc, pid)
    ask(stack, pmc, cid)
    aid = approval_of(stack, cid)
    r = acmec.post(f"/portal/approvals/{aid}", {"decision": "approve", "signed_name": "Jordan"}, csrf=False)
    assert r.status == 403
    r = acmec.request("POST", f"/portal/approvals/{aid}?format=xml",
                      body={"decision": "changes", "signed_name": "Jordan Reyes", "comment": "",
                            "csrf": acmec.csrf()})
    assert r.status == 422
    values, errors = form_state(r, "decision")
    assert "comment" in errors and values["signed_name"] == "Jordan Reyes"
    r = acmec.request("POST", f"/portal/approvals/{aid}?format=xml",
                      body={"decision": "approve", "signed_name": "", "csrf": acmec.csrf()})
    assert r.status == 422 and "signed_name" in form_state(r, "decision")[1]
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"


def test_portal_contact_downgraded_to_view_gets_403(stack, pmc, sam, pid):
    cid = proposed(stack, pmc, pid)
    _, n = ask(stack, pmc, cid, contacts=(sam[0],))
    link, _ = link_for(stack, sam[1], n)
    aid = approval_of(stack, cid, sam[0])
    samc = login_as(stack, sam[1])
    assert samc.get(f"/portal/approvals/{aid}").status == 200
    stack.sql(f"UPDATE users SET access = 'view' WHERE id = {sam[0]}")
    try:
        r = samc.get(f"/portal/approvals/{aid}")
        assert r.status == 403 and "no longer allows approving" in r.text
        r = samc.post(f"/portal/approvals/{aid}", {"decision": "approve", "signed_name": "Sam Ortiz"})
        assert r.status == 403
        assert anon(stack).get(link).status == 403
    finally:
        stack.sql(f"UPDATE users SET access = 'approve' WHERE id = {sam[0]}")
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"


# ------------------------------------------------------------ dashboard and reminders


def test_overdue_and_reminder_for_a_change(stack, pmc, pid):
    title = unique("Reminder page")
    cid = proposed(stack, pmc, pid, title=title)
    _, n = ask(stack, pmc, cid, due=in_days(1))
    first = link_for(stack, JORDAN, n, title)[0]
    aid = approval_of(stack, cid)
    # issue 12: Jordan signs in, so the reminder is an "approval_reminder" notification that
    # opens the approval in the portal (no e-mail of its own); the first link stays valid
    remind = wait_for(lambda: stack.sql("SELECT link, text FROM notifications WHERE user_id = 7"
                                        f" AND kind = 'approval_reminder' AND dedupe = 'approval-{aid}'"),
                      timeout=90, what="the reminder")
    assert remind[0][0] == f"/portal/approvals/{aid}" and title in remind[0][1]
    assert login_as(stack, JORDAN).get(remind[0][0]).status == 200
    assert anon(stack).get(first).status == 200
    stack.sql(f"UPDATE approvals SET due_date = UTC_DATE() - INTERVAL 2 DAY WHERE id = {aid}")
    dash = pmc.get_xml("/").xml()
    assert dash.xpath(f"count(//overdue-approvals/approval[@change-id={cid}])") == 1
    assert f"/projects/{pid}/changes#approval-{aid}" in pmc.get("/").text


def test_an_approval_has_exactly_one_subject(stack, pmc, pid):
    """The CHECK of 007: a document version or a change request, never both, never none."""
    cid = proposed(stack, pmc, pid)
    before = max_id(stack, "approvals")
    for doc, ver, ch in (("NULL", "NULL", "NULL"), ("1", "1", str(cid)), ("1", "NULL", "NULL")):
        with pytest.raises(Exception):
            stack.sql("INSERT INTO approvals (project_id, document_id, version_id, change_id, contact_id,"
                      f" message, due_date, created_at) VALUES (1, {doc}, {ver}, {ch}, 7, '', UTC_DATE(),"
                      " UTC_TIMESTAMP())")
    assert max_id(stack, "approvals") == before


def waiting(c, pid):
    """The portal home's count of decisions waiting on c in project pid (0 when none)."""
    rows = c.get_xml("/portal").xml().xpath(f"/page/waiting/project[@project-id={pid}]/@waiting")
    assert len(rows) <= 1
    return int(rows[0]) if rows else 0


def test_portal_home_counts_what_waits_on_this_contact(stack, pmc, acmec, viewerc, globexc):
    pid = new_project(pmc, stack, client_id=1)
    assert waiting(acmec, pid) == 0
    # a proposed change any approver may decide
    c1 = proposed(stack, pmc, pid)
    assert waiting(acmec, pid) == 1
    # a request for Jordan on that change: still one decision, not two
    assert ask(stack, pmc, c1)[0].status == 303
    assert waiting(acmec, pid) == 1
    # a draft counts for nobody; a second proposed change does
    proposed(stack, pmc, pid, propose=False)
    c2 = proposed(stack, pmc, pid)
    assert waiting(acmec, pid) == 2
    # the card says so, and the line above the cards sums every project
    html = acmec.get("/portal").html()
    card = html.xpath(f"//li[contains(@class, 'project-card')][.//a[@href='/portal/projects/{pid}']]")[0]
    assert card.xpath("string(.//*[contains(@class, 'project-card-waiting')])").strip() == "2 waiting on you"
    total = sum(int(n) for n in acmec.get_xml("/portal").xml().xpath("/page/waiting/project/@waiting"))
    note = html.xpath("string(//*[contains(@class, 'portal-waiting-note')]/strong)")
    assert " ".join(note.split()) == f"{total} decisions are waiting on you."
    # a view contact decides nothing, so nothing waits on them; another client sees nothing of it
    assert viewerc.get_xml("/portal").xml().xpath("count(/page/waiting/project)") == 0
    assert "waiting on you" not in viewerc.get("/portal").text
    assert waiting(globexc, pid) == 0
    # deciding takes them off
    assert acmec.post(f"/portal/changes/{c2}", {"decision": "rejected"}).status == 303
    assert waiting(acmec, pid) == 1
    link = f"/portal/approvals/{approval_of(stack, c1)}"
    assert acmec.post(link, {"decision": "approve", "signed_name": "Jordan Reyes"}).status == 303
    assert waiting(acmec, pid) == 0
