"""Issue 10, time tracking: items 4 (one duration format, h:mm), 5 (a timer on a locked
week: refused to start, always discardable), 6 (expense categories have labels) and
8 (the timesheet keeps its rows' project and task names after a 422)."""
import datetime
import re

import pytest

from conftest import new_staff_signed_in

from time_helpers import MEMBER_ID, XML, day, fresh_week, log, project_with, task

YEAR = 2035


def this_week():
    today = datetime.datetime.now(datetime.timezone.utc).date()
    y, w, _ = today.isocalendar()
    return f"{y}-W{w:02d}", today


def text(el):
    return re.sub(r"\s+", " ", el.text_content()).strip()


def timers_of(stack, uid):
    return int(stack.scalar(f"SELECT COUNT(*) FROM timers WHERE user_id = {uid}"))


def entries_of(stack, uid):
    return int(stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE user_id = {uid}"))


def errors(resp):
    return " ".join(resp.html().xpath("//*[contains(@class, 'form-errors') or contains(@class,"
                                      " 'field-error') or @role='alert']//text()"))


# ------------------------------------------------------------------ item 4: durations

def test_item04_one_minute_shows_as_0_01_on_the_timesheet(stack, pmc, memberc):
    pid = project_with(stack, pmc, MEMBER_ID)
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 0), "0:01").status == 303
    assert log(memberc, pid, day(mon, 1), "7:45").status == 303
    page = memberc.get(f"/time?week={week}").html()
    row = page.xpath("//table[contains(@class,'timesheet')]//tr[td[contains(@class,'row-total')]]")[0]
    assert text(row.xpath("td[contains(@class,'row-total')]")[0]) == "7:46"
    days = [text(td) for td in page.xpath("//tfoot//td[contains(@class,'day-total')]")]
    assert days[:2] == ["0:01", "7:45"]
    assert text(page.xpath("//tfoot//td[contains(@class,'week-total')]")[0]) == "7:46"
    assert "0 h" not in page.text_content()


def test_item04_both_typing_formats_are_still_accepted(stack, pmc, memberc):
    pid = project_with(stack, pmc, MEMBER_ID)
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 0), "1.5").status == 303
    assert log(memberc, pid, day(mon, 1), "1:30").status == 303
    assert stack.sql(f"SELECT minutes FROM time_entries WHERE project_id = {pid} ORDER BY work_date") \
        == [("90",), ("90",)]
    page = memberc.get(f"/time?week={week}").html()
    assert [text(td) for td in page.xpath("//tfoot//td[contains(@class,'day-total')]")][:2] \
        == ["1:30", "1:30"]


def test_item04_one_format_on_approvals_budget_and_report(stack, pmc, adminc):
    """One minute submitted: the approvals list, the budget page and the time report all
    read 0:01, and the budget's 100 hours read 100:00."""
    uid, c = new_staff_signed_in(stack, adminc)
    pid = project_with(stack, pmc, uid)
    week, mon = fresh_week(YEAR)
    assert log(c, pid, day(mon, 2), "0:01").status == 303
    assert c.post("/time/submit", {"week": week}).status == 303
    try:
        appr = pmc.get("/time/approvals").html()
        card = appr.xpath(f"//section[contains(@class,'approval')][.//input[@name='user_id'][@value='{uid}']]")
        assert card, "the submitted week waits for the PM"
        cells = [text(td) for td in card[0].xpath(".//tbody/tr/td[contains(@class,'num')]")]
        assert cells[:2] == ["0:01", "0:01"]
        budget = pmc.get(f"/projects/{pid}/budget").html()
        spent = text(budget.xpath("//div[contains(@class,'stat-card')][1]//p[contains(@class,'stat-value')]")[0])
        assert spent.startswith("0:01 of 100:00"), spent
        report = pmc.get(f"/projects/{pid}/time").html()
        stat = text(report.xpath("//div[contains(@class,'stat-card')][1]//p[contains(@class,'stat-value')]")[0])
        assert stat == "0:01"
        by_person = report.xpath("//section[h2='By person']//tbody/tr/td[2]")
        assert [text(td) for td in by_person] == ["0:01"]
        assert " h<" not in report.text_content() and "0 h" not in report.text_content()
    finally:
        assert pmc.post("/time/approvals", {"user_id": str(uid), "week": week,
                                             "decision": "approve"}).status == 303


def test_item04_the_format_is_one_template_and_documented(stack):
    """Every page formats a duration with layout.xsl's `hours` template; no stylesheet
    divides minutes by 60 on its own for display."""
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2]
    for xsl in (root / "xslt").glob("*.xsl"):
        src = xsl.read_text()
        if xsl.name == "layout.xsl":
            continue
        assert "div 60," not in src, f"{xsl.name} formats a duration itself"
        assert "'#,##0.# h'" not in src, f"{xsl.name} formats a duration itself"
    arch = (root / "docs/architecture.md").read_text()
    assert "h:mm" in arch


# ------------------------------------------------------------------ item 5: timer

