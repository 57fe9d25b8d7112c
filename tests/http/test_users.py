"""Staff users under /settings/users: list, create, edit, (de)activate.

Contract: DESIGN §1 (admins manage users, roles, rates), §7 (303 after a POST,
422 with <form-state> and nothing written, 404 for unknown ids), §9 (passwords
hashed, never echoed; sessions)."""
import math

import pytest

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

PER_PAGE = 25
PASSWORD = "correct horse battery"
ADMIN_ID = 1
CONTACT_ID = 7      # client@acme.test


def user_data(**kw):
    d = {"name": unique("Staff"), "email": unique("staff") + "@team.test", "role": "member",
         "hourly_rate": "95.50", "password": PASSWORD}
    d.update(kw)
    return d


def create_user(c, stack, **kw):
    d = user_data(**kw)
    r = c.post("/settings/users", d)
    assert r.status == 303, r
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{d['email'].lower()}'"))
    return uid, d


def login_status(stack, email, password=PASSWORD):
    c = Client(stack)
    r = c.request("POST", "/login", body={"email": email, "password": password})
    return r.status, c


def session_works(c):
    """The client's session still reaches a staff page."""
    return c.get_xml("/projects").status == 200


# --- list --------------------------------------------------------------------------------

def test_admin_lists_staff_users(stack, adminc):
    r = adminc.get_xml("/settings/users")
    assert r.status == 200
    doc = r.xml()
    shown = [int(x) for x in doc.xpath("/page/users/user/@id")]
    want = [int(x[0]) for x in stack.sql(
        "SELECT id FROM users WHERE role <> 'client' ORDER BY active DESC, name, id"
        f" LIMIT {PER_PAGE}")]
    assert shown == want
    total = int(stack.scalar("SELECT COUNT(*) FROM users WHERE role <> 'client'"))
    pager = doc.xpath("/page/pager")[0]
    assert (pager.get("page"), int(pager.get("total")), int(pager.get("pages"))) == (
        "1", total, math.ceil(total / PER_PAGE))


def test_user_list_has_no_client_contacts(adminc):
    doc = adminc.get_xml("/settings/users").xml()
    assert "client" not in doc.xpath("/page/users/user/@role")
    assert "client@acme.test" not in doc.xpath("/page/users/user/@email")


def test_user_list_shows_no_password_hashes(adminc):
    body = adminc.get_xml("/settings/users").text
    assert "$argon2" not in body and "password" not in body


@pytest.mark.parametrize("who", ["pm@demo.test", "member@demo.test", "client@acme.test"])
def test_non_admin_cannot_list_users(stack, who):
    c = login_as(stack, who)
    assert c.get_xml("/settings/users").status == 403


# --- create ------------------------------------------------------------------------------

def test_create_redirects_to_the_list(stack, adminc):
    d = user_data()
    r = adminc.post("/settings/users", d)
    assert r.status == 303
    assert r.header("location") == "/settings/users"


def test_create_stores_the_row(stack, adminc):
    uid, d = create_user(adminc, stack, role="pm", hourly_rate="95.50",
                         email=unique("New.Person") + "@Team.TEST")
    row = stack.sql("SELECT name, email, role, hourly_rate, client_id IS NULL, active,"
                    f" password_hash LIKE '$argon2id$%' FROM users WHERE id = {uid}")
    assert row == [(d["name"], d["email"].lower(), "pm", "9550", "1", "1", "1")]


def test_created_user_can_log_in(stack, adminc):
    _, d = create_user(adminc, stack, role="member")
    status, c = login_status(stack, d["email"])
    assert status == 303
    doc = c.get_xml("/").xml()
    assert doc.xpath("string(/page/session/@email)") == d["email"]
    assert doc.xpath("string(/page/session/@role)") == "member"


def test_created_user_appears_in_the_list(stack, adminc):
    uid, d = create_user(adminc, stack, name="A " + unique("First"))
    doc = adminc.get_xml("/settings/users").xml()
    u = doc.xpath("/page/users/user[@id=$i]", i=str(uid))
    assert u and u[0].get("hourly-rate") == "9550" and u[0].get("role") == "member"
    assert u[0].get("currency") == "EUR"


