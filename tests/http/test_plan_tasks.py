"""Planning: project members, milestones, tasks, finish-to-start dependencies,
status changes, /me, shifting dependants and the baseline (issue #3).

Contract: DESIGN §7 (routes, 303 after a POST, 422 with <form-state> and
nothing written), §8 (milestone.reached, task.completed in the transaction)."""
import pytest

from conftest import login_as, unique
from plan_helpers import (MEMBER_ID, PM_ID, SARA_ID, TOM_ID, XML, add_member, deps_of, events,
                          form_errors, milestone, new_project, task, task_data, update_task)


@pytest.fixture(scope="module")
def pmc(stack):
    return login_as(stack, "pm@demo.test")


@pytest.fixture(scope="module")
def memberc(stack):
    return login_as(stack, "member@demo.test")


@pytest.fixture
def pid(stack, pmc):
    p = new_project(pmc, stack)
    add_member(pmc, p, MEMBER_ID)
    return p


# --- milestones ------------------------------------------------------------------

def test_milestone_is_created(stack, pmc, pid):
    mid = milestone(pmc, stack, pid, name="Kick-off done", due="2026-03-20", visible=True)
    assert stack.sql(f"SELECT name, due_date, client_visible, reached_on FROM milestones WHERE id = {mid}") == \
        [("Kick-off done", "2026-03-20", "1", "NULL")]


def test_milestone_reached_records_the_day_and_the_event(stack, pmc, pid):
    mid = milestone(pmc, stack, pid)
    r = pmc.post(f"/milestones/{mid}/reached")
    assert r.status == 303 and r.header("location") == f"/projects/{pid}/tasks"
    assert stack.scalar(f"SELECT reached_on = UTC_DATE() AND reached_by = {PM_ID} FROM milestones WHERE id = {mid}") == "1"
    ev = events(stack, pid, "milestone.reached")
    assert len(ev) == 1 and ev[0]["data"]["milestone"]["id"] == mid


def test_milestone_reached_twice_emits_one_event(stack, pmc, pid):
    mid = milestone(pmc, stack, pid)
    assert pmc.post(f"/milestones/{mid}/reached").status == 303
    assert pmc.post(f"/milestones/{mid}/reached").status == 303
    assert len(events(stack, pid, "milestone.reached")) == 1


def test_milestone_update(stack, pmc, pid):
    mid = milestone(pmc, stack, pid)
    r = pmc.post(f"/milestones/{mid}", {"name": "Renamed", "due_date": "2026-05-05"})
    assert r.status == 303
    assert stack.sql(f"SELECT name, due_date, client_visible FROM milestones WHERE id = {mid}") == \
        [("Renamed", "2026-05-05", "0")]


def test_milestone_update_with_a_bad_date_is_422(stack, pmc, pid):
    mid = milestone(pmc, stack, pid, name="Keep", due="2026-04-01")
    r = pmc.post(f"/milestones/{mid}", {"name": "Changed", "due_date": "someday"}, headers=XML)
    assert r.status == 422
    assert "due_date" in form_errors(r, f"milestone-{mid}")
    assert stack.sql(f"SELECT name, due_date FROM milestones WHERE id = {mid}") == [("Keep", "2026-04-01")]
    html = pmc.post(f"/milestones/{mid}", {"name": "Changed", "due_date": "someday"})
    assert b"must be a date" in html.body


def test_unknown_milestone_is_404(stack, pmc):
    assert pmc.post("/milestones/99999999", {"name": "x", "due_date": "2026-03-03"}).status == 404
    assert pmc.post("/milestones/99999999/reached").status == 404


def test_milestone_without_name_or_date_is_422(stack, pmc, pid):
    r = pmc.post(f"/projects/{pid}/milestones", {"name": "", "due_date": "2026-02-30"}, headers=XML)
    assert r.status == 422
    errs = form_errors(r, "milestone")
    assert "name" in errs and "due_date" in errs
    assert stack.scalar(f"SELECT COUNT(*) FROM milestones WHERE project_id = {pid}") == "0"


