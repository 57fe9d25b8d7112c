"""Issue 10, walked through as a person would (PM, member, admin, contacts): what looked
or read broken on the pages after the issue's fixes, pinned on the HTML each page
returns. Each test names what was wrong."""
import re

from conftest import new_staff_signed_in
from time_helpers import project_with


def text(el):
    return re.sub(r"\s+", " ", el.text_content()).strip()


def test_running_timer_is_a_band_under_the_header_not_in_the_nav_row(stack, adminc, pmc):
    """At 1280 px an admin's header (seven links) had no room for the timer pill, which
    covered Clients/Users/Settings. The timer is now its own band under the header."""
    uid, c = new_staff_signed_in(stack, adminc)
    pid = project_with(stack, pmc, uid)
    assert c.post("/time/timer/start", {"project_id": str(pid)}).status == 303
    try:
        for path in ("/", "/time", "/me"):
            doc = c.get(path).html()
            assert not doc.xpath("//header//*[contains(@class,'timer-running')]"), path
            band = doc.xpath("//header/following-sibling::div[contains(@class,'timer-bar')]"
                             "//a[contains(@class,'timer-running')]")
            assert len(band) == 1, path
            assert text(band[0]).startswith("● Timer running on "), text(band[0])
    finally:
        assert c.post("/time/timer/discard").status == 303
    assert not c.get("/").html().xpath("//*[contains(@class,'timer-bar')]")


def test_report_change_links_lead_to_the_change_card(pmc):
    """The project report linked each change request to /changes/{id}, which is no page
    (404); it now opens the change's card on the project's changes page."""
    doc = pmc.get("/projects/1/report").html()
    links = doc.xpath("//table[contains(@class,'t-report-changes')]//tbody//a/@href")
    assert links
    changes = pmc.get("/projects/1/changes")
    assert changes.status == 200
    cards = set(changes.html().xpath("//section[contains(@class,'change-card')]/@id"))
    for href in links:
        m = re.fullmatch(r"/projects/1/changes#(change-\d+)", href)
        assert m, href
        assert m.group(1) in cards, href


def test_report_change_impacts_are_signed(pmc):
    """The report showed '+3' days but '16:00' and '€1,500.00' unsigned, where the
    changes page says '+16:00 h · +€1,500.00' (a de-scope read as an addition)."""
    doc = pmc.get("/projects/1/report").html()
    for row in doc.xpath("//table[contains(@class,'t-report-changes')]//tbody/tr"):
        cells = [text(td) for td in row.xpath("td")]
        days, hours, money = cells[2], cells[3], cells[4]
        for v in (days, hours, money):
            assert v[0] in "+−" or v in ("0", "0:00"), cells


def test_report_task_statuses_read_as_on_the_plan(pmc):
    """'Todo' and 'Doing' on the report, 'To do' and 'In progress' on the plan."""
    doc = pmc.get("/projects/1/report").html()
    names = [text(td) for td in doc.xpath("//table[contains(@class,'t-report-tasks')]//tbody/tr/td[1]")]
    assert names and set(names) <= {"To do", "In progress", "Blocked", "Done"}, names


def test_every_settings_page_links_the_others(adminc):
    """Rates and branding had no settings links (rates was reachable only from the
    timesheet's buttons); users had a bare 'Settings'."""
    wanted = ["/settings/users", "/settings/rates", "/settings/webhooks",
              "/settings/hubspot", "/settings/mailbox",                          # issue 14: mailbox
              "/settings/brand", "/settings/automations",   # issue 13: automations
              "/settings/calendar"]                                         # issue 16: working days
    for path in wanted:
        doc = adminc.get(path).html()
        nav = doc.xpath("//nav[contains(@class,'settings-tabs')]")
        assert len(nav) == 1, path
        assert nav[0].xpath(".//a/@href") == wanted, path
        assert nav[0].xpath(".//a[@aria-current='page']/@href") == [path], path


def test_budget_without_expenses_says_so(pmc, stack):
    """An empty expense table (headings only) under 'Expenses'."""
    pid = project_with(stack, pmc)
    doc = pmc.get(f"/projects/{pid}/budget").html()
    card = doc.xpath("//section[h2='Expenses']")
    assert card and not card[0].xpath(".//table")
    assert "No expenses recorded yet." in text(card[0])


def test_budget_stat_keeps_its_figure_first(pmc):
    """'729:30 of 800:00 (91 %)' wrapped in three lines at the size of the figure; the
    'of …' part is a line of its own, the figure stays what a test reads first."""
    doc = pmc.get("/projects/1/budget").html()
    value = doc.xpath("//p[contains(@class,'budget-spent-hours')]")[0]
    of = value.xpath("span[contains(@class,'stat-of')]")
    assert of and text(of[0]).startswith("of ")
    assert re.match(r"^\d[\d,]*:\d\d of ", text(value)), text(value)


def test_member_budget_form_is_not_beside_an_empty_column(memberc):
    """A member sees no expense list: the form sat in the side column next to nothing."""
    doc = memberc.get("/projects/1/budget").html()
    grid = doc.xpath("//div[contains(@class,'grid-main-side')][.//form[contains(@action,'/expenses')]]")
    assert grid and "grid-side-only" in grid[0].get("class")


def test_approvals_name_the_week_as_the_timesheet_does(pmc):
    """'Tom Okafor · week 2026-W48' where the timesheet says 'Week 48 · 23 Nov …'."""
    doc = pmc.get("/time/approvals").html()
    heads = [text(h) for h in doc.xpath("//section[contains(@class,'approval')]/h2")]
    for h in heads:
        assert re.search(r" · Week \d{1,2} · from \d{1,2} [A-Z][a-z]{2} \d{4}$", h), h
