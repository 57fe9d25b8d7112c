"""Issue 13: the automations' engine, as a user meets it. Rules are written with the d_rule driver
(the pages are tested elsewhere); the events that trigger them are caused over HTTP the way a PM,
a member or a contact would cause them (stage and health changes, tasks done, milestones reached,
documents, approvals, changes, surveys, status reports, weeks approved, clients and projects
created); the outbox worker carries the runs out (each test waits for it, bounded); and every
effect is checked in the database: the rows the actions wrote, the rule_runs row and its log.

The module parks the test clock (the settings row clock_now, test_clock on) at CLOCK: "today" of
every run is TODAY, so relative dates are exact. The time triggers' subjects are dated around
TODAY; the worker scans every 5 s and the tests poll for it. Rules made by a test are deleted when
the test ends, so no rule outlives the test that made it (other modules never meet one)."""
import datetime
import json
import re
import subprocess
from collections import namedtuple

import pytest

from conftest import XML, anon, login_as, post_multipart, unique
from domain_util import count, run
from fakes import Receiver, create_endpoint, disable_endpoint, fast_settings, set_setting, wait_for
from time_helpers import day, fresh_week, log as log_hours

ADMIN, PM, MEMBER, LENA, TOM = 1, 2, 3, 4, 5      # the demo users
CLOCK = "2026-05-04 12:00:00"                      # the module's clock (in the past: no digest is due)
TODAY = datetime.date(2026, 5, 4)
YEAR = 2038                                        # the ISO weeks this module logs time in
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
SURVEY_LINK = re.compile(r"(/s/[0-9a-f]{64})")
SWITCHED_OFF = "the rule was switched off"

_made = []   # the rules made so far that still exist (deleted by own_rules and engine)


def days(n):
    """TODAY + n days, as the runs see it."""
    return (TODAY + datetime.timedelta(days=n)).isoformat()


def workdays(n):
    """TODAY + n working days (Monday to Friday: the test stack has no holidays), as a created
    task's dates count them (issue 16)."""
    d, step = TODAY, (1 if n >= 0 else -1)
    while d.weekday() >= 5:
        d += datetime.timedelta(days=step)
    for _ in range(abs(n)):
        d += datetime.timedelta(days=step)
        while d.weekday() >= 5:
            d += datetime.timedelta(days=step)
    return d.isoformat()


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module", autouse=True)
def engine(stack):
    """Fast retries (the outbox settings' retry_scale), loopback webhooks, and the clock parked at
    CLOCK; all put back (the clock as it was, the rules deleted) when the module ends."""
    fast_settings(stack)
    old = stack.scalar("SELECT value FROM settings WHERE name = 'clock_now'")
    set_setting(stack, "clock_now", CLOCK)
    yield
    drop_rules(stack, list(_made))
    _made.clear()
    if old is None:
        stack.sql("DELETE FROM settings WHERE name = 'clock_now'")
    else:
        set_setting(stack, "clock_now", old)


@pytest.fixture(autouse=True)
def own_rules(stack):
    """The rules a test makes live as long as the test."""
    start = len(_made)
    yield
    mine = _made[start:]
    del _made[start:]
    drop_rules(stack, mine)


def drop_rules(stack, ids):
    if ids:
        stack.sql(f"DELETE FROM rules WHERE id IN ({','.join(map(str, ids))})")


# ------------------------------------------------------------------ rules and runs

def spec(trigger, acts, cond=(), scope="project", scope_id=0, name=None, enabled=True, n_days=None):
    s = {"name": unique("Rule") if name is None else name, "enabled": enabled, "scope": scope,
         "scope_id": scope_id, "trigger": trigger, "cond": [list(c) for c in cond], "act": list(acts)}
    if n_days is not None:
        s["days"] = str(n_days)
    return s


def save(stack, trigger, acts, cond=(), scope="project", scope_id=0, name=None, actor=ADMIN,
         enabled=True, n_days=None):
    """A rule saved by actor through rule_save: its id."""
    out = run(stack, "rule", "save", 0, json.dumps(spec(trigger, acts, cond, scope, scope_id, name,
                                                        enabled, n_days)), actor=actor)
    assert out["rc"] == 0, out
    rid = int(out["id"])
    _made.append(rid)
    return rid


def problems(out):
    """{form field: message} of a refused save ('-' for the whole form)."""
    return dict(v.split(": ", 1) for k, v in out.items() if k.startswith("problem"))


def save_refused(stack, s, actor=ADMIN, rc=2):
    """Saving s is refused with rc and writes nothing: the problems."""
    before = count(stack, "SELECT COUNT(*) FROM rules")
    out = run(stack, "rule", "save", 0, json.dumps(s), actor=actor)
    assert out["rc"] == rc, out
    assert "id" not in out
    assert count(stack, "SELECT COUNT(*) FROM rules") == before
    return problems(out)


def note(text):
    return {"kind": "add_note", "text": text}


def email(who, subject, body="Body of {project}"):
    return {"kind": "send_email", "who": who, "text": subject, "body": body}


Run = namedtuple("Run", "id state depth chain subject log error tries event_id project_id")


def runs(stack, rid):
    rows = stack.sql("SELECT id, state, depth, chain, subject, COALESCE(HEX(log), ''), COALESCE(error, ''),"
                     " tries, COALESCE(event_id, 0), COALESCE(project_id, 0)"
                     f" FROM rule_runs WHERE rule_id = {rid} ORDER BY id")
    return [Run(int(i), s, int(d), ch, sub, json.loads(bytes.fromhex(h).decode()) if h else None, e,
                int(t), int(ev), int(p)) for i, s, d, ch, sub, h, e, t, ev, p in rows]


def settle(stack, *rids, timeout=10.0):
    """Wait until the worker has queued the runs of every event written so far (outbox.rules_due)
    and carried out every queued run of the rules."""
    ids = ",".join(map(str, rids))
    wait_for(lambda: count(stack, "SELECT COUNT(*) FROM outbox WHERE rules_due = 1") == 0
             and count(stack, f"SELECT COUNT(*) FROM rule_runs WHERE rule_id IN ({ids})"
                              " AND state = 'queued'") == 0,
             timeout=timeout, step=0.1, what=f"the runs of rules {ids}")


def only_run(stack, rid, state=None):
    """The one run of rule rid, carried out (in state, when given)."""
    settle(stack, rid)
    rs = runs(stack, rid)
    assert len(rs) == 1, rs
    if state:
        assert rs[0].state == state, rs[0]
    return rs[0]


def assert_skipped_on(r, field, actual):
    """r was skipped because the condition on field did not hold, its actual value logged."""
    assert r.state == "skipped", r
    bad = [c for c in r.log["conditions"] if not c["ok"]]
    assert [(c["field"], c["actual"]) for c in bad] == [(field, str(actual))], r.log
    assert r.log["actions"] == []


def notes(stack, pid):
    """The automation notes of project pid: (note, who signed it, client-visible, user)."""
    return stack.sql("SELECT note, actor_label, client_visible, COALESCE(user_id, 0) FROM activity"
                     f" WHERE project_id = {pid} AND kind = 'automation_note' ORDER BY id")


def note_texts(stack, pid):
    return [n[0] for n in notes(stack, pid)]


def automation_mails(stack, subject_like):
    return stack.sql("SELECT to_addr, subject, HEX(body_html), HEX(body_text) FROM mails"
                     f" WHERE kind = 'automation' AND subject LIKE '{subject_like}' ORDER BY id")


def mail_addrs(stack, subject_like):
    return sorted(r[0] for r in automation_mails(stack, subject_like))


# ------------------------------------------------------------------ things a user makes over HTTP

def new_client(c, cadence="weekly", name=None):
    r = c.post("/clients", {"name": name or unique("Auto client"), "cadence": cadence})
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def new_project(c, cid, name=None, pm=PM, **kw):
    d = {"client_id": str(cid), "name": name or unique("Auto project"), "pm_id": str(pm),
         "start_date": "2026-03-02", "due_date": "2026-09-30", "budget_hours": "10",
         "budget_amount": "100.00", "currency": "EUR"}
    d.update(kw)
    r = c.post("/projects", d)
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def project_of_own_client(c, **kw):
    """(client, project): a fresh client and a project of it (PM pm@demo.test)."""
    cid = new_client(c)
    return cid, new_project(c, cid, **kw)


def new_contact(stack, cid, access="approve", signs_in=True, active=True):
    """A contact of client cid (signs_in: with a password): (id, e-mail)."""
    addr = unique("auto-contact") + "@engine.test"
    stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, active, created_at,"
              f" updated_at) VALUES ('{addr}', 'Cora Contact', 'client', {cid}, '{access}',"
              f" {repr('x') if signs_in else 'NULL'}, {int(active)}, NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{addr}'")), addr


def set_health(c, pid, health):
    r = c.post(f"/projects/{pid}/health", {"health": health, "note": "set by a person"})
    assert r.status == 303, r


def set_stage(c, pid, stage):
    r = c.post(f"/projects/{pid}/stage", {"stage": stage, "note": "moved by a person"})
    assert r.status == 303, r


def add_member(c, pid, uid):
    r = c.post(f"/projects/{pid}/members", {"user_id": str(uid)})
    assert r.status == 303, r


def new_milestone(c, stack, pid, due, visible=False, name=None):
    d = {"name": name or unique("Milestone"), "due_date": due}
    if visible:
        d["client_visible"] = "1"
    assert c.post(f"/projects/{pid}/milestones", d).status == 303
    return int(stack.scalar(f"SELECT MAX(id) FROM milestones WHERE project_id = {pid}"))


