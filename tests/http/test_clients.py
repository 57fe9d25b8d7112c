"""Clients and their contacts: list and pager, create, edit, contacts, roles.

Contract: DESIGN §2 (clients, contacts, access levels), §7 (routes, 303 after a
POST, 422 with <form-state> and nothing written, 404 for unknown ids)."""
import json
import math

import pytest

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

PER_PAGE = 25


def client_data(**kw):
    d = {"name": unique("Client"), "domain": "example.test", "cadence": "weekly",
         "notes": "Notes " + unique()}
    d.update(kw)
    return d


def create_client(c, **kw):
    d = client_data(**kw)
    r = c.post("/clients", d)
    assert r.status == 303, r
    loc = r.header("location")
    assert loc.startswith("/clients/"), loc
    return int(loc.rsplit("/", 1)[1]), d


def client_ids_sql(stack, offset):
    return [int(r[0]) for r in stack.sql(
        f"SELECT id FROM clients ORDER BY name, id LIMIT {PER_PAGE} OFFSET {offset}")]


# --- list and pager ------------------------------------------------------

@pytest.fixture(scope="module")
def many_clients(stack, pmc):
    """At least 27 clients exist, so the list has a second page."""
    have = int(stack.scalar("SELECT COUNT(*) FROM clients"))
    token = pmc.csrf()
    for i in range(max(0, PER_PAGE + 2 - have)):
        d = client_data(name=unique(f"Pager client {i:02d}"))
        d["csrf"] = token
        r = pmc.request("POST", "/clients", body=d)
        assert r.status == 303, r
    assert int(stack.scalar("SELECT COUNT(*) FROM clients")) > PER_PAGE


def test_list_first_page_has_25_rows_and_pager(stack, pmc, many_clients):
    r = pmc.get_xml("/clients")
    assert r.status == 200
    doc = r.xml()
    total = int(stack.scalar("SELECT COUNT(*) FROM clients"))
    ids = [int(x) for x in doc.xpath("/page/clients/client/@id")]
    assert ids == client_ids_sql(stack, 0)
    assert len(ids) == PER_PAGE
    pager = doc.xpath("/page/pager")[0]
    assert pager.get("page") == "1"
    assert int(pager.get("total")) == total
    assert int(pager.get("pages")) == math.ceil(total / PER_PAGE)


def test_list_page_2_shows_the_next_rows(stack, pmc, many_clients):
    r = pmc.get_xml("/clients?page=2")
    assert r.status == 200
    doc = r.xml()
    ids = [int(x) for x in doc.xpath("/page/clients/client/@id")]
    assert ids and ids == client_ids_sql(stack, PER_PAGE)
    assert doc.xpath("string(/page/pager/@page)") == "2"
    first = set(int(x) for x in pmc.get_xml("/clients").xml().xpath("/page/clients/client/@id"))
    assert not first & set(ids)


def test_list_last_page_shows_the_rest(stack, pmc, many_clients):
    total = int(stack.scalar("SELECT COUNT(*) FROM clients"))
    pages = math.ceil(total / PER_PAGE)
    doc = pmc.get_xml(f"/clients?page={pages}").xml()
    assert len(doc.xpath("/page/clients/client")) == total - PER_PAGE * (pages - 1)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "2x", ""])
def test_list_bad_page_number_is_page_1(stack, pmc, many_clients, page):
    r = pmc.get_xml(f"/clients?page={page}")
    assert r.status == 200
    doc = r.xml()
    assert doc.xpath("string(/page/pager/@page)") == "1"
    assert [int(x) for x in doc.xpath("/page/clients/client/@id")] == client_ids_sql(stack, 0)


