"""Risk register (probability × impact, heat map, high risks on the overview) and
change requests (draft → proposed → approved/rejected; an approval moves the due
date and the budget, keeps the history and emits change.decided) (issue #3)."""
import pytest

from conftest import login_as
from plan_helpers import MEMBER_ID, TOM_ID, XML, add_member, events, form_errors, new_project


@pytest.fixture(scope="module")
def pmc(stack):
    return login_as(stack, "pm@demo.test")


@pytest.fixture
def pid(stack, pmc):
    p = new_project(pmc, stack, start="2026-03-02", due="2026-06-30")
    add_member(pmc, p, MEMBER_ID)
    return p


def risk(c, pid, **kw):
    d = {"title": "Supplier late", "probability": "3", "impact": "4", "owner_id": str(MEMBER_ID),
         "mitigation": "Weekly call"}
    d.update(kw)
    return c.post(f"/projects/{pid}/risks", d, headers=XML)


def change(c, pid, **kw):
    d = {"title": "Extra page", "description": "One more", "impact_days": "10", "impact_hours": "20",
         "impact_amount": "1500.50"}
    d.update(kw)
    return c.post(f"/projects/{pid}/changes", d, headers=XML)


def last(stack, table, pid):
    return int(stack.scalar(f"SELECT MAX(id) FROM {table} WHERE project_id = {pid}"))


# --- risks -------------------------------------------------------------------------

def test_risk_is_created_open_with_its_score(stack, pmc, pid):
    assert risk(pmc, pid).status == 303
    doc = pmc.get_xml(f"/projects/{pid}/risks").xml()
    r = doc.xpath("/page/risks/risk")[0]
    assert (r.get("score"), r.get("status"), r.get("owner-id")) == ("12", "open", str(MEMBER_ID))


def test_heat_map_counts_open_risks_per_cell(stack, pmc, pid):
    risk(pmc, pid, probability="5", impact="4")
    risk(pmc, pid, probability="5", impact="4")
    risk(pmc, pid, probability="1", impact="1")
    doc = pmc.get_xml(f"/projects/{pid}").xml()
    cells = doc.xpath("/page/risk-summary/heatmap/cell")
    assert len(cells) == 25
    count = {(c.get("probability"), c.get("impact")): int(c.get("count")) for c in cells}
    assert count[("5", "4")] == 2 and count[("1", "1")] == 1 and sum(count.values()) == 3


def test_high_risks_show_on_the_overview(stack, pmc, pid):
    risk(pmc, pid, title="Big one", probability="5", impact="3")
    risk(pmc, pid, title="Small one", probability="2", impact="2")
    doc = pmc.get_xml(f"/projects/{pid}").xml()
    assert doc.xpath("/page/risk-summary/risk/@title") == ["Big one"]
    assert "Big one" in pmc.get(f"/projects/{pid}").text


def test_closed_risk_leaves_the_overview_and_the_heat_map(stack, pmc, pid):
    risk(pmc, pid, title="Big one", probability="5", impact="5")
    rid = last(stack, "risks", pid)
    r = pmc.post(f"/risks/{rid}", {"title": "Big one", "probability": "5", "impact": "5", "status": "closed"})
    assert r.status == 303
    doc = pmc.get_xml(f"/projects/{pid}").xml()
    assert doc.xpath("/page/risk-summary/risk") == []
    assert sum(int(x) for x in doc.xpath("/page/risk-summary/heatmap/cell/@count")) == 0


@pytest.mark.parametrize("field,value", [("probability", "0"), ("probability", "6"), ("impact", "x"),
                                         ("impact", ""), ("title", "")])
def test_bad_risk_values_are_422(stack, pmc, pid, field, value):
    r = risk(pmc, pid, **{field: value})
    assert r.status == 422
    assert field in form_errors(r, "risk")
    assert stack.scalar(f"SELECT COUNT(*) FROM risks WHERE project_id = {pid}") == "0"


def test_risk_owner_not_on_the_project_is_422(stack, pmc, pid):
    r = risk(pmc, pid, owner_id=str(TOM_ID))
    assert r.status == 422
    assert "member of this project" in form_errors(r, "risk")["owner_id"]


def test_risk_owner_of_a_foreign_id_is_422(stack, pmc, pid):
    r = risk(pmc, pid, owner_id="99999999")
    assert r.status == 422 and "owner_id" in form_errors(r, "risk")


def test_bad_risk_status_is_422(stack, pmc, pid):
    risk(pmc, pid)
    rid = last(stack, "risks", pid)
    r = pmc.post(f"/risks/{rid}", {"title": "x", "probability": "1", "impact": "1", "status": "gone"}, headers=XML)
    assert r.status == 422
    assert "status" in form_errors(r, f"risk-{rid}")


