"""Status reports: PMs write a draft on a project (prefilled with its health and the facts
since the last published report), edit it, publish it with a confirmation; publishing
snapshots the figures, adds a client-visible activity line, emits status_report.published
(a note on the HubSpot deal) and e-mails the client's contacts who can sign in. Published
reports are immutable (409); contacts read only their own client's published reports
(anything else is 404); the portal shows the latest published one."""
import datetime
import json

import pytest

from conftest import login_as, max_id, unique
from fakes import hubspot_module, fake_call, wait_for
from plan_helpers import milestone, task
from smtp_sink import html_part, text_part
from time_helpers import fresh_week, day, log

ACME = 1


def new_project(c, stack, client_id=ACME, **kw):
    """A fresh project of client_id (PM pm@demo.test), amber, 100 h and EUR 10,000 budget."""
    d = {"client_id": str(client_id), "name": unique("Report project"), "pm_id": "2",
         "start_date": "2026-03-02", "due_date": "2026-12-30", "budget_hours": "100",
         "budget_amount": "10000.00", "currency": "EUR"}
    d.update(kw)
    r = c.post("/projects", d)
    assert r.status == 303, r
    pid = int(r.header("location").rsplit("/", 1)[1])
    r = c.post(f"/projects/{pid}/health", {"health": "amber", "note": "watch the feed"})
    assert r.status == 303, r
    return pid


def report_data(**kw):
    d = {"period_date": "2026-11-20", "health": "amber", "summary": unique("Summary"),
         "done": "Built the thing", "next": "Ship the thing", "risks": "The feed is late",
         "decisions": "Pick a launch date"}
    d.update(kw)
    return {k: v for k, v in d.items() if v is not None}


def create(c, pid, **kw):
    return c.post(f"/projects/{pid}/status-reports", report_data(**kw))


def draft(c, pid, **kw):
    r = create(c, pid, **kw)
    assert r.status == 303, r
    loc = r.header("location")
    assert loc.startswith("/status-reports/")
    return int(loc.rsplit("/", 1)[1])


def publish(c, rid, confirm=True):
    return c.post(f"/status-reports/{rid}/publish", {"confirm": "1"} if confirm else {})


def row(stack, rid):
    cols = ("state", "period_date", "health", "summary", "done_text", "next_text", "risks_text",
            "decisions_text", "include_budget", "published_at", "published_by", "snap_stage",
            "snap_progress", "snap_budget_minutes", "snap_spent_minutes", "snap_budget_amount",
            "snap_spent_amount", "snap_currency")
    rows = stack.sql(f"SELECT {', '.join(cols)} FROM status_reports WHERE id = {rid}")
    assert len(rows) == 1
    return {k: None if v == "NULL" else v for k, v in zip(cols, rows[0])}


def count(stack, where):
    return int(stack.scalar(f"SELECT COUNT(*) FROM {where}"))


def events(stack, rid):
    """The status_report.published events of report rid (payloads, parsed)."""
    rows = stack.sql("SELECT payload FROM outbox WHERE type = 'status_report.published' AND project_id ="
                     f" (SELECT project_id FROM status_reports WHERE id = {rid}) ORDER BY id")
    return [p for p in (json.loads(r[0]) for r in rows) if p["data"]["report_id"] == rid]


def today():
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()


# ------------------------------------------------------------ list and new form


def test_list_is_newest_first_with_drafts_for_staff(stack, pmc):
    doc = pmc.get_xml("/projects/1/status-reports").xml()
    periods = doc.xpath("/page/reports/report/@period")
    assert periods == sorted(periods, reverse=True) and len(periods) >= 3
    assert "draft" in doc.xpath("/page/reports/report/@state")
    assert doc.xpath("string(/page/pager/@total)") == str(len(periods))


def test_list_page_renders_with_tab_and_form(stack, pmc):
    r = pmc.get("/projects/1/status-reports")
    assert r.status == 200
    html = r.text
    assert 'class="plan-tab is-current"' in html and "Status reports" in html
    assert 'action="/projects/1/status-reports"' in html


