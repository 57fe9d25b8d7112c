"""Issue 10, the wrong figures and who sees money (items 1, 2, 3 and 18).

1. Progress comes from the work (estimates of done tasks over all estimates, or done
   tasks over all tasks), is one figure (PROJECT_PROGRESS) shown the same on the portal,
   the status report snapshot, the project page and report and the dashboard, and says
   what it measures.
2. A rate prices only projects in its currency: time on a project with no rate in its
   currency has no price and the budget/report pages say "No rate in USD".
3. Every hours figure says what it counts, and a total is the sum of its table.
18. Money (rates, costs, budgets in money) is for PMs and admins; a member sees hours,
   in the page and in its ?format=xml.
"""
import re
import subprocess
from pathlib import Path

from conftest import login_as, unique
from plan_helpers import add_member, milestone, task
from time_helpers import day, fresh_week, log

YEAR = 2041
PM_ID = 2
SARA_ID = 6          # sara@demo.test: rates in EUR and GBP, none in USD
SCHEMA = Path(__file__).resolve().parents[2] / "schema"
MONEY_ATTRS = ("amount", "cost", "bill-rate", "cost-rate", "hourly-rate", "budget-amount",
               "spent-amount", "time-amount", "time-cost", "expense-amount", "money-percent",
               "impact-amount", "old-budget-amount", "snap-budget-amount", "snap-spent-amount")


# ------------------------------------------------------------ helpers

def new_client_with_contact(stack, pmc):
    """A fresh client and an approve contact who can sign in (the demo password)."""
    r = pmc.post("/clients", {"name": unique("Figures client"), "cadence": "weekly"})
    assert r.status == 303, r
    cid = int(r.header("location").rsplit("/", 1)[1])
    email = unique("fig") + "@figures.test"
    r = pmc.post(f"/clients/{cid}/contacts", {"name": unique("Contact"), "email": email, "access": "approve"})
    assert r.status == 303, r
    pw = stack.scalar("SELECT password_hash FROM users WHERE id = 7")
    stack.sql(f"UPDATE users SET password_hash = '{pw}' WHERE email = '{email}'")
    return cid, email


def new_client(pmc):
    r = pmc.post("/clients", {"name": unique("Figures client"), "cadence": "weekly"})
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def new_project(pmc, cid, currency="EUR", health="red"):
    if cid is None:
        cid = new_client(pmc)
    r = pmc.post("/projects", {"client_id": str(cid), "name": unique("Figures project"), "pm_id": str(PM_ID),
                               "start_date": "2026-01-05", "due_date": "2026-12-31", "budget_hours": "100",
                               "budget_amount": "10000.00", "currency": currency})
    assert r.status == 303, r
    pid = int(r.header("location").rsplit("/", 1)[1])
    if health != "green":
        assert pmc.post(f"/projects/{pid}/health", {"health": health, "note": "figures"}).status == 303
    return pid


def done(pmc, tid):
    assert pmc.post(f"/tasks/{tid}/status", {"status": "done"}).status == 303


def progress_of(node):
    return {k: node.get(k) for k in ("progress", "progress-basis", "tasks-done", "tasks-total",
                                     "milestones-reached", "milestones-total")}


def money_attrs(doc):
    """Every money attribute anywhere in the document, as (element, attribute)."""
    return [(a.getparent().tag, a.attrname) for a in doc.xpath("//@*")
            if a.attrname in MONEY_ATTRS]


def text_of(resp):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.body.decode()))


# ------------------------------------------------------------ item 1: progress

