"""Satisfaction surveys: sent when the chosen milestone is reached and at closure,
answered once at /s/{token} without signing in, scores and trend for staff only."""
import re

from conftest import XML, anon, form_state, unique
from plan_helpers import milestone, new_project
from smtp_sink import text_part

LINK = re.compile(r"(/s/[0-9a-f]{64})")


def survey_link(stack, email, after):
    m = stack.mail.wait_for(lambda m: email in m["rcpt"] and stack.mail.messages.index(m) >= after
                            and "/s/" in text_part(m["message"]))
    return LINK.search(text_part(m["message"])).group(1)


def answer(c, link, score, comment=""):
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/survey/@nonce)")
    return c.request("POST", link, body={"score": str(score), "comment": comment, "nonce": nonce})


def test_nps_at_chosen_milestone_answered_once(stack, pmc, acmec, globexc):
    pid = new_project(pmc, stack, client_id=1)
    mid = milestone(pmc, stack, pid)
    assert pmc.post(f"/projects/{pid}/surveys", {"kind": "nps", "milestone_id": str(mid),
                                                 "at_closure": "1"}).status == 303
    n = len(stack.mail.messages)
    assert pmc.post(f"/milestones/{mid}/reached").status == 303
    link = survey_link(stack, "client@acme.test", n)
    c = anon(stack)
    page = c.get(link, headers=XML)
    assert page.status == 200 and page.xml().xpath("string(/page/survey/@kind)") == "nps"
    r = answer(c, link, 9, "Great team")
    assert r.status == 303
    assert stack.scalar(f"SELECT score FROM surveys WHERE project_id = {pid} AND answered_at IS NOT NULL") == "9"
    again = answer(c, link, 3)
    assert again.status == 410
    assert c.get(link).status == 200   # the thank-you page (issue 10 item 11)
    assert stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE type = 'survey.answered' AND project_id = {pid}") == "1"
    # scores for staff only
    doc = pmc.get_xml(f"/projects/{pid}/surveys").xml()
    assert doc.xpath("string(/page/project-trend/month/@nps)") == "100"
    assert acmec.get(f"/projects/{pid}/surveys").status == 403
    assert globexc.get(f"/projects/{pid}/surveys").status == 403


def test_csat_at_closure_by_default(stack, pmc):
    pid = new_project(pmc, stack, client_id=1)
    n = len(stack.mail.messages)
    assert pmc.post(f"/projects/{pid}/stage", {"stage": "closure", "note": "done"}).status == 303
    link = survey_link(stack, "client@acme.test", n)
    c = anon(stack)
    assert c.get(link, headers=XML).xml().xpath("string(/page/survey/@kind)") == "csat"
    r = c.request("POST", link + "?format=xml", body={"score": "9", "nonce": c.get(link, headers=XML).xml().xpath("string(/page/survey/@nonce)")})
    assert r.status == 422
    assert "score" in form_state(r, "survey")[1]
    assert answer(c, link, 5).status == 303


def test_unknown_token_and_bad_nonce(stack, pmc):
    assert anon(stack).get("/s/" + "1" * 64).status == 404
    pid = new_project(pmc, stack, client_id=1)
    n = len(stack.mail.messages)
    pmc.post(f"/projects/{pid}/stage", {"stage": "closure", "note": "done"})
    link = survey_link(stack, "client@acme.test", n)
    r = anon(stack).request("POST", link, body={"score": "4", "nonce": "0" * 32})
    assert r.status == 403
    assert stack.scalar(f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid} AND answered_at IS NOT NULL") == "0"


def test_plan_validation(stack, pmc, memberc):
    pid = new_project(pmc, stack, client_id=1)
    r = pmc.post(f"/projects/{pid}/surveys?format=xml", {"kind": "nps", "milestone_id": "999999"})
    assert r.status == 422
    assert "milestone_id" in form_state(r, "plan")[1]
    assert memberc.post(f"/projects/{pid}/surveys", {"kind": "nps"}).status == 403


