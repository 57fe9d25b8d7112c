"""Issue 11: time entries, the weekly grid, timers, rates, expenses and capacity as domain
functions (src/domain/time.c, src/domain/budget.c), called without a page.

tests/domain/d_time and d_budget run one scenario in a transaction (committed on 0, rolled back
otherwise) and print key=value lines ending with rc=N; these tests check the rows, the rollups,
the activity lines and the events with SQL. Each test makes its own person and project, so the
weeks it writes are its own."""
import datetime
import subprocess

import pytest

from conftest import unique
from domain_util import DRIVERS, count, last_event, new_client, run, staff_id

REFUSED, NOT_FOUND = 1, 2
MONDAY = datetime.date.fromisocalendar(2029, 10, 1)
LOCKED = "This week is submitted for approval and locked"


def day(i, monday=MONDAY):
    return (monday + datetime.timedelta(days=i)).isoformat()


def new_person(stack):
    """A member of staff of the test's own (EUR, no rate yet)."""
    email = unique("domain-time") + "@demo.test"
    stack.sql("INSERT INTO users (email, name, role, created_at, updated_at)"
              f" VALUES ('{email}', 'Dom Timer', 'member', NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))


def new_project(stack):
    """A project with a budget of 10 hours and 1500.00 EUR (d_project create)."""
    cid = new_client(stack)
    return int(run(stack, "project", "create", cid, unique("Time domain "), "-", "tandem")["id"])


def entry(stack, uid, pid, date, minutes, billable=1, note="-", task=0):
    return run(stack, "time", "entry", uid, pid, task, date, minutes, billable, note, actor=uid)


def entries(stack, uid):
    return stack.sql("SELECT project_id, work_date, minutes, status FROM time_entries"
                     f" WHERE user_id = {uid} ORDER BY work_date, id")


def rollup_week(stack, pid, monday=MONDAY):
    """(minutes, billable, c_minutes, amount, cost) of the project's week rollup."""
    row = stack.sql("SELECT minutes, billable_minutes, c_minutes, amount, cost FROM time_rollup_week"
                    f" WHERE project_id = {pid} AND week_start = '{monday.isoformat()}'")
    return tuple(int(v) for v in row[0]) if row else None


def rollup_project(stack, pid):
    row = stack.sql("SELECT minutes, c_minutes, c_amount, expense_amount, alerted FROM time_rollup_project"
                    f" WHERE project_id = {pid}")
    return tuple(int(v) for v in row[0]) if row else None


def everything(stack, uid, pid):
    """What a refused write must leave as it was."""
    return (entries(stack, uid), rollup_week(stack, pid), rollup_project(stack, pid),
            stack.sql(f"SELECT status FROM time_weeks WHERE user_id = {uid}"),
            count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}"),
            count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}"),
            stack.sql(f"SELECT project_id FROM timers WHERE user_id = {uid}"))


def admin(stack):
    return staff_id(stack, "admin@demo.test")


# ------------------------------------------------------------------ entries

def test_entry_create_prices_it_and_updates_the_rollups(stack):
    uid, pid = new_person(stack), new_project(stack)
    assert run(stack, "budget", "rate", uid, 0, "2020-01-01", 10000, 4000, "EUR", actor=admin(stack))["rc"] == 0
    out = entry(stack, uid, pid, day(1), 90, note="design")
    assert out["rc"] == 0
    eid = int(out["id"])
    assert stack.sql("SELECT project_id, minutes, billable, note, status, bill_rate, amount, cost, unpriced"
                     f" FROM time_entries WHERE id = {eid}") == [
        (str(pid), "90", "1", "design", "open", "10000", "15000", "6000", "0")]
    assert rollup_week(stack, pid) == (90, 90, 0, 15000, 6000)
    assert rollup_project(stack, pid)[:2] == (90, 0)   # open time is logged, not spent
    # the person and the project are found from the entry alone
    assert run(stack, "time", "week", uid, eid)["week"] == MONDAY.isoformat()
    assert run(stack, "time", "week", uid + 1, eid)["rc"] == NOT_FOUND
    # no activity line and no event for open time under the budget
    assert count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}"
                 " AND type = 'project.budget_threshold'") == 0


