"""Project templates (issue 16): a project's plan saved as a template (milestones, tasks with their
offsets and durations in working days, dependencies, estimates, roles instead of people,
client-visible flags, KPIs without values, standard risks without owners; never time, documents,
messages or a client's name), listed, viewed, edited and deleted by PMs, and a new project made
from one on working days in one transaction.

Decisions tested here (README, "Project templates"):
- every template route needs a PM or an admin: a member gets 403 (no read-only view), a contact
  403, like every staff-only route; any PM or admin may edit or delete any template (they are
  the agency's playbook, as any PM may edit any project);
- a role is a named slot; saving asks a role for each person the project's tasks are assigned to
  (suggested from their own role), two people given the same role make one; making a project
  asks a person for every role that has tasks, and a role with nobody chosen is 422;
- a start date on a weekend or holiday moves on to the next working day (not refused);
- a client's name (or the first label of its domain) copied from a project becomes "{client}",
  filled in with the new project's client; typed into a template (name, description, a title, a
  role) it is refused (422).
Every refusal is 422 with the form back and nothing written (rows counted)."""
import datetime
import json

import pytest

from conftest import XML, form_state, login_as, unique
from domain_util import run
from plan_helpers import MEMBER_ID, PM_ID, TOM_ID, SARA_ID, add_member, milestone, task

LENA_ID = 4
REFUSED, NOT_FOUND = 2, 1


# ------------------------------------------------------------------ helpers

def working(d):
    return d.weekday() < 5


def add_wd(start, n):
    """The working day n working days after start (Mon-Fri, no holidays: the tests' years have none)."""
    d = start
    while not working(d):
        d += datetime.timedelta(days=1)
    while n > 0:
        d += datetime.timedelta(days=1)
        if working(d):
            n -= 1
    return d


def iso(d):
    return d.isoformat()


def new_client(pmc, stack):
    """A fresh client with a name and a domain that appear nowhere else: (id, name, domain label)."""
    n = unique("c").split("-")[1][-9:]
    name, label = f"Zephyr{n} Logistics", f"zephyr{n}"
    r = pmc.post("/clients", {"name": name, "domain": f"{label}.test", "cadence": "weekly"})
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1]), name, label


def new_project(pmc, stack, client_id, start="2033-05-02", due="2033-06-30"):
    r = pmc.post("/projects", {"client_id": str(client_id), "name": unique("Template source"),
                               "pm_id": str(PM_ID), "start_date": start, "due_date": due,
                               "budget_hours": "100", "budget_amount": "1000.00", "currency": "EUR"})
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def counts(stack):
    return stack.sql("SELECT (SELECT COUNT(*) FROM templates), (SELECT COUNT(*) FROM template_tasks),"
                     " (SELECT COUNT(*) FROM template_roles), (SELECT COUNT(*) FROM template_milestones),"
                     " (SELECT COUNT(*) FROM template_task_deps), (SELECT COUNT(*) FROM template_kpis),"
                     " (SELECT COUNT(*) FROM template_risks), (SELECT COUNT(*) FROM projects),"
                     " (SELECT COUNT(*) FROM tasks), (SELECT COUNT(*) FROM milestones),"
                     " (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM activity),"
                     " (SELECT COUNT(*) FROM notifications), (SELECT COUNT(*) FROM project_members)")[0]


def roles_of(stack, tid):
    return {name: int(rid) for rid, name in stack.sql(f"SELECT id, name FROM template_roles WHERE template_id = {tid}")}


def template_text(stack, tid):
    """Every text a template holds, in one string."""
    rows = stack.sql(
        f"SELECT CONCAT_WS('|', name, description) FROM templates WHERE id = {tid}"
        f" UNION ALL SELECT name FROM template_roles WHERE template_id = {tid}"
        f" UNION ALL SELECT name FROM template_milestones WHERE template_id = {tid}"
        f" UNION ALL SELECT CONCAT_WS('|', title, description) FROM template_tasks WHERE template_id = {tid}"
        f" UNION ALL SELECT CONCAT_WS('|', name, target) FROM template_kpis WHERE template_id = {tid}"
        f" UNION ALL SELECT CONCAT_WS('|', title, mitigation) FROM template_risks WHERE template_id = {tid}")
    return "\n".join(r[0] for r in rows)


@pytest.fixture(scope="module")
def lenac(stack):
    return login_as(stack, "lena@demo.test")