def new_task(c, stack, pid, due, start="2026-03-02", assignee=None, visible=False, title=None):
    d = {"title": title or unique("Task"), "start_date": start, "due_date": due}
    if assignee:
        d["assignee_id"] = str(assignee)
    if visible:
        d["client_visible"] = "1"
    r = c.post(f"/projects/{pid}/tasks", d)
    assert r.status == 303, r
    return int(stack.scalar(f"SELECT MAX(id) FROM tasks WHERE project_id = {pid}"))


def complete(c, tid):
    assert c.post(f"/tasks/{tid}/status", {"status": "done"}).status == 303


def new_document(c, pid, title=None):
    r = post_multipart(c, f"/projects/{pid}/documents",
                       [("title", title or unique("Design")), ("note", "v1"), ("client_visible", "1")],
                       [("file", "mock.png", "image/png", PNG + unique("p").encode())])
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def ask_approval(c, stack, did, contact_id):
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    r = c.post(f"/documents/{did}/approvals", [("contact_id", str(contact_id)), ("due_date", due),
                                               ("message", "Please review.")])
    assert r.status == 303, r
    return int(stack.scalar(f"SELECT MAX(id) FROM approvals WHERE document_id = {did}"))


def new_change(c, stack, pid):
    r = c.post(f"/projects/{pid}/changes", {"title": unique("Extra page"), "description": "More",
                                             "impact_days": "0", "impact_hours": "1",
                                             "impact_amount": "10.00"})
    assert r.status == 303, r
    cid = int(stack.scalar(f"SELECT MAX(id) FROM change_requests WHERE project_id = {pid}"))
    assert c.post(f"/changes/{cid}/status", {"status": "proposed"}).status == 303
    return cid


def publish_report(c, pid):
    r = c.post(f"/projects/{pid}/status-reports",
               {"period_date": "2026-05-01", "health": "green", "summary": unique("Summary"),
                "done": "Built", "next": "Ship", "risks": "None", "decisions": "None"})
    assert r.status == 303, r
    rid = int(r.header("location").rsplit("/", 1)[1])
    assert c.post(f"/status-reports/{rid}/publish", {"confirm": "1"}).status == 303
    return rid


def last_event(stack, type_, pid):
    return int(stack.scalar(f"SELECT MAX(id) FROM outbox WHERE type = '{type_}' AND project_id = {pid}"))


# ================================================================== event triggers

def test_project_stage_changed_creates_the_kick_off_task(stack, pmc):
    _, pid = project_of_own_client(pmc)
    name = unique("Kick-off")
    rid = save(stack, "project.stage_changed", [
        {"kind": "create_task", "text": "Kick-off of {project} with {client}", "who": "pm", "start": "0",
         "due": "3", "visible": True}], cond=[("stage", "is", "planning")], scope="project",
        scope_id=pid, name=name, actor=PM)
    set_stage(pmc, pid, "planning")
    r = only_run(stack, rid, "done")
    proj, client = stack.sql(f"SELECT p.name, c.name FROM projects p JOIN clients c ON c.id = p.client_id"
                             f" WHERE p.id = {pid}")[0]
    title = f"Kick-off of {proj} with {client}"
    rows = stack.sql(f"SELECT id, title, start_date, due_date, assignee_id, client_visible FROM tasks"
                     f" WHERE project_id = {pid}")
    assert [x[1:] for x in rows] == [(title, days(0), days(3), str(PM), "1")]
    assert r.log["trigger"] == "project.stage_changed"
    assert r.log["conditions"] == [{"field": "stage", "op": "is", "value": "planning",
                                    "actual": "planning", "ok": True}]
    assert r.log["actions"] == [{"kind": "create_task", "ok": True,
                                 "outcome": f"created task #{rows[0][0]} \"{title}\", due {days(3)}"}]
    assert r.event_id == last_event(stack, "project.stage_changed", pid)
    # the task's activity line is the automation's, and visible to the client like the task
    assert stack.sql(f"SELECT user_id IS NULL, actor_label, client_visible FROM activity"
                     f" WHERE project_id = {pid} AND kind = 'task_planned'") == [("1", f"Automation: {name}", "1")]


