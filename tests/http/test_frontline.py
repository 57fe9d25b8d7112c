"""The front line of src/route.c: method, route, session, role, then the handler;
content negotiation (HTML or the page XML) under the same authorisation."""
import pytest
from lxml import etree

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

BROWSER_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,"
                  "image/avif,image/webp,*/*;q=0.8")


def is_xml(r):
    return (r.header("content-type") or "").startswith("application/xml")


def is_html(r):
    return (r.header("content-type") or "").startswith("text/html")


def error_status(r):
    """The status an error page states in its XML."""
    assert is_xml(r), r.headers
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "error"
    return doc.xpath("string(/page/error/@status)")


def allow_set(r):
    return {m.strip() for m in (r.header("allow") or "").split(",") if m.strip()}


def clients_named(stack, name):
    return stack.scalar(f"SELECT COUNT(*) FROM clients WHERE name = '{name}'")


# ------------------------------------------------------------------ 404

def test_unknown_path_is_404_html_page(stack):
    r = anon(stack).get("/no/such/page")
    assert r.status == 404
    assert is_html(r)
    doc = r.html()
    assert "Not found" in doc.xpath("string(//title)")
    assert "404" in doc.xpath("string(//main)")


def test_unknown_path_is_404_xml(stack):
    r = anon(stack).get_xml("/no/such/page")
    assert r.status == 404
    assert error_status(r) == "404"


def test_unknown_path_is_404_when_signed_in(stack, pmc):
    r = pmc.get("/no/such/page")
    assert r.status == 404


def test_unknown_path_is_404_not_a_login_redirect(stack):
    """Route known? comes before session?: no sign-in detour for nothing."""
    r = anon(stack).get("/projects/1/nothing-here")
    assert r.status == 404


# ------------------------------------------------------------------ 405

# A GET of a POST-only address is a 303 to its form's page (issue 10 item 7,
# tests/http/test_issue10_edge.py); other wrong methods stay 405.
@pytest.mark.parametrize("method,path,allowed", [
    ("POST", "/projects/1/edit", {"GET", "HEAD"}),
    ("PUT", "/logout", {"POST"}),
    ("POST", "/portal", {"GET", "HEAD"}),
    ("DELETE", "/projects/1/stage", {"POST"}),
])
def test_wrong_method_is_405_with_allow(stack, pmc, method, path, allowed):
    r = pmc.request(method, path)
    assert r.status == 405
    assert allow_set(r) == allowed


@pytest.mark.parametrize("method,path,allowed", [
    ("PUT", "/", {"GET", "HEAD"}),
    ("DELETE", "/projects/1", {"GET", "HEAD", "POST"}),
    ("PATCH", "/clients", {"GET", "HEAD", "POST"}),
])
def test_unsupported_method_is_405_with_allow(stack, pmc, method, path, allowed):
    """RFC 9110 15.5.6: a 405 MUST carry Allow, also for methods the app never routes."""
    r = pmc.request(method, path)
    assert r.status == 405
    assert allow_set(r) == allowed


def test_wrong_method_is_405_before_sign_in(stack):
    r = anon(stack).request("POST", "/projects/1/edit")
    assert r.status == 405
    assert allow_set(r) == {"GET", "HEAD"}


def test_405_page_says_so_in_xml(stack):
    r = anon(stack).request("PUT", "/logout?format=xml")
    assert r.status == 405
    assert error_status(r) == "405"


def test_head_gives_headers_without_body(stack):
    r = anon(stack).request("HEAD", "/login")
    assert r.status == 200
    assert is_html(r)
    assert r.body == b""


# ----------------------------------------------------------- anonymous

@pytest.mark.parametrize("path", ["/projects", "/projects/1", "/clients", "/settings/users"])
def test_anonymous_page_redirects_to_login_with_next(stack, path):
    r = anon(stack).get(path)
    assert r.status == 303
    assert r.header("location") == "/login?next=" + path


def test_anonymous_dashboard_redirects_to_plain_login(stack):
    r = anon(stack).get("/")
    assert r.status == 303
    assert r.header("location") == "/login"


