"""Rates with history, money to the cent, budget rollups and burn, thresholds, expenses,
the time reports and the streamed CSV exports.

Rounding rule: each entry's value is minutes × hourly rate / 60 rounded half-up to the
minor unit; every total is a sum of those rounded values, so the report, the CSV and
the XML agree to the cent. Budgets count submitted and approved time plus billable
expenses, read from rollups that each write keeps current."""
import csv
import io
import json

import pytest

from conftest import unique
from time_helpers import (  # noqa: F401 (fixtures)
    MEMBER_ID, day, fresh_week, log, project_with)

YEAR = 2033


def rate(adminc, uid, frm, bill, cost="0.00", pid=None, **kw):
    d = {"user_id": str(uid), "effective_from": frm, "bill_rate": bill, "cost_rate": cost}
    if pid:
        d["project_id"] = str(pid)
    return adminc.post("/settings/rates", d, **kw)


def priced_project(stack, pmc, adminc, bill="100.00", cost="40.00", **kw):
    pid = project_with(stack, pmc, MEMBER_ID, **kw)
    assert rate(adminc, MEMBER_ID, "2000-01-01", bill, cost, pid=pid).status == 303
    return pid


def csv_rows(resp):
    return list(csv.DictReader(io.StringIO(resp.body.decode("utf-8"), newline="")))


# --- rates ---------------------------------------------------------------------------------

def test_entry_is_priced_at_the_rate_in_force_on_its_date(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc, bill="100.00")
    assert rate(adminc, MEMBER_ID, "2033-06-01", "150.00", pid=pid).status == 303
    log(memberc, pid, "2033-05-31", "1")
    log(memberc, pid, "2033-06-01", "1")
    rows = stack.sql(f"SELECT work_date, bill_rate, amount FROM time_entries WHERE project_id = {pid} ORDER BY work_date")
    assert rows == [("2033-05-31", "10000", "10000"), ("2033-06-01", "15000", "15000")]


def test_project_rate_overrides_the_users_own(stack, pmc, adminc, memberc):
    pid = project_with(stack, pmc, MEMBER_ID)
    other = priced_project(stack, pmc, adminc, bill="77.00")
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1")
    log(memberc, other, day(mon, 0), "1")
    own = stack.scalar(f"SELECT hourly_rate FROM users WHERE id = {MEMBER_ID}")
    assert stack.scalar(f"SELECT bill_rate FROM time_entries WHERE project_id = {pid}") == own
    assert stack.scalar(f"SELECT bill_rate FROM time_entries WHERE project_id = {other}") == "7700"


def new_user(adminc, stack, rate_="50.00"):
    email = unique("rate") + "@demo.test"
    r = adminc.post("/settings/users", {"name": "Rate Person", "email": email, "role": "member",
                                        "hourly_rate": rate_, "password": "tandem-demo"})
    assert r.status == 303, r
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))


def test_users_hourly_rate_follows_the_rate_in_force_today(stack, adminc):
    uid = new_user(adminc, stack)
    assert rate(adminc, uid, "2020-01-01", "60.00").status == 303
    assert stack.scalar(f"SELECT hourly_rate FROM users WHERE id = {uid}") == "6000"


def test_future_rate_does_not_change_todays_rate(stack, adminc):
    uid = new_user(adminc, stack)
    assert rate(adminc, uid, "2099-01-01", "99.00").status == 303
    assert stack.scalar(f"SELECT hourly_rate FROM users WHERE id = {uid}") == "5000"


def test_rate_for_a_client_contact_is_422(stack, adminc):
    before = stack.scalar("SELECT COUNT(*) FROM rates")
    assert rate(adminc, 7, "2033-01-01", "10.00").status == 422
    assert stack.scalar("SELECT COUNT(*) FROM rates") == before


@pytest.mark.parametrize("bad", ["abc", "-5", "1.234", ""])
def test_bad_rate_is_422(stack, adminc, bad):
    before = stack.scalar("SELECT COUNT(*) FROM rates")
    assert rate(adminc, MEMBER_ID, "2033-01-01", bad).status == 422
    assert stack.scalar("SELECT COUNT(*) FROM rates") == before


