"""Security model (DESIGN.md section 9): CSRF and origin checks, security headers,
escaping, hostile input at the edge, and the client scope of the portal."""
import os
import urllib.parse

import pytest

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

XSS = "<script>alert(1)</script>"
ODD = "O'Brien \"Quote\" \\back\\slash & Co \u2014 Z\u00fcrich \u6771\u4eac &amp; <b>"


def count_clients(stack, name):
    return stack.scalar("SELECT COUNT(*) FROM clients WHERE name = '%s'" % name.replace("'", "''"))


def client_form(name, **kw):
    d = {"name": name, "domain": "", "cadence": "weekly", "notes": ""}
    d.update(kw)
    return d


def create_client(pm, name, **kw):
    """POST /clients as pm; returns the new id."""
    r = pm.post("/clients", client_form(name, **kw))
    assert r.status == 303, r
    loc = r.header("location")
    assert loc.startswith("/clients/")
    return int(loc.rsplit("/", 1)[1])


def workers(stack):
    """Pids of the live children of this stack's tandem supervisor."""
    sup = int((stack.var / "run/tandem.pid").read_text().split()[0])
    kids = set()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(rest[1]) == sup and rest[0] not in ("Z", "X"):
            kids.add(int(d))
    return kids


# ------------------------------------------------------------------ CSRF

def test_csrf_missing_is_403_and_writes_nothing(stack, pmc):
    name = unique("csrf-missing")
    r = pmc.post("/clients", client_form(name), csrf=False)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_csrf_wrong_is_403_and_writes_nothing(stack, pmc):
    name = unique("csrf-wrong")
    token = pmc.csrf()
    wrong = ("0" if token[0] != "0" else "1") + token[1:]
    r = pmc.post("/clients", client_form(name, csrf=wrong), csrf=False)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_csrf_empty_is_403(stack, pmc):
    name = unique("csrf-empty")
    r = pmc.post("/clients", client_form(name, csrf=""), csrf=False)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_csrf_prefix_is_403(stack, pmc):
    name = unique("csrf-prefix")
    r = pmc.post("/clients", client_form(name, csrf=pmc.csrf()[:-1]), csrf=False)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_csrf_in_query_string_is_not_enough(stack, pmc):
    name = unique("csrf-query")
    r = pmc.post("/clients?csrf=" + pmc.csrf(), client_form(name), csrf=False)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_csrf_from_another_session_is_403(stack, pmc, adminc):
    name = unique("csrf-other")
    other = adminc.csrf()
    assert other != pmc.csrf()
    r = pmc.post("/clients", client_form(name, csrf=other), csrf=False)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_csrf_of_same_user_other_session_is_403(stack, pmc):
    name = unique("csrf-twin")
    twin = login_as(stack, "pm@demo.test")
    assert twin.csrf() != pmc.csrf()
    r = pmc.post("/clients", client_form(name, csrf=twin.csrf()), csrf=False)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_csrf_valid_is_accepted(stack, pmc):
    name = unique("csrf-ok")
    r = pmc.post("/clients", client_form(name))
    assert r.status == 303
    assert count_clients(stack, name) == "1"


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "SAME"},
], ids=["origin-evil-http", "origin-evil-https", "origin-null", "fetch-cross-site",
        "fetch-cross-site-same-origin"])
def test_cross_site_post_with_valid_token_is_403(stack, pmc, headers):
    headers = {k: (stack.base if v == "SAME" else v) for k, v in headers.items()}
    name = unique("cross")
    r = pmc.post("/clients", client_form(name), headers=headers)
    assert r.status == 403
    assert count_clients(stack, name) == "0"


def test_lookalike_origin_is_403(stack, pmc):
    name = unique("lookalike")
    r = pmc.post("/clients", client_form(name),
                  headers={"Origin": f"http://127.0.0.1.evil.example:{stack.port}"})
    assert r.status == 403
    assert count_clients(stack, name) == "0"


@pytest.mark.parametrize("headers", [
    {"Origin": "SAME"},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "SAME"},
    {"Sec-Fetch-Site": "none"},
], ids=["origin", "fetch-same-origin", "both", "fetch-none"])
def test_same_origin_post_is_accepted(stack, pmc, headers):
    headers = {k: (stack.base if v == "SAME" else v) for k, v in headers.items()}
    name = unique("same")
    r = pmc.post("/clients", client_form(name), headers=headers)
    assert r.status == 303
    assert count_clients(stack, name) == "1"


# ----------------------------------------------------- security headers

def _csp(r):
    csp = r.header("content-security-policy")
    assert csp, r.headers
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