def test_member_cannot_add_risks(stack, member, pid):
    assert member.post(f"/projects/{pid}/risks", {"title": "x", "probability": "1", "impact": "1"}).status == 403


# --- change requests ------------------------------------------------------------------

def test_change_is_created_as_a_draft(stack, pmc, pid):
    assert change(pmc, pid).status == 303
    cid = last(stack, "change_requests", pid)
    assert stack.sql(f"SELECT status, impact_days, impact_minutes, impact_amount FROM change_requests WHERE id = {cid}") == \
        [("draft", "10", "1200", "150050")]


def propose(c, cid):
    assert c.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303


def test_approval_moves_the_due_date_and_budget(stack, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    propose(pmc, cid)
    assert pmc.post(f"/changes/{cid}/status", {"status": "approved", "note": "OK by client"}).status == 303
    assert stack.sql(f"SELECT due_date, budget_minutes, budget_amount FROM projects WHERE id = {pid}") == \
        [("2026-07-10", str(6000 + 1200), str(1000000 + 150050))]


def test_approval_keeps_the_history(stack, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    propose(pmc, cid)
    pmc.post(f"/changes/{cid}/status", {"status": "approved"})
    assert stack.sql(f"SELECT status, old_due_date, new_due_date, old_budget_minutes, old_budget_amount,"
                     f" decided_by FROM change_requests WHERE id = {cid}") == \
        [("approved", "2026-06-30", "2026-07-10", "6000", "1000000", "2")]


def test_decision_emits_change_decided(stack, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    propose(pmc, cid)
    pmc.post(f"/changes/{cid}/status", {"status": "rejected", "note": "Not now"})
    ev = events(stack, pid, "change.decided")
    assert len(ev) == 1 and ev[0]["data"]["decision"] == "rejected" and ev[0]["data"]["change"]["id"] == cid


def test_rejection_leaves_the_project_alone(stack, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    propose(pmc, cid)
    pmc.post(f"/changes/{cid}/status", {"status": "rejected"})
    assert stack.sql(f"SELECT due_date, budget_minutes FROM projects WHERE id = {pid}") == [("2026-06-30", "6000")]


def test_a_draft_cannot_be_approved(stack, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    r = pmc.post(f"/changes/{cid}/status", {"status": "approved"}, headers=XML)
    assert r.status == 422
    assert "propose it first" in form_errors(r, f"change-{cid}")["status"]
    assert stack.scalar(f"SELECT due_date FROM projects WHERE id = {pid}") == "2026-06-30"
    assert events(stack, pid, "change.decided") == []


def test_a_decided_change_cannot_be_decided_again(stack, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    propose(pmc, cid)
    pmc.post(f"/changes/{cid}/status", {"status": "approved"})
    r = pmc.post(f"/changes/{cid}/status", {"status": "approved"}, headers=XML)
    assert r.status == 422
    assert stack.scalar(f"SELECT due_date FROM projects WHERE id = {pid}") == "2026-07-10"


def test_approval_before_the_start_is_422(stack, pmc, pid):
    change(pmc, pid, impact_days="-200")
    cid = last(stack, "change_requests", pid)
    propose(pmc, cid)
    r = pmc.post(f"/changes/{cid}/status", {"status": "approved"}, headers=XML)
    assert r.status == 422
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"


@pytest.mark.parametrize("field,value", [("impact_days", "ten"), ("impact_days", "99999"),
                                         # issue 10 item 10: negatives are allowed down to a budget of 0
                                         ("impact_amount", "-10000.01"), ("impact_hours", "1.234"), ("title", "")])
def test_bad_change_values_are_422(stack, pmc, pid, field, value):
    r = change(pmc, pid, **{field: value})
    assert r.status == 422
    assert field in form_errors(r, "change")
    assert stack.scalar(f"SELECT COUNT(*) FROM change_requests WHERE project_id = {pid}") == "0"


def test_bad_decision_is_422(stack, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    assert pmc.post(f"/changes/{cid}/status", {"status": "draft"}, headers=XML).status == 422


def test_member_cannot_decide(stack, member, pmc, pid):
    change(pmc, pid)
    cid = last(stack, "change_requests", pid)
    assert member.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 403


def test_unknown_change_is_404(stack, pmc):
    assert pmc.post("/changes/99999999/status", {"status": "proposed"}).status == 404


def test_changes_page_lists_the_demo_history(stack, pmc):
    doc = pmc.get_xml("/projects/1/changes").xml()
    assert "Store finder filters" in doc.xpath("/page/changes/change/@title")
