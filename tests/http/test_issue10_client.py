"""Issue 10, the client side and accessibility: one-click survey scores (item 11), approval
decisions that name the contact and the outcome (12), a contact's XML without budget or
internal fields (17), "waiting on" worded for view-only contacts (20), file names with
bidirectional controls refused (27), the brand's favicon and accent as CSS (28)."""
import datetime
import re

import pytest

from conftest import XML, anon, form_state, max_id, post_multipart, unique
from fakes import fast_settings
from plan_helpers import new_project
from smtp_sink import html_part, text_part

JORDAN = "client@acme.test"   # Acme, access approve (user 7, "Jordan Reyes")
JORDAN_ID = 7
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SURVEY = re.compile(r"(/s/[0-9a-f]{64})")
APPROVAL = re.compile(r"(/a/[0-9a-f]{64})")


@pytest.fixture(scope="module", autouse=True)
def fast(stack):
    fast_settings(stack)


def in_days(n):
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


def mail_after(stack, email, after, needle):
    return stack.mail.wait_for(lambda m: email in m["rcpt"] and stack.mail.messages.index(m) >= after
                               and needle in text_part(m["message"]))


# ------------------------------------------------------------ item 11: one-click survey


def closure_survey(stack, pmc, kind="csat"):
    """A fresh project of a fresh client with one contact, whose closure e-mails that contact a
    survey: (project id, mail). Not Acme's: the demo client's project list stays one page."""
    pid = new_project(pmc, stack)
    cid = stack.scalar(f"SELECT client_id FROM projects WHERE id = {pid}")
    email = f"{unique('survey')}@client.test"
    assert pmc.post(f"/clients/{cid}/contacts", {"name": "Robin Vale", "email": email,
                                                 "access": "approve"}).status == 303
    if kind != "csat":
        assert pmc.post(f"/projects/{pid}/surveys", {"kind": kind, "at_closure": "1"}).status == 303
    n = len(stack.mail.messages)
    assert pmc.post(f"/projects/{pid}/stage", {"stage": "closure", "note": "done"}).status == 303
    return pid, mail_after(stack, email, n, "/s/")


def test_item11_mail_has_one_link_per_score(stack, pmc):
    _, m = closure_survey(stack, pmc)
    text, html = text_part(m["message"]), html_part(m["message"])
    token = SURVEY.search(text).group(1)
    for part in (text, html):
        scores = re.findall(re.escape(token) + r"\?score=(\d+)", part)
        assert sorted(set(scores), key=int) == ["1", "2", "3", "4", "5"], part
    _, m = closure_survey(stack, pmc, kind="nps")
    text = text_part(m["message"])
    token = SURVEY.search(text).group(1)
    assert sorted(set(re.findall(re.escape(token) + r"\?score=(\d+)", text)), key=int) == \
        [str(i) for i in range(11)]


def test_item11_score_link_preselects_and_writes_nothing(stack, pmc):
    pid, m = closure_survey(stack, pmc)
    link = SURVEY.search(text_part(m["message"])).group(1)
    c = anon(stack)
    r = c.get(link + "?score=4")
    assert r.status == 200
    doc = r.html()
    form = doc.xpath(f"//form[@action='{link}']")
    assert len(form) == 1
    # the scores are radios, the chosen one checked; one confirm button; no select
    radios = form[0].xpath(".//input[@type='radio'][@name='score']")
    assert [x.get("value") for x in radios] == ["1", "2", "3", "4", "5"]
    assert [x.get("value") for x in radios if x.get("checked") is not None] == ["4"]
    assert not form[0].xpath(".//select[@name='score']")
    buttons = form[0].xpath(".//button[@type='submit']")
    assert len(buttons) == 1 and "4" in buttons[0].text_content() and "Confirm" in buttons[0].text_content()
    assert c.get(link + "?score=4", headers=XML).xml().xpath("string(/page/survey/@chosen)") == "4"
    # a GET writes nothing: the survey is still open
    assert stack.scalar(f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid}"
                        " AND (answered_at IS NOT NULL OR score IS NOT NULL)") == "0"
    assert stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE type = 'survey.answered' AND project_id = {pid}") == "0"


