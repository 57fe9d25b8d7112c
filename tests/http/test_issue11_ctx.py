"""Issue 11, domain context: the domain functions moved out of the handlers, driven through
their callers that are not pages. HubSpot's won deal opens its project through
project_create (src/project.c), with the one project.created payload the staff form emits
too; an approval link decides its change request through change_decide (src/change.c), in
the approval's transaction, refusals leaving nothing written."""
import json

from conftest import anon, unique
from plan_helpers import new_project
from test_approvals import decide, in_days
from test_change_approvals import approval_of, ask, link_for, project_row
from test_inbound import hs, post_hook, project_of_deal, seed_deal, won_event  # noqa: F401
from fakes import wait_for

# the one payload of project.created, whoever opens the project (code and dates null when unset)
KEYS = {"id", "name", "code", "client_id", "start_date", "due_date", "budget_minutes", "budget_amount",
        "currency", "stage", "source"}


def created_events(stack, pid):
    rows = stack.sql(f"SELECT payload FROM outbox WHERE type = 'project.created' AND project_id = {pid}")
    return [json.loads(p)["data"]["project"] for (p,) in rows]


# ------------------------------------------------------------ project_create


def test_won_deal_opens_its_project_with_the_one_payload(hs, stack, client):  # noqa: F811
    d = seed_deal(hs, amount="4200.00")
    assert post_hook(client, stack, [won_event(d["deal_id"])]).status == 200
    p = wait_for(lambda: project_of_deal(stack, d["deal_id"]), what="the project")
    pid = int(p[0])
    ev = created_events(stack, pid)
    assert len(ev) == 1
    assert ev[0] == {"id": pid, "name": p[1], "code": None, "client_id": int(p[3]),
                     "start_date": None, "due_date": None, "budget_minutes": 0,
                     "budget_amount": 420000, "currency": "USD", "stage": "initiation",
                     "source": "hubspot"}
    # the activity line is nobody's (the CRM acted), and the client's to see
    rows = stack.sql(f"SELECT kind, to_value, note, user_id, client_visible FROM activity"
                     f" WHERE project_id = {pid}")
    assert rows == [("created", "initiation", "Deal won in HubSpot", "NULL", "1")]


def test_won_deal_sent_again_emits_no_second_event(hs, stack, client):  # noqa: F811
    d = seed_deal(hs)
    assert post_hook(client, stack, [won_event(d["deal_id"])]).status == 200
    pid = int(wait_for(lambda: project_of_deal(stack, d["deal_id"]), what="the project")[0])
    assert post_hook(client, stack, [won_event(d["deal_id"])]).status == 200
    wait_for(lambda: stack.scalar("SELECT COUNT(*) FROM hubspot_events WHERE state = 'new'") == "0",
             what="the second event handled")
    assert len(created_events(stack, pid)) == 1
    assert stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}") == "1"


def test_staff_form_emits_the_same_payload(stack, pmc):
    pid = new_project(pmc, stack, code="CTX-1", start="2026-03-02", due="2026-06-30")
    ev = created_events(stack, pid)
    assert len(ev) == 1
    assert set(ev[0]) == KEYS
    assert ev[0]["source"] == "tandem" and ev[0]["stage"] == "initiation"
    assert ev[0]["code"] == "CTX-1" and ev[0]["budget_minutes"] == 6000
    assert ev[0]["start_date"] == "2026-03-02" and ev[0]["due_date"] == "2026-06-30"


def test_staff_form_refused_emits_nothing(stack, pmc):
    before = stack.scalar("SELECT COUNT(*) FROM outbox WHERE type = 'project.created'")
    r = pmc.request("POST", "/projects", body={"client_id": "1", "name": "", "currency": "EUR",
                                               "csrf": pmc.csrf()})
    assert r.status == 422
    assert stack.scalar("SELECT COUNT(*) FROM outbox WHERE type = 'project.created'") == before


# ------------------------------------------------------------ change_decide


def change(stack, pmc, pid, hours="16", days="3"):
    r = pmc.post(f"/projects/{pid}/changes", {"title": unique("Ctx change"), "description": "d",
                                              "impact_days": days, "impact_hours": hours,
                                              "impact_amount": "0.00"})
    assert r.status == 303, r
    cid = int(stack.scalar(f"SELECT MAX(id) FROM change_requests WHERE project_id = {pid}"))
    assert pmc.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303
    return cid


def fresh(stack, pmc, adminc):
    """A project of a fresh client (the demo clients' project lists stay as other modules
    expect them) and a contact of that client with access approve: (pid, uid, email)."""
    pid = new_project(pmc, stack, start="2026-03-02", due="2027-03-31")
    client = int(stack.scalar(f"SELECT client_id FROM projects WHERE id = {pid}"))
    email = f"{unique('ctx')}@ctx.test"
    r = adminc.post(f"/clients/{client}/contacts", {"name": "Casey Ctx", "email": email,
                                                    "access": "approve"})
    assert r.status == 303, r
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
    return pid, uid, email


def asked(stack, pmc, pid, uid, email, **kw):
    cid = change(stack, pmc, pid, **kw)
    _, n = ask(stack, pmc, cid, contacts=(uid,), due=in_days(5))
    link, _ = link_for(stack, email, n)
    return cid, link


