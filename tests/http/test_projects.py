"""Projects: list with filters and pager, create, view, edit, stage and health changes.

Contract: DESIGN §2 (stages, health, budget in minutes and minor units),
§6 (XML attributes), §7 (routes, 303 after a POST, 422 with <form-state> and
nothing written, 404 for unknown ids), §8 (events in the same transaction)."""
import json
import math

import pytest

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

PER_PAGE = 25
STAGES = ["initiation", "planning", "execution", "closure"]
HEALTHS = ["green", "amber", "red"]
PM_ID = 2          # pm@demo.test
MEMBER_ID = 3      # member@demo.test
CONTACT_ID = 7     # client@acme.test


def ids_of(doc, xp="/page/projects/project/@id"):
    return [int(x) for x in doc.xpath(xp)]


def sql_ids(stack, query):
    return [int(r[0]) for r in stack.sql(query)]


def new_client(c):
    token = c.csrf()
    r = c.request("POST", "/clients", body={"name": unique("Projects client"), "cadence": "weekly",
                                            "csrf": token})
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def project_data(client, **kw):
    d = {"client_id": str(client), "name": unique("Project"), "code": unique("C")[-20:],
         "pm_id": str(PM_ID), "start_date": "2026-03-01", "due_date": "2026-06-30",
         "budget_hours": "120", "budget_amount": "12500.00", "currency": "EUR",
         "scope": "Scope " + unique()}
    d.update(kw)
    return d


def create_project(c, client_id, **kw):
    d = project_data(client_id, **kw)
    r = c.post("/projects", d)
    assert r.status == 303, r
    loc = r.header("location")
    assert loc.startswith("/projects/"), loc
    return int(loc.rsplit("/", 1)[1]), d


@pytest.fixture(scope="module")
def own(stack, pmc):
    """A client of our own with 26 projects over every stage and health."""
    cid = new_client(pmc)
    token = pmc.csrf()
    for i in range(PER_PAGE + 1):
        d = project_data(cid, name=unique(f"Own {i:02d}"), stage=STAGES[i % 4],
                         health=HEALTHS[i % 3])
        d["csrf"] = token
        r = pmc.request("POST", "/projects", body=d)
        assert r.status == 303, r
    return cid


@pytest.fixture
def project(stack, pmc):
    """A fresh project (initiation, green) of a fresh client."""
    pid, _ = create_project(pmc, new_client(pmc))
    return pid


# --- list and filters ---------------------------------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_filter_by_stage(stack, pmc, own, stage):
    doc = pmc.get_xml(f"/projects?stage={stage}").xml()
    want = sql_ids(stack, f"SELECT id FROM projects WHERE stage = '{stage}' ORDER BY name, id"
                          f" LIMIT {PER_PAGE}")
    assert want and ids_of(doc) == want
    assert set(doc.xpath("/page/projects/project/@stage")) == {stage}
    assert doc.xpath("string(/page/pager/@total)") == stack.scalar(
        f"SELECT COUNT(*) FROM projects WHERE stage = '{stage}'")
    assert doc.xpath("string(/page/filters/@stage)") == stage


@pytest.mark.parametrize("health", HEALTHS)
def test_filter_by_health(stack, pmc, own, health):
    doc = pmc.get_xml(f"/projects?health={health}&client_id={own}").xml()
    want = sql_ids(stack, f"SELECT id FROM projects WHERE health = '{health}'"
                          f" AND client_id = {own} ORDER BY name, id")
    assert want and ids_of(doc) == want
    assert set(doc.xpath("/page/projects/project/@health")) == {health}
    assert doc.xpath("string(/page/filters/@health)") == health


def test_filter_by_client(stack, pmc, own):
    doc = pmc.get_xml(f"/projects?client_id={own}").xml()
    assert set(doc.xpath("/page/projects/project/@client-id")) == {str(own)}
    assert doc.xpath("string(/page/pager/@total)") == str(PER_PAGE + 1)
    assert doc.xpath("string(/page/filters/@client-id)") == str(own)


def test_filter_by_demo_client(stack, pmc):
    doc = pmc.get_xml("/projects?client_id=1").xml()
    assert sorted(ids_of(doc)) == sorted(sql_ids(stack, "SELECT id FROM projects WHERE client_id = 1"))


