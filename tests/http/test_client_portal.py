"""The portal's client side: change requests decided by the client (the planning area's
decision is applied), the project page's content, and the client scope from every side."""
import pytest

from conftest import XML, form_state, max_id, post_multipart, unique
from plan_helpers import new_project


def proposed_change(stack, pmc, pid, days=5):
    r = pmc.post(f"/projects/{pid}/changes", {"title": unique("Extra page"), "description": "A pricing page",
                                              "impact_days": str(days), "impact_hours": "16",
                                              "impact_amount": "1200.00"})
    assert r.status == 303, r
    cid = int(stack.scalar(f"SELECT MAX(id) FROM change_requests WHERE project_id = {pid}"))
    assert pmc.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303
    return cid


@pytest.fixture(scope="module")
def acme_project(stack, pmc):
    return new_project(pmc, stack, client_id=1, due="2026-09-30")


def test_portal_shows_change_with_impact_and_client_accepts(stack, pmc, acmec, acme_project):
    pid = acme_project
    cid = proposed_change(stack, pmc, pid, days=5)
    due_before = stack.scalar(f"SELECT due_date FROM projects WHERE id = {pid}")
    page = acmec.get_xml(f"/portal/projects/{pid}").xml()
    ch = page.xpath(f"/page/changes/change[@id={cid}]")[0]
    assert ch.get("status") == "proposed" and ch.get("impact-days") == "5"
    assert ch.get("impact-minutes") == "960" and ch.get("impact-amount") == "120000"
    assert "Accept change" in acmec.get(f"/portal/projects/{pid}").text
    r = acmec.post(f"/portal/changes/{cid}", {"decision": "approved", "note": "Go ahead"})
    assert r.status == 303 and r.header("location") == f"/portal/projects/{pid}"
    row = stack.sql(f"SELECT status, decided_by, new_due_date FROM change_requests WHERE id = {cid}")[0]
    assert row[0] == "approved" and row[1] == "7"
    # the planning area's effect: the project's due date moved by the impact
    assert stack.scalar(f"SELECT due_date FROM projects WHERE id = {pid}") == row[2] != due_before
    assert stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE type = 'change.decided' AND project_id = {pid}") == "1"
    # a second decision is refused, nothing changes
    r = acmec.post(f"/portal/changes/{cid}", {"decision": "rejected"})
    assert r.status == 303
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "approved"


def test_client_declines(stack, pmc, acmec, acme_project):
    cid = proposed_change(stack, pmc, acme_project)
    assert acmec.post(f"/portal/changes/{cid}", {"decision": "rejected"}).status == 303
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "rejected"


def test_view_contact_cannot_decide(stack, pmc, viewerc, acme_project):
    cid = proposed_change(stack, pmc, acme_project)
    assert viewerc.post(f"/portal/changes/{cid}", {"decision": "approved"}).status == 403
    assert "Accept change" not in viewerc.get(f"/portal/projects/{acme_project}").text
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"


def test_other_client_gets_404(stack, pmc, globexc, acme_project):
    cid = proposed_change(stack, pmc, acme_project)
    assert globexc.post(f"/portal/changes/{cid}", {"decision": "approved"}).status == 404
    assert globexc.post("/portal/changes/999999", {"decision": "approved"}).status == 404
    assert globexc.get(f"/portal/projects/{acme_project}").status == 404
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"


def test_bad_decision_422_nothing_written(stack, pmc, acmec, acme_project):
    cid = proposed_change(stack, pmc, acme_project)
    other = proposed_change(stack, pmc, acme_project)
    form = f"change-{cid}"
    # a decision that is not one of the two comes back on the project page, with the note kept
    bad = {"decision": "maybe", "note": "Keep this note"}
    r = acmec.post(f"/portal/changes/{cid}", bad, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, form)
    assert values["note"] == "Keep this note" and set(errors) == {"decision"}
    # only that change's form is marked
    assert r.xml().xpath(f"count(/page/form-state[@for='change-{other}'])") == 0
    assert r.xml().xpath(f"count(/page/changes/change[@id={cid}])") == 1
    r = acmec.post(f"/portal/changes/{cid}", bad)
    assert r.status == 422 and "text/html" in r.header("content-type")
    doc = r.html()
    f = doc.xpath(f"//form[@action='/portal/changes/{cid}#change-{cid}']")
    assert len(f) == 1
    # (a browser drops the newline the HTML writer puts first in a textarea)
    assert f[0].xpath("string(.//textarea[@name='note'])").removeprefix("\n") == "Keep this note"
    assert f[0].xpath("string(.//*[contains(@class, 'field-error')])").strip() == errors["decision"]
    assert doc.xpath(f"string(//form[@action='/portal/changes/{other}#change-{other}']//textarea)").strip() == ""
    # a note over the limit: the field is marked, the decision not taken
    long_note = "x" * 4001
    r = acmec.post(f"/portal/changes/{cid}", {"decision": "approved", "note": long_note}, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, form)
    assert set(errors) == {"note"} and values["note"] == long_note
    r = acmec.post(f"/portal/changes/{cid}", {"decision": "approved", "note": long_note})
    assert r.status == 422
    area = r.html().xpath(f"//textarea[@id='change-{cid}-note']")
    assert len(area) == 1 and area[0].get("aria-invalid") == "true"
    assert acmec.post(f"/portal/changes/{cid}", {"decision": "approved"}, csrf=False).status == 403
    assert stack.sql(f"SELECT status, decided_by FROM change_requests WHERE id IN ({cid}, {other})"
                     " ORDER BY id") == [("proposed", "NULL"), ("proposed", "NULL")]
    assert stack.scalar(f"SELECT COUNT(*) FROM change_requests WHERE id IN ({cid}, {other})"
                        " AND decided_at IS NOT NULL") == "0"


def test_portal_project_content(stack, pmc, acmec, acme_project):
    pid = acme_project
    r = post_multipart(pmc, f"/projects/{pid}/documents", [("title", "Sitemap"), ("client_visible", "1")],
                       [("file", "sitemap.pdf", "application/pdf", b"%PDF-1.4 " + unique("s").encode())])
    assert r.status == 303
    post_multipart(pmc, f"/projects/{pid}/documents", [("title", "Internal notes")],
                   [("file", "notes.txt", "text/plain", b"secret " + unique("n").encode())])
    page = acmec.get_xml(f"/portal/projects/{pid}").xml()
    titles = page.xpath("/page/shared-documents/document/@title")
    assert "Sitemap" in titles and "Internal notes" not in titles
    assert page.xpath("count(/page/next-milestones)") == 1
    assert page.xpath("count(/page/approvals)") == 1
