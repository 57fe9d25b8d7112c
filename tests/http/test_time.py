"""Time entries, the duration formats, the weekly grid and the timer.

Rules: duration as 1.5, 1,5, 1:30, 90m, 1h30 → minutes; zero, negative, over 24 h a
day, a project the user is not on, a task of another project, a submitted (locked)
week → 422 and nothing written; another user's entry id → 404; the grid saves many
cells all-or-nothing; one running timer per user, shown in the session of every page."""
import pytest

from conftest import login_as

from time_helpers import (  # noqa: F401 (fixtures)
    tomc,
    MEMBER_ID, TOM_ID, XML, day, form_errors, fresh_week, log,
                          minutes_of, project_with, task, week_xml)

YEAR = 2031


@pytest.fixture(scope="module")
def pid(stack, pmc):
    return project_with(stack, pmc, MEMBER_ID, TOM_ID)


# --- durations ------------------------------------------------------------------------

@pytest.mark.parametrize("typed,minutes", [
    ("1.5", 90), ("1,5", 90), ("1:30", 90), ("90m", 90), ("1h30", 90), ("2h", 120),
    ("0.25", 15), ("1h 15m", 75),
])
def test_each_duration_format_is_stored_as_minutes(stack, memberc, pid, typed, minutes):
    week, mon = fresh_week(YEAR)
    r = log(memberc, pid, day(mon, 0), typed)
    assert r.status == 303, r
    got = stack.scalar(f"SELECT minutes FROM time_entries WHERE user_id = {MEMBER_ID}"
                       f" AND project_id = {pid} AND work_date = '{day(mon, 0)}'")
    assert int(got) == minutes


@pytest.mark.parametrize("typed", ["abc", "1.555", "1:5", "1:75", "1h75", "1..5", "1 30", "+1"])
def test_wrong_duration_format_is_422_and_nothing_written(stack, memberc, pid, typed):
    week, mon = fresh_week(YEAR)
    before = minutes_of(stack, MEMBER_ID, pid)
    r = log(memberc, pid, day(mon, 1), typed)
    assert r.status == 422
    assert minutes_of(stack, MEMBER_ID, pid) == before


@pytest.mark.parametrize("typed", ["0", "0:00", "-1", "-0:30"])
def test_zero_or_negative_duration_is_422(stack, memberc, pid, typed):
    week, mon = fresh_week(YEAR)
    before = minutes_of(stack, MEMBER_ID, pid)
    r = memberc.post("/time/entries", {"project_id": str(pid), "work_date": day(mon, 1),
                                       "hours": typed}, headers=XML)
    assert r.status == 422
    assert "more than zero" in " ".join(form_errors(r, "entry"))
    assert minutes_of(stack, MEMBER_ID, pid) == before


def test_422_keeps_the_typed_values(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/entries", {"project_id": str(pid), "work_date": day(mon, 1),
                                       "hours": "lots", "note": "kept"}, headers=XML)
    assert r.status == 422
    doc = r.xml()
    assert doc.xpath("string(/page/form-state[@for='entry']/value[@name='hours'])") == "lots"
    assert doc.xpath("string(/page/form-state[@for='entry']/value[@name='note'])") == "kept"


def test_a_day_above_24_hours_is_422(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 2), "20").status == 303
    r = memberc.post("/time/entries", {"project_id": str(pid), "work_date": day(mon, 2),
                                       "hours": "4:01"}, headers=XML)
    assert r.status == 422
    assert "24 hours" in " ".join(form_errors(r, "entry"))
    assert int(stack.scalar(f"SELECT SUM(minutes) FROM time_entries WHERE user_id = {MEMBER_ID}"
                            f" AND work_date = '{day(mon, 2)}'")) == 1200


def test_exactly_24_hours_in_a_day_is_accepted(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 3), "20").status == 303
    assert log(memberc, pid, day(mon, 3), "4").status == 303


def test_a_single_entry_over_24_hours_is_422(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 3), "25").status == 422


def test_project_the_user_is_not_on_is_422(stack, pmc, memberc):
    foreign = project_with(stack, pmc)   # member is not on it
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/entries", {"project_id": str(foreign), "work_date": day(mon, 0),
                                       "hours": "1"}, headers=XML)
    assert r.status == 422
    assert "not on this project" in " ".join(form_errors(r, "entry"))
    assert minutes_of(stack, MEMBER_ID, foreign) == 0


def test_admin_may_log_on_any_project(stack, pmc, adminc):
    foreign = project_with(stack, pmc)
    week, mon = fresh_week(YEAR)
    assert log(adminc, foreign, day(mon, 0), "1").status == 303
    assert minutes_of(stack, 1, foreign) == 60