RESPONSES = {
    "login": lambda s, pm: anon(s).get("/login"),
    "dashboard": lambda s, pm: pm.get("/"),
    "dashboard-xml": lambda s, pm: pm.get_xml("/"),
    "project": lambda s, pm: pm.get("/projects/1"),
    "redirect": lambda s, pm: anon(s).get("/projects"),
    "login-failed": lambda s, pm: anon(s).request(
        "POST", "/login", body={"email": f"{unique('hdr')}@x.test", "password": "x"}),
    "not-found": lambda s, pm: pm.get("/nothing"),
    "bad-request": lambda s, pm: anon(s).get("/login?x=%zz"),
}


@pytest.mark.parametrize("which", sorted(RESPONSES))
def test_csp_has_no_inline_script_and_no_framing(stack, pmc, which):
    r = RESPONSES[which](stack, pmc)
    csp = _csp(r)
    assert csp.get("frame-ancestors") == ["'none'"]
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts is not None
    for words in csp.values():
        assert "'unsafe-inline'" not in words
        assert "'unsafe-eval'" not in words
    assert "*" not in scripts and "data:" not in scripts
    assert "default-src" in csp


@pytest.mark.parametrize("which", sorted(RESPONSES))
def test_nosniff_and_referrer_policy(stack, pmc, which):
    r = RESPONSES[which](stack, pmc)
    assert r.header("x-content-type-options") == "nosniff"
    assert r.header("referrer-policy") in (
        "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")


@pytest.mark.parametrize("which", sorted(RESPONSES))
def test_pages_are_not_cached(stack, pmc, which):
    r = RESPONSES[which](stack, pmc)
    assert "no-store" in [d.strip() for d in (r.header("cache-control") or "").split(",")]


def test_html_has_no_inline_script(stack, pmc):
    doc = pmc.get("/projects/1").html()
    for s in doc.xpath("//script"):
        assert s.get("src", "").startswith("/static/"), s.attrib
        assert not (s.text or "").strip()
    assert not doc.xpath("//@*[starts-with(name(), 'on')]")


# ---------------------------------------------------------------- escaping

@pytest.fixture(scope="module")
def xss_client(stack, pmc):
    return create_client(pmc, XSS, notes=XSS)


def test_script_name_is_text_in_html(stack, pmc, xss_client):
    r = pmc.get(f"/clients/{xss_client}")
    assert r.status == 200
    doc = r.html()
    assert not [s for s in doc.xpath("//script") if "alert" in (s.text or "")]
    assert not [s for s in doc.xpath("//script") if not s.get("src")]
    assert doc.xpath("//h1[normalize-space(.) = $n]", n=XSS)


def test_script_name_is_text_in_client_list(stack, pmc, xss_client):
    r = pmc.get("/clients")
    assert r.status == 200
    assert not [s for s in r.html().xpath("//script") if not s.get("src")]
    assert b"<script>alert" not in r.body


def test_script_name_round_trips_in_xml(stack, pmc, xss_client):
    r = pmc.get_xml(f"/clients/{xss_client}")
    assert r.status == 200
    doc = r.xml()
    assert doc.xpath("string(/page/client/@name)") == XSS
    assert doc.xpath("string(/page/client/@notes)") == XSS
    assert doc.xpath("string(/page/@title)") == XSS
    assert not doc.xpath("//script")


def test_attribute_breakout_is_text(stack, pmc):
    name = '"><img src=x onerror=alert(1)>'
    cid = create_client(pmc, name)
    doc = pmc.get(f"/clients/{cid}").html()
    assert not doc.xpath("//img[@onerror]")
    assert not doc.xpath("//@*[starts-with(name(), 'on')]")
    assert pmc.get_xml(f"/clients/{cid}").xml().xpath("string(/page/client/@name)") == name


def test_odd_characters_round_trip_through_database(stack, pmc):
    name = ODD + " " + unique("")
    cid = create_client(pmc, name)
    stored = stack.scalar(f"SELECT HEX(name) FROM clients WHERE id = {cid}")
    assert bytes.fromhex(stored).decode("utf-8") == name


def test_odd_characters_round_trip_through_xml(stack, pmc):
    name = ODD + " " + unique("")
    cid = create_client(pmc, name)
    doc = pmc.get_xml(f"/clients/{cid}").xml()
    assert doc.xpath("string(/page/client/@name)") == name


def test_odd_characters_round_trip_through_html(stack, pmc):
    name = ODD + " " + unique("")
    cid = create_client(pmc, name)
    doc = pmc.get(f"/clients/{cid}").html()
    assert doc.xpath("//h1[. = $n]", n=name)
    assert not doc.xpath("//main//b")