def test_item01_globex_erp_shows_work_done_not_calendar_time(stack, globexc):
    """Demo: ERP integration, 2 of 6 tasks done (1 blocked) showed 87 % (calendar time)."""
    est_done, est_all = (int(x) for x in stack.sql(
        "SELECT SUM(IF(status = 'done', estimate_minutes, 0)), SUM(estimate_minutes)"
        " FROM tasks WHERE project_id = 4")[0])
    expect = 100 * est_done // est_all
    doc = globexc.get_xml("/portal/projects/4").xml()
    p = doc.xpath("/page/project")[0]
    assert progress_of(p) == {"progress": str(expect), "progress-basis": "estimates", "tasks-done": "2",
                              "tasks-total": "6", "milestones-reached": p.get("milestones-reached"),
                              "milestones-total": p.get("milestones-total")}
    assert p.get("progress") != "87"
    home = globexc.get_xml("/portal").xml()
    assert home.xpath("string(/page/projects/project[@id='4']/@progress)") == str(expect)
    html = text_of(globexc.get("/portal/projects/4"))
    assert f"{expect} % of estimated work done (2 of 6 tasks)" in html
    assert "% complete" not in html


def test_item01_progress_is_one_figure_everywhere(stack, pmc, adminc):
    cid, email = new_client_with_contact(stack, pmc)
    pid = new_project(pmc, cid)
    ms = milestone(pmc, stack, pid, visible=True)
    milestone(pmc, stack, pid)
    t1 = task(pmc, stack, pid, estimate_hours="2", client_visible="1")
    t2 = task(pmc, stack, pid, estimate_hours="4", title="Hidden internal task " + unique())
    task(pmc, stack, pid, estimate_hours="4", client_visible="1")
    done(pmc, t1)
    done(pmc, t2)
    assert pmc.post(f"/milestones/{ms}/reached").status == 303
    want = {"progress": "60", "progress-basis": "estimates", "tasks-done": "2", "tasks-total": "3",
            "milestones-reached": "1", "milestones-total": "2"}

    contact = login_as(stack, email)
    portal_home = contact.get_xml("/portal").xml().xpath(f"/page/projects/project[@id='{pid}']")[0]
    portal_project = contact.get_xml(f"/portal/projects/{pid}").xml().xpath("/page/project")[0]
    staff_page = pmc.get_xml(f"/projects/{pid}").xml().xpath("/page/project")[0]
    report = pmc.get_xml(f"/projects/{pid}/report").xml().xpath("/page/project")[0]
    dash = adminc.get_xml("/").xml().xpath(f"/page/dashboard/attention/project[@id='{pid}']")
    assert dash, "a red project is on the dashboard"
    for node in (portal_home, portal_project, staff_page, report, dash[0]):
        assert progress_of(node) == want, node.tag

    # the status report: the draft shows today's figure, publishing snapshots it
    r = pmc.post(f"/projects/{pid}/status-reports", {"period_date": "2026-11-20", "health": "red",
                                                     "summary": unique("Summary")})
    assert r.status == 303, r
    rid = int(r.header("location").rsplit("/", 1)[1])
    fig = pmc.get_xml(f"/status-reports/{rid}").xml().xpath("/page/figures")[0]
    assert progress_of(fig) == want
    assert pmc.post(f"/status-reports/{rid}/publish", {"confirm": "1"}).status == 303
    rep = contact.get_xml(f"/status-reports/{rid}").xml().xpath("/page/report")[0]
    assert (rep.get("snap-progress"), rep.get("snap-progress-basis"), rep.get("snap-tasks-done"),
            rep.get("snap-tasks-total"), rep.get("snap-milestones-reached"),
            rep.get("snap-milestones-total")) == ("60", "estimates", "2", "3", "1", "2")

    # every page says what it measures, in the same words
    sentence = "60 % of estimated work done (2 of 3 tasks)"
    for c, path in ((contact, "/portal"), (contact, f"/portal/projects/{pid}"),
                    (contact, f"/status-reports/{rid}"), (pmc, f"/projects/{pid}"),
                    (pmc, f"/projects/{pid}/report"), (adminc, "/")):
        html = text_of(c.get(path))
        assert sentence in html, path
    assert "1 of 2 milestones reached" in text_of(contact.get(f"/portal/projects/{pid}"))
    # the hidden task counts in the figure, but its name never reaches the client
    hidden = stack.scalar(f"SELECT title FROM tasks WHERE id = {t2}")
    for path in ("/portal", f"/portal/projects/{pid}", f"/status-reports/{rid}"):
        assert hidden not in contact.get(path).body.decode()


