"""Automations' pages (issue 13): the rules' list, the form (new, preset, edit) with a message
per bad field and nothing written, who may change what (admins every rule, a PM their own,
members nothing), the switch, delete with its confirmation, the run logs (a rule's, a
project's, the box of stopped and failed runs), "try against a past event", and the XML of
each page. The checks themselves are the domain's (rule_check): these tests hold the pages to
putting its problems on the fields and writing nothing."""
import pytest

from conftest import login_as, unique
from fakes import new_client, new_project, wait_for

PM_ID = 2     # pm@demo.test
LENA_ID = 4   # lena@demo.test, the other PM


@pytest.fixture(scope="module", autouse=True)
def switched_off_after(stack):
    """The rules made here act on nothing after this module (the stack is shared)."""
    first = int(stack.scalar("SELECT COALESCE(MAX(id), 0) FROM rules"))
    yield
    stack.sql(f"UPDATE rules SET enabled = 0 WHERE id > {first}")


@pytest.fixture(scope="module")
def lenac(stack):
    return login_as(stack, "lena@demo.test")


def rules_count(stack):
    return int(stack.scalar("SELECT COUNT(*) FROM rules"))


def rule_form(name=None, **over):
    """A good rule's form: on a project's stage change to planning, one task for the PM."""
    d = {"name": unique("Rule") if name is None else name, "scope": "all", "trigger": "project.stage_changed",
         "cond_field_0": "stage", "cond_op_0": "is", "cond_value_0": "planning",
         "act_kind_0": "create_task", "act_text_0": "Kick-off with {client}", "act_who_0": "pm",
         "act_start_0": "0", "act_due_0": "3"}
    d.update(over)
    return {k: v for k, v in d.items() if v is not None}


def create(c, **over):
    """POST /settings/automations as c; the new rule's id."""
    r = c.post("/settings/automations", rule_form(**over))
    assert r.status == 303, r
    loc = r.header("location")
    assert loc.startswith("/settings/automations/"), loc
    return int(loc.rsplit("/", 1)[1])


def pm_project(stack, pm_id=PM_ID):
    return int(stack.scalar(f"SELECT MIN(id) FROM projects WHERE pm_id = {pm_id}"))


def form_state(resp, form="rule"):
    doc = resp.xml()
    st = doc.xpath("/page/form-state[@for=$f]", f=form)
    assert len(st) == 1, resp.body[:2000]
    return ({v.get("name"): v.text or "" for v in st[0].xpath("value")},
            {e.get("field"): e.text or "" for e in st[0].xpath("error")})


# ------------------------------------------------------------ who may see and change


def test_member_gets_403_on_every_page(memberc, adminc, stack):
    rid = create(adminc)
    pid = pm_project(stack)
    for path in ["/settings/automations", "/settings/automations/new",
                 "/settings/automations/new?preset=kickoff", f"/settings/automations/{rid}",
                 f"/settings/automations/{rid}/try", f"/projects/{pid}/automations",
                 "/settings/automations?format=xml"]:
        assert memberc.get(path).status == 403, path
    before = rules_count(stack)
    for path, data in [("/settings/automations", rule_form()),
                       (f"/settings/automations/{rid}", rule_form(name="Renamed by member")),
                       (f"/settings/automations/{rid}/enabled", {"enabled": "1"}),
                       (f"/settings/automations/{rid}/delete", {"confirm": "1"})]:
        assert memberc.post(path, data).status == 403, path
    assert rules_count(stack) == before
    assert stack.scalar(f"SELECT CONCAT(name <> 'Renamed by member', enabled) FROM rules WHERE id = {rid}") == "10"