def test_list_is_paginated(stack, pmc):
    pid = new_project(pmc, stack)
    for i in range(26):
        draft(pmc, pid, period_date=f"2026-10-{(i % 28) + 1:02d}")
    p1 = pmc.get_xml(f"/projects/{pid}/status-reports").xml()
    p2 = pmc.get_xml(f"/projects/{pid}/status-reports?page=2").xml()
    assert len(p1.xpath("/page/reports/report")) == 25
    assert len(p2.xpath("/page/reports/report")) == 1
    assert p1.xpath("string(/page/pager/@pages)") == "2"
    assert p2.xpath("string(/page/reports/report/@period)") == "2026-10-01"


def test_new_form_is_prefilled_with_health_and_facts(stack, pmc):
    pid = new_project(pmc, stack)
    ms = milestone(pmc, stack, pid, name=unique("Visible milestone"), visible=True)
    hidden = task(pmc, stack, pid, title=unique("Internal task"))
    shown = task(pmc, stack, pid, title=unique("Shared task"), client_visible="1")
    assert pmc.post(f"/milestones/{ms}/reached").status == 303
    for t in (hidden, shown):
        assert pmc.post(f"/tasks/{t}/status", {"status": "done"}).status == 303
    n = pmc.get_xml(f"/projects/{pid}/status-reports").xml().xpath("/page/new-report")[0]
    assert n.get("health") == "amber"
    assert n.get("period") == today()
    assert n.get("milestones") == "1" and n.get("tasks") == "2"
    done = n.get("done")
    ms_name = stack.scalar(f"SELECT name FROM milestones WHERE id = {ms}")
    shown_t = stack.scalar(f"SELECT title FROM tasks WHERE id = {shown}")
    hidden_t = stack.scalar(f"SELECT title FROM tasks WHERE id = {hidden}")
    assert ms_name in done and shown_t in done
    assert hidden_t not in done          # internal work is counted, not named
    assert "1 milestone reached, 2 tasks completed" in n.get("summary")


def test_facts_start_again_after_a_published_report(stack, pmc):
    pid = new_project(pmc, stack)
    t1 = task(pmc, stack, pid, title=unique("Before"), client_visible="1")
    assert pmc.post(f"/tasks/{t1}/status", {"status": "done"}).status == 303
    rid = draft(pmc, pid)
    assert publish(pmc, rid).status == 303
    # completed_at has second precision: the next task must finish after the publication
    stack.sql(f"UPDATE tasks SET completed_at = completed_at - INTERVAL 1 MINUTE WHERE id = {t1}")
    t2 = task(pmc, stack, pid, title=unique("After"), client_visible="1")
    assert pmc.post(f"/tasks/{t2}/status", {"status": "done"}).status == 303
    stack.sql(f"UPDATE tasks SET completed_at = completed_at + INTERVAL 1 MINUTE WHERE id = {t2}")
    n = pmc.get_xml(f"/projects/{pid}/status-reports").xml().xpath("/page/new-report")[0]
    after = stack.scalar(f"SELECT title FROM tasks WHERE id = {t2}")
    before = stack.scalar(f"SELECT title FROM tasks WHERE id = {t1}")
    assert after in n.get("done") and before not in n.get("done")
    assert n.get("since") == "2026-11-20"
    assert n.get("summary").startswith("Since our last report (as of 20 Nov 2026)")


def test_member_sees_list_without_the_form(stack, memberc):
    r = memberc.get_xml("/projects/1/status-reports")
    assert r.status == 200
    assert r.xml().xpath("/page/reports/report") and not r.xml().xpath("/page/new-report")


def test_unknown_project_is_404(stack, pmc):
    assert pmc.get("/projects/999999/status-reports").status == 404
    assert create(pmc, 999999).status == 404


# ------------------------------------------------------------ create and edit


