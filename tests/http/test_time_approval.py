"""Week approval: open → submitted → approved (or rejected back to open with a note).

The approver is the PM of each project the time is on; an admin approves anything.
A submitted week is locked for its owner; approved entries are locked; an entry added
to an approved week arrives submitted and puts the week back to submitted.
time.week_approved goes to the outbox in the transaction of the approval."""
import json

import pytest

from time_helpers import (  # noqa: F401 (fixtures)
    lenac,
    MEMBER_ID, XML, day, form_errors, fresh_week, log, project_with)

YEAR = 2032
LENA_ID = 4   # lena@demo.test, a PM


@pytest.fixture(scope="module")
def pid(stack, pmc):
    return project_with(stack, pmc, MEMBER_ID)


def statuses(stack, mon):
    return sorted({r[0] for r in stack.sql(f"SELECT status FROM time_entries WHERE user_id = {MEMBER_ID}"
                                           f" AND week_start = '{mon}'")})


def week_status(stack, mon):
    return stack.scalar(f"SELECT status FROM time_weeks WHERE user_id = {MEMBER_ID} AND week_start = '{mon}'")


def submitted_week(stack, memberc, pid, hours="2"):
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 0), hours).status == 303
    assert memberc.post("/time/submit", {"week": week}).status == 303
    return week, mon


def decide(c, week, decision, note=None, uid=MEMBER_ID, **kw):
    d = {"user_id": str(uid), "week": week, "decision": decision}
    if note is not None:
        d["note"] = note
    return c.post("/time/approvals", d, **kw)


# --- submitting ---------------------------------------------------------------------------