@pytest.mark.parametrize("score", ["9", "0", "-1", "abc", "4.5", "", "100", "4x", "%204"])
def test_item11_bad_score_in_link_chooses_nothing(stack, pmc, score):
    pid, m = closure_survey(stack, pmc)
    link = SURVEY.search(text_part(m["message"])).group(1)
    r = anon(stack).get(f"{link}?score={score}")
    assert r.status == 200
    assert not r.html().xpath("//input[@type='radio'][@checked]")
    assert "Send my answer" in r.html().xpath("string(//form//button[@type='submit'])")
    assert anon(stack).get(f"{link}?score={score}", headers=XML).xml().xpath("/page/survey/@chosen") == []
    assert stack.scalar(f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid} AND answered_at IS NOT NULL") == "0"


def test_item11_confirm_then_thank_you_200_and_second_answer_refused(stack, pmc):
    pid, m = closure_survey(stack, pmc)
    link = SURVEY.search(text_part(m["message"])).group(1)
    c = anon(stack)
    nonce = c.get(link + "?score=5", headers=XML).xml().xpath("string(/page/survey/@nonce)")
    r = c.request("POST", link, body={"score": "5", "comment": "", "nonce": nonce})
    assert r.status == 303 and r.header("location") == link
    thanks = c.get(link)
    assert thanks.status == 200
    assert "Thank you" in thanks.html().xpath("string(//h1)")
    assert not thanks.html().xpath("//form")
    doc = c.get(link, headers=XML).xml()
    assert doc.xpath("string(/page/@name)") == "survey-thanks"
    assert doc.xpath("string(/page/survey/@score)") == "5"
    # the link with another score shows the thank-you page too, and changes nothing
    assert c.get(link + "?score=1").status == 200
    again = c.request("POST", link, body={"score": "1", "comment": "changed my mind", "nonce": nonce})
    assert again.status == 410
    assert "answered once" in again.text
    assert stack.sql(f"SELECT score, COALESCE(comment, '') FROM surveys WHERE project_id = {pid}") == [("5", "")]
    assert stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE type = 'survey.answered' AND project_id = {pid}") == "1"


def test_item11_missing_or_out_of_range_score_is_422_with_the_form(stack, pmc):
    pid, m = closure_survey(stack, pmc)
    link = SURVEY.search(text_part(m["message"])).group(1)
    c = anon(stack)
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/survey/@nonce)")
    for score in ("", "6", "0"):
        r = c.request("POST", link + "?format=xml", body={"score": score, "comment": "kept", "nonce": nonce})
        assert r.status == 422, score
        values, errors = form_state(r, "survey")
        assert "score" in errors and values["comment"] == "kept"
    html = c.request("POST", link, body={"score": "6", "comment": "kept", "nonce": nonce}).html()
    assert html.xpath("//fieldset[contains(@class, 'has-error')]//p[@class='field-error']")
    assert stack.scalar(f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid} AND answered_at IS NOT NULL") == "0"


# ------------------------------------------------------------ item 12: who decided, and how


@pytest.fixture(scope="module")
def acme_pid(stack, pmc):
    """One Acme project for the tests of items 12 and 17 (Jordan decides there)."""
    return new_project(pmc, stack, client_id=1, due="2027-03-31")


def shared_doc(pmc, pid):
    r = post_multipart(pmc, f"/projects/{pid}/documents",
                       [("title", unique("Mock-up")), ("note", "v1"), ("client_visible", "1")],
                       [("file", "mock.pdf", "application/pdf", PDF + unique("x").encode())])
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def ask_jordan(stack, pmc, did):
    n = len(stack.mail.messages)
    r = pmc.post(f"/documents/{did}/approvals", [("contact_id", str(JORDAN_ID)), ("due_date", in_days(5)),
                                                  ("message", "Please review.")])
    assert r.status == 303, r
    return APPROVAL.search(text_part(mail_after(stack, JORDAN, n, "/a/")["message"])).group(1)