def test_short_password_is_422_and_not_echoed(stack, adminc):
    secret = "Sh0rt-pw!"      # nine characters
    d = user_data(password=secret)
    before = max_id(stack, "users")
    r = adminc.post("/settings/users", d, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "user")
    assert set(errors) == {"password"}
    assert errors["password"] == "Password must be at least 10 characters."
    assert "password" not in values
    assert values["email"] == d["email"] and values["name"] == d["name"]
    assert secret not in r.text
    assert max_id(stack, "users") == before


def test_bad_password_not_echoed_in_html_either(stack, adminc):
    secret = "tiny-Secret"[:9]
    r = adminc.post("/settings/users", user_data(password=secret))
    assert r.status == 422
    assert secret not in r.text


def test_password_of_ten_characters_is_accepted(stack, adminc):
    _, d = create_user(adminc, stack, password="exactly-10")
    assert login_status(stack, d["email"], "exactly-10")[0] == 303


@pytest.mark.parametrize("email", ["pm@demo.test", "PM@DEMO.TEST", "client@acme.test"])
def test_duplicate_email_is_422(stack, adminc, email):
    d = user_data(email=email)
    before = max_id(stack, "users")
    r = adminc.post("/settings/users", d, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "user")
    assert errors == {"email": "E-mail is already used by another account."}
    assert values["name"] == d["name"] and "password" not in values
    assert PASSWORD not in r.text
    assert max_id(stack, "users") == before


@pytest.mark.parametrize("role", ["client", "superuser", "", "Admin"])
def test_role_not_staff_is_422(stack, adminc, role):
    d = user_data(role=role)
    before = max_id(stack, "users")
    r = adminc.post("/settings/users", d, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "user")
    assert set(errors) == {"role"}
    assert values["role"] == role
    assert max_id(stack, "users") == before


@pytest.mark.parametrize("rate", ["-1", "abc", "95.555", "1000000.01"])
def test_bad_hourly_rate_is_422(stack, adminc, rate):
    d = user_data(hourly_rate=rate)
    before = max_id(stack, "users")
    r = adminc.post("/settings/users", d, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "user")
    assert set(errors) == {"hourly_rate"}
    assert values["hourly_rate"] == rate
    assert max_id(stack, "users") == before


@pytest.mark.parametrize("field,value", [("name", ""), ("email", "nobody"), ("email", "")])
def test_missing_or_bad_name_or_email_is_422(stack, adminc, field, value):
    before = max_id(stack, "users")
    r = adminc.post("/settings/users", user_data(**{field: value}), headers=XML)
    assert r.status == 422
    _, errors = form_state(r, "user")
    assert set(errors) == {field}
    assert max_id(stack, "users") == before


def test_pm_cannot_create_a_user(stack):
    pm = login_as(stack, "pm@demo.test")
    d = user_data(role="admin")
    assert pm.post("/settings/users", d, headers=XML).status == 403
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{d['email']}'") == "0"


# --- view and edit --------------------------------------------------------------------------

def test_user_page_prefills_rate(stack, adminc):
    uid, d = create_user(adminc, stack, hourly_rate="95.5")
    r = adminc.get_xml(f"/settings/users/{uid}")
    assert r.status == 200
    u = r.xml().xpath("/page/user")[0]
    assert (u.get("name"), u.get("email"), u.get("hourly-rate"), u.get("hourly-rate-input")) == (
        d["name"], d["email"], "9550", "95.50")


def test_edit_stores_name_role_and_rate(stack, adminc):
    uid, _ = create_user(adminc, stack, role="member")
    new = {"name": unique("Renamed"), "role": "pm", "hourly_rate": "120.25"}
    r = adminc.post(f"/settings/users/{uid}", new)
    assert r.status == 303
    assert r.header("location") == f"/settings/users/{uid}"
    assert stack.sql(f"SELECT name, role, hourly_rate FROM users WHERE id = {uid}") == [
        (new["name"], "pm", "12025")]