def test_admin_creates_a_rule_by_form(adminc, stack):
    name = unique("Admin rule")
    rid = create(adminc, name=name, enabled="1")
    row = stack.sql(f"SELECT name, enabled, owner_id, scope, trigger_code FROM rules WHERE id = {rid}")
    assert row == [(name, "1", "1", "all", "project.stage_changed")]
    page = adminc.get(f"/settings/automations/{rid}")
    assert page.status == 200
    doc = page.html()
    assert doc.xpath("string(//h1)") == name
    # the form comes back filled from the stored rule
    assert doc.xpath("//form[@action=$a]//input[@name='act_text_0']/@value",
                     a=f"/settings/automations/{rid}") == ["Kick-off with {client}"]
    assert doc.xpath("//select[@name='trigger']//option[@selected]/@value") == ["project.stage_changed"]
    x = adminc.get_xml(f"/settings/automations/{rid}").xml()
    rule = x.xpath("/page/rule")[0]
    assert rule.get("id") == str(rid) and rule.get("may-change") == "1"
    assert [(c.get("field"), c.get("op"), c.get("value")) for c in rule.xpath("condition")] == \
        [("stage", "is", "planning")]
    assert [(a.get("kind"), a.get("who"), a.get("due")) for a in rule.xpath("action")] == \
        [("create_task", "pm", "3")]
    assert adminc.post(f"/settings/automations/{rid}/enabled", {"enabled": "0"}).status == 303


def test_pm_creates_a_rule_on_their_project(pmc, stack):
    pid = pm_project(stack)
    rid = create(pmc, scope="project", scope_project=str(pid))
    assert stack.sql(f"SELECT owner_id, scope, scope_id FROM rules WHERE id = {rid}") == \
        [(str(PM_ID), "project", str(pid))]
    rid = create(pmc, scope="mine")
    assert stack.scalar(f"SELECT scope FROM rules WHERE id = {rid}") == "mine"


def test_pm_may_not_write_a_rule_for_all_projects_or_another_pms_project(pmc, stack):
    other = pm_project(stack, LENA_ID)
    before = rules_count(stack)
    assert pmc.post("/settings/automations", rule_form(scope="all")).status == 403
    assert pmc.post("/settings/automations",
                    rule_form(scope="project", scope_project=str(other))).status == 403
    assert rules_count(stack) == before


def test_pm_editing_another_pms_rule_is_403_and_nothing_changes(pmc, lenac, stack):
    rid = create(lenac, scope="mine")
    before = stack.sql(f"SELECT name, enabled, updated_at FROM rules WHERE id = {rid}")
    assert pmc.post(f"/settings/automations/{rid}", rule_form(name="Taken over", scope="mine")).status == 403
    assert pmc.post(f"/settings/automations/{rid}/enabled", {"enabled": "1"}).status == 403
    assert pmc.post(f"/settings/automations/{rid}/delete", {"confirm": "1"}).status == 403
    assert stack.sql(f"SELECT name, enabled, updated_at FROM rules WHERE id = {rid}") == before
    # the PM reads it, without a form to change it
    page = pmc.get(f"/settings/automations/{rid}")
    assert page.status == 200
    doc = page.html()
    assert not doc.xpath(f"//form[@action='/settings/automations/{rid}']")
    assert not doc.xpath(f"//form[@action='/settings/automations/{rid}/delete']")
    assert pmc.get_xml(f"/settings/automations/{rid}").xml().xpath("string(/page/rule/@may-change)") == "0"


def test_admin_changes_a_pms_rule(adminc, lenac, stack):
    rid = create(lenac, scope="mine")
    name = unique("Admin edit")
    r = adminc.post(f"/settings/automations/{rid}", rule_form(name=name, scope="mine"))
    assert r.status == 303 and r.header("location") == f"/settings/automations/{rid}"
    assert stack.sql(f"SELECT name, owner_id FROM rules WHERE id = {rid}") == [(name, str(LENA_ID))]


# ------------------------------------------------------------ refused forms


BAD = [
    # (what, form changes, the field whose message says so)
    ("unknown trigger", {"trigger": "project.exploded"}, "trigger"),
    ("a field the trigger does not carry", {"cond_field_0": "score", "cond_op_0": "le",
                                           "cond_value_0": "2"}, "cond_field_0"),
    ("an unknown placeholder", {"act_text_0": "Hello {nope}"}, "act_text_0"),
    ("no action", {"act_kind_0": "", "act_text_0": "", "act_who_0": "", "act_start_0": "",
                   "act_due_0": ""}, "_form"),
    ("a time trigger without its days", {"trigger": "project.quiet", "cond_field_0": "",
                                         "cond_op_0": "", "cond_value_0": ""}, "days"),
    ("no name", {"name": ""}, "name"),
]


