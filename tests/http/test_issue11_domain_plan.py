"""Issue 11: the planning area's state changes called without a page.

tests/domain/d_plan (the team, milestones, tasks), d_risk, d_change (drafting and proposing) and
d_calendar are linked with the core and domain objects only; each runs one scenario in a
transaction against this stack's database (committed on 0, rolled back otherwise) and prints
key=value lines ending with rc=N. These tests check the rows, activity lines, events and mail with
SQL: the good path of every function, and its refusals writing nothing. The last tests check
through HTTP that a form refused by its fields still shows the domain's problems with them."""
import subprocess

import pytest

from conftest import unique
from domain_util import DRIVERS, count, last_event, new_client, run, staff_id
from plan_helpers import XML, form_errors, new_project

PM = "pm@demo.test"
MEMBER = "member@demo.test"
TOM = "tom@demo.test"
NOWHERE = 987654321

# plan.h, risk.h, change.h, calendar.h
OK, NOT_FOUND, REFUSED, UNCHANGED, FORBIDDEN = 0, 1, 2, 3, 4


def project(stack, with_contact=False):
    """A project of a new client of the test's own (hours budget 600 minutes, no PM): (client, project)."""
    cid = new_client(stack, with_contact=with_contact)
    out = run(stack, "project", "create", cid, unique("Plan domain "), "-", "tandem", actor=staff_id(stack, PM))
    return cid, int(out["id"])


def activity(stack, pid, kind):
    return stack.sql(f"SELECT user_id, note, client_visible FROM activity WHERE project_id = {pid}"
                     f" AND kind = '{kind}' ORDER BY id")


def n_events(stack, pid):
    return count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}")


def n_activity(stack, pid):
    return count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}")


def problems(out):
    return [v for k, v in sorted(out.items()) if k.startswith("problem") and k != "problems"]


def new_task(stack, pid, title=None, assignee=0, milestone=0, start="2026-03-02", due="2026-03-06",
             minutes=0, visible=0, deps="-", actor=None):
    out = run(stack, "plan", "task-create", pid, title or unique("Task "), assignee, milestone, start, due,
              minutes, visible, deps, actor=actor or staff_id(stack, PM))
    assert out["rc"] == OK, out
    return int(out["id"])


# ------------------------------------------------------------------ the team

def test_member_add_and_remove_unassigns_open_tasks(stack):
    _, pid = project(stack)
    member = staff_id(stack, MEMBER)
    assert run(stack, "plan", "on-team", pid, member)["on"] == "0"
    assert run(stack, "plan", "member-add", pid, member)["rc"] == OK
    assert run(stack, "plan", "on-team", pid, member)["on"] == "1"
    # adding again writes nothing and is no error
    assert run(stack, "plan", "member-add", pid, member)["rc"] == OK
    assert count(stack, f"SELECT COUNT(*) FROM project_members WHERE project_id = {pid}") == 1
    open_task = new_task(stack, pid, assignee=member)
    done_task = new_task(stack, pid, assignee=member)
    assert run(stack, "plan", "task-status", done_task, "done", 1, actor=staff_id(stack, PM))["rc"] == OK
    events, lines = n_events(stack, pid), n_activity(stack, pid)
    assert run(stack, "plan", "member-remove", pid, member)["rc"] == OK
    assert count(stack, f"SELECT COUNT(*) FROM project_members WHERE project_id = {pid}") == 0
    assert stack.scalar(f"SELECT assignee_id FROM tasks WHERE id = {open_task}") == "NULL"
    assert stack.scalar(f"SELECT assignee_id FROM tasks WHERE id = {done_task}") == str(member)
    # no activity line, no event
    assert (n_events(stack, pid), n_activity(stack, pid)) == (events, lines)


def test_member_remove_of_someone_off_the_team_writes_nothing(stack):
    _, pid = project(stack)
    member, tom = staff_id(stack, MEMBER), staff_id(stack, TOM)
    assert run(stack, "plan", "member-add", pid, member)["rc"] == OK
    t = new_task(stack, pid, assignee=member)
    assert run(stack, "plan", "member-remove", pid, tom)["rc"] == NOT_FOUND
    assert run(stack, "plan", "member-remove", NOWHERE, member)["rc"] == NOT_FOUND
    assert stack.scalar(f"SELECT assignee_id FROM tasks WHERE id = {t}") == str(member)
    assert count(stack, f"SELECT COUNT(*) FROM project_members WHERE project_id = {pid}") == 1