def test_milestone_of_unknown_project_is_404(stack, pmc):
    assert pmc.post("/projects/99999999/milestones", {"name": "x", "due_date": "2026-03-03"}).status == 404


def test_member_cannot_create_milestones(stack, memberc, pid):
    assert memberc.post(f"/projects/{pid}/milestones", {"name": "x", "due_date": "2026-03-03"}).status == 403


# --- tasks -------------------------------------------------------------------------

def test_task_is_created_with_every_field(stack, pmc, pid):
    mid = milestone(pmc, stack, pid)
    tid = task(pmc, stack, pid, title="Design system", description="Tokens & components",
               assignee_id=str(MEMBER_ID), milestone_id=str(mid), start_date="2026-03-02",
               due_date="2026-03-13", estimate_hours="12.5", client_visible="1")
    row = stack.sql(f"SELECT title, description, assignee_id, milestone_id, start_date, due_date,"
                    f" estimate_minutes, status, client_visible FROM tasks WHERE id = {tid}")
    assert row == [("Design system", "Tokens & components", str(MEMBER_ID), str(mid), "2026-03-02",
                    "2026-03-13", "750", "todo", "1")]


def test_task_with_several_dependencies(stack, pmc, pid):
    a = task(pmc, stack, pid)
    b = task(pmc, stack, pid)
    c = task(pmc, stack, pid, depends_on=[a, b], start_date="2026-03-09", due_date="2026-03-10")
    assert deps_of(stack, c) == sorted([a, b])


def test_task_ending_before_it_starts_is_422(stack, pmc, pid):
    r = pmc.post(f"/projects/{pid}/tasks", task_data(start_date="2026-03-10", due_date="2026-03-09"),
                 headers=XML)
    assert r.status == 422
    assert "before it starts" in form_errors(r, "task")["due_date"]
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == "0"


def test_assignee_not_on_the_project_is_422(stack, pmc, pid):
    r = pmc.post(f"/projects/{pid}/tasks", task_data(assignee_id=str(TOM_ID)), headers=XML)
    assert r.status == 422
    assert "member of this project" in form_errors(r, "task")["assignee_id"]
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == "0"


def test_client_contact_cannot_be_assignee(stack, pmc, pid):
    r = pmc.post(f"/projects/{pid}/tasks", task_data(assignee_id="7"), headers=XML)
    assert r.status == 422
    assert "assignee_id" in form_errors(r, "task")


def test_milestone_of_another_project_is_422(stack, pmc, pid):
    other = new_project(pmc, stack)
    mid = milestone(pmc, stack, other)
    r = pmc.post(f"/projects/{pid}/tasks", task_data(milestone_id=str(mid)), headers=XML)
    assert r.status == 422
    assert "this project's milestones" in form_errors(r, "task")["milestone_id"]
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == "0"


def test_dependency_on_a_task_of_another_project_is_422(stack, pmc, pid):
    other = new_project(pmc, stack)
    foreign = task(pmc, stack, other)
    r = pmc.post(f"/projects/{pid}/tasks", task_data(depends_on=[foreign]), headers=XML)
    assert r.status == 422
    assert f"task #{foreign} is not a task of this project" in form_errors(r, "task")["_form"]
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}") == "0"


def test_dependency_that_is_not_a_number_is_422(stack, pmc, pid):
    r = pmc.post(f"/projects/{pid}/tasks", task_data() + [("depends_on", "1 OR 1=1")], headers=XML)
    assert r.status == 422
    assert "_form" in form_errors(r, "task")


def test_dependency_cycle_is_422_with_the_path(stack, pmc, pid):
    a = task(pmc, stack, pid, title="Alpha")
    b = task(pmc, stack, pid, title="Bravo", depends_on=[a])
    c = task(pmc, stack, pid, title="Charlie", depends_on=[b])
    r = update_task(pmc, a, title="Alpha", depends_on=[c])
    assert r.status == 422
    r = pmc.post(f"/tasks/{a}", task_data(title="Alpha", depends_on=[c]), headers=XML)
    msg = form_errors(r, "task")["_form"]
    assert "cycle" in msg and "Charlie" in msg and "Bravo" in msg