def test_project_health_changed(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rid = save(stack, "project.health_changed", [note("health of {project} is now {health}")],
               cond=[("health", "is", "amber")], scope_id=pid)
    set_health(pmc, pid, "amber")
    only_run(stack, rid, "done")
    proj = stack.scalar(f"SELECT name FROM projects WHERE id = {pid}")
    assert note_texts(stack, pid) == [f"health of {proj} is now amber"]


def test_project_created_under_a_client_scoped_rule(stack, pmc):
    cid = new_client(pmc)
    other = new_client(pmc)
    rid = save(stack, "project.created", [
        {"kind": "create_task", "text": "Set up {project}", "who": "pm", "start": "0", "due": "2"}],
        scope="client", scope_id=cid)
    pid = new_project(pmc, cid)
    new_project(pmc, other)        # another client's project: no run
    r = only_run(stack, rid, "done")
    assert r.project_id == pid
    proj = stack.scalar(f"SELECT name FROM projects WHERE id = {pid}")
    assert stack.sql(f"SELECT title, due_date, assignee_id FROM tasks WHERE project_id = {pid}") == [
        (f"Set up {proj}", days(2), str(PM))]


def test_client_created_mails_the_admins_only(stack, adminc, pmc):
    name = unique("Client <Fresh> & Co")
    tag = unique("newclient")
    rid = save(stack, "client.created", [email("admins", f"{tag} {{client}} joined", "Say hello to {client}.")],
               cond=[("client", "is_not", "1")], scope="all")
    miss = save(stack, "client.created", [email("admins", f"{tag} never")], cond=[("client", "is", "1")],
                scope="all")
    cid = new_client(pmc, name=name)
    r = only_run(stack, rid, "done")
    admins = sorted(a for (a,) in stack.sql("SELECT email FROM users WHERE role = 'admin' AND active = 1"))
    assert mail_addrs(stack, f"{tag} %") == admins
    assert {m[1] for m in automation_mails(stack, f"{tag} %")} == {f"{tag} {name} joined"}
    assert r.log["actions"][0]["outcome"] == "e-mail queued to " + ", ".join(
        a for (a,) in stack.sql("SELECT email FROM users WHERE role = 'admin' AND active = 1 ORDER BY id"))
    assert_skipped_on(only_run(stack, miss), "client", cid)


def test_project_budget_threshold_hours_with_the_budget_80_preset(stack, pmc, adminc, memberc):
    _, pid = project_of_own_client(pmc, budget_hours="10", budget_amount="0")
    add_member(pmc, pid, MEMBER)
    out = run(stack, "rule", "preset", "budget_80", 1, "project", pid, actor=PM)
    assert out["rc"] == 0, out
    rid = int(out["id"])
    _made.append(rid)
    over = save(stack, "project.budget_threshold", [note("over {project}")],
                cond=[("budget_hours_pct", "gt", "80")], scope_id=pid)
    week, mon = fresh_week(YEAR)
    assert log_hours(memberc, pid, day(mon, 0), "8").status == 303
    assert memberc.post("/time/submit", {"week": week}).status == 303
    r = only_run(stack, rid, "done")
    assert r.log["conditions"][0]["actual"] == "80" and r.log["conditions"][0]["ok"]
    proj = stack.scalar(f"SELECT name FROM projects WHERE id = {pid}")
    subject = f"{proj} has used 80 % of its budget"
    admins = [a for (a,) in stack.sql("SELECT email FROM users WHERE role = 'admin' AND active = 1")]
    assert mail_addrs(stack, subject) == sorted(["pm@demo.test"] + admins)
    assert_skipped_on(only_run(stack, over), "budget_hours_pct", 80)
    assert note_texts(stack, pid) == []


def test_milestone_reached(stack, pmc):
    _, pid = project_of_own_client(pmc)
    mid = new_milestone(pmc, stack, pid, "2026-04-30", visible=True)
    late = save(stack, "milestone.reached", [note("{item} reached {days} days late")],
                cond=[("client_visible", "is", "1"), ("days_late", "gt", "0")], scope_id=pid)
    hidden = save(stack, "milestone.reached", [note("never")], cond=[("client_visible", "is", "0")],
                  scope_id=pid)
    assert pmc.post(f"/milestones/{mid}/reached").status == 303
    name, n = stack.sql(f"SELECT name, DATEDIFF(reached_on, due_date) FROM milestones WHERE id = {mid}")[0]
    assert int(n) > 0
    only_run(stack, late, "done")
    assert note_texts(stack, pid) == [f"{name} reached {n} days late"]
    assert_skipped_on(only_run(stack, hidden), "client_visible", 1)


def test_task_completed_mails_the_assignee(stack, pmc, memberc):
    _, pid = project_of_own_client(pmc)
    add_member(pmc, pid, MEMBER)
    tid = new_task(pmc, stack, pid, "2026-04-01", assignee=MEMBER, visible=False)
    tag = unique("done")
    rid = save(stack, "task.completed", [email("assignee", f"{tag} thanks for {{item}}")],
               cond=[("client_visible", "is", "0"), ("days_late", "ge", "1")], scope_id=pid)
    complete(memberc, tid)
    r = only_run(stack, rid, "done")
    title, late = stack.sql(f"SELECT title, DATEDIFF(DATE(completed_at), due_date) FROM tasks WHERE id = {tid}")[0]
    assert [c["actual"] for c in r.log["conditions"]] == ["0", late]
    assert [(m[0], m[1]) for m in automation_mails(stack, f"{tag} %")] == [
        ("member@demo.test", f"{tag} thanks for {title}")]


def test_document_version_added(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rid = save(stack, "document.version_added", [note("a document for {project}")], scope_id=pid)
    new_document(pmc, pid)
    r = only_run(stack, rid, "done")
    proj = stack.scalar(f"SELECT name FROM projects WHERE id = {pid}")
    assert note_texts(stack, pid) == [f"a document for {proj}"]
    assert r.log["trigger"] == "document.version_added"


def test_document_version_added_fills_item_with_the_document(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rid = save(stack, "document.version_added", [note("new version of {item}")], scope_id=pid)
    title = unique("Brand book")
    new_document(pmc, pid, title=title)
    only_run(stack, rid, "done")
    assert note_texts(stack, pid) == [f"new version of {title}"]


def test_approval_requested_and_decided(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    contact, _ = new_contact(stack, cid, "approve")
    asked = save(stack, "approval.requested", [note("asked about {item}")], scope_id=pid)
    approved = save(stack, "approval.decided", [note("{item} was decided")],
                    cond=[("outcome", "is", "approved")], scope_id=pid)
    changes = save(stack, "approval.decided", [note("never")], cond=[("outcome", "is", "changes")],
                   scope_id=pid)
    did = new_document(pmc, pid, title=unique("Logo"))
    aid = ask_approval(pmc, stack, did, contact)
    only_run(stack, asked, "done")
    title = stack.scalar(f"SELECT title FROM documents WHERE id = {did}")
    assert note_texts(stack, pid) == [f"asked about {title}"]
    assert pmc.post(f"/approvals/{aid}/record", {"decision": "approve", "signed_name": "Cora (phone)"}).status == 303
    r = only_run(stack, approved, "done")
    assert r.log["conditions"][0]["actual"] == "approved"
    assert note_texts(stack, pid) == [f"asked about {title}", f"{title} was decided"]
    assert_skipped_on(only_run(stack, changes), "outcome", "approved")


def test_change_decided(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rejected = save(stack, "change.decided", [note("change turned down")],
                    cond=[("outcome", "is", "rejected")], scope_id=pid)
    not_approved = save(stack, "change.decided", [note("not approved")],
                        cond=[("outcome", "is_not", "approved")], scope_id=pid)
    cr = new_change(pmc, stack, pid)
    assert pmc.post(f"/changes/{cr}/status", {"status": "rejected", "note": "Out of scope"}).status == 303
    only_run(stack, rejected, "done")
    only_run(stack, not_approved, "done")
    cr2 = new_change(pmc, stack, pid)
    assert pmc.post(f"/changes/{cr2}/status", {"status": "approved"}).status == 303
    settle(stack, rejected, not_approved)
    assert_skipped_on(runs(stack, rejected)[1], "outcome", "approved")
    assert_skipped_on(runs(stack, not_approved)[1], "outcome", "approved")
    assert sorted(note_texts(stack, pid)) == ["change turned down", "not approved"]


def answer_survey(stack, pid, score):
    """Answer the survey mailed about project pid, as the contact who got it (no sign-in)."""
    body = wait_for(lambda: stack.scalar("SELECT HEX(body_text) FROM mails WHERE kind = 'survey'"
                                         f" AND subject LIKE CONCAT('%', (SELECT name FROM projects"
                                         f" WHERE id = {pid})) ORDER BY id DESC LIMIT 1"),
                    what="the survey e-mail")
    link = SURVEY_LINK.search(bytes.fromhex(body).decode()).group(1)
    c = anon(stack)
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/survey/@nonce)")
    r = c.request("POST", link, body={"score": str(score), "comment": "meh", "nonce": nonce})
    assert r.status == 303, r


def test_survey_answered_with_the_low_csat_preset(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    new_contact(stack, cid, "view")
    out = run(stack, "rule", "preset", "low_csat", 1, "project", pid, actor=PM)
    assert out["rc"] == 0, out
    low = int(out["id"])
    _made.append(low)
    high = save(stack, "survey.answered", [note("happy client")], cond=[("score", "ge", "3")], scope_id=pid)
    set_stage(pmc, pid, "closure")            # the CSAT survey at closure
    answer_survey(stack, pid, 2)
    r = only_run(stack, low, "done")
    assert r.log["conditions"] == [{"field": "score", "op": "le", "value": "2", "actual": "2", "ok": True}]
    client = stack.scalar(f"SELECT name FROM clients WHERE id = {cid}")
    assert stack.scalar(f"SELECT health FROM projects WHERE id = {pid}") == "amber"
    assert stack.sql(f"SELECT title, assignee_id, due_date FROM tasks WHERE project_id = {pid}") == [
        (f"Follow up the low survey score (2) with {client}", str(PM), days(2))]
    assert stack.sql(f"SELECT to_value, note, actor_label FROM activity WHERE project_id = {pid}"
                     " AND kind = 'health' ORDER BY id DESC LIMIT 1") == [
        ("amber", "A client scored 2 in a satisfaction survey.", "Automation: Low CSAT follow-up")]
    assert_skipped_on(only_run(stack, high), "score", 2)


def test_status_report_published_asks_for_the_next_draft(stack, pmc):
    _, pid = project_of_own_client(pmc)
    name = unique("Next report")
    rid = save(stack, "status_report.published", [{"kind": "report_draft"}], scope_id=pid, name=name)
    published = publish_report(pmc, pid)
    r = only_run(stack, rid, "done")
    drafts = stack.sql(f"SELECT id, summary FROM status_reports WHERE project_id = {pid} AND state = 'draft'")
    assert [d[1] for d in drafts] == [f"Draft started by the automation \"{name}\"."]
    assert int(drafts[0][0]) != published
    assert r.log["actions"] == [{"kind": "report_draft", "ok": True,
                                 "outcome": f"status report draft #{drafts[0][0]} started"}]
    assert stack.sql(f"SELECT actor_label FROM activity WHERE project_id = {pid} AND kind = 'report_drafted'") == [
        (f"Automation: {name}",)]


def test_time_week_approved_mails_the_admins_and_calls_a_webhook(stack, pmc, adminc, memberc):
    """A trigger without a project: only the admins can be written to, and a webhook called."""
    recv = Receiver()
    eid, _ = create_endpoint(adminc, recv.url, events=("time.week_approved",))
    try:
        _, pid = project_of_own_client(pmc)
        add_member(pmc, pid, MEMBER)
        tag = unique("week")
        rid = save(stack, "time.week_approved", [email("admins", f"{tag} approved", "A week was approved."),
                                                 {"kind": "call_webhook", "value": str(eid)}], scope="all")
        week, mon = fresh_week(YEAR)
        assert log_hours(memberc, pid, day(mon, 1), "3").status == 303
        assert memberc.post("/time/submit", {"week": week}).status == 303
        assert pmc.post("/time/approvals", {"user_id": str(MEMBER), "week": week, "decision": "approve"}).status == 303
        r = only_run(stack, rid, "done")
        assert r.project_id == 0
        admins = sorted(a for (a,) in stack.sql("SELECT email FROM users WHERE role = 'admin' AND active = 1"))
        assert mail_addrs(stack, f"{tag} approved") == admins
        # the automation's event: one delivery, to the endpoint the rule names, caused by the run
        ev = stack.sql(f"SELECT id, cause_run_id FROM outbox WHERE type = 'automation.webhook'"
                       f" AND cause_run_id = {r.id}")
        assert len(ev) == 1
        assert stack.sql(f"SELECT endpoint_id FROM deliveries WHERE outbox_id = {ev[0][0]}") == [(str(eid),)]
        assert r.log["actions"][1] == {"kind": "call_webhook", "ok": True,
                                       "outcome": f"event queued to endpoint #{eid}"}
        got = wait_for(lambda: [e for e in recv.events() if e["type"] == "automation.webhook"],
                       what="the automation's webhook")
        assert got[0]["data"]["trigger"] == "time.week_approved"
        assert got[0]["data"]["event"]["week"] == week
        assert "project" not in got[0]["data"]
    finally:
        disable_endpoint(stack, eid)
        recv.close()


# ================================================================== time triggers

@pytest.fixture(scope="module")
def timed(stack, pmc):
    """Subjects dated around TODAY (what the dates cannot say is dated back by SQL: when a project
    last had client-visible news, when an approval was asked) and one time rule for each; the
    worker's scan (every 5 s) queues their runs and carries them out."""
    t = type("Timed", (), {})()
    t.client = new_client(pmc)
    contact, _ = new_contact(stack, t.client, "approve")
    t.project = new_project(pmc, t.client, due_date=days(3))
    add_member(pmc, t.project, MEMBER)
    t.milestone = new_milestone(pmc, stack, t.project, days(2), visible=True)
    t.task = new_task(pmc, stack, t.project, days(-1), start="2026-04-01", assignee=MEMBER)
    t.late = ask_approval(pmc, stack, new_document(pmc, t.project), contact)
    t.soon = ask_approval(pmc, stack, new_document(pmc, t.project), contact)
    stack.sql(f"UPDATE approvals SET due_date = '{days(-2)}', created_at = '{days(-6)} 09:00:00'"
              f" WHERE id = {t.late}")
    stack.sql(f"UPDATE approvals SET due_date = '{days(1)}' WHERE id = {t.soon}")
    t.quiet = new_project(pmc, t.client)       # nothing client-visible since 2026-04-20
    stack.sql(f"UPDATE projects SET created_at = '2026-04-20 09:00:00' WHERE id = {t.quiet}")
    stack.sql(f"UPDATE activity SET created_at = '2026-04-20 09:00:00' WHERE project_id = {t.quiet}")
    t.unreported = new_project(pmc, t.client, start_date="2026-04-20")   # weekly: a report due 04-27
    t.tag = unique("timed")
    tag = t.tag
    p = t.project
    t.rules = {
        "milestone.due": save(stack, "milestone.due", [note(f"{tag} {{item}} due {{due_date}} ({{days}})")],
                              cond=[("client_visible", "is", "1"), ("days_late", "eq", "-2")],
                              scope_id=p, n_days=-2),
        "task.due": save(stack, "task.due", [note(f"{tag} {{item}} due {{due_date}} ({{days}})"),
                                             email("assignee", f"{tag} {{item}} is late")],
                         cond=[("days_late", "eq", "1")], scope_id=p, n_days=1),
        "task.due early": save(stack, "task.due", [note("never")], cond=[("days_late", "lt", "0")],
                               scope_id=p, n_days=1),
        "project.due": save(stack, "project.due", [note(f"{tag} {{project}} due {{due_date}} ({{days}})")],
                            cond=[("days_late", "eq", "-3")], scope_id=p, n_days=-3),
        "approval.due after": save(stack, "approval.due", [note(f"{tag} after {{item}} due {{due_date}} ({{days}})")],
                                   cond=[("days_late", "ge", "2")], scope_id=p, n_days=2),
        "approval.due before": save(stack, "approval.due", [note(f"{tag} before {{item}} due {{due_date}} ({{days}})")],
                                    cond=[("days_late", "le", "-1")], scope_id=p, n_days=-1),
        "project.quiet": save(stack, "project.quiet", [note(f"{tag} {{project}} is quiet ({{days}})")],
                              scope="client", scope_id=t.client, n_days=7),
        "report.missing": save(stack, "report.missing", [note(f"{tag} report due {{due_date}} ({{days}})")],
                               cond=[("days_late", "eq", "7")], scope_id=t.unreported, n_days=1),
        "approval.pending": save(stack, "approval.pending", [note(f"{tag} {{item}} pending ({{days}})")],
                                 scope_id=p, n_days=3),
    }
    t.off = save(stack, "milestone.due", [note("never")], scope_id=p, n_days=-2, enabled=False)
    ids = ",".join(map(str, t.rules.values()))
    wait_for(lambda: count(stack, f"SELECT COUNT(DISTINCT rule_id) FROM rule_runs WHERE rule_id IN ({ids})")
             == len(t.rules), timeout=15, step=0.1, what="the worker's scan")
    settle(stack, *t.rules.values())
    return t


def title_of(stack, table, col, id_):
    return stack.scalar(f"SELECT {col} FROM {table} WHERE id = {id_}")


def doc_title(stack, aid):
    return stack.scalar(f"SELECT d.title FROM approvals a JOIN documents d ON d.id = a.document_id WHERE a.id = {aid}")


def test_milestone_due_two_days_before(stack, timed):
    r = only_run(stack, timed.rules["milestone.due"], "done")
    assert r.subject == f"milestone:{timed.milestone}:{days(2)}"
    assert [(c["field"], c["actual"]) for c in r.log["conditions"]] == [("client_visible", "1"), ("days_late", "-2")]
    name = title_of(stack, "milestones", "name", timed.milestone)
    assert f"{timed.tag} {name} due {days(2)} (-2)" in note_texts(stack, timed.project)
    assert runs(stack, timed.off) == []          # a rule switched off is not scanned


def test_task_due_a_day_after_mails_the_assignee(stack, timed):
    r = only_run(stack, timed.rules["task.due"], "done")
    assert r.subject == f"task:{timed.task}:{days(-1)}"
    title = title_of(stack, "tasks", "title", timed.task)
    assert f"{timed.tag} {title} due {days(-1)} (1)" in note_texts(stack, timed.project)
    assert mail_addrs(stack, f"{timed.tag} {title} is late") == ["member@demo.test"]
    assert_skipped_on(only_run(stack, timed.rules["task.due early"]), "days_late", 1)


def test_project_due_three_days_before(stack, timed):
    r = only_run(stack, timed.rules["project.due"], "done")
    assert r.subject == f"project:{timed.project}:{days(3)}"
    name = title_of(stack, "projects", "name", timed.project)
    assert f"{timed.tag} {name} due {days(3)} (-3)" in note_texts(stack, timed.project)


def test_approval_due_days_after_and_before(stack, timed):
    after = only_run(stack, timed.rules["approval.due after"], "done")
    before = only_run(stack, timed.rules["approval.due before"], "done")
    assert after.subject == f"approval:{timed.late}:{days(-2)}"
    assert before.subject == f"approval:{timed.soon}:{days(1)}"
    got = note_texts(stack, timed.project)
    assert f"{timed.tag} after {doc_title(stack, timed.late)} due {days(-2)} (2)" in got
    assert f"{timed.tag} before {doc_title(stack, timed.soon)} due {days(1)} (-1)" in got


def test_project_quiet_for_days(stack, timed):
    """Of the client's projects only the one without client-visible news for 7 days."""
    r = only_run(stack, timed.rules["project.quiet"], "done")
    assert r.subject == f"quiet:{timed.quiet}:2026-04-20" and r.project_id == timed.quiet
    name = title_of(stack, "projects", "name", timed.quiet)
    assert note_texts(stack, timed.quiet) == [f"{timed.tag} {name} is quiet (7)"]


def test_report_missing_after_the_cadence(stack, timed):
    r = only_run(stack, timed.rules["report.missing"], "done")
    assert r.subject == f"report:{timed.unreported}:2026-04-27"
    assert note_texts(stack, timed.unreported) == [f"{timed.tag} report due 2026-04-27 (7)"]


def test_approval_pending_for_days(stack, timed):
    """Only the approval asked more than 3 days ago (the other was asked today)."""
    r = only_run(stack, timed.rules["approval.pending"], "done")
    assert r.subject == f"pending:{timed.late}"
    assert f"{timed.tag} {doc_title(stack, timed.late)} pending (2)" in note_texts(stack, timed.project)


def test_a_time_trigger_fires_once_per_subject_and_date(stack, timed):
    """The next day (still inside every rule's window) a scan queues nothing new."""
    ids = ",".join(map(str, list(timed.rules.values()) + [timed.off]))
    before = stack.sql(f"SELECT id, rule_id, subject FROM rule_runs WHERE rule_id IN ({ids}) ORDER BY id")
    notes_before = count(stack, "SELECT COUNT(*) FROM activity WHERE kind = 'automation_note'")
    set_setting(stack, "clock_now", "2026-05-05 12:00:00")
    try:
        assert run(stack, "rule", "scan")["queued"] == "0"
    finally:
        set_setting(stack, "clock_now", CLOCK)
    assert run(stack, "rule", "scan")["queued"] == "0"
    assert stack.sql(f"SELECT id, rule_id, subject FROM rule_runs WHERE rule_id IN ({ids}) ORDER BY id") == before
    assert count(stack, "SELECT COUNT(*) FROM activity WHERE kind = 'automation_note'") == notes_before


def test_approval_due_on_a_change_request(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    contact, _ = new_contact(stack, cid, "approve")
    cr = new_change(pmc, stack, pid)
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    r = pmc.post(f"/changes/{cr}/approvals", [("contact_id", str(contact)), ("due_date", due),
                                              ("message", "Please decide.")])
    assert r.status == 303, r
    stack.sql(f"UPDATE approvals SET due_date = '{days(-2)}' WHERE change_id = {cr}")
    rid = save(stack, "approval.due", [note("{item} due {due_date} ({days})")],
               cond=[("days_late", "ge", "2")], scope_id=pid, n_days=2)
    run(stack, "rule", "scan")                     # now, rather than at the worker's next scan
    only_run(stack, rid, "done")
    title = stack.scalar(f"SELECT title FROM change_requests WHERE id = {cr}")
    assert note_texts(stack, pid) == [f"{title} due {days(-2)} (2)"]


# ================================================================== conditions: every field and op

def cond_rules(stack, trigger, pid, cases):
    """One rule per (field, op, value, holds), each adding a note that names it."""
    out = []
    for field, op, value, holds in cases:
        tag = f"{field} {op} {value}"
        out.append((save(stack, trigger, [note(tag)], cond=[(field, op, value)], scope_id=pid), tag, holds))
    return out


def check_conds(stack, pid, rules, field, actual):
    """Each rule whose condition holds did its action ('done'); each other was skipped with the
    condition's actual value in its log, and wrote nothing."""
    settle(stack, *[r for r, _, _ in rules])
    got = note_texts(stack, pid)
    for rid, tag, holds in rules:
        r = only_run(stack, rid)
        if holds:
            assert r.state == "done", (tag, r)
            assert r.log["conditions"] == [dict(zip(("field", "op", "value"), tag.split(" ")),
                                                actual=str(actual), ok=True)]
            assert got.count(tag) == 1, (tag, got)
        else:
            assert_skipped_on(r, field, actual)
            assert tag not in got
    assert len(got) == sum(1 for _, _, holds in rules if holds)


def test_every_numeric_op_on_budget_money_pct(stack, pmc):
    _, pid = project_of_own_client(pmc, budget_hours="0", budget_amount="100.00")
    rules = cond_rules(stack, "project.budget_threshold", pid, [
        ("budget_money_pct", "lt", "86", True), ("budget_money_pct", "lt", "85", False),
        ("budget_money_pct", "le", "85", True), ("budget_money_pct", "le", "84", False),
        ("budget_money_pct", "eq", "85", True), ("budget_money_pct", "eq", "84", False),
        ("budget_money_pct", "ge", "85", True), ("budget_money_pct", "ge", "86", False),
        ("budget_money_pct", "gt", "84", True), ("budget_money_pct", "gt", "85", False)])
    r = pmc.post(f"/projects/{pid}/expenses", {"spent_on": "2026-04-01", "amount": "85.00",
                                               "category": "software", "billable": "1"})
    assert r.status == 303, r
    check_conds(stack, pid, rules, "budget_money_pct", 85)


def test_is_and_is_not_on_stage(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rules = cond_rules(stack, "project.stage_changed", pid, [
        ("stage", "is", "planning", True), ("stage", "is", "execution", False),
        ("stage", "is_not", "execution", True), ("stage", "is_not", "planning", False)])
    set_stage(pmc, pid, "planning")
    check_conds(stack, pid, rules, "stage", "planning")


def test_is_and_is_not_on_health(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rules = cond_rules(stack, "project.health_changed", pid, [
        ("health", "is", "red", True), ("health", "is", "green", False),
        ("health", "is_not", "green", True), ("health", "is_not", "red", False)])
    set_health(pmc, pid, "red")
    check_conds(stack, pid, rules, "health", "red")


def test_is_and_is_not_on_client(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    rules = cond_rules(stack, "project.health_changed", pid, [
        ("client", "is", str(cid), True), ("client", "is", "1", False),
        ("client", "is_not", "1", True), ("client", "is_not", str(cid), False)])
    set_health(pmc, pid, "amber")
    check_conds(stack, pid, rules, "client", cid)


def test_all_conditions_must_hold(stack, pmc):
    _, pid = project_of_own_client(pmc)
    both = save(stack, "project.health_changed", [note("both")],
                cond=[("health", "is", "amber"), ("stage", "is", "initiation")], scope_id=pid)
    one = save(stack, "project.health_changed", [note("one")],
               cond=[("health", "is", "amber"), ("stage", "is", "execution")], scope_id=pid)
    set_health(pmc, pid, "amber")
    only_run(stack, both, "done")
    r = only_run(stack, one, "skipped")
    assert [c["ok"] for c in r.log["conditions"]] == [True, False]
    assert note_texts(stack, pid) == ["both"]


# ================================================================== actions

def test_create_task_placeholders_dates_and_assignees(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    add_member(pmc, pid, MEMBER)                       # Tom is not on the team
    name = unique("Tasks")
    rid = save(stack, "project.health_changed", [
        {"kind": "create_task", "text": "{rule}|{project}|{client}|{stage}|{health}|{pm}|{due_date}|{link}",
         "who": "pm", "start": "1", "due": "4", "visible": True},
        {"kind": "create_task", "text": "named", "who": str(MEMBER), "start": "-2", "due": "0"},
        {"kind": "create_task", "text": "outsider", "who": str(TOM), "start": "0", "due": "0"},
        {"kind": "create_task", "text": "nobody", "start": "0", "due": "5"}], scope_id=pid, name=name)
    set_health(pmc, pid, "amber")
    r = only_run(stack, rid, "done")
    proj, client = stack.sql(f"SELECT p.name, c.name FROM projects p JOIN clients c ON c.id = p.client_id"
                             f" WHERE p.id = {pid}")[0]
    pm_name = stack.scalar(f"SELECT name FROM users WHERE id = {PM}")
    title = f"{name}|{proj}|{client}|initiation|amber|{pm_name}|2026-09-30|{stack.base}/projects/{pid}"
    rows = stack.sql(f"SELECT id, title, start_date, due_date, COALESCE(assignee_id, 0), client_visible"
                     f" FROM tasks WHERE project_id = {pid} ORDER BY id")
    assert [x[1:] for x in rows] == [
        (title[:200], workdays(1), workdays(4), str(PM), "1"),       # filled in, cut to its column
        ("named", workdays(-2), workdays(0), str(MEMBER), "0"),    # Thursday, not Saturday
        ("outsider", workdays(0), workdays(0), "0", "0"),
        ("nobody", workdays(0), workdays(5), "0", "0")]            # Monday, not Saturday
    assert [a["ok"] for a in r.log["actions"]] == [True] * 4
    assert r.log["actions"][2]["outcome"] == (f"created task #{rows[2][0]} \"outsider\" (unassigned: the person"
                                              " is not on the project's team)")
    assert stack.sql(f"SELECT COUNT(*), MIN(actor_label) FROM activity WHERE project_id = {pid}"
                     " AND kind = 'task_planned' AND user_id IS NULL") == [("4", f"Automation: {name}")]


def test_post_message_internal_and_to_the_client(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    reader, _ = new_contact(stack, cid, "view")                       # signs in: told
    invited, _ = new_contact(stack, cid, "approve", signs_in=False)   # cannot sign in yet: not told
    name = unique("Messages")
    rid = save(stack, "project.health_changed", [
        {"kind": "post_message", "text": "Internal: {project}", "body": "Health is {health}.", "value": "internal"},
        {"kind": "post_message", "text": "News for {client}", "body": "Hello from {pm}.", "value": "client"}],
        scope_id=pid, name=name)
    set_health(pmc, pid, "amber")
    r = only_run(stack, rid, "done")
    proj, client = stack.sql(f"SELECT p.name, c.name FROM projects p JOIN clients c ON c.id = p.client_id"
                             f" WHERE p.id = {pid}")[0]
    threads = stack.sql(f"SELECT id, subject, internal, COALESCE(created_by, 0), message_count FROM message_threads"
                        f" WHERE project_id = {pid} ORDER BY id")
    assert [t[1:] for t in threads] == [(f"Internal: {proj}", "1", "0", "1"), (f"News for {client}", "0", "0", "1")]
    pm_name = stack.scalar(f"SELECT name FROM users WHERE id = {PM}")
    assert stack.sql(f"SELECT thread_id, body, COALESCE(author_id, 0) FROM messages WHERE thread_id IN"
                     f" ({threads[0][0]}, {threads[1][0]}) ORDER BY id") == [
        (threads[0][0], "Health is amber.", "0"), (threads[1][0], f"Hello from {pm_name}.", "0")]
    assert [a["outcome"] for a in r.log["actions"]] == [
        f"posted \"Internal: {proj}\" in a new internal thread (#{threads[0][0]})",
        f"posted \"News for {client}\" in a new client-visible thread (#{threads[1][0]})"]
    # the client's contacts who can sign in are told of the client thread, of nothing else
    told = stack.sql(f"SELECT user_id, kind, link FROM notifications WHERE project_id = {pid}"
                     f" AND user_id IN ({reader}, {invited})")
    assert [(u, k) for u, k, _ in told] == [(str(reader), "message")]
    assert told[0][2].startswith(f"/messages/threads/{threads[1][0]}")
    assert stack.sql(f"SELECT note, client_visible, actor_label FROM activity WHERE project_id = {pid}"
                     " AND kind = 'thread_started' ORDER BY id") == [
        (f"Internal: {proj}", "0", f"Automation: {name}"), (f"News for {client}", "1", f"Automation: {name}")]


def test_send_email_to_every_recipient_escaped(stack, pmc):
    cid = new_client(pmc)
    pid = new_project(pmc, cid, name=unique("Shop <b>&amp;</b> Co"))
    add_member(pmc, pid, MEMBER)
    viewer = new_contact(stack, cid, "view")[1]
    commenter = new_contact(stack, cid, "comment")[1]
    approver = new_contact(stack, cid, "approve")[1]
    new_contact(stack, cid, "approve", active=False)          # switched off: never written to
    tag = unique("mail")
    whos = ["pm", "team", "admins", "contacts", "contacts_comment", "contacts_approve"]
    rid = save(stack, "project.health_changed",
               [email(w, f"{tag} {w}: {{project}} is {{health}}", "{project} ({client}) is {health}.") for w in whos],
               scope_id=pid)
    set_health(pmc, pid, "red")
    r = only_run(stack, rid, "done")
    proj, client = stack.sql(f"SELECT p.name, c.name FROM projects p JOIN clients c ON c.id = p.client_id"
                             f" WHERE p.id = {pid}")[0]
    admins = [a for (a,) in stack.sql("SELECT email FROM users WHERE role = 'admin' AND active = 1")]
    want = {"pm": ["pm@demo.test"], "team": ["member@demo.test", "pm@demo.test"], "admins": sorted(admins),
            "contacts": sorted([viewer, commenter, approver]),
            "contacts_comment": sorted([commenter, approver]), "contacts_approve": [approver]}
    for w in whos:
        assert mail_addrs(stack, f"{tag} {w}: %") == want[w], w
    assert [a["ok"] for a in r.log["actions"]] == [True] * 6
    assert r.log["actions"][5]["outcome"] == f"e-mail queued to {approver}"
    # the subject is text (filled in, as it is); the body's HTML escapes what the fields hold
    for to, subject, html, text in automation_mails(stack, f"{tag} %"):
        assert subject.endswith(f": {proj} is red")
        html, text = bytes.fromhex(html).decode(), bytes.fromhex(text).decode()
        assert "<b>&amp;</b>" not in html
        assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in html
        assert f"{proj} ({client}) is red." in text


def test_set_health_signed_and_the_same_health_skipped(stack, pmc):
    _, pid = project_of_own_client(pmc)
    name = unique("Red on stage")
    rid = save(stack, "project.stage_changed",
               [{"kind": "set_health", "value": "red", "body": "Moved to {stage}"}], scope_id=pid, name=name)
    set_stage(pmc, pid, "planning")
    r = only_run(stack, rid, "done")
    assert r.log["actions"] == [{"kind": "set_health", "ok": True, "outcome": "health set to red"}]
    assert stack.scalar(f"SELECT health FROM projects WHERE id = {pid}") == "red"
    lines = f"SELECT from_value, to_value, note, actor_label, COALESCE(user_id, 0) FROM activity" \
            f" WHERE project_id = {pid} AND kind = 'health'"
    assert stack.sql(lines) == [("green", "red", "Moved to planning", f"Automation: {name}", "0")]
    set_stage(pmc, pid, "execution")
    settle(stack, rid)
    again = runs(stack, rid)[1]
    assert again.state == "done"
    assert again.log["actions"] == [{"kind": "set_health", "ok": False,
                                     "outcome": "skipped: the health is red already"}]
    assert len(stack.sql(lines)) == 1


def test_add_note_is_an_internal_line_signed_by_the_rule(stack, pmc):
    _, pid = project_of_own_client(pmc)
    name = unique("Noted")
    rid = save(stack, "project.health_changed", [note("Watch {project}")], scope_id=pid, name=name)
    set_health(pmc, pid, "amber")
    r = only_run(stack, rid, "done")
    proj = stack.scalar(f"SELECT name FROM projects WHERE id = {pid}")
    assert notes(stack, pid) == [(f"Watch {proj}", f"Automation: {name}", "0", "0")]
    assert r.log["actions"] == [{"kind": "add_note", "ok": True,
                                 "outcome": "internal note added to the activity stream"}]


def test_send_survey_to_the_contacts(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    c1, a1 = new_contact(stack, cid, "view")
    c2, a2 = new_contact(stack, cid, "approve")
    rid = save(stack, "project.stage_changed", [{"kind": "send_survey"}], cond=[("stage", "is", "execution")],
               scope_id=pid)
    set_stage(pmc, pid, "execution")
    r = only_run(stack, rid, "done")
    assert stack.sql(f"SELECT contact_id, kind, answered_at IS NULL FROM surveys WHERE project_id = {pid}"
                     " ORDER BY contact_id") == [(str(c1), "csat", "1"), (str(c2), "csat", "1")]
    assert sorted(a for (a,) in stack.sql(f"SELECT to_addr FROM mails WHERE kind = 'survey' AND subject LIKE"
                                           f" CONCAT('%', (SELECT name FROM projects WHERE id = {pid}))")) == sorted([a1, a2])
    assert r.log["actions"][0]["ok"]


def test_send_survey_logs_what_it_did_when_the_plan_has_no_closure_survey(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    new_contact(stack, cid, "view")
    mid = new_milestone(pmc, stack, pid, "2026-06-30")
    assert pmc.post(f"/projects/{pid}/surveys", {"kind": "nps", "milestone_id": str(mid)}).status == 303
    rid = save(stack, "project.health_changed", [{"kind": "send_survey"}], scope_id=pid)
    set_health(pmc, pid, "amber")
    r = only_run(stack, rid, "done")
    sent = count(stack, f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid}")
    assert sent > 0 or not r.log["actions"][0]["ok"], (sent, r.log)


def test_call_webhook_goes_to_its_endpoint_only(stack, pmc, adminc):
    """Two endpoints: the rule's (subscribed to nothing that happens here) and one subscribed to
    every event; the automation's event goes to the first only, the health change to the second."""
    _, pid = project_of_own_client(pmc)
    recv = Receiver()
    eid, _ = create_endpoint(adminc, recv.url + "?to=rule", events=("time.week_approved",))
    every, _ = create_endpoint(adminc, recv.url + "?to=every", events=())
    try:
        name = unique("Hook")
        rid = save(stack, "project.health_changed", [{"kind": "call_webhook", "value": str(eid)}],
                   scope_id=pid, name=name)
        set_health(pmc, pid, "red")
        r = only_run(stack, rid, "done")
        ev = stack.sql(f"SELECT id, type FROM outbox WHERE cause_run_id = {r.id}")
        assert [e[1] for e in ev] == ["automation.webhook"]
        assert stack.sql(f"SELECT endpoint_id FROM deliveries WHERE outbox_id = {ev[0][0]}") == [(str(eid),)]
        assert r.log["actions"] == [{"kind": "call_webhook", "ok": True, "outcome": f"event queued to endpoint #{eid}"}]

        def got():
            with recv.lock:
                return sorted((q["path"], json.loads(q["body"])["type"]) for q in recv.requests
                              if 200 <= q["status"] < 300)
        wait_for(lambda: len(got()) >= 2, what="the two deliveries")
        assert got() == [("/hook?to=every", "project.health_changed"), ("/hook?to=rule", "automation.webhook")]
        body = [e for e in recv.events() if e["type"] == "automation.webhook"][0]
        assert body["data"]["rule"] == name and body["data"]["trigger"] == "project.health_changed"
        assert body["data"]["project"]["id"] == pid and body["data"]["event"]["to"] == "red"
    finally:
        disable_endpoint(stack, eid)
        disable_endpoint(stack, every)
        recv.close()


def test_send_email_to_contacts_links_to_a_page_they_can_open(stack, pmc):
    cid, pid = project_of_own_client(pmc)
    uid, addr = new_contact(stack, cid, "approve")
    stack.sql(f"UPDATE users SET password_hash = (SELECT h FROM (SELECT password_hash AS h FROM users"
              f" WHERE email = 'client@acme.test') x) WHERE id = {uid}")      # the demo password
    tag = unique("contacts-link")
    rid = save(stack, "project.health_changed", [email("contacts_approve", f"{tag} {{project}}", "See {link}")],
               scope_id=pid)
    set_health(pmc, pid, "amber")
    only_run(stack, rid, "done")
    mails = automation_mails(stack, f"{tag} %")
    assert [m[0] for m in mails] == [addr]
    links = re.findall(re.escape(stack.base) + r"(/\S*)", bytes.fromhex(mails[0][3]).decode())
    assert links
    contact = login_as(stack, addr)
    assert [contact.get(link).status for link in links] == [200] * len(links), links


# ================================================================== scope and who may write what

def test_scope_all_client_project_and_mine(stack, pmc, adminc):
    c1, p1 = project_of_own_client(pmc)                  # PM pm@demo.test
    c2 = new_client(adminc)
    p2 = new_project(adminc, c2, pm=LENA)                 # another client's, another PM's
    tag = unique("scope")
    every = save(stack, "project.health_changed", [note(f"{tag} all")], scope="all")
    client = save(stack, "project.health_changed", [note(f"{tag} client")], scope="client", scope_id=c1)
    project = save(stack, "project.health_changed", [note(f"{tag} project")], scope_id=p1, actor=PM)
    mine = save(stack, "project.health_changed", [note(f"{tag} mine")], scope="mine", actor=PM)
    lenas = save(stack, "project.health_changed", [note(f"{tag} lena's")], scope_id=p2)  # an admin may
    set_health(pmc, p1, "amber")
    set_health(adminc, p2, "amber")
    settle(stack, every, client, project, mine, lenas)
    assert [r.project_id for r in runs(stack, every)] == [p1, p2]
    for rid, pid in ((client, p1), (project, p1), (mine, p1), (lenas, p2)):
        assert [(r.project_id, r.state) for r in runs(stack, rid)] == [(pid, "done")]
    assert sorted(note_texts(stack, p1)) == sorted(f"{tag} {s}" for s in ("all", "client", "project", "mine"))
    assert sorted(note_texts(stack, p2)) == sorted([f"{tag} all", f"{tag} lena's"])


def test_a_pm_writes_rules_for_their_own_projects_only(stack, pmc, adminc):
    cid, own = project_of_own_client(pmc)
    lenas = new_project(adminc, cid, pm=LENA)
    act = [note("x")]
    for s in (spec("project.health_changed", act, scope="all"),
              spec("project.health_changed", act, scope="client", scope_id=cid),
              spec("project.health_changed", act, scope="project", scope_id=lenas)):
        assert save_refused(stack, s, actor=PM, rc=3) == {}
    # a member writes no rule at all
    assert save_refused(stack, spec("project.health_changed", act, scope="project", scope_id=own),
                        actor=MEMBER, rc=3) == {}
    # the PM's own project and "mine" are theirs to write
    save(stack, "project.health_changed", act, scope_id=own, actor=PM)
    save(stack, "project.health_changed", act, scope="mine", actor=PM)
    # the admin's rule on the PM's project is not the PM's to change, switch off or delete
    theirs = save(stack, "project.health_changed", act, scope_id=own, name="The admin's")
    before = stack.sql(f"SELECT name, enabled, conditions, actions FROM rules WHERE id = {theirs}")
    out = run(stack, "rule", "save", theirs, json.dumps(spec("project.health_changed", act, scope_id=own,
                                                              name="Taken over")), actor=PM)
    assert out["rc"] == 3
    assert run(stack, "rule", "enabled", theirs, 0, actor=PM)["rc"] == 3
    assert run(stack, "rule", "delete", theirs, actor=PM)["rc"] == 3
    assert stack.sql(f"SELECT name, enabled, conditions, actions FROM rules WHERE id = {theirs}") == before


NOTE = [note("x")]


def bad(trigger, acts, **kw):
    """A rule of the admin's, for all projects unless said."""
    kw.setdefault("scope", "all")
    return spec(trigger, acts, **kw)


BAD_RULES = [
    # (what is wrong, the rule, {field: the start of its message})
    ("unknown trigger", bad("project.exploded", NOTE), {"trigger": "Choose a trigger from the list."}),
    ("unknown field", bad("project.health_changed", NOTE, cond=[("colour", "is", "red")]),
     {"cond_field_0": "Choose a field from the list."}),
    ("score on a stage change", bad("project.stage_changed", NOTE, cond=[("score", "le", "2")]),
     {"cond_field_0": "\"Survey score\" is not something this trigger carries."}),
    ("visibility on a health change", bad("project.health_changed", NOTE, cond=[("client_visible", "is", "1")]),
     {"cond_field_0": "\"Task or milestone is client-visible\" is not something this trigger carries."}),
    ("days late on a quiet project", bad("project.quiet", NOTE, cond=[("days_late", "ge", "1")], n_days=5),
     {"cond_field_0": "\"Days late\" is not something"}),
    ("stage on client.created", bad("client.created", [email("admins", "s")], cond=[("stage", "is", "planning")]),
     {"cond_field_0": "\"Project stage\" is not something"}),
    ("any field on time.week_approved", bad("time.week_approved", [email("admins", "s")],
                                             cond=[("client", "is", "1")]),
     {"cond_field_0": "\"Client\" is not something"}),
    ("order on a stage", bad("project.stage_changed", NOTE, cond=[("stage", "gt", "planning")]),
     {"cond_op_0": "Choose a comparison that fits the field."}),
    ("is on a number", bad("project.budget_threshold", NOTE, cond=[("budget_hours_pct", "is", "80")]),
     {"cond_op_0": "Choose a comparison"}),
    ("is_not on a yes/no", bad("task.completed", NOTE, cond=[("client_visible", "is_not", "1")]),
     {"cond_op_0": "Choose a comparison"}),
    ("unknown op", bad("survey.answered", NOTE, cond=[("score", "below", "2")]), {"cond_op_0": "Choose a comparison"}),
    ("a stage that is none", bad("project.stage_changed", NOTE, cond=[("stage", "is", "launch")]),
     {"cond_value_0": "Choose a value from the list."}),
    ("a number that is none", bad("project.budget_threshold", NOTE, cond=[("budget_money_pct", "ge", "eighty")]),
     {"cond_value_0": "A whole number."}),
    ("a client that is none", bad("project.health_changed", NOTE, cond=[("client", "is", "987654321")]),
     {"cond_value_0": "Choose the client."}),
    ("an outcome that is none", bad("approval.decided", NOTE, cond=[("outcome", "is", "maybe")]),
     {"cond_value_0": "Choose a value from the list."}),
    ("a yes/no that is none", bad("milestone.reached", NOTE, cond=[("client_visible", "is", "yes")]),
     {"cond_value_0": "Choose a value from the list."}),
    ("the second condition bad", bad("project.health_changed", NOTE,
                                      cond=[("health", "is", "red"), ("health", "is", "purple")]),
     {"cond_value_1": "Choose a value from the list."}),
    ("unknown placeholder", bad("project.health_changed", [note("Hello {nobody}")]),
     {"act_text_0": "{nobody} is not a placeholder: use one of the list."}),
    ("unclosed placeholder", bad("project.health_changed", [email("pm", "Hi", "Look at {project")]),
     {"act_body_0": "A { opens a placeholder that is never closed with }."}),
    ("a recipient that is none", bad("project.health_changed", [email("ceo", "Hi")]),
     {"act_who_0": "Choose who gets the e-mail."}),
    ("an assignee without a task", bad("project.stage_changed", [email("assignee", "Hi")]),
     {"act_who_0": "Only a task's trigger has an assignee."}),
    ("the PM of no project", bad("time.week_approved", [email("pm", "Hi")]),
     {"act_who_0": "This trigger has no project: only the admins can be written to."}),
    ("the contacts of no project", bad("client.created", [email("contacts", "Hi")]),
     {"act_who_0": "This trigger has no project"}),
    ("an assignee who is nobody", bad("project.health_changed", [
        {"kind": "create_task", "text": "t", "who": "987654321", "start": "0", "due": "1"}]),
     {"act_who_0": "Assign to the project's PM or to an active member of the staff."}),
    ("a contact as assignee", bad("project.health_changed", [
        {"kind": "create_task", "text": "t", "who": "7", "start": "0", "due": "1"}]),
     {"act_who_0": "Assign to the project's PM"}),
    ("a role that is none as assignee", bad("project.health_changed", [
        {"kind": "create_task", "text": "t", "who": "manager", "start": "0", "due": "1"}]),
     {"act_who_0": "Assign to the project's PM"}),
    ("a task due before it starts", bad("project.health_changed", [
        {"kind": "create_task", "text": "t", "who": "pm", "start": "3", "due": "1"}]),
     {"act_due_0": "The task is due before it starts."}),
    ("a task without a title", bad("project.health_changed", [
        {"kind": "create_task", "text": "", "who": "pm", "start": "0", "due": "1"}]),
     {"act_text_0": "Give the task a title."}),
    ("a task on client.created", bad("client.created", [
        {"kind": "create_task", "text": "t", "who": "pm", "start": "0", "due": "1"}]),
     {"act_kind_0": "\"Create a task\" acts on a project, and this trigger has none."}),
    ("a health on time.week_approved", bad("time.week_approved", [{"kind": "set_health", "value": "red"}]),
     {"act_kind_0": "\"Change the health\" acts on a project"}),
    ("an unknown action", bad("project.health_changed", [{"kind": "launch_rocket"}]),
     {"act_kind_0": "Choose an action from the list."}),
    ("a health that is none", bad("project.stage_changed", [{"kind": "set_health", "value": "purple"}]),
     {"act_value_0": "Choose green, amber or red."}),
    ("an endpoint that is none", bad("project.stage_changed", [{"kind": "call_webhook", "value": "987654321"}]),
     {"act_value_0": "Choose a webhook endpoint."}),
    ("a thread neither internal nor for the client", bad("project.stage_changed", [
        {"kind": "post_message", "text": "s", "body": "b", "value": "public"}]),
     {"act_value_0": "Internal or client-visible."}),
    ("days out of range", bad("milestone.due", NOTE, n_days=400), {"days": "N days: a whole number from -365"}),
    ("no days", bad("task.due", NOTE), {"days": "N days: a whole number from -365"}),
    ("quiet for no days", bad("project.quiet", NOTE, n_days=0), {"days": "N days: a whole number from 1 to 365."}),
    ("no action", bad("project.health_changed", []), {"-": "Add at least one action."}),
    ("no name", bad("project.health_changed", NOTE, name=""), {"name": "Give the rule a name."}),
    ("an unknown scope", bad("project.health_changed", NOTE, scope="galaxy"), {"scope": "Choose all projects"}),
    ("no such client", bad("project.health_changed", NOTE, scope="client", scope_id=987654321),
     {"scope_id": "Choose the client."}),
    ("no such project", bad("project.health_changed", NOTE, scope="project", scope_id=987654321),
     {"scope_id": "Choose the project."}),
]


@pytest.mark.parametrize("case", BAD_RULES, ids=[c[0] for c in BAD_RULES])
def test_a_bad_rule_is_refused_with_the_field_at_fault(stack, case):
    _, s, want = case
    got = save_refused(stack, s, actor=ADMIN, rc=2)
    assert set(got) == set(want), got
    for field, start in want.items():
        assert got[field].startswith(start), got


# ================================================================== loops, switched off, try, failures

def test_two_rules_that_answer_each_other_stop_at_the_depth_limit(stack, pmc):
    _, pid = project_of_own_client(pmc)
    a = save(stack, "project.health_changed", [{"kind": "set_health", "value": "red", "body": "A"}],
             scope_id=pid, name=unique("Loop A"))
    b = save(stack, "project.health_changed", [{"kind": "set_health", "value": "green", "body": "B"}],
             scope_id=pid, name=unique("Loop B"))
    set_health(pmc, pid, "amber")
    settle(stack, a, b, timeout=15)
    every = runs(stack, a) + runs(stack, b)
    stopped = [r for r in every if r.state == "stopped"]
    assert len(stopped) == 1, every
    s = stopped[0]
    chain = [int(x) for x in s.chain.split(">")]
    assert s.depth == 4 and len(chain) == 4
    assert set(chain) == {a, b} and all(x != y for x, y in zip(chain, chain[1:]))   # A>B>A>B or B>A>B>A
    assert s.log is None and s.tries == 0                  # never carried out
    assert max(r.depth for r in every if r.state != "stopped") == 3
    assert {r.state for r in every} <= {"done", "stopped"}
    assert count(stack, "SELECT COUNT(*) FROM rule_runs WHERE state = 'queued'") == 0     # the worker is idle
    # the stopped run's cause: the event of the depth-3 run its chain names last but one
    cause = stack.scalar(f"SELECT cause_run_id FROM outbox WHERE id = {s.event_id}")
    parent = [r for r in every if r.id == int(cause)][0]
    assert parent.depth == 3 and parent.chain == ">".join(map(str, chain[:3]))


def test_a_rule_never_triggers_itself(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rid = save(stack, "project.health_changed", [{"kind": "set_health", "value": "red"}], scope_id=pid)
    set_health(pmc, pid, "amber")
    r = only_run(stack, rid, "done")
    assert stack.scalar(f"SELECT health FROM projects WHERE id = {pid}") == "red"
    # its action's event was written, caused by the run, and queued no run of the rule again
    assert count(stack, f"SELECT COUNT(*) FROM outbox WHERE cause_run_id = {r.id}"
                        " AND type = 'project.health_changed'") == 1
    assert len(runs(stack, rid)) == 1


def test_a_rule_switched_off_queues_nothing(stack, pmc):
    _, pid = project_of_own_client(pmc)
    rid = save(stack, "project.health_changed", [note("on")], scope_id=pid, enabled=False)
    set_health(pmc, pid, "amber")
    assert runs(stack, rid) == []                  # runs are queued with the event, or never
    assert run(stack, "rule", "enabled", rid, 1, actor=ADMIN)["rc"] == 0
    set_health(pmc, pid, "red")
    only_run(stack, rid, "done")
    assert note_texts(stack, pid) == ["on"]


def row_locked(stack, pid):
    try:
        stack.sql(f"SELECT id FROM projects WHERE id = {pid} FOR UPDATE NOWAIT")
        return False
    except subprocess.CalledProcessError:
        return True


def test_a_rule_switched_off_after_its_run_was_queued_skips_it(stack, pmc):
    """The worker is held up (honestly: another rule's run waits for a project row this test
    locks) while the event queues the run and the rule is switched off."""
    _, blocker = project_of_own_client(pmc, due_date=days(1))
    _, pid = project_of_own_client(pmc)
    rid = save(stack, "project.health_changed", [note("should not be written")], scope_id=pid)
    lock = subprocess.Popen(["mariadb", "--socket", str(stack.var / "run/mysql.sock"), "-u", "root", "-n",
                             "--batch", "tandem"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        lock.stdin.write(f"BEGIN;\nSELECT id FROM projects WHERE id = {blocker} FOR UPDATE;\n")
        lock.stdin.flush()
        wait_for(lambda: row_locked(stack, blocker), timeout=10, what="the lock on the project")
        busy = save(stack, "project.due", [{"kind": "create_task", "text": "due soon", "start": "0", "due": "1"}],
                    scope_id=blocker, n_days=-1)
        run(stack, "rule", "scan")            # its run now (else the worker's scan within 5 s)
        assert len(runs(stack, busy)) == 1
        wait_for(lambda: count(stack, "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                                      " WHERE trx_state = 'LOCK WAIT'") > 0,
                 timeout=10, what="the worker waiting for the project")
        set_health(pmc, pid, "amber")
        assert runs(stack, rid) == []         # the event is flagged; the held-up worker queues its runs
        assert run(stack, "rule", "fanout", 64)["queued"] == "1"   # (here: the driver does it)
        assert [r.state for r in runs(stack, rid)] == ["queued"]
        assert run(stack, "rule", "enabled", rid, 0, actor=ADMIN)["rc"] == 0
    finally:
        lock.stdin.write("COMMIT;\n")
        lock.stdin.close()
        lock.wait(timeout=30)
    r = only_run(stack, rid, "skipped")
    assert r.log["note"] == SWITCHED_OFF and r.log["actions"] == []
    assert note_texts(stack, pid) == []
    only_run(stack, busy, "done")
    assert stack.sql(f"SELECT title FROM tasks WHERE project_id = {blocker}") == [("due soon",)]


def test_try_shows_what_a_rule_would_do_and_writes_nothing(stack, pmc):
    _, pid = project_of_own_client(pmc, due_date=days(1))
    tag = unique("try")
    rid = save(stack, "project.stage_changed", [
        {"kind": "create_task", "text": "Try {project}", "who": "pm", "start": "0", "due": "2"},
        email("pm", f"{tag} {{project}}"), note("tried")], cond=[("stage", "is", "planning")],
        scope_id=pid, enabled=False, actor=PM)
    timed_rule = save(stack, "project.due", [note("{project} due {due_date}")], scope_id=pid, n_days=-1,
                      enabled=False, actor=PM)
    set_stage(pmc, pid, "planning")
    ev = last_event(stack, "project.stage_changed", pid)

    def rows():
        return [count(stack, q) for q in (
            f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}",
            f"SELECT COUNT(*) FROM mails WHERE subject LIKE '{tag}%'",
            f"SELECT COUNT(*) FROM rule_runs WHERE rule_id IN ({rid}, {timed_rule})",
            f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}",
            f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid} OR type = 'automation.webhook'")]
    before = rows()
    out = run(stack, "rule", "try", rid, ev, actor=PM)
    assert out["rc"] == 0
    log = json.loads(out["log"])
    proj = stack.scalar(f"SELECT name FROM projects WHERE id = {pid}")
    assert len(log) == 1 and log[0]["state"] == "done" and log[0]["subject"] == f"try:{ev}"
    assert log[0]["conditions"] == [{"field": "stage", "op": "is", "value": "planning", "actual": "planning",
                                     "ok": True}]
    assert [(a["kind"], a["ok"]) for a in log[0]["actions"]] == [("create_task", True), ("send_email", True),
                                                                 ("add_note", True)]
    assert log[0]["actions"][0]["outcome"].endswith(f"\"Try {proj}\", due {days(2)}")
    assert log[0]["actions"][1]["outcome"] == "e-mail queued to pm@demo.test"
    # a time rule is tried against today's subjects
    out = run(stack, "rule", "try", timed_rule, 0, actor=PM)
    log = json.loads(out["log"])
    assert [x["subject"] for x in log] == [f"project:{pid}:{days(1)}"]
    assert rows() == before
    # an event of another type, or none: not found
    assert run(stack, "rule", "try", rid, last_event(stack, "project.created", pid), actor=PM)["rc"] == 1
    assert run(stack, "rule", "try", rid, 987654321, actor=PM)["rc"] == 1
    assert rows() == before


def failing_run(stack, pmc):
    """The database refuses the task the run's second action writes (a trigger on `tasks`, made
    for this test and dropped after it, refuses a title starting 'REFUSE-'): the run is tried
    again (the test stack's retry_scale makes the waits short) and then failed. (project, run)
    The trigger sets the title NULL, which the NOT NULL column refuses: a real database error."""
    _, pid = project_of_own_client(pmc)
    stack.sql("CREATE TRIGGER IF NOT EXISTS test_refuse_task BEFORE INSERT ON tasks FOR EACH ROW"
              " SET NEW.title = IF(NEW.title LIKE 'REFUSE-%', NULL, NEW.title)")   # NOT NULL: refused
    try:
        rid = save(stack, "project.health_changed", [
            note("written first"), {"kind": "create_task", "text": "REFUSE-{project}", "start": "0", "due": "1"}],
            scope_id=pid)
        set_health(pmc, pid, "amber")
        return pid, only_run(stack, rid, "failed")
    finally:
        stack.sql("DROP TRIGGER IF EXISTS test_refuse_task")


def test_a_run_whose_action_fails_is_retried_then_failed_with_its_reason(stack, pmc):
    pid, r = failing_run(stack, pmc)
    assert r.error == "action 2 (create_task) failed: database error"
    assert r.tries > 1 and stack.log().count(f"rule: run {r.id} failed: {r.error}") == r.tries
    assert stack.scalar(f"SELECT finished_at IS NOT NULL FROM rule_runs WHERE id = {r.id}") == "1"
    # the run's actions commit together or not at all: the note written first was rolled back
    assert notes(stack, pid) == [] and count(stack, f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == 0


def test_a_failing_run_among_others_undoes_only_its_own_writes(stack, pmc):
    """The worker carries out up to 16 queued runs in one transaction, each behind a savepoint
    (rule_runs_run): the three runs of one event are queued together (one fan-out) and claimed
    together; the middle one fails on its second action. Its first action's note is undone with
    it, the runs before and after it keep theirs, and it alone is tried again and failed."""
    _, pid = project_of_own_client(pmc)
    stack.sql("CREATE TRIGGER IF NOT EXISTS test_refuse_task BEFORE INSERT ON tasks FOR EACH ROW"
              " SET NEW.title = IF(NEW.title LIKE 'REFUSE-%', NULL, NEW.title)")   # NOT NULL: refused
    try:
        before = save(stack, "project.health_changed", [note("before the failing run")], scope_id=pid)
        failing = save(stack, "project.health_changed", [
            note("written by the failing run"), {"kind": "create_task", "text": "REFUSE-{project}", "start": "0",
                                                 "due": "1"}], scope_id=pid)
        after = save(stack, "project.health_changed", [note("after the failing run")], scope_id=pid)
        set_health(pmc, pid, "amber")
        only_run(stack, before, "done")
        only_run(stack, after, "done")
        r = only_run(stack, failing, "failed")
    finally:
        stack.sql("DROP TRIGGER IF EXISTS test_refuse_task")
    assert r.error == "action 2 (create_task) failed: database error" and r.tries == RULE_TRIES_MAX
    assert sorted(note_texts(stack, pid)) == ["after the failing run", "before the failing run"]
    assert count(stack, f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == 0


RULE_TRIES_MAX = 5   # include/domain/rule.h


def test_a_failing_run_is_tried_rule_tries_max_times(stack, pmc):
    _, r = failing_run(stack, pmc)
    assert r.tries == RULE_TRIES_MAX


# ================================================================== the activity stream

def test_the_activity_stream_signs_the_lines_with_the_rule(stack, pmc):
    _, pid = project_of_own_client(pmc)
    name = unique("Stream <rule>")
    rid = save(stack, "project.health_changed", [
        note("Keep an eye on it"), {"kind": "create_task", "text": "Call the client", "who": "pm", "start": "0",
                                    "due": "1"}], scope_id=pid, name=name)
    set_health(pmc, pid, "amber")
    only_run(stack, rid, "done")
    pm_name = stack.scalar(f"SELECT name FROM users WHERE id = {PM}")
    doc = pmc.get_xml(f"/activity?project_id={pid}").xml()
    lines = [(a.get("kind"), a.get("user-name")) for a in doc.xpath("/page/activities/activity")]
    assert ("automation_note", f"Automation: {name}") in lines
    assert ("task_planned", f"Automation: {name}") in lines
    assert ("health", pm_name) in lines                   # the person's own line stays theirs
    for path in (f"/activity?project_id={pid}", f"/projects/{pid}"):
        page = pmc.get(path).html()
        text = " ".join(" ".join(li.text_content().split()) for li in page.xpath("//li"))
        assert f"Automation: {name}" in text, path
