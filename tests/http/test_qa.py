"""Issue 16, deliverable QA: acceptance criteria on a milestone or a document (client-visible
or internal), the internal review of a document version by someone other than its uploader
(pass every criterion, or send it back with a note; a new version starts a new review), the
approval request refused until the version passed, and the client-visible criteria on the
approval pages. A document without criteria needs no review (the flows before issue 16 are
unchanged). Contract: src/domain/qa.h, include/domain/approval.h, docs/architecture.md
"Issue 16: deliverable QA and closure"."""
import datetime
import re

import pytest

from conftest import XML, anon, form_state, login_as, post_multipart, unique
from domain_util import run
from plan_helpers import milestone, new_project
from smtp_sink import text_part

PM_ID, MARCO_ID, LENA_ID, JORDAN_ID = 2, 3, 4, 7
JORDAN = "client@acme.test"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(scope="module")
def lenac(stack):
    return login_as(stack, "lena@demo.test")


@pytest.fixture(scope="module")
def acme_project(stack, pmc):
    """A fresh Acme project (Jordan may approve), PM Priya."""
    return new_project(pmc, stack, client_id=1)


def new_doc(c, pid, visible=True):
    fields = [("title", unique("QA doc")), ("note", "v1")] + ([("client_visible", "1")] if visible else [])
    r = post_multipart(c, f"/projects/{pid}/documents", fields,
                       [("file", "mock.png", "image/png", PNG + unique("p").encode())])
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def new_version(c, did):
    r = post_multipart(c, f"/documents/{did}/versions", [("note", "next")],
                       [("file", "mock2.png", "image/png", PNG + unique("v").encode())])
    assert r.status == 303, r


def latest(stack, did):
    return int(stack.scalar(f"SELECT MAX(id) FROM document_versions WHERE document_id = {did}"))


def add_criterion(c, stack, path, text=None, visible=True):
    text = text or unique("Criterion")
    d = {"text": text}
    if visible:
        d["client_visible"] = "1"
    r = c.post(f"{path}/criteria", d)
    assert r.status == 303, r
    return int(stack.scalar("SELECT MAX(id) FROM acceptance_criteria")), text


def due():
    return (datetime.date.today() + datetime.timedelta(days=5)).isoformat()


def ask(c, did, contact=JORDAN_ID):
    return c.post(f"/documents/{did}/approvals", {"contact_id": str(contact), "due_date": due(),
                                                  "message": "Please review."})


def review(c, vid, decision, ticked=(), note=""):
    data = [("decision", decision), ("note", note)] + [("criterion", str(k)) for k in ticked]
    return c.post(f"/versions/{vid}/review", data)


def counts(stack):
    return stack.sql("SELECT (SELECT COUNT(*) FROM approvals), (SELECT COUNT(*) FROM version_reviews),"
                     " (SELECT COUNT(*) FROM review_checks), (SELECT COUNT(*) FROM acceptance_criteria),"
                     " (SELECT COUNT(*) FROM mails), (SELECT COUNT(*) FROM outbox)")


# ------------------------------------------------------------ criteria

def test_criteria_on_a_milestone_added_changed_removed(stack, pmc, memberc, acme_project):
    mid = milestone(pmc, stack, acme_project, visible=True)
    kid, text = add_criterion(pmc, stack, f"/milestones/{mid}", visible=True)
    assert stack.sql(f"SELECT project_id, milestone_id, document_id, text, client_visible, created_by"
                     f" FROM acceptance_criteria WHERE id = {kid}") == [
        (str(acme_project), str(mid), "NULL", text, "1", str(PM_ID))]
    # staff other than the PM add too (a member), internal
    k2, t2 = add_criterion(memberc, stack, f"/milestones/{mid}", visible=False)
    page = pmc.get_xml(f"/milestones/{mid}")
    assert page.status == 200
    got = [(k.get("text"), k.get("client-visible")) for k in page.xml().xpath("/page/criteria/criterion")]
    assert got == [(text, "1"), (t2, "0")]
    html = pmc.get(f"/milestones/{mid}").text
    assert text in html and t2 in html and "internal" in html
    # the plan page links the milestone's page
    assert f'href="/milestones/{mid}"' in pmc.get(f"/projects/{acme_project}/tasks").text
    # change: text and visibility
    r = pmc.post(f"/criteria/{k2}", {"text": "Loads in under 2 s", "client_visible": "1"})
    assert r.status == 303 and r.header("location") == f"/milestones/{mid}#criteria"
    assert stack.sql(f"SELECT text, client_visible FROM acceptance_criteria WHERE id = {k2}") == [
        ("Loads in under 2 s", "1")]
    # remove
    assert pmc.post(f"/criteria/{k2}/delete").status == 303
    assert stack.scalar(f"SELECT COUNT(*) FROM acceptance_criteria WHERE id = {k2}") == "0"