def decide_by_link(stack, link, decision, comment=""):
    c = anon(stack)
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/approval/@nonce)")
    r = c.request("POST", link, body={"decision": decision, "comment": comment,
                                      "signed_name": "Jordan Reyes", "nonce": nonce})
    assert r.status == 303, r


def decision_lines(c, url, *titles):
    """The activity lines about approval decisions on page url that name one of titles, as text."""
    html = c.get(url).html()
    lines = [" ".join(li.xpath("string(./p[1])").split())
             for li in html.xpath("//li[contains(@class, 'kind-approval_decided')]")]
    return [x for x in lines if any(t in x for t in titles)]


def test_item12_link_decision_is_the_contacts_with_its_outcome(stack, pmc, acmec, acme_pid):
    pid = acme_pid
    ok_doc, ch_doc = shared_doc(pmc, pid), shared_doc(pmc, pid)
    decide_by_link(stack, ask_jordan(stack, pmc, ok_doc), "approve")
    decide_by_link(stack, ask_jordan(stack, pmc, ch_doc), "changes", "Bigger logo")
    ok_title = stack.scalar(f"SELECT title FROM documents WHERE id = {ok_doc}")
    ch_title = stack.scalar(f"SELECT title FROM documents WHERE id = {ch_doc}")
    # the line is Jordan's, not the agency's
    assert stack.sql(f"SELECT user_id, to_value FROM activity WHERE project_id = {pid}"
                     f" AND kind = 'approval_decided' AND note IN ('{ok_title}', '{ch_title}')"
                     " ORDER BY id") == [(str(JORDAN_ID), "approve"), (str(JORDAN_ID), "changes")]
    for c, url in ((pmc, f"/activity?project_id={pid}"), (acmec, f"/portal/projects/{pid}")):
        lines = decision_lines(c, url, ok_title, ch_title)
        assert len(lines) == 2, lines
        assert lines[1].startswith(f"Jordan Reyes approved “{ok_title}” in"), lines
        assert lines[0].startswith(f"Jordan Reyes requested changes to “{ch_title}” in"), lines
        assert not any("Northstar" in x or "recorded an approval decision" in x for x in lines)


def test_item12_staff_on_behalf_says_whose_decision(stack, pmc, acme_pid):
    pid = acme_pid
    did = shared_doc(pmc, pid)
    title = stack.scalar(f"SELECT title FROM documents WHERE id = {did}")
    ask_jordan(stack, pmc, did)
    aid = stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}")
    r = pmc.post(f"/approvals/{aid}/record", {"decision": "changes", "comment": "On the phone",
                                              "signed_name": "Jordan Reyes"})
    assert r.status == 303, r
    lines = decision_lines(pmc, f"/activity?project_id={pid}", title)
    assert len(lines) == 1, lines
    assert f"recorded that Jordan Reyes requested changes to “{title}”" in lines[0], lines
    assert stack.scalar(f"SELECT user_id FROM activity WHERE project_id = {pid}"
                        f" AND kind = 'approval_decided' AND note = '{title}'") == "2"


def test_item12_old_lines_without_a_user_name_the_contact(stack, pmc, acme_pid):
    title = unique("Old mock-up")
    stack.sql("INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note,"
              f" client_visible, created_at) VALUES (1, {acme_pid}, NULL, 'approval_decided', 'Jordan Reyes',"
              f" 'approve', '{title}', 1, UTC_TIMESTAMP(6))")
    lines = decision_lines(pmc, f"/activity?project_id={acme_pid}", title)
    assert len(lines) == 1 and lines[0].startswith(f"Jordan Reyes approved “{title}” in"), lines