def test_filters_combine(stack, pmc, own):
    doc = pmc.get_xml(f"/projects?stage=execution&health=red&client_id={own}").xml()
    want = sql_ids(stack, "SELECT id FROM projects WHERE stage = 'execution' AND health = 'red'"
                          f" AND client_id = {own} ORDER BY name, id")
    assert want and ids_of(doc) == want


def test_filter_matching_nothing_is_an_empty_list(stack, pmc):
    cid = new_client(pmc)
    r = pmc.get_xml(f"/projects?client_id={cid}")
    assert r.status == 200
    doc = r.xml()
    assert ids_of(doc) == []
    assert doc.xpath("string(/page/pager/@total)") == "0"


@pytest.mark.parametrize("query,attr", [
    ("stage=launch", "stage"), ("stage=EXECUTION", "stage"), ("health=purple", "health"),
    ("client_id=abc", "client-id"), ("client_id=-1", "client-id"), ("client_id=0", "client-id"),
    ("client_id=1x", "client-id"), ("client_id=99999999999999999999", "client-id"),
])
def test_invalid_filter_values_are_ignored(stack, pmc, own, query, attr):
    r = pmc.get_xml(f"/projects?{query}")
    assert r.status == 200
    doc = r.xml()
    assert doc.xpath(f"string(/page/filters/@{attr})") == ""
    assert doc.xpath("string(/page/pager/@total)") == stack.scalar("SELECT COUNT(*) FROM projects")
    assert ids_of(doc) == sql_ids(stack, f"SELECT id FROM projects ORDER BY name, id LIMIT {PER_PAGE}")


def test_list_pager_first_page(stack, pmc, own):
    doc = pmc.get_xml(f"/projects?client_id={own}").xml()
    want = sql_ids(stack, f"SELECT id FROM projects WHERE client_id = {own} ORDER BY name, id")
    assert ids_of(doc) == want[:PER_PAGE]
    pager = doc.xpath("/page/pager")[0]
    assert (pager.get("page"), pager.get("pages"), pager.get("total")) == ("1", "2", str(PER_PAGE + 1))


def test_list_pager_second_page_keeps_the_filter(stack, pmc, own):
    doc = pmc.get_xml(f"/projects?client_id={own}&page=2").xml()
    want = sql_ids(stack, f"SELECT id FROM projects WHERE client_id = {own} ORDER BY name, id")
    assert ids_of(doc) == want[PER_PAGE:]
    assert doc.xpath("string(/page/pager/@page)") == "2"
    assert f"client_id={own}" in doc.xpath("string(/page/pager/@base)")


def test_list_unfiltered_pager_total(stack, pmc, own):
    doc = pmc.get_xml("/projects?page=2").xml()
    total = int(stack.scalar("SELECT COUNT(*) FROM projects"))
    assert doc.xpath("string(/page/pager/@pages)") == str(math.ceil(total / PER_PAGE))
    assert ids_of(doc) == sql_ids(stack, f"SELECT id FROM projects ORDER BY name, id"
                                         f" LIMIT {PER_PAGE} OFFSET {PER_PAGE}")


def test_list_bad_page_is_page_1(stack, pmc, own):
    doc = pmc.get_xml(f"/projects?client_id={own}&page=abc").xml()
    assert doc.xpath("string(/page/pager/@page)") == "1"
    assert len(ids_of(doc)) == PER_PAGE


def test_member_can_list_projects(memberc):
    assert memberc.get_xml("/projects").status == 200


# --- create -------------------------------------------------------------------------

def test_create_redirects_to_the_project(stack, pmc, own):
    d = project_data(own)
    r = pmc.post("/projects", d)
    assert r.status == 303
    pid = int(stack.scalar(f"SELECT id FROM projects WHERE name = '{d['name']}'"))
    assert r.header("location") == f"/projects/{pid}"


def test_create_stores_the_row(stack, pmc, own):
    pid, d = create_project(pmc, own, currency="GBP", start_date="2026-01-15",
                            due_date="2026-01-15")
    row = stack.sql("SELECT client_id, name, code, pm_id, stage, health, start_date, due_date,"
                    f" currency, scope FROM projects WHERE id = {pid}")
    assert row == [(str(own), d["name"], d["code"], str(PM_ID), "initiation", "green",
                    "2026-01-15", "2026-01-15", "GBP", d["scope"])]


