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

from conftest import XML, anon, post_multipart, unique
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
    s = {"name": name or unique("Rule"), "enabled": enabled, "scope": scope, "scope_id": scope_id,
         "trigger": trigger, "cond": [list(c) for c in cond], "act": list(acts)}
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
    """Wait until the worker has carried out every queued run of the rules."""
    ids = ",".join(map(str, rids))
    wait_for(lambda: count(stack, f"SELECT COUNT(*) FROM rule_runs WHERE rule_id IN ({ids})"
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


@pytest.mark.xfail(strict=True, reason="bug: {item} is documented as the task, milestone, approval or"
                   " document the trigger is about, but facts_read() (src/domain/rule.c) never reads the"
                   " document of document.version_added: {item} is filled with ''")
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
