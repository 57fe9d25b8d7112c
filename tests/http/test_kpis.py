"""A project's agreed KPIs: PMs and admins add, change and remove them from the
project page (422 with the typed values and nothing written on bad input, at most
20), each change is a client-visible activity line, members only read, contacts
and other clients' ids get nothing, and the report lists them."""
import pytest

from conftest import XML, form_state, login_as  # noqa: F401
from fakes import new_client, new_project


@pytest.fixture(scope="module")
def project(pmc):
    return new_project(pmc, new_client(pmc, cadence="none"), stage="planning", health="green")


def kpis(stack, pid):
    return stack.sql(f"SELECT id, name, target, actual FROM project_kpis WHERE project_id = {pid}"
                     " ORDER BY id")


def add(c, pid, **fields):
    return c.post(f"/projects/{pid}/kpis", fields, headers=XML)


def test_add_shows_on_the_page_and_records_activity(stack, pmc, project):
    r = add(pmc, project, name="Conversion rate", target="3.5 %", actual="2.9 %")
    assert r.status == 303 and r.header("location") == f"/projects/{project}#kpis"
    rows = kpis(stack, project)
    assert [row[1:] for row in rows] == [("Conversion rate", "3.5 %", "2.9 %")]
    doc = pmc.get_xml(f"/projects/{project}").xml()
    assert doc.xpath("/page/kpis/kpi/@name") == ["Conversion rate"]
    assert doc.xpath("string(/page/flash)") == "KPI added."
    note, visible = stack.sql(f"SELECT note, client_visible FROM activity WHERE project_id = {project}"
                              " AND kind = 'kpi' ORDER BY id DESC LIMIT 1")[0]
    assert note == "Conversion rate: 2.9 % (target 3.5 %)" and int(visible) == 1


@pytest.mark.parametrize("fields,field,message", [
    ({"name": "", "target": "10"}, "name", "KPI is required."),
    ({"name": "Speed", "target": ""}, "target", "Target is required."),
    ({"name": "Speed", "target": "  "}, "target", "Target is required."),
    ({"name": "x" * 201, "target": "10"}, "name", None),
    ({"name": "Speed", "target": "10", "actual": "y" * 201}, "actual", None),
    ({"name": "Two\nlines", "target": "10"}, "name", None),
])
def test_bad_input_is_422_with_values_and_nothing_written(stack, pmc, project, fields, field, message):
    before = kpis(stack, project)
    acts = stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {project}")
    r = add(pmc, project, **fields)
    assert r.status == 422, r
    values, errors = form_state(r, "kpi")
    assert field in errors
    if message:
        assert errors[field] == message
    for k, v in fields.items():
        if k != field:
            assert values[k] == v.strip()
    assert kpis(stack, project) == before
    assert stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {project}") == acts


def test_update_changes_the_row_and_unchanged_writes_nothing(stack, pmc, project):
    add(pmc, project, name="Page speed", target="90", actual="70")
    kid = kpis(stack, project)[-1][0]
    r = pmc.post(f"/kpis/{kid}", {"name": "Page speed", "target": "90", "actual": "84"})
    assert r.status == 303
    assert kpis(stack, project)[-1][1:] == ("Page speed", "90", "84")
    acts = stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {project}")
    r = pmc.post(f"/kpis/{kid}", {"name": "Page speed", "target": "90", "actual": "84"})
    assert r.status == 303
    assert stack.scalar(f"SELECT COUNT(*) FROM activity WHERE project_id = {project}") == acts


def test_update_422_names_its_own_form(stack, pmc, project):
    add(pmc, project, name="Bounce rate", target="< 40 %")
    kid = kpis(stack, project)[-1][0]
    r = pmc.post(f"/kpis/{kid}", {"name": "Bounce rate", "target": "", "actual": "38 %"}, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, f"kpi-{kid}")
    assert values["actual"] == "38 %" and "target" in errors
    assert kpis(stack, project)[-1][1:] == ("Bounce rate", "< 40 %", "")


def test_delete_removes_only_that_kpi(stack, pmc, project):
    add(pmc, project, name="Temporary", target="1")
    rows = kpis(stack, project)
    kid = rows[-1][0]
    r = pmc.post(f"/kpis/{kid}/delete", {})
    assert r.status == 303
    assert kpis(stack, project) == rows[:-1]
    assert pmc.post(f"/kpis/{kid}/delete", {}).status == 404
    assert pmc.post(f"/kpis/{kid}", {"name": "a", "target": "b"}).status == 404