def test_anonymous_xml_is_401(stack):
    r = anon(stack).get_xml("/projects")
    assert r.status == 401
    assert error_status(r) == "401"
    assert r.header("location") is None


def test_anonymous_accept_xml_is_401(stack):
    r = anon(stack).get("/projects/1", headers={"Accept": "application/xml"})
    assert r.status == 401
    assert error_status(r) == "401"


def test_anonymous_post_is_401_and_writes_nothing(stack):
    name = unique("anon-client")
    r = anon(stack).request("POST", "/clients",
                            body={"name": name, "cadence": "weekly", "csrf": "x"})
    assert r.status == 401
    assert clients_named(stack, name) == "0"


# ----------------------------------------------------------- roles: member

@pytest.mark.parametrize("path", ["/projects/new", "/clients/new", "/settings/users",
                                  "/settings/users/1", "/projects/1/edit", "/portal"])
def test_member_is_403_on_manager_pages(stack, memberc, path):
    r = memberc.get(path)
    assert r.status == 403


@pytest.mark.parametrize("path", ["/", "/projects", "/projects/1", "/clients", "/clients/1"])
def test_member_sees_staff_pages(stack, memberc, path):
    assert memberc.get(path).status == 200


def test_member_cannot_create_a_client(stack, memberc):
    name = unique("member-client")
    r = memberc.post("/clients", {"name": name, "domain": "", "cadence": "weekly", "notes": ""})
    assert r.status == 403
    assert clients_named(stack, name) == "0"


def test_member_cannot_change_a_stage(stack, memberc):
    before = stack.scalar("SELECT stage FROM projects WHERE id = 3")
    r = memberc.post("/projects/3/stage", {"stage": "closure", "note": "no"})
    assert r.status == 403
    assert stack.scalar("SELECT stage FROM projects WHERE id = 3") == before


# ----------------------------------------------------------- roles: pm

def test_pm_is_403_on_user_settings(stack, pmc):
    assert pmc.get("/settings/users").status == 403


def test_pm_cannot_create_users(stack, pmc):
    email = f"{unique('pm-made')}@x.test"
    r = pmc.post("/settings/users", {"name": "X", "email": email, "role": "admin",
                                      "hourly_rate": "1.00", "password": "long-enough-pw"})
    assert r.status == 403
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{email}'") == "0"


def test_pm_reaches_manager_pages(stack, pmc):
    assert pmc.get("/projects/new").status == 200


def test_pm_is_403_on_the_portal(stack, pmc):
    assert pmc.get("/portal").status == 403


# -------------------------------------------------------- roles: contact

def test_contact_dashboard_redirects_to_portal(stack, acmec):
    r = acmec.get("/")
    assert r.status == 303
    assert r.header("location") == "/portal"


@pytest.mark.parametrize("path", ["/projects", "/clients", "/projects/1", "/clients/1",
                                  "/projects/new", "/settings/users", "/projects/1/edit"])
def test_contact_is_403_on_staff_pages(stack, acmec, path):
    r = acmec.get(path)
    assert r.status == 403


def test_contact_is_403_on_staff_xml(stack, acmec):
    r = acmec.get_xml("/projects/1")
    assert r.status == 403
    assert error_status(r) == "403"
    assert b"Website relaunch" not in r.body


def test_contact_cannot_post_staff_forms(stack, acmec):
    name = unique("contact-client")
    r = acmec.post("/clients", {"name": name, "domain": "", "cadence": "weekly", "notes": ""})
    assert r.status == 403
    assert clients_named(stack, name) == "0"


def test_contact_sees_portal(stack, acmec):
    assert acmec.get("/portal").status == 200


# ------------------------------------------------------------------- ids

@pytest.mark.parametrize("path", [
    "/projects/0001", "/projects/01", "/projects/0", "/projects/99999999999999999999",
    "/projects/18446744073709551617", "/projects/9223372036854775808", "/projects/-1",
    "/projects/+1", "/projects/1abc", "/projects/1.0", "/projects/0x1", "/projects/%201",
])
def test_malformed_or_huge_id_is_404(stack, pmc, path):
    assert pmc.get(path).status == 404


