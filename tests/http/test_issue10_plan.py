"""Issue 10, planning and change requests: item 9 (an approved change shifts the plan from a
date, by its days, in the deciding transaction), item 10 (negative impacts with a budget
floor, checked when saved and again when approved), item 13 (team, new project from a
client, the plan page's order) and item 19 (stage notes internal unless the PM shows them)."""
import hashlib
import json

import pytest

from conftest import XML, anon, form_state, max_id, unique
from fakes import fast_settings
from plan_helpers import PM_ID, MEMBER_ID, TOM_ID, add_member, milestone, new_project, task
from test_approvals import JORDAN, decide
from test_change_approvals import approval_of, ask, link_for


@pytest.fixture(scope="module", autouse=True)
def fast(stack):
    fast_settings(stack)


def change(pmc, stack, pid, propose=True, **kw):
    """A change request on pid (proposed unless told), its id."""
    d = {"title": unique("Change"), "impact_days": "0", "impact_hours": "0", "impact_amount": "0"}
    d.update(kw)
    r = pmc.post(f"/projects/{pid}/changes", d)
    assert r.status == 303, r
    cid = int(stack.scalar(f"SELECT MAX(id) FROM change_requests WHERE project_id = {pid}"))
    if propose:
        assert pmc.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303
    return cid


def project_row(stack, pid):
    return stack.sql(f"SELECT due_date, budget_minutes, budget_amount FROM projects WHERE id = {pid}")[0]


def dates(stack, table, ids):
    col = "start_date, due_date" if table == "tasks" else "due_date"
    return {int(r[0]): r[1:] for r in
            stack.sql(f"SELECT id, {col} FROM {table} WHERE id IN ({','.join(map(str, ids))})")}


def counts(stack, pid):
    """What a refused write must leave alone."""
    return (stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}"),
            stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}"),
            stack.sql(f"SELECT id, due_date FROM milestones WHERE project_id = {pid} ORDER BY id"),
            stack.sql(f"SELECT id, start_date, due_date FROM tasks WHERE project_id = {pid} ORDER BY id"))


# ------------------------------------------------------------ item 10: negative impacts


def test_item10_negative_impacts_saved_and_shown_with_a_sign(stack, pmc):
    pid = new_project(pmc, stack)   # 100 h, €10,000.00
    cid = change(pmc, stack, pid, propose=False, impact_days="-3", impact_hours="-8",
                 impact_amount="-1200.00")
    assert stack.sql(f"SELECT impact_days, impact_minutes, impact_amount FROM change_requests"
                     f" WHERE id = {cid}") == [("-3", "-480", "-120000")]
    # the typographic minus sign people copy from the page is read too
    c2 = change(pmc, stack, pid, propose=False, impact_hours="−1.5")
    assert stack.scalar(f"SELECT impact_minutes FROM change_requests WHERE id = {c2}") == "-90"
    html = pmc.get(f"/projects/{pid}/changes").html()
    card = html.xpath(f"//section[.//form[@action='/changes/{cid}/status']]")[0]
    assert card.xpath("string(.//span[@class='impact-days'])") == "−3 days"
    assert card.xpath("string(.//span[@class='impact-hours'])") == "−8:00 h"
    assert card.xpath("string(.//span[@class='impact-amount'])") == "−€1,200.00"
    # a positive impact carries its "+" too
    c3 = change(pmc, stack, pid, propose=False, impact_hours="2", impact_amount="50")
    card = pmc.get(f"/projects/{pid}/changes").html().xpath(
        f"//section[.//form[@action='/changes/{c3}/status']]")[0]
    assert card.xpath("string(.//span[@class='impact-hours'])") == "+2:00 h"
    assert card.xpath("string(.//span[@class='impact-amount'])") == "+€50.00"