def test_unknown_project_is_422(stack, memberc):
    week, mon = fresh_week(YEAR)
    assert log(memberc, 999999, day(mon, 0), "1").status == 422


def test_task_of_another_project_is_422(stack, pmc, memberc, pid):
    other = project_with(stack, pmc, MEMBER_ID)
    tid = task(pmc, stack, other)
    week, mon = fresh_week(YEAR)
    before = minutes_of(stack, MEMBER_ID, pid)
    assert log(memberc, pid, day(mon, 0), "1", task_id=tid).status == 422
    assert minutes_of(stack, MEMBER_ID, pid) == before


def test_entry_on_a_task_of_the_project(stack, pmc, memberc, pid):
    tid = task(pmc, stack, pid)
    week, mon = fresh_week(YEAR)
    assert log(memberc, pid, day(mon, 0), "1", task_id=tid).status == 303
    assert int(stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE task_id = {tid}")) == 1


def test_bad_date_is_422(stack, memberc, pid):
    assert log(memberc, pid, "2031-02-30", "1").status == 422


def test_client_cannot_log_time(stack, acme, pid):
    r = acme.post("/time/entries", {"project_id": str(pid), "work_date": "2031-01-06", "hours": "1"})
    assert r.status == 403


def test_entry_without_csrf_is_403(stack, memberc, pid):
    r = memberc.post("/time/entries", {"project_id": str(pid), "work_date": "2031-01-06",
                                       "hours": "1"}, csrf=False)
    assert r.status == 403


# --- editing entries --------------------------------------------------------------------

def entry_id(stack, uid, date):
    return int(stack.scalar(f"SELECT MAX(id) FROM time_entries WHERE user_id = {uid} AND work_date = '{date}'"))


def test_own_entry_can_be_changed(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1")
    eid = entry_id(stack, MEMBER_ID, day(mon, 0))
    assert memberc.post(f"/time/entries/{eid}", {"hours": "2:15", "billable": "1"}).status == 303
    assert int(stack.scalar(f"SELECT minutes FROM time_entries WHERE id = {eid}")) == 135


def test_another_users_entry_is_404_on_update(stack, memberc, tomc, pid):
    week, mon = fresh_week(YEAR)
    log(tomc, pid, day(mon, 0), "1")
    eid = entry_id(stack, TOM_ID, day(mon, 0))
    assert memberc.post(f"/time/entries/{eid}", {"hours": "5"}).status == 404
    assert int(stack.scalar(f"SELECT minutes FROM time_entries WHERE id = {eid}")) == 60


def test_another_users_entry_is_404_on_delete(stack, memberc, tomc, pid):
    week, mon = fresh_week(YEAR)
    log(tomc, pid, day(mon, 0), "1")
    eid = entry_id(stack, TOM_ID, day(mon, 0))
    assert memberc.post(f"/time/entries/{eid}/delete").status == 404
    assert stack.scalar(f"SELECT id FROM time_entries WHERE id = {eid}") is not None


def test_own_entry_can_be_deleted(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1")
    eid = entry_id(stack, MEMBER_ID, day(mon, 0))
    assert memberc.post(f"/time/entries/{eid}/delete").status == 303
    assert stack.scalar(f"SELECT id FROM time_entries WHERE id = {eid}") is None


def test_update_with_a_bad_duration_is_422(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1")
    eid = entry_id(stack, MEMBER_ID, day(mon, 0))
    assert memberc.post(f"/time/entries/{eid}", {"hours": "0"}).status == 422
    assert int(stack.scalar(f"SELECT minutes FROM time_entries WHERE id = {eid}")) == 60


# --- the weekly grid --------------------------------------------------------------------

def test_grid_shows_rows_days_and_totals(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1:30")
    log(memberc, pid, day(mon, 0), "0:30")
    log(memberc, pid, day(mon, 2), "3")
    doc = week_xml(memberc, week)
    row = doc.xpath("/page/week/row[@project-id=$p][@task-id='0']", p=str(pid))[0]
    assert [int(c.get("minutes")) for c in row.xpath("cell")] == [120, 0, 180, 0, 0, 0, 0]
    assert row.get("minutes") == "300"
    assert doc.xpath("string(/page/week/day[@d='0']/@minutes)") == "120"
    assert doc.xpath("string(/page/week/@minutes)") == "300"
    assert doc.xpath("string(/page/week/@start)") == mon.isoformat()


def test_grid_saves_many_cells_in_one_post(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, f"m-{pid}-0-0": "1.5", f"m-{pid}-0-1": "2:00",
                                    f"m-{pid}-0-4": "45m"})
    assert r.status == 303, r
    doc = week_xml(memberc, week)
    row = doc.xpath("/page/week/row[@project-id=$p]", p=str(pid))[0]
    assert [int(c.get("minutes")) for c in row.xpath("cell")] == [90, 120, 0, 0, 45, 0, 0]


def test_grid_changes_and_clears_cells(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    memberc.post("/time/grid", {"week": week, f"m-{pid}-0-0": "1", f"m-{pid}-0-1": "2"})
    memberc.post("/time/grid", {"week": week, f"m-{pid}-0-0": "3", f"m-{pid}-0-1": ""})
    rows = stack.sql(f"SELECT work_date, minutes FROM time_entries WHERE user_id = {MEMBER_ID}"
                     f" AND project_id = {pid} AND week_start = '{mon}' ORDER BY work_date")
    assert rows == [(day(mon, 0), "180")]


def test_grid_is_all_or_nothing(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, f"m-{pid}-0-0": "2", f"m-{pid}-0-1": "nope"},
                     headers=XML)
    assert r.status == 422
    assert int(stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE user_id = {MEMBER_ID}"
                            f" AND week_start = '{mon}'")) == 0
    cell = r.xml().xpath("/page/week/row/cell[@name=$n]", n=f"m-{pid}-0-1")[0]
    assert cell.get("value") == "nope" and cell.get("bad") == "1"


def test_grid_day_over_24_hours_writes_nothing(stack, memberc, pmc, pid):
    other = project_with(stack, pmc, MEMBER_ID)
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, f"m-{pid}-0-3": "16", f"m-{other}-0-3": "9"})
    assert r.status == 422
    assert int(stack.scalar(f"SELECT COUNT(*) FROM time_entries WHERE user_id = {MEMBER_ID}"
                            f" AND week_start = '{mon}'")) == 0


def test_grid_adds_a_row(stack, pmc, memberc, pid):
    tid = task(pmc, stack, pid)
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, "new_row": f"{pid}-{tid}", "new-0": "1", "new-6": "0:20"})
    assert r.status == 303
    rows = stack.sql(f"SELECT work_date, minutes FROM time_entries WHERE task_id = {tid} ORDER BY work_date")
    assert rows == [(day(mon, 0), "60"), (day(mon, 6), "20")]