def test_unknown_id_is_404(stack, pmc):
    assert pmc.get("/projects/9223372036854775807").status == 404
    assert pmc.get("/clients/987654321").status == 404


def test_plain_id_is_found(stack, pmc):
    assert pmc.get("/projects/1").status == 200


# ---------------------------------------------------------- negotiation

def test_format_xml_gives_page_xml(stack, pmc):
    r = pmc.get("/projects/1?format=xml")
    assert r.status == 200
    assert is_xml(r)
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "project"
    assert doc.xpath("string(/page/project/@id)") == "1"


def test_accept_xml_gives_the_same_document(stack, pmc):
    a = pmc.get("/projects/1?format=xml")
    b = pmc.get("/projects/1", headers={"Accept": "application/xml"})
    assert b.status == 200
    assert is_xml(b)
    # the same model; only the path attribute may differ
    da, db = a.xml(), b.xml()
    assert etree.tostring(da.find("project")) == etree.tostring(db.find("project"))
    assert da.xpath("string(/page/@name)") == db.xpath("string(/page/@name)")


def test_xml_is_well_formed_utf8(stack, pmc):
    r = pmc.get_xml("/")
    assert r.status == 200
    assert r.body.startswith(b"<?xml")
    doc = etree.fromstring(r.body)  # raises on a malformed document
    assert doc.tag == "page"


def test_browser_accept_gets_html(stack, pmc):
    r = pmc.get("/projects/1", headers={"Accept": BROWSER_ACCEPT})
    assert r.status == 200
    assert is_html(r)
    assert r.html().tag == "html"


def test_default_is_html(stack, pmc):
    r = pmc.get("/projects/1", headers={"Accept": "*/*"})
    assert r.status == 200
    assert is_html(r)


def test_other_format_value_gets_html(stack, pmc):
    r = pmc.get("/projects/1?format=json")
    assert r.status == 200
    assert is_html(r)


def test_accept_xml_keeps_member_403(stack, memberc):
    r = memberc.get("/settings/users", headers={"Accept": "application/xml"})
    assert r.status == 403
    assert error_status(r) == "403"


def test_format_xml_keeps_member_403(stack, memberc):
    r = memberc.get_xml("/projects/new")
    assert r.status == 403
    assert error_status(r) == "403"


def test_contact_accept_xml_is_403(stack, acmec):
    r = acmec.get("/clients", headers={"Accept": "application/xml"})
    assert r.status == 403
    assert error_status(r) == "403"


# ------------------------------------------------- error page headers

def _check_security_headers(r):
    csp = r.header("content-security-policy") or ""
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.header("x-content-type-options") == "nosniff"
    assert r.header("referrer-policy")
    assert "no-store" in (r.header("cache-control") or "")


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/no/such/page", 404),
    ("GET", "/no/such/page?format=xml", 404),
    ("PUT", "/logout", 405),
    ("GET", "/logout", 303),
    ("PUT", "/", 405),
    ("GET", "/projects?format=xml", 401),
    ("POST", "/clients", 401),
    ("GET", "/login?x=%zz", 400),
])
def test_error_pages_carry_security_headers(stack, method, path, status):
    r = anon(stack).request(method, path)
    assert r.status == status
    _check_security_headers(r)


def test_403_page_carries_security_headers(stack, memberc):
    r = memberc.get("/settings/users")
    assert r.status == 403
    _check_security_headers(r)


def test_redirect_carries_security_headers(stack):
    r = anon(stack).get("/projects")
    assert r.status == 303
    _check_security_headers(r)


def test_login_redirect_keeps_the_query_of_the_wanted_page(stack):
    c = anon(stack)
    r = c.get("/projects?stage=execution&page=1")
    assert r.status == 303
    loc = r.header("location")
    assert loc == "/login?next=/projects%3Fstage%3Dexecution%26page%3D1"
    # after signing in, the filtered list is where the visitor lands
    r = c.request("POST", "/login", body={"email": "member@demo.test", "password": PASSWORD,
                                          "next": "/projects?stage=execution&page=1"})
    assert r.status == 303
    assert r.header("location") == "/projects?stage=execution&page=1"
