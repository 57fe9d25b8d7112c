"""Helpers shared by the planning tests (tests/http/test_plan_*.py)."""
import json

from conftest import unique

PM_ID = 2        # pm@demo.test
MEMBER_ID = 3    # member@demo.test (Marco)
TOM_ID = 5       # tom@demo.test, a member
SARA_ID = 6      # sara@demo.test, a member
CONTACT_ID = 7   # client@acme.test


def new_project(c, stack, client_id=None, start="2026-03-02", due="2026-06-30", **kw):
    """A fresh project (PM pm@demo.test) of a fresh client, or of client_id."""
    token = c.csrf()
    if client_id is None:
        r = c.request("POST", "/clients", body={"name": unique("Plan client"), "cadence": "weekly",
                                                "csrf": token})
        assert r.status == 303, r
        client_id = int(r.header("location").rsplit("/", 1)[1])
    d = {"client_id": str(client_id), "name": unique("Plan project"), "pm_id": str(PM_ID),
         "start_date": start, "due_date": due, "budget_hours": "100", "budget_amount": "10000.00",
         "currency": "EUR", "csrf": token}
    d.update(kw)
    r = c.request("POST", "/projects", body=d)
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def last_id(stack, table, pid):
    return int(stack.scalar(f"SELECT MAX(id) FROM {table} WHERE project_id = {pid}"))


def add_member(c, pid, uid):
    r = c.post(f"/projects/{pid}/members", {"user_id": str(uid)})
    assert r.status == 303, r


def milestone(c, stack, pid, name=None, due="2026-04-30", visible=False):
    d = {"name": name or unique("Milestone"), "due_date": due}
    if visible:
        d["client_visible"] = "1"
    r = c.post(f"/projects/{pid}/milestones", d)
    assert r.status == 303, r
    return last_id(stack, "milestones", pid)


def task_data(**kw):
    d = {"title": unique("Task"), "start_date": "2026-03-02", "due_date": "2026-03-06"}
    d.update({k: v for k, v in kw.items() if k != "depends_on"})
    items = list(d.items())
    for dep in kw.get("depends_on", []):
        items.append(("depends_on", str(dep)))
    return items


def task(c, stack, pid, **kw):
    r = c.post(f"/projects/{pid}/tasks", task_data(**kw))
    assert r.status == 303, r
    return last_id(stack, "tasks", pid)


def update_task(c, tid, **kw):
    return c.post(f"/tasks/{tid}", task_data(**kw))


def form_errors(resp, form):
    doc = resp.xml() if resp.body.lstrip().startswith(b"<?xml") else None
    assert doc is not None, resp.body[:500]
    st = doc.xpath("/page/form-state[@for=$f]", f=form)
    assert len(st) == 1, resp.body[:2000]
    return {e.get("field"): e.text or "" for e in st[0].xpath("error")}


def events(stack, pid, type_):
    rows = stack.sql(f"SELECT payload FROM outbox WHERE project_id = {pid} AND type = '{type_}' ORDER BY id")
    return [json.loads(r[0]) for r in rows]


def deps_of(stack, tid):
    return sorted(int(r[0]) for r in stack.sql(f"SELECT depends_on_id FROM task_deps WHERE task_id = {tid}"))


XML = {"Accept": "application/xml"}
