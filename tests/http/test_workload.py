"""Forward workload (issue 16): GET /workload, people x the next 12 ISO weeks, planned hours of
open tasks spread over their working days against capacity; the same figures beside the assignee
choice of the task form. Figures are checked against a hand computation on dates relative to
this week (the page's "today" is the UTC date), with a holiday and a weekend inside a task."""
import datetime
import re

import pytest

from conftest import PASSWORD, XML, login_as, new_staff, unique
from domain_util import run
from plan_helpers import new_project

H = 60  # minutes in an hour


def today():
    return datetime.datetime.now(datetime.timezone.utc).date()


MON = today() - datetime.timedelta(days=today().weekday())  # this ISO week's Monday


def d(n):
    """The day n days after this week's Monday, as text."""
    return (MON + datetime.timedelta(days=n)).isoformat()


def week_id(n):
    y, w, _ = (MON + datetime.timedelta(days=n)).isocalendar()
    return f"{y}-W{w:02d}"


def cells(page, uid):
    """[(planned, capacity, over, project)] of person uid's 12 weeks in a /workload XML page."""
    p = page.xpath("/page/people/person[@id=$u]", u=str(uid))
    assert len(p) == 1, (uid, [x.get("id") for x in page.xpath("/page/people/person")])
    return [(int(w.get("planned")), int(w.get("capacity")), w.get("over") == "1",
             int(w.get("project")) if w.get("project") is not None else None) for w in p[0].xpath("w")]


def add_task(c, stack, pid, **kw):
    data = {"title": unique("WL task"), "start_date": d(0), "due_date": d(4)}
    data.update(kw)
    r = c.post(f"/projects/{pid}/tasks", data)
    assert r.status == 303, (r, r.body[:400])
    return int(stack.scalar(f"SELECT MAX(id) FROM tasks WHERE project_id = {pid}"))


@pytest.fixture(scope="module")
def wl(stack, adminc, pmc):
    """Two fresh people on a fresh project (and one more off it), their capacities, their tasks,
    and a holiday on the Monday two weeks from now (removed afterwards)."""
    o = {}
    o["anna"], _ = new_staff(stack, adminc, role="member")
    o["boris"], _ = new_staff(stack, adminc, role="pm")
    o["carl"], o["carl_email"] = new_staff(stack, adminc, role="member")
    for uid, hours in ((o["anna"], "40"), (o["boris"], "30"), (o["carl"], "40")):
        r = adminc.post("/settings/capacity", {"user_id": str(uid), "hours": hours})
        assert r.status == 303, r
    o["holiday"] = d(14)
    o["own_holiday"] = stack.scalar(f"SELECT COUNT(*) FROM holidays WHERE day = '{d(14)}'") == "0"
    if o["own_holiday"]:
        stack.sql(f"INSERT INTO holidays (day, name) VALUES ('{d(14)}', 'Workload test holiday')")
    o["pid"] = pid = new_project(pmc, stack, start=d(-7), due=d(120))
    o["other"] = other = new_project(pmc, stack, start=d(-7), due=d(120))
    for uid in (o["anna"], o["boris"]):
        assert pmc.post(f"/projects/{pid}/members", {"user_id": str(uid)}).status == 303
    assert pmc.post(f"/projects/{other}/members", {"user_id": str(o["anna"])}).status == 303
    assert pmc.post(f"/projects/{other}/members", {"user_id": str(o["carl"])}).status == 303
    a = str(o["anna"])
    # Friday of next week to Tuesday of the week after: Fri, (Sat, Sun, holiday Mon), Tue =
    # two working days, 6 h each
    o["t_weekend"] = add_task(pmc, stack, pid, assignee_id=a, start_date=d(11), due_date=d(15),
                              estimate_hours="12")
    # the holiday's week, Monday to Friday: four working days, 9 h each
    o["t_over"] = add_task(pmc, stack, pid, assignee_id=a, start_date=d(14), due_date=d(18),
                           estimate_hours="36")
    # from last Monday to this Friday: ten working days, 1 h each, five of them in the window
    o["t_before"] = add_task(pmc, stack, pid, assignee_id=a, start_date=d(-7), due_date=d(4),
                             estimate_hours="10")
    # another project's task of Anna's, this week: counts in her total, not in the project's share
    o["t_other"] = add_task(pmc, stack, other, assignee_id=a, start_date=d(0), due_date=d(4),
                            estimate_hours="5")
    # neither of these counts: done, and no estimate
    o["t_done"] = add_task(pmc, stack, pid, assignee_id=a, start_date=d(0), due_date=d(4),
                           estimate_hours="20")
    assert pmc.post(f"/tasks/{o['t_done']}/status", {"status": "done"}).status == 303
    o["t_noest"] = add_task(pmc, stack, pid, assignee_id=a, start_date=d(0), due_date=d(4))
    # after the twelve weeks: nothing in the window
    o["t_later"] = add_task(pmc, stack, pid, assignee_id=a, start_date=d(84), due_date=d(88),
                            estimate_hours="40")
    # a weekend alone: no working day, so all of it on its start day (Saturday of week 1)
    o["t_sat"] = add_task(pmc, stack, pid, assignee_id=a, start_date=d(12), due_date=d(13),
                          estimate_hours="1")
    # Boris: 7.05 h (423 minutes) over this week's five days: no whole minutes a day
    o["t_boris"] = add_task(pmc, stack, pid, assignee_id=str(o["boris"]), start_date=d(0),
                            due_date=d(4), estimate_hours="7.05")
    # Carl: on the other project only
    o["t_carl"] = add_task(pmc, stack, other, assignee_id=str(o["carl"]), start_date=d(7),
                           due_date=d(11), estimate_hours="50")
    yield o
    if o["own_holiday"]:
        stack.sql(f"DELETE FROM holidays WHERE day = '{d(14)}'")