def test_item10_negative_change_below_zero_budget_422_values_kept_nothing_written(stack, pmc):
    pid = new_project(pmc, stack)   # 100 h, €10,000.00
    before = max_id(stack, "change_requests")
    for field, value, other in (("impact_hours", "-100.25", "impact_amount"),
                                ("impact_amount", "-10000.01", "impact_hours")):
        body = {"title": "Drop the blog", "impact_days": "-2", "impact_hours": "0",
                "impact_amount": "0", "csrf": pmc.csrf()}
        body[field] = value
        r = pmc.request("POST", f"/projects/{pid}/changes", body=body, headers=XML)
        assert r.status == 422, r
        values, errors = form_state(r, "change")
        assert values[field] == value and values["title"] == "Drop the blog"
        assert values["impact_days"] == "-2"
        assert "below zero" in errors[field] and other not in errors
    assert max_id(stack, "change_requests") == before
    # exactly down to zero is allowed
    cid = change(pmc, stack, pid, propose=False, impact_hours="-100", impact_amount="-10000")
    assert stack.scalar(f"SELECT impact_minutes FROM change_requests WHERE id = {cid}") == "-6000"
    # the project's own budget fields stay non-negative
    r = pmc.request("POST", f"/projects/{pid}", headers=XML, body={
        "client_id": stack.scalar(f"SELECT client_id FROM projects WHERE id = {pid}"), "name": "X",
        "budget_hours": "-5", "currency": "EUR", "csrf": pmc.csrf()})
    assert r.status == 422 and "budget_hours" in form_state(r, "project")[1]


def test_item10_approved_credit_reduces_the_budget(stack, pmc):
    pid = new_project(pmc, stack)
    cid = change(pmc, stack, pid, impact_hours="-8", impact_amount="-1200")
    r = pmc.post(f"/changes/{cid}/status", {"status": "approved"})
    assert r.status == 303, r
    assert project_row(stack, pid)[1:] == ("5520", "880000")
    assert stack.sql(f"SELECT status, old_budget_minutes, old_budget_amount FROM change_requests"
                     f" WHERE id = {cid}") == [("approved", "6000", "1000000")]
    ev = [json.loads(p)["data"] for (p,) in stack.sql(
        f"SELECT payload FROM outbox WHERE project_id = {pid} AND type = 'change.decided'")]
    assert ev[-1]["change"]["impact_minutes"] == -480 and ev[-1]["change"]["impact_amount"] == -120000


def test_item10_approval_rechecks_the_floor_in_the_transaction(stack, pmc, acmec):
    """Two reductions each fine alone: the second approval is refused on the locked row,
    whichever place decides it (staff, portal, e-mail link), and nothing is written."""
    pid = new_project(pmc, stack, client_id=1)   # Acme, 100 h
    first = change(pmc, stack, pid, impact_hours="-60")
    second = change(pmc, stack, pid, impact_hours="-60")
    assert pmc.post(f"/changes/{first}/status", {"status": "approved"}).status == 303
    assert project_row(stack, pid)[1] == "2400"
    snap = counts(stack, pid), project_row(stack, pid)
    # staff
    r = pmc.request("POST", f"/changes/{second}/status", headers=XML,
                    body={"status": "approved", "note": "ok", "csrf": pmc.csrf()})
    assert r.status == 422, r
    values, errors = form_state(r, f"change-{second}")
    assert "hours budget below zero" in errors["status"] and values["note"] == "ok"
    # the client in the portal
    r = acmec.request("POST", f"/portal/changes/{second}", headers=XML,
                      body={"decision": "approved", "csrf": acmec.csrf()})
    assert r.status == 422, r
    assert "below zero" in form_state(r, f"change-{second}")[1]["decision"]
    # the client from the e-mail link
    r, n = ask(stack, pmc, second)
    assert r.status == 303
    link, _ = link_for(stack, JORDAN, n)
    snap = counts(stack, pid), project_row(stack, pid)
    aid = approval_of(stack, second)
    r = decide(anon(stack), link)
    assert r.status == 409 and "below zero" in r.text
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == "0"
    assert (counts(stack, pid), project_row(stack, pid)) == snap
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {second}") == "proposed"
    # rejecting it is still possible
    assert pmc.post(f"/changes/{second}/status", {"status": "rejected"}).status == 303


# ------------------------------------------------------------ item 9: the plan shifts