def test_entry_on_a_submitted_week_is_refused_and_nothing_written(stack):
    uid, pid = new_person(stack), new_project(stack)
    assert entry(stack, uid, pid, day(0), 60)["rc"] == 0
    assert run(stack, "time", "submit", uid, day(0))["rc"] == 0
    assert stack.scalar(f"SELECT status FROM time_weeks WHERE user_id = {uid}") == "submitted"
    before = everything(stack, uid, pid)
    out = entry(stack, uid, pid, day(2), 30)
    assert out["rc"] == REFUSED and out["field"] == "work_date" and LOCKED in out["why"]
    assert everything(stack, uid, pid) == before
    # the grid and a second submission are refused the same way
    out = run(stack, "time", "grid", uid, day(0), f"{pid}:0:3:45")
    assert out["rc"] == REFUSED and LOCKED in out["why"]
    assert run(stack, "time", "submit", uid, day(0))["why"] == "This week is already submitted."
    assert everything(stack, uid, pid) == before


def test_approved_time_never_changes_and_new_time_reopens_the_approval(stack):
    uid, pid = new_person(stack), new_project(stack)
    eid = int(entry(stack, uid, pid, day(0), 60)["id"])
    assert run(stack, "time", "submit", uid, day(0))["rc"] == 0
    assert run(stack, "time", "decide", uid, day(0), 1, "-", 1, actor=admin(stack))["rc"] == 0
    assert stack.scalar(f"SELECT status FROM time_weeks WHERE user_id = {uid}") == "approved"
    assert rollup_week(stack, pid)[2] == 60   # approved time is spent
    before = everything(stack, uid, pid)
    out = run(stack, "time", "update", uid, eid, 30, 1, "-")
    assert out["rc"] == REFUSED and "can no longer be changed" in out["why"] and out["field"] == ""
    out = run(stack, "time", "delete", uid, eid)
    assert out["rc"] == REFUSED and "can no longer be deleted" in out["why"]
    assert out["week"] == MONDAY.isoformat()
    out = run(stack, "time", "grid", uid, day(0), f"{pid}:0:0:120,{pid}:0:1:30")
    assert out["rc"] == REFUSED and out["locked"] == "0" and "locked" in out["why"]
    assert everything(stack, uid, pid) == before
    # new time in an approved week arrives submitted, and the week waits for its approver again
    assert entry(stack, uid, pid, day(2), 45)["rc"] == 0
    assert entries(stack, uid)[-1][2:] == ("45", "submitted")
    assert stack.scalar(f"SELECT status FROM time_weeks WHERE user_id = {uid}") == "submitted"
    assert rollup_week(stack, pid)[2] == 105


def test_a_day_above_24_hours_is_refused_on_the_hours(stack):
    uid, pid = new_person(stack), new_project(stack)
    assert entry(stack, uid, pid, day(3), 1200)["rc"] == 0
    before = everything(stack, uid, pid)
    out = entry(stack, uid, pid, day(3), 241)
    assert out["rc"] == REFUSED and out["field"] == "hours" and "24 hours" in out["why"]
    assert everything(stack, uid, pid) == before
    assert entry(stack, uid, pid, day(3), 240)["rc"] == 0   # exactly 24 hours


def test_entry_update_and_delete_rewrite_the_rollups(stack):
    uid, pid = new_person(stack), new_project(stack)
    eid = int(entry(stack, uid, pid, day(4), 120)["id"])
    other = int(entry(stack, uid, pid, day(4), 600)["id"])
    assert run(stack, "time", "update", uid, eid, 90, 0, "less")["rc"] == 0
    assert stack.sql(f"SELECT minutes, billable, note FROM time_entries WHERE id = {eid}") == [
        ("90", "0", "less")]
    assert rollup_week(stack, pid)[:2] == (690, 600)
    # refused: the day would be too full; someone else's entry; an unknown one
    before = everything(stack, uid, pid)
    out = run(stack, "time", "update", uid, eid, 841, 1, "-")
    assert out["rc"] == REFUSED and out["field"] == "hours"
    assert run(stack, "time", "update", new_person(stack), eid, 30, 1, "-")["rc"] == NOT_FOUND
    assert run(stack, "time", "delete", uid, 987654321)["rc"] == NOT_FOUND
    assert everything(stack, uid, pid) == before
    out = run(stack, "time", "delete", uid, other)
    assert out["rc"] == 0 and out["week"] == MONDAY.isoformat()
    assert rollup_week(stack, pid)[:2] == (90, 0)
    assert rollup_project(stack, pid)[0] == 90


# ------------------------------------------------------------------ the weekly grid

