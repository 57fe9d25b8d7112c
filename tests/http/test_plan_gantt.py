"""The Gantt chart: geometry from C, SVG from XSLT; the portal variant shows only
client-visible rows of the contact's own client (issue #3)."""
import re

import pytest
from lxml import etree

from conftest import login_as
from plan_helpers import MEMBER_ID, add_member, milestone, new_project, task, update_task

SVG_RE = re.compile(rb"<svg[^>]*class=\"gantt\".*?</svg>", re.S)


@pytest.fixture(scope="module")
def pmc(stack):
    return login_as(stack, "pm@demo.test")


@pytest.fixture(scope="module")
def plan(stack, pmc):
    """A project of Acme (client 1) with visible and internal rows."""
    pid = new_project(pmc, stack, client_id=1, start="2026-03-02", due="2026-05-29")
    add_member(pmc, pid, MEMBER_ID)
    m_pub = milestone(pmc, stack, pid, name="Public milestone", due="2026-03-31", visible=True)
    m_int = milestone(pmc, stack, pid, name="Internal milestone", due="2026-04-30")
    a = task(pmc, stack, pid, title="Visible design", milestone_id=str(m_pub), client_visible="1",
             assignee_id=str(MEMBER_ID), start_date="2026-03-02", due_date="2026-03-13")
    b = task(pmc, stack, pid, title="Secret margin review", milestone_id=str(m_pub),
             start_date="2026-03-16", due_date="2026-03-20", depends_on=[a])
    c = task(pmc, stack, pid, title="Visible build", milestone_id=str(m_int), client_visible="1",
             start_date="2026-03-23", due_date="2026-04-24", depends_on=[a])
    return {"pid": pid, "tasks": [a, b, c], "m_pub": m_pub, "m_int": m_int}


def svg_of(resp):
    m = SVG_RE.search(resp.body)
    assert m, resp.body[:2000]
    return m.group(0)


def test_staff_gantt_has_a_row_per_task(stack, pmc, plan):
    doc = pmc.get_xml(f"/projects/{plan['pid']}/gantt").xml()
    assert sorted(int(x) for x in doc.xpath("/page/gantt/rows/group/task/@id")) == sorted(plan["tasks"])
    assert doc.xpath("/page/gantt/rows/group/name/text()") == ["Public milestone", "Internal milestone"]


def test_bars_are_computed_in_c(stack, pmc, plan):
    doc = pmc.get_xml(f"/projects/{plan['pid']}/gantt").xml()
    a, b = doc.xpath("/page/gantt/rows/group/task")[:2]
    # b starts 14 days after a, so its bar starts 14 day-widths to the right
    wa = float(a.get("w")) / 12
    assert abs(float(b.get("x")) - float(a.get("x")) - 14 * wa) < 0.5
    assert float(a.get("ty")) < float(b.get("ty"))


def test_dependencies_become_arrows(stack, pmc, plan):
    g = pmc.get_xml(f"/projects/{plan['pid']}/gantt").xml().xpath("/page/gantt")[0]
    assert g.get("deps").count("M") == 2 and g.get("dep-heads").count("M") == 2
    assert g.get("bad-deps") == ""


def test_gantt_svg_is_well_formed_xml(stack, pmc, plan):
    r = pmc.get(f"/projects/{plan['pid']}/gantt")
    assert r.status == 200
    svg = etree.fromstring(svg_of(r))
    assert svg.tag.endswith("svg")
    bars = svg.xpath("//*[local-name()='path' and contains(@class, 'g-bar')]/@d")
    assert sum(d.count("M") for d in bars) == 3


def test_demo_gantt_svg_is_well_formed_xml(stack, pmc):
    svg = etree.fromstring(svg_of(pmc.get("/projects/1/gantt")))
    assert svg.get("width") and svg.get("viewBox")


def test_week_scale_for_a_short_plan(stack, pmc, plan):
    g = pmc.get_xml(f"/projects/{plan['pid']}/gantt").xml().xpath("/page/gantt")[0]
    assert g.get("scale") == "week"


def test_month_scale_for_a_long_plan(stack, pmc):
    pid = new_project(pmc, stack, start="2026-01-05", due="2026-12-18")
    task(pmc, stack, pid, start_date="2026-01-05", due_date="2026-12-18")
    g = pmc.get_xml(f"/projects/{pid}/gantt").xml().xpath("/page/gantt")[0]
    assert g.get("scale") == "month"
    labels = g.xpath("scale/tick/@label")
    assert labels[0] == "Feb 2026" and labels[-1] == "Dec" and len(labels) == 11