def anna_by_hand():
    """Anna's 12 weeks, computed by hand: (planned, capacity)."""
    planned = [0] * 12
    cap = [40 * H] * 12
    planned[1] += 6 * H          # t_weekend: Friday of week 1
    planned[2] += 6 * H          # t_weekend: Tuesday of week 2
    planned[2] += 36 * H         # t_over: Tue-Fri of week 2 (Monday is the holiday)
    planned[0] += 5 * H          # t_before: this week's five days of its ten
    planned[0] += 5 * H          # t_other
    planned[1] += 1 * H          # t_sat: the weekend's hour on its start day (Saturday)
    cap[2] = 32 * H              # a holiday: 4 working days of 5
    return planned, cap


def test_workload_figures_match_the_hand_computation(stack, pmc, wl):
    page = pmc.get_xml("/workload").xml()
    got = cells(page, wl["anna"])
    planned, cap = anna_by_hand()
    assert [g[0] for g in got] == planned
    assert [g[1] for g in got] == cap
    # over-booked: week 2, 42 h of 32; no other week
    assert [g[2] for g in got] == [p > c for p, c in zip(planned, cap)]
    assert got[2][2] and planned[2] == 42 * H and [g[2] for g in got].count(True) == 1
    # the weeks: this ISO week and eleven more, the holiday's with four working days
    weeks = page.xpath("/page/weeks/week")
    assert [w.get("id") for w in weeks] == [week_id(7 * i) for i in range(12)]
    assert [w.get("start") for w in weeks] == [d(7 * i) for i in range(12)]
    assert weeks[2].get("working") == "4" and weeks[0].get("working") == "5"
    assert page.xpath("string(/page/weeks/@full-week)") == "5"


def test_capacity_is_the_persons_and_minutes_add_up(stack, pmc, wl):
    got = cells(pmc.get_xml("/workload").xml(), wl["boris"])
    assert got[0][0] == 7 * H + 3          # 423 minutes over 5 days, nothing lost to rounding
    assert [g[1] for g in got[:2]] == [30 * H, 30 * H]
    assert got[2][1] == 24 * H             # 30 h * 4 / 5
    assert not any(g[2] for g in got)


def test_the_page_reads_hours_and_says_over_in_words(stack, pmc, wl):
    html = pmc.get("/workload").html()
    row = html.xpath("//table[contains(@class, 't-workload')]//tr[th//text()[contains(., $n)]]",
                     n=stack.scalar(f"SELECT name FROM users WHERE id = {wl['anna']}"))
    assert len(row) == 1
    tds = row[0].xpath("td")
    assert len(tds) == 12
    text = " ".join(tds[2].text_content().split())
    assert text == "42:00 / 32:00 over", text
    assert "wl-over" in tds[2].get("class")
    assert " ".join(tds[1].text_content().split()) == "7:00 / 40:00"
    # the holiday's week says it has four working days
    heads = html.xpath("//table[contains(@class, 't-workload')]/thead/tr/th")
    assert "4 working days" in heads[3].text_content()


