"""The detailed project report (GET /projects/{id}/report): one printable page for
staff whose figures are the database's (task counts, budget spent, time by person,
milestones, changes, open risks, documents), empty states for a new project, and
nothing of it for contacts or strangers."""
import pytest

from conftest import anon, login_as  # noqa: F401
from fakes import new_client, new_project

DEMO = 1  # the demo data's Website relaunch (tasks, time, changes, risks, documents)


def report(c, pid):
    r = c.get_xml(f"/projects/{pid}/report")
    assert r.status == 200, r
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "project-report"
    return doc


@pytest.fixture(scope="module")
def empty_project(pmc):
    """A project with no PM, no budget and nothing planned or logged."""
    return new_project(pmc, new_client(pmc, cadence="none"), pm_id="", budget_hours="",
                       budget_amount="", currency="GBP", stage="initiation")


def test_task_counts_are_the_database_s(stack, pmc):
    doc = report(pmc, DEMO)
    want = {s: (int(n), int(m)) for s, n, m in stack.sql(
        f"SELECT status, COUNT(*), COALESCE(SUM(estimate_minutes), 0) FROM tasks"
        f" WHERE project_id = {DEMO} GROUP BY status")}
    got = {e.get("name"): (int(e.get("count")), int(e.get("estimate-minutes")))
           for e in doc.xpath("/page/tasks/status")}
    assert [e.get("name") for e in doc.xpath("/page/tasks/status")] == ["todo", "doing", "blocked", "done"]
    for status in got:
        assert got[status] == want.get(status, (0, 0))
    total = sum(n for n, _ in want.values())
    assert int(doc.xpath("string(/page/tasks/@total)")) == total
    done = want.get("done", (0, 0))[0]
    assert int(doc.xpath("string(/page/tasks/@done-percent)")) == round(100 * done / total)


def test_budget_and_time_by_person_match_the_rollups(stack, pmc):
    doc = report(pmc, DEMO)
    spent = stack.scalar(f"SELECT c_minutes FROM time_rollup_project WHERE project_id = {DEMO}")
    assert doc.xpath("string(/page/budget/@spent-minutes)") == str(spent)
    people = {int(i): int(m) for i, m in stack.sql(
        f"SELECT user_id, minutes FROM time_rollup_user WHERE project_id = {DEMO} AND minutes > 0")}
    got = {int(e.get("id")): int(e.get("minutes")) for e in doc.xpath("/page/people/person")}
    assert got == people and got


def test_lists_hold_every_row_of_the_project(stack, pmc):
    doc = report(pmc, DEMO)
    for xpath, table in (("/page/milestones/milestone", "milestones"),
                         ("/page/changes/change", "change_requests"),
                         ("/page/risks/risk", "risks"),
                         ("/page/documents/document", "documents")):
        n = int(stack.scalar(f"SELECT COUNT(*) FROM {table} WHERE project_id = {DEMO}"))
        assert len(doc.xpath(xpath)) == n, table


def test_html_formats_money_and_shows_only_open_risks(stack, pmc):
    html = pmc.get(f"/projects/{DEMO}/report").html()
    text = " ".join(html.itertext())
    assert "€96,000.00" in text          # the demo budget, formatted
    open_risks = int(stack.scalar(f"SELECT COUNT(*) FROM risks WHERE project_id = {DEMO}"
                                  " AND status NOT IN ('closed', 'mitigated')"))
    assert len(html.xpath("//table[contains(@class,'t-report-risks')]/tbody/tr")) == open_risks
    # printable: the navigation is hidden by the print rules, the page has a way back
    assert html.xpath(f"//a[@href='/projects/{DEMO}']")


def test_a_new_project_shows_empty_states(pmc, empty_project):
    doc = report(pmc, empty_project)
    assert doc.xpath("string(/page/tasks/@total)") == "0"
    assert doc.xpath("string(/page/tasks/@done-percent)") == "0"
    text = " ".join(pmc.get(f"/projects/{empty_project}/report").html().itertext())
    for empty in ("No milestones.", "No time logged.", "No change requests.", "No open risks.",
                  "No documents."):
        assert empty in text


def test_time_logged_shows_up_in_the_report(stack, pmc, adminc, empty_project):
    before = report(pmc, empty_project)
    assert not before.xpath("/page/people/person")
    # the project has no PM and no members: an admin logs on any project
    r = adminc.post("/time/entries", {"project_id": str(empty_project), "work_date": "2026-11-02",
                                   "hours": "1h30", "note": "report test"})
    assert r.status == 303, r
    doc = report(pmc, empty_project)
    assert [int(x) for x in doc.xpath("/page/people/person/@minutes")] == [90]


def test_members_read_it_and_the_project_links_to_it(memberc, pmc):
    report(memberc, DEMO)
    html = pmc.get(f"/projects/{DEMO}").html()
    assert html.xpath(f"//a[@href='/projects/{DEMO}/report']")


def test_unknown_project_is_404(pmc):
    assert pmc.get("/projects/987654321/report").status == 404


@pytest.mark.parametrize("email", ["client@acme.test", "viewer@acme.test", "client@globex.test"])
def test_contacts_get_nothing(stack, email):
    r = login_as(stack, email).get(f"/projects/{DEMO}/report")
    assert r.status in (403, 404)
    assert "Time by person" not in r.text and "Website relaunch" not in r.text


def test_anonymous_goes_to_login(stack):
    r = anon(stack).get(f"/projects/{DEMO}/report")
    assert r.status == 303 and r.header("location").startswith("/login")


def test_documents_past_the_report_s_hundred_say_how_many_more(stack, pmc):
    pid = new_project(pmc, new_client(pmc, cadence="none"))
    stack.sql("INSERT INTO documents (project_id, title, client_visible, created_at, updated_at)"
              f" SELECT {pid}, CONCAT('Doc ', seq), 0, UTC_TIMESTAMP(), UTC_TIMESTAMP() - INTERVAL seq MINUTE"
              " FROM seq_1_to_103")
    stack.sql("INSERT INTO document_versions (document_id, version, filename, content_type, size, sha256,"
              " created_at) SELECT d.id, 1, 'f.pdf', 'application/pdf', 10, SHA2(d.id, 256), UTC_TIMESTAMP()"
              f" FROM documents d WHERE d.project_id = {pid}")
    doc = report(pmc, pid)
    assert doc.xpath("string(/page/documents/@total)") == "103"
    titles = doc.xpath("/page/documents/document/@title")
    assert len(titles) == 100 and titles[0] == "Doc 1" and titles[-1] == "Doc 100"
    html = pmc.get(f"/projects/{pid}/report").html()
    more = html.xpath("//section[@aria-labelledby='r-docs-h']//p[contains(., 'of 103 documents')]")
    assert len(more) == 1 and more[0].xpath(f"a/@href") == [f"/projects/{pid}/documents"]
    assert "The newest 100 of 103 documents" in more[0].text_content()