def test_list_rows_have_project_and_contact_counts(stack, pmc):
    doc = pmc.get_xml("/clients").xml()
    shown = {int(c.get("id")): (c.get("project-count"), c.get("contact-count"))
             for c in doc.xpath("/page/clients/client")}
    ids = ",".join(str(i) for i in shown)
    want = {int(r[0]): (r[1], r[2]) for r in stack.sql(
        "SELECT c.id, (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id),"
        " (SELECT COUNT(*) FROM users u WHERE u.client_id = c.id)"
        f" FROM clients c WHERE c.id IN ({ids})")}
    assert shown == want


# --- create ----------------------------------------------------------------

def test_create_redirects_to_the_client_page(stack, pmc):
    d = client_data()
    r = pmc.post("/clients", d)
    assert r.status == 303
    cid = int(stack.scalar(f"SELECT id FROM clients WHERE name = '{d['name']}'"))
    assert r.header("location") == f"/clients/{cid}"
    page = pmc.get_xml(f"/clients/{cid}")
    assert page.status == 200
    assert page.xml().xpath("string(/page/client/@name)") == d["name"]


def test_create_stores_the_row(stack, pmc):
    cid, d = create_client(pmc, domain="shop.example.test", cadence="biweekly",
                           notes="Line one\nLine two")
    row = stack.sql(f"SELECT name, domain, cadence, notes FROM clients WHERE id = {cid}")
    assert row == [(d["name"], "shop.example.test", "biweekly", "Line one\\nLine two")]


def test_create_without_optional_fields(stack, pmc):
    cid, d = create_client(pmc, domain="", notes="")
    row = stack.sql(f"SELECT name, COALESCE(domain, '<null>'), cadence FROM clients WHERE id = {cid}")
    assert row[0][0] == d["name"] and row[0][2] == "weekly"
    assert row[0][1] in ("<null>", "")


def test_create_name_of_200_characters_is_accepted(stack, pmc):
    name = ("Ünïcødé-" + unique())[:40].ljust(200, "é")
    cid, _ = create_client(pmc, name=name)
    assert stack.scalar(f"SELECT CHAR_LENGTH(name) FROM clients WHERE id = {cid}") == "200"


def test_create_records_activity(stack, pmc):
    cid, d = create_client(pmc)
    rows = stack.sql(f"SELECT kind, user_id, project_id FROM activity WHERE client_id = {cid}")
    assert rows == [("client_created", "2", "NULL")]


def test_dashboard_names_the_new_client_in_recent_activity(stack, pmc):
    cid, d = create_client(pmc)
    doc = pmc.get_xml("/").xml()
    act = doc.xpath("/page/dashboard/recent/activity[@kind='client_created' and @client-id=$c]",
                    c=str(cid))
    assert len(act) == 1
    assert act[0].get("client-name") == d["name"]
    links = pmc.get("/").html().xpath(f"//a[@href='/clients/{cid}']/text()")
    assert d["name"] in links


def test_create_emits_client_created_event(stack, pmc):
    cid, d = create_client(pmc, domain="crm.example.test")
    rows = stack.sql(f"SELECT type, payload FROM outbox WHERE client_id = {cid}")
    assert len(rows) == 1
    assert rows[0][0] == "client.created"
    ev = json.loads(rows[0][1])
    assert ev["type"] == "client.created"
    assert ev["id"] and ev["occurred_at"]
    assert ev["data"]["client"]["id"] == cid
    assert ev["data"]["client"]["name"] == d["name"]
    assert ev["data"]["client"]["domain"] == "crm.example.test"


BAD_CLIENTS = [
    ("empty name", {"name": ""}, "name", "Name is required."),
    ("blank name", {"name": "   "}, "name", "Name is required."),
    ("long name", {"name": "x" * 201}, "name", "Name must be at most 200 characters."),
    ("two-line name", {"name": "Two\nlines"}, "name", "Name must be one line."),
    ("cadence", {"cadence": "yearly"}, "cadence", "Reporting cadence is not one of the choices."),
    ("no cadence", {"cadence": ""}, "cadence", "Reporting cadence is required."),
    ("url domain", {"domain": "http://x.com/path"}, "domain", "Domain must look like example.com"),
    ("domain no dot", {"domain": "localhost"}, "domain", "Domain must look like example.com"),
]