def test_item12_change_decided_by_link_is_the_contacts(stack, pmc, acme_pid):
    pid = acme_pid
    title = unique("Extra page")
    r = pmc.post(f"/projects/{pid}/changes", {"title": title, "description": "d",
                                              "impact_days": "2", "impact_hours": "4",
                                              "impact_amount": "100.00"})
    assert r.status == 303
    cid = stack.scalar(f"SELECT MAX(id) FROM change_requests WHERE project_id = {pid}")
    assert pmc.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303
    n = len(stack.mail.messages)
    assert pmc.post(f"/changes/{cid}/approvals", [("contact_id", str(JORDAN_ID)), ("due_date", in_days(5)),
                                                  ("message", "Please decide.")]).status == 303
    link = APPROVAL.search(text_part(mail_after(stack, JORDAN, n, "/a/")["message"])).group(1)
    decide_by_link(stack, link, "approve")
    assert stack.sql(f"SELECT kind, user_id FROM activity WHERE project_id = {pid} AND note = '{title}'"
                     " AND kind IN ('approval_decided', 'change_approved') ORDER BY id") == \
        [("change_approved", str(JORDAN_ID)), ("approval_decided", str(JORDAN_ID))]


# ------------------------------------------------------------ item 17: a contact's XML


MONEY = re.compile(r"budget|amount|rate|cost|price|spent|currency|email|access|active")


def money_attrs(doc, allowed=()):
    out = set()
    for el in doc.iter():
        if el.tag in ("session", "brand"):
            continue
        for a in el.attrib:
            if MONEY.search(a) and f"{el.tag}@{a}" not in allowed:
                out.add(f"{el.tag}@{a}")
    return out


def contact_pages(stack, pmc, pid):
    """Every kind of page an Acme contact can GET on project pid, with one of each object."""
    did = shared_doc(pmc, pid)
    r = post_multipart(pmc, f"/projects/{pid}/messages", [("subject", unique("Hello")), ("body", "hi")])
    assert r.status == 303, r
    tid = r.header("location").rsplit("/", 1)[1]
    r = pmc.post(f"/projects/{pid}/status-reports", {"summary": "All good", "include_budget": "1"})
    assert r.status == 303, r
    rid = stack.scalar(f"SELECT MAX(id) FROM status_reports WHERE project_id = {pid}")
    assert pmc.post(f"/status-reports/{rid}/publish", {"confirm": "1"}).status == 303
    link = ask_jordan(stack, pmc, did)
    aid = stack.scalar(f"SELECT id FROM approvals WHERE document_id = {did}")
    return link, [f"/portal", f"/portal/projects/{pid}", f"/projects/{pid}/documents", f"/documents/{did}",
                  f"/portal/projects/{pid}/gantt", f"/projects/{pid}/messages", f"/messages/threads/{tid}",
                  f"/projects/{pid}/status-reports", f"/status-reports/{rid}", f"/portal/approvals/{aid}"]


def test_item17_contact_xml_carries_no_budget_or_internal_fields(stack, pmc, acmec, viewerc, acme_pid):
    pid = acme_pid
    link, pages = contact_pages(stack, pmc, pid)
    # what the pages show: a change's impact (the portal's proposed changes) and the budget a
    # PM chose to publish in a status report
    shown = {"change@impact-amount", "change@currency", "report@include-budget",
             "report@snap-budget-minutes", "report@snap-spent-minutes", "report@snap-amount",
             "report@snap-budget-amount", "report@snap-spent-amount", "report@snap-currency", "approval@currency",
             "approval@impact-amount",
             "message@via-email"}   # issue 14: a flag (written by e-mail), no address
    for c in (acmec, viewerc):
        for p in pages:
            r = c.get_xml(p)
            if c is viewerc and p.startswith("/portal/approvals/"):
                assert r.status == 404   # not addressed to the viewer
                continue
            assert r.status == 200, (p, r)
            bad = money_attrs(r.xml(), shown)
            assert not bad, (p, bad)
    for p in (link, link.replace("/a/", "/s/")):
        r = anon(stack).get(p + "?format=xml")
        if r.status == 200:
            assert not money_attrs(r.xml(), shown), p
    # the budget is still there for staff
    doc = pmc.get_xml(f"/projects/{pid}").xml()
    budget = stack.scalar(f"SELECT budget_amount FROM projects WHERE id = {pid}")
    assert int(budget) > 0 and doc.xpath("string(/page/project/@budget-amount)") == budget


