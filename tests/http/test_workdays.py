"""Working days, the admin side (issue 16): the agency's working week and holidays at
/settings/calendar (domain/workdays.c), and "shift dependants" on them (plan_task_shift:
plan_shift_cal) - a dependant starts on the first working day after its latest predecessor ends
and keeps its length in working days.

Decisions tested here: only an admin sees or changes the calendar (PMs and members 403, contacts
403); a week with no working day, a holiday with a bad date, no name, or on a day that is one
already are 422 with nothing written; removing a day that is no holiday is 404.

The calendar is the whole stack's (one database for every test module): every test here works on
2033 and puts the week and its holidays back as it found them."""
import pytest

from conftest import XML, form_state, unique
from domain_util import run
from plan_helpers import new_project, task

WEEK_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REFUSED, NOT_FOUND = 2, 1


def week(stack):
    return stack.scalar("SELECT COALESCE((SELECT value FROM settings WHERE name = 'work_week'), '1111100')")


def holidays(stack, year=2033):
    return stack.sql(f"SELECT day, name FROM holidays WHERE YEAR(day) = {year} ORDER BY day")


def post_week(c, days):
    return c.post("/settings/calendar?format=xml", {d: "1" for d in days})


@pytest.fixture(autouse=True)
def calendar_as_found(stack):
    """Whatever a test does to the calendar is undone after it."""
    before = stack.sql("SELECT value FROM settings WHERE name = 'work_week'")
    yield
    stack.sql("DELETE FROM holidays WHERE YEAR(day) = 2033")
    if before:
        stack.sql(f"UPDATE settings SET value = '{before[0][0]}' WHERE name = 'work_week'")
    else:
        stack.sql("DELETE FROM settings WHERE name = 'work_week'")


# ------------------------------------------------------------------ the page and who sees it

def test_admin_sees_the_week_and_the_holidays(stack, adminc):
    stack.sql("INSERT INTO holidays (day, name) VALUES ('2033-12-26', 'Boxing Day 2033')")
    r = adminc.get("/settings/calendar?format=xml")
    assert r.status == 200, r
    doc = r.xml()
    assert [doc.xpath(f"string(/page/week/@{d})") for d in WEEK_DAYS] == list(week(stack).ljust(7, "0"))
    assert doc.xpath("/page/holidays/holiday[@day='2033-12-26']/@name") == ["Boxing Day 2033"]
    assert doc.xpath("string(/page/holidays/holiday[@day='2033-12-26']/@weekday)") == "0"  # a Monday
    html = adminc.get("/settings/calendar")
    assert html.status == 200 and b"Boxing Day 2033" in html.body and b"Working week" in html.body
    # an admin reaches it from the templates list (the settings tabs are a fixed list for now:
    # test_issue10_walk.py); the page itself shows the settings tabs
    assert b'href="/settings/calendar"' in adminc.get("/templates").body
    assert b'href="/settings/users"' in html.body


@pytest.mark.parametrize("who", ["pmc", "memberc", "acmec", "globexc"])
def test_only_an_admin_sees_or_changes_the_calendar(stack, request, who):
    c = request.getfixturevalue(who)
    before = (week(stack), holidays(stack))
    assert c.get("/settings/calendar").status == 403
    for path, form in (("/settings/calendar", {"mon": "1"}),
                       ("/settings/calendar/holidays", {"day": "2033-06-06", "name": "Sneaky"}),
                       ("/settings/calendar/holidays/remove", {"day": "2033-06-06"})):
        assert c.post(path, form).status == 403, path
    assert (week(stack), holidays(stack)) == before


# ------------------------------------------------------------------ the working week

def test_working_week_is_saved(stack, adminc):
    r = post_week(adminc, WEEK_DAYS[:6])
    assert r.status == 303 and r.header("location").endswith("/settings/calendar"), r
    assert week(stack) == "1111110"
    assert adminc.get("/settings/calendar?format=xml").xml().xpath("string(/page/week/@sat)") == "1"
    assert post_week(adminc, ("tue", "wed", "thu")).status == 303
    assert week(stack) == "0111000"


def test_a_week_without_a_working_day_is_422_nothing_written(stack, adminc):
    assert post_week(adminc, WEEK_DAYS[:5]).status == 303
    r = post_week(adminc, ())
    assert r.status == 422, r
    values, errors = form_state(r, "week")
    assert "at least one day" in errors["_form"].lower()
    assert week(stack) == "1111100"
    # a checkbox that is not 0/1/on is a bad field, also nothing written
    r = adminc.post("/settings/calendar?format=xml", {"mon": "maybe"})
    assert r.status == 422 and week(stack) == "1111100"


# ------------------------------------------------------------------ holidays

def test_holiday_is_added_and_removed(stack, adminc):
    r = adminc.post("/settings/calendar/holidays", {"day": "2033-04-15", "name": "Good Friday"})
    assert r.status == 303, r
    assert holidays(stack) == [("2033-04-15", "Good Friday")]
    page = adminc.get("/settings/calendar")
    assert b"Good Friday" in page.body and b"data-confirm=" in page.body  # removal asks first
    assert adminc.post("/settings/calendar/holidays/remove", {"day": "2033-04-15"}).status == 303
    assert holidays(stack) == []
    # no holiday that day (any more), or no date at all: 404
    assert adminc.post("/settings/calendar/holidays/remove", {"day": "2033-04-15"}).status == 404
    assert adminc.post("/settings/calendar/holidays/remove", {"day": "Friday"}).status == 404