@pytest.mark.parametrize("what,over,field", BAD, ids=[b[0] for b in BAD])
def test_a_bad_rule_is_422_with_values_kept_and_nothing_written(adminc, stack, what, over, field):
    before = rules_count(stack)
    sent = rule_form(**over)
    r = adminc.post("/settings/automations?format=xml", sent)
    assert r.status == 422, r
    values, errors = form_state(r)
    assert field in errors and errors[field], (what, errors)
    for k, v in sent.items():
        if v:
            assert values.get(k) == v, (k, values)
    assert rules_count(stack) == before
    # the HTML form shows the message on its field and keeps what was typed
    r = adminc.post("/settings/automations", sent)
    assert r.status == 422
    doc = r.html()
    if field == "_form":
        assert doc.xpath("//div[contains(@class,'form-errors')]//p[contains(@class,'form-errors-item')]")
    else:
        assert doc.xpath(f"//*[@id='rule-{field}-error']"), field
        assert doc.xpath(f"//*[@name='{field}' and @aria-invalid='true']"), field
    assert doc.xpath("//input[@name='act_text_0']/@value") == [sent.get("act_text_0", "")] or \
        not sent.get("act_text_0")


def test_every_bad_field_gets_its_message_at_once(adminc, stack):
    before = rules_count(stack)
    r = adminc.post("/settings/automations?format=xml", rule_form(
        name="", cond_field_0="score", cond_op_0="le", cond_value_0="2",
        act_text_0="Hi {nope}", act_kind_1="set_health", act_value_1="purple"))
    assert r.status == 422
    _, errors = form_state(r)
    assert {"name", "cond_field_0", "act_text_0", "act_value_1"} <= set(errors), errors
    assert rules_count(stack) == before


def test_a_bad_edit_is_422_and_the_rule_is_unchanged(adminc, stack):
    rid = create(adminc)
    before = stack.sql(f"SELECT name, trigger_code, conditions, actions FROM rules WHERE id = {rid}")
    r = adminc.post(f"/settings/automations/{rid}?format=xml",
                    rule_form(name="Changed", act_text_0="{nope}"))
    assert r.status == 422
    values, errors = form_state(r)
    assert "act_text_0" in errors and values["name"] == "Changed"
    assert stack.sql(f"SELECT name, trigger_code, conditions, actions FROM rules WHERE id = {rid}") == before


# ------------------------------------------------------------ presets, switch, delete


def test_a_preset_fills_the_form(pmc, adminc):
    lst = adminc.get_xml("/settings/automations").xml()
    codes = lst.xpath("/page/presets/preset/@code")
    assert "kickoff" in codes and len(codes) >= 5
    doc = pmc.get("/settings/automations/new?preset=kickoff").html()
    assert doc.xpath("//input[@name='name']/@value") == ["Kick-off tasks"]
    assert doc.xpath("//select[@name='trigger']//option[@selected]/@value") == ["project.stage_changed"]
    assert doc.xpath("//select[@name='cond_field_0']/option[@selected]/@value") == ["stage"]
    assert doc.xpath("//input[@name='cond_value_0']/@value") == ["planning"]
    assert doc.xpath("//select[@name='act_kind_0']/option[@selected]/@value") == ["create_task"]
    assert doc.xpath("//input[@name='act_text_0']/@value") == ["Kick-off meeting with {client}"]
    # a PM's preset is for the projects they manage
    assert doc.xpath("//select[@name='scope']/option[@selected]/@value") == ["mine"]
    assert not doc.xpath("//select[@name='scope']/option[@value='all']")
    # the presets are offered on the list, each a link to the form
    html = adminc.get("/settings/automations").html()
    assert html.xpath("//a[@href='/settings/automations/new?preset=kickoff']")
    assert adminc.get("/settings/automations/new?preset=nope").status == 404