def test_edit_new_role_takes_effect(stack, adminc):
    uid, d = create_user(adminc, stack, role="member")
    assert adminc.post(f"/settings/users/{uid}",
                       {"name": d["name"], "role": "pm", "hourly_rate": "1"}).status == 303
    c = login_as(stack, d["email"], PASSWORD)
    assert c.get_xml("/projects/new").status == 200


def test_edit_role_applies_to_an_open_session(stack, adminc):
    uid, d = create_user(adminc, stack, role="pm")
    c = login_as(stack, d["email"], PASSWORD)
    assert c.get_xml("/projects/new").status == 200
    assert adminc.post(f"/settings/users/{uid}",
                       {"name": d["name"], "role": "member", "hourly_rate": "1"}).status == 303
    assert c.get_xml("/projects/new").status == 403


@pytest.mark.parametrize("bad,field", [({"role": "client"}, "role"), ({"role": "superuser"}, "role"),
                                       ({"name": ""}, "name"), ({"hourly_rate": "-3"}, "hourly_rate")])
def test_edit_bad_input_is_422_and_nothing_written(stack, adminc, bad, field):
    uid, d = create_user(adminc, stack)
    q = f"SELECT name, role, hourly_rate, updated_at FROM users WHERE id = {uid}"
    before = stack.sql(q)
    data = {"name": "Changed", "role": "pm", "hourly_rate": "10"}
    data.update(bad)
    r = adminc.post(f"/settings/users/{uid}", data, headers=XML)
    assert r.status == 422
    values, errors = form_state(r, "user")
    assert set(errors) == {field}
    assert values[field] == data[field]
    assert stack.sql(q) == before


def new_admin(stack, adminc):
    """A fresh admin, logged in, so the demo admin is never put at risk."""
    uid, d = create_user(adminc, stack, role="admin")
    return uid, d, login_as(stack, d["email"], PASSWORD)


@pytest.mark.parametrize("role", ["pm", "member"])
def test_admin_cannot_take_own_admin_role(stack, adminc, role):
    uid, d, me = new_admin(stack, adminc)
    r = me.post(f"/settings/users/{uid}", {"name": d["name"], "role": role, "hourly_rate": "1"},
                headers=XML)
    assert r.status == 422
    _, errors = form_state(r, "user")
    assert errors == {"role": "You cannot take the admin role from yourself."}
    assert stack.scalar(f"SELECT role FROM users WHERE id = {uid}") == "admin"


def test_admin_can_rename_self(stack, adminc):
    uid, d, me = new_admin(stack, adminc)
    name = unique("Self renamed")
    assert me.post(f"/settings/users/{uid}", {"name": name, "role": "admin",
                                              "hourly_rate": "1"}).status == 303
    assert stack.scalar(f"SELECT name FROM users WHERE id = {uid}") == name


def test_admin_can_change_another_admins_role(stack, adminc):
    uid, d, _ = new_admin(stack, adminc)
    assert adminc.post(f"/settings/users/{uid}", {"name": d["name"], "role": "pm",
                                                  "hourly_rate": "1"}).status == 303
    assert stack.scalar(f"SELECT role FROM users WHERE id = {uid}") == "pm"


@pytest.mark.parametrize("value,message", [
    ("0", "You cannot deactivate yourself."),
    ("", "Active is required."),            # a bare POST deactivates nobody
    ("maybe", "Active is not one of the choices."),
])
def test_admin_cannot_deactivate_self(stack, adminc, value, message):
    uid, d, me = new_admin(stack, adminc)
    data = {"active": value} if value else {}
    r = me.post(f"/settings/users/{uid}/active", data, headers=XML)
    assert r.status == 422
    _, errors = form_state(r, "active")
    assert errors == {"active": message}
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "1"
    assert session_works(me)


# --- deactivate and reactivate -------------------------------------------------------------

def test_deactivate_redirects_and_stores(stack, adminc):
    uid, _ = create_user(adminc, stack)
    r = adminc.post(f"/settings/users/{uid}/active", {"active": "0"})
    assert r.status == 303
    assert r.header("location") == f"/settings/users/{uid}"
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "0"


