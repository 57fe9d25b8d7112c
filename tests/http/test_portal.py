"""The client portal: a contact sees only their organisation's projects and only
client-visible activity; the scope is in the query (DESIGN §2, §9)."""
import pytest

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

ACME, GLOBEX = 1, 2
ACME_PROJECT, GLOBEX_PROJECT = 1, 4     # Website relaunch, ERP integration


def sql_ids(stack, query):
    return sorted(int(r[0]) for r in stack.sql(query))


def portal_ids(c):
    r = c.get_xml("/portal")
    assert r.status == 200, r
    return sorted(int(x) for x in r.xml().xpath("/page/projects/project/@id"))


@pytest.fixture(scope="module")
def acme_notes(stack, pmc):
    """Fresh activity on an Acme project: one client-visible stage change and one
    internal health change, each with a unique note."""
    visible, internal = unique("Visible stage note"), unique("Internal health note")
    pid = ACME_PROJECT
    stage = stack.scalar(f"SELECT stage FROM projects WHERE id = {pid}")
    health = stack.scalar(f"SELECT health FROM projects WHERE id = {pid}")
    other_stage = "planning" if stage != "planning" else "execution"
    other_health = "red" if health != "red" else "amber"
    # shown to the client by the PM's tick (issue 10 item 19: stage notes are internal by default)
    assert pmc.post(f"/projects/{pid}/stage", {"stage": other_stage, "note": visible,
                                               "client_visible": "1"}).status == 303
    assert pmc.post(f"/projects/{pid}/health", {"health": other_health, "note": internal}).status == 303
    # put things back as they were, also through the app (adds activity of its own)
    assert pmc.post(f"/projects/{pid}/stage", {"stage": stage, "note": ""}).status == 303
    assert pmc.post(f"/projects/{pid}/health", {"health": health, "note": ""}).status == 303
    return visible, internal


# --- the project list ----------------------------------------------------------------

def test_acme_contact_sees_exactly_acme_projects(stack, acmec):
    want = sql_ids(stack, f"SELECT id FROM projects WHERE client_id = {ACME}")
    assert want and portal_ids(acmec) == want


def test_portal_names_the_contacts_organisation(acmec):
    doc = acmec.get_xml("/portal").xml()
    assert doc.xpath("string(/page/client/@id)") == str(ACME)
    assert doc.xpath("string(/page/client/@name)") == "Acme Corp"
    assert set(doc.xpath("/page/projects/project/@client-id")) == {str(ACME)}


def test_portal_progress_is_0_to_100(stack, acmec):
    doc = acmec.get_xml("/portal").xml()
    progress = doc.xpath("/page/projects/project/@progress")
    assert progress and len(progress) == len(doc.xpath("/page/projects/project"))
    for p in progress:
        assert p.isdigit() and 0 <= int(p) <= 100, p


def test_portal_progress_of_a_closed_project_is_its_work_done(stack, acmec, pmc):
    """Issue 10: progress comes from the work, not the calendar or the stage."""
    r = pmc.post("/projects", {"client_id": str(ACME), "name": unique("Portal closed"),
                               "currency": "EUR", "stage": "closure",
                               "start_date": "2026-01-01", "due_date": "2999-12-31"})
    assert r.status == 303
    pid = r.header("location").rsplit("/", 1)[1]
    doc = acmec.get_xml("/portal").xml()
    assert doc.xpath("string(/page/projects/project[@id=$i]/@progress)", i=pid) == "0"
    assert doc.xpath("string(/page/projects/project[@id=$i]/@progress-basis)", i=pid) == "none"


def test_portal_shows_a_new_project_of_the_client(stack, acmec, pmc):
    name = unique("Portal new")
    r = pmc.post("/projects", {"client_id": str(ACME), "name": name, "currency": "EUR"})
    assert r.status == 303
    pid = int(r.header("location").rsplit("/", 1)[1])
    assert pid in portal_ids(acmec)


def test_portal_does_not_show_another_clients_new_project(stack, acmec, pmc):
    r = pmc.post("/projects", {"client_id": str(GLOBEX), "name": unique("Globex only"),
                               "currency": "EUR"})
    assert r.status == 303
    pid = int(r.header("location").rsplit("/", 1)[1])
    assert pid not in portal_ids(acmec)


def test_viewer_contact_sees_the_same_projects(stack, acmec, viewerc):
    assert portal_ids(viewerc) == portal_ids(acmec)