def test_the_page_asks_before_removing(pmc, project):
    html = pmc.get(f"/projects/{project}").html()
    forms = html.xpath("//form[contains(@action, '/delete') and starts-with(@action, '/kpis/')]")
    assert forms and all(f.get("data-confirm") for f in forms)


def test_at_most_twenty(stack, pmc):
    pid = new_project(pmc, 1)
    for i in range(20):
        assert add(pmc, pid, name=f"K{i}", target="1").status == 303
    r = add(pmc, pid, name="K20", target="1")
    assert r.status == 422
    assert "at most 20" in form_state(r, "kpi")[1]["name"]
    assert len(kpis(stack, pid)) == 20


def test_members_read_but_do_not_write(stack, memberc, project):
    doc = memberc.get_xml(f"/projects/{project}").xml()
    assert doc.xpath("/page/kpis/kpi")
    html = memberc.get(f"/projects/{project}").html()
    assert not html.xpath("//form[contains(@action, 'kpis')]")
    kid = kpis(stack, project)[0][0]
    before = kpis(stack, project)
    assert memberc.post(f"/projects/{project}/kpis", {"name": "m", "target": "1"}).status == 403
    assert memberc.post(f"/kpis/{kid}", {"name": "m", "target": "1"}).status == 403
    assert memberc.post(f"/kpis/{kid}/delete", {}).status == 403
    assert kpis(stack, project) == before


@pytest.mark.parametrize("email", ["client@acme.test", "client@globex.test"])
def test_contacts_cannot_write(stack, project, email):
    c = login_as(stack, email)
    kid = kpis(stack, project)[0][0]
    before = kpis(stack, project)
    for path, body in ((f"/projects/{project}/kpis", {"name": "c", "target": "1"}),
                       (f"/kpis/{kid}", {"name": "c", "target": "1"}),
                       (f"/kpis/{kid}/delete", {})):
        assert c.post(path, body).status in (403, 404)
    assert kpis(stack, project) == before


def test_unknown_project_or_kpi_is_404(pmc):
    assert add(pmc, 987654321, name="a", target="b").status == 404
    assert pmc.post("/kpis/987654321", {"name": "a", "target": "b"}).status == 404


def test_csrf_is_required(stack, pmc, project):
    before = kpis(stack, project)
    r = pmc.post(f"/projects/{project}/kpis", {"name": "a", "target": "b"}, csrf=False)
    assert r.status == 403
    assert kpis(stack, project) == before


def test_report_lists_them(stack, pmc, project):
    doc = pmc.get_xml(f"/projects/{project}/report").xml()
    assert doc.xpath("/page/kpis/kpi/@name") == [row[1] for row in kpis(stack, project)]


def test_the_clients_portal_shows_them_and_no_one_elses(stack, pmc, acmec, globexc):
    pid = new_project(pmc, 1, stage="execution", health="green")
    bare = new_project(pmc, 1, stage="execution", health="green")
    assert add(pmc, pid, name="Page speed", target="< 2 s", actual="2.4 s").status == 303
    assert add(pmc, pid, name="Sign-ups", target="500 / month").status == 303
    doc = acmec.get_xml(f"/portal/projects/{pid}").xml()
    assert doc.xpath("/page/kpis/kpi/@name") == ["Page speed", "Sign-ups"]
    assert doc.xpath("/page/kpis/kpi/@actual") == ["2.4 s", ""]
    page = acmec.get(f"/portal/projects/{pid}")
    assert page.status == 200
    card = page.html().xpath("//section[@aria-labelledby='kpis-h']")
    assert len(card) == 1
    rows = [[c.text_content().strip() for c in tr.xpath("td")] for tr in card[0].xpath(".//tbody/tr")]
    assert [row[:3] for row in rows] == [["Page speed", "< 2 s", "2.4 s"],
                                         ["Sign-ups", "500 / month", "Not measured yet"]]
    # a project without KPIs shows no empty card
    assert acmec.get(f"/portal/projects/{bare}").html().xpath("count(//section[@aria-labelledby='kpis-h'])") == 0
    # another client's contact learns nothing
    r = globexc.get(f"/portal/projects/{pid}")
    assert r.status == 404 and "Page speed" not in r.text