def test_conflicting_dependency_is_flagged(stack, pmc):
    pid = new_project(pmc, stack)
    a = task(pmc, stack, pid, start_date="2026-03-02", due_date="2026-03-10")
    b = task(pmc, stack, pid, start_date="2026-03-05", due_date="2026-03-12", depends_on=[a])
    g = pmc.get_xml(f"/projects/{pid}/gantt").xml().xpath("/page/gantt")[0]
    assert g.get("bad-deps") != "" and g.get("deps") == ""
    assert g.xpath("conflicts/@count") == ["1"]
    assert g.xpath("conflicts/conflict/@task-id") == [str(b)]


def test_baseline_and_slip_on_the_chart(stack, pmc):
    pid = new_project(pmc, stack)
    a = task(pmc, stack, pid, start_date="2026-03-02", due_date="2026-03-06")
    pmc.post(f"/projects/{pid}/stage", {"stage": "execution"})
    update_task(pmc, a, start_date="2026-03-02", due_date="2026-03-11")
    g = pmc.get_xml(f"/projects/{pid}/gantt").xml().xpath("/page/gantt")[0]
    t = g.xpath("rows/group/task")[0]
    assert t.get("slip") == "5" and t.get("bx") and t.get("bw")
    assert g.get("slip") == "5"


def test_approved_change_shows_on_the_chart(stack, pmc):
    doc = pmc.get_xml("/projects/1/gantt").xml()
    assert doc.xpath("/page/gantt/changes/change/title/text()") == ["Store finder filters"]
    assert doc.xpath("string(/page/gantt/@due)") == stack.scalar("SELECT due_date FROM projects WHERE id = 1")


def test_member_can_see_the_gantt(stack, member, plan):
    assert member.get(f"/projects/{plan['pid']}/gantt").status == 200


def test_unknown_project_gantt_is_404(stack, pmc):
    assert pmc.get("/projects/99999999/gantt").status == 404


def test_client_cannot_open_the_staff_gantt(stack, acme, plan):
    assert acme.get(f"/projects/{plan['pid']}/gantt").status == 403


def test_portal_gantt_shows_only_client_visible_rows(stack, acme, plan):
    doc = acme.get_xml(f"/portal/projects/{plan['pid']}/gantt").xml()
    assert sorted(int(x) for x in doc.xpath("/page/gantt/rows/group/task/@id")) == sorted(
        [plan["tasks"][0], plan["tasks"][2]])
    assert "Internal milestone" not in doc.xpath("/page/gantt/rows/group/name/text()")


def test_portal_gantt_html_has_no_internal_titles(stack, acme, plan):
    r = acme.get(f"/portal/projects/{plan['pid']}/gantt")
    assert r.status == 200
    assert b"Secret margin review" not in r.body and b"Internal milestone" not in r.body
    assert b"Visible design" in r.body
    etree.fromstring(svg_of(r))


def test_portal_demo_gantt_has_no_internal_titles(stack, acme):
    r = acme.get("/portal/projects/1/gantt")
    assert r.status == 200
    for title in stack.sql("SELECT title FROM tasks WHERE project_id = 1 AND client_visible = 0"):
        assert title[0].encode() not in r.body


def test_portal_gantt_hides_assignees(stack, acme, plan):
    doc = acme.get_xml(f"/portal/projects/{plan['pid']}/gantt").xml()
    assert doc.xpath("/page/gantt/rows/group/task/@who") == []


def test_portal_gantt_of_another_client_is_404(stack, globex, plan):
    assert globex.get(f"/portal/projects/{plan['pid']}/gantt").status == 404


def test_portal_gantt_of_unknown_project_is_404(stack, acme):
    assert acme.get("/portal/projects/99999999/gantt").status == 404


def test_portal_gantt_needs_a_client(stack, pmc, plan):
    assert pmc.get(f"/portal/projects/{plan['pid']}/gantt").status == 403


def test_portal_gantt_anonymous_goes_to_login(stack, client, plan):
    r = client.get(f"/portal/projects/{plan['pid']}/gantt")
    assert r.status == 303 and r.header("location").startswith("/login")


def test_portal_project_page_links_the_chart(stack, acme):
    assert b"/portal/projects/1/gantt" in acme.get("/portal/projects/1").body