def test_plan_milestone_is_a_select_of_the_projects_milestones(stack, pmc):
    pid = new_project(pmc, stack, client_id=1)
    m1 = milestone(pmc, stack, pid, name="Design sign-off", due="2026-04-10")
    m2 = milestone(pmc, stack, pid, name="Launch", due="2026-05-20")
    other = new_project(pmc, stack, client_id=1)
    foreign = milestone(pmc, stack, other, name="Somebody else's", due="2026-04-01")
    doc = pmc.get_xml(f"/projects/{pid}/surveys").xml()
    assert doc.xpath("/page/milestones/milestone/@id") == [str(m1), str(m2)]
    html = pmc.get(f"/projects/{pid}/surveys").html()
    sel = html.xpath("//select[@name='milestone_id']")
    assert len(sel) == 1
    opts = [(o.get("value"), o.text_content().strip()) for o in sel[0].xpath("option")]
    assert opts == [("", "None"), (str(m1), "Design sign-off (due 2026-04-10)"),
                    (str(m2), "Launch (due 2026-05-20)")]
    assert not html.xpath("//input[@name='milestone_id']")
    # the saved choice is selected again
    assert pmc.post(f"/projects/{pid}/surveys", {"kind": "csat", "milestone_id": str(m2)}).status == 303
    html = pmc.get(f"/projects/{pid}/surveys").html()
    assert html.xpath("//select[@name='milestone_id']/option[@selected]/@value") == [str(m2)]
    # "none" clears it
    assert pmc.post(f"/projects/{pid}/surveys", {"kind": "csat", "milestone_id": ""}).status == 303
    assert stack.scalar(f"SELECT milestone_id IS NULL FROM survey_plans WHERE project_id = {pid}") == "1"
    assert foreign not in (m1, m2)


def test_plan_foreign_milestone_is_refused_nothing_written(stack, pmc):
    pid = new_project(pmc, stack, client_id=1)
    milestone(pmc, stack, pid)
    other = new_project(pmc, stack, client_id=2)
    foreign = milestone(pmc, stack, other)
    r = pmc.post(f"/projects/{pid}/surveys?format=xml",
                 {"kind": "nps", "milestone_id": str(foreign), "at_closure": "1"})
    assert r.status == 422
    values, errors = form_state(r, "plan")
    assert "milestone_id" in errors and values["milestone_id"] == str(foreign)
    assert values["kind"] == "nps"
    assert stack.scalar(f"SELECT COUNT(*) FROM survey_plans WHERE project_id = {pid}") == "0"
    # with a saved plan, the foreign id changes nothing either
    mid = milestone(pmc, stack, pid)
    assert pmc.post(f"/projects/{pid}/surveys", {"kind": "csat", "milestone_id": str(mid)}).status == 303
    before = stack.sql(f"SELECT * FROM survey_plans WHERE project_id = {pid}")
    r = pmc.post(f"/projects/{pid}/surveys", {"kind": "nps", "milestone_id": str(foreign)})
    assert r.status == 422
    assert stack.sql(f"SELECT * FROM survey_plans WHERE project_id = {pid}") == before
    # the re-shown page keeps the foreign value out of the list (it is not one of ours)
    assert str(foreign) not in r.html().xpath("//select[@name='milestone_id']/option/@value")