def test_multiline_notes_round_trip(stack, pmc):
    notes = "line one\nline <two> ]]> --> & three\n\ttabbed \u00e9"
    cid = create_client(pmc, unique("notes"), notes=notes)
    doc = pmc.get_xml(f"/clients/{cid}").xml()
    assert doc.xpath("string(/page/client/@notes)") == notes


def test_next_param_is_text_in_login_form(stack):
    evil = '/"><script>alert(1)</script>'
    r = anon(stack).get("/login?next=" + urllib.parse.quote(evil, safe=""))
    assert r.status == 200
    doc = r.html()
    assert not [s for s in doc.xpath("//script") if not s.get("src")]
    assert doc.xpath("string(//input[@name='next']/@value)") == evil


def test_failed_login_email_is_text(stack):
    email = f'"><script>alert(1)</script>{unique("x")}@x.test'
    r = anon(stack).request("POST", "/login", body={"email": email, "password": "x"})
    assert r.status in (401, 422)
    doc = r.html()
    assert not [s for s in doc.xpath("//script") if not s.get("src")]
    assert doc.xpath("string(//input[@name='email']/@value)") == email


# ------------------------------------------------------- malformed input

FORM = "application/x-www-form-urlencoded"


def form_body(pairs):
    return b"&".join(pairs)


# Form bodies go to /login: the one address whose body an anonymous visitor
# gets read (issue 10 item 25: other bodies wait for the session).
BAD = {
    "query-bad-percent": ("GET", "/login?x=%zz", None),
    "query-short-percent": ("GET", "/login?x=%4", None),
    "query-invalid-utf8": ("GET", "/login?x=%ff", None),
    "query-overlong-utf8": ("GET", "/login?x=%c0%af", None),
    "query-surrogate": ("GET", "/login?x=%ed%a0%80", None),
    "query-control": ("GET", "/login?x=%01", None),
    "query-nul": ("GET", "/login?x=a%00b", None),
    "path-invalid-utf8": ("GET", "/%ff", None),
    "form-control": ("POST", "/login", b"name=a%01b&cadence=weekly"),
    "form-control-in-name": ("POST", "/login", b"na%02me=a&cadence=weekly"),
    "form-invalid-utf8": ("POST", "/login", b"name=a%ffb&cadence=weekly"),
    "form-bad-percent": ("POST", "/login", b"name=a%g1&cadence=weekly"),
    "form-name-too-long": ("POST", "/login", b"n" * 129 + b"=1&cadence=weekly"),
    "form-too-many-fields": ("POST", "/login", form_body(b"f%d=1" % i for i in range(257))),
    "form-value-too-long": ("POST", "/login", b"name=" + b"v" * (64 * 1024 + 1)),
    "form-nul-byte": ("POST", "/login", b"name=a\x00b&cadence=weekly"),
    "form-nul-encoded": ("POST", "/login", b"name=a%00b&cadence=weekly"),
    "get-with-body": ("GET", "/login", b"x=1"),
}

# The same requests made well: they pass the edge and reach the front line.
GOOD = {
    "query": ("GET", "/login?x=%41%c3%a9", None, 200),
    "form": ("POST", "/clients", b"name=a%20b%C3%A9&cadence=weekly", 401),
    "name-128": ("POST", "/clients", b"n" * 128 + b"=1&cadence=weekly", 401),
    "256-fields": ("POST", "/clients", form_body(b"f%d=1" % i for i in range(256)), 401),
    "value-64k": ("POST", "/clients", b"name=" + b"v" * (64 * 1024), 401),
}


def send(stack, method, path, body, content_type=FORM):
    headers = {"Content-Type": content_type} if body is not None else {}
    return anon(stack).request(method, path, raw_body=body, headers=headers)


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_request_is_400(stack, case):
    method, path, body = BAD[case]
    r = send(stack, method, path, body)
    assert r.status == 400
    assert "Bad request" in r.html().xpath("string(//title)")


@pytest.mark.parametrize("case", sorted(BAD))
def test_worker_survives_malformed_request(stack, case):
    before = workers(stack)
    assert before
    method, path, body = BAD[case]
    send(stack, method, path, body)
    assert anon(stack).get("/login").status == 200
    assert workers(stack) == before


# nginx itself refuses these paths before the app sees them; either way: 400
NGINX_BAD = {
    "path-bad-percent": ("GET", "/projects/%zz", None),
    "path-nul": ("GET", "/login%00", None),
}