@pytest.fixture(scope="module")
def source(stack, pmc):
    """A project whose plan is worth keeping, with things a template must never carry."""
    o = {}
    o["client"], o["client_name"], o["label"] = new_client(pmc, stack)
    o["project"] = pid = new_project(pmc, stack, o["client"])
    add_member(pmc, pid, MEMBER_ID)
    add_member(pmc, pid, TOM_ID)
    o["ms"] = milestone(pmc, stack, pid, name=f"Scope signed with {o['client_name']}", due="2033-05-06",
                        visible=True)
    o["t1"] = task(pmc, stack, pid, title=f"Kick-off with {o['client_name']}", assignee_id=str(PM_ID),
                   start_date="2033-05-02", due_date="2033-05-02", estimate_hours="4", client_visible="1")
    o["t2"] = task(pmc, stack, pid, title="Stakeholder interviews", assignee_id=str(MEMBER_ID),
                   milestone_id=str(o["ms"]), start_date="2033-05-03", due_date="2033-05-09",
                   estimate_hours="10", description=f"Ask {o['label'].upper()} legal too.",
                   depends_on=[o["t1"]])
    # starts on a Saturday: counted from the Monday after
    o["t3"] = task(pmc, stack, pid, title=f"Design for {o['label']}", assignee_id=str(TOM_ID),
                   start_date="2033-05-07", due_date="2033-05-12", estimate_hours="16",
                   depends_on=[o["t1"]])
    o["t4"] = task(pmc, stack, pid, title="Retrospective", start_date="2033-05-13", due_date="2033-05-13",
                   depends_on=[o["t2"], o["t3"]])
    assert pmc.post(f"/projects/{pid}/kpis", {"name": f"Conversion for {o['client_name']}", "target": "3 %",
                                             "actual": "2.1 %"}).status == 303
    assert pmc.post(f"/projects/{pid}/risks", {"title": "Late content", "probability": "4", "impact": "3",
                                              "owner_id": str(MEMBER_ID),
                                              "mitigation": f"Weekly check with {o['label']}"}).status == 303
    # what a template never carries: time, messages
    o["note"] = unique("Secret time note")
    assert pmc.post("/time/entries", {"project_id": str(pid), "task_id": str(o["t2"]), "work_date": "2033-05-03",
                                      "hours": "2", "note": o["note"]}).status == 303
    o["message"] = unique("Secret message")
    assert pmc.post(f"/projects/{pid}/messages", {"subject": unique("Thread"), "body": o["message"]}).status == 303
    return o


@pytest.fixture(scope="module")
def saved(stack, pmc, source):
    """The source project saved as a template: its id."""
    name = unique("Website build")
    r = pmc.post(f"/projects/{source['project']}/template", {
        "name": name, "description": "Four tasks, one milestone.",
        f"role_{PM_ID}": "Project manager", f"role_{MEMBER_ID}": "Developer", f"role_{TOM_ID}": "Designer"})
    assert r.status == 303, r
    tid = int(r.header("location").rsplit("/", 1)[1])
    source["template_name"] = name
    return tid


def tasks_of(stack, tid):
    return {r[0]: r[1:] for r in stack.sql(
        "SELECT t.title, COALESCE(r.name, '-'), t.start_offset, t.duration, t.estimate_minutes, t.client_visible,"
        " COALESCE(m.name, '-') FROM template_tasks t LEFT JOIN template_roles r ON r.id = t.role_id"
        f" LEFT JOIN template_milestones m ON m.id = t.milestone_id WHERE t.template_id = {tid}")}


def task_id(stack, tid, title):
    return int(stack.scalar(f"SELECT id FROM template_tasks WHERE template_id = {tid} AND title = '{title}'"))


# ------------------------------------------------------------------ saving

def test_save_form_suggests_a_role_for_each_assignee(stack, pmc, source):
    r = pmc.get(f"/projects/{source['project']}/template?format=xml")
    assert r.status == 200, r
    people = r.xml().xpath("/page/people/person")
    assert [(int(p.get("id")), p.get("tasks"), p.get("suggested-role")) for p in people] == [
        (PM_ID, "1", "Project manager"), (MEMBER_ID, "1", "Team member"), (TOM_ID, "1", "Team member 2")]
    assert r.xml().xpath("string(/page/people/@tasks)") == "4"
    page = pmc.get(f"/projects/{source['project']}")
    assert f'href="/projects/{source["project"]}/template"'.encode() in page.body  # "Save as template"