def test_an_empty_criterion_is_refused_with_nothing_written(stack, pmc, acme_project):
    mid = milestone(pmc, stack, acme_project)
    did = new_doc(pmc, acme_project)
    before = counts(stack)
    for path in (f"/milestones/{mid}/criteria", f"/documents/{did}/criteria"):
        r = pmc.post(path + "?format=xml", {"text": "   ", "client_visible": "1"}, headers=XML)
        assert r.status == 422, r
        _, errors = form_state(r, "criterion")
        assert "text" in errors
    # a change to empty comes back on its own form
    kid, text = add_criterion(pmc, stack, f"/documents/{did}")
    before = counts(stack)
    r = pmc.post(f"/criteria/{kid}", {"text": ""}, headers=XML)
    assert r.status == 422
    _, errors = form_state(r, f"criterion-{kid}")
    assert "text" in errors
    assert counts(stack) == before
    assert stack.scalar(f"SELECT text FROM acceptance_criteria WHERE id = {kid}") == text


def test_criteria_of_unknown_subjects_are_404(stack, pmc):
    assert pmc.post("/milestones/987654321/criteria", {"text": "x"}).status == 404
    assert pmc.post("/documents/987654321/criteria", {"text": "x"}).status == 404
    assert pmc.post("/criteria/987654321", {"text": "x"}).status == 404
    assert pmc.post("/criteria/987654321/delete").status == 404
    assert pmc.get("/milestones/987654321").status == 404


def test_thirty_criteria_at_most(stack, pmc, acme_project):
    mid = milestone(pmc, stack, acme_project)
    stack.sql("INSERT INTO acceptance_criteria (project_id, milestone_id, text, created_at, updated_at)"
              f" SELECT {acme_project}, {mid}, CONCAT('c', seq), NOW(), NOW() FROM seq_1_to_30")
    r = pmc.post(f"/milestones/{mid}/criteria", {"text": "one more"}, headers=XML)
    assert r.status == 422
    assert "30" in form_state(r, "criterion")[1]["text"]
    assert stack.scalar(f"SELECT COUNT(*) FROM acceptance_criteria WHERE milestone_id = {mid}") == "30"


# ------------------------------------------------------------ the review

@pytest.fixture
def reviewed_doc(stack, pmc, acme_project):
    """A shared document uploaded by Priya with two criteria: one client-visible, one internal."""
    did = new_doc(pmc, acme_project)
    shown, shown_text = add_criterion(pmc, stack, f"/documents/{did}", unique("Shown criterion"), visible=True)
    inner, inner_text = add_criterion(pmc, stack, f"/documents/{did}", unique("Internal criterion"), visible=False)
    return {"doc": did, "shown": shown, "shown_text": shown_text, "inner": inner, "inner_text": inner_text}


def test_a_document_without_criteria_needs_no_review(stack, pmc, acme_project):
    did = new_doc(pmc, acme_project)
    page = pmc.get_xml(f"/documents/{did}").xml()
    assert page.xpath("string(/page/review/@state)") == "none"
    out = run(stack, "qa", "state", did, latest(stack, did))
    assert out["state"] == "none" and out["ready"] == "0"
    assert ask(pmc, did).status == 303