def test_create_with_stage_and_health(stack, pmc, own):
    pid, _ = create_project(pmc, own, stage="execution", health="amber")
    assert stack.sql(f"SELECT stage, health FROM projects WHERE id = {pid}") == [("execution", "amber")]


def test_create_without_optional_fields(stack, pmc, own):
    pid, d = create_project(pmc, own, code="", pm_id="", start_date="", due_date="",
                            budget_hours="", budget_amount="", scope="")
    row = stack.sql("SELECT pm_id IS NULL, start_date IS NULL, due_date IS NULL, budget_minutes,"
                    f" budget_amount FROM projects WHERE id = {pid}")
    assert row == [("1", "1", "1", "0", "0")]


@pytest.mark.parametrize("typed,minor", [
    ("12500.50", 1250050), ("1,250.5", 125050), ("12,500.00", 1250000), ("7", 700),
    ("0.05", 5), (".5", 50), ("0", 0), ("  99.9  ", 9990),
])
def test_create_budget_amount_in_minor_units(stack, pmc, own, typed, minor):
    pid, _ = create_project(pmc, own, budget_amount=typed)
    assert stack.scalar(f"SELECT budget_amount FROM projects WHERE id = {pid}") == str(minor)


@pytest.mark.parametrize("typed,minutes", [("12.5", 750), ("1", 60), ("0.25", 15), ("1,000", 60000),
                                           ("0.01", 1)])
def test_create_budget_hours_in_minutes(stack, pmc, own, typed, minutes):
    pid, _ = create_project(pmc, own, budget_hours=typed)
    assert stack.scalar(f"SELECT budget_minutes FROM projects WHERE id = {pid}") == str(minutes)


def test_create_emits_project_created_event(stack, pmc, own):
    pid, d = create_project(pmc, own, budget_amount="12500.50", budget_hours="12.5", currency="USD")
    rows = stack.sql(f"SELECT type, client_id, payload FROM outbox WHERE project_id = {pid}")
    assert len(rows) == 1
    assert rows[0][:2] == ("project.created", str(own))
    ev = json.loads(rows[0][2])
    assert ev["type"] == "project.created"
    p = ev["data"]["project"]
    assert p["id"] == pid and p["name"] == d["name"] and p["client_id"] == own
    assert p["budget_amount"] == 1250050 and p["budget_minutes"] == 750
    assert p["currency"] == "USD"


def test_create_records_activity(stack, pmc, own):
    pid, _ = create_project(pmc, own)
    rows = stack.sql("SELECT kind, to_value, user_id, client_id, client_visible FROM activity"
                     f" WHERE project_id = {pid}")
    assert rows == [("created", "initiation", str(PM_ID), str(own), "1")]


BAD_PROJECTS = [
    ("end before start", {"start_date": "2026-05-02", "due_date": "2026-05-01"}, "due_date",
     "Due date must be on or after the start date."),
    ("negative amount", {"budget_amount": "-5"}, "budget_amount", "Budget (money) cannot be negative."),
    ("negative hours", {"budget_hours": "-5"}, "budget_hours", "Budget (hours) cannot be negative."),
    ("three decimals", {"budget_amount": "12.345"}, "budget_amount", "Budget (money) must be a number"),
    ("hours three decimals", {"budget_hours": "1.125"}, "budget_hours", "Budget (hours) must be a number"),
    # a comma is a thousands separator; "12,50" (a European 12.50) must not become 1250.00
    ("decimal comma", {"budget_amount": "12,50"}, "budget_amount", "Budget (money) must be a number"),
    ("double comma", {"budget_amount": "1,,000"}, "budget_amount", "Budget (money) must be a number"),
    ("amount words", {"budget_amount": "lots"}, "budget_amount", "Budget (money) must be a number"),
    ("amount too large", {"budget_amount": "99999999999999999999"}, "budget_amount", "Budget (money)"),
    ("unknown client", {"client_id": "999999"}, "client_id", "Client must be chosen from the list."),
    ("client abc", {"client_id": "abc"}, "client_id", "Client must be a whole number."),
    ("no client", {"client_id": ""}, "client_id", "Client is required."),
    ("pm is a member", {"pm_id": str(MEMBER_ID)}, "pm_id",
     "Project manager must be an active PM or admin."),
    ("pm is a contact", {"pm_id": str(CONTACT_ID)}, "pm_id",
     "Project manager must be an active PM or admin."),
    ("stage launch", {"stage": "launch"}, "stage", "Stage is not one of the choices."),
    ("health purple", {"health": "purple"}, "health", "Health is not one of the choices."),
    ("currency XXX", {"currency": "XXX"}, "currency", "Currency is not one of the choices."),
    ("currency lower", {"currency": "eur"}, "currency", "Currency is not one of the choices."),
    ("feb 30", {"start_date": "2026-02-30"}, "start_date", "Start date must be a date (YYYY-MM-DD)."),
    ("due not a date", {"due_date": "30/06/2026"}, "due_date", "Due date must be a date (YYYY-MM-DD)."),
    ("missing name", {"name": ""}, "name", "Name is required."),
    ("long code", {"code": "X" * 33}, "code", "Code must be at most 32 characters."),
]