def test_save_keeps_the_plan_on_working_days_with_roles(stack, saved, source):
    tid = saved
    assert tasks_of(stack, tid) == {
        "Kick-off with {client}": ("Project manager", "0", "1", "240", "1", "-"),
        "Stakeholder interviews": ("Developer", "1", "5", "600", "0", "Scope signed with {client}"),
        "Design for {client}": ("Designer", "5", "4", "960", "0", "-"),
        "Retrospective": ("-", "9", "1", "0", "0", "-"),
    }
    assert stack.sql(f"SELECT name, day_offset, client_visible FROM template_milestones WHERE template_id = {tid}") == [
        ("Scope signed with {client}", "4", "1")]
    assert sorted(roles_of(stack, tid)) == ["Designer", "Developer", "Project manager"]
    deps = stack.sql("SELECT a.title, b.title FROM template_task_deps d JOIN template_tasks a ON a.id = d.task_id"
                     f" JOIN template_tasks b ON b.id = d.depends_on_id WHERE d.template_id = {tid} ORDER BY 1, 2")
    assert deps == [("Design for {client}", "Kick-off with {client}"), ("Retrospective", "Design for {client}"),
                    ("Retrospective", "Stakeholder interviews"), ("Stakeholder interviews", "Kick-off with {client}")]
    # KPIs keep what and the target, never the value; risks no owner
    assert stack.sql(f"SELECT name, target FROM template_kpis WHERE template_id = {tid}") == [
        ("Conversion for {client}", "3 %")]
    assert stack.sql(f"SELECT title, probability, impact, mitigation FROM template_risks WHERE template_id = {tid}") == [
        ("Late content", "4", "3", "Weekly check with {client}")]
    assert stack.scalar(f"SELECT created_by FROM templates WHERE id = {tid}") == str(PM_ID)


def test_a_template_never_carries_the_client_time_or_messages(stack, saved, source):
    text = template_text(stack, saved)
    assert "{client}" in text
    for secret in (source["client_name"], source["label"], "Zephyr", source["note"], source["message"], "2.1 %"):
        assert secret.lower() not in text.lower(), secret
    assert "Ask {client} legal too." in text


@pytest.mark.parametrize("form, field", [
    ({"name": ""}, "name"),
    ({"name": "Acme Corp website"}, "name"),
    ({"name": "Website for acme"}, "name"),
    ({"description": "What we did for Globex"}, "description"),
    ({f"role_{MEMBER_ID}": ""}, f"role_{MEMBER_ID}"),
    ({f"role_{MEMBER_ID}": "Initech liaison"}, f"role_{MEMBER_ID}"),
    ({f"role_{TOM_ID}": "x" * 101}, f"role_{TOM_ID}"),
], ids=["no-name", "client-name", "domain-label", "client-in-description", "role-missing", "role-names-client",
        "role-too-long"])
def test_save_refusals_are_422_nothing_written(stack, pmc, source, form, field):
    data = {"name": unique("Refused template"), "description": "",
            f"role_{PM_ID}": "Project manager", f"role_{MEMBER_ID}": "Developer", f"role_{TOM_ID}": "Designer"}
    data.update(form)
    before = counts(stack)
    r = pmc.post(f"/projects/{source['project']}/template?format=xml", data)
    assert r.status == 422, r
    values, errors = form_state(r, "template")
    assert field in errors, errors
    assert values.get("name", "") == data["name"]
    assert counts(stack) == before


def test_save_with_a_name_taken_is_422(stack, pmc, source, saved):
    before = counts(stack)
    r = pmc.post(f"/projects/{source['project']}/template?format=xml", {
        "name": source["template_name"], f"role_{PM_ID}": "PM", f"role_{MEMBER_ID}": "Dev", f"role_{TOM_ID}": "Des"})
    assert r.status == 422 and "exists already" in form_state(r, "template")[1]["name"]
    assert counts(stack) == before


def test_save_a_project_without_a_plan_is_422(stack, pmc, source):
    pid = new_project(pmc, stack, source["client"])
    before = counts(stack)
    r = pmc.post(f"/projects/{pid}/template?format=xml", {"name": unique("Empty plan")})
    assert r.status == 422 and "no plan" in form_state(r, "template")[1]["_form"]
    assert counts(stack) == before
    assert pmc.post("/projects/987654321/template", {"name": unique("Nowhere")}).status == 404


def test_two_people_with_one_role_make_one_role(stack, pmc, source):
    r = pmc.post(f"/projects/{source['project']}/template", {
        "name": unique("One role"), f"role_{PM_ID}": "Crew", f"role_{MEMBER_ID}": "Crew", f"role_{TOM_ID}": "crew"})
    assert r.status == 303, r
    tid = int(r.header("location").rsplit("/", 1)[1])
    assert list(roles_of(stack, tid)) == ["Crew"]
    assert stack.scalar(f"SELECT COUNT(*) FROM template_tasks WHERE template_id = {tid} AND role_id IS NOT NULL") == "3"


# ------------------------------------------------------------------ list, view, who