@pytest.mark.parametrize("bad,field,message", [b[1:] for b in BAD_CLIENTS],
                         ids=[b[0] for b in BAD_CLIENTS])
def test_create_bad_input_is_422_with_values_and_nothing_written(stack, pmc, bad, field, message):
    d = client_data(**bad)
    before = (max_id(stack, "clients"), max_id(stack, "activity"), max_id(stack, "outbox"))
    r = pmc.post("/clients", d, headers=XML)
    assert r.status == 422, r
    values, errors = form_state(r, "client")
    assert set(errors) == {field}
    assert errors[field].startswith(message)
    # what the user typed comes back (the notes carry a unique marker)
    assert values.get("notes") == d["notes"]
    assert values.get(field, "") == d[field]
    assert (max_id(stack, "clients"), max_id(stack, "activity"), max_id(stack, "outbox")) == before
    assert stack.scalar(f"SELECT COUNT(*) FROM clients WHERE notes = '{d['notes']}'") == "0"


def test_create_bad_input_html_shows_message(pmc):
    r = pmc.post("/clients", client_data(name=""))
    assert r.status == 422
    assert "Name is required." in r.html().text_content()


# --- view and edit -----------------------------------------------------------

def test_view_shows_client_contacts_and_projects(stack, pmc):
    doc = pmc.get_xml("/clients/1").xml()
    assert doc.xpath("string(/page/client/@name)") == "Acme Corp"
    assert sorted(doc.xpath("/page/contacts/contact/@email")) == sorted(
        r[0] for r in stack.sql("SELECT email FROM users WHERE client_id = 1"))
    assert sorted(int(x) for x in doc.xpath("/page/projects/project/@id")) == sorted(
        int(r[0]) for r in stack.sql("SELECT id FROM projects WHERE client_id = 1"))


@pytest.mark.parametrize("path", ["/clients/999999", "/clients/0", "/clients/abc"])
def test_view_unknown_client_is_404(pmc, path):
    assert pmc.get_xml(path).status == 404


def test_edit_updates_the_row(stack, pmc):
    cid, _ = create_client(pmc)
    new = client_data(name=unique("Renamed"), domain="new.example.test", cadence="monthly",
                      notes="Changed notes")
    r = pmc.post(f"/clients/{cid}", new)
    assert r.status == 303
    assert r.header("location") == f"/clients/{cid}"
    assert stack.sql(f"SELECT name, domain, cadence, notes FROM clients WHERE id = {cid}") == [
        (new["name"], "new.example.test", "monthly", "Changed notes")]


def test_edit_bad_input_is_422_and_nothing_written(stack, pmc):
    cid, d = create_client(pmc)
    before = stack.sql(f"SELECT name, domain, cadence, notes, updated_at FROM clients WHERE id = {cid}")
    r = pmc.post(f"/clients/{cid}", client_data(name="Kept name", cadence="hourly"), headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "client")
    assert set(errors) == {"cadence"}
    assert values["name"] == "Kept name" and values["cadence"] == "hourly"
    assert stack.sql(f"SELECT name, domain, cadence, notes, updated_at FROM clients WHERE id = {cid}") == before


@pytest.mark.parametrize("data", [client_data(), client_data(name="")], ids=["valid", "invalid"])
def test_edit_unknown_client_is_404(stack, pmc, data):
    before = max_id(stack, "clients")
    r = pmc.post("/clients/999999", data, headers=XML)
    assert r.status == 404
    assert max_id(stack, "clients") == before


# --- contacts ------------------------------------------------------------------

def contact_data(**kw):
    d = {"name": unique("Contact"), "email": unique("c") + "@contact.test", "access": "comment"}
    d.update(kw)
    return d


