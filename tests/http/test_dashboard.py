"""The staff dashboard (GET /): projects per stage and health, what needs
attention, recent activity, and the links from the cards to the project list."""
import pytest

from conftest import (PASSWORD, XML, Client, anon, form_state, login_as, max_id,  # noqa: F401
                      unique)

STAGES = ["initiation", "planning", "execution", "closure"]
HEALTHS = ["green", "amber", "red"]


@pytest.fixture(scope="module")
def closed_red(stack, pmc):
    """A closed project whose health was left red and one left amber: they must
    not count as needing attention."""
    token = pmc.csrf()
    r = pmc.request("POST", "/clients", body={"name": unique("Dash client"), "cadence": "none",
                                               "csrf": token})
    assert r.status == 303
    cid = r.header("location").rsplit("/", 1)[1]
    ids = []
    for health in ("red", "amber"):
        r = pmc.request("POST", "/projects", body={
            "client_id": cid, "name": unique(f"Closed {health}"), "currency": "EUR",
            "stage": "closure", "health": health, "due_date": "2026-01-01", "csrf": token})
        assert r.status == 303, r
        ids.append(int(r.header("location").rsplit("/", 1)[1]))
    return ids


def dashboard(c):
    r = c.get_xml("/")
    assert r.status == 200, r
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "dashboard"
    return doc


def counts(doc, kind):
    return {e.get("name"): int(e.get("count"))
            for e in doc.xpath(f"/page/dashboard/{kind}s/{kind}")}


# --- counts ------------------------------------------------------------------------------

def test_stage_counts_equal_sql(stack, pmc, closed_red):
    want = dict.fromkeys(STAGES, 0)
    want.update({s: int(n) for s, n in stack.sql("SELECT stage, COUNT(*) FROM projects GROUP BY stage")})
    assert counts(dashboard(pmc), "stage") == want


def test_stage_cards_in_stage_order(pmc):
    doc = dashboard(pmc)
    assert doc.xpath("/page/dashboard/stages/stage/@name") == STAGES


def test_health_counts_cover_every_project(stack, pmc, closed_red):
    """The health cards count all projects, closed ones too, as their links list them."""
    want = dict.fromkeys(HEALTHS, 0)
    want.update({h: int(n) for h, n in stack.sql(
        "SELECT health, COUNT(*) FROM projects GROUP BY health")})
    got = counts(dashboard(pmc), "health")
    assert got == want
    assert list(got) == HEALTHS


def test_health_counts_add_up_to_the_stage_counts(stack, pmc, closed_red):
    doc = dashboard(pmc)
    assert sum(counts(doc, "health").values()) == sum(counts(doc, "stage").values())


def test_counts_follow_a_new_project(stack, pmc):
    before = dashboard(pmc)
    r = pmc.post("/projects", {"client_id": "1", "name": unique("Dash new"), "currency": "EUR",
                               "stage": "planning", "health": "red"})
    assert r.status == 303
    after = dashboard(pmc)
    assert counts(after, "stage")["planning"] == counts(before, "stage")["planning"] + 1
    assert counts(after, "health")["red"] == counts(before, "health")["red"] + 1


# --- attention ---------------------------------------------------------------------------

def attention(doc):
    return doc.xpath("/page/dashboard/attention/project")


def test_attention_has_only_red_or_amber_open_projects(stack, pmc, closed_red):
    rows = attention(dashboard(pmc))
    assert rows
    for p in rows:
        assert p.get("health") in ("red", "amber"), p.attrib
        assert p.get("stage") != "closure", p.attrib
    shown = {int(p.get("id")) for p in rows}
    assert not shown & set(closed_red)


def test_attention_lists_red_before_amber(pmc):
    healths = [p.get("health") for p in attention(dashboard(pmc))]
    assert "red" in healths
    assert healths == sorted(healths, key=lambda h: h != "red")


def test_attention_is_the_open_red_and_amber_projects(stack, pmc, closed_red):
    shown = [int(p.get("id")) for p in attention(dashboard(pmc))]
    want = [int(r[0]) for r in stack.sql(
        "SELECT id FROM projects WHERE health IN ('red', 'amber') AND stage <> 'closure'")]
    assert len(shown) == min(10, len(want))
    assert set(shown) <= set(want)
    assert len(set(shown)) == len(shown)
    # when there are more than ten, no amber project pushes out a red one
    reds = {int(r[0]) for r in stack.sql(
        "SELECT id FROM projects WHERE health = 'red' AND stage <> 'closure'")}
    assert reds & set(shown) == reds or set(shown) <= reds