def test_link_approval_decides_as_the_contact(stack, pmc, adminc):
    pid, uid, email = fresh(stack, pmc, adminc)
    cid, link = asked(stack, pmc, pid, uid, email)
    assert decide(anon(stack), link, "approve", name="Casey Ctx", comment="Fine").status == 303
    assert stack.sql(f"SELECT status, decided_by, decision_note FROM change_requests WHERE id = {cid}") \
        == [("approved", str(uid), "Fine")]
    # the decision's activity line is the contact's (decided_by), not the nobody of the link
    assert stack.sql(f"SELECT user_id, client_visible FROM activity WHERE project_id = {pid}"
                     " AND kind = 'change_approved'") == [(str(uid), "1")]
    ev = [json.loads(p)["data"] for (p,) in stack.sql(
        f"SELECT payload FROM outbox WHERE type = 'change.decided' AND project_id = {pid}")]
    assert len(ev) == 1 and ev[0]["change"]["id"] == cid and ev[0]["decision"] == "approved"
    assert ev[0]["note"] == "Fine" and ev[0]["new_due_date"] == "2027-04-03"


def test_link_approval_refused_on_the_locked_row_writes_nothing(stack, pmc, adminc):
    pid, uid, email = fresh(stack, pmc, adminc)
    cid, link = asked(stack, pmc, pid, uid, email, hours="-16", days="0")
    # the budget shrinks after the change was saved: approving would go below zero
    stack.sql(f"UPDATE projects SET budget_minutes = 60 WHERE id = {pid}")
    before = project_row(stack, pid)
    r = decide(anon(stack), link, "approve", name="Casey Ctx")
    assert r.status == 409 and "hours budget below zero" in r.text
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "proposed"
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {approval_of(stack, cid, uid)}") == "pending"
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = "
                        f"{approval_of(stack, cid, uid)}") == "0"
    assert stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}"
                        " AND type IN ('change.decided', 'approval.decided')") == "0"
    assert project_row(stack, pid) == before


def test_link_on_a_change_decided_by_staff_is_409(stack, pmc, adminc):
    pid, uid, email = fresh(stack, pmc, adminc)
    cid, link = asked(stack, pmc, pid, uid, email)
    c = anon(stack)
    nonce = c.get(link + "?format=xml").xml().xpath("string(/page/approval/@nonce)")
    assert pmc.post(f"/changes/{cid}/status", {"status": "rejected", "note": "No"}).status == 303
    assert decide(c, link, "approve", name="Casey Ctx", nonce=nonce).status == 409
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {cid}") == "rejected"
    assert stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE type = 'change.decided'"
                        f" AND project_id = {pid}") == "1"


# ------------------------------------------------------------ project_set_stage / _health


def stage(pmc, pid, to, note=None, visible=None):
    body = {"stage": to}
    if note is not None:
        body["note"] = note
    if visible:
        body["client_visible"] = "1"
    return pmc.post(f"/projects/{pid}/stage", body)


def test_stage_to_execution_saves_the_baseline_in_the_change(stack, pmc):
    pid = new_project(pmc, stack, start="2026-03-02", due="2026-09-30")
    assert stack.scalar(f"SELECT baseline_at IS NULL FROM projects WHERE id = {pid}") == "1"
    assert stage(pmc, pid, "execution", note="Kick-off", visible=True).status == 303
    assert stack.sql(f"SELECT stage, baseline_due FROM projects WHERE id = {pid}") == [("execution", "2026-09-30")]
    ev = [json.loads(p)["data"] for (p,) in stack.sql(
        f"SELECT payload FROM outbox WHERE type = 'project.stage_changed' AND project_id = {pid}")]
    client = int(stack.scalar(f"SELECT client_id FROM projects WHERE id = {pid}"))
    assert ev == [{"project": {"id": pid, "name": ev[0]["project"]["name"], "client_id": client},
                   "from": "initiation", "to": "execution", "note": "Kick-off"}]


def test_stage_note_kept_internal_stays_out_of_the_event(stack, pmc):
    pid = new_project(pmc, stack)
    assert stage(pmc, pid, "planning", note="Budget talk").status == 303
    ev = json.loads(stack.scalar(f"SELECT payload FROM outbox WHERE type = 'project.stage_changed'"
                                 f" AND project_id = {pid}"))["data"]
    assert ev["note"] is None and ev["note_internal"] is True
    assert stack.sql(f"SELECT kind, note, note_internal, client_visible FROM activity"
                     f" WHERE project_id = {pid} AND kind = 'stage'") == [("stage", "Budget talk", "1", "1")]


def test_same_stage_or_health_writes_nothing(stack, pmc):
    pid = new_project(pmc, stack)
    n = stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}")
    a = stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}")
    assert stage(pmc, pid, "initiation").status == 303
    assert pmc.post(f"/projects/{pid}/health", {"health": "green"}).status == 303
    assert stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}") == n
    assert stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}") == a


def test_stage_of_an_unknown_project_is_404(stack, pmc):
    assert stage(pmc, 987654321, "planning").status == 404
    assert pmc.post("/projects/987654321/health", {"health": "red"}).status == 404


def test_health_change_is_an_internal_line_with_its_event(stack, pmc):
    pid = new_project(pmc, stack)
    assert pmc.post(f"/projects/{pid}/health", {"health": "amber", "note": "Slipping"}).status == 303
    assert stack.sql(f"SELECT from_value, to_value, note, client_visible FROM activity"
                     f" WHERE project_id = {pid} AND kind = 'health'") == [("green", "amber", "Slipping", "0")]
    ev = json.loads(stack.scalar(f"SELECT payload FROM outbox WHERE type = 'project.health_changed'"
                                 f" AND project_id = {pid}"))["data"]
    assert ev["from"] == "green" and ev["to"] == "amber" and ev["note"] == "Slipping"
