"""Approval requests: e-mailed tokenised links, one decision with its audit record,
locking, refusals (used, expired, unknown, wrong nonce), staff on the client's behalf,
reminders and overdue approvals on the dashboard."""
import datetime
import re

import pytest

from conftest import XML, anon, form_state, max_id, post_multipart, unique
from fakes import fast_settings, wait_for
from smtp_sink import text_part

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
LINK = re.compile(r"(/a/[0-9a-f]{64})")
JORDAN = "client@acme.test"  # Acme, access approve (user 7)


def in_days(n):
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


@pytest.fixture(scope="module", autouse=True)
def fast(stack):
    fast_settings(stack)


def new_doc(pmc, visible=True, data=None):
    fields = [("title", unique("Design")), ("note", "v1")]
    if visible:
        fields.append(("client_visible", "1"))
    r = post_multipart(pmc, "/projects/1/documents", fields,
                       [("file", "mock.png", "image/png", data or PNG + unique("p").encode())])
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def ask(stack, pmc, did, contacts=(7,), due=None, message="Please review the mock-up."):
    n = len(stack.mail.messages)
    data = [("contact_id", str(c)) for c in contacts] + [("due_date", due or in_days(5)),
                                                       ("message", message)]
    r = pmc.post(f"/documents/{did}/approvals", data)
    return r, n


def link_for(stack, email, after):
    m = stack.mail.wait_for(lambda m: email in m["rcpt"] and stack.mail.messages.index(m) >= after
                            and "/a/" in text_part(m["message"]))
    return LINK.search(text_part(m["message"])).group(1)


def decide(c, link, decision="approve", name="Jordan Reyes", comment="", nonce=None, **kw):
    if nonce is None:
        nonce = c.get(link, headers=XML).xml().xpath("string(/page/approval/@nonce)")
    return c.request("POST", link, body={"decision": decision, "comment": comment,
                                         "signed_name": name, "nonce": nonce}, **kw)


def test_request_mail_page_and_approve_with_audit(stack, pmc):
    did = new_doc(pmc)
    r, n = ask(stack, pmc, did)
    assert r.status == 303, r
    link = link_for(stack, JORDAN, n)
    c = anon(stack)
    page = c.get(link, headers=XML)
    assert page.status == 200
    a = page.xml().xpath("/page/approval")[0]
    assert a.get("preview") == "image" and a.get("state") == "pending"
    # the token-scoped preview
    f = c.get(link + "/file")
    assert f.status == 200 and f.header("content-type") == "image/png"
    assert f.header("content-disposition").startswith("inline;")
    assert "sandbox" in " ".join(f.headers_all("content-security-policy"))
    r = decide(c, link, headers={"User-Agent": "TestBrowser/1.0"})
    assert r.status == 303, r
    done = c.get(link, headers=XML).xml()
    assert done.xpath("string(/page/decision/@decision)") == "approve"
    # the PM sees the audit record
    doc = pmc.get_xml(f"/documents/{did}").xml()
    ap = doc.xpath("/page/approvals/approval")[0]
    sha = doc.xpath("string(/page/versions/version/@sha256)")
    assert ap.get("state") == "approved" and ap.get("signed-name") == "Jordan Reyes"
    assert ap.get("version-sha256") == sha and ap.get("ip") == "127.0.0.1"
    assert ap.get("user-agent") == "TestBrowser/1.0" and ap.get("on-behalf") == "0"
    # the page shows when, to the second, in words (the stored time keeps its microseconds)
    at = ap.get("decided-at")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", at), at
    t = pmc.get(f"/documents/{did}").html().xpath("//td[@class='audit']//time")[0]
    assert t.get("datetime") == at[:19] + "Z"
    when = datetime.datetime.strptime(at[:19], "%Y-%m-%d %H:%M:%S")
    assert t.text_content() == f"{when.day} {when:%b %Y, %H:%M:%S}"
    # the version is locked
    assert doc.xpath("string(/page/versions/version/@locked)") == "1"
    types = [t for (t,) in stack.sql("SELECT type FROM outbox ORDER BY id DESC LIMIT 5")]
    assert "approval.decided" in types and "approval.requested" in types


def test_decision_cannot_be_made_twice(stack, pmc):
    did = new_doc(pmc)
    _, n = ask(stack, pmc, did)
    link = link_for(stack, JORDAN, n)
    c = anon(stack)
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/approval/@nonce)")
    assert decide(c, link, nonce=nonce).status == 303
    again = decide(c, link, "changes", comment="no", nonce=nonce)
    assert again.status == 409 and "cannot be made twice" in again.text
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions x JOIN approvals a ON a.id = x.approval_id"
                        f" WHERE a.document_id = {did}") == "1"