def plan_of(pmc, stack, pid):
    """Milestones and tasks around 2026-05-01 (project 2026-03-02 .. 2026-06-30)."""
    ids = {
        "m_before": milestone(pmc, stack, pid, due="2026-04-15", visible=True),
        "m_after": milestone(pmc, stack, pid, due="2026-05-15", visible=True),
        "m_reached": milestone(pmc, stack, pid, due="2026-05-20"),
        "t_before": task(pmc, stack, pid, start_date="2026-04-06", due_date="2026-04-10"),
        "t_after": task(pmc, stack, pid, start_date="2026-05-04", due_date="2026-05-20"),
        "t_done": task(pmc, stack, pid, start_date="2026-05-04", due_date="2026-05-25"),
    }
    assert pmc.post(f"/milestones/{ids['m_reached']}/reached", {}).status == 303
    assert pmc.post(f"/tasks/{ids['t_done']}/status", {"status": "done"}).status == 303
    return ids


def test_item09_staff_approval_shifts_milestones_and_tasks_from_the_date(stack, pmc):
    pid = new_project(pmc, stack)
    other = new_project(pmc, stack)
    ids = plan_of(pmc, stack, pid)
    oids = plan_of(pmc, stack, other)
    other_before = counts(stack, other), project_row(stack, other)
    cid = change(pmc, stack, pid, impact_days="10", shift_from="2026-05-01")
    page = pmc.get(f"/projects/{pid}/changes").text
    assert "due on or after" in page
    r = pmc.post(f"/changes/{cid}/status", {"status": "approved"})
    assert r.status == 303, r
    assert project_row(stack, pid)[0] == "2026-07-10"
    ms = dates(stack, "milestones", [ids["m_before"], ids["m_after"], ids["m_reached"]])
    assert ms == {ids["m_before"]: ("2026-04-15",), ids["m_after"]: ("2026-05-25",),
                  ids["m_reached"]: ("2026-05-20",)}
    ts = dates(stack, "tasks", [ids["t_before"], ids["t_after"], ids["t_done"]])
    assert ts == {ids["t_before"]: ("2026-04-06", "2026-04-10"),
                  ids["t_after"]: ("2026-05-14", "2026-05-30"),
                  ids["t_done"]: ("2026-05-04", "2026-05-25")}
    assert stack.sql(f"SELECT shifted_milestones, shifted_tasks FROM change_requests WHERE id = {cid}") \
        == [("1", "1")]
    note = stack.scalar(f"SELECT note FROM activity WHERE project_id = {pid}"
                        f" AND kind = 'tasks_rescheduled' ORDER BY id DESC LIMIT 1")
    assert "1 milestone and 1 task" in note and "+10 days" in note
    # nothing of the other project moved
    assert (counts(stack, other), project_row(stack, other)) == other_before
    assert oids
    # the Gantt shows the milestone at its new date; the changes page says what moved
    g = pmc.get_xml(f"/projects/{pid}/gantt").xml()
    assert g.xpath("count(//gantt/rows/group[@due-date='2026-05-25'])") == 1
    assert g.xpath("count(//gantt/rows/group[@due-date='2026-05-15'])") == 0
    ch = g.xpath(f"//gantt/changes/change[@id={cid}]")[0]
    assert (ch.get("shift-from"), ch.get("shifted-milestones"), ch.get("shifted-tasks")) == \
        ("2026-05-01", "1", "1")
    html = pmc.get(f"/projects/{pid}/changes").html()
    assert "Moved 1 milestone(s) and 1 task(s)" in " ".join(
        html.xpath("string(//dd[@class='change-shift'])").split())


def test_item09_negative_days_shift_earlier_when_the_client_approves_in_the_portal(stack, pmc, acmec):
    pid = new_project(pmc, stack, client_id=1)
    ids = plan_of(pmc, stack, pid)
    cid = change(pmc, stack, pid, impact_days="-5", impact_hours="-10", shift_from="2026-05-01")
    # the client sees the signed impact and the shift before deciding
    html = acmec.get(f"/portal/projects/{pid}").text
    assert "−5 days" in html and "−10:00 h" in html and "move with it" in html
    r = acmec.post(f"/portal/changes/{cid}", {"decision": "approved"})
    assert r.status == 303, r
    assert project_row(stack, pid)[:2] == ("2026-06-25", "5400")
    assert dates(stack, "milestones", [ids["m_after"], ids["m_before"]]) == {
        ids["m_after"]: ("2026-05-10",), ids["m_before"]: ("2026-04-15",)}
    assert dates(stack, "tasks", [ids["t_after"]]) == {ids["t_after"]: ("2026-04-29", "2026-05-15")}