def test_create_draft_stores_every_field(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid, health="red", summary="Line one\nLine two", include_budget="1")
    s = row(stack, rid)
    assert s["state"] == "draft" and s["published_at"] is None
    assert s["period_date"] == "2026-11-20" and s["health"] == "red"
    assert stack.scalar(f"SELECT summary = 'Line one\\nLine two' FROM status_reports WHERE id = {rid}") == "1"
    assert (s["done_text"], s["next_text"], s["risks_text"], s["decisions_text"]) == (
        "Built the thing", "Ship the thing", "The feed is late", "Pick a launch date")
    assert s["include_budget"] == "1" and s["snap_stage"] is None
    assert stack.scalar(f"SELECT author_id FROM status_reports WHERE id = {rid}") == "2"
    # a draft is not an event and not in the client's activity
    assert events(stack, rid) == []
    assert count(stack, f"activity WHERE project_id = {pid} AND kind = 'status_report'") == 0


def test_date_and_health_default_to_today_and_the_projects(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid, period_date=None, health=None)
    s = row(stack, rid)
    assert s["period_date"] == today() and s["health"] == "amber"


def test_edit_a_draft(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid)
    new = report_data(summary=unique("Edited"), health="green", period_date="2026-11-21",
                      risks="", decisions="")
    r = pmc.post(f"/status-reports/{rid}", new)
    assert r.status == 303 and r.header("location") == f"/status-reports/{rid}"
    s = row(stack, rid)
    assert s["summary"] == new["summary"] and s["health"] == "green"
    assert s["period_date"] == "2026-11-21"
    assert s["risks_text"] is None and s["decisions_text"] is None and s["include_budget"] == "0"


BAD = [
    ("summary", "", "summary"),
    ("summary", "   ", "summary"),
    ("health", "purple", "health"),
    ("period_date", "2026-02-30", "period_date"),
    ("period_date", "20 Nov 2026", "period_date"),
]


@pytest.mark.parametrize("field,value,err", BAD)
def test_bad_input_on_create_is_422_with_values_kept(stack, pmc, field, value, err):
    pid = new_project(pmc, stack)
    before = max_id(stack, "status_reports")
    data = report_data(**{field: value})
    r = pmc.post(f"/projects/{pid}/status-reports?format=xml", data)
    assert r.status == 422, r
    doc = r.xml()
    st = doc.xpath("/page/form-state[@for='report']")[0]
    assert st.xpath("error/@field") == [err]
    kept = {v.get("name"): v.text or "" for v in st.xpath("value")}
    assert kept["done"] == "Built the thing" and kept["next"] == "Ship the thing"
    if field != "summary":
        assert kept["summary"] == data["summary"]
    assert max_id(stack, "status_reports") == before
    # the HTML page shows the message by the field and keeps the text typed
    r = pmc.post(f"/projects/{pid}/status-reports", data)
    assert r.status == 422 and "has-error" in r.text and "Built the thing" in r.text


@pytest.mark.parametrize("field,value,err", BAD[:3])
def test_bad_input_on_edit_is_422_and_changes_nothing(stack, pmc, field, value, err):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid)
    before = row(stack, rid)
    r = pmc.post(f"/status-reports/{rid}?format=xml", report_data(**{field: value}, next="changed"))
    assert r.status == 422
    st = r.xml().xpath("/page/form-state[@for='report']")[0]
    assert st.xpath("error/@field") == [err]
    assert st.xpath("string(value[@name='next'])") == "changed"
    assert row(stack, rid) == before


def test_member_cannot_create_edit_or_publish(stack, pmc, memberc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid)
    before_id, before = max_id(stack, "status_reports"), row(stack, rid)
    assert create(memberc, pid).status == 403
    assert memberc.post(f"/status-reports/{rid}", report_data(summary="x")).status == 403
    assert publish(memberc, rid).status == 403
    assert max_id(stack, "status_reports") == before_id and row(stack, rid) == before
    assert memberc.get(f"/status-reports/{rid}").status == 200   # staff may read


def test_contacts_cannot_create(stack, acmec):
    before = max_id(stack, "status_reports")
    assert create(acmec, 1).status == 403
    assert max_id(stack, "status_reports") == before


def test_unknown_report_is_404(stack, pmc):
    assert pmc.get("/status-reports/999999").status == 404
    assert pmc.post("/status-reports/999999", report_data()).status == 404
    assert publish(pmc, 999999).status == 404


# ------------------------------------------------------------ publishing