def test_changes_need_a_comment_422(stack, pmc):
    did = new_doc(pmc)
    _, n = ask(stack, pmc, did)
    link = link_for(stack, JORDAN, n)
    c = anon(stack)
    r = decide(c, link + "?format=xml", "changes", comment="")
    assert r.status == 422
    assert "comment" in form_state(r, "decision")[1]
    r = decide(c, link + "?format=xml", "approve", name="")
    assert r.status == 422
    assert stack.scalar(f"SELECT state FROM approvals WHERE document_id = {did}") == "pending"
    assert decide(c, link, "changes", comment="Bigger logo please").status == 303
    assert stack.scalar(f"SELECT state FROM approvals WHERE document_id = {did}") == "changes"
    assert stack.scalar(f"SELECT locked FROM document_versions WHERE document_id = {did}") == "0"


def test_unknown_expired_and_bad_nonce_refused(stack, pmc):
    assert anon(stack).get("/a/" + "0" * 64).status == 404
    assert "not valid" in anon(stack).get("/a/" + "0" * 64).text
    did = new_doc(pmc)
    _, n = ask(stack, pmc, did)
    link = link_for(stack, JORDAN, n)
    c = anon(stack)
    assert decide(c, link, nonce="f" * 32).status == 403
    r = decide(c, link, headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.status == 403
    stack.sql("UPDATE approval_tokens t JOIN approvals a ON a.id = t.approval_id SET t.expires_at ="
              f" UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE a.document_id = {did}")
    r = c.get(link)
    assert r.status == 410 and "expired" in r.text
    assert c.get(link + "/file").status == 410
    assert stack.scalar(f"SELECT state FROM approvals WHERE document_id = {did}") == "pending"


def test_only_approvers_of_the_client_can_be_asked(stack, pmc):
    did = new_doc(pmc)
    before = max_id(stack, "approvals")
    for contacts in ((8,), (9,), (2,), ()):   # view-only, Globex's, staff, none
        r, _ = ask(stack, pmc, did, contacts=contacts)
        assert r.status == 422, (contacts, r)
    r, _ = ask(stack, pmc, did, due="2001-01-01")
    assert r.status == 422
    internal = new_doc(pmc, visible=False)
    assert ask(stack, pmc, internal)[0].status == 422
    assert max_id(stack, "approvals") == before


def test_locked_version_needs_a_new_version(stack, pmc):
    did = new_doc(pmc)
    _, n = ask(stack, pmc, did)
    assert form_of(pmc, did) is not None
    assert decide(anon(stack), link_for(stack, JORDAN, n)).status == 303
    r = ask(stack, pmc, did)[0]
    assert r.status == 422
    # the page says why instead of offering the form again
    assert form_of(pmc, did) is None
    assert "Version 1 is approved and locked" in pmc.get(f"/documents/{did}").text
    assert "Version 1 is approved and locked" in r.text
    r = post_multipart(pmc, f"/documents/{did}/versions", [("note", "v2")],
                       [("file", "mock2.png", "image/png", PNG + unique("v2").encode())])
    assert r.status == 303
    assert form_of(pmc, did) is not None
    r, n = ask(stack, pmc, did)
    assert r.status == 303
    doc = pmc.get_xml(f"/documents/{did}").xml()
    states = [(a.get("version"), a.get("state")) for a in doc.xpath("/page/approvals/approval")]
    assert states == [("2", "pending"), ("1", "approved")]


def form_of(c, did):
    """The ask-for-approval form on the document page, or None."""
    f = c.get(f"/documents/{did}").html().xpath(f"//form[@action='/documents/{did}/approvals']")
    return f[0] if f else None


def test_ask_422_keeps_the_ticked_contacts_and_says_why(stack, pmc):
    did = new_doc(pmc)
    contacts = [int(x) for (x,) in stack.sql("SELECT id FROM users WHERE client_id = 1 AND role = 'client'"
                                             " AND access = 'approve' AND active = 1 ORDER BY id")]
    assert 7 in contacts
    # a due date in the past: the ticks come back, the date is marked, nothing is written
    data = [("contact_id", "7"), ("due_date", "2020-01-01"), ("message", "Soon please")]
    r = pmc.post(f"/documents/{did}/approvals", data)
    assert r.status == 422
    f = r.html().xpath(f"//form[@action='/documents/{did}/approvals']")[0]
    assert f.xpath("//input[@name='contact_id'][@checked]/@value") == ["7"]
    assert len(f.xpath(".//input[@name='contact_id']")) == len(contacts)
    assert f.xpath("string(.//textarea[@name='message'])").strip() == "Soon please"
    assert f.xpath(".//input[@name='due_date']/@aria-invalid") == ["true"]
    # nobody ticked: the message is under the checkboxes
    r = pmc.post(f"/documents/{did}/approvals", [("due_date", in_days(3))])
    assert r.status == 422
    fs = r.html().xpath("//fieldset[contains(@class, 'field-choices')]")[0]
    assert "has-error" in fs.get("class") and fs.get("aria-describedby") == "approval-contact_id-error"
    assert fs.xpath("string(.//p[@id='approval-contact_id-error'])").strip() != ""
    assert fs.xpath(".//input[@name='contact_id'][@checked]") == []
    assert stack.scalar(f"SELECT COUNT(*) FROM approvals WHERE document_id = {did}") == "0"


def test_staff_records_on_behalf(stack, pmc, memberc):
    did = new_doc(pmc)
    ask(stack, pmc, did)
    aid = stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}")
    assert memberc.post(f"/approvals/{aid}/record", {"decision": "approve", "signed_name": "J"}).status == 403
    r = pmc.post(f"/approvals/{aid}/record", {"decision": "approve", "signed_name": "Jordan (phone)"})
    assert r.status == 303
    row = stack.sql(f"SELECT on_behalf, recorded_by, signed_name FROM approval_decisions WHERE approval_id = {aid}")
    assert row == [("1", "2", "Jordan (phone)")]