@pytest.mark.parametrize("bad,field,message", [b[1:] for b in BAD_PROJECTS],
                         ids=[b[0] for b in BAD_PROJECTS])
def test_create_bad_input_is_422_with_values_and_nothing_written(stack, pmc, own, bad, field,
                                                                 message):
    d = project_data(own, **bad)
    before = (max_id(stack, "projects"), max_id(stack, "activity"), max_id(stack, "outbox"))
    r = pmc.post("/projects", d, headers=XML)
    assert r.status == 422, r
    values, errors = form_state(r, "project")
    assert set(errors) == {field}
    assert errors[field].startswith(message)
    assert values.get(field, "") == d[field]
    assert values["scope"] == d["scope"]
    assert (max_id(stack, "projects"), max_id(stack, "activity"), max_id(stack, "outbox")) == before
    assert stack.scalar(f"SELECT COUNT(*) FROM projects WHERE scope = '{d['scope']}'") == "0"


def test_create_bad_input_keeps_the_form_choices(pmc, own):
    r = pmc.post("/projects", project_data(own, name=""), headers=XML)
    assert r.status == 422
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "project-new"
    assert doc.xpath("/page/clients/client[@id=$c]", c=str(own))
    assert doc.xpath("/page/pms/user[@id=$p]", p=str(PM_ID))
    assert not doc.xpath("/page/pms/user[@id=$m]", m=str(MEMBER_ID))
    assert "EUR" in doc.xpath("/page/currencies/currency/@code")


def test_create_bad_input_html_form_keeps_values(pmc, own):
    d = project_data(own, currency="XXX", scope="Line one\nLine two")
    r = pmc.post("/projects", d)
    assert r.status == 422
    page = r.html()
    form = page.xpath("//form[.//*[@name='name']]")
    assert form
    assert form[0].xpath("string(.//input[@name='name']/@value)") == d["name"]
    assert form[0].xpath("string(.//textarea[@name='scope'])").strip("\n") == "Line one\nLine two"
    assert "Currency is not one of the choices." in page.text_content()


def test_create_several_bad_fields_all_reported(stack, pmc, own):
    d = project_data(own, name="", currency="XXX", budget_amount="-1")
    r = pmc.post("/projects", d, headers=XML)
    assert r.status == 422
    _, errors = form_state(r, "project")
    assert set(errors) == {"name", "currency", "budget_amount"}


def test_member_cannot_create_a_project(stack, memberc, own):
    d = project_data(own)
    r = memberc.post("/projects", d, headers=XML)
    assert r.status == 403
    assert stack.scalar(f"SELECT COUNT(*) FROM projects WHERE name = '{d['name']}'") == "0"


# --- view and edit --------------------------------------------------------------------

def test_view_has_the_project_attributes(stack, pmc, own):
    scope = "First line\nSecond line\n\n  Indented fourth <b>&amp; not markup</b>"
    pid, d = create_project(pmc, own, scope=scope, budget_hours="12.5", budget_amount="12500.50",
                            currency="CHF", stage="planning", health="amber")
    r = pmc.get_xml(f"/projects/{pid}")
    assert r.status == 200
    p = r.xml().xpath("/page/project")[0]
    assert {k: p.get(k) for k in ["id", "name", "code", "client-id", "pm-id", "stage", "health",
                                  "start-date", "due-date", "budget-minutes", "budget-amount",
                                  "currency"]} == {
        "id": str(pid), "name": d["name"], "code": d["code"], "client-id": str(own),
        "pm-id": str(PM_ID), "stage": "planning", "health": "amber", "start-date": "2026-03-01",
        "due-date": "2026-06-30", "budget-minutes": "750", "budget-amount": "1250050",
        "currency": "CHF"}
    assert p.get("scope") == scope


