"""Sign-in, sign-out, sessions and login throttling (DESIGN.md sections 7 and 9)."""
import re
import urllib.parse

import pytest

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

COOKIE = "tandem_session"


# ------------------------------------------------------------------ helpers


def post_login(c, email, password, next_=None, query=""):
    data = {"email": email, "password": password}
    if next_ is not None:
        data["next"] = next_
    return c.request("POST", "/login" + query, body=data)


def session_cookie_headers(r):
    return [v for v in r.headers_all("set-cookie") if v.startswith(COOKIE + "=")]


def create_staff_user(stack, admin, role="member"):
    """A fresh staff account made through the admin UI; returns (id, email)."""
    email = f"{unique('auth')}@x.test"
    r = admin.post("/settings/users", {"name": "Auth Test", "email": email, "role": role,
                                       "hourly_rate": "50.00", "password": PASSWORD})
    assert r.status == 303, r
    uid = stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")
    assert uid, "the user was not created"
    return uid, email


@pytest.fixture
def victim(stack, adminc):
    """The e-mail of a fresh account for wrong-password tries (throttling is per
    e-mail: the shared demo accounts must never collect failures)."""
    return create_staff_user(stack, adminc)[1]


# ------------------------------------------------------------- good login

def test_staff_login_redirects_to_dashboard(stack):
    r = post_login(anon(stack), "pm@demo.test", PASSWORD)
    assert r.status == 303
    assert r.header("location") == "/"


def test_contact_login_redirects_to_portal(stack):
    r = post_login(anon(stack), "client@acme.test", PASSWORD)
    assert r.status == 303
    assert r.header("location") == "/portal"


def test_login_email_is_case_insensitive(stack):
    r = post_login(anon(stack), "PM@Demo.Test", PASSWORD)
    assert r.status == 303
    assert r.header("location") == "/"


def test_session_cookie_is_httponly_samesite_lax(stack):
    r = post_login(anon(stack), "member@demo.test", PASSWORD)
    assert r.status == 303
    cookies = session_cookie_headers(r)
    assert len(cookies) == 1, r.headers
    attrs = [a.strip().lower() for a in cookies[0].split(";")[1:]]
    assert "httponly" in attrs
    assert "samesite=lax" in attrs
    assert "path=/" in attrs


def test_session_token_is_256_bit_hex(stack):
    c = login_as(stack, "member@demo.test")
    assert re.fullmatch(r"[0-9a-f]{64}", c.cookies[COOKIE])


def test_session_is_stored_hashed_not_as_the_cookie(stack):
    c = login_as(stack, "member@demo.test")
    token = c.cookies[COOKIE]
    assert re.fullmatch(r"[0-9a-f]{64}", token)
    assert stack.scalar(f"SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'"
                        f" OR csrf = '{token}'") == "0"
    assert stack.scalar("SELECT COUNT(*) FROM sessions"
                        f" WHERE token_hash = SHA2('{token}', 256)") == "1"


def test_logged_in_session_reaches_dashboard(stack):
    c = login_as(stack, "pm@demo.test")
    r = c.get_xml("/")
    assert r.status == 200
    assert r.xml().xpath("string(/page/session/@email)") == "pm@demo.test"


def test_login_page_redirects_when_already_signed_in(stack):
    c = login_as(stack, "client@globex.test")
    r = c.get("/login")
    assert r.status == 303
    assert r.header("location") == "/portal"


# -------------------------------------------------------------- bad login

def test_bad_password_is_401(stack, victim):
    r = post_login(anon(stack), victim, "not-the-password")
    assert r.status == 401


def test_bad_password_keeps_email_in_form(stack, victim):
    r = post_login(anon(stack), victim, "not-the-password")
    assert r.status == 401
    doc = r.html()
    assert doc.xpath("string(//form[@action='/login']//input[@name='email']/@value)") == victim


def test_bad_password_is_not_echoed(stack, victim):
    secret = "wrong-" + unique("pw")
    r = post_login(anon(stack), victim, secret, query="?format=xml")
    assert r.status == 401
    assert secret.encode() not in r.body
    doc = r.xml()
    assert doc.xpath("string(/page/form-state/value[@name='email'])") == victim
    assert not doc.xpath("/page/form-state/value[@name='password']")


def test_bad_password_sets_no_session_cookie(stack, victim):
    c = anon(stack)
    r = post_login(c, victim, "not-the-password")
    assert r.status == 401
    assert session_cookie_headers(r) == []
    assert COOKIE not in c.cookies


def test_unknown_user_is_401_without_cookie(stack):
    r = post_login(anon(stack), f"{unique('nobody')}@x.test", PASSWORD)
    assert r.status == 401
    assert session_cookie_headers(r) == []


