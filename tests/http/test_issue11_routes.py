"""Issue 11, routes: the one route table of src/page/routes.c (every area's routes, matched in
table order, methods collected over the whole table) and page_one_row, the "exactly one
row, else 404, or 503 when the database fails" lookup the handlers share."""
import pytest

from conftest import anon, max_id  # noqa: F401

NOBODY = 987654321      # an id nothing has
TOKEN = "0123456789abcdef" * 4


# ------------------------------------------------------------ one table, every area

@pytest.mark.parametrize("who,path", [
    ("anon", "/login"),                          # the foundation
    ("pmc", "/me"),                              # planning
    ("adminc", "/settings/webhooks"),            # events out
    ("pmc", "/time"),                            # time and budgets
    ("anon", "/password/forgot"),                # the client side
    ("adminc", "/settings/brand"),               # the client side
    ("pmc", "/projects/1/status-reports"),       # status reports
])
def test_every_area_is_in_the_table(request, stack, who, path):
    c = anon(stack) if who == "anon" else request.getfixturevalue(who)
    assert c.get(path).status == 200


def test_get_of_a_post_only_route_of_another_area_goes_to_its_form(pmc):
    r = pmc.get("/time/grid")
    assert r.status == 303
    assert r.header("location").endswith("/time")


def test_post_to_a_get_only_route_is_405_with_allow(pmc):
    r = pmc.post("/me")
    assert r.status == 405
    assert {m.strip() for m in r.header("allow").split(",")} == {"GET", "HEAD"}


def test_unknown_path_under_a_known_prefix_is_404(pmc):
    assert pmc.get("/time/nothing").status == 404
    assert pmc.get("/status-reports/1/nothing").status == 404


def test_login_post_needs_no_session_csrf(stack):
    """The table keeps the login route's ROUTE_NO_CSRF: a wrong password is 401, not 403."""
    r = anon(stack).post("/login", {"email": "pm@demo.test", "password": "wrong"}, csrf=False)
    assert r.status in (401, 422)


def test_other_posts_need_the_csrf_token(pmc):
    assert pmc.post("/time/timer/discard", csrf=False).status == 403


# ------------------------------------------------------------ page_one_row: 0 / 404

STAFF_GET = [
    "/clients/{}", "/projects/{}", "/projects/{}/edit", "/projects/{}/report",
    "/projects/{}/budget", "/projects/{}/gantt", "/projects/{}/time", "/projects/{}/time.csv",
    "/tasks/{}", "/settings/users/{}", "/settings/webhooks/{}", "/status-reports/{}",
    "/files/{}", "/documents/{}", "/messages/{}/file",
]


@pytest.mark.parametrize("path", STAFF_GET)
def test_unknown_id_is_404(adminc, path):
    assert adminc.get(path.format(NOBODY)).status == 404


@pytest.mark.parametrize("table,path", [
    ("clients", "/clients/{}"), ("projects", "/projects/{}"), ("projects", "/projects/{}/edit"),
    ("projects", "/projects/{}/budget"), ("projects", "/projects/{}/gantt"),
    ("projects", "/projects/{}/time"), ("tasks", "/tasks/{}"),
])
def test_known_id_is_found(stack, adminc, table, path):
    assert adminc.get(path.format(max_id(stack, table))).status == 200


def test_known_user_is_found(stack, adminc):
    uid = stack.scalar("SELECT id FROM users WHERE email = 'pm@demo.test'")
    assert adminc.get(f"/settings/users/{uid}").status == 200


@pytest.mark.parametrize("path", [
    "/milestones/{}/reached", "/risks/{}", "/changes/{}/status", "/settings/webhooks/{}/enabled",
    "/kpis/{}", "/clients/{}/contacts",
])
def test_unknown_id_is_404_on_post(adminc, path):
    assert adminc.post(path.format(NOBODY)).status == 404


def test_contact_of_another_client_is_404(stack, adminc):
    client = max_id(stack, "clients")
    assert adminc.post(f"/clients/{client}/contacts/{NOBODY}/access", {"access": "view"}).status == 404


def test_portal_unknown_ids_are_404(acmec):
    assert acmec.get(f"/portal/projects/{NOBODY}").status == 404
    assert acmec.get(f"/portal/approvals/{NOBODY}").status == 404
    assert acmec.post(f"/portal/changes/{NOBODY}", {"to": "approved"}).status == 404


def test_calendar_feed_unknown_token_is_404(stack):
    assert anon(stack).get(f"/calendar.ics?t={TOKEN}").status == 404


# ------------------------------------------------------------ page_one_row: 503

def with_table_gone(stack, table, fn):
    """fn() while table is renamed away (its statements fail), the table back after."""
    stack.sql(f"RENAME TABLE {table} TO {table}_away")
    try:
        return fn()
    finally:
        stack.sql(f"RENAME TABLE {table}_away TO {table}")


def test_database_failure_is_503_not_404(stack):
    r = with_table_gone(stack, "calendar_feeds",
                        lambda: anon(stack).get(f"/calendar.ics?t={TOKEN}"))
    assert r.status == 503
    # and the same lookup is a plain 404 again once the database answers
    assert anon(stack).get(f"/calendar.ics?t={TOKEN}").status == 404


def test_database_failure_on_a_staff_page_is_503(stack, pmc):
    r = with_table_gone(stack, "status_reports", lambda: pmc.get(f"/status-reports/{NOBODY}"))
    assert r.status == 503
    assert pmc.get(f"/status-reports/{NOBODY}").status == 404