def test_add_contact_is_listed_with_access(stack, pmc):
    cid, _ = create_client(pmc)
    d = contact_data(access="approve", email=unique("Mixed.Case") + "@Contact.TEST")
    r = pmc.post(f"/clients/{cid}/contacts", d)
    assert r.status == 303
    assert r.header("location") == f"/clients/{cid}"
    doc = pmc.get_xml(f"/clients/{cid}").xml()
    c = doc.xpath("/page/contacts/contact[@name=$n]", n=d["name"])
    assert len(c) == 1
    assert c[0].get("access") == "approve"
    assert c[0].get("email") == d["email"].lower()


def test_add_contact_stores_a_client_user_without_password(stack, pmc):
    cid, _ = create_client(pmc)
    d = contact_data(access="view")
    assert pmc.post(f"/clients/{cid}/contacts", d).status == 303
    row = stack.sql(
        "SELECT role, client_id, access, password_hash IS NULL, active FROM users"
        f" WHERE email = '{d['email']}'")
    assert row == [("client", str(cid), "view", "1", "1")]


@pytest.mark.parametrize("email", ["pm@demo.test", "PM@Demo.Test", " client@acme.test "])
def test_add_contact_duplicate_email_is_422(stack, pmc, email):
    cid, _ = create_client(pmc)
    d = contact_data(email=email)
    before = max_id(stack, "users")
    r = pmc.post(f"/clients/{cid}/contacts", d, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "contact")
    assert errors == {"email": "E-mail is already used by another account."}
    assert values["name"] == d["name"]
    assert max_id(stack, "users") == before


def test_add_contact_bad_access_is_422(stack, pmc):
    cid, _ = create_client(pmc)
    d = contact_data(access="admin")
    before = max_id(stack, "users")
    r = pmc.post(f"/clients/{cid}/contacts", d, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "contact")
    assert set(errors) == {"access"}
    assert errors["access"] == "Access is not one of the choices."
    assert values["access"] == "admin" and values["email"] == d["email"]
    assert max_id(stack, "users") == before


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two words@x.test", "a@@x.test",
                                   "<a@x.test>", ""])
def test_add_contact_bad_email_is_422(stack, pmc, email):
    cid, _ = create_client(pmc)
    d = contact_data(email=email)
    before = max_id(stack, "users")
    r = pmc.post(f"/clients/{cid}/contacts", d, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "contact")
    assert set(errors) == {"email"}
    assert errors["email"].startswith("E-mail ")
    assert values["name"] == d["name"]
    assert max_id(stack, "users") == before


def test_add_contact_to_unknown_client_is_404(stack, pmc):
    before = max_id(stack, "users")
    r = pmc.post("/clients/999999/contacts", contact_data(), headers=XML)
    assert r.status == 404
    assert max_id(stack, "users") == before


# --- roles -----------------------------------------------------------------------

def test_member_can_view_clients(memberc):
    assert memberc.get_xml("/clients").status == 200
    assert memberc.get_xml("/clients/1").status == 200


def test_member_cannot_create_a_client(stack, memberc):
    d = client_data()
    r = memberc.post("/clients", d, headers=XML)
    assert r.status == 403
    assert stack.scalar(f"SELECT COUNT(*) FROM clients WHERE name = '{d['name']}'") == "0"


def test_member_cannot_open_the_new_client_form(memberc):
    assert memberc.get_xml("/clients/new").status == 403


def test_member_cannot_edit_a_client(stack, memberc):
    before = stack.sql("SELECT name, updated_at FROM clients WHERE id = 1")
    r = memberc.post("/clients/1", client_data(name="Hijacked"), headers=XML)
    assert r.status == 403
    assert stack.sql("SELECT name, updated_at FROM clients WHERE id = 1") == before


def test_member_cannot_add_a_contact(stack, memberc):
    d = contact_data()
    r = memberc.post("/clients/1/contacts", d, headers=XML)
    assert r.status == 403
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{d['email']}'") == "0"


def test_client_contact_cannot_list_clients(stack):
    acme = login_as(stack, "client@acme.test")
    assert acme.get_xml("/clients").status == 403