def test_item09_email_link_approval_shifts_the_plan_too(stack, pmc):
    pid = new_project(pmc, stack, client_id=1)
    ids = plan_of(pmc, stack, pid)
    cid = change(pmc, stack, pid, impact_days="7", shift_from="2026-05-15")
    r, n = ask(stack, pmc, cid)
    assert r.status == 303
    link, _ = link_for(stack, JORDAN, n)
    # the contact is shown the shift, and it is part of what the audit record's hash covers
    assert "move with it" in anon(stack).get(link).text
    assert decide(anon(stack), link).status == 303
    assert dates(stack, "milestones", [ids["m_after"]]) == {ids["m_after"]: ("2026-05-22",)}
    assert dates(stack, "tasks", [ids["t_after"]]) == {ids["t_after"]: ("2026-05-11", "2026-05-27")}
    t, days, mins, amt = stack.sql(f"SELECT title, impact_days, impact_minutes, impact_amount"
                                   f" FROM change_requests WHERE id = {cid}")[0]
    text = (f"tandem change request v1\nimpact-days: {days}\nimpact-minutes: {mins}\n"
            f"impact-amount: {amt} EUR\nshift-from: 2026-05-15\ntitle: {t}\ndescription: \n")
    assert stack.scalar(f"SELECT version_sha256 FROM approval_decisions WHERE approval_id ="
                        f" {approval_of(stack, cid)}") == hashlib.sha256(text.encode()).hexdigest()
    data = json.loads(stack.sql(f"SELECT payload FROM outbox WHERE project_id = {pid}"
                                f" AND type = 'change.decided'")[-1][0])["data"]
    assert data["change"]["shift_from"] == "2026-05-15"
    assert data["shifted"] == {"milestones": 1, "tasks": 1}


def test_item09_nothing_passes_the_new_due_date_silently(stack, pmc):
    """An earlier due date without a shift that would strand open work after it is refused;
    with a shift date it goes through; a shift date without days is a form error."""
    pid = new_project(pmc, stack, due="2026-06-30")
    m = milestone(pmc, stack, pid, due="2026-06-28")
    cid = change(pmc, stack, pid, impact_days="-5")
    snap = counts(stack, pid), project_row(stack, pid)
    r = pmc.request("POST", f"/changes/{cid}/status", headers=XML,
                    body={"status": "approved", "csrf": pmc.csrf()})
    assert r.status == 422, r
    assert "after the new due date 2026-06-25" in form_state(r, f"change-{cid}")[1]["status"]
    assert (counts(stack, pid), project_row(stack, pid)) == snap
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"
    # a shift date without days
    r = pmc.request("POST", f"/projects/{pid}/changes", headers=XML, body={
        "title": "Shift", "impact_days": "0", "shift_from": "2026-06-01", "csrf": pmc.csrf()})
    assert r.status == 422 and "shift_from" in form_state(r, "change")[1]
    assert form_state(r, "change")[0]["shift_from"] == "2026-06-01"
    # with a shift date the same change goes through and the milestone stays before the due date
    c2 = change(pmc, stack, pid, impact_days="-5", shift_from="2026-06-01")
    assert pmc.post(f"/changes/{cid}/status", {"status": "rejected"}).status == 303
    assert pmc.post(f"/changes/{c2}/status", {"status": "approved"}).status == 303
    assert project_row(stack, pid)[0] == "2026-06-25"
    assert dates(stack, "milestones", [m]) == {m: ("2026-06-23",)}


# ------------------------------------------------------------ item 13: plan and forms


def test_item13_add_member_lists_only_staff_not_on_the_team(stack, pmc):
    pid = new_project(pmc, stack)
    add_member(pmc, pid, MEMBER_ID)
    page = pmc.get_xml(f"/projects/{pid}/tasks").xml()
    offered = {int(x) for x in page.xpath("/page/staff/user/@id")}
    assert PM_ID not in offered and MEMBER_ID not in offered and TOM_ID in offered
    html = pmc.get(f"/projects/{pid}/tasks").html()
    opts = {int(x) for x in html.xpath("//select[@id='member-user_id']/option[@value!='']/@value")}
    assert opts == offered