def test_unknown_user_and_bad_password_look_the_same(stack, victim):
    """No account probing: the message does not say which part was wrong."""
    bad = post_login(anon(stack), victim, "not-the-password", query="?format=xml")
    unknown = post_login(anon(stack), f"{unique('nobody')}@x.test", "x", query="?format=xml")
    assert bad.status == unknown.status == 401
    msg = "string(/page/form-state/error)"
    assert bad.xml().xpath(msg) == unknown.xml().xpath(msg) != ""


@pytest.mark.parametrize("email,password,fields", [
    ("", "", {"email", "password"}),
    ("pm@demo.test", "", {"password"}),
    ("", PASSWORD, {"email"}),
    ("not-an-email", PASSWORD, {"email"}),
])
def test_empty_or_malformed_fields_are_422(stack, email, password, fields):
    c = anon(stack)
    r = post_login(c, email, password, query="?format=xml")
    assert r.status == 422
    assert set(r.xml().xpath("/page/form-state/error/@field")) == fields
    assert session_cookie_headers(r) == []


def test_login_without_fields_is_422(stack):
    r = anon(stack).request("POST", "/login", body={})
    assert r.status == 422


def test_deactivated_user_loses_existing_session(stack, adminc):
    uid, email = create_staff_user(stack, adminc)
    user = login_as(stack, email)
    assert user.get("/").status == 200
    r = adminc.post(f"/settings/users/{uid}/active", {"active": "0"})
    assert r.status == 303, r
    r = user.get("/")
    assert r.status == 303
    assert r.header("location") == "/login"


def test_deactivated_user_cannot_log_in(stack, adminc):
    uid, email = create_staff_user(stack, adminc)
    r = adminc.post(f"/settings/users/{uid}/active", {"active": "0"})
    assert r.status == 303, r
    r = post_login(anon(stack), email, PASSWORD)
    assert r.status == 401
    assert session_cookie_headers(r) == []


# ------------------------------------------------------------ throttling

def test_five_failures_then_429_for_unknown_email(stack):
    email = f"{unique('throttle')}@x.test"
    c = anon(stack)
    for i in range(5):
        assert post_login(c, email, f"wrong-{i}").status == 401, i
    r = post_login(c, email, "wrong-again")
    assert r.status == 429


def test_throttled_even_with_the_right_password(stack, adminc):
    _, email = create_staff_user(stack, adminc)
    c = anon(stack)
    for i in range(5):
        assert post_login(c, email, f"wrong-{i}").status == 401, i
    r = post_login(c, email, PASSWORD)
    assert r.status == 429
    assert session_cookie_headers(r) == []
    assert COOKIE not in c.cookies
    assert stack.scalar(f"SELECT COUNT(*) FROM login_attempts WHERE email = '{email}'") == "5"


def test_throttle_page_says_to_wait(stack):
    email = f"{unique('throttle')}@x.test"
    c = anon(stack)
    for i in range(5):
        assert post_login(c, email, "wrong").status == 401, i
    r = post_login(c, email, "wrong", query="?format=xml")
    assert r.status == 429
    assert r.xml().xpath("string(/page/flash[@kind='error'])") != ""


def test_throttle_ignores_case_of_email(stack):
    base = unique("throttle")
    c = anon(stack)
    for i, email in enumerate([f"{base}@x.test", f"{base.upper()}@X.TEST", f"{base}@X.test",
                               f"{base.capitalize()}@x.test", f"{base}@x.TEST"]):
        assert post_login(c, email, "wrong").status == 401, i
    assert post_login(c, f"{base}@x.test", "wrong").status == 429


def test_four_failures_do_not_throttle(stack, adminc):
    _, email = create_staff_user(stack, adminc)
    c = anon(stack)
    for i in range(4):
        assert post_login(c, email, f"wrong-{i}").status == 401, i
    r = post_login(c, email, PASSWORD)
    assert r.status == 303


def test_throttle_is_per_email(stack):
    email = f"{unique('throttle')}@x.test"
    c = anon(stack)
    for _ in range(5):
        post_login(c, email, "wrong")
    assert post_login(c, email, "wrong").status == 429
    # same client, same address: another account is not locked out
    r = post_login(c, "member@demo.test", PASSWORD)
    assert r.status == 303


# ---------------------------------------------------------------- logout

def test_logout_redirects_to_login(stack):
    c = login_as(stack, "member@demo.test")
    r = c.post("/logout")
    assert r.status == 303
    assert r.header("location") == "/login"


def test_logout_deletes_cookie(stack):
    c = login_as(stack, "member@demo.test")
    r = c.post("/logout")
    assert r.status == 303
    cookies = session_cookie_headers(r)
    assert len(cookies) == 1
    name_value, *attrs = [a.strip() for a in cookies[0].split(";")]
    assert name_value == COOKIE + "="
    assert "Max-Age=0" in attrs


def test_old_cookie_is_dead_after_logout(stack):
    c = login_as(stack, "member@demo.test")
    token = c.cookies[COOKIE]
    assert c.post("/logout").status == 303
    c.cookies[COOKIE] = token  # a copy the browser (or a thief) kept
    r = c.get("/")
    assert r.status == 303
    assert r.header("location") == "/login"
    assert stack.scalar("SELECT COUNT(*) FROM sessions"
                        f" WHERE token_hash = SHA2('{token}', 256)") == "0"