def test_dependency_cycle_writes_nothing(stack, pmc, pid):
    a = task(pmc, stack, pid, title="Alpha")
    b = task(pmc, stack, pid, title="Bravo", depends_on=[a])
    assert update_task(pmc, a, title="Renamed", depends_on=[b]).status == 422
    assert stack.scalar(f"SELECT title FROM tasks WHERE id = {a}") == "Alpha"
    assert deps_of(stack, a) == []


def test_task_cannot_depend_on_itself(stack, pmc, pid):
    a = task(pmc, stack, pid)
    r = pmc.post(f"/tasks/{a}", task_data(depends_on=[a]), headers=XML)
    assert r.status == 422
    assert "itself" in form_errors(r, "task")["_form"]


def test_422_keeps_the_values_and_dependencies(stack, pmc, pid):
    a = task(pmc, stack, pid)
    r = pmc.post(f"/projects/{pid}/tasks", task_data(title="Keep me", start_date="2026-04-02",
                                                    due_date="2026-04-01", depends_on=[a]), headers=XML)
    assert r.status == 422
    doc = r.xml()
    assert doc.xpath("string(/page/form-state[@for='task']/value[@name='title'])") == "Keep me"
    assert doc.xpath("/page/form-state[@for='task']/value[@name='depends_on']/text()") == [str(a)]


def test_update_changes_dependencies(stack, pmc, pid):
    a = task(pmc, stack, pid)
    b = task(pmc, stack, pid)
    c = task(pmc, stack, pid, depends_on=[a])
    assert update_task(pmc, c, depends_on=[b]).status == 303
    assert deps_of(stack, c) == [b]


def test_member_cannot_create_tasks(stack, memberc, pid):
    assert memberc.post(f"/projects/{pid}/tasks", task_data()).status == 403


def test_unknown_task_is_404(stack, pmc):
    assert pmc.get("/tasks/99999999").status == 404
    assert pmc.post("/tasks/99999999/status", {"status": "done"}).status == 404


def test_client_cannot_see_the_plan(stack, acme, pid):
    assert acme.get(f"/projects/{pid}/tasks").status == 403


# --- the task list ---------------------------------------------------------------

def test_task_list_is_grouped_by_milestone(stack, pmc, pid):
    m1 = milestone(pmc, stack, pid, due="2026-03-31")
    m2 = milestone(pmc, stack, pid, due="2026-04-30")
    t2 = task(pmc, stack, pid, milestone_id=str(m2))
    t1 = task(pmc, stack, pid, milestone_id=str(m1))
    t0 = task(pmc, stack, pid)
    doc = pmc.get_xml(f"/projects/{pid}/tasks").xml()
    groups = doc.xpath("/page/groups/group")
    assert [g.get("milestone-id") for g in groups] == [str(m1), str(m2), None]
    assert [[int(t) for t in g.xpath("task/@id")] for g in groups] == [[t1], [t2], [t0]]


def test_task_list_filters_by_assignee(stack, pmc, pid):
    mine = task(pmc, stack, pid, assignee_id=str(MEMBER_ID))
    task(pmc, stack, pid)
    doc = pmc.get_xml(f"/projects/{pid}/tasks?assignee_id={MEMBER_ID}").xml()
    assert [int(x) for x in doc.xpath("/page/groups/group/task/@id")] == [mine]


def test_task_list_filters_by_status(stack, pmc, pid):
    a = task(pmc, stack, pid)
    task(pmc, stack, pid)
    assert pmc.post(f"/tasks/{a}/status", {"status": "blocked"}).status == 303
    doc = pmc.get_xml(f"/projects/{pid}/tasks?status=blocked").xml()
    assert [int(x) for x in doc.xpath("/page/groups/group/task/@id")] == [a]