def test_staff_page_names_each_occasion_and_shows_the_trend(stack, pmc):
    """Surveys sent, with what they were sent for and their state; months with an arrow against
    the previous month of the same survey (on a fresh client, so the rows are only these)."""
    r = pmc.post("/clients", {"name": unique("Survey Client"), "cadence": "none"})
    assert r.status == 303
    cid = int(r.header("location").rsplit("/", 1)[1])
    pid = new_project(pmc, stack, client_id=cid)
    mid = milestone(pmc, stack, pid, name="Pilot live")
    who = [unique("sv") + "@x.test" for _ in range(4)]
    for i, email in enumerate(who):
        stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, active, hourly_rate,"
                  f" currency, created_at, updated_at) VALUES ('{email}', 'Contact {i}', 'client', {cid},"
                  " 'view', NULL, 1, 0, 'EUR', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    ids = [int(stack.scalar(f"SELECT id FROM users WHERE email = '{e}'")) for e in who]
    rows = [  # contact, kind, occasion, score, answered (or NULL), expires
        (ids[0], "csat", f"milestone-{mid}", "3", "'2026-09-10 10:00:00'", "'2026-09-30'"),
        (ids[1], "csat", f"milestone-{mid}", "5", "'2026-10-05 10:00:00'", "'2026-10-30'"),
        (ids[2], "csat", "closure", "NULL", "NULL", "UTC_TIMESTAMP() - INTERVAL 1 DAY"),
        (ids[3], "csat", "closure", "NULL", "NULL", "UTC_TIMESTAMP() + INTERVAL 9 DAY"),
    ]
    for n, (uid, kind, occ, score, at, exp) in enumerate(rows):
        stack.sql("INSERT INTO surveys (project_id, client_id, contact_id, kind, occasion, token_hash, expires_at,"
                  f" score, comment, created_at, answered_at) VALUES ({pid}, {cid}, {uid}, '{kind}', '{occ}',"
                  f" SHA2('{unique('tok')}', 256), {exp}, {score}, {'NULL' if score == 'NULL' else repr('ok ' + str(n))},"
                  f" '2026-09-01 09:00:00', {at})")
    page = pmc.get(f"/projects/{pid}/surveys")
    assert page.status == 200
    doc = page.html()
    sent = [[" ".join(td.text_content().split()) for td in tr.xpath("td")]
            for tr in doc.xpath("//table[contains(@class, 't-surveys')]/tbody/tr")]
    assert [s[0] for s in sent] == ["Contact 3", "Contact 2", "Contact 1", "Contact 0"]
    assert [s[2] for s in sent] == ["Project closure", "Project closure",
                                    "Milestone “Pilot live”", "Milestone “Pilot live”"]
    assert sent[0][4].startswith("Waiting") and sent[1][4].startswith("Expired")
    # (the row-sub spans are lines of their own on screen: text_content() runs them together)
    assert sent[2][4] == "5 / 5answered 5 Oct 2026“ok 1”"
    assert sent[3][4] == "3 / 5answered 10 Sep 2026“ok 0”"
    # the trend: September first, October up from 3
    trend = [[" ".join(td.text_content().split()) for td in tr.xpath("td")]
             for tr in doc.xpath("(//table[contains(@class, 't-trend')])[1]/tbody/tr")]
    assert trend == [["Sep 2026", "CSAT", "1", "3.0 / 5", "first month"],
                     ["Oct 2026", "CSAT", "1", "5.0 / 5", "↑ up from 3.0"]]


def test_client_page_shows_its_trend_to_staff_only(stack, pmc, acmec):
    r = pmc.post("/clients", {"name": unique("Trend Client"), "cadence": "none"})
    cid = int(r.header("location").rsplit("/", 1)[1])
    empty = pmc.get(f"/clients/{cid}").html()
    card = empty.xpath("//section[@aria-labelledby='satisfaction-h']")
    assert len(card) == 1 and "No answers yet." in card[0].text_content()
    pid = new_project(pmc, stack, client_id=cid)
    stack.sql("INSERT INTO users (email, name, role, client_id, access, active, hourly_rate, currency,"
              f" created_at, updated_at) VALUES ('{unique('tc')}@x.test', 'T', 'client', {cid}, 'view', 1, 0,"
              " 'EUR', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    uid = stack.scalar(f"SELECT MAX(id) FROM users WHERE client_id = {cid}")
    for occ, score, at in (("closure", 10, "2026-07-02"), ("milestone-0", 5, "2026-08-03"),
                           ("milestone-1", 6, "2026-08-20")):
        stack.sql("INSERT INTO surveys (project_id, client_id, contact_id, kind, occasion, token_hash, expires_at,"
                  f" score, created_at, answered_at) VALUES ({pid}, {cid}, {uid}, 'nps', '{occ}',"
                  f" SHA2('{unique('t')}', 256), '{at}', {score}, '{at}', '{at} 12:00:00')")
    doc = pmc.get(f"/clients/{cid}").html()
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("td")]
            for tr in doc.xpath("//section[@aria-labelledby='satisfaction-h']//tbody/tr")]
    # July: one promoter (NPS 100); August: two detractors (NPS -100)
    assert rows == [["Jul 2026", "NPS", "1", "100", "first month"],
                    ["Aug 2026", "NPS", "2", "-100", "↓ down from 100"]]
    # contacts never reach staff pages
    assert acmec.get(f"/clients/{cid}").status in (403, 404)