def test_attention_rows_carry_client_and_due_date(stack, pmc):
    for p in attention(dashboard(pmc)):
        cid, name, due = stack.sql(
            "SELECT p.client_id, c.name, COALESCE(p.due_date, '') FROM projects p"
            f" JOIN clients c ON c.id = p.client_id WHERE p.id = {p.get('id')}")[0]
        assert (p.get("client-id"), p.get("client-name"), p.get("due-date", "")) == (cid, name, due)


# --- recent activity ---------------------------------------------------------------------

def test_recent_activity_is_the_ten_newest_first(stack, pmc):
    ids = [int(x) for x in dashboard(pmc).xpath("/page/dashboard/recent/activity/@id")]
    want = [int(r[0]) for r in stack.sql("SELECT id FROM activity ORDER BY id DESC LIMIT 10")]
    assert len(ids) <= 10
    assert ids == want


def test_recent_activity_times_are_newest_first(pmc):
    at = dashboard(pmc).xpath("/page/dashboard/recent/activity/@at")
    assert at and at == sorted(at, reverse=True)


def test_recent_activity_times_are_iso_8601(pmc):
    """DESIGN §6: dates are ISO 8601; a timestamp says it is UTC."""
    import re
    at = dashboard(pmc).xpath("/page/dashboard/recent/activity/@at")
    assert at
    for t in at:
        assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", t), t


def test_recent_activity_starts_with_a_new_change(stack, pmc):
    r = pmc.post("/projects", {"client_id": "1", "name": unique("Dash recent"), "currency": "EUR"})
    assert r.status == 303
    pid = r.header("location").rsplit("/", 1)[1]
    note = unique("Dash stage note")
    assert pmc.post(f"/projects/{pid}/stage", {"stage": "planning", "note": note}).status == 303
    first = dashboard(pmc).xpath("/page/dashboard/recent/activity")[0]
    assert (first.get("project-id"), first.get("kind"), first.get("to"), first.get("note")) == (
        pid, "stage", "planning", note)


# --- links -------------------------------------------------------------------------------

def test_html_links_each_stage_to_the_filtered_list(pmc):
    r = pmc.get("/")
    assert r.status == 200
    hrefs = set(r.html().xpath("//a/@href"))
    for s in STAGES:
        assert f"/projects?stage={s}" in hrefs


@pytest.mark.parametrize("stage", STAGES)
def test_stage_link_target_lists_the_counted_projects(stack, pmc, closed_red, stage):
    n = counts(dashboard(pmc), "stage")[stage]
    r = pmc.get_xml(f"/projects?stage={stage}")
    assert r.status == 200
    doc = r.xml()
    assert doc.xpath("string(/page/filters/@stage)") == stage
    assert int(doc.xpath("string(/page/pager/@total)")) == n


@pytest.mark.parametrize("health", HEALTHS)
def test_health_link_target_lists_the_counted_projects(stack, pmc, closed_red, health):
    """What a health card says ("Off track: 2") is what its link lists."""
    html = pmc.get("/").html()
    links = [h for h in html.xpath("//a/@href") if h.startswith("/projects?") and
             f"health={health}" in h]
    assert links, f"no link to the {health} projects"
    n = counts(dashboard(pmc), "health")[health]
    doc = pmc.get_xml(links[0]).xml()
    assert int(doc.xpath("string(/page/pager/@total)")) == n


# --- who sees it -------------------------------------------------------------------------

def test_member_sees_the_dashboard(stack):
    doc = dashboard(login_as(stack, "member@demo.test"))
    assert sum(counts(doc, "stage").values()) == int(stack.scalar("SELECT COUNT(*) FROM projects"))


def test_contact_is_sent_to_the_portal(stack):
    r = login_as(stack, "client@acme.test").get_xml("/")
    assert r.status == 303
    assert r.header("location") == "/portal"


def test_anonymous_is_sent_to_login(client):
    r = client.get("/")
    assert r.status == 303
    assert r.header("location") == "/login"


def test_anonymous_xml_is_401(client):
    assert client.get_xml("/").status == 401