def test_saving_a_preset_as_a_pm(pmc, stack):
    doc = pmc.get_xml("/settings/automations/new?preset=kickoff").xml()
    rule = doc.xpath("/page/rule")[0]
    form = {"name": rule.get("name"), "scope": "mine", "trigger": rule.get("trigger")}
    for c in rule.xpath("condition"):
        n = c.get("n")
        form.update({f"cond_field_{n}": c.get("field"), f"cond_op_{n}": c.get("op"),
                     f"cond_value_{n}": c.get("value")})
    for a in rule.xpath("action"):
        n = a.get("n")
        for k in ("kind", "text", "body", "who", "start", "due", "value"):
            if a.get(k):
                form[f"act_{k}_{n}"] = a.get(k)
        if a.get("visible") == "1":
            form[f"act_visible_{n}"] = "1"
    r = pmc.post("/settings/automations", form)
    assert r.status == 303, r
    rid = int(r.header("location").rsplit("/", 1)[1])
    assert stack.scalar(f"SELECT JSON_LENGTH(actions) FROM rules WHERE id = {rid}") == "3"


def test_switch_on_and_off(adminc, stack):
    rid = create(adminc)
    assert stack.scalar(f"SELECT enabled FROM rules WHERE id = {rid}") == "0"
    r = adminc.post(f"/settings/automations/{rid}/enabled", {"enabled": "1"})
    assert r.status == 303 and r.header("location") == f"/settings/automations/{rid}"
    assert stack.scalar(f"SELECT enabled FROM rules WHERE id = {rid}") == "1"
    assert adminc.post(f"/settings/automations/{rid}/enabled", {"enabled": "0"}).status == 303
    assert stack.scalar(f"SELECT enabled FROM rules WHERE id = {rid}") == "0"
    assert adminc.post(f"/settings/automations/{rid}/enabled", {"enabled": "maybe"}).status == 422
    assert adminc.post("/settings/automations/987654321/enabled", {"enabled": "1"}).status == 404


def test_delete_asks_first(adminc, stack):
    rid = create(adminc)
    doc = adminc.get(f"/settings/automations/{rid}").html()
    box = doc.xpath(f"//form[@action='/settings/automations/{rid}/delete']//input[@name='confirm']")
    assert box and box[0].get("required") == "required"
    r = adminc.post(f"/settings/automations/{rid}/delete?format=xml", {})
    assert r.status == 422
    _, errors = form_state(r, "delete")
    assert "confirm" in errors
    assert stack.scalar(f"SELECT COUNT(*) FROM rules WHERE id = {rid}") == "1"
    r = adminc.post(f"/settings/automations/{rid}/delete", {"confirm": "1"})
    assert r.status == 303 and r.header("location") == "/settings/automations"
    assert stack.scalar(f"SELECT COUNT(*) FROM rules WHERE id = {rid}") == "0"
    assert adminc.get(f"/settings/automations/{rid}").status == 404


# ------------------------------------------------------------ try, run logs


def stage_event(adminc, stack):
    """A project of the test's own moved to planning: (project id, the event's id)."""
    cid = new_client(adminc)
    pid = new_project(adminc, cid)
    assert adminc.post(f"/projects/{pid}/stage", {"stage": "planning"}).status == 303
    eid = int(stack.scalar("SELECT MAX(id) FROM outbox WHERE type = 'project.stage_changed'"
                           f" AND project_id = {pid}"))
    return pid, eid