def test_item01_without_estimates_counts_tasks_and_without_tasks_says_so(stack, pmc):
    cid, email = new_client_with_contact(stack, pmc)
    pid = new_project(pmc, cid)
    empty = new_project(pmc, cid)
    tids = [task(pmc, stack, pid, client_visible="1") for _ in range(4)]
    done(pmc, tids[0])
    assert pmc.post(f"/tasks/{tids[1]}/status", {"status": "blocked"}).status == 303
    contact = login_as(stack, email)
    p = contact.get_xml(f"/portal/projects/{pid}").xml().xpath("/page/project")[0]
    assert (p.get("progress"), p.get("progress-basis"), p.get("tasks-done"), p.get("tasks-total")) == \
        ("25", "tasks", "1", "4")
    assert "25 % of tasks done (1 of 4 tasks)" in text_of(contact.get(f"/portal/projects/{pid}"))
    e = contact.get_xml(f"/portal/projects/{empty}").xml().xpath("/page/project")[0]
    assert (e.get("progress"), e.get("progress-basis")) == ("0", "none")
    assert "No tasks planned yet" in text_of(contact.get(f"/portal/projects/{empty}"))


def test_item01_progress_rounds_down_so_100_means_all_done(stack, pmc):
    cid, _ = new_client_with_contact(stack, pmc)
    pid = new_project(pmc, cid)
    big = task(pmc, stack, pid, estimate_hours="999")
    task(pmc, stack, pid, estimate_hours="1")
    done(pmc, big)
    p = pmc.get_xml(f"/projects/{pid}").xml().xpath("/page/project")[0]
    assert p.get("progress") == "99"


# ------------------------------------------------------------ item 2: rates per currency

def test_item02_usd_project_with_only_eur_rate_has_no_price_and_a_warning(stack, pmc):
    pid = new_project(pmc, None, currency="USD", health="green")
    add_member(pmc, pid, SARA_ID)
    sara = login_as(stack, "sara@demo.test")
    week, mon = fresh_week(YEAR)
    assert log(sara, pid, day(mon, 0), "1:30").status == 303
    row = stack.sql(f"SELECT unpriced, bill_rate, cost_rate, amount, cost FROM time_entries"
                    f" WHERE project_id = {pid}")
    assert row == [("1", "0", "0", "0", "0")], "never priced at the EUR rate"
    for path in (f"/projects/{pid}/budget", f"/projects/{pid}/time", f"/projects/{pid}/report"):
        doc = pmc.get_xml(path).xml()
        assert doc.xpath("string(/page/unpriced/@currency)") == "USD", path
        assert doc.xpath("/page/unpriced/person/@name") == ["Sara Lindqvist"], path
        assert doc.xpath("string(/page/unpriced/person/@minutes)") == "90", path
        assert "No rate in USD for Sara Lindqvist" in text_of(pmc.get(path)), path
    csv = pmc.get(f"/projects/{pid}/time.csv").body.decode().splitlines()
    assert csv[1].split(",")[7:10] == ["", "", "USD"], "no rate and no amount in the export"