def test_asking_approval_before_the_review_is_refused(stack, pmc, reviewed_doc):
    did = reviewed_doc["doc"]
    page = pmc.get_xml(f"/documents/{did}").xml()
    assert page.xpath("string(/page/review/@state)") == "in-review"
    assert page.xpath("string(/page/review/@can-review)") == "0"   # Priya uploaded it
    # the page says why instead of offering the form
    assert "has not passed its" in pmc.get(f"/documents/{did}").text
    before = counts(stack)
    r = ask(pmc, did)
    assert r.status == 422
    html = r.text
    assert "not passed its internal review" in html
    assert counts(stack) == before
    # the domain refuses it too, without a page
    out = run(stack, "approval", "request-version", 0, 1, did, latest(stack, did), "t", JORDAN_ID,
              due(), "-", actor=PM_ID)
    assert out["rc"] == 2 and "internal review" in out["why"]
    assert counts(stack) == before


def test_the_uploader_cannot_review_nothing_written(stack, pmc, reviewed_doc):
    vid = latest(stack, reviewed_doc["doc"])
    before = counts(stack)
    r = review(pmc, vid, "pass", [reviewed_doc["shown"], reviewed_doc["inner"]])
    assert r.status == 422
    assert "someone else must review it" in r.text
    assert counts(stack) == before
    out = run(stack, "qa", "review", vid, "pass", "-", f"{reviewed_doc['shown']},{reviewed_doc['inner']}",
              actor=PM_ID)
    assert out["rc"] == 4 and "someone else" in out["problem0"]
    assert counts(stack) == before


def test_a_pass_needs_every_criterion_and_a_return_needs_a_note(stack, memberc, reviewed_doc):
    vid = latest(stack, reviewed_doc["doc"])
    before = counts(stack)
    r = review(memberc, vid, "pass", [reviewed_doc["shown"]])
    assert r.status == 422 and "Tick every criterion" in r.text
    r = review(memberc, vid, "return", [reviewed_doc["shown"]], note="  ")
    assert r.status == 422 and "Say what must change" in r.text
    # a tick that is not this document's criterion
    other = int(stack.scalar("SELECT MIN(id) FROM acceptance_criteria"))
    r = review(memberc, vid, "pass", [reviewed_doc["shown"], reviewed_doc["inner"], other])
    assert r.status == 422
    r = review(memberc, vid, "maybe", [reviewed_doc["shown"]])
    assert r.status == 422
    assert counts(stack) == before
    # an unknown version
    assert review(memberc, 987654321, "pass").status == 404