def test_rate_for_an_unknown_project_is_422(stack, adminc):
    assert rate(adminc, MEMBER_ID, "2033-01-01", "10.00", pid=999999).status == 422


def test_only_admins_set_rates(stack, pmc):
    assert rate(pmc, MEMBER_ID, "2033-01-01", "10.00").status == 403
    assert pmc.get("/settings/rates").status == 403


def test_rates_page_lists_the_history(stack, adminc):
    doc = adminc.get_xml("/settings/rates").xml()
    assert doc.xpath("/page/rates/rate[@effective-from][@bill-rate]")


# --- money to the cent -------------------------------------------------------------------------

def test_uneven_money_agrees_in_report_csv_and_budget(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc, bill="100.00", cost="33.33")
    week, mon = fresh_week(YEAR)
    for i, h in enumerate(["7m", "13m", "1m", "0:59", "0.01"]):
        assert log(memberc, pid, day(mon, i), h).status == 303
    # 7 → 1166.67 → 1167; 13 → 2166.67 → 2167; 1 → 166.67 → 167; 59 → 9833.33 → 9833; 1 → 167
    want = 1167 + 2167 + 167 + 9833 + 167
    memberc.post("/time/submit", {"week": week})
    rep = pmc.get_xml(f"/projects/{pid}/time").xml()
    assert int(rep.xpath("string(/page/total/@amount)")) == want
    assert sum(int(x) for x in rep.xpath("/page/by-person/group/@amount")) == want
    assert sum(int(x) for x in rep.xpath("/page/by-week/group/@amount")) == want
    rows = csv_rows(pmc.get(f"/projects/{pid}/time.csv"))
    cents = sum(int(r["amount"].replace(".", "")) for r in rows)
    assert cents == want
    bud = pmc.get_xml(f"/projects/{pid}/budget").xml()
    assert int(bud.xpath("string(/page/project/@spent-amount)")) == want
    assert "€135.01" in pmc.get(f"/projects/{pid}/time").text


def test_non_billable_time_has_no_value(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "2", billable=False)
    assert stack.scalar(f"SELECT amount FROM time_entries WHERE project_id = {pid}") == "0"
    assert stack.scalar(f"SELECT cost FROM time_entries WHERE project_id = {pid}") == "8000"


# --- rollups and the budget -----------------------------------------------------------------------

def rollup_matches_entries(stack, pid):
    got = stack.sql(f"SELECT minutes, c_minutes, c_amount, expense_amount FROM time_rollup_project WHERE project_id = {pid}")
    want = stack.sql(
        f"SELECT COALESCE(SUM(minutes), 0), COALESCE(SUM(IF(status <> 'open', minutes, 0)), 0),"
        f" COALESCE(SUM(IF(status <> 'open', amount, 0)), 0),"
        f" (SELECT COALESCE(SUM(amount), 0) FROM expenses WHERE project_id = {pid} AND billable = 1)"
        f" FROM time_entries WHERE project_id = {pid}")
    assert got == want
    users = stack.sql(f"SELECT user_id, minutes, amount FROM time_rollup_user WHERE project_id = {pid} AND minutes > 0 ORDER BY user_id")
    assert users == stack.sql(f"SELECT user_id, SUM(minutes), SUM(amount) FROM time_entries WHERE project_id = {pid}"
                              f" GROUP BY user_id ORDER BY user_id")
    tasks = stack.sql(f"SELECT task_id, minutes, cost FROM time_rollup_task WHERE project_id = {pid} AND minutes > 0 ORDER BY task_id")
    assert tasks == stack.sql(f"SELECT COALESCE(task_id, 0) t, SUM(minutes), SUM(cost) FROM time_entries"
                              f" WHERE project_id = {pid} GROUP BY t ORDER BY t")


def test_open_time_does_not_burn_the_budget_until_submitted(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "2")
    bud = pmc.get_xml(f"/projects/{pid}/budget").xml()
    assert bud.xpath("string(/page/project/@spent-minutes)") == "0"
    memberc.post("/time/submit", {"week": week})
    bud = pmc.get_xml(f"/projects/{pid}/budget").xml()
    assert bud.xpath("string(/page/project/@spent-minutes)") == "120"
    assert bud.xpath("string(/page/project/@spent-amount)") == "20000"
    rollup_matches_entries(stack, pid)