def test_item13_plan_page_puts_team_and_milestones_before_tasks(stack, pmc):
    pid = new_project(pmc, stack)
    text = pmc.get(f"/projects/{pid}/tasks").text
    assert 0 < text.index('id="mem-h"') < text.index('id="nm-h"') < text.index('id="nt-h"')


def test_item13_new_project_from_a_client_preselects_it(stack, pmc):
    r = pmc.request("POST", "/clients", body={"name": unique("Preset client"), "cadence": "weekly",
                                              "csrf": pmc.csrf()})
    cl = int(r.header("location").rsplit("/", 1)[1])
    html = pmc.get(f"/clients/{cl}").html()
    assert html.xpath(f"count(//a[@href='/projects/new?client_id={cl}'])") >= 1
    html = pmc.get(f"/projects/new?client_id={cl}").html()
    assert html.xpath("//select[@id='project-client_id']/option[@selected]/@value") == [str(cl)]
    # an unknown or malformed id preselects nothing, without an error
    for bad in ("99999999", "abc", "-1", "0"):
        r = pmc.get(f"/projects/new?client_id={bad}")
        assert r.status == 200, (bad, r)
        assert r.html().xpath("//select[@id='project-client_id']/option[@selected]/@value") == []


# ------------------------------------------------------------ item 19: stage notes


def test_item19_stage_note_is_internal_by_default(stack, pmc, acmec):
    pid = new_project(pmc, stack, client_id=1)
    secret = unique("Margin is thin")
    form = pmc.get(f"/projects/{pid}").html().xpath("//input[@id='stage-client_visible']")
    assert form and form[0].get("checked") is None
    assert "the note stays with the team" in pmc.get(f"/projects/{pid}").text
    r = pmc.post(f"/projects/{pid}/stage", {"stage": "planning", "note": secret})
    assert r.status == 303, r
    assert stack.sql(f"SELECT client_visible, note_internal, to_value FROM activity WHERE project_id = {pid}"
                     f" AND kind = 'stage'") == [("1", "1", "planning")]
    # the client sees the stage change, not the note: portal page, its XML, the portal home
    doc = acmec.get_xml(f"/portal/projects/{pid}").xml()
    assert doc.xpath("count(/page/activity-list/activity[@kind='stage'][@to='planning'])") == 1
    assert doc.xpath("count(/page/activity-list/activity[@kind='stage']/@note)") == 0
    for path in (f"/portal/projects/{pid}?format=xml", f"/portal/projects/{pid}", "/portal?format=xml",
                 "/portal"):
        assert secret not in acmec.get(path).text, path
    # the webhook payload carries no note, and says one was kept internal
    (payload,) = stack.sql(f"SELECT payload FROM outbox WHERE project_id = {pid}"
                           f" AND type = 'project.stage_changed'")[0]
    data = json.loads(payload)["data"]
    assert secret not in payload and data["note_internal"] is True and data["to"] == "planning"
    # staff still read it, marked internal
    html = pmc.get(f"/projects/{pid}").text
    assert secret in html and "Internal note" in html


def test_item19_stage_note_shown_when_the_pm_ticks_it(stack, pmc, acmec):
    pid = new_project(pmc, stack, client_id=1)
    note = unique("Kick-off went well")
    r = pmc.post(f"/projects/{pid}/stage", {"stage": "planning", "note": note, "client_visible": "1"})
    assert r.status == 303, r
    doc = acmec.get_xml(f"/portal/projects/{pid}").xml()
    assert doc.xpath("string(/page/activity-list/activity[@kind='stage']/@note)") == note
    (payload,) = stack.sql(f"SELECT payload FROM outbox WHERE project_id = {pid}"
                           f" AND type = 'project.stage_changed'")[0]
    data = json.loads(payload)["data"]
    assert data["note"] == note and "note_internal" not in data
    # another client never sees it
    other = new_project(pmc, stack)
    assert acmec.get(f"/portal/projects/{other}").status == 404