def test_grid_row_on_a_foreign_project_is_422(stack, pmc, memberc):
    foreign = project_with(stack, pmc)
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, f"m-{foreign}-0-0": "1"})
    assert r.status == 422
    assert minutes_of(stack, MEMBER_ID, foreign) == 0


def test_grid_new_row_with_a_task_of_another_project_is_422(stack, pmc, memberc, pid):
    other = project_with(stack, pmc, MEMBER_ID)
    tid = task(pmc, stack, other)
    week, mon = fresh_week(YEAR)
    r = memberc.post("/time/grid", {"week": week, "new_row": f"{pid}-{tid}", "new-0": "1"})
    assert r.status == 422


def test_grid_bad_week_is_422(stack, memberc, pid):
    assert memberc.post("/time/grid", {"week": "2031-W60", f"m-{pid}-0-0": "1"}).status == 422


def test_copy_last_weeks_rows(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    nxt, nmon = fresh_week(YEAR)
    assert nmon.toordinal() - mon.toordinal() == 7
    log(memberc, pid, day(mon, 1), "2")
    doc = week_xml(memberc, f"{nxt}&copy=1")
    row = doc.xpath("/page/week/row[@project-id=$p]", p=str(pid))
    assert row and row[0].get("minutes") == "0"
    assert not week_xml(memberc, nxt).xpath("/page/week/row")


def test_week_page_defaults_to_this_week(stack, memberc):
    doc = week_xml(memberc, "bogus")
    assert doc.xpath("string(/page/week/@id)") == doc.xpath("string(/page/week/@this)")


def test_timesheet_html_has_an_input_per_cell(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1")
    r = memberc.get(f"/time?week={week}")
    assert r.status == 200
    inputs = r.html().xpath("//form[@id='timesheet']//input[starts-with(@name, 'm-')]")
    assert len(inputs) == 7
    assert inputs[0].get("value") == "1:00"


# --- timer ------------------------------------------------------------------------------

def test_timer_start_shows_on_every_page(stack, tomc, pid):
    tomc.post("/time/timer/stop")
    assert tomc.post("/time/timer/start", {"project_id": str(pid), "note": "deep work"}).status == 303
    for path in ["/", "/projects", "/time"]:
        doc = tomc.get_xml(path).xml()
        assert doc.xpath("string(/page/session/@timer-since)") != ""
    assert "Time" in tomc.get("/").text


def test_timer_stop_records_rounded_minutes(stack, tomc, pid):
    tomc.post("/time/timer/stop")
    tomc.post("/time/timer/start", {"project_id": str(pid), "note": "rounded"})
    stack.sql(f"UPDATE timers SET started_at = UTC_TIMESTAMP() - INTERVAL 5431 SECOND WHERE user_id = {TOM_ID}")
    assert tomc.post("/time/timer/stop").status == 303
    got = stack.sql(f"SELECT minutes, note FROM time_entries WHERE user_id = {TOM_ID} ORDER BY id DESC LIMIT 1")
    assert got == [("91", "rounded")]   # 90 min 31 s → 91
    assert stack.scalar(f"SELECT COUNT(*) FROM timers WHERE user_id = {TOM_ID}") == "0"


def test_starting_a_second_timer_stops_and_records_the_first(stack, tomc, pmc, pid):
    other = project_with(stack, pmc, TOM_ID)
    tomc.post("/time/timer/stop")
    tomc.post("/time/timer/start", {"project_id": str(pid), "note": "first"})
    stack.sql(f"UPDATE timers SET started_at = UTC_TIMESTAMP() - INTERVAL 600 SECOND WHERE user_id = {TOM_ID}")
    assert tomc.post("/time/timer/start", {"project_id": str(other), "note": "second"}).status == 303
    assert stack.sql(f"SELECT project_id, note FROM timers WHERE user_id = {TOM_ID}") == [(str(other), "second")]
    assert stack.sql(f"SELECT minutes, note FROM time_entries WHERE user_id = {TOM_ID} ORDER BY id DESC LIMIT 1") == [("10", "first")]
    tomc.post("/time/timer/stop")


def test_timer_under_half_a_minute_records_nothing(stack, tomc, pid):
    tomc.post("/time/timer/stop")
    tomc.post("/time/timer/start", {"project_id": str(pid)})
    before = max_entry(stack)
    assert tomc.post("/time/timer/stop").status == 303
    assert max_entry(stack) == before


def max_entry(stack):
    return int(stack.scalar("SELECT COALESCE(MAX(id), 0) FROM time_entries"))


def test_timer_on_a_foreign_project_is_422(stack, pmc, tomc):
    foreign = project_with(stack, pmc)
    tomc.post("/time/timer/stop")
    assert tomc.post("/time/timer/start", {"project_id": str(foreign)}).status == 422
    assert stack.scalar(f"SELECT COUNT(*) FROM timers WHERE user_id = {TOM_ID}") == "0"


def test_stopping_without_a_timer_is_422(stack, tomc):
    tomc.post("/time/timer/stop")
    assert tomc.post("/time/timer/stop").status == 422


def test_timer_start_without_project_is_422(stack, tomc):
    assert tomc.post("/time/timer/start", {"note": "x"}).status == 422


def test_week_lists_its_entries_with_edit_and_delete_forms(stack, memberc, pid):
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 2), "1:45", note="Sprint review")
    eid = entry_id(stack, MEMBER_ID, day(mon, 2))
    doc = week_xml(memberc, week)
    e = doc.xpath("/page/entries/entry[@id=$i]", i=str(eid))[0]
    assert (e.get("minutes"), e.get("note"), e.get("status")) == ("105", "Sprint review", "open")
    page = memberc.get(f"/time?week={week}").html()
    assert page.xpath(f"//form[@action='/time/entries/{eid}']//input[@name='hours']/@value") == ["1:45"]
    assert page.xpath(f"//form[@action='/time/entries/{eid}/delete']")


def test_week_does_not_list_other_users_entries(stack, memberc, tomc, pid):
    week, mon = fresh_week(YEAR)
    log(tomc, pid, day(mon, 2), "1")
    assert not week_xml(memberc, week).xpath("/page/entries/entry")


def test_timesheet_offers_my_open_tasks_not_everyones(stack):
    """The add-a-row choices: every project I may log on, and my own open tasks."""
    c = login_as(stack, "member@demo.test")
    doc = c.get_xml("/time").xml()
    offered = {int(t) for t in doc.xpath("//choices/choice[@task-id != '0']/@task-id")}
    mine = {int(r[0]) for r in stack.sql(
        "SELECT t.id FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.assignee_id = 3"
        " AND t.status <> 'done' AND p.stage <> 'closure'")}
    others = {int(r[0]) for r in stack.sql(
        "SELECT id FROM tasks WHERE assignee_id IS NOT NULL AND assignee_id <> 3")}
    assert mine, "the demo data gives member@demo.test open tasks"
    assert offered == mine
    assert not offered & others