def test_audit_record_cannot_change(stack, pmc):
    did = new_doc(pmc)
    ask(stack, pmc, did)
    aid = stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}")
    assert pmc.post(f"/approvals/{aid}/record", {"decision": "approve", "signed_name": "A"}).status == 303
    # no route changes it: recording again leaves the first record
    pmc.post(f"/approvals/{aid}/record", {"decision": "changes", "signed_name": "B", "comment": "x"})
    assert stack.scalar(f"SELECT signed_name FROM approval_decisions WHERE approval_id = {aid}") == "A"
    # and the database refuses updates and deletes
    with pytest.raises(Exception):
        stack.sql(f"UPDATE approval_decisions SET signed_name = 'forged' WHERE approval_id = {aid}")
    with pytest.raises(Exception):
        stack.sql(f"DELETE FROM approval_decisions WHERE approval_id = {aid}")
    assert stack.scalar(f"SELECT signed_name FROM approval_decisions WHERE approval_id = {aid}") == "A"


def test_client_scope_of_approvals(stack, pmc, globexc, acmec):
    did = new_doc(pmc)
    ask(stack, pmc, did)
    aid = stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}")
    assert globexc.get(f"/documents/{did}").status == 404
    assert acmec.post(f"/documents/{did}/approvals", {"contact_id": "7", "due_date": in_days(3)}).status == 403
    assert acmec.post(f"/approvals/{aid}/record", {"decision": "approve", "signed_name": "x"}).status == 403


def test_reminder_and_overdue(stack, pmc, acmec):
    did = new_doc(pmc)
    _, n = ask(stack, pmc, did, due=in_days(1))
    first = link_for(stack, JORDAN, n)
    aid = stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}")
    # the worker's periodic job reminds once; Jordan signs in, so since issue 12 the reminder
    # is an "approval_reminder" notification opening the approval in the portal (its e-mail
    # goes into the digest), no e-mail of its own; the first link stays valid
    remind = wait_for(lambda: stack.sql("SELECT link, text FROM notifications WHERE user_id = 7"
                                        f" AND kind = 'approval_reminder' AND dedupe = 'approval-{aid}'"),
                      timeout=90, what="the reminder")
    assert remind[0][0] == f"/portal/approvals/{aid}" and remind[0][1].startswith("Reminder")
    assert acmec.get(remind[0][0]).status == 200
    assert stack.scalar(f"SELECT reminded_at IS NOT NULL FROM approvals WHERE id = {aid}") == "1"
    title = stack.scalar(f"SELECT title FROM documents WHERE id = {did}")
    assert title in remind[0][1]
    assert not any(JORDAN in m["rcpt"] and str(m["message"]["Subject"]).startswith("Reminder") and
                   title in str(m["message"]["Subject"]) for m in stack.mail.messages[n:])
    assert anon(stack).get(first).status == 200
    # overdue: on the PM's dashboard
    stack.sql(f"UPDATE approvals SET due_date = UTC_DATE() - INTERVAL 2 DAY WHERE document_id = {did}")
    dash = pmc.get_xml("/").xml()
    assert dash.xpath(f"count(//overdue-approvals/approval[@document-id={did}])") == 1
    assert "Overdue approvals" in pmc.get("/").text


def test_several_contacts_at_once(stack, pmc, adminc):
    """contact_id is repeatable: each contact asked gets a request and an e-mail."""
    email = f"{unique('pat')}@acme.test"
    assert adminc.post("/clients/1/contacts", {"name": "Pat Lee", "email": email,
                                               "access": "approve"}).status == 303
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
    did = new_doc(pmc)
    r, n = ask(stack, pmc, did, contacts=(7, uid))
    assert r.status == 303, r
    assert stack.scalar(f"SELECT COUNT(*) FROM approvals WHERE document_id = {did}") == "2"
    assert link_for(stack, JORDAN, n) != link_for(stack, email, n)
    # one bad contact among good ones: nothing written
    other = new_doc(pmc)
    assert ask(stack, pmc, other, contacts=(7, 9))[0].status == 422
    assert stack.scalar(f"SELECT COUNT(*) FROM approvals WHERE document_id = {other}") == "0"