def test_list_and_view(stack, pmc, saved, source):
    r = pmc.get("/templates?format=xml")
    assert r.status == 200
    row = r.xml().xpath("/page/templates/template[@id=$t]", t=str(saved))[0]
    assert (row.get("name"), row.get("tasks"), row.get("milestones"), row.get("roles"), row.get("working-days")) == (
        source["template_name"], "4", "1", "3", "10")
    assert pmc.get("/templates").status == 200
    doc = pmc.get(f"/templates/{saved}?format=xml").xml()
    assert doc.xpath("/page/tasks/task/@title")[0] == "Kick-off with {client}"
    retro = doc.xpath("/page/tasks/task[@title='Retrospective']")[0]
    assert sorted(retro.xpath("after/@title")) == ["Design for {client}", "Stakeholder interviews"]
    assert (retro.get("start-offset"), retro.get("end-offset")) == ("9", "9")
    html = pmc.get(f"/templates/{saved}")
    assert html.status == 200 and b"New project from this template" in html.body
    assert pmc.get("/templates/987654321").status == 404
    # the demo's two
    names = r.xml().xpath("/page/templates/template/@name")
    assert "Website build" in names and "Brand refresh" in names


@pytest.mark.parametrize("who", ["memberc", "acmec", "globexc"])
def test_members_and_contacts_never_reach_templates(stack, request, who, saved, source):
    c = request.getfixturevalue(who)
    before = counts(stack)
    for path in ("/templates", f"/templates/{saved}", f"/templates/{saved}/use",
                 f"/templates/{saved}/tasks/{task_id(stack, saved, 'Retrospective')}",
                 f"/projects/{source['project']}/template"):
        r = c.get(path)
        assert r.status == 403, (path, r)
        assert source["template_name"].encode() not in r.body
    for path, form in ((f"/templates/{saved}", {"name": "Mine now"}),
                       (f"/templates/{saved}/delete", {"confirm": "1"}),
                       (f"/templates/{saved}/use", {"client_id": "1", "name": "x", "start_date": "2033-09-05",
                                                   "currency": "EUR"}),
                       (f"/projects/{source['project']}/template", {"name": "Stolen"})):
        assert c.post(path, form).status == 403, path
    assert counts(stack) == before


def test_signed_out_is_sent_to_sign_in(stack, client, saved):
    r = client.get(f"/templates/{saved}")
    assert r.status == 303 and "/login" in r.header("location")


# ------------------------------------------------------------------ editing

def edit_task(c, tid, task, **kw):
    d = {"title": "Stakeholder interviews", "start_offset": "1", "duration": "5", "estimate_hours": "10"}
    d.update(kw)
    return c.post(f"/templates/{tid}/tasks/{task}?format=xml", d)


def test_task_edit_saves_offsets_duration_estimate_role(stack, pmc, saved):
    t = task_id(stack, saved, "Stakeholder interviews")
    roles = roles_of(stack, saved)
    doc = pmc.get(f"/templates/{saved}/tasks/{t}?format=xml").xml()
    assert doc.xpath("string(/page/tasks/task[@current='1']/@title)") == "Stakeholder interviews"
    r = edit_task(pmc, saved, t, start_offset="2", duration="4", estimate_hours="12.5",
                  role_id=str(roles["Designer"]), client_visible="1")
    assert r.status == 303, r
    assert tasks_of(stack, saved)["Stakeholder interviews"] == ("Designer", "2", "4", "750", "1", "-")
    # and back (the module's other tests expect the saved plan)
    assert edit_task(pmc, saved, t, role_id=str(roles["Developer"]),
                     milestone_id=stack.scalar(f"SELECT id FROM template_milestones WHERE template_id = {saved}")
                     ).status == 303
    assert tasks_of(stack, saved)["Stakeholder interviews"] == (
        "Developer", "1", "5", "600", "0", "Scope signed with {client}")


@pytest.mark.parametrize("kw, field, words", [
    ({"duration": "0"}, "duration", "cannot end before it starts"),
    ({"duration": "-3"}, "duration", "cannot end before it starts"),
    ({"start_offset": "-1"}, "start_offset", "0 or more"),
    ({"start_offset": "0"}, "start_offset", "depends on"),           # before the kick-off ends
    ({"duration": "9"}, "duration", "depends on it"),                # past the retrospective's start
    ({"start_offset": "99999"}, "start_offset", "at most"),
    ({"title": ""}, "title", ""),
    ({"title": "Interviews at Globex"}, "title", "client"),
    ({"role_id": "987654321"}, "role_id", "role"),
    ({"milestone_id": "987654321"}, "milestone_id", "milestone"),
    ({"duration": "two"}, "duration", ""),
], ids=["zero-duration", "negative-duration", "before-the-start", "before-its-predecessor-ends",
        "past-its-dependant", "too-far", "no-title", "client-in-title", "other-role", "other-milestone", "not-a-number"])