def test_try_against_a_past_event_writes_nothing(adminc, stack):
    rid = create(adminc)  # off: a try runs it all the same
    pid, eid = stage_event(adminc, stack)
    picker = adminc.get_xml(f"/settings/automations/{rid}/try").xml()
    assert str(eid) in picker.xpath("/page/events/event/@id")
    html = adminc.get(f"/settings/automations/{rid}/try").html()
    assert html.xpath(f"//a[@href='/settings/automations/{rid}/try?event_id={eid}']")
    tasks = int(stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}"))
    r = adminc.get_xml(f"/settings/automations/{rid}/try?event_id={eid}")
    assert r.status == 200, r
    log = r.xml().xpath("/page/results/log")
    assert len(log) == 1
    cond = log[0].xpath("condition")
    assert [(c.get("field"), c.get("value"), c.get("actual"), c.get("ok")) for c in cond] == \
        [("stage", "planning", "planning", "1")]
    acts = log[0].xpath("action")
    assert [a.get("kind") for a in acts] == ["create_task"] and acts[0].get("outcome")
    page = adminc.get(f"/settings/automations/{rid}/try?event_id={eid}")
    assert page.status == 200 and "Nothing is written" in page.text
    assert int(stack.scalar(f"SELECT COUNT(*) FROM tasks WHERE project_id = {pid}")) == tasks
    assert stack.scalar(f"SELECT COUNT(*) FROM rule_runs WHERE rule_id = {rid}") == "0"
    # an event of another kind is not this rule's: 404, saying so
    other = stack.scalar("SELECT MAX(id) FROM outbox WHERE type = 'project.created'")
    r = adminc.get(f"/settings/automations/{rid}/try?event_id={other}")
    assert r.status == 404 and "is not a" in r.text
    assert adminc.get("/settings/automations/987654321/try").status == 404


def test_try_a_time_trigger_needs_no_event(adminc, stack):
    rid = create(adminc, trigger="project.quiet", days="30", cond_field_0="", cond_op_0="",
                 cond_value_0="")
    r = adminc.get_xml(f"/settings/automations/{rid}/try")
    assert r.status == 200, r
    doc = r.xml()
    assert not doc.xpath("/page/events") and doc.xpath("/page/results")
    assert adminc.get(f"/settings/automations/{rid}/try").status == 200
    assert stack.scalar(f"SELECT COUNT(*) FROM rule_runs WHERE rule_id = {rid}") == "0"


def test_a_run_is_logged_on_the_rule_and_the_project(adminc, stack):
    cid = new_client(adminc)
    pid = new_project(adminc, cid)
    name = unique("Logged rule")
    rid = create(adminc, name=name, enabled="1", scope="project", scope_project=str(pid))
    assert adminc.post(f"/projects/{pid}/stage", {"stage": "planning"}).status == 303
    wait_for(lambda: stack.scalar(f"SELECT state FROM rule_runs WHERE rule_id = {rid}") == "done",
             what="the rule's run")
    x = adminc.get_xml(f"/settings/automations/{rid}").xml()
    run = x.xpath("/page/runs/run")
    assert len(run) == 1 and run[0].get("state") == "done" and run[0].get("project-id") == str(pid)
    assert run[0].get("log") is None  # the JSON is turned into elements
    assert [(c.get("field"), c.get("actual"), c.get("ok")) for c in run[0].xpath("log/condition")] == \
        [("stage", "planning", "1")]
    act = run[0].xpath("log/action")
    assert len(act) == 1 and act[0].get("ok") == "1" and "task" in act[0].get("outcome")
    html = adminc.get(f"/settings/automations/{rid}").html()
    assert html.xpath("//ol[contains(@class,'rule-log-actions')]/li")
    # the project's log, linked from the project page
    assert adminc.get(f"/projects/{pid}").html().xpath(f"//a[@href='/projects/{pid}/automations']")
    p = adminc.get_xml(f"/projects/{pid}/automations").xml()
    assert name in p.xpath("/page/runs/run/@rule-name")
    assert adminc.get(f"/projects/{pid}/automations").status == 200
    assert adminc.get("/projects/987654321/automations").status == 404
    lst = adminc.get_xml("/settings/automations?page=1").xml()
    mine = [r for r in lst.xpath("/page/rules/rule") if r.get("id") == str(rid)]
    assert not mine or (mine[0].get("runs") == "1" and mine[0].get("last-state") == "done")