def test_publish_needs_the_confirmation(stack, pmc):
    pid = new_project(pmc, stack)
    summary = unique("Unconfirmed")
    rid = draft(pmc, pid, summary=summary)
    r = pmc.post(f"/status-reports/{rid}/publish?format=xml", {})
    assert r.status == 422
    assert r.xml().xpath("/page/form-state[@for='publish']/error/@field") == ["confirm"]
    assert row(stack, rid)["state"] == "draft" and events(stack, rid) == []
    assert count(stack, f"activity WHERE project_id = {pid} AND kind = 'status_report'") == 0
    assert count(stack, f"mails WHERE kind = 'status-report' AND body_text LIKE '%{summary}%'") == 0
    # the page says why, by the checkbox
    r = pmc.post(f"/status-reports/{rid}/publish", {})
    assert r.status == 422 and "Tick the box" in r.text


def test_publish_snapshots_and_tells_everyone(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid, summary=unique("Going well"), include_budget="1")
    r = publish(pmc, rid)
    assert r.status == 303 and r.header("location") == f"/status-reports/{rid}"
    s = row(stack, rid)
    assert s["state"] == "published" and s["published_at"] and s["published_by"] == "2"
    assert s["snap_stage"] == "initiation"
    # the portal's progress figure, from the work (issue 10): no tasks yet
    assert s["snap_progress"] == "0"
    assert s["snap_budget_minutes"] == "6000" and s["snap_spent_minutes"] == "0"
    assert s["snap_budget_amount"] == "1000000" and s["snap_spent_amount"] == "0"
    assert s["snap_currency"] == "EUR"
    # activity: a short kind, client-visible, with the health and the summary
    act = stack.sql(f"SELECT kind, to_value, note, client_visible, client_id FROM activity"
                    f" WHERE project_id = {pid} AND kind = 'status_report'")
    assert act == [("status_report", "amber", s["summary"], "1", "1")]
    # the event, in the outbox with its client and project
    ev = events(stack, rid)
    assert len(ev) == 1
    d = ev[0]["data"]
    assert ev[0]["type"] == "status_report.published"
    assert d["report_id"] == rid and d["project_id"] == pid and d["health"] == "amber"
    assert d["period"] == "2026-11-20" and d["summary"] == s["summary"]
    assert d["url"].endswith(f"/status-reports/{rid}")
    assert stack.scalar(f"SELECT CONCAT(client_id, '/', project_id) FROM outbox WHERE type ="
                        f" 'status_report.published' AND project_id = {pid}") == f"1/{pid}"


def test_publish_notifies_the_clients_contacts_who_can_sign_in(stack, pmc, adminc):
    # issue 12: the contacts are told by a "report_published" notification (its e-mail goes
    # into their digest by default), no longer by a "status-report" e-mail of its own.
    # A contact without a password (never invited) and a deactivated one get nothing.
    nopw = unique("nopw") + "@acme.test"
    stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, active,"
              " hourly_rate, currency, created_at, updated_at) VALUES"
              f" ('{nopw}', 'No Password', 'client', 1, 'view', NULL, 1, 0, 'EUR', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    gone = unique("gone") + "@acme.test"
    stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, active,"
              " hourly_rate, currency, created_at, updated_at) VALUES"
              f" ('{gone}', 'Gone', 'client', 1, 'view', 'x', 0, 0, 'EUR', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    pid = new_project(pmc, stack)
    summary = unique("Mail summary")
    rid = draft(pmc, pid, summary=summary)
    assert publish(pmc, rid).status == 303
    link = f"/status-reports/{rid}"

    want = stack.contacts_who_sign_in(ACME)
    assert {"client@acme.test", "viewer@acme.test"} <= set(want)
    assert nopw not in want and gone not in want
    told = stack.sql("SELECT u.email, n.link, n.text, n.mail, n.client_id, n.project_id FROM notifications n"
                     f" JOIN users u ON u.id = n.user_id WHERE n.kind = 'report_published' AND n.link = '{link}'")
    assert sorted(t[0] for t in told) == want
    for _, _, text, mail, client, project in told:
        assert summary in text and "At risk" in text and "2026-11-20" in text
        assert mail in ("digest", "now") and client == str(ACME) and project == str(pid)
    assert count(stack, f"mails WHERE kind = 'status-report' AND body_text LIKE '%{summary}%'") == 0
    # the link opens the report for a contact told
    assert login_as(stack, "client@acme.test").get(link).status == 200