def test_filter_by_role(stack, pmc, wl):
    page = pmc.get_xml("/workload?role=pm").xml()
    roles = set(page.xpath("/page/people/person/@role"))
    assert roles == {"pm"}
    ids = page.xpath("/page/people/person/@id")
    assert str(wl["boris"]) in ids and str(wl["anna"]) not in ids
    assert page.xpath("string(/page/filters/@role)") == "pm"


@pytest.mark.parametrize("role", ["client", "bogus", "ADMIN", ""])
def test_a_role_that_is_no_staff_role_filters_nothing(stack, pmc, wl, role):
    page = pmc.get_xml(f"/workload?role={role}").xml()
    assert page.xpath("string(/page/filters/@role)") == ""
    ids = page.xpath("/page/people/person/@id")
    assert {str(wl["anna"]), str(wl["boris"]), str(wl["carl"])} <= set(ids)
    assert "client" not in page.xpath("/page/people/person/@role")


def test_filter_by_project_shows_its_team_with_their_whole_load(stack, pmc, wl):
    page = pmc.get_xml(f"/workload?project_id={wl['pid']}").xml()
    ids = set(page.xpath("/page/people/person/@id"))
    assert {str(wl["anna"]), str(wl["boris"]), "2"} <= ids     # its members and its PM
    assert str(wl["carl"]) not in ids                           # on the other project only
    got = cells(page, wl["anna"])
    planned, _ = anna_by_hand()
    assert [g[0] for g in got] == planned                       # all of Anna's work ...
    assert got[0][3] == 5 * H                                   # ... of which this project's
    assert got[1][3] == 7 * H and got[2][3] == 42 * H
    html = pmc.get(f"/workload?project_id={wl['pid']}").html()
    assert html.xpath("//select[@name='project_id']/option[@selected]/@value") == [str(wl["pid"])]
    name = stack.scalar(f"SELECT name FROM projects WHERE id = {wl['pid']}")
    assert html.xpath("//select[@name='project_id']/option[@selected]/text()") == [name]
    assert any(t.endswith(" on this project") for t in html.xpath("//table[contains(@class, 't-workload')]//td/small/text()"))