def test_unknown_filter_values_filter_nothing(stack, pmc, pid):
    task(pmc, stack, pid)
    doc = pmc.get_xml(f"/projects/{pid}/tasks?status=nope&assignee_id=abc").xml()
    assert len(doc.xpath("/page/groups/group/task")) == 1


# --- status ----------------------------------------------------------------------

def test_completing_records_who_when_and_the_event(stack, pmc, pid):
    a = task(pmc, stack, pid, title="Finish me")
    assert pmc.post(f"/tasks/{a}/status", {"status": "done"}).status == 303
    assert stack.scalar(f"SELECT completed_by = {PM_ID} AND completed_at IS NOT NULL FROM tasks WHERE id = {a}") == "1"
    ev = events(stack, pid, "task.completed")
    assert len(ev) == 1 and ev[0]["data"]["task"]["id"] == a and ev[0]["data"]["completed_by"] == PM_ID


def test_reopening_clears_the_completion(stack, pmc, pid):
    a = task(pmc, stack, pid)
    pmc.post(f"/tasks/{a}/status", {"status": "done"})
    assert pmc.post(f"/tasks/{a}/status", {"status": "doing"}).status == 303
    assert stack.sql(f"SELECT status, completed_at, completed_by FROM tasks WHERE id = {a}") == \
        [("doing", "NULL", "NULL")]


def test_member_changes_the_status_of_their_own_task(stack, pmc, memberc, pid):
    a = task(pmc, stack, pid, assignee_id=str(MEMBER_ID))
    assert memberc.post(f"/tasks/{a}/status", {"status": "done"}).status == 303
    assert stack.scalar(f"SELECT completed_by FROM tasks WHERE id = {a}") == str(MEMBER_ID)


def test_member_cannot_change_the_status_of_another_task(stack, pmc, memberc, pid):
    a = task(pmc, stack, pid)
    assert memberc.post(f"/tasks/{a}/status", {"status": "done"}).status == 403
    assert stack.scalar(f"SELECT status FROM tasks WHERE id = {a}") == "todo"


def test_bad_status_is_422(stack, pmc, pid):
    a = task(pmc, stack, pid)
    r = pmc.post(f"/tasks/{a}/status", {"status": "finished"}, headers=XML)
    assert r.status == 422
    assert "status" in form_errors(r, "status")


def test_status_without_csrf_is_403(stack, pmc, pid):
    a = task(pmc, stack, pid)
    assert pmc.post(f"/tasks/{a}/status", {"status": "done"}, csrf=False).status == 403


def test_me_lists_my_open_tasks_overdue_first(stack, pmc, memberc, pid):
    late = task(pmc, stack, pid, assignee_id=str(MEMBER_ID), start_date="2020-01-01", due_date="2020-01-02")
    soon = task(pmc, stack, pid, assignee_id=str(MEMBER_ID), start_date="2030-01-01", due_date="2030-01-02")
    done = task(pmc, stack, pid, assignee_id=str(MEMBER_ID))
    memberc.post(f"/tasks/{done}/status", {"status": "done"})
    ids = [int(x) for x in memberc.get_xml("/me").xml().xpath("/page/tasks/task/@id")]
    assert late in ids and soon in ids and done not in ids
    assert ids.index(late) < ids.index(soon)
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE assignee_id = {MEMBER_ID} AND status <> 'done'") == str(len(ids))


# --- members -----------------------------------------------------------------------

def test_members_are_listed_with_the_pm(stack, pmc, pid):
    doc = pmc.get_xml(f"/projects/{pid}/tasks").xml()
    assert sorted(int(x) for x in doc.xpath("/page/members/user/@id")) == sorted([PM_ID, MEMBER_ID])


def test_removing_a_member_unassigns_their_open_tasks(stack, pmc, pid):
    a = task(pmc, stack, pid, assignee_id=str(MEMBER_ID))
    assert pmc.post(f"/projects/{pid}/members/{MEMBER_ID}/remove").status == 303
    assert stack.scalar(f"SELECT assignee_id FROM tasks WHERE id = {a}") == "NULL"
    assert stack.scalar(f"SELECT COUNT(*) FROM project_members WHERE project_id = {pid}") == "0"