def test_member_add_refuses_a_client_contact_and_an_unknown_project(stack):
    cid, pid = project(stack, with_contact=True)
    contact = int(stack.scalar(f"SELECT id FROM users WHERE client_id = {cid} AND role = 'client'"))
    out = run(stack, "plan", "member-add", pid, contact)
    assert out["rc"] == REFUSED and out["why"] == "Team member must be an active staff user."
    assert run(stack, "plan", "member-add", pid, NOWHERE)["rc"] == REFUSED
    assert count(stack, f"SELECT COUNT(*) FROM project_members WHERE project_id = {pid}") == 0
    assert run(stack, "plan", "member-add", NOWHERE, staff_id(stack, MEMBER))["rc"] == NOT_FOUND


# ------------------------------------------------------------------ milestones

def test_milestone_create_and_update(stack):
    _, pid = project(stack)
    events, lines = n_events(stack, pid), n_activity(stack, pid)
    out = run(stack, "plan", "milestone-create", pid, "Design signed off", "2026-04-30", 1)
    assert out["rc"] == OK
    mid = int(out["id"])
    assert stack.sql(f"SELECT project_id, name, due_date, client_visible, reached_on FROM milestones"
                     f" WHERE id = {mid}") == [(str(pid), "Design signed off", "2026-04-30", "1", "NULL")]
    assert run(stack, "plan", "milestone-update", mid, "Design approved", "2026-05-04", 0)["rc"] == OK
    assert stack.sql(f"SELECT name, due_date, client_visible FROM milestones WHERE id = {mid}") == [
        ("Design approved", "2026-05-04", "0")]
    # the same values again: still 0
    assert run(stack, "plan", "milestone-update", mid, "Design approved", "2026-05-04", 0)["rc"] == OK
    assert (n_events(stack, pid), n_activity(stack, pid)) == (events, lines)


def test_milestone_create_and_update_of_nothing(stack):
    before = count(stack, "SELECT COUNT(*) FROM milestones")
    assert run(stack, "plan", "milestone-create", NOWHERE, "Nowhere", "2026-04-30", 0)["rc"] == NOT_FOUND
    assert run(stack, "plan", "milestone-update", NOWHERE, "Nowhere", "2026-04-30", 0)["rc"] == NOT_FOUND
    assert count(stack, "SELECT COUNT(*) FROM milestones") == before


def test_milestone_reach_writes_activity_event_and_the_survey_mail(stack):
    cid, pid = project(stack, with_contact=True)
    mid = int(run(stack, "plan", "milestone-create", pid, "Launch", "2026-06-01", 1)["id"])
    stack.sql("INSERT INTO survey_plans (project_id, kind, milestone_id, at_closure, updated_at)"
              f" VALUES ({pid}, 'csat', {mid}, 0, NOW())")
    email = stack.scalar(f"SELECT email FROM users WHERE client_id = {cid} AND role = 'client'")
    pm = staff_id(stack, PM)
    assert run(stack, "plan", "milestone-reach", mid, actor=pm)["rc"] == OK
    assert stack.scalar(f"SELECT reached_on = UTC_DATE() AND reached_by = {pm} FROM milestones"
                        f" WHERE id = {mid}") == "1"
    assert activity(stack, pid, "milestone_reached") == [(str(pm), "Launch", "1")]
    ev = last_event(stack, "milestone.reached", pid)
    assert ev["data"] == {"milestone": {"id": mid, "name": "Launch", "due_date": "2026-06-01",
                                        "project_id": pid, "client_visible": True},
                          "reached_by": pm}
    assert count(stack, f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid}"
                        f" AND occasion = 'milestone-{mid}'") == 1
    assert count(stack, f"SELECT COUNT(*) FROM mails WHERE kind = 'survey' AND to_addr = '{email}'") == 1