@pytest.fixture
def person(stack, adminc, pmc):
    """A fresh member on a fresh project: (uid, client, project id)."""
    uid, c = new_staff_signed_in(stack, adminc)
    pid = project_with(stack, pmc, uid)
    return uid, c, pid


def submit_this_week(stack, c, pid):
    week, today = this_week()
    assert log(c, pid, today.isoformat(), "1").status == 303
    assert c.post("/time/submit", {"week": week}).status == 303
    return week


def test_item05_timer_start_on_a_submitted_week_is_refused(stack, person):
    uid, c, pid = person
    submit_this_week(stack, c, pid)
    n = entries_of(stack, uid)
    r = c.post("/time/timer/start", {"project_id": str(pid), "note": "after submitting"}, headers=XML)
    assert r.status == 422
    msgs = r.xml().xpath("/page/form-state[@for='timer']/error/text()")
    assert any("submitted" in m and "timer" in m for m in msgs), msgs
    assert r.xml().xpath("string(/page/form-state[@for='timer']/value[@name='note'])") == "after submitting"
    assert timers_of(stack, uid) == 0
    assert entries_of(stack, uid) == n


def test_item05_timer_start_on_an_approved_week_is_refused(stack, person, pmc):
    uid, c, pid = person
    week = submit_this_week(stack, c, pid)
    assert pmc.post("/time/approvals", {"user_id": str(uid), "week": week,
                                         "decision": "approve"}).status == 303
    r = c.post("/time/timer/start", {"project_id": str(pid)})
    assert r.status == 422
    assert "approved" in errors(r)
    assert timers_of(stack, uid) == 0


def test_item05_stuck_timer_can_be_discarded(stack, person):
    """Timer started, then the week submitted: Stop is refused, Discard is offered and
    works, and nothing is recorded."""
    uid, c, pid = person
    assert c.post("/time/timer/start", {"project_id": str(pid)}).status == 303
    stack.sql(f"UPDATE timers SET started_at = UTC_TIMESTAMP() - INTERVAL 600 SECOND WHERE user_id = {uid}")
    submit_this_week(stack, c, pid)
    n = entries_of(stack, uid)
    r = c.post("/time/timer/stop")
    assert r.status == 422
    form = r.html().xpath("//form[@action='/time/timer/discard']")
    assert form, "Discard is offered where Stop is refused"
    assert form[0].get("method") == "post"
    assert "undone" in (form[0].get("data-confirm") or "")
    assert form[0].xpath(".//input[@name='csrf']")
    assert timers_of(stack, uid) == 1
    r = c.post("/time/timer/discard")
    assert r.status == 303, r
    assert timers_of(stack, uid) == 0
    assert entries_of(stack, uid) == n
    doc = c.get_xml(r.header("location")).xml()
    assert doc.xpath("string(/page/session/@timer-since)") == ""
    assert "discarded" in doc.xpath("string(/page/flash)")


def test_item05_discard_is_offered_for_any_running_timer(stack, person):
    uid, c, pid = person
    assert c.post("/time/timer/start", {"project_id": str(pid)}).status == 303
    page = c.get("/time").html()
    assert page.xpath("//form[@action='/time/timer/stop']")
    assert page.xpath("//form[@action='/time/timer/discard'][@data-confirm]")
    assert c.post("/time/timer/discard").status == 303
    assert timers_of(stack, uid) == 0
    assert entries_of(stack, uid) == 0


def test_item05_discard_without_csrf_is_403(stack, person):
    uid, c, pid = person
    assert c.post("/time/timer/start", {"project_id": str(pid)}).status == 303
    assert c.post("/time/timer/discard", csrf=False).status == 403
    assert c.post("/time/timer/discard", {"csrf": "forged"}, csrf=False).status == 403
    assert timers_of(stack, uid) == 1


def test_item05_discard_touches_only_ones_own_timer(stack, person, adminc, pmc):
    uid, c, pid = person
    other_uid, other = new_staff_signed_in(stack, adminc)
    add = pmc.post(f"/projects/{pid}/members", {"user_id": str(other_uid)})
    assert add.status == 303
    assert c.post("/time/timer/start", {"project_id": str(pid)}).status == 303
    # no id to name someone else's timer: the route acts on the signed-in user only
    r = other.post("/time/timer/discard", {"user_id": str(uid)})
    assert r.status == 422
    assert timers_of(stack, uid) == 1
    assert pmc.post("/time/timer/discard", {"user_id": str(uid)}).status == 422
    assert timers_of(stack, uid) == 1


@pytest.mark.parametrize("action", ["stop", "discard"])
def test_item05_stop_or_discard_without_a_timer_is_a_clear_422(stack, person, action):
    uid, c, pid = person
    r = c.post(f"/time/timer/{action}")
    assert r.status == 422
    assert "No timer is running" in errors(r)
    assert entries_of(stack, uid) == 0


def test_item05_discard_is_for_staff_only(stack, acmec):
    assert acmec.post("/time/timer/discard").status in (403, 404)