def test_stopped_and_failed_runs_are_shown_on_the_list(adminc, stack):
    rid = create(adminc)
    stack.sql("INSERT INTO rule_runs (rule_id, subject, depth, chain, state, next_at, created_at,"
              f" finished_at, log) VALUES ({rid}, 'event:{rid}1', 4, '7>8>9>{rid}', 'stopped',"
              " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), NULL),"
              f" ({rid}, 'event:{rid}2', 1, '{rid}', 'failed', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6),"
              " UTC_TIMESTAMP(6), '{\"trigger\":\"project.stage_changed\",\"conditions\":[],"
              "\"actions\":[{\"kind\":\"create_task\",\"ok\":false,\"outcome\":\"no project\"}]}')")
    stack.sql(f"UPDATE rule_runs SET error = 'the project is gone' WHERE rule_id = {rid} AND state = 'failed'")
    x = adminc.get_xml("/settings/automations").xml()
    runs = [r for r in x.xpath("/page/trouble/run") if r.get("rule-id") == str(rid)]
    assert [r.get("state") for r in runs] == ["failed", "stopped"]  # newest first
    assert runs[0].get("error") == "the project is gone"
    assert runs[1].get("chain") == f"7>8>9>{rid}"
    assert runs[0].xpath("log/action/@ok") == ["0"]
    html = adminc.get("/settings/automations").text
    assert f"7&gt;8&gt;9&gt;{rid}" in html or f"7>8>9>{rid}" in html
    assert "the project is gone" in html


def test_the_list_as_xml_and_its_pages(adminc, stack):
    rid = create(adminc, name=unique("AAA listed"))
    x = adminc.get_xml("/settings/automations").xml()
    assert x.xpath("string(/page/@name)") == "automation-list"
    rules = x.xpath("/page/rules/rule")
    assert rules and all(r.get("id") and r.get("name") and r.get("trigger") for r in rules)
    one = [r for r in rules if r.get("id") == str(rid)]
    if one:
        assert one[0].get("trigger-label") and one[0].get("owner-name") == "Dana Whitfield"
        assert one[0].get("enabled") == "0" and one[0].get("runs") == "0"
    # more than 50 rules: a second page
    stack.sql("INSERT INTO rules (name, owner_id, scope, trigger_code, conditions, actions,"
              " created_at, updated_at) SELECT CONCAT('zz paged ', seq), 1, 'all',"
              " 'project.stage_changed', '[]', '[]', UTC_TIMESTAMP(), UTC_TIMESTAMP()"
              " FROM seq_1_to_60")
    try:
        total = rules_count(stack)
        x = adminc.get_xml("/settings/automations").xml()
        assert len(x.xpath("/page/rules/rule")) == 50
        assert x.xpath("string(/page/pager/@total)") == str(total)
        x2 = adminc.get_xml("/settings/automations?page=2").xml()
        assert x2.xpath("/page/rules/rule") and \
            not set(x.xpath("/page/rules/rule/@id")) & set(x2.xpath("/page/rules/rule/@id"))
        assert adminc.get("/settings/automations").html().xpath("//nav[@class='pager']")
    finally:
        stack.sql("DELETE FROM rules WHERE name LIKE 'zz paged %'")


def test_the_pages_render_for_a_pm(pmc, stack):
    rid = create(pmc, scope="mine")
    for path in ["/settings/automations", "/settings/automations/new", f"/settings/automations/{rid}",
                 f"/settings/automations/{rid}/try", f"/projects/{pm_project(stack)}/automations"]:
        r = pmc.get(path)
        assert r.status == 200, (path, r)
        assert r.html().xpath("//a[@href='/settings/automations' and contains(@class,'nav-link')]")
    # a PM's scope choices: their projects only
    x = pmc.get_xml("/settings/automations/new").xml()
    assert set(x.xpath("/page/choices[@for='scope']/option/@value")) == {"mine", "project"}
    mine = {r[0] for r in stack.sql(f"SELECT id FROM projects WHERE pm_id = {PM_ID}")}
    assert set(x.xpath("/page/choices[@for='scope_project']/option/@value")) == mine