def test_milestone_reach_twice_or_of_nothing_writes_nothing(stack):
    _, pid = project(stack)
    mid = int(run(stack, "plan", "milestone-create", pid, "Once", "2026-06-01", 0)["id"])
    pm = staff_id(stack, PM)
    assert run(stack, "plan", "milestone-reach", mid, actor=pm)["rc"] == OK
    # no survey plan: no survey; an internal line for a hidden milestone
    assert count(stack, f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid}") == 0
    assert activity(stack, pid, "milestone_reached") == [(str(pm), "Once", "0")]
    events, lines = n_events(stack, pid), n_activity(stack, pid)
    assert run(stack, "plan", "milestone-reach", mid, actor=pm)["rc"] == UNCHANGED
    assert run(stack, "plan", "milestone-reach", NOWHERE, actor=pm)["rc"] == NOT_FOUND
    assert (n_events(stack, pid), n_activity(stack, pid)) == (events, lines)


# ------------------------------------------------------------------ tasks

def test_task_create_writes_the_row_its_dependencies_and_a_line(stack):
    _, pid = project(stack)
    member = staff_id(stack, MEMBER)
    run(stack, "plan", "member-add", pid, member)
    mid = int(run(stack, "plan", "milestone-create", pid, "M1", "2026-04-30", 0)["id"])
    a, b = new_task(stack, pid), new_task(stack, pid)
    events = n_events(stack, pid)
    t = new_task(stack, pid, title="Build it", assignee=member, milestone=mid, start="2026-03-09",
                 due="2026-03-13", minutes=750, visible=1, deps=f"{a},{b}")
    assert stack.sql(f"SELECT title, assignee_id, milestone_id, start_date, due_date, estimate_minutes,"
                     f" status, client_visible FROM tasks WHERE id = {t}") == [
        ("Build it", str(member), str(mid), "2026-03-09", "2026-03-13", "750", "todo", "1")]
    assert stack.sql(f"SELECT depends_on_id FROM task_deps WHERE task_id = {t} ORDER BY depends_on_id") == [
        (str(a),), (str(b),)]
    assert activity(stack, pid, "task_planned")[-1] == (str(staff_id(stack, PM)), "Build it", "1")
    assert n_events(stack, pid) == events


def test_task_create_refused_reports_every_problem_and_writes_nothing(stack):
    _, pid = project(stack)
    _, other = project(stack)
    foreign_ms = int(run(stack, "plan", "milestone-create", other, "Theirs", "2026-04-30", 0)["id"])
    tasks, lines = count(stack, "SELECT COUNT(*) FROM tasks"), n_activity(stack, pid)
    out = run(stack, "plan", "task-create", pid, "Bad", staff_id(stack, TOM), foreign_ms, "2026-03-10",
              "2026-03-09", 0, 0, "-", actor=staff_id(stack, PM))
    assert out["rc"] == REFUSED
    assert problems(out) == [
        "due_date: Due date must be on or after the start date: a task cannot end before it starts.",
        "assignee_id: Assignee must be a member of this project.",
        "milestone_id: Milestone must be one of this project's milestones."]
    foreign = new_task(stack, other)
    out = run(stack, "plan", "task-create", pid, "Bad", 0, 0, "2026-03-02", "2026-03-06", 0, 0, foreign)
    assert out["rc"] == REFUSED
    assert problems(out) == [f"-: Depends on: task #{foreign} is not a task of this project."]
    assert count(stack, "SELECT COUNT(*) FROM tasks") == tasks + 1   # the foreign one only
    assert n_activity(stack, pid) == lines
    assert run(stack, "plan", "task-create", NOWHERE, "x", 0, 0, "2026-03-02", "2026-03-06", 0, 0, "-")["rc"] == NOT_FOUND


def test_task_update_saves_fields_and_replaces_dependencies(stack):
    _, pid = project(stack)
    a, b = new_task(stack, pid), new_task(stack, pid)
    c = new_task(stack, pid, deps=str(a))
    lines = n_activity(stack, pid)
    out = run(stack, "plan", "task-update", c, "Renamed", 0, 0, "2026-03-09", "2026-03-20", 90, 1, str(b))
    assert out["rc"] == OK
    assert stack.sql(f"SELECT title, start_date, due_date, estimate_minutes, client_visible FROM tasks"
                     f" WHERE id = {c}") == [("Renamed", "2026-03-09", "2026-03-20", "90", "1")]
    assert stack.sql(f"SELECT depends_on_id FROM task_deps WHERE task_id = {c}") == [(str(b),)]
    assert n_activity(stack, pid) == lines
    assert run(stack, "plan", "task-update", NOWHERE, "x", 0, 0, "2026-03-02", "2026-03-06", 0, 0, "-")["rc"] == NOT_FOUND