def test_globex_contact_sees_only_globex(stack, globexc):
    want = sql_ids(stack, f"SELECT id FROM projects WHERE client_id = {GLOBEX}")
    assert want and portal_ids(globexc) == want


# --- one project ---------------------------------------------------------------------------

def test_portal_project_of_own_client(stack, acmec):
    r = acmec.get_xml(f"/portal/projects/{ACME_PROJECT}")
    assert r.status == 200
    p = r.xml().xpath("/page/project")[0]
    assert p.get("id") == str(ACME_PROJECT)
    assert p.get("name") == stack.scalar(f"SELECT name FROM projects WHERE id = {ACME_PROJECT}")
    assert 0 <= int(p.get("progress")) <= 100


def test_portal_project_shows_only_client_visible_activity(stack, acmec, acme_notes):
    doc = acmec.get_xml(f"/portal/projects/{ACME_PROJECT}").xml()
    shown = sorted(int(x) for x in doc.xpath("/page/activity-list/activity/@id"))
    want = sql_ids(stack, "SELECT id FROM (SELECT id FROM activity WHERE project_id ="
                          f" {ACME_PROJECT} AND client_visible = 1 ORDER BY id DESC LIMIT 30) t")
    assert shown == want
    hidden = set(sql_ids(stack, f"SELECT id FROM activity WHERE project_id = {ACME_PROJECT}"
                                " AND client_visible = 0"))
    assert hidden and not hidden & set(shown)


def test_portal_project_shows_the_visible_note(acmec, acme_notes):
    visible, _ = acme_notes
    doc = acmec.get_xml(f"/portal/projects/{ACME_PROJECT}").xml()
    assert visible in doc.xpath("/page/activity-list/activity/@note")


def test_portal_project_hides_internal_notes(stack, acmec, acme_notes):
    _, internal = acme_notes
    notes = [r[0] for r in stack.sql(f"SELECT note FROM activity WHERE project_id = {ACME_PROJECT}"
                                     " AND client_visible = 0 AND note IS NOT NULL")]
    assert internal in notes
    xml = acmec.get_xml(f"/portal/projects/{ACME_PROJECT}").text
    html = acmec.get(f"/portal/projects/{ACME_PROJECT}").text
    for note in notes:
        assert note not in xml
        assert note not in html


def test_viewer_sees_the_same_project_activity(acmec, viewerc, acme_notes):
    path = f"/portal/projects/{ACME_PROJECT}"
    a = acmec.get_xml(path).xml().xpath("/page/activity-list/activity/@id")
    v = viewerc.get_xml(path)
    assert v.status == 200
    assert v.xml().xpath("/page/activity-list/activity/@id") == a


@pytest.mark.parametrize("pid", [GLOBEX_PROJECT, 5])
def test_another_clients_project_is_404(acmec, pid):
    assert acmec.get_xml(f"/portal/projects/{pid}").status == 404


def test_another_clients_project_html_is_404_and_leaks_nothing(stack, acmec):
    r = acmec.get(f"/portal/projects/{GLOBEX_PROJECT}")
    assert r.status == 404
    assert stack.scalar(f"SELECT name FROM projects WHERE id = {GLOBEX_PROJECT}") not in r.text


def test_globex_cannot_open_acme_project(globexc):
    assert globexc.get_xml(f"/portal/projects/{ACME_PROJECT}").status == 404


def test_unknown_portal_project_is_404(acmec):
    assert acmec.get_xml("/portal/projects/999999").status == 404


# --- who may use the portal ---------------------------------------------------------------

@pytest.mark.parametrize("who", ["pm@demo.test", "admin@demo.test", "member@demo.test"])
def test_staff_get_403_on_portal(stack, who):
    c = login_as(stack, who)
    assert c.get_xml("/portal").status == 403
    assert c.get_xml(f"/portal/projects/{ACME_PROJECT}").status == 403


def test_anonymous_portal_goes_to_login(client):
    r = client.get("/portal")
    assert r.status == 303
    assert r.header("location").startswith("/login")


@pytest.mark.parametrize("path", [f"/projects/{ACME_PROJECT}", "/projects", "/clients/1", "/"])
def test_contact_cannot_open_staff_pages(acmec, path):
    r = acmec.get_xml(path)
    if path == "/":
        # the dashboard sends a contact to the portal
        assert r.status == 303 and r.header("location") == "/portal"
    else:
        assert r.status == 403
