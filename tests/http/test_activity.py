"""The activity stream (GET /activity): staff only, newest first, keyset pages of
50 that neither repeat nor skip a line, filtered by project or client, and every
filter value that is not an id filters nothing rather than failing."""
import pytest

from conftest import XML, login_as, unique  # noqa: F401


@pytest.fixture(scope="module")
def busy(stack, pmc):
    """A client with a project and 120 activity lines of its own (health flips),
    so the stream has more than two pages for that client."""
    token = pmc.csrf()
    r = pmc.request("POST", "/clients", body={"name": unique("Busy client"), "cadence": "none",
                                               "csrf": token})
    assert r.status == 303, r
    cid = int(r.header("location").rsplit("/", 1)[1])
    r = pmc.request("POST", "/projects", body={
        "client_id": str(cid), "name": unique("Busy project"), "currency": "EUR",
        "stage": "planning", "health": "green", "csrf": token})
    assert r.status == 303, r
    pid = int(r.header("location").rsplit("/", 1)[1])
    for i in range(60):
        for health in ("amber", "green"):
            r = pmc.post(f"/projects/{pid}/health", {"health": health, "note": f"flip {i}"})
            assert r.status == 303, r
    return {"client": cid, "project": pid}


def stream(c, query=""):
    r = c.get_xml("/activity" + query)
    assert r.status == 200, r
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "activity"
    return doc


def ids(doc):
    return [int(x) for x in doc.xpath("/page/activities/activity/@id")]


def walk(c, query):
    """Every line of a filtered stream, following the Older links; the pages."""
    seen, pages, q = [], 0, query
    while True:
        doc = stream(c, q)
        pages += 1
        seen += ids(doc)
        nxt = doc.xpath("string(/page/activities/@next-before)")
        if not nxt:
            return seen, pages
        assert pages < 50, "the stream does not end"
        q = f"{query}{'&' if query else '?'}before={nxt}"


def test_whole_stream_is_newest_first_and_matches_sql(stack, pmc, busy):
    doc = stream(pmc)
    got = ids(doc)
    want = [int(x) for (x,) in stack.sql("SELECT id FROM activity ORDER BY id DESC LIMIT 50")]
    assert got == want
    assert doc.xpath("string(/page/activities/@next-before)") == str(want[-1])


def test_client_filter_pages_cover_every_line_once(stack, pmc, busy):
    seen, pages = walk(pmc, f"?client_id={busy['client']}")
    want = [int(x) for (x,) in stack.sql(
        f"SELECT id FROM activity WHERE client_id = {busy['client']} ORDER BY id DESC")]
    assert len(want) >= 121
    assert seen == want
    assert pages == (len(want) + 49) // 50


def test_project_filter_shows_only_that_project(stack, pmc, busy):
    seen, _ = walk(pmc, f"?project_id={busy['project']}")
    want = [int(x) for (x,) in stack.sql(
        f"SELECT id FROM activity WHERE project_id = {busy['project']} ORDER BY id DESC")]
    assert seen == want
    doc = stream(pmc, f"?project_id={busy['project']}")
    assert doc.xpath("/page/project/@id") == [str(busy["project"])]
    assert set(doc.xpath("/page/activities/activity/@project-id")) == {str(busy["project"])}


def test_lines_added_meanwhile_do_not_shift_the_next_page(stack, pmc, busy):
    q = f"?project_id={busy['project']}"
    first = stream(pmc, q)
    nxt = first.xpath("string(/page/activities/@next-before)")
    second_before = ids(stream(pmc, f"{q}&before={nxt}"))
    r = pmc.post(f"/projects/{busy['project']}/health", {"health": "red", "note": "meanwhile"})
    assert r.status == 303
    assert ids(stream(pmc, f"{q}&before={nxt}")) == second_before
    assert ids(stream(pmc, q))[0] > ids(first)[0]


def test_html_has_older_link_and_client_visibility_marker(stack, pmc, busy):
    r = pmc.get(f"/activity?client_id={busy['client']}")
    assert r.status == 200
    html = r.html()
    older = html.xpath("//a[@rel='next']/@href")
    assert older and older[0].startswith(f"/activity?client_id={busy['client']}&before=")
    assert len(html.xpath("//ol[@class='timeline']/li")) == 50
    # health flips are internal: no marker on this page ...
    assert not html.xpath("//span[@class='timeline-client']")
    # ... the project's creation is client-visible (the client's creation is not)
    last = stack.scalar(f"SELECT id FROM activity WHERE project_id = {busy['project']}"
                        " AND kind = 'created'")
    html = pmc.get(f"/activity?client_id={busy['client']}&before={int(last) + 1}").html()
    marked = html.xpath("//ol[@class='timeline']/li[span[@class='timeline-client']]")
    assert len(marked) == 1


@pytest.mark.parametrize("query", ["?before=abc", "?before=-5", "?client_id=x1", "?client_id=0",
                                   "?before=99999999999999999999999", "?project_id=",
                                   "?client_id=1e3"])
def test_bad_filter_values_filter_nothing(stack, pmc, busy, query):
    got = ids(stream(pmc, query))
    want = [int(x) for (x,) in stack.sql("SELECT id FROM activity ORDER BY id DESC LIMIT 50")]
    assert got[:10] == want[:10]


def test_unknown_project_is_404(stack, pmc):
    r = pmc.get("/activity?project_id=987654321")
    assert r.status == 404


def test_before_the_first_line_is_an_empty_page(pmc):
    doc = stream(pmc, "?before=1")
    assert ids(doc) == []
    assert not doc.xpath("/page/activities/@next-before")
    r = pmc.get("/activity?before=1")
    assert "Nothing has happened here yet." in r.text


def test_member_reads_the_stream(memberc, busy):
    assert ids(stream(memberc))


@pytest.mark.parametrize("email", ["client@acme.test", "viewer@acme.test", "client@globex.test"])
def test_contacts_are_refused(stack, email):
    c = login_as(stack, email)
    r = c.get("/activity")
    assert r.status in (403, 404)
    assert "flip" not in r.text


def test_anonymous_goes_to_login(stack):
    from conftest import anon
    r = anon(stack).get("/activity")
    assert r.status == 303
    assert r.header("location").startswith("/login")


def test_dashboard_and_project_link_to_the_stream(pmc, busy):
    html = pmc.get("/").html()
    assert html.xpath("//a[@href='/activity']")
    html = pmc.get(f"/projects/{busy['project']}").html()
    assert html.xpath(f"//a[@href='/activity?project_id={busy['project']}']")