@pytest.mark.parametrize("case", sorted(NGINX_BAD))
def test_malformed_path_is_400(stack, case):
    before = workers(stack)
    method, path, body = NGINX_BAD[case]
    assert send(stack, method, path, body).status == 400
    assert anon(stack).get("/login").status == 200
    assert workers(stack) == before


@pytest.mark.parametrize("case", sorted(GOOD))
def test_well_formed_request_passes_the_edge(stack, case):
    method, path, body, status = GOOD[case]
    assert send(stack, method, path, body).status == status


def test_body_over_one_megabyte_is_413(stack):
    before = workers(stack)
    r = send(stack, "POST", "/clients", b"name=" + b"v" * (1024 * 1024))
    assert r.status == 413
    assert anon(stack).get("/login").status == 200
    assert workers(stack) == before


def test_oversized_post_from_a_user_writes_nothing(stack, pmc):
    name = unique("big")
    body = urllib.parse.urlencode(client_form(name, csrf=pmc.csrf(),
                                              notes="x" * (1024 * 1024))).encode()
    r = pmc.request("POST", "/clients", raw_body=body, headers={"Content-Type": FORM})
    assert r.status == 413
    assert count_clients(stack, name) == "0"


def test_malformed_form_from_a_user_writes_nothing(stack, pmc):
    name = unique("ctl")
    body = urllib.parse.urlencode(client_form(name, csrf=pmc.csrf(), notes="a\x01b")).encode()
    r = pmc.request("POST", "/clients", raw_body=body, headers={"Content-Type": FORM})
    assert r.status == 400
    assert count_clients(stack, name) == "0"


# ---------------------------------------------------------- client scope

def test_contact_gets_404_for_other_clients_project(stack, globexc):
    acme_project = stack.scalar("SELECT MIN(id) FROM projects WHERE client_id = 1")
    r = globexc.get(f"/portal/projects/{acme_project}")
    assert r.status == 404


def test_contact_gets_404_xml_for_other_clients_project(stack, globexc):
    acme_project, acme_name = stack.sql(
        "SELECT id, name FROM projects WHERE client_id = 1 ORDER BY id LIMIT 1")[0]
    r = globexc.get_xml(f"/portal/projects/{acme_project}")
    assert r.status == 404
    assert acme_name.encode() not in r.body


def test_contact_sees_own_project(stack, globexc):
    own = stack.scalar("SELECT MIN(id) FROM projects WHERE client_id = 2")
    r = globexc.get_xml(f"/portal/projects/{own}")
    assert r.status == 200
    assert r.xml().xpath("string(/page/project/@id)") == own


def test_portal_lists_only_own_projects(stack, globexc):
    r = globexc.get_xml("/portal")
    assert r.status == 200
    listed = sorted(r.xml().xpath("/page/projects/project/@id"), key=int)
    expected = [row[0] for row in stack.sql(
        "SELECT id FROM projects WHERE client_id = 2 ORDER BY id")]
    assert listed == expected
    assert listed


def test_portal_of_another_contact_lists_only_theirs(stack, viewerc):
    listed = set(viewerc.get_xml("/portal").xml().xpath("/page/projects/project/@id"))
    expected = {row[0] for row in stack.sql("SELECT id FROM projects WHERE client_id = 1")}
    assert listed == expected


def test_portal_client_id_in_query_is_ignored(stack, globexc):
    doc = globexc.get_xml("/portal?client_id=1&client=1").xml()
    ids = set(doc.xpath("/page/projects/project/@id"))
    acme = {row[0] for row in stack.sql("SELECT id FROM projects WHERE client_id = 1")}
    assert not ids & acme


def test_portal_activity_hides_internal_rows(stack, globexc):
    own = stack.scalar("SELECT id FROM projects WHERE client_id = 2 AND id IN"
                       " (SELECT project_id FROM activity WHERE client_visible = 0) LIMIT 1")
    assert own, "demo data has an internal activity row on a Globex project"
    internal = {row[0] for row in stack.sql(
        f"SELECT id FROM activity WHERE project_id = {own} AND client_visible = 0")}
    doc = globexc.get_xml(f"/portal/projects/{own}").xml()
    shown = set(doc.xpath("//activity/@id"))
    assert shown
    assert not shown & internal


@pytest.mark.parametrize("path", ["/projects/4", "/clients/2", "/projects", "/clients"])
def test_contact_cannot_reach_staff_xml(stack, globexc, path):
    r = globexc.get_xml(path)
    assert r.status == 403
    assert r.xml().xpath("string(/page/error/@status)") == "403"
    assert b"ERP integration" not in r.body