def test_grid_saves_every_cell_in_one_go(stack):
    uid, pid = new_person(stack), new_project(stack)
    keep = int(entry(stack, uid, pid, day(0), 60, note="kept note")["id"])
    gone = int(entry(stack, uid, pid, day(1), 60)["id"])
    out = run(stack, "time", "grid", uid, day(0), f"{pid}:0:0:90,{pid}:0:1:0,{pid}:0:2:30,{pid}:0:4:0")
    assert out["rc"] == 0 and out["locked"] == ""
    assert stack.sql(f"SELECT minutes, note FROM time_entries WHERE id = {keep}") == [("90", "kept note")]
    assert count(stack, f"SELECT COUNT(*) FROM time_entries WHERE id = {gone}") == 0
    assert [e[1:3] for e in entries(stack, uid)] == [(day(0), "90"), (day(2), "30")]
    assert rollup_week(stack, pid)[0] == 120


def test_grid_is_all_or_nothing(stack):
    uid, pid = new_person(stack), new_project(stack)
    assert entry(stack, uid, pid, day(5), 1000)["rc"] == 0
    before = everything(stack, uid, pid)
    # a good cell, then one that takes Saturday above 24 hours: neither is written
    pid2 = new_project(stack)
    out = run(stack, "time", "grid", uid, day(0), f"{pid2}:0:0:60,{pid2}:0:5:500")
    assert out["rc"] == REFUSED and "24 hours" in out["why"] and out["locked"] == ""
    assert everything(stack, uid, pid) == before
    assert rollup_week(stack, pid2) is None


# ------------------------------------------------------------------ timers

def today():
    return datetime.datetime.now(datetime.timezone.utc).date()


def test_timer_start_stop_round_trip(stack):
    uid, pid = new_person(stack), new_project(stack)
    assert run(stack, "time", "timer-start", uid, pid, 0, "call")["rc"] == 0
    assert stack.sql(f"SELECT project_id, note FROM timers WHERE user_id = {uid}") == [(str(pid), "call")]
    stack.sql(f"UPDATE timers SET started_at = UTC_TIMESTAMP() - INTERVAL 90 MINUTE WHERE user_id = {uid}")
    out = run(stack, "time", "timer-stop", uid)
    assert out["rc"] == 0 and out["recorded"] == "1"
    assert count(stack, f"SELECT COUNT(*) FROM timers WHERE user_id = {uid}") == 0
    rows = stack.sql(f"SELECT project_id, minutes, billable, note, status FROM time_entries WHERE user_id = {uid}")
    assert rows == [(str(pid), "90", "1", "call", "open")]
    week = stack.scalar(f"SELECT week_start FROM time_entries WHERE user_id = {uid}")
    assert int(stack.scalar(f"SELECT minutes FROM time_rollup_week WHERE project_id = {pid}"
                            f" AND week_start = '{week}'")) == 90
    # nothing runs any more
    before = everything(stack, uid, pid)
    assert run(stack, "time", "timer-stop", uid)["rc"] == NOT_FOUND
    assert run(stack, "time", "timer-discard", uid)["rc"] == NOT_FOUND
    assert everything(stack, uid, pid) == before


def test_timer_under_half_a_minute_records_nothing_and_a_restart_records_the_first(stack):
    uid, pid = new_person(stack), new_project(stack)
    assert run(stack, "time", "timer-start", uid, pid, 0, "-")["rc"] == 0
    out = run(stack, "time", "timer-stop", uid)
    assert out["rc"] == 0 and out["recorded"] == "0"
    assert entries(stack, uid) == []
    assert run(stack, "time", "timer-start", uid, pid, 0, "first")["rc"] == 0
    stack.sql(f"UPDATE timers SET started_at = UTC_TIMESTAMP() - INTERVAL 30 MINUTE WHERE user_id = {uid}")
    pid2 = new_project(stack)
    assert run(stack, "time", "timer-start", uid, pid2, 0, "second")["rc"] == 0
    assert stack.sql(f"SELECT project_id, minutes, note FROM time_entries WHERE user_id = {uid}") == [
        (str(pid), "30", "first")]
    assert stack.scalar(f"SELECT project_id FROM timers WHERE user_id = {uid}") == str(pid2)
    assert run(stack, "time", "timer-discard", uid)["rc"] == 0
    assert count(stack, f"SELECT COUNT(*) FROM timers WHERE user_id = {uid}") == 0
    assert len(entries(stack, uid)) == 1