def test_bad_task_edits_are_422_nothing_written(stack, pmc, saved, kw, field, words):
    t = task_id(stack, saved, "Stakeholder interviews")
    before = tasks_of(stack, saved)
    r = edit_task(pmc, saved, t, **kw)
    assert r.status == 422, r
    values, errors = form_state(r, "task")
    assert field in errors and words in errors[field], errors
    for k, v in kw.items():
        assert values.get(k, "") == v
    assert tasks_of(stack, saved) == before


def test_a_role_of_another_template_is_refused(stack, pmc, saved):
    other = int(stack.scalar("SELECT id FROM template_roles WHERE template_id <> %d LIMIT 1" % saved))
    t = task_id(stack, saved, "Retrospective")
    before = tasks_of(stack, saved)
    r = pmc.post(f"/templates/{saved}/tasks/{t}?format=xml", {"title": "Retrospective", "start_offset": "9",
                                                             "duration": "1", "role_id": str(other)})
    assert r.status == 422 and "role_id" in form_state(r, "task")[1]
    assert tasks_of(stack, saved) == before
    # a task of another template through this one: 404
    demo_task = stack.scalar(f"SELECT id FROM template_tasks WHERE template_id <> {saved} LIMIT 1")
    assert pmc.post(f"/templates/{saved}/tasks/{demo_task}", {"title": "x", "start_offset": "0",
                                                              "duration": "1"}).status == 404
    assert pmc.get(f"/templates/{saved}/tasks/{demo_task}").status == 404


def test_rename_describe_milestone_role(stack, pmc, lenac, saved, source):
    # another PM edits it too: templates are the agency's
    name = unique("Renamed by Lena")
    assert lenac.post(f"/templates/{saved}", {"name": name, "description": "Lena's words"}).status == 303
    assert stack.sql(f"SELECT name, description FROM templates WHERE id = {saved}") == [(name, "Lena's words")]
    source["template_name"] = name
    ms = stack.scalar(f"SELECT id FROM template_milestones WHERE template_id = {saved}")
    assert pmc.post(f"/templates/{saved}/milestones/{ms}", {"name": "Scope signed with {client}", "day_offset": "5",
                                                           "client_visible": "1"}).status == 303
    assert stack.scalar(f"SELECT day_offset FROM template_milestones WHERE id = {ms}") == "5"
    for form, field in (({"name": "Scope signed", "day_offset": "-2"}, "day_offset"),
                        ({"name": "", "day_offset": "3"}, "name"),
                        ({"name": "Signed by Initech", "day_offset": "3"}, "name")):
        r = pmc.post(f"/templates/{saved}/milestones/{ms}?format=xml", form)
        assert r.status == 422 and field in form_state(r, f"milestone-{ms}")[1], (form, r)
    assert stack.sql(f"SELECT name, day_offset FROM template_milestones WHERE id = {ms}") == [
        ("Scope signed with {client}", "5")]
    assert pmc.post(f"/templates/{saved}/milestones/{ms}", {"name": "Scope signed with {client}", "day_offset": "4",
                                                           "client_visible": "1"}).status == 303
    role = roles_of(stack, saved)["Designer"]
    assert pmc.post(f"/templates/{saved}/roles/{role}", {"name": "Visual designer"}).status == 303
    r = pmc.post(f"/templates/{saved}/roles/{role}?format=xml", {"name": "Developer"})
    assert r.status == 422 and "Another role" in form_state(r, f"role-{role}")[1]["name"]
    assert pmc.post(f"/templates/{saved}/roles/{role}", {"name": "Designer"}).status == 303
    # a name taken by another template, or naming a client: 422, nothing written
    for bad in ("Website build", "Acme Corp playbook"):
        r = pmc.post(f"/templates/{saved}?format=xml", {"name": bad})
        assert r.status == 422 and "name" in form_state(r, "template")[1], bad
    assert stack.scalar(f"SELECT name FROM templates WHERE id = {saved}") == name


# ------------------------------------------------------------------ a project from a template

def use_form(stack, tid, **kw):
    roles = roles_of(stack, tid)
    d = {"client_id": str(kw.pop("client_id")), "name": unique("From a template"), "pm_id": str(PM_ID),
         "start_date": "2033-09-03", "currency": "EUR", "code": "TPL-1"}
    for name, uid in (("Project manager", LENA_ID), ("Developer", SARA_ID), ("Designer", TOM_ID)):
        if name in roles:
            d[f"role_{roles[name]}"] = str(uid)
    d.update(kw)
    return d