def test_rollups_follow_every_write(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    week, mon = fresh_week(YEAR)
    memberc.post("/time/grid", {"week": week, f"m-{pid}-0-0": "1", f"m-{pid}-0-1": "2:30"})
    rollup_matches_entries(stack, pid)
    memberc.post("/time/grid", {"week": week, f"m-{pid}-0-0": "", f"m-{pid}-0-1": "3"})
    rollup_matches_entries(stack, pid)
    memberc.post("/time/submit", {"week": week})
    rollup_matches_entries(stack, pid)
    pmc.post("/time/approvals", {"user_id": str(MEMBER_ID), "week": week, "decision": "reject", "note": "no"})
    rollup_matches_entries(stack, pid)
    pmc.post(f"/projects/{pid}/expenses", {"spent_on": day(mon, 2), "amount": "12.34", "category": "travel", "billable": "1"})
    rollup_matches_entries(stack, pid)
    weeks = stack.sql(f"SELECT SUM(minutes), SUM(c_amount), SUM(expense_amount) FROM time_rollup_week WHERE project_id = {pid}")
    tot = stack.sql(f"SELECT minutes, c_amount, expense_amount FROM time_rollup_project WHERE project_id = {pid}")
    assert weeks == tot


def threshold_rows(stack, pid):
    acts = [r[0] for r in stack.sql(f"SELECT to_value FROM activity WHERE project_id = {pid} AND kind = 'budget' ORDER BY id")]
    evs = [json.loads(r[0])["data"] for r in stack.sql(
        f"SELECT payload FROM outbox WHERE project_id = {pid} AND type = 'project.budget_threshold' ORDER BY id")]
    return acts, evs


def test_crossing_80_and_100_percent_is_recorded_once_each(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc, bill="10.00", budget_hours="10", budget_amount="1000.00")
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "8")
    memberc.post("/time/submit", {"week": week})
    acts, evs = threshold_rows(stack, pid)
    assert acts == ["80% of the hours budget"]
    assert evs[0]["budget"] == "hours" and evs[0]["threshold"] == 80
    week2, mon2 = fresh_week(YEAR)
    log(memberc, pid, day(mon2, 0), "1")
    memberc.post("/time/submit", {"week": week2})
    assert len(threshold_rows(stack, pid)[0]) == 1          # still between 80 and 100
    week3, mon3 = fresh_week(YEAR)
    log(memberc, pid, day(mon3, 0), "2")
    memberc.post("/time/submit", {"week": week3})
    acts, evs = threshold_rows(stack, pid)
    assert acts == ["80% of the hours budget", "100% of the hours budget"]


def test_money_threshold_counts_billable_expenses(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc, budget_hours="0", budget_amount="100.00")
    r = pmc.post(f"/projects/{pid}/expenses", {"spent_on": "2033-03-01", "amount": "85.00",
                                               "category": "software", "billable": "1"})
    assert r.status == 303
    acts, evs = threshold_rows(stack, pid)
    assert acts == ["80% of the money budget"]
    assert evs[0]["spent"] == 8500 and evs[0]["limit"] == 10000


def test_budget_page_has_a_burn_chart(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "2")
    memberc.post("/time/submit", {"week": week})
    r = pmc.get(f"/projects/{pid}/budget")
    assert r.status == 200
    svg = r.html().xpath("//svg[contains(@class, 'burn-chart')]")
    assert svg and svg[0].xpath(".//polyline/@points")
    doc = pmc.get_xml(f"/projects/{pid}/budget").xml()
    assert doc.xpath("/page/forecast/@amount") and doc.xpath("/page/burn/@points")


def test_budget_of_an_unknown_project_is_404(stack, pmc):
    assert pmc.get("/projects/999999/budget").status == 404


# --- expenses -----------------------------------------------------------------------------------