def test_logout_without_csrf_is_403_and_keeps_session(stack):
    c = login_as(stack, "member@demo.test")
    r = c.post("/logout", csrf=False)
    assert r.status == 403
    assert c.get("/").status == 200


def test_logout_with_wrong_csrf_is_403(stack):
    c = login_as(stack, "member@demo.test")
    r = c.post("/logout", {"csrf": "0" * 42}, csrf=False)
    assert r.status == 403
    assert c.get("/").status == 200


def test_logout_anonymous_is_401(stack):
    r = anon(stack).request("POST", "/logout", body={"csrf": "x"})
    assert r.status == 401


# -------------------------------------------------------- session rotation

def test_cookie_changes_at_login(stack):
    c = login_as(stack, "member@demo.test")
    first = c.cookies[COOKIE]
    r = post_login(c, "member@demo.test", PASSWORD)
    assert r.status == 303
    assert c.cookies[COOKIE] != first


def test_login_retires_the_previous_session(stack):
    c = login_as(stack, "member@demo.test")
    first = c.cookies[COOKIE]
    assert post_login(c, "pm@demo.test", PASSWORD).status == 303
    old = anon(stack)
    old.cookies[COOKIE] = first
    r = old.get("/")
    assert r.status == 303
    assert r.header("location") == "/login"


def test_planted_cookie_is_not_adopted(stack):
    """Session fixation: a token chosen by someone else never becomes a session."""
    planted = "ab" * 32
    c = anon(stack)
    c.cookies[COOKIE] = planted
    assert post_login(c, "member@demo.test", PASSWORD).status == 303
    assert c.cookies[COOKIE] != planted
    assert stack.scalar("SELECT COUNT(*) FROM sessions"
                        f" WHERE token_hash = SHA2('{planted}', 256)") == "0"


def test_garbage_cookie_is_anonymous(stack):
    c = anon(stack)
    c.cookies[COOKIE] = "'; DROP TABLE sessions; --"
    r = c.get("/")
    assert r.status == 303
    assert r.header("location") == "/login"


# ------------------------------------------------------------------ next

def test_next_lands_on_the_wanted_page(stack):
    r = post_login(anon(stack), "pm@demo.test", PASSWORD, next_="/projects/1")
    assert r.status == 303
    assert r.header("location") == "/projects/1"


def test_next_round_trip_through_the_login_page(stack):
    c = anon(stack)
    r = c.get("/projects/1")
    assert r.status == 303
    loc = r.header("location")
    assert loc.startswith("/login?")
    r = c.get(loc)
    assert r.status == 200
    nxt = r.html().xpath("string(//form[@action='/login']//input[@name='next']/@value)")
    assert nxt == "/projects/1"
    r = post_login(c, "pm@demo.test", PASSWORD, next_=nxt)
    assert r.header("location") == "/projects/1"


@pytest.mark.parametrize("evil", [
    "//evil.example", "//evil.example/projects", "https://evil.example", "http://evil.example/",
    "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "evil.example",
])
def test_next_to_another_site_is_ignored(stack, evil):
    r = post_login(anon(stack), "pm@demo.test", PASSWORD, next_=evil)
    assert r.status == 303
    assert r.header("location") == "/"


@pytest.mark.parametrize("evil", ["//evil.example", "https://evil.example"])
def test_login_form_drops_foreign_next(stack, evil):
    r = anon(stack).get("/login?next=" + urllib.parse.quote(evil, safe=""))
    assert r.status == 200
    nxt = r.html().xpath("string(//form[@action='/login']//input[@name='next']/@value)")
    assert nxt == ""


def test_next_with_header_injection_is_not_followed(stack):
    r = post_login(anon(stack), "pm@demo.test", PASSWORD, next_="/x\r\nSet-Cookie: evil=1")
    assert not any("evil" in v for v in r.headers_all("set-cookie"))
    loc = r.header("location")
    assert loc is None or loc == "/"


def test_contact_next_to_staff_page_goes_to_portal(stack):
    r = post_login(anon(stack), "client@acme.test", PASSWORD, next_="/projects/1")
    assert r.status == 303
    assert r.header("location") == "/portal"


def test_contact_next_to_portal_page_is_kept(stack):
    r = post_login(anon(stack), "client@acme.test", PASSWORD, next_="/portal/projects/1")
    assert r.status == 303
    assert r.header("location") == "/portal/projects/1"


# -------------------------------------------------------- login CSRF

def test_cross_site_login_is_refused(stack):
    c = anon(stack)
    r = c.request("POST", "/login", body={"email": "pm@demo.test", "password": PASSWORD},
                  headers={"Origin": "http://evil.example"})
    assert r.status == 403
    assert session_cookie_headers(r) == []