@pytest.mark.parametrize("approve", [0, 1])
def test_timer_on_a_locked_week_is_refused(stack, approve):
    uid, pid = new_person(stack), new_project(stack)
    now = today()
    assert entry(stack, uid, pid, now.isoformat(), 30)["rc"] == 0
    assert run(stack, "time", "submit", uid, now.isoformat())["rc"] == 0
    if approve:
        assert run(stack, "time", "decide", uid, now.isoformat(), 1, "-", 1, actor=admin(stack))["rc"] == 0
    before = everything(stack, uid, pid)
    out = run(stack, "time", "timer-start", uid, pid, 0, "-")
    assert out["rc"] == REFUSED
    assert ("approved and locked" if approve else "submitted for approval and locked") in out["why"]
    assert everything(stack, uid, pid) == before


def test_a_running_timer_whose_week_was_submitted_can_only_be_discarded(stack):
    uid, pid = new_person(stack), new_project(stack)
    now = today()
    assert run(stack, "time", "timer-start", uid, pid, 0, "-")["rc"] == 0
    stack.sql(f"UPDATE timers SET started_at = UTC_TIMESTAMP() - INTERVAL 20 MINUTE WHERE user_id = {uid}")
    start_day = stack.scalar(f"SELECT DATE(started_at) FROM timers WHERE user_id = {uid}")
    assert entry(stack, uid, pid, start_day, 30)["rc"] == 0
    assert run(stack, "time", "submit", uid, start_day)["rc"] == 0
    before = everything(stack, uid, pid)
    out = run(stack, "time", "timer-stop", uid)
    assert out["rc"] == REFUSED and "cannot be recorded" in out["why"]
    assert everything(stack, uid, pid) == before
    assert start_day <= now.isoformat()
    assert run(stack, "time", "timer-discard", uid)["rc"] == 0
    assert count(stack, f"SELECT COUNT(*) FROM timers WHERE user_id = {uid}") == 0
    assert len(entries(stack, uid)) == 1


# ------------------------------------------------------------------ budget thresholds

def thresholds(stack, pid):
    return stack.sql("SELECT JSON_VALUE(payload, '$.data.budget'), JSON_VALUE(payload, '$.data.threshold')"
                     f" FROM outbox WHERE project_id = {pid} AND type = 'project.budget_threshold'"
                     " ORDER BY id")


def test_submitted_hours_cross_the_hours_threshold_once(stack):
    uid, pid = new_person(stack), new_project(stack)
    assert entry(stack, uid, pid, day(0), 480)["rc"] == 0
    assert thresholds(stack, pid) == []   # open time is not spent yet
    assert run(stack, "time", "submit", uid, day(0))["rc"] == 0
    assert thresholds(stack, pid) == [("hours", "80")]
    ev = last_event(stack, "project.budget_threshold", pid)
    assert (ev["data"]["spent"], ev["data"]["limit"]) == (480, 600)
    assert stack.sql(f"SELECT kind, note, client_visible FROM activity WHERE project_id = {pid}"
                     " AND kind = 'budget'") == [("budget", "80% of the hours budget", "0")]
    assert rollup_project(stack, pid)[1] == 480 and rollup_project(stack, pid)[4] & 1


def test_expenses_cross_the_money_thresholds_once_each(stack):
    pid = new_project(stack)
    pm = staff_id(stack)
    assert run(stack, "budget", "expense", pid, day(1), 100000, "travel", 1, "train", actor=pm)["rc"] == 0
    assert stack.sql(f"SELECT user_id, spent_on, week_start, amount, category, billable, note FROM expenses"
                     f" WHERE project_id = {pid}") == [
        (str(pm), day(1), MONDAY.isoformat(), "100000", "travel", "1", "train")]
    assert rollup_project(stack, pid)[3] == 100000
    assert thresholds(stack, pid) == []
    # a non-billable expense does not count against the budget
    assert run(stack, "budget", "expense", pid, day(1), 90000, "software", 0, "-", actor=pm)["rc"] == 0
    assert thresholds(stack, pid) == []
    assert run(stack, "budget", "expense", pid, day(8), 20000, "hardware", 1, "-", actor=pm)["rc"] == 0
    assert thresholds(stack, pid) == [("money", "80")]
    ev = last_event(stack, "project.budget_threshold", pid)
    assert (ev["data"]["spent"], ev["data"]["limit"], ev["data"]["currency"]) == (120000, 150000, "EUR")
    assert run(stack, "budget", "expense", pid, day(9), 30000, "other", 1, "-", actor=pm)["rc"] == 0
    assert run(stack, "budget", "expense", pid, day(9), 100, "other", 1, "-", actor=pm)["rc"] == 0
    assert thresholds(stack, pid) == [("money", "80"), ("money", "100")]
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid} AND kind = 'budget'") == 2