@pytest.mark.parametrize("form, field", [
    ({"day": "2033-02-30", "name": "Not a day"}, "day"),
    ({"day": "15/04/2033", "name": "Wrong format"}, "day"),
    ({"day": "", "name": "No day"}, "day"),
    ({"day": "2033-04-14", "name": ""}, "name"),
    ({"day": "2033-04-14", "name": "x" * 201}, "name"),
], ids=["impossible-date", "not-iso", "no-date", "no-name", "name-too-long"])
def test_bad_holiday_is_422_nothing_written(stack, adminc, form, field):
    before = stack.scalar("SELECT COUNT(*) FROM holidays")
    r = adminc.post("/settings/calendar/holidays?format=xml", form)
    assert r.status == 422, r
    values, errors = form_state(r, "holiday")
    assert field in errors, errors
    assert values.get("name", "") == form["name"]  # the user's values come back
    assert stack.scalar("SELECT COUNT(*) FROM holidays") == before


def test_a_day_that_is_a_holiday_already_is_422(stack, adminc):
    assert adminc.post("/settings/calendar/holidays", {"day": "2033-05-02", "name": "May Day"}).status == 303
    r = adminc.post("/settings/calendar/holidays?format=xml", {"day": "2033-05-02", "name": "Again"})
    assert r.status == 422, r
    assert "holiday already" in form_state(r, "holiday")[1]["day"]
    assert holidays(stack) == [("2033-05-02", "May Day")]


# ------------------------------------------------------------------ the domain without a page

def test_workdays_domain_functions(stack):
    assert run(stack, "workdays", "week", "0000000")["rc"] == REFUSED
    assert run(stack, "workdays", "week", "11111")["rc"] == REFUSED
    assert run(stack, "workdays", "holiday-add", "2033-13-01", "x")["rc"] == REFUSED
    assert run(stack, "workdays", "holiday-add", "2033-06-06", "-")["rc"] == REFUSED
    assert holidays(stack) == []
    assert run(stack, "workdays", "holiday-add", "2033-06-06", "Whit Monday")["rc"] == 0
    out = run(stack, "workdays", "add", "2033-06-03", "1")  # Friday + 1: the Monday is a holiday
    assert (out["day"], out["working"]) == ("2033-06-07", "1")
    assert run(stack, "workdays", "add", "2033-06-06", "0")["working"] == "0"
    assert run(stack, "workdays", "week", "1111110")["rc"] == 0
    assert run(stack, "workdays", "add", "2033-06-03", "1")["day"] == "2033-06-04"  # Saturday works
    assert run(stack, "workdays", "holiday-remove", "2033-06-06")["rc"] == 0
    assert run(stack, "workdays", "holiday-remove", "2033-06-06")["rc"] == NOT_FOUND


# ------------------------------------------------------------------ shift dependants

def dates(stack, *ids):
    return stack.sql(f"SELECT start_date, due_date FROM tasks WHERE id IN ({', '.join(map(str, ids))})"
                     " ORDER BY FIELD(id, " + ", ".join(map(str, ids)) + ")")


def test_shift_over_a_weekend_keeps_working_days(stack, pmc):
    pid = new_project(pmc, stack, start="2033-03-01", due="2033-06-30")
    a = task(pmc, stack, pid, title=unique("Predecessor"), start_date="2033-03-07", due_date="2033-03-10")
    # three working days, Monday to Wednesday, though it depends on A (ends Thursday)
    b = task(pmc, stack, pid, start_date="2033-03-07", due_date="2033-03-09", depends_on=[a])
    c = task(pmc, stack, pid, start_date="2033-03-10", due_date="2033-03-10", depends_on=[b])
    assert pmc.post(f"/tasks/{a}/shift").status == 303
    # B: Friday, Monday, Tuesday - not Friday to Sunday; C the Wednesday after
    assert dates(stack, b, c) == [("2033-03-11", "2033-03-15"), ("2033-03-16", "2033-03-16")]
    assert stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}"
                            " AND (WEEKDAY(start_date) > 4 OR WEEKDAY(due_date) > 4)") == "0"


def test_shift_over_a_holiday(stack, pmc, adminc):
    assert adminc.post("/settings/calendar/holidays", {"day": "2033-04-15", "name": "Good Friday"}).status == 303
    pid = new_project(pmc, stack, start="2033-04-01", due="2033-06-30")
    a = task(pmc, stack, pid, start_date="2033-04-11", due_date="2033-04-14")
    b = task(pmc, stack, pid, start_date="2033-04-12", due_date="2033-04-13", depends_on=[a])
    assert pmc.post(f"/tasks/{a}/shift").status == 303
    # not the holiday Friday, not the weekend: Monday and Tuesday, its two working days
    assert dates(stack, b) == [("2033-04-18", "2033-04-19")]
    # and on a six-day week the Saturday is a working day
    assert post_week(adminc, WEEK_DAYS[:6]).status == 303
    d = task(pmc, stack, pid, start_date="2033-04-11", due_date="2033-04-12", depends_on=[a])
    assert pmc.post(f"/tasks/{a}/shift").status == 303
    assert dates(stack, d) == [("2033-04-16", "2033-04-18")]


def test_shift_leaves_tasks_that_start_after_their_predecessor(stack, pmc):
    pid = new_project(pmc, stack, start="2033-03-01", due="2033-06-30")
    a = task(pmc, stack, pid, start_date="2033-03-07", due_date="2033-03-10")
    b = task(pmc, stack, pid, start_date="2033-03-14", due_date="2033-03-15", depends_on=[a])
    r = pmc.post(f"/tasks/{a}/shift")
    assert r.status == 303
    assert dates(stack, b) == [("2033-03-14", "2033-03-15")]
    assert pmc.get(r.header("location"), headers=XML).xml().xpath("string(/page/flash)") == "Nothing changed."