ISO_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


def test_view_timestamps_are_iso_8601(pmc, project):
    """DESIGN §6: dates are ISO 8601; a timestamp says it is UTC."""
    import re
    doc = pmc.get_xml(f"/projects/{project}").xml()
    stamps = doc.xpath("/page/project/@created-at | /page/project/@updated-at"
                       " | /page/activity-list/activity/@at")
    assert len(stamps) >= 3
    for t in stamps:
        assert re.match(ISO_TIMESTAMP, t), t


def test_view_lists_the_activity(stack, pmc, project):
    doc = pmc.get_xml(f"/projects/{project}").xml()
    assert doc.xpath("/page/activity-list/activity/@kind") == ["created"]


@pytest.mark.parametrize("path", ["/projects/999999", "/projects/999999/edit"])
def test_unknown_project_page_is_404(pmc, path):
    assert pmc.get_xml(path).status == 404


def test_edit_form_prefills_budget_inputs(stack, pmc, own):
    pid, _ = create_project(pmc, own, budget_hours="12.5", budget_amount="12500.50")
    r = pmc.get_xml(f"/projects/{pid}/edit")
    assert r.status == 200
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "project-edit"
    p = doc.xpath("/page/project")[0]
    assert p.get("budget-hours-input") == "12.50"
    assert p.get("budget-amount-input") == "12500.50"


def test_edit_form_prefill_round_trips(stack, pmc, own):
    pid, d = create_project(pmc, own, budget_hours="0.25", budget_amount="0.05")
    p = pmc.get_xml(f"/projects/{pid}/edit").xml().xpath("/page/project")[0]
    before = stack.sql(f"SELECT budget_minutes, budget_amount FROM projects WHERE id = {pid}")
    d.update(budget_hours=p.get("budget-hours-input"), budget_amount=p.get("budget-amount-input"))
    assert pmc.post(f"/projects/{pid}", d).status == 303
    assert stack.sql(f"SELECT budget_minutes, budget_amount FROM projects WHERE id = {pid}") == before


def test_member_cannot_open_the_edit_form(memberc):
    assert memberc.get_xml("/projects/1/edit").status == 403


def test_update_stores_and_redirects(stack, pmc, own, project):
    d = project_data(own, name=unique("Updated"), code="UPD-1", pm_id="4", start_date="2026-04-01",
                     due_date="2026-09-30", budget_hours="40.5", budget_amount="1,999.99",
                     currency="SEK", scope="New scope\nline two")
    r = pmc.post(f"/projects/{project}", d)
    assert r.status == 303
    assert r.header("location") == f"/projects/{project}"
    row = stack.sql("SELECT client_id, name, code, pm_id, start_date, due_date, budget_minutes,"
                    f" budget_amount, currency FROM projects WHERE id = {project}")
    assert row == [(str(own), d["name"], "UPD-1", "4", "2026-04-01", "2026-09-30", "2430",
                    "199999", "SEK")]
    assert pmc.get_xml(f"/projects/{project}").xml().xpath(
        "string(/page/project/@scope)") == "New scope\nline two"


def test_update_does_not_change_stage_or_health(stack, pmc, own, project):
    d = project_data(own, stage="closure", health="red")
    assert pmc.post(f"/projects/{project}", d).status == 303
    assert stack.sql(f"SELECT stage, health FROM projects WHERE id = {project}") == [
        ("initiation", "green")]


BAD_UPDATES = [
    ("end before start", {"start_date": "2026-05-02", "due_date": "2026-05-01"}, "due_date"),
    ("negative amount", {"budget_amount": "-5"}, "budget_amount"),
    ("unknown client", {"client_id": "999999"}, "client_id"),
    ("pm is a member", {"pm_id": str(MEMBER_ID)}, "pm_id"),
    ("currency XXX", {"currency": "XXX"}, "currency"),
    ("feb 30", {"due_date": "2026-02-30"}, "due_date"),
    ("missing name", {"name": ""}, "name"),
]