def test_sent_back_then_a_new_version_passes_then_the_client_approves(stack, pmc, memberc, reviewed_doc):
    did, shown, inner = reviewed_doc["doc"], reviewed_doc["shown"], reviewed_doc["inner"]
    v1 = latest(stack, did)
    # Marco sends v1 back with a note; the shown criterion passed, the internal one not
    note = unique("Fix the contrast")
    r = review(memberc, v1, "return", [shown], note=note)
    assert r.status == 303 and r.header("location") == f"/documents/{did}#reviews"
    rid = int(stack.scalar(f"SELECT MAX(id) FROM version_reviews WHERE version_id = {v1}"))
    assert stack.sql(f"SELECT document_id, reviewer_id, decision, note FROM version_reviews WHERE id = {rid}") == [
        (str(did), str(MARCO_ID), "returned", note)]
    assert stack.sql(f"SELECT criterion_id, passed FROM review_checks WHERE review_id = {rid} ORDER BY criterion_id") == [
        (str(shown), "1"), (str(inner), "0")]
    # the uploader sees the note: on the page, and told in the app
    page = pmc.get_xml(f"/documents/{did}").xml()
    assert page.xpath("string(/page/review/@state)") == "returned"
    assert page.xpath("string(/page/review/@note)") == note
    assert note in pmc.get(f"/documents/{did}").text
    assert stack.scalar(f"SELECT COUNT(*) FROM notifications WHERE user_id = {PM_ID} AND kind = 'review'"
                        f" AND link = '/documents/{did}#reviews' AND text LIKE '%{note}%'") == "1"
    # an internal activity line
    assert stack.sql(f"SELECT kind, user_id, client_visible FROM activity WHERE project_id ="
                     f" (SELECT project_id FROM documents WHERE id = {did}) AND kind LIKE 'review%'"
                     " ORDER BY id DESC LIMIT 1") == [("review_returned", str(MARCO_ID), "0")]
    # sent back is final for that version: no second decision, and no approval
    assert review(memberc, v1, "pass", [shown, inner]).status == 422
    r = ask(pmc, did)
    assert r.status == 422 and "sent back" in r.text
    # a new version starts a new review, which Marco passes
    new_version(pmc, did)
    v2 = latest(stack, did)
    assert pmc.get_xml(f"/documents/{did}").xml().xpath("string(/page/review/@state)") == "in-review"
    assert memberc.get_xml(f"/documents/{did}").xml().xpath("string(/page/review/@can-review)") == "1"
    assert review(memberc, v1, "pass", [shown, inner]).status == 422   # not the latest any more
    r = review(memberc, v2, "pass", [shown, inner])
    assert r.status == 303
    assert stack.scalar(f"SELECT decision FROM version_reviews WHERE version_id = {v2}") == "passed"
    assert pmc.get_xml(f"/documents/{did}").xml().xpath("string(/page/review/@state)") == "passed"
    assert review(memberc, v2, "pass", [shown, inner]).status == 422   # decided already
    # now the client may be asked
    n = len(stack.mail.messages)
    assert ask(pmc, did).status == 303
    aid = int(stack.scalar(f"SELECT MAX(id) FROM approvals WHERE document_id = {did}"))
    assert stack.scalar(f"SELECT version_id FROM approvals WHERE id = {aid}") == str(v2)
    m = stack.mail.wait_for(lambda m: JORDAN in m["rcpt"] and stack.mail.messages.index(m) >= n
                            and "/a/" in text_part(m["message"]))
    link = re.search(r"/a/[0-9a-f]{64}", text_part(m["message"])).group(0)
    # the token page shows the client-visible criterion, never the internal one
    c = anon(stack)
    x = c.get(link, headers=XML).xml()
    assert x.xpath("/page/criteria/criterion/@text") == [reviewed_doc["shown_text"]]
    body = c.get(link).text
    assert reviewed_doc["shown_text"] in body and reviewed_doc["inner_text"] not in body
    assert "What it must meet" in body
    # so does the portal's page; Jordan approves there
    jc = login_as(stack, JORDAN)
    x = jc.get_xml(f"/portal/approvals/{aid}").xml()
    assert x.xpath("/page/criteria/criterion/@text") == [reviewed_doc["shown_text"]]
    assert reviewed_doc["inner_text"] not in jc.get(f"/portal/approvals/{aid}").text
    r = jc.post(f"/portal/approvals/{aid}", {"decision": "approve", "signed_name": "Jordan Reyes",
                                             "comment": ""})
    assert r.status == 303
    assert stack.scalar(f"SELECT locked FROM document_versions WHERE id = {v2}") == "1"
    # after the decision the page still shows what was agreed
    assert reviewed_doc["shown_text"] in jc.get(f"/portal/approvals/{aid}").text


def test_a_criterion_added_after_a_pass_reopens_the_review(stack, pmc, lenac, reviewed_doc):
    did = reviewed_doc["doc"]
    v = latest(stack, did)
    assert review(lenac, v, "pass", [reviewed_doc["shown"], reviewed_doc["inner"]]).status == 303
    assert run(stack, "qa", "state", did, v)["state"] == "passed"
    kid, _ = add_criterion(pmc, stack, f"/documents/{did}", visible=False)
    out = run(stack, "qa", "state", did, v)
    assert out["state"] == "in-review" and out["ready"] == "1"
    assert ask(pmc, did).status == 422
    assert review(lenac, v, "pass", [reviewed_doc["shown"], reviewed_doc["inner"], kid]).status == 303
    assert ask(pmc, did).status == 303