def test_item17_documents_and_portal_xml_were_leaking_the_budget(stack, pmc, acmec, acme_pid):
    pid = acme_pid
    budget = stack.scalar(f"SELECT budget_amount FROM projects WHERE id = {pid}")
    for p in ("/portal", f"/portal/projects/{pid}", f"/projects/{pid}/documents"):
        body = acmec.get_xml(p).text
        assert "budget-amount" not in body and "budget-minutes" not in body, p
        assert f'"{budget}"' not in body, p
    # and the portal still shows what it showed
    doc = acmec.get_xml(f"/portal/projects/{pid}").xml()
    for a in ("name", "stage", "health", "start-date", "due-date", "progress", "pm-name"):
        assert doc.xpath(f"/page/project/@{a}"), a


def test_item17_other_clients_project_stays_404(stack, pmc, globexc, acme_pid):
    pid = acme_pid
    for p in (f"/portal/projects/{pid}", f"/projects/{pid}/documents"):
        assert globexc.get_xml(p).status == 404, p


# ------------------------------------------------------------ item 20: waiting on whom


def test_item20_view_contact_is_not_told_it_waits_on_them(stack, viewerc, acmec):
    # demo project 1 has decisions waiting on Jordan (approve)
    assert acmec.get_xml("/portal").xml().xpath("sum(/page/waiting/project/@waiting)") > 0
    html = viewerc.get("/portal/projects/1").html()
    head = " ".join(html.xpath("string(//h2[@id='waiting-h'])").split())
    assert head == "Waiting on Acme Corp’s approvers", head
    assert "waiting on you" not in html.text_content().lower()
    assert html.xpath("//p[contains(@class, 'waiting-view-note')]")
    home = viewerc.get("/portal").html()
    assert "waiting on you" not in home.text_content().lower()
    assert viewerc.get_xml("/portal").xml().xpath("/page/waiting/project") == []
    # the approver is still told
    mine = acmec.get("/portal/projects/1").html()
    assert " ".join(mine.xpath("string(//h2[@id='waiting-h'])").split()) == "Waiting on you"


# ------------------------------------------------------------ item 27: bidi file names

BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u200e", "\u200f", "\u2066", "\u2067",
        "\u2068", "\u2069", "\u061c"]


def files_count(stack):
    import os
    return sum(len(fs) for _, _, fs in os.walk(stack.var / "files"))