def test_use_form_lists_the_roles_with_tasks(stack, pmc, saved):
    doc = pmc.get(f"/templates/{saved}/use?format=xml").xml()
    assert sorted(doc.xpath("/page/roles/role/@name")) == ["Designer", "Developer", "Project manager"]
    assert doc.xpath("/page/staff/user[@id=$u]", u=str(SARA_ID))
    assert pmc.get(f"/templates/{saved}/use").status == 200
    assert pmc.get("/templates/987654321/use").status == 404


def test_project_from_a_template_on_working_days(stack, pmc, saved, source):
    cid, cname, _ = new_client(pmc, stack)
    form = use_form(stack, saved, client_id=cid)
    r = pmc.post(f"/templates/{saved}/use", form)
    assert r.status == 303, r
    pid = int(r.header("location").rsplit("/", 1)[1])
    # Saturday 3 September: the project starts on Monday the 5th
    first = datetime.date(2033, 9, 5)
    assert stack.sql(f"SELECT client_id, name, code, pm_id, stage, start_date, due_date, budget_minutes, currency,"
                     f" template_id FROM projects WHERE id = {pid}") == [
        (str(cid), form["name"], "TPL-1", str(PM_ID), "initiation", "2033-09-05", "2033-09-16", "1800", "EUR",
         str(saved))]
    got = {t: rest for t, *rest in stack.sql(
        "SELECT t.title, t.start_date, t.due_date, COALESCE(t.assignee_id, '-'), t.estimate_minutes, t.client_visible,"
        f" COALESCE(m.name, '-') FROM tasks t LEFT JOIN milestones m ON m.id = t.milestone_id WHERE t.project_id = {pid}")}
    expect = {
        f"Kick-off with {cname}": (0, 1, LENA_ID, "240", "1", "-"),
        "Stakeholder interviews": (1, 5, SARA_ID, "600", "0", f"Scope signed with {cname}"),
        f"Design for {cname}": (5, 4, TOM_ID, "960", "0", "-"),
        "Retrospective": (9, 1, "-", "0", "0", "-"),
    }
    assert got == {t: [iso(add_wd(first, off)), iso(add_wd(add_wd(first, off), dur - 1)), str(who), est, vis, ms]
                   for t, (off, dur, who, est, vis, ms) in expect.items()}
    assert all(working(datetime.date.fromisoformat(d)) for row in got.values() for d in row[:2])
    assert stack.sql(f"SELECT name, due_date, client_visible FROM milestones WHERE project_id = {pid}") == [
        (f"Scope signed with {cname}", "2033-09-09", "1")]
    assert stack.scalar(f"SELECT COUNT(*) FROM task_deps WHERE project_id = {pid}") == "4"
    assert sorted(int(u) for (u,) in stack.sql(f"SELECT user_id FROM project_members WHERE project_id = {pid}")) == [
        LENA_ID, TOM_ID, SARA_ID]
    # KPIs with no value yet, risks open with no owner, the client's name in the text
    assert stack.sql(f"SELECT name, target, actual FROM project_kpis WHERE project_id = {pid}") == [
        (f"Conversion for {cname}", "3 %", "")]
    assert stack.sql(f"SELECT title, probability, impact, COALESCE(owner_id, '-'), status, mitigation FROM risks"
                     f" WHERE project_id = {pid}") == [("Late content", "4", "3", "-", "open",
                                                        f"Weekly check with {cname}")]
    # nothing of the source project's time or messages
    assert stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE project_id = {pid}") == "0"
    assert stack.scalar(f"SELECT COUNT(*) FROM messages WHERE project_id = {pid}") == "0"
    # project.created like any new project (automations may act on it), source "template"
    ev = [json.loads(p) for (p,) in stack.sql(f"SELECT payload FROM outbox WHERE project_id = {pid}"
                                               " AND type = 'project.created'")]
    assert len(ev) == 1 and ev[0]["data"]["project"]["source"] == "template"
    assert ev[0]["data"]["project"]["start_date"] == "2033-09-05"
    acts = stack.sql(f"SELECT kind, client_visible, COALESCE(note, '') FROM activity WHERE project_id = {pid}"
                     " AND kind IN ('created', 'template_used', 'task_planned') ORDER BY id")
    assert acts[0][:2] == ("created", "1")
    assert acts[1] == ("template_used", "0", f"{source['template_name']}: 4 tasks, 1 milestone")
    assert len(acts) == 2  # no line per task
    # each person filling a role is told once, with their tasks
    notes = dict(stack.sql(f"SELECT user_id, text FROM notifications WHERE project_id = {pid}"
                           " AND kind = 'task_assigned'"))
    assert sorted(int(u) for u in notes) == [LENA_ID, TOM_ID, SARA_ID]
    assert "you are Developer, with 1 task." in notes[str(SARA_ID)]
    # the flash and the Gantt
    page = pmc.get(r.header("location"), headers=XML).xml()
    assert "from the template" in page.xpath("string(/page/flash)")
    gantt = pmc.get(f"/projects/{pid}/gantt")
    assert gantt.status == 200 and b"Stakeholder interviews" in gantt.body