def test_criteria_through_the_domain_driver(stack, pmc, acme_project):
    did = new_doc(pmc, acme_project)
    out = run(stack, "qa", "add", 0, did, "Spelling checked", 1, actor=PM_ID)
    assert out["rc"] == 0 and out["project"] == str(acme_project)
    kid = out["id"]
    assert run(stack, "qa", "add", 0, 0, "nothing", 1)["rc"] == 1          # no subject
    assert run(stack, "qa", "add", 987654321, 0, "x", 1)["rc"] == 1        # unknown milestone
    assert run(stack, "qa", "update", kid, "Spelling and grammar", 0)["rc"] == 0
    assert stack.sql(f"SELECT text, client_visible FROM acceptance_criteria WHERE id = {kid}") == [
        ("Spelling and grammar", "0")]
    assert run(stack, "qa", "delete", kid)["rc"] == 0
    assert run(stack, "qa", "delete", kid)["rc"] == 1


# ------------------------------------------------------------ who sees what

def test_contacts_see_client_visible_criteria_of_their_own_projects_only(stack, pmc, acmec, globexc,
                                                                        viewerc, reviewed_doc):
    did = reviewed_doc["doc"]
    for c in (acmec, viewerc):
        x = c.get_xml(f"/documents/{did}").xml()
        assert x.xpath("/page/criteria/criterion/@text") == [reviewed_doc["shown_text"]]
        assert x.xpath("/page/review") == [] and x.xpath("/page/reviews") == []
        body = c.get(f"/documents/{did}").text
        assert reviewed_doc["shown_text"] in body and reviewed_doc["inner_text"] not in body
        assert "Add criterion" not in body and "Internal review" not in body
    # another client's contact finds nothing
    r = globexc.get(f"/documents/{did}")
    assert r.status == 404 and reviewed_doc["shown_text"].encode() not in r.body
    # an internal document's criteria are not the contact's either
    hidden = new_doc(pmc, (int(stack.scalar(f"SELECT project_id FROM documents WHERE id = {did}"))), visible=False)
    _, secret = add_criterion(pmc, stack, f"/documents/{hidden}", visible=True)
    r = acmec.get(f"/documents/{hidden}")
    assert r.status == 404 and secret.encode() not in r.body


def test_contacts_cannot_touch_criteria_or_reviews(stack, acmec, globexc, reviewed_doc, pmc, acme_project):
    did = reviewed_doc["doc"]
    mid = milestone(pmc, stack, acme_project, visible=True)
    before = counts(stack)
    for c in (acmec, globexc):
        assert c.post(f"/documents/{did}/criteria", {"text": "x", "client_visible": "1"}).status == 403
        assert c.post(f"/milestones/{mid}/criteria", {"text": "x"}).status == 403
        assert c.post(f"/criteria/{reviewed_doc['shown']}", {"text": "x"}).status == 403
        assert c.post(f"/criteria/{reviewed_doc['shown']}/delete").status == 403
        assert review(c, latest(stack, did), "pass", [reviewed_doc["shown"], reviewed_doc["inner"]]).status == 403
        assert c.get(f"/milestones/{mid}").status == 403
    assert counts(stack) == before


def test_portal_milestones_show_their_client_visible_criteria(stack, pmc, acmec, globexc):
    acme_project = new_project(pmc, stack, client_id=1, due="2036-06-30")
    shown_ms = milestone(pmc, stack, acme_project, name=unique("Shown milestone"), due="2036-04-30", visible=True)
    hidden_ms = milestone(pmc, stack, acme_project, name=unique("Hidden milestone"), due="2036-04-30", visible=False)
    _, yes = add_criterion(pmc, stack, f"/milestones/{shown_ms}", unique("Portal criterion"), visible=True)
    _, no = add_criterion(pmc, stack, f"/milestones/{shown_ms}", unique("Inner criterion"), visible=False)
    _, hid = add_criterion(pmc, stack, f"/milestones/{hidden_ms}", unique("Hidden ms criterion"), visible=True)
    x = acmec.get_xml(f"/portal/projects/{acme_project}").xml()
    assert x.xpath("/page/milestone-criteria/criterion/@text") == [yes]
    body = acmec.get(f"/portal/projects/{acme_project}").text
    assert yes in body and no not in body and hid not in body
    r = globexc.get(f"/portal/projects/{acme_project}")
    assert r.status == 404 and yes.encode() not in r.body