@pytest.mark.parametrize("ch", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_item27_bidi_file_name_refused_nothing_stored(stack, pmc, ch):
    before = (max_id(stack, "documents"), max_id(stack, "document_versions"), files_count(stack))
    name = f"invoice{ch}fdp.exe"
    r = post_multipart(pmc, "/projects/1/documents?format=xml",
                       [("title", "Invoice"), ("note", "n"), ("client_visible", "1")],
                       [("file", name, "application/pdf", PDF + unique("b").encode())])
    assert r.status == 422, r
    values, errors = form_state(r, "document")
    assert "direction" in errors.get("file", ""), errors
    assert values.get("title") == "Invoice"
    assert (max_id(stack, "documents"), max_id(stack, "document_versions"), files_count(stack)) == before


def test_item27_bidi_refused_on_versions_and_message_attachments(stack, pmc):
    did = shared_doc(pmc, 1)
    before = max_id(stack, "document_versions"), max_id(stack, "messages")
    r = post_multipart(pmc, f"/documents/{did}/versions", [("note", "v2")],
                       [("file", "report\u202etxt.exe", "application/pdf", PDF)])
    assert r.status == 422, r
    r = post_multipart(pmc, "/projects/1/messages", [("subject", "x"), ("body", "y")],
                       [("file", "a\u2067b.pdf", "application/pdf", PDF)])
    assert r.status == 422, r
    assert (max_id(stack, "document_versions"), max_id(stack, "messages")) == before


def test_item27_other_non_ascii_names_still_accepted(stack, pmc):
    r = post_multipart(pmc, "/projects/1/documents", [("title", unique("Überblick")), ("note", "n")],
                       [("file", "Überblick – März.pdf", "application/pdf", PDF + unique("u").encode())])
    assert r.status == 303, r
    did = int(r.header("location").rsplit("/", 1)[1])
    assert stack.scalar(f"SELECT filename FROM document_versions WHERE document_id = {did}") == "Überblick – März.pdf"


# ------------------------------------------------------------ item 28: brand favicon, accent CSS


@pytest.fixture
def brand(stack):
    saved = stack.sql("SELECT name, value FROM settings WHERE name LIKE 'brand_%'")
    yield
    stack.sql("DELETE FROM settings WHERE name LIKE 'brand_%'")
    for k, v in saved:
        stack.sql(f"INSERT INTO settings (name, value, updated_at) VALUES ('{k}', '{v}', UTC_TIMESTAMP())")


def head_links(c, path):
    html = c.get(path).html()
    return ({l.get("href") for l in html.xpath("//head/link[@rel='icon']")},
            {l.get("href") for l in html.xpath("//head/link[@rel='stylesheet']")})


def test_item28_accent_is_served_as_css_without_script(stack, adminc, acmec, brand):
    assert adminc.post("/settings/brand", {"name": "Northstar Studio", "accent": "#aa3355"}).status == 303
    for c, p in ((acmec, "/portal"), (adminc, "/"), (anon(stack), "/login")):
        _, css = head_links(c, p)
        assert "/brand/accent.css?v=aa3355" in css, (p, css)
    r = anon(stack).get("/brand/accent.css?v=aa3355")
    assert r.status == 200 and r.header("content-type").startswith("text/css")
    assert re.search(r":root\s*\{\s*--accent:\s*#aa3355;\s*\}", r.text)
    assert "immutable" in r.header("cache-control")
    # an old ?v= is not cached for a year under the new colour
    stale = anon(stack).get("/brand/accent.css?v=000000")
    assert "#aa3355" in stale.text and "immutable" not in (stale.header("cache-control") or "")
    # the pages stay without inline style or script
    page = acmec.get("/portal")
    csp = page.header("content-security-policy")
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert not page.html().xpath("//style | //*[@style] | //script[not(@src)]")


def test_item28_bad_stored_accent_never_reaches_the_css(stack, brand):
    stack.sql("DELETE FROM settings WHERE name = 'brand_accent'")
    stack.sql("INSERT INTO settings (name, value, updated_at) VALUES ('brand_accent', 'red;} body{x:y', UTC_TIMESTAMP())")
    for p in ("/brand/accent.css", "/brand/favicon.svg"):
        r = anon(stack).get(p)
        assert r.status == 200
        assert "red" not in r.text and "body" not in r.text and "#2f6fde" in r.text, p


def test_item28_favicon_follows_the_brand(stack, adminc, acmec, brand):
    stack.sql("DELETE FROM settings WHERE name LIKE 'brand_%'")
    icons, _ = head_links(acmec, "/portal")
    assert icons == {"/static/favicon.svg"}          # no brand: Tandem's
    assert adminc.post("/settings/brand", {"name": "Northstar Studio", "accent": "#117744"}).status == 303
    icons, _ = head_links(acmec, "/portal")
    assert icons == {"/brand/favicon.svg?v=117744"}, icons
    r = anon(stack).get("/brand/favicon.svg?v=117744")
    assert r.status == 200 and r.header("content-type") == "image/svg+xml"
    assert 'fill="#117744"' in r.text and "Tandem" not in r.text
    # a logo: the logo is the icon, also on the tokenised and sign-in pages
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
           b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
           b"\x00\x00\x00\x00IEND\xaeB`\x82")
    r = post_multipart(adminc, "/settings/brand", [("name", "Northstar Studio"), ("accent", "#117744")],
                       [("logo", "logo.png", "image/png", png)])
    assert r.status == 303, r
    for c, p in ((acmec, "/portal"), (anon(stack), "/login"), (anon(stack), "/s/" + "1" * 64)):
        icons, _ = head_links(c, p)
        assert len(icons) == 1 and next(iter(icons)).startswith("/brand/logo?v="), (p, icons)