def test_item02_a_rate_in_the_projects_currency_prices_it(stack, pmc, adminc):
    email = unique("usd") + "@demo.test"
    r = adminc.post("/settings/users", {"name": unique("Usd Person"), "email": email, "role": "member",
                                        "hourly_rate": "85.00", "currency": "EUR",
                                        "password": "correct horse battery"})
    assert r.status == 303, r
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
    pid = new_project(pmc, None, currency="USD", health="green")
    eur = new_project(pmc, None, currency="EUR", health="green")
    add_member(pmc, pid, uid)
    add_member(pmc, eur, uid)
    person = login_as(stack, email, "correct horse battery")
    week, mon = fresh_week(YEAR)
    log(person, pid, day(mon, 0), "1")
    log(person, eur, day(mon, 0), "1")
    assert stack.sql(f"SELECT project_id, unpriced, amount FROM time_entries WHERE user_id = {uid}"
                     " ORDER BY project_id") == [(str(pid), "1", "0"), (str(eur), "0", "8500")]
    r = adminc.post("/settings/rates", {"user_id": str(uid), "effective_from": "2030-01-01",
                                        "bill_rate": "100.00", "cost_rate": "40.00", "currency": "USD"})
    assert r.status == 303, r
    assert stack.scalar(f"SELECT currency FROM rates WHERE user_id = {uid}") == "USD"
    # the EUR figure of users.hourly_rate is not overwritten by a USD rate
    assert stack.sql(f"SELECT hourly_rate, currency FROM users WHERE id = {uid}") == [("8500", "EUR")]
    log(person, pid, day(mon, 1), "1")
    assert stack.sql(f"SELECT unpriced, bill_rate, amount, cost FROM time_entries WHERE user_id = {uid}"
                     f" AND project_id = {pid} AND work_date = '{day(mon, 1)}'") == [("0", "10000", "10000", "4000")]
    rates = adminc.get_xml("/settings/rates").xml()
    assert rates.xpath(f"string(/page/rates/rate[@user-id='{uid}']/@currency)") == "USD"


def test_item02_a_project_rate_in_another_currency_is_refused(stack, pmc, adminc):
    pid = new_project(pmc, None, currency="GBP", health="green")
    before = stack.scalar("SELECT COUNT(*) FROM rates")
    r = adminc.post("/settings/rates?format=xml", {"user_id": str(SARA_ID), "project_id": str(pid),
                                                   "effective_from": "2030-01-01", "bill_rate": "90.00",
                                                   "cost_rate": "40.00", "currency": "EUR"})
    assert r.status == 422
    st = r.xml().xpath("/page/form-state[@for='rate']")[0]
    assert "must be in its currency, GBP" in st.xpath("string(error[@field='currency'])")
    assert st.xpath("string(value[@name='bill_rate'])") == "90.00"
    r = adminc.post("/settings/rates?format=xml", {"user_id": str(SARA_ID), "effective_from": "2030-01-01",
                                                   "bill_rate": "90.00", "cost_rate": "40.00", "currency": "XXX"})
    assert r.status == 422
    assert stack.scalar("SELECT COUNT(*) FROM rates") == before
    # without a currency, a project rate takes the project's
    r = adminc.post("/settings/rates", {"user_id": str(SARA_ID), "project_id": str(pid),
                                        "effective_from": "2030-01-01", "bill_rate": "90.00", "cost_rate": "40.00"})
    assert r.status == 303
    assert stack.scalar(f"SELECT currency FROM rates WHERE project_id = {pid}") == "GBP"


def test_item02_user_rate_has_a_currency_and_a_bad_one_is_refused(stack, adminc):
    email = unique("gbp") + "@demo.test"
    d = {"name": unique("Gbp Person"), "email": email, "role": "member", "hourly_rate": "70.00",
         "currency": "XYZ", "password": "correct horse battery"}
    r = adminc.post("/settings/users?format=xml", d)
    assert r.status == 422
    st = r.xml().xpath("/page/form-state[@for='user']")[0]
    assert st.xpath("string(error[@field='currency'])") != ""
    assert st.xpath("string(value[@name='hourly_rate'])") == "70.00"
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{email}'") == "0"
    d["currency"] = "GBP"
    assert adminc.post("/settings/users", d).status == 303
    uid = stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")
    assert stack.sql(f"SELECT hourly_rate, currency FROM users WHERE id = {uid}") == [("7000", "GBP")]
    # an edit without the field keeps the currency; with it, changes it
    assert adminc.post(f"/settings/users/{uid}", {"name": "Gbp Person", "role": "member",
                                                  "hourly_rate": "72.00"}).status == 303
    assert stack.scalar(f"SELECT currency FROM users WHERE id = {uid}") == "GBP"
    assert adminc.post(f"/settings/users/{uid}", {"name": "Gbp Person", "role": "member",
                                                  "hourly_rate": "72.00", "currency": "CHF"}).status == 303
    assert stack.scalar(f"SELECT currency FROM users WHERE id = {uid}") == "CHF"