# ------------------------------------------------------------------ item 6: expenses

def test_item06_expense_categories_have_labels(stack, pmc):
    pid = project_with(stack, pmc)
    page = pmc.get(f"/projects/{pid}/budget").html()
    opts = page.xpath("//select[@name='category']/option")
    assert [o.get("value") for o in opts] == ["travel", "software", "hardware", "subcontractor",
                                               "printing", "other"]
    assert [text(o) for o in opts] == ["Travel", "Software", "Hardware", "Subcontractor",
                                      "Printing", "Other"]


def test_item06_expense_422_keeps_the_chosen_category(stack, pmc):
    pid = project_with(stack, pmc)
    r = pmc.post(f"/projects/{pid}/expenses", {"spent_on": "2035-02-03", "amount": "abc",
                                                "category": "hardware", "note": "Monitor"})
    assert r.status == 422
    page = r.html()
    assert page.xpath("//select[@name='category']/option[@selected]/@value") == ["hardware"]
    assert all(text(o) for o in page.xpath("//select[@name='category']/option"))
    assert page.xpath("//input[@name='note']/@value") == ["Monitor"]
    assert stack.scalar(f"SELECT COUNT(*) FROM expenses WHERE project_id = {pid}") == "0"


def test_item06_expense_list_shows_the_category_label(stack, pmc):
    pid = project_with(stack, pmc)
    assert pmc.post(f"/projects/{pid}/expenses", {"spent_on": "2035-02-03", "amount": "12.00",
                                                   "category": "subcontractor"}).status == 303
    page = pmc.get(f"/projects/{pid}/budget").html()
    assert [text(td) for td in page.xpath("//table//tbody/tr/td[2]")] == ["Subcontractor"]


# ------------------------------------------------------------------ item 8: row names

def row_titles(resp):
    return [text(th) for th in resp.html().xpath("//table[contains(@class,'timesheet')]//tbody"
                                                 "/tr[not(contains(@class,'new-row'))]/th")]


@pytest.fixture
def tasked(stack, pmc):
    """A project with member@demo.test on it and a task assigned to them."""
    pid = project_with(stack, pmc, MEMBER_ID)
    tid = task(pmc, stack, pid, title="Visual design", assignee_id=str(MEMBER_ID))
    name = stack.scalar(f"SELECT name FROM projects WHERE id = {pid}")
    return pid, tid, name


def test_item08_grid_422_keeps_a_new_rows_task_name_and_values(stack, memberc, tasked):
    pid, tid, name = tasked
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, "new_row": f"{pid}-{tid}", "new-0": "2:15",
                                    "new-1": "lots"})
    assert r.status == 422
    assert row_titles(r) == [f"{name} — Visual design"]
    cells = r.html().xpath(f"//input[starts-with(@name, 'm-{pid}-{tid}-')]/@value")
    assert cells[:2] == ["2:15", "lots"]
    assert int(stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE project_id = {pid}")) == 0


def test_item08_grid_422_keeps_every_rows_names(stack, memberc, tasked):
    """Two rows (a task row and a no-task row) typed into the grid, one cell bad: both
    rows come back named, with every typed value."""
    pid, tid, name = tasked
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, f"m-{pid}-{tid}-0": "1", f"m-{pid}-0-2": "1:30",
                                    f"m-{pid}-0-3": "9x"})
    assert r.status == 422
    assert sorted(row_titles(r)) == sorted([f"{name} — Visual design", name])
    page = r.html()
    assert page.xpath(f"//input[@name='m-{pid}-{tid}-0']/@value") == ["1"]
    assert page.xpath(f"//input[@name='m-{pid}-0-2']/@value") == ["1:30"]
    assert page.xpath(f"//input[@name='m-{pid}-0-3']/@value") == ["9x"]
    assert page.xpath(f"//input[@name='m-{pid}-0-3']/@aria-invalid") == ["true"]


def test_item08_entry_form_422_keeps_the_weeks_rows_named(stack, memberc, tasked):
    pid, tid, name = tasked
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 0), "1", task_id=tid).status == 303
    r = log(memberc, pid, day(mon, 1), "soon", task_id=tid)
    assert r.status == 422
    assert row_titles(r) == [f"{name} — Visual design"]
    page = r.html()
    assert page.xpath("//form[@action='/time/entries']//input[@name='hours']/@value") == ["soon"]
    assert page.xpath("//form[@action='/time/entries']//select[@name='task_id']"
                      "/option[@selected]/@value") == [str(tid)]


def test_item08_grid_422_does_not_name_a_foreign_project(stack, pmc, memberc, tasked):
    """A row forged onto a project the user is not on is refused and not named."""
    pid, tid, name = tasked
    foreign = project_with(stack, pmc)
    fname = stack.scalar(f"SELECT name FROM projects WHERE id = {foreign}")
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, f"m-{pid}-{tid}-0": "1", f"m-{foreign}-0-0": "1"})
    assert r.status == 422
    assert fname not in r.text
    assert f"{name} — Visual design" in row_titles(r)