def test_a_holiday_on_the_start_moves_the_project_on(stack, pmc, adminc, saved):
    cid, _, _ = new_client(pmc, stack)
    assert adminc.post("/settings/calendar/holidays", {"day": "2033-09-05", "name": unique("Test holiday")}).status == 303
    try:
        r = pmc.post(f"/templates/{saved}/use", use_form(stack, saved, client_id=cid))
        assert r.status == 303, r
        pid = int(r.header("location").rsplit("/", 1)[1])
        # Saturday, Sunday, the holiday Monday: Tuesday the 6th, and Kick-off that day
        assert stack.scalar(f"SELECT start_date FROM projects WHERE id = {pid}") == "2033-09-06"
        assert stack.scalar(f"SELECT MIN(start_date) FROM tasks WHERE project_id = {pid}") == "2033-09-06"
        assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid} AND"
                            " '2033-09-05' BETWEEN start_date AND due_date AND start_date = due_date") == "0"
    finally:
        stack.sql("DELETE FROM holidays WHERE day = '2033-09-05'")


@pytest.mark.parametrize("change, field", [
    ("role:Developer", "role"),
    ("role:Designer=inactive", "role"),
    ("client_id=987654321", "client_id"),
    ("pm_id=3", "pm_id"),
    ("start_date=2033-02-30", "start_date"),
    ("name=", "name"),
    ("currency=XYZ", "currency"),
], ids=["role-with-nobody", "role-filled-by-inactive-staff", "no-such-client", "pm-not-a-pm", "bad-start",
        "no-name", "bad-currency"])
def test_use_refusals_are_422_nothing_written(stack, pmc, adminc, saved, change, field):
    cid, _, _ = new_client(pmc, stack)
    form = use_form(stack, saved, client_id=cid)
    roles = roles_of(stack, saved)
    if change.startswith("role:"):
        role = change[5:].split("=")[0]
        field = f"role_{roles[role]}"
        if change.endswith("=inactive"):
            email = f"{unique('leaver')}@demo.test"
            r = adminc.post("/settings/users", {"name": unique("Leaver"), "email": email,
                                                "role": "member", "hourly_rate": "50.00", "password": "a-long-secret-1"})
            assert r.status == 303, r
            uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
            assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
            form[field] = str(uid)
        else:
            del form[field]
    else:
        k, v = change.split("=")
        form[k] = v
    before = counts(stack)
    r = pmc.post(f"/templates/{saved}/use?format=xml", form)
    assert r.status == 422, r
    values, errors = form_state(r, "use")
    assert field in errors, errors
    assert values.get("name", "") == form["name"]
    assert counts(stack) == before