def test_published_report_is_immutable(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid)
    assert publish(pmc, rid).status == 303
    before = row(stack, rid)
    r = pmc.post(f"/status-reports/{rid}", report_data(summary="Rewriting history"))
    assert r.status == 409
    assert "cannot be changed" in r.text
    r = pmc.post(f"/status-reports/{rid}?format=xml", report_data(summary="Rewriting history"))
    assert r.status == 409
    assert "published" in r.xml().xpath("string(/page/flash)")
    assert row(stack, rid) == before


def test_publish_twice_is_409_and_sends_nothing_more(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid)
    assert publish(pmc, rid).status == 303
    before = row(stack, rid)
    mails = count(stack, "mails")
    r = publish(pmc, rid)
    assert r.status == 409 and "cannot be changed" in r.text
    assert row(stack, rid) == before
    assert len(events(stack, rid)) == 1 and count(stack, "mails") == mails
    assert count(stack, f"activity WHERE project_id = {pid} AND kind = 'status_report'") == 1


def test_the_database_refuses_to_change_a_published_report(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid)
    assert publish(pmc, rid).status == 303
    with pytest.raises(Exception):
        stack.sql(f"UPDATE status_reports SET summary = 'x' WHERE id = {rid}")
    with pytest.raises(Exception):
        stack.sql(f"DELETE FROM status_reports WHERE id = {rid}")
    assert row(stack, rid)["summary"] != "x"


def test_snapshot_keeps_its_figures_after_more_time_is_logged(stack, pmc, adminc):
    pid = new_project(pmc, stack)
    week, monday = fresh_week(2026)
    assert log(adminc, pid, day(monday, 0), "2").status == 303
    assert adminc.post("/time/submit", {"week": week}).status == 303
    rid = draft(pmc, pid, include_budget="1")
    assert publish(pmc, rid).status == 303
    snap = row(stack, rid)
    assert snap["snap_spent_minutes"] == "120" and int(snap["snap_spent_amount"]) > 0
    week2, monday2 = fresh_week(2026)
    assert log(adminc, pid, day(monday2, 1), "5").status == 303
    assert adminc.post("/time/submit", {"week": week2}).status == 303
    assert stack.scalar(f"SELECT c_minutes FROM time_rollup_project WHERE project_id = {pid}") == "420"
    assert row(stack, rid) == snap
    doc = pmc.get_xml(f"/status-reports/{rid}").xml()
    assert doc.xpath("string(/page/report/@snap-spent-minutes)") == "120"
    assert not doc.xpath("/page/figures")
    # a draft written now shows today's figures
    rid2 = draft(pmc, pid)
    doc = pmc.get_xml(f"/status-reports/{rid2}").xml()
    assert doc.xpath("string(/page/figures/@spent-minutes)") == "420"


def test_money_is_left_out_unless_ticked(stack, pmc):
    pid = new_project(pmc, stack)
    rid = draft(pmc, pid)        # include_budget not ticked
    assert publish(pmc, rid).status == 303
    s = row(stack, rid)
    assert s["snap_budget_minutes"] == "6000"
    assert s["snap_budget_amount"] is None and s["snap_spent_amount"] is None and s["snap_currency"] is None
    html = pmc.get(f"/status-reports/{rid}").text
    assert "Hours used" in html and "Budget used" not in html


# ------------------------------------------------------------ the client's side