@pytest.mark.parametrize("bad,field", [b[1:] for b in BAD_UPDATES], ids=[b[0] for b in BAD_UPDATES])
def test_update_bad_input_is_422_and_nothing_written(stack, pmc, own, project, bad, field):
    q = f"SELECT * FROM projects WHERE id = {project}"
    before = stack.sql(q)
    d = project_data(own, **bad)
    r = pmc.post(f"/projects/{project}", d, headers=XML)
    assert r.status == 422, r
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "project-edit"
    assert doc.xpath("string(/page/project/@id)") == str(project)
    values, errors = form_state(r, "project")
    assert set(errors) == {field}
    assert values.get(field, "") == d[field] and values["scope"] == d["scope"]
    assert stack.sql(q) == before


@pytest.mark.parametrize("data", ["valid", "invalid"])
def test_update_unknown_project_is_404(stack, pmc, own, data):
    d = project_data(own, name="" if data == "invalid" else unique("Ghost"))
    before = max_id(stack, "projects")
    r = pmc.post("/projects/999999", d, headers=XML)
    assert r.status == 404
    assert max_id(stack, "projects") == before


def test_member_cannot_update_a_project(stack, memberc, own, project):
    q = f"SELECT * FROM projects WHERE id = {project}"
    before = stack.sql(q)
    r = memberc.post(f"/projects/{project}", project_data(own), headers=XML)
    assert r.status == 403
    assert stack.sql(q) == before


# --- stage and health changes -------------------------------------------------------------

def test_stage_change_redirects_and_stores(stack, pmc, project):
    r = pmc.post(f"/projects/{project}/stage", {"stage": "planning", "note": "Kick-off done"})
    assert r.status == 303
    assert r.header("location") == f"/projects/{project}"
    assert stack.scalar(f"SELECT stage FROM projects WHERE id = {project}") == "planning"


def test_stage_change_records_activity(stack, pmc, project):
    since = max_id(stack, "activity")
    assert pmc.post(f"/projects/{project}/stage",
                    {"stage": "execution", "note": "Plan signed off"}).status == 303
    rows = stack.sql("SELECT kind, from_value, to_value, note, user_id, client_visible FROM activity"
                     f" WHERE project_id = {project} AND id > {since}")
    assert rows == [("stage", "initiation", "execution", "Plan signed off", str(PM_ID), "1")]


def test_stage_change_shows_in_project_activity(stack, pmc, project):
    assert pmc.post(f"/projects/{project}/stage",
                    {"stage": "planning", "note": "Visible note"}).status == 303
    a = pmc.get_xml(f"/projects/{project}").xml().xpath("/page/activity-list/activity")[0]
    assert (a.get("kind"), a.get("from"), a.get("to"), a.get("note"), a.get("user-name")) == (
        "stage", "initiation", "planning", "Visible note", "Priya Shah")


def test_stage_change_emits_event(stack, pmc, project):
    since = max_id(stack, "outbox")
    assert pmc.post(f"/projects/{project}/stage", {"stage": "closure", "note": ""}).status == 303
    rows = stack.sql(f"SELECT type, payload FROM outbox WHERE project_id = {project} AND id > {since}")
    assert len(rows) == 1 and rows[0][0] == "project.stage_changed"
    ev = json.loads(rows[0][1])
    assert ev["type"] == "project.stage_changed"
    assert ev["data"]["from"] == "initiation" and ev["data"]["to"] == "closure"
    assert ev["data"]["project"]["id"] == project


def test_same_stage_records_nothing(stack, pmc, project):
    before = (max_id(stack, "activity"), max_id(stack, "outbox"))
    r = pmc.post(f"/projects/{project}/stage", {"stage": "initiation", "note": "again"})
    assert r.status == 303
    assert r.header("location") == f"/projects/{project}"
    assert (max_id(stack, "activity"), max_id(stack, "outbox")) == before


@pytest.mark.parametrize("stage", ["launch", "", "Planning", "done"])
def test_bad_stage_is_422_and_nothing_written(stack, pmc, project, stage):
    before = (max_id(stack, "activity"), max_id(stack, "outbox"))
    r = pmc.post(f"/projects/{project}/stage", {"stage": stage, "note": "my note"}, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "stage")
    assert set(errors) == {"stage"}
    assert values["note"] == "my note"
    assert stack.scalar(f"SELECT stage FROM projects WHERE id = {project}") == "initiation"
    assert (max_id(stack, "activity"), max_id(stack, "outbox")) == before