def test_item02_migration_takes_the_price_off_wrong_currency_entries(stack, pmc):
    """Migration 012 on an entry priced before it (a EUR rate on a USD project): unpriced,
    rollups rebuilt; running it again changes nothing more."""
    pid = new_project(pmc, None, currency="USD", health="green")
    add_member(pmc, pid, SARA_ID)
    sara = login_as(stack, "sara@demo.test")
    week, mon = fresh_week(YEAR)
    sara.post("/time/grid", {"week": week, f"m-{pid}-0-0": "2"})
    assert sara.post("/time/submit", {"week": week}).status == 303
    # what main wrote: priced at 95.00 "USD" from Sara's EUR rate, rollups included
    stack.sql(f"UPDATE time_entries SET unpriced = 0, bill_rate = 9500, cost_rate = 4500, amount = 19000,"
              f" cost = 9000 WHERE project_id = {pid}")
    stack.sql(f"UPDATE time_rollup_week SET amount = 19000, cost = 9000, c_amount = 19000, c_cost = 9000"
              f" WHERE project_id = {pid}")
    stack.sql(f"UPDATE time_rollup_project SET c_amount = 19000, c_cost = 9000 WHERE project_id = {pid}")
    stack.sql(f"UPDATE time_rollup_user SET amount = 19000, cost = 9000 WHERE project_id = {pid}")
    sql = (SCHEMA / "012_money_and_progress.sql").read_text()
    for _ in range(2):
        subprocess.run(["mariadb", "--socket", str(stack.var / "run/mysql.sock"), "-u", "root", "tandem"],
                       input=sql, text=True, check=True, timeout=60)
        assert stack.sql(f"SELECT unpriced, amount, cost FROM time_entries WHERE project_id = {pid}") == \
            [("1", "0", "0")]
        assert stack.sql(f"SELECT amount, cost, c_amount, c_cost FROM time_rollup_week WHERE project_id = {pid}") == \
            [("0", "0", "0", "0")]
        assert stack.sql(f"SELECT c_amount, c_cost FROM time_rollup_project WHERE project_id = {pid}") == [("0", "0")]
        assert stack.sql(f"SELECT amount, cost FROM time_rollup_user WHERE project_id = {pid}") == [("0", "0")]
    # a EUR project's entries are untouched, and existing rates got a currency
    assert stack.scalar("SELECT COUNT(*) FROM rates WHERE currency IS NULL OR currency = ''") == "0"
    assert stack.scalar("SELECT COUNT(*) FROM time_entries e JOIN projects p ON p.id = e.project_id"
                        " WHERE p.currency = 'EUR' AND e.unpriced = 1") == "0"


# ------------------------------------------------------------ item 3: labelled hours

def test_item03_each_hours_figure_says_what_it_counts_and_totals_match_tables(stack, pmc):
    pid = new_project(pmc, None, health="green")
    add_member(pmc, pid, SARA_ID)
    sara = login_as(stack, "sara@demo.test")
    week, mon = fresh_week(YEAR)
    sara.post("/time/grid", {"week": week, f"m-{pid}-0-0": "3"})
    assert sara.post("/time/submit", {"week": week}).status == 303
    week2, mon2 = fresh_week(YEAR)
    log(sara, pid, day(mon2, 0), "2")            # open: logged, not spent
    bud = pmc.get_xml(f"/projects/{pid}/budget").xml().xpath("/page/project")[0]
    assert (bud.get("spent-minutes"), bud.get("logged-minutes")) == ("180", "300")
    html = text_of(pmc.get(f"/projects/{pid}/budget"))
    assert "Hours spent (submitted and approved time) 3:00" in html
    assert "Hours logged (all time: open, submitted and approved) 5:00" in html
    rep = pmc.get_xml(f"/projects/{pid}/time").xml()
    assert rep.xpath("string(/page/total/@minutes)") == "300"
    assert "Hours logged (all time: open, submitted and approved) 5:00" in text_of(pmc.get(f"/projects/{pid}/time"))
    doc = pmc.get_xml(f"/projects/{pid}/report").xml()
    people = doc.xpath("/page/people")[0]
    assert people.get("minutes") == "300"
    assert int(people.get("cost")) == sum(int(x) for x in doc.xpath("/page/people/person/@cost"))
    assert people.get("cost") == stack.scalar(f"SELECT SUM(cost) FROM time_entries WHERE project_id = {pid}")
    html = text_of(pmc.get(f"/projects/{pid}/report"))
    assert "all logged time (open, submitted and approved): 5:00" in html