def test_task_update_refuses_a_cycle_and_itself_writing_nothing(stack):
    _, pid = project(stack)
    a = new_task(stack, pid, title="Alpha")
    b = new_task(stack, pid, title="Bravo", deps=str(a))
    c = new_task(stack, pid, title="Charlie", deps=str(b))
    out = run(stack, "plan", "task-update", a, "Renamed", 0, 0, "2026-03-02", "2026-03-06", 0, 0, str(c))
    assert out["rc"] == REFUSED
    [msg] = problems(out)
    assert msg.startswith("-: Depending on \u201cCharlie\u201d would make a cycle: ")
    assert "Bravo" in msg and msg.endswith(" depends on this task.")
    out = run(stack, "plan", "task-update", a, "Renamed", 0, 0, "2026-03-02", "2026-03-06", 0, 0, str(a))
    assert out["rc"] == REFUSED and problems(out) == ["-: A task cannot depend on itself."]
    assert stack.scalar(f"SELECT title FROM tasks WHERE id = {a}") == "Alpha"
    assert count(stack, f"SELECT COUNT(*) FROM task_deps WHERE task_id = {a}") == 0


def test_task_check_writes_nothing_and_skips_unknown_dates(stack):
    _, pid = project(stack)
    tasks = count(stack, f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}")
    out = run(stack, "plan", "task-check", pid, 0, "x", staff_id(stack, TOM), 0, "-", "-", 0, 0, "-")
    assert out["rc"] == OK and out["problems"] == "1"
    assert problems(out) == ["assignee_id: Assignee must be a member of this project."]
    out = run(stack, "plan", "task-check", pid, 0, "x", 0, 0, "2026-03-02", "2026-03-06", 0, 0, "-")
    assert out["rc"] == OK and out["problems"] == "0"
    assert count(stack, f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == tasks


def test_task_status_done_by_its_assignee_records_line_and_event(stack):
    _, pid = project(stack)
    member = staff_id(stack, MEMBER)
    run(stack, "plan", "member-add", pid, member)
    t = new_task(stack, pid, title="Finish me", assignee=member, visible=1)
    assert run(stack, "plan", "task-status", t, "doing", 0, actor=member)["rc"] == OK
    assert last_event(stack, "task.completed", pid) is None
    assert run(stack, "plan", "task-status", t, "done", 0, actor=member)["rc"] == OK
    assert stack.scalar(f"SELECT status = 'done' AND completed_by = {member} AND completed_at IS NOT NULL"
                        f" FROM tasks WHERE id = {t}") == "1"
    assert activity(stack, pid, "task_completed") == [(str(member), "Finish me", "1")]
    ev = last_event(stack, "task.completed", pid)
    assert ev["data"] == {"task": {"id": t, "title": "Finish me", "project_id": pid, "client_visible": True},
                          "completed_by": member, "from": "doing"}
    # reopening clears the completion, with no line and no event
    events, lines = n_events(stack, pid), n_activity(stack, pid)
    assert run(stack, "plan", "task-status", t, "todo", 0, actor=member)["rc"] == OK
    assert stack.sql(f"SELECT status, completed_at, completed_by FROM tasks WHERE id = {t}") == [
        ("todo", "NULL", "NULL")]
    assert (n_events(stack, pid), n_activity(stack, pid)) == (events, lines)


def test_task_status_refusals_write_nothing(stack):
    _, pid = project(stack)
    member, pm = staff_id(stack, MEMBER), staff_id(stack, PM)
    t = new_task(stack, pid)
    events, lines = n_events(stack, pid), n_activity(stack, pid)
    assert run(stack, "plan", "task-status", t, "done", 0, actor=member)["rc"] == FORBIDDEN
    assert run(stack, "plan", "task-status", t, "todo", 1, actor=pm)["rc"] == UNCHANGED
    assert run(stack, "plan", "task-status", NOWHERE, "done", 1, actor=pm)["rc"] == NOT_FOUND
    assert run(stack, "plan", "task-status", t, "finished", 1, actor=pm)["rc"] == -1
    assert stack.scalar(f"SELECT status FROM tasks WHERE id = {t}") == "todo"
    assert (n_events(stack, pid), n_activity(stack, pid)) == (events, lines)


def test_task_shift_moves_the_dependants_with_an_internal_line(stack):
    _, pid = project(stack)
    a = new_task(stack, pid, title="Predecessor", start="2026-03-02", due="2026-03-11")
    b = new_task(stack, pid, start="2026-03-09", due="2026-03-13", deps=str(a))
    c = new_task(stack, pid, start="2026-03-16", due="2026-03-17", deps=str(b))
    free = new_task(stack, pid, start="2026-03-03", due="2026-03-04")
    pm = staff_id(stack, PM)
    out = run(stack, "plan", "task-shift", a, actor=pm)
    assert (out["rc"], out["moved"]) == (OK, "2")
    assert stack.sql(f"SELECT start_date, due_date FROM tasks WHERE id IN ({b}, {c}, {free}) ORDER BY id") == [
        ("2026-03-12", "2026-03-18"), ("2026-03-19", "2026-03-20"), ("2026-03-03", "2026-03-04")]  # issue 16: working days, lengths kept
    assert activity(stack, pid, "tasks_rescheduled") == [
        (str(pm), "2 tasks moved to start after \u201cPredecessor\u201d ends.", "0")]
    # nothing left to move: no line
    out = run(stack, "plan", "task-shift", a, actor=pm)
    assert (out["rc"], out["moved"]) == (OK, "0")
    assert len(activity(stack, pid, "tasks_rescheduled")) == 1
    assert run(stack, "plan", "task-shift", NOWHERE)["rc"] == NOT_FOUND


# ------------------------------------------------------------------ risks

def test_risk_create_and_update(stack):
    _, pid = project(stack)
    member, pm = staff_id(stack, MEMBER), staff_id(stack, PM)
    run(stack, "plan", "member-add", pid, member)
    events = n_events(stack, pid)
    out = run(stack, "risk", "create", pid, "Vendor late", 4, 5, member, "Weekly call", actor=pm)
    assert out["rc"] == OK
    rid = int(out["id"])
    assert stack.sql(f"SELECT title, probability, impact, owner_id, mitigation, status FROM risks"
                     f" WHERE id = {rid}") == [("Vendor late", "4", "5", str(member), "Weekly call", "open")]
    assert activity(stack, pid, "risk_added") == [(str(pm), "Vendor late", "0")]
    lines = n_activity(stack, pid)
    assert run(stack, "risk", "update", rid, "Vendor very late", 5, 5, 0, "-", "occurred", actor=pm)["rc"] == OK
    assert stack.sql(f"SELECT title, probability, owner_id, mitigation, status FROM risks WHERE id = {rid}") == [
        ("Vendor very late", "5", "NULL", "NULL", "occurred")]
    assert n_activity(stack, pid) == lines
    assert n_events(stack, pid) == events


def test_risk_refusals_write_nothing(stack):
    _, pid = project(stack)
    tom, pm = staff_id(stack, TOM), staff_id(stack, PM)
    risks, lines = count(stack, "SELECT COUNT(*) FROM risks"), n_activity(stack, pid)
    out = run(stack, "risk", "create", pid, "Owned by a stranger", 3, 3, tom, "-", actor=pm)
    assert out["rc"] == REFUSED and out["why"] == "Owner must be a member of this project."
    assert run(stack, "risk", "create", NOWHERE, "Nowhere", 3, 3, 0, "-", actor=pm)["rc"] == NOT_FOUND
    assert count(stack, "SELECT COUNT(*) FROM risks") == risks
    assert n_activity(stack, pid) == lines
    rid = int(run(stack, "risk", "create", pid, "Keep", 2, 2, 0, "-", actor=pm)["id"])
    out = run(stack, "risk", "update", rid, "Changed", 2, 2, tom, "-", "open")
    assert out["rc"] == REFUSED and "member of this project" in out["why"]
    assert stack.scalar(f"SELECT title FROM risks WHERE id = {rid}") == "Keep"
    assert run(stack, "risk", "update", NOWHERE, "x", 2, 2, 0, "-", "open")["rc"] == NOT_FOUND
    assert run(stack, "risk", "update", rid, "Changed", 2, 2, 0, "-", "forgotten")["rc"] == -1
    assert stack.scalar(f"SELECT title FROM risks WHERE id = {rid}") == "Keep"


def test_risk_check(stack):
    _, pid = project(stack)
    assert run(stack, "risk", "check", pid, 0) == {"rc": OK}
    out = run(stack, "risk", "check", pid, staff_id(stack, TOM))
    assert out["rc"] == REFUSED and out["why"]


# ------------------------------------------------------------------ change requests: draft and proposal

def test_change_create_drafts_and_propose_proposes(stack):
    _, pid = project(stack)
    pm = staff_id(stack, PM)
    events, lines = n_events(stack, pid), n_activity(stack, pid)
    out = run(stack, "change", "create", pid, "More pages", 5, 120, -5000, "2026-04-01", actor=pm)
    assert out["rc"] == OK
    chg = int(out["id"])
    assert stack.sql(f"SELECT title, impact_days, impact_minutes, impact_amount, shift_from, status, created_by"
                     f" FROM change_requests WHERE id = {chg}") == [
        ("More pages", "5", "120", "-5000", "2026-04-01", "draft", str(pm))]
    assert run(stack, "change", "propose", chg, actor=pm)["rc"] == OK
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {chg}") == "proposed"
    out = run(stack, "change", "propose", chg, actor=pm)
    assert out["rc"] == REFUSED and out["why"] == "Only a draft can be proposed."
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {chg}") == "proposed"
    assert run(stack, "change", "propose", NOWHERE)["rc"] == NOT_FOUND
    # drafting and proposing are the team's: no line, no event
    assert (n_events(stack, pid), n_activity(stack, pid)) == (events, lines)


def test_change_create_refused_reports_every_problem_and_writes_nothing(stack):
    _, pid = project(stack)
    changes = count(stack, "SELECT COUNT(*) FROM change_requests")
    out = run(stack, "change", "create", pid, "Too much", 0, -6000, 0, "2026-04-01", actor=staff_id(stack, PM))
    assert out["rc"] == REFUSED
    assert problems(out) == [
        "impact_hours: This reduction would take the project's hours budget below zero.",
        "shift_from: Give the impact in days to shift the plan by."]
    out = run(stack, "change", "create", pid, "Credit", 0, 0, -150001, "-")
    assert out["rc"] == REFUSED
    assert problems(out) == ["impact_amount: This reduction would take the project's money budget below zero."]
    assert run(stack, "change", "create", NOWHERE, "x", 0, 0, 0, "-")["rc"] == NOT_FOUND
    assert count(stack, "SELECT COUNT(*) FROM change_requests") == changes
    # exactly down to the floor is allowed
    assert run(stack, "change", "create", pid, "All of it", 0, -600, -150000, "-", actor=staff_id(stack, PM))["rc"] == OK


def test_change_check_writes_nothing(stack):
    _, pid = project(stack)
    changes = count(stack, "SELECT COUNT(*) FROM change_requests")
    out = run(stack, "change", "check", pid, "x", 0, -601, 0, "-")
    assert (out["rc"], out["problems"]) == (OK, "1")
    assert run(stack, "change", "check", pid, "x", 3, 60, 100, "2026-04-01")["problems"] == "0"
    assert run(stack, "change", "check", NOWHERE, "x", 0, 0, 0, "-")["rc"] == NOT_FOUND
    assert count(stack, "SELECT COUNT(*) FROM change_requests") == changes


# ------------------------------------------------------------------ calendar feeds

def test_calendar_create_stores_only_the_hash_and_revoke_revokes(stack):
    _, pid = project(stack)
    pm = staff_id(stack, PM)
    out = run(stack, "calendar", "create", pid, "client", actor=pm)
    assert out["rc"] == OK and len(out["token"]) == 64
    fid = int(out["id"])
    assert stack.sql(f"SELECT project_id, audience, created_by, token_hash = SHA2('{out['token']}', 256),"
                     f" revoked_at FROM calendar_feeds WHERE id = {fid}") == [
        (str(pid), "client", str(pm), "1", "NULL")]
    assert count(stack, f"SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '{out['token']}'") == 0
    team = run(stack, "calendar", "create", pid, "-", actor=pm)
    assert stack.scalar(f"SELECT audience FROM calendar_feeds WHERE id = {team['id']}") == "team"
    assert team["token"] != out["token"]
    assert run(stack, "calendar", "revoke", pid, fid)["rc"] == OK
    assert stack.scalar(f"SELECT revoked_at IS NOT NULL FROM calendar_feeds WHERE id = {fid}") == "1"
    assert n_activity(stack, pid) == 1   # the project's "created" only


def test_calendar_refusals_write_nothing(stack):
    _, pid = project(stack)
    _, other = project(stack)
    feeds = count(stack, "SELECT COUNT(*) FROM calendar_feeds")
    assert run(stack, "calendar", "create", NOWHERE, "team")["rc"] == NOT_FOUND
    assert run(stack, "calendar", "create", pid, "everyone")["rc"] == -1
    assert count(stack, "SELECT COUNT(*) FROM calendar_feeds") == feeds
    fid = int(run(stack, "calendar", "create", pid, "team")["id"])
    assert run(stack, "calendar", "revoke", other, fid)["rc"] == NOT_FOUND
    assert run(stack, "calendar", "revoke", pid, NOWHERE)["rc"] == NOT_FOUND
    assert stack.scalar(f"SELECT revoked_at FROM calendar_feeds WHERE id = {fid}") == "NULL"
    assert run(stack, "calendar", "revoke", pid, fid)["rc"] == OK
    assert run(stack, "calendar", "revoke", pid, fid)["rc"] == NOT_FOUND


@pytest.mark.parametrize("module", ["plan", "risk", "change", "calendar"])
def test_each_driver_links_without_web_or_pages(module):
    syms = subprocess.run(["nm", str(DRIVERS / f"d_{module}")], capture_output=True, text=True,
                          check=True).stdout
    for s in (" route_dispatch", " render_page", " xml_page", " page_one_row", " sess_load",
              " plan_project", " valid_form"):
        assert s not in syms, s


# ------------------------------------------------------------------ through the pages

def test_a_refused_task_form_shows_the_domains_problems_too(stack, pmc):
    pid = new_project(pmc, stack)
    tom = staff_id(stack, TOM)
    r = pmc.post(f"/projects/{pid}/tasks", {"title": "", "start_date": "2026-03-10", "due_date": "2026-03-09",
                                            "assignee_id": str(tom)}, headers=XML)
    assert r.status == 422
    errs = form_errors(r, "task")
    assert "title" in errs and "before it starts" in errs["due_date"]
    assert "member of this project" in errs["assignee_id"]
    assert count(stack, f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == 0


def test_a_refused_change_form_shows_the_domains_problems_too(stack, pmc):
    pid = new_project(pmc, stack)
    r = pmc.post(f"/projects/{pid}/changes", {"title": "", "impact_hours": "-101", "shift_from": "2026-04-01"},
                 headers=XML)
    assert r.status == 422
    errs = form_errors(r, "change")
    assert "title" in errs
    assert errs["impact_hours"] == "This reduction would take the project's hours budget below zero."
    assert errs["shift_from"] == "Give the impact in days to shift the plan by."
    assert count(stack, f"SELECT COUNT(*) FROM change_requests WHERE project_id = {pid}") == 0


def test_a_risk_form_refused_on_its_owner_and_its_fields(stack, pmc):
    pid = new_project(pmc, stack)
    r = pmc.post(f"/projects/{pid}/risks", {"title": "", "probability": "9", "impact": "3",
                                            "owner_id": str(staff_id(stack, TOM))}, headers=XML)
    assert r.status == 422
    errs = form_errors(r, "risk")
    assert "title" in errs and "probability" in errs and "member of this project" in errs["owner_id"]
    r = pmc.post(f"/projects/{pid}/risks", {"title": "Fine", "probability": "3", "impact": "3",
                                            "owner_id": str(staff_id(stack, TOM))}, headers=XML)
    assert r.status == 422 and list(form_errors(r, "risk")) == ["owner_id"]
    assert count(stack, f"SELECT COUNT(*) FROM risks WHERE project_id = {pid}") == 0