def test_stage_note_too_long_is_422(stack, pmc, project):
    before = max_id(stack, "activity")
    r = pmc.post(f"/projects/{project}/stage", {"stage": "planning", "note": "n" * 2001}, headers=XML)
    assert r.status == 422
    _, errors = form_state(r, "stage")
    assert set(errors) == {"note"}
    assert stack.scalar(f"SELECT stage FROM projects WHERE id = {project}") == "initiation"
    assert max_id(stack, "activity") == before


def test_health_change_records_internal_activity(stack, pmc, project):
    since = max_id(stack, "activity")
    r = pmc.post(f"/projects/{project}/health", {"health": "red", "note": "Vendor late"})
    assert r.status == 303 and r.header("location") == f"/projects/{project}"
    assert stack.scalar(f"SELECT health FROM projects WHERE id = {project}") == "red"
    rows = stack.sql("SELECT kind, from_value, to_value, note, user_id, client_visible FROM activity"
                     f" WHERE project_id = {project} AND id > {since}")
    assert rows == [("health", "green", "red", "Vendor late", str(PM_ID), "0")]


def test_health_change_emits_event(stack, pmc, project):
    since = max_id(stack, "outbox")
    assert pmc.post(f"/projects/{project}/health", {"health": "amber"}).status == 303
    rows = stack.sql(f"SELECT type, payload FROM outbox WHERE project_id = {project} AND id > {since}")
    assert len(rows) == 1 and rows[0][0] == "project.health_changed"
    ev = json.loads(rows[0][1])
    assert ev["data"]["from"] == "green" and ev["data"]["to"] == "amber"


def test_same_health_records_nothing(stack, pmc, project):
    before = (max_id(stack, "activity"), max_id(stack, "outbox"))
    assert pmc.post(f"/projects/{project}/health", {"health": "green"}).status == 303
    assert (max_id(stack, "activity"), max_id(stack, "outbox")) == before


@pytest.mark.parametrize("health", ["purple", "", "RED"])
def test_bad_health_is_422_and_nothing_written(stack, pmc, project, health):
    before = (max_id(stack, "activity"), max_id(stack, "outbox"))
    r = pmc.post(f"/projects/{project}/health", {"health": health, "note": "n"}, headers=XML)
    assert r.status == 422
    _, errors = form_state(r, "health")
    assert set(errors) == {"health"}
    assert stack.scalar(f"SELECT health FROM projects WHERE id = {project}") == "green"
    assert (max_id(stack, "activity"), max_id(stack, "outbox")) == before


@pytest.mark.parametrize("what,data", [("stage", {"stage": "planning"}), ("health", {"health": "red"})])
def test_member_cannot_change_stage_or_health(stack, memberc, project, what, data):
    before = stack.sql(f"SELECT stage, health FROM projects WHERE id = {project}")
    since = max_id(stack, "activity")
    r = memberc.post(f"/projects/{project}/{what}", data, headers=XML)
    assert r.status == 403
    assert stack.sql(f"SELECT stage, health FROM projects WHERE id = {project}") == before
    assert max_id(stack, "activity") == since


@pytest.mark.parametrize("what,data", [("stage", {"stage": "planning"}), ("stage", {"stage": "x"}),
                                       ("health", {"health": "red"})])
def test_change_on_unknown_project_is_404(stack, pmc, what, data):
    before = (max_id(stack, "activity"), max_id(stack, "outbox"))
    assert pmc.post(f"/projects/999999/{what}", data, headers=XML).status == 404
    assert (max_id(stack, "activity"), max_id(stack, "outbox")) == before


def test_reentering_execution_saves_the_baseline_again(stack, pmc):
    """Back to planning and into execution again, within the same second."""
    pid, _ = create_project(pmc, 1, stage="planning", due_date="2027-03-01")
    for to in ["execution", "planning", "execution"]:
        r = pmc.post(f"/projects/{pid}/stage", {"stage": to})
        assert r.status == 303, r
    assert stack.scalar(f"SELECT stage FROM projects WHERE id = {pid}") == "execution"
    assert stack.scalar(f"SELECT baseline_due FROM projects WHERE id = {pid}") == "2027-03-01"
    assert stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {pid} AND kind = 'stage'") == "3"