def test_deactivate_ends_the_users_session(stack, adminc):
    uid, d = create_user(adminc, stack, role="pm")
    victim = login_as(stack, d["email"], PASSWORD)
    assert session_works(victim)
    assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
    assert victim.get_xml("/projects").status == 401
    assert victim.get("/projects").status == 303      # to the sign-in page
    assert stack.scalar(f"SELECT COUNT(*) FROM sessions WHERE user_id = {uid}") == "0"


def test_deactivated_user_cannot_post_with_old_session(stack, adminc):
    uid, d = create_user(adminc, stack, role="pm")
    victim = login_as(stack, d["email"], PASSWORD)
    token = victim.csrf()
    assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
    name = unique("Sneaky client")
    r = victim.request("POST", "/clients", body={"name": name, "cadence": "weekly", "csrf": token})
    assert r.status in (401, 403)
    assert stack.scalar(f"SELECT COUNT(*) FROM clients WHERE name = '{name}'") == "0"


def test_deactivated_user_cannot_log_in(stack, adminc):
    uid, d = create_user(adminc, stack)
    assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
    status, c = login_status(stack, d["email"])
    assert status == 401
    assert not c.cookies.get("tandem_session") and c.get_xml("/").status == 401


def test_deactivated_user_is_listed_as_inactive(stack, adminc):
    uid, _ = create_user(adminc, stack, name="A " + unique("Gone"))
    assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
    u = adminc.get_xml(f"/settings/users/{uid}").xml().xpath("/page/user")[0]
    assert u.get("active") == "0"


def test_deactivated_pm_is_no_longer_offered_as_pm(stack, adminc):
    uid, _ = create_user(adminc, stack, role="pm")
    assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
    doc = adminc.get_xml("/projects/new").xml()
    assert not doc.xpath("/page/pms/user[@id=$i]", i=str(uid))


def test_reactivate_lets_the_user_log_in_again(stack, adminc):
    uid, d = create_user(adminc, stack)
    assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
    r = adminc.post(f"/settings/users/{uid}/active", {"active": "1"})
    assert r.status == 303
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "1"
    status, c = login_status(stack, d["email"])
    assert status == 303 and session_works(c)


def test_bad_active_value_is_422(stack, adminc):
    uid, _ = create_user(adminc, stack)
    r = adminc.post(f"/settings/users/{uid}/active", {"active": "maybe"}, headers=XML)
    assert r.status == 422
    _, errors = form_state(r, "active")
    assert set(errors) == {"active"}
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "1"


def test_pm_cannot_deactivate_a_user(stack):
    pm = login_as(stack, "pm@demo.test")
    assert pm.post("/settings/users/5/active", {"active": "0"}, headers=XML).status == 403
    assert stack.scalar("SELECT active FROM users WHERE id = 5") == "1"


# --- not found -------------------------------------------------------------------------------

def test_client_contact_is_not_a_staff_user_page(adminc):
    assert adminc.get_xml(f"/settings/users/{CONTACT_ID}").status == 404


def test_client_contact_cannot_be_edited_as_staff(stack, adminc):
    q = f"SELECT name, role, hourly_rate, active FROM users WHERE id = {CONTACT_ID}"
    before = stack.sql(q)
    r = adminc.post(f"/settings/users/{CONTACT_ID}", {"name": "X", "role": "admin",
                                                      "hourly_rate": "1"}, headers=XML)
    assert r.status == 404
    assert stack.sql(q) == before


def test_client_contact_cannot_be_deactivated_as_staff(stack, adminc):
    r = adminc.post(f"/settings/users/{CONTACT_ID}/active", {"active": "0"}, headers=XML)
    assert r.status == 404
    assert stack.scalar(f"SELECT active FROM users WHERE id = {CONTACT_ID}") == "1"


@pytest.mark.parametrize("method,path", [("GET", "/settings/users/999999"),
                                         ("POST", "/settings/users/999999"),
                                         ("POST", "/settings/users/999999/active")])
def test_unknown_user_is_404(adminc, method, path):
    if method == "GET":
        r = adminc.get_xml(path)
    else:
        r = adminc.post(path, {"name": "X", "role": "pm", "active": "1"}, headers=XML)
    assert r.status == 404