def test_submit_marks_the_entries_and_the_week(stack, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert statuses(stack, mon) == ["submitted"]
    assert week_status(stack, mon) == "submitted"


def test_submit_of_an_empty_week_is_422(stack, memberc):
    week, mon = fresh_week(YEAR)
    assert memberc.post("/time/submit", {"week": week}).status == 422
    assert week_status(stack, mon) is None


def test_submit_twice_is_422(stack, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert memberc.post("/time/submit", {"week": week}).status == 422


def test_submit_with_a_bad_week_is_422(stack, memberc):
    assert memberc.post("/time/submit", {"week": "next week"}).status == 422


def test_entry_in_a_submitted_week_is_422_locked(stack, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    r = memberc.post("/time/entries", {"project_id": str(pid), "work_date": day(mon, 1), "hours": "1"},
                     headers=XML)
    assert r.status == 422
    assert "locked" in " ".join(form_errors(r, "entry"))
    assert int(stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE user_id = {MEMBER_ID}"
                            f" AND week_start = '{mon}'")) == 1


def test_grid_of_a_submitted_week_is_422(stack, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert memberc.post("/time/grid", {"week": week, f"m-{pid}-0-2": "1"}).status == 422
    assert int(stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE user_id = {MEMBER_ID}"
                            f" AND week_start = '{mon}'")) == 1


def test_submitted_entry_cannot_be_edited(stack, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    eid = stack.scalar(f"SELECT id FROM time_entries WHERE user_id = {MEMBER_ID} AND week_start = '{mon}'")
    assert memberc.post(f"/time/entries/{eid}", {"hours": "1"}).status == 422
    assert memberc.post(f"/time/entries/{eid}/delete").status == 422


# --- the approvals page ----------------------------------------------------------------------

def test_approvals_lists_waiting_weeks_with_hours_per_project(stack, pmc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid, hours="3:30")
    doc = pmc.get_xml("/time/approvals").xml()
    w = doc.xpath("/page/waiting[@user-id=$u][@week=$w]", u=str(MEMBER_ID), w=week)
    assert len(w) == 1
    assert w[0].xpath("string(project[@project-id=$p]/@minutes)", p=str(pid)) == "210"


def test_approvals_show_only_the_approvers_projects(stack, lenac, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    doc = lenac.get_xml("/time/approvals").xml()
    assert not doc.xpath("/page/waiting[@week=$w]", w=week)


def test_approvals_flag_unusual_entries(stack, pmc, memberc, pid):
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 1), "10:30")             # over 10 h
    log(memberc, pid, day(mon, 5), "1")                 # Saturday
    log(memberc, pid, day(mon, 2), "1", billable=False)  # non-billable on a billable project
    log(memberc, pid, day(mon, 3), "2")                 # ordinary
    memberc.post("/time/submit", {"week": week})
    doc = pmc.get_xml("/time/approvals").xml()
    flags = doc.xpath("/page/flags/entry[@week-start=$m]", m=mon.isoformat())
    by_date = {f.get("work-date"): f for f in flags}
    assert by_date[day(mon, 1)].get("long-day") == "1"
    assert by_date[day(mon, 5)].get("weekend") == "1"
    assert by_date[day(mon, 2)].get("non-billable") == "1"
    assert day(mon, 3) not in by_date


def test_member_cannot_see_approvals(stack, memberc):
    assert memberc.get("/time/approvals").status == 403


def test_member_cannot_approve(stack, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert decide(memberc, week, "approve").status == 403
    assert statuses(stack, mon) == ["submitted"]


# --- deciding ---------------------------------------------------------------------------------

def test_pm_approves_the_week_and_the_event_is_written(stack, pmc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert decide(pmc, week, "approve").status == 303
    assert statuses(stack, mon) == ["approved"]
    assert week_status(stack, mon) == "approved"
    rows = stack.sql("SELECT payload FROM outbox WHERE type = 'time.week_approved' ORDER BY id DESC LIMIT 5")
    data = [json.loads(r[0])["data"] for r in rows]
    assert any(d["week"] == week and d["user_id"] == MEMBER_ID and d["minutes"] == 120 for d in data)


def test_pm_of_another_project_cannot_approve(stack, lenac, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert decide(lenac, week, "approve").status == 422
    assert statuses(stack, mon) == ["submitted"]


def test_admin_can_approve_anything(stack, adminc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert decide(adminc, week, "approve").status == 303
    assert statuses(stack, mon) == ["approved"]


def test_each_pm_approves_their_own_part(stack, pmc, lenac, memberc, pid):
    lena_project = project_with(stack, pmc, MEMBER_ID, pm_id=str(LENA_ID))
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1")
    log(memberc, lena_project, day(mon, 1), "2")
    memberc.post("/time/submit", {"week": week})
    before = int(stack.scalar("SELECT COUNT(*) FROM outbox WHERE type = 'time.week_approved'"))
    assert decide(pmc, week, "approve").status == 303
    assert statuses(stack, mon) == ["approved", "submitted"]
    assert week_status(stack, mon) == "submitted"
    assert int(stack.scalar("SELECT COUNT(*) FROM outbox WHERE type = 'time.week_approved'")) == before
    assert decide(lenac, week, "approve").status == 303
    assert week_status(stack, mon) == "approved"
    assert int(stack.scalar("SELECT COUNT(*) FROM outbox WHERE type = 'time.week_approved'")) == before + 1


def test_reject_needs_a_note(stack, pmc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert decide(pmc, week, "reject").status == 422
    assert statuses(stack, mon) == ["submitted"]


def test_reject_reopens_the_week_with_the_note(stack, pmc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert decide(pmc, week, "reject", note="Split the workshop hours by task").status == 303
    assert statuses(stack, mon) == ["open"]
    assert week_status(stack, mon) == "open"
    doc = memberc.get_xml(f"/time?week={week}").xml()
    assert doc.xpath("string(/page/week/@note)") == "Split the workshop hours by task"
    assert log(memberc, pid, day(mon, 1), "1").status == 303    # editable again


def test_unknown_decision_is_422(stack, pmc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    assert decide(pmc, week, "maybe").status == 422


def test_decision_on_a_week_with_nothing_waiting_is_422(stack, pmc):
    week, mon = fresh_week(YEAR)
    assert decide(pmc, week, "approve").status == 422


def test_decision_with_a_bad_week_is_422(stack, pmc):
    assert decide(pmc, "W12", "approve").status == 422


def test_approved_entries_are_locked(stack, pmc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    decide(pmc, week, "approve")
    eid = stack.scalar(f"SELECT id FROM time_entries WHERE user_id = {MEMBER_ID} AND week_start = '{mon}'")
    assert memberc.post(f"/time/entries/{eid}", {"hours": "9"}).status == 422
    assert memberc.post(f"/time/entries/{eid}/delete").status == 422
    assert memberc.post("/time/grid", {"week": week, f"m-{pid}-0-0": "9"}).status == 422
    assert int(stack.scalar(f"SELECT minutes FROM time_entries WHERE id = {eid}")) == 120


def test_entry_added_to_an_approved_week_goes_back_to_submitted(stack, pmc, memberc, pid):
    week, mon = submitted_week(stack, memberc, pid)
    decide(pmc, week, "approve")
    assert log(memberc, pid, day(mon, 3), "1").status == 303
    assert statuses(stack, mon) == ["approved", "submitted"]
    assert week_status(stack, mon) == "submitted"
    doc = pmc.get_xml("/time/approvals").xml()
    w = doc.xpath("/page/waiting[@user-id=$u][@week=$w]", u=str(MEMBER_ID), w=week)
    assert w and w[0].xpath("string(project/@minutes)") == "60"