def test_template_lock_and_delete(stack, pmc, source):
    # a template of its own, with a project made from it
    r = pmc.post(f"/projects/{source['project']}/template", {
        "name": unique("To delete"), f"role_{PM_ID}": "PM", f"role_{MEMBER_ID}": "Dev", f"role_{TOM_ID}": "Des"})
    assert r.status == 303
    tid = int(r.header("location").rsplit("/", 1)[1])
    cid, _, _ = new_client(pmc, stack)
    roles = roles_of(stack, tid)
    r = pmc.post(f"/templates/{tid}/use", {"client_id": str(cid), "name": unique("Made"), "start_date": "2033-09-05",
                                           "currency": "EUR", **{f"role_{i}": str(PM_ID) for i in roles.values()}})
    assert r.status == 303, r
    pid = int(r.header("location").rsplit("/", 1)[1])
    # removing parts: a task (with its dependencies), the milestone, the KPI, the risk
    t = task_id(stack, tid, "Design for {client}")
    assert pmc.post(f"/templates/{tid}/tasks/{t}/delete").status == 303
    assert stack.scalar(f"SELECT COUNT(*) FROM template_task_deps WHERE task_id = {t} OR depends_on_id = {t}") == "0"
    assert pmc.post(f"/templates/{tid}/tasks/{t}/delete").status == 404
    ms = stack.scalar(f"SELECT id FROM template_milestones WHERE template_id = {tid}")
    assert pmc.post(f"/templates/{tid}/milestones/{ms}/delete").status == 303
    assert stack.scalar(f"SELECT COUNT(*) FROM template_tasks WHERE template_id = {tid} AND milestone_id IS NOT NULL") == "0"
    kpi = stack.scalar(f"SELECT id FROM template_kpis WHERE template_id = {tid}")
    risk = stack.scalar(f"SELECT id FROM template_risks WHERE template_id = {tid}")
    assert pmc.post(f"/templates/{tid}/kpis/{kpi}/delete").status == 303
    assert pmc.post(f"/templates/{tid}/risks/{risk}/delete").status == 303
    assert stack.sql(f"SELECT (SELECT COUNT(*) FROM template_tasks WHERE template_id = {tid}),"
                     f" (SELECT COUNT(*) FROM template_kpis WHERE template_id = {tid}),"
                     f" (SELECT COUNT(*) FROM template_risks WHERE template_id = {tid})") == [("3", "0", "0")]
    # deleting asks for the box to be ticked
    r = pmc.post(f"/templates/{tid}/delete?format=xml", {})
    assert r.status == 422 and "confirm" in form_state(r, "delete")[1]
    assert stack.scalar(f"SELECT COUNT(*) FROM templates WHERE id = {tid}") == "1"
    assert pmc.post(f"/templates/{tid}/delete", {"confirm": "1"}).status == 303
    assert stack.scalar(f"SELECT COUNT(*) FROM template_tasks WHERE template_id = {tid}") == "0"
    assert stack.scalar(f"SELECT COUNT(*) FROM templates WHERE id = {tid}") == "0"
    # the project made from it keeps its plan, without the link
    assert stack.sql(f"SELECT template_id IS NULL, (SELECT COUNT(*) FROM tasks WHERE project_id = {pid})"
                     f" FROM projects WHERE id = {pid}") == [("1", "4")]
    assert pmc.post(f"/templates/{tid}/delete", {"confirm": "1"}).status == 404


# ------------------------------------------------------------------ demo data and the domain

def test_demo_has_two_templates_with_everything(stack):
    rows = stack.sql(
        "SELECT t.name, (SELECT COUNT(*) FROM template_milestones WHERE template_id = t.id),"
        " (SELECT COUNT(*) FROM template_tasks WHERE template_id = t.id),"
        " (SELECT COUNT(*) FROM template_task_deps WHERE template_id = t.id),"
        " (SELECT COUNT(*) FROM template_roles WHERE template_id = t.id),"
        " (SELECT COUNT(*) FROM template_kpis WHERE template_id = t.id),"
        " (SELECT COUNT(*) FROM template_risks WHERE template_id = t.id)"
        " FROM templates t WHERE t.name IN ('Website build', 'Brand refresh') ORDER BY t.name")
    assert [r[0] for r in rows] == ["Brand refresh", "Website build"]
    assert all(int(n) >= 1 for r in rows for n in r[1:]), rows
    # every dependant starts after its predecessor ends
    assert stack.scalar("SELECT COUNT(*) FROM template_task_deps d JOIN template_tasks a ON a.id = d.task_id"
                        " JOIN template_tasks b ON b.id = d.depends_on_id"
                        " WHERE a.template_id IN (1, 2) AND a.start_offset < b.start_offset + b.duration") == "0"


def test_template_domain_functions(stack, saved):
    roles = roles_of(stack, saved)
    fills = ",".join(f"{rid}:{PM_ID}" for rid in roles.values())
    cid = int(stack.scalar("SELECT id FROM clients WHERE name = 'Initech'"))
    before = counts(stack)
    out = run(stack, "template", "use", saved, cid, unique("Domain-made"), PM_ID, "2033-10-01", "-", actor=PM_ID)
    assert out["rc"] == REFUSED and sum(k.startswith("problem") for k in out) == 3
    assert counts(stack) == before
    out = run(stack, "template", "use", saved, cid, unique("Domain-made"), PM_ID, "2033-10-01", fills, actor=PM_ID)
    assert out["rc"] == 0, out
    pid = int(out["pid"])
    assert stack.sql(f"SELECT start_date, template_id FROM projects WHERE id = {pid}") == [("2033-10-03", str(saved))]
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid} AND assignee_id = {PM_ID}") == "3"
    t = task_id(stack, saved, "Retrospective")
    assert run(stack, "template", "task", saved, t, "Retrospective", "9", "0")["rc"] == REFUSED
    assert run(stack, "template", "task", 987654321, t, "Retrospective", "9", "1")["rc"] == NOT_FOUND
    assert run(stack, "template", "delete", 987654321)["rc"] == NOT_FOUND