def test_an_expense_that_cannot_be_recorded_writes_nothing(stack):
    pid = new_project(stack)
    before = count(stack, "SELECT COUNT(*) FROM expenses")
    events = count(stack, "SELECT COUNT(*) FROM outbox")
    assert run(stack, "budget", "expense", pid, "2029-02-30", 100, "travel", 1, "-")["rc"] == -1
    assert run(stack, "budget", "expense", 987654321, day(0), 200000, "travel", 1, "-")["rc"] == -1
    assert count(stack, "SELECT COUNT(*) FROM expenses") == before
    assert count(stack, "SELECT COUNT(*) FROM outbox") == events
    assert rollup_project(stack, pid) is None


# ------------------------------------------------------------------ rates and capacity

def test_rates_price_new_entries_in_the_projects_currency(stack):
    uid, pid = new_person(stack), new_project(stack)
    adm = admin(stack)
    assert run(stack, "budget", "rate", uid, 0, "2020-01-01", 8000, 3000, "EUR", actor=adm)["rc"] == 0
    assert stack.scalar(f"SELECT hourly_rate FROM users WHERE id = {uid}") == "8000"
    assert run(stack, "budget", "rate", uid, pid, "2029-01-01", 12000, 5000, "EUR", actor=adm)["rc"] == 0
    assert stack.sql(f"SELECT project_id, bill_rate, cost_rate, currency, created_by FROM rates"
                     f" WHERE user_id = {uid} ORDER BY id") == [
        ("NULL", "8000", "3000", "EUR", str(adm)), (str(pid), "12000", "5000", "EUR", str(adm))]
    # a project's rate leaves the person's own rate alone
    assert stack.scalar(f"SELECT hourly_rate FROM users WHERE id = {uid}") == "8000"
    assert entry(stack, uid, pid, day(0), 30)["rc"] == 0
    assert entry(stack, uid, new_project(stack), day(0), 30)["rc"] == 0
    assert [r[0] for r in stack.sql(f"SELECT amount FROM time_entries WHERE user_id = {uid} ORDER BY id")] == [
        "6000", "4000"]
    # a rate in another currency prices nothing here: the entry is unpriced
    other = new_person(stack)
    stack.sql(f"UPDATE users SET currency = 'USD' WHERE id = {other}")
    assert run(stack, "budget", "rate", other, 0, "2020-01-01", 9000, 0, "USD", actor=adm)["rc"] == 0
    assert stack.scalar(f"SELECT hourly_rate FROM users WHERE id = {other}") == "9000"
    assert entry(stack, other, pid, day(0), 60)["rc"] == 0
    assert stack.sql(f"SELECT amount, unpriced FROM time_entries WHERE user_id = {other}") == [("0", "1")]


def test_a_rate_for_nobody_writes_nothing(stack):
    before = count(stack, "SELECT COUNT(*) FROM rates")
    assert run(stack, "budget", "rate", 987654321, 0, "2020-01-01", 100, 0, "EUR")["rc"] == -1
    assert count(stack, "SELECT COUNT(*) FROM rates") == before


def test_capacity_is_set_for_staff_only(stack):
    uid = new_person(stack)
    assert run(stack, "budget", "capacity", uid, 1800)["rc"] == 0
    assert stack.scalar(f"SELECT weekly_capacity_minutes FROM users WHERE id = {uid}") == "1800"
    assert run(stack, "budget", "capacity", uid, 1800)["rc"] == 0   # the same again
    assert run(stack, "budget", "capacity", 987654321, 600)["rc"] == 1
    cid = new_client(stack, with_contact=True)
    contact = int(stack.scalar(f"SELECT id FROM users WHERE client_id = {cid}"))
    assert run(stack, "budget", "capacity", contact, 600)["rc"] == 1
    assert stack.scalar(f"SELECT weekly_capacity_minutes FROM users WHERE id = {contact}") != "600"


# ------------------------------------------------------------------ layering

@pytest.mark.parametrize("module", ["time", "budget"])
def test_the_drivers_link_without_web_or_pages(module):
    syms = subprocess.run(["nm", str(DRIVERS / f"d_{module}")], capture_output=True, text=True,
                          check=True).stdout
    for s in (" route_dispatch", " render_page", " xml_page", " page_one_row", " sess_load", " valid_form"):
        assert s not in syms, s