def test_filter_by_project_counts_whoever_has_an_open_task_there(stack, adminc, pmc):
    """The team of a project in the filter: its PM, its members, and whoever still has an open
    task in it (someone taken off the team keeps their open task); a done task, or an open task
    in another project, does not make anyone part of it."""
    pid = new_project(pmc, stack)
    other = new_project(pmc, stack)
    off_team, _ = new_staff(stack, adminc, role="member")     # open task here, not a member
    done_only, _ = new_staff(stack, adminc, role="member")    # only a done task here
    elsewhere, _ = new_staff(stack, adminc, role="member")    # open task in the other project
    for uid, project, status in ((off_team, pid, "doing"), (done_only, pid, "done"), (elsewhere, other, "todo")):
        stack.sql("INSERT INTO tasks (project_id, title, assignee_id, start_date, due_date, estimate_minutes,"
                  " status, completed_at, created_at, updated_at)"
                  f" VALUES ({project}, '{unique('WL team')}', {uid}, '{d(0)}', '{d(4)}', 600, '{status}',"
                  f" IF('{status}' = 'done', UTC_TIMESTAMP(), NULL), UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    ids = set(pmc.get_xml(f"/workload?project_id={pid}").xml().xpath("/page/people/person/@id"))
    assert str(off_team) in ids
    assert str(done_only) not in ids and str(elsewhere) not in ids
    assert str(stack.scalar(f"SELECT pm_id FROM projects WHERE id = {pid}")) in ids
    ids = set(pmc.get_xml(f"/workload?project_id={other}").xml().xpath("/page/people/person/@id"))
    assert str(elsewhere) in ids and str(off_team) not in ids


def test_filter_by_project_and_role_together(stack, pmc, wl):
    page = pmc.get_xml(f"/workload?project_id={wl['other']}&role=member").xml()
    ids = set(page.xpath("/page/people/person/@id"))
    assert ids == {str(wl["anna"]), str(wl["carl"])}
    assert cells(page, wl["carl"])[1][:2] == (50 * H, 40 * H)


@pytest.mark.parametrize("q", ["project_id=abc", "project_id=-3", "project_id=0", "project_id="])
def test_a_project_filter_that_is_no_id_filters_nothing(stack, pmc, wl, q):
    page = pmc.get_xml(f"/workload?{q}").xml()
    assert page.xpath("string(/page/filters/@project-id)") == ""
    assert str(wl["carl"]) in page.xpath("/page/people/person/@id")


def test_a_project_that_does_not_exist_shows_nobody(stack, pmc, wl):
    r = pmc.get("/workload?project_id=987654321")
    assert r.status == 200
    assert "Nobody matches these filters" in r.text


def test_inactive_people_and_contacts_are_not_shown(stack, adminc, pmc, wl):
    page = pmc.get_xml("/workload").xml()
    ids = set(page.xpath("/page/people/person/@id"))
    contacts = {r[0] for r in stack.sql("SELECT id FROM users WHERE role = 'client'")}
    assert not ids & contacts
    gone, _ = new_staff(stack, adminc)
    assert adminc.post(f"/settings/users/{gone}/active", {"active": "0"}).status == 303
    assert str(gone) not in pmc.get_xml("/workload").xml().xpath("/page/people/person/@id")


def test_a_team_member_sees_the_workload(stack, memberc, wl):
    assert memberc.get("/workload").status == 200


def test_contacts_never_see_the_workload(stack, acmec, viewerc, globexc):
    for c in (acmec, viewerc, globexc):
        r = c.get("/workload")
        assert r.status == 403, r
        assert b"Marco" not in r.body
        assert c.get_xml("/workload?project_id=1").status == 403


def test_signed_out_is_sent_to_login(stack, client):
    r = client.get("/workload")
    assert r.status == 303 and r.header("location").startswith("/login")


def test_the_totals_row_adds_up_the_people_shown(stack, pmc, wl):
    page = pmc.get_xml(f"/workload?project_id={wl['pid']}").xml()
    people = page.xpath("/page/people/person")
    tot = page.xpath("/page/totals/w")
    assert len(tot) == 12
    for i, w in enumerate(tot):
        assert int(w.get("planned")) == sum(int(p.xpath("w")[i].get("planned")) for p in people)
        assert int(w.get("capacity")) == sum(int(p.xpath("w")[i].get("capacity")) for p in people)


# ------------------------------------------------------------ the assignee hint

def option_text(html, uid):
    t = html.xpath("//select[@id='task-assignee_id']/option[@value=$u]", u=str(uid))
    assert len(t) == 1
    return " ".join(t[0].text_content().split())


def test_the_task_form_shows_the_load_of_the_tasks_week(stack, pmc, wl):
    """t_over lies in one week (the holiday's): Anna has 42 h of 32 that week."""
    doc = pmc.get_xml(f"/tasks/{wl['t_over']}").xml()
    load = doc.xpath("/page/assignee-load")[0]
    assert (load.get("basis"), load.get("weeks"), load.get("week")) == ("task", "1", week_id(14))
    u = doc.xpath("/page/assignee-load/user[@id=$u]", u=str(wl["anna"]))[0]
    assert (u.get("planned"), u.get("capacity"), u.get("over")) == (str(42 * H), str(32 * H), "1")
    name = stack.scalar(f"SELECT name FROM users WHERE id = {wl['anna']}")
    html = pmc.get(f"/tasks/{wl['t_over']}").html()
    assert option_text(html, wl["anna"]) == f"{name} — 42:00 of 32:00 that week, over-booked"
    boris = stack.scalar(f"SELECT name FROM users WHERE id = {wl['boris']}")
    assert option_text(html, wl["boris"]) == f"{boris} — 0:00 of 24:00 that week"
    # the current assignee is still the one chosen
    assert html.xpath("//select[@id='task-assignee_id']/option[@selected]/@value") == [str(wl["anna"])]


def test_a_task_over_several_weeks_shows_its_busiest_week(stack, pmc, wl):
    """t_weekend runs from week 1 into week 2: the busiest of the two is week 2."""
    doc = pmc.get_xml(f"/tasks/{wl['t_weekend']}").xml()
    load = doc.xpath("/page/assignee-load")[0]
    assert (load.get("weeks"), load.get("from")) == ("2", d(7))
    u = doc.xpath("/page/assignee-load/user[@id=$u]", u=str(wl["anna"]))[0]
    assert (u.get("planned"), u.get("week"), u.get("over")) == (str(42 * H), week_id(14), "1")
    name = stack.scalar(f"SELECT name FROM users WHERE id = {wl['anna']}")
    assert option_text(pmc.get(f"/tasks/{wl['t_weekend']}").html(), wl["anna"]) == \
        f"{name} — 42:00 of 32:00 in {week_id(14)}, its busiest week, over-booked"


def test_the_new_task_form_shows_this_weeks_load(stack, pmc, wl):
    doc = pmc.get_xml(f"/projects/{wl['pid']}/tasks").xml()
    load = doc.xpath("/page/assignee-load")[0]
    assert (load.get("basis"), load.get("week")) == ("this-week", week_id(0))
    u = doc.xpath("/page/assignee-load/user[@id=$u]", u=str(wl["anna"]))[0]
    assert u.get("planned") == str(10 * H)      # t_before's 5 h and t_other's 5 h
    name = stack.scalar(f"SELECT name FROM users WHERE id = {wl['anna']}")
    assert option_text(pmc.get(f"/projects/{wl['pid']}/tasks").html(), wl["anna"]) == \
        f"{name} — 10:00 of 40:00 this week"


def test_a_refused_task_form_shows_the_load_of_its_dates(stack, pmc, wl):
    n = stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {wl['pid']}")
    r = pmc.post(f"/projects/{wl['pid']}/tasks?format=xml",
                 {"title": "", "start_date": d(14), "due_date": d(18), "assignee_id": str(wl["anna"])})
    assert r.status == 422
    load = r.xml().xpath("/page/assignee-load")[0]
    assert (load.get("basis"), load.get("week")) == ("task", week_id(14))
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {wl['pid']}") == n
    # the status form coming back on the task page keeps the task's own weeks
    r = pmc.post(f"/tasks/{wl['t_over']}/status?format=xml", {"status": "nonsense"})
    assert r.status == 422
    assert r.xml().xpath("string(/page/assignee-load/@week)") == week_id(14)


def test_the_hint_lists_only_the_projects_team(stack, pmc, wl):
    doc = pmc.get_xml(f"/tasks/{wl['t_over']}").xml()
    ids = set(doc.xpath("/page/assignee-load/user/@id"))
    assert str(wl["carl"]) not in ids
    members = set(doc.xpath("/page/members/user/@id"))
    assert members <= ids


# ------------------------------------------------------------ the domain, without a page

def test_spread_over_a_weekend_and_a_holiday(stack, wl):
    out = run(stack, "workload", "spread", d(11), d(15), 720, d(0), 3)
    assert (out["w0"], out["w1"], out["w2"], out["sum"]) == ("0", "360", "360", "720")
    # 7 minutes over 3 days: 2, 2, 3 (day k of n gets E(k+1)/n - Ek/n), nothing lost
    out = run(stack, "workload", "spread", d(0), d(2), 7, d(0), 1)
    assert out["sum"] == "7"


def test_the_fast_count_agrees_with_workcal(stack, wl):
    for a, b in ((-30, 60), (14, 14), (13, 15), (0, 400), (5, 4), (12, 13)):
        out = run(stack, "workload", "count", d(a), d(b))
        assert out["fast"] == out["slow"], (a, b, out)
    assert run(stack, "workload", "count", d(14), d(14))["fast"] == "0"   # the holiday


def test_read_counts_a_person_as_the_page_does(stack, wl):
    out = run(stack, "workload", "read", d(0), 12, "-", wl["pid"])
    planned, cap = anna_by_hand()
    cells_ = out[f"u{wl['anna']}"].split("|", 1)[1].split(",")
    assert [int(c.split("/")[0]) for c in cells_] == planned
    assert [int(c.split("/")[1]) for c in cells_] == cap
    assert out["working2"] == "4"