def test_adding_a_client_contact_as_member_is_422(stack, pmc, pid):
    r = pmc.post(f"/projects/{pid}/members", {"user_id": "7"}, headers=XML)
    assert r.status == 422
    assert "user_id" in form_errors(r, "member")


def test_removing_someone_not_on_the_project_is_404(stack, pmc, pid):
    assert pmc.post(f"/projects/{pid}/members/{SARA_ID}/remove").status == 404


# --- moving tasks and the baseline ----------------------------------------------------

def test_moving_a_predecessor_shows_the_dependants_and_moves_nothing(stack, pmc, pid):
    a = task(pmc, stack, pid, start_date="2026-03-02", due_date="2026-03-06")
    b = task(pmc, stack, pid, start_date="2026-03-09", due_date="2026-03-13", depends_on=[a])
    assert update_task(pmc, a, start_date="2026-03-02", due_date="2026-03-11").status == 303
    assert stack.scalar(f"SELECT start_date FROM tasks WHERE id = {b}") == "2026-03-09"
    doc = pmc.get_xml(f"/tasks/{a}").xml()
    assert [int(x) for x in doc.xpath("/page/conflicts/dependant/@id")] == [b]


def test_shift_moves_dependants_and_theirs(stack, pmc, pid):
    a = task(pmc, stack, pid, start_date="2026-03-02", due_date="2026-03-06")
    b = task(pmc, stack, pid, start_date="2026-03-09", due_date="2026-03-13", depends_on=[a])
    c = task(pmc, stack, pid, start_date="2026-03-16", due_date="2026-03-17", depends_on=[b])
    free = task(pmc, stack, pid, start_date="2026-03-03", due_date="2026-03-04")
    update_task(pmc, a, start_date="2026-03-02", due_date="2026-03-11")
    assert pmc.post(f"/tasks/{a}/shift").status == 303
    assert stack.sql(f"SELECT start_date, due_date FROM tasks WHERE id IN ({b}, {c}, {free}) ORDER BY id") == [
        ("2026-03-12", "2026-03-18"), ("2026-03-19", "2026-03-20"), ("2026-03-03", "2026-03-04")]  # issue 16: working days, lengths kept


def test_shift_by_a_member_is_403(stack, pmc, memberc, pid):
    a = task(pmc, stack, pid)
    assert memberc.post(f"/tasks/{a}/shift").status == 403


def test_entering_execution_saves_the_baseline(stack, pmc, pid):
    mid = milestone(pmc, stack, pid, due="2026-04-01")
    a = task(pmc, stack, pid, start_date="2026-03-02", due_date="2026-03-06")
    assert pmc.post(f"/projects/{pid}/stage", {"stage": "execution"}).status == 303
    assert stack.sql(f"SELECT baseline_start, baseline_due FROM tasks WHERE id = {a}") == [("2026-03-02", "2026-03-06")]
    assert stack.scalar(f"SELECT baseline_due FROM milestones WHERE id = {mid}") == "2026-04-01"
    assert stack.scalar(f"SELECT baseline_at IS NOT NULL AND baseline_due = due_date FROM projects WHERE id = {pid}") == "1"


def test_other_stage_changes_save_no_baseline(stack, pmc, pid):
    a = task(pmc, stack, pid)
    assert pmc.post(f"/projects/{pid}/stage", {"stage": "planning"}).status == 303
    assert stack.scalar(f"SELECT baseline_due FROM tasks WHERE id = {a}") == "NULL"


def test_slip_against_the_baseline(stack, pmc, pid):
    a = task(pmc, stack, pid, start_date="2026-03-02", due_date="2026-03-06")
    pmc.post(f"/projects/{pid}/stage", {"stage": "execution"})
    update_task(pmc, a, start_date="2026-03-02", due_date="2026-03-09")
    doc = pmc.get_xml(f"/projects/{pid}/tasks").xml()
    assert doc.xpath("string(/page/groups/group/task/@slip)") == "3"