def test_item03_demo_report_footer_agrees_with_its_table(stack, pmc):
    """Demo project 1: the footer named all logged time but priced only the budget's share."""
    minutes, amount, cost = stack.sql("SELECT SUM(minutes), SUM(amount), SUM(cost) FROM time_entries"
                                      " WHERE project_id = 1")[0]
    c_minutes = stack.scalar("SELECT SUM(minutes) FROM time_entries WHERE project_id = 1 AND status <> 'open'")
    doc = pmc.get_xml("/projects/1/report").xml()
    assert doc.xpath("string(/page/people/@minutes)") == minutes
    assert doc.xpath("string(/page/people/@cost)") == cost
    assert doc.xpath("string(/page/people/@amount)") == amount
    assert doc.xpath("string(/page/budget/@spent-minutes)") == c_minutes
    html = text_of(pmc.get("/projects/1/report"))
    foot = re.search(r"all logged time \(open, submitted and approved\): ([\d,]+:\d\d) ?, value (€[\d.,]+) ?, cost (€[\d.,]+)", html)
    assert foot, html[:2000]
    table = re.search(r"Total ([\d,]+:\d\d) [\d,]+:\d\d (€[\d.,]+) (€[\d.,]+)", html)
    assert table and foot.groups() == table.groups()


# ------------------------------------------------------------ item 18: members see hours

def test_item18_member_budget_has_hours_and_no_money(stack, memberc, pmc):
    r = memberc.get_xml("/projects/1/budget")
    assert r.status == 200
    doc = r.xml()
    assert money_attrs(doc) == []
    assert not doc.xpath("/page/burn | /page/forecast | /page/expenses | /page/unpriced")
    assert doc.xpath("string(/page/project/@spent-minutes)") != ""
    html = memberc.get("/projects/1/budget").body.decode()
    assert "€" not in html and "NaN" not in html and "Money spent" not in html
    assert "Hours spent (submitted and approved time)" in text_of(memberc.get("/projects/1/budget"))
    # a PM still sees the money
    pm = pmc.get_xml("/projects/1/budget").xml()
    assert pm.xpath("/page/project/@spent-amount") and pm.xpath("/page/burn")


def test_item18_member_report_has_no_costs_or_rates(stack, memberc, pmc):
    doc = memberc.get_xml("/projects/1/report").xml()
    assert money_attrs(doc) == []
    assert doc.xpath("/page/people/person/@minutes")
    html = memberc.get("/projects/1/report").body.decode()
    assert "€" not in html and "NaN" not in html
    assert ">Cost<" not in html and ">Value<" not in html
    pm = pmc.get_xml("/projects/1/report").xml()
    assert pm.xpath("/page/people/person/@cost")


def test_item18_member_sees_no_budget_money_on_projects_or_rates(stack, memberc):
    for path in ("/projects", "/projects/1", "/projects/4/budget", "/projects/8/report", "/projects/1/changes"):
        r = memberc.get_xml(path)
        assert r.status == 200, path
        assert money_attrs(r.xml()) == [], path
        html = memberc.get(path).body.decode()
        assert "NaN" not in html, path
    assert memberc.get("/settings/rates").status == 403
    assert memberc.get("/projects/1/time").status == 403