def test_expense_is_recorded_with_its_fields(stack, pmc, adminc):
    pid = priced_project(stack, pmc, adminc)
    r = pmc.post(f"/projects/{pid}/expenses", {"spent_on": "2033-02-03", "amount": "49.90", "category": "travel",
                                               "note": "Train", "receipt_file": "ticket.pdf"})
    assert r.status == 303
    assert stack.sql(f"SELECT spent_on, amount, category, billable, note, receipt_file FROM expenses WHERE project_id = {pid}") == \
        [("2033-02-03", "4990", "travel", "0", "Train", "ticket.pdf")]


def test_non_billable_expense_does_not_burn_the_budget(stack, pmc, adminc):
    pid = priced_project(stack, pmc, adminc)
    pmc.post(f"/projects/{pid}/expenses", {"spent_on": "2033-02-03", "amount": "49.90", "category": "travel"})
    assert stack.scalar(f"SELECT expense_amount FROM time_rollup_project WHERE project_id = {pid}") == "0"


@pytest.mark.parametrize("field,value", [("amount", "0"), ("amount", "abc"), ("category", "yacht"),
                                         ("spent_on", "2033-13-01"), ("amount", "")])
def test_bad_expense_is_422(stack, pmc, adminc, field, value):
    pid = priced_project(stack, pmc, adminc)
    d = {"spent_on": "2033-02-03", "amount": "10.00", "category": "travel"}
    d[field] = value
    assert pmc.post(f"/projects/{pid}/expenses", d).status == 422
    assert stack.scalar(f"SELECT COUNT(*) FROM expenses WHERE project_id = {pid}") == "0"


def test_expense_on_a_project_the_member_is_not_on_is_404(stack, pmc, memberc):
    foreign = project_with(stack, pmc)
    r = memberc.post(f"/projects/{foreign}/expenses", {"spent_on": "2033-02-03", "amount": "10.00", "category": "travel"})
    assert r.status == 404


# --- reports --------------------------------------------------------------------------------------

def test_project_report_groups_by_person_task_and_week(stack, pmc, adminc, memberc):
    from time_helpers import task
    pid = priced_project(stack, pmc, adminc)
    tid = task(pmc, stack, pid)
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1", task_id=tid)
    log(memberc, pid, day(mon, 1), "2", billable=False)
    log(pmc, pid, day(mon, 1), "0:30")
    doc = pmc.get_xml(f"/projects/{pid}/time").xml()
    assert doc.xpath("string(/page/total/@minutes)") == "210"
    assert doc.xpath("string(/page/total/@billable-minutes)") == "90"
    assert doc.xpath("string(/page/total/@non-billable-minutes)") == "120"
    assert doc.xpath("string(/page/by-person/group[@id=$u]/@minutes)", u=str(MEMBER_ID)) == "180"
    assert doc.xpath("string(/page/by-task/group[@id=$t]/@minutes)", t=str(tid)) == "60"
    assert doc.xpath("string(/page/by-task/group[@id='0']/@minutes)") == "150"
    assert doc.xpath("string(/page/by-week/group[@id=$w]/@minutes)", w=mon.isoformat()) == "210"


def test_project_report_filters_by_date_range(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "1")
    log(memberc, pid, day(mon, 3), "2")
    doc = pmc.get_xml(f"/projects/{pid}/time?from={day(mon, 1)}&to={day(mon, 6)}").xml()
    assert doc.xpath("string(/page/total/@minutes)") == "120"
    rows = csv_rows(pmc.get(f"/projects/{pid}/time.csv?from={day(mon, 1)}&to={day(mon, 6)}"))
    assert [r["minutes"] for r in rows] == ["120"]


def test_member_cannot_see_the_project_report(stack, memberc):
    assert memberc.get("/projects/1/time").status == 403
    assert memberc.get("/projects/1/time.csv").status == 403


def test_report_of_an_unknown_project_is_404(stack, pmc):
    assert pmc.get("/projects/999999/time").status == 404
    assert pmc.get("/projects/999999/time.csv").status == 404