def test_contacts_read_published_reports_only(stack, pmc, acmec, viewerc):
    pid = new_project(pmc, stack)
    pub = draft(pmc, pid, summary=unique("Published one"))
    assert publish(pmc, pub).status == 303
    dr = draft(pmc, pid, summary=unique("Still a draft"))
    for c in (acmec, viewerc):
        r = c.get_xml(f"/status-reports/{pub}")
        assert r.status == 200
        assert r.xml().xpath("string(/page/report/@state)") == "published"
        assert c.get(f"/status-reports/{pub}").status == 200
        assert c.get(f"/status-reports/{dr}").status == 404
        ids = c.get_xml(f"/projects/{pid}/status-reports").xml().xpath("/page/reports/report/@id")
        assert ids == [str(pub)]
        assert not c.get_xml(f"/projects/{pid}/status-reports").xml().xpath("/page/new-report")
    # the contact's page has no edit or publish form
    html = acmec.get(f"/status-reports/{pub}").text
    assert "/publish" not in html and "Draft" not in html


def test_other_clients_contact_gets_404_everywhere(stack, globexc):
    ids = [r[0] for r in stack.sql("SELECT s.id FROM status_reports s JOIN projects p ON p.id = s.project_id"
                                     " WHERE p.client_id = 1")]
    assert ids
    for rid in ids:
        assert globexc.get(f"/status-reports/{rid}").status == 404
        assert globexc.get_xml(f"/status-reports/{rid}").status == 404
    for pid in (1, 2, 3):
        assert globexc.get(f"/projects/{pid}/status-reports").status == 404


def test_portal_shows_the_latest_published_report_not_a_draft(stack, pmc, acmec):
    pid = new_project(pmc, stack)
    doc = acmec.get_xml(f"/portal/projects/{pid}").xml()
    assert not doc.xpath("/page/latest-report")
    assert "No status report has been published yet" in acmec.get(f"/portal/projects/{pid}").text
    old = draft(pmc, pid, period_date="2026-11-01", summary=unique("Older"))
    assert publish(pmc, old).status == 303
    newer = draft(pmc, pid, period_date="2026-11-15", summary=unique("Newer"))
    assert publish(pmc, newer).status == 303
    hidden = draft(pmc, pid, period_date="2026-11-21", summary=unique("Draft text"))
    doc = acmec.get_xml(f"/portal/projects/{pid}").xml()
    assert doc.xpath("string(/page/latest-report/@id)") == str(newer)
    html = acmec.get(f"/portal/projects/{pid}").text
    assert f'href="/status-reports/{newer}"' in html
    assert row(stack, newer)["summary"] in html
    assert row(stack, hidden)["summary"] not in html
    assert "published a status report on" in html          # the activity line


def test_demo_portal_has_a_latest_report(stack, acmec):
    doc = acmec.get_xml("/portal/projects/1").xml()
    assert doc.xpath("/page/latest-report/@id")


# ------------------------------------------------------------ webhooks and HubSpot


def test_webhooks_offer_the_event(stack, adminc):
    doc = adminc.get_xml("/settings/webhooks").xml()
    assert "status_report.published" in doc.xpath("/page/event-types/type/@name")


@pytest.fixture(scope="module")
def hs(stack):
    yield from hubspot_module(stack, login_as(stack, "admin@demo.test"))


def test_hubspot_note_on_the_deal(stack, hs, pmc):
    pid = new_project(hs["adm"], stack)
    events_of_ep = stack.scalar("SELECT events FROM webhook_endpoints WHERE kind = 'hubspot'")
    assert "status_report.published" in events_of_ep.split(",")

    def deal():
        for k, v in fake_call(hs["url"], "GET", "/_fake/state")[1]["deals"].items():
            if v.get("tandem_project_id") == str(pid):
                return k
    dk = wait_for(deal, what="the deal")
    summary = unique("Deal summary")
    rid = draft(pmc, pid, summary=summary, period_date="2026-11-19")
    assert publish(pmc, rid).status == 303

    def note_body():
        st = fake_call(hs["url"], "GET", "/_fake/state")[1]
        for a in st["associations"]:
            if a[0] == "notes" and a[3] == dk and a[4] == 214:
                body = st["notes"][a[1]]["hs_note_body"]
                if summary in body:
                    return body
    body = wait_for(note_body, what="the status report note")
    assert body.startswith("Tandem: Status report 2026-11-19 — amber (at risk): " + summary)
    assert f"/status-reports/{rid}" in body