def test_utilization_against_weekly_capacity(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    week, mon = fresh_week(YEAR)
    log(memberc, pid, day(mon, 0), "10")
    log(memberc, pid, day(mon, 1), "10", billable=False)
    doc = pmc.get_xml(f"/reports/utilization?from={day(mon, 0)}&to={day(mon, 6)}").xml()
    p = doc.xpath("/page/people/person[@id=$u]", u=str(MEMBER_ID))[0]
    assert p.get("minutes") == "1200" and p.get("capacity") == "2400"
    assert p.get("utilization") == "50" and p.get("billable-share") == "50"
    rows = csv_rows(pmc.get(f"/reports/utilization.csv?from={day(mon, 0)}&to={day(mon, 6)}"))
    assert [r for r in rows if r["user_id"] == str(MEMBER_ID)][0]["minutes"] == "1200"


def test_member_cannot_see_utilization(stack, memberc):
    assert memberc.get("/reports/utilization").status == 403


# --- CSV ----------------------------------------------------------------------------------------------

def test_csv_is_an_attachment_in_utf8(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    log(memberc, pid, "2033-04-04", "1", note="Café Zürich")
    r = pmc.get(f"/projects/{pid}/time.csv")
    assert r.status == 200
    assert r.header("content-type").startswith("text/csv")
    assert r.header("content-disposition").startswith("attachment;")
    assert csv_rows(r)[0]["note"] == "Café Zürich"


def test_csv_quotes_commas_and_quotes(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    log(memberc, pid, "2033-04-04", "1", note='Workshop, "kick-off"')
    r = pmc.get(f"/projects/{pid}/time.csv")
    assert b'"Workshop, ""kick-off"""' in r.body
    assert csv_rows(r)[0]["note"] == 'Workshop, "kick-off"'


@pytest.mark.parametrize("note", ["=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)"])
def test_csv_guards_against_formulas(stack, pmc, adminc, memberc, note):
    pid = priced_project(stack, pmc, adminc)
    log(memberc, pid, "2033-04-05", "1", note=note)
    assert csv_rows(pmc.get(f"/projects/{pid}/time.csv"))[0]["note"] == "'" + note


def test_csv_rows_end_with_crlf(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc)
    log(memberc, pid, "2033-04-06", "1")
    body = pmc.get(f"/projects/{pid}/time.csv").body
    assert body.startswith(b"id,date,person,task,minutes,billable,status,rate,amount,currency,note\r\n")
    assert body.endswith(b"\r\n") and body.count(b"\r\n") == 2


def test_report_over_weeks_with_partial_edges_matches_the_entries(stack, pmc, adminc, memberc):
    pid = priced_project(stack, pmc, adminc, bill="61.00")
    weeks = [fresh_week(YEAR)[1] for _ in range(3)]
    for mon in weeks:
        for i in range(7):
            log(memberc, pid, day(mon, i), f"{i + 1}m")
    frm, to = day(weeks[0], 3), day(weeks[2], 2)
    doc = pmc.get_xml(f"/projects/{pid}/time?from={frm}&to={to}").xml()
    want = stack.sql(f"SELECT SUM(minutes), SUM(amount) FROM time_entries WHERE project_id = {pid}"
                     f" AND work_date BETWEEN '{frm}' AND '{to}'")[0]
    assert (doc.xpath("string(/page/total/@minutes)"), doc.xpath("string(/page/total/@amount)")) == want
    assert str(sum(int(x) for x in doc.xpath("/page/by-task/group/@minutes"))) == want[0]
    assert str(sum(int(x) for x in doc.xpath("/page/by-week/group/@amount"))) == want[1]
    rows = csv_rows(pmc.get(f"/projects/{pid}/time.csv?from={frm}&to={to}"))
    assert str(sum(int(r["amount"].replace(".", "")) for r in rows)) == want[1]


# --- demo data ----------------------------------------------------------------------------------------

def test_every_projects_rollups_agree_with_its_entries(stack):
    got = stack.sql("SELECT project_id, minutes, c_minutes, c_amount, expense_amount FROM time_rollup_project"
                    " ORDER BY project_id")
    want = stack.sql(
        "SELECT r.project_id,"
        " (SELECT COALESCE(SUM(e.minutes), 0) FROM time_entries e WHERE e.project_id = r.project_id),"
        " (SELECT COALESCE(SUM(e.minutes), 0) FROM time_entries e WHERE e.project_id = r.project_id AND e.status <> 'open'),"
        " (SELECT COALESCE(SUM(e.amount), 0) FROM time_entries e WHERE e.project_id = r.project_id AND e.status <> 'open'),"
        " (SELECT COALESCE(SUM(x.amount), 0) FROM expenses x WHERE x.project_id = r.project_id AND x.billable = 1)"
        " FROM time_rollup_project r ORDER BY r.project_id")
    assert got == want
    missing = stack.scalar("SELECT COUNT(DISTINCT project_id) FROM time_entries"
                           " WHERE project_id NOT IN (SELECT project_id FROM time_rollup_project)")
    assert missing == "0"


def test_demo_has_budgets_under_near_and_over(stack):
    rows = stack.sql("SELECT p.id, 100 * r.c_minutes / p.budget_minutes, 100 * (r.c_amount + r.expense_amount) / p.budget_amount"
                     " FROM projects p JOIN time_rollup_project r ON r.project_id = p.id WHERE p.id <= 11")
    worst = [max(float(h), float(m)) for _, h, m in rows]
    assert any(w < 80 for w in worst) and any(80 <= w < 100 for w in worst) and any(w >= 100 for w in worst)


def test_demo_has_weeks_waiting_for_approval(stack, pmc):
    doc = pmc.get_xml("/time/approvals").xml()
    assert doc.xpath("/page/waiting") and doc.xpath("/page/flags/entry")


# --- weekly capacity ------------------------------------------------------------------------------------

def test_admin_sets_a_weekly_capacity(stack, adminc):
    uid = new_user(adminc, stack)
    assert adminc.post("/settings/capacity", {"user_id": str(uid), "hours": "32"}).status == 303
    assert stack.scalar(f"SELECT weekly_capacity_minutes FROM users WHERE id = {uid}") == "1920"


@pytest.mark.parametrize("hours", ["-1", "169", "lots", ""])
def test_bad_capacity_is_422(stack, adminc, hours):
    uid = new_user(adminc, stack)
    assert adminc.post("/settings/capacity", {"user_id": str(uid), "hours": hours}).status == 422
    assert stack.scalar(f"SELECT weekly_capacity_minutes FROM users WHERE id = {uid}") == "2400"


def test_capacity_of_a_client_contact_is_422(stack, adminc):
    assert adminc.post("/settings/capacity", {"user_id": "7", "hours": "40"}).status == 422


def test_only_admins_set_capacity(stack, pmc):
    assert pmc.post("/settings/capacity", {"user_id": "3", "hours": "40"}).status == 403


def test_forecast_extends_the_recent_burn_rate_to_the_due_date(stack, pmc, adminc):
    import datetime
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    due = monday + datetime.timedelta(days=8 * 7 + 2)
    pid = project_with(stack, pmc, start=(monday - datetime.timedelta(days=30)).isoformat(), due=due.isoformat())
    assert rate(adminc, 1, "2000-01-01", "100.00", pid=pid).status == 303
    assert log(adminc, pid, monday.isoformat(), "10").status == 303    # admin may log anywhere
    adminc.post("/time/submit", {"week": f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"})
    doc = pmc.get_xml(f"/projects/{pid}/budget").xml()
    spent = int(doc.xpath("string(/page/project/@spent-amount)"))
    assert spent == 100000
    weeks_left = ((due - monday).days + 6) // 7
    assert int(doc.xpath("string(/page/forecast/@amount)")) == spent + spent * weeks_left // 4
    assert int(doc.xpath("string(/page/forecast/@weekly)")) == spent // 4


def test_utilization_page_and_csv_default_to_the_same_four_weeks(stack, pmc):
    doc = pmc.get_xml("/reports/utilization").xml()
    page = {p.get("id"): p.get("minutes") for p in doc.xpath("/page/people/person")}
    rows = {r["user_id"]: r["minutes"] for r in csv_rows(pmc.get("/reports/utilization.csv"))}
    assert page == rows
