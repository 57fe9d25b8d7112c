"""Issue 11, one vocabulary, one list: every emitted event type can be subscribed to
(project.budget_threshold was missing from the webhook filter), the filter and the
README's table come from include/domain/event_types.def, and roles and access levels from
include/domain/roles.def are the only ones the forms, the sessions and `tandem user add` take."""
import re
import subprocess

import pytest

from conftest import ROOT, XML, unique
from fakes import create_endpoint, disable_endpoint, wait_for
from test_webhooks import adm, recv  # noqa: F401 (fixtures: signed-in admin, a receiver)
from time_helpers import MEMBER_ID, day, fresh_week, log, project_with

YEAR = 2043


def readme_event_types():
    """(type, subscribable) rows of README.md's table of events."""
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- event-types", 1)[1].split("<!-- /event-types -->", 1)[0]
    return [(m[1], m[2] == "yes") for m in re.finditer(r"^\| `([a-z_.]+)` \| .* \| (yes|no[^|]*) \|$",
                                                         block, re.M)]


def def_event_types():
    """(type, subscribable) of include/domain/event_types.def, in order."""
    out = []
    for line in (ROOT / "include/domain/event_types.def").read_text().splitlines():
        m = re.match(r'EV\(\w+, "([^"]+)", ([01]),', line)
        if m:
            out.append((m[1], m[2] == "1"))
    return out


def endpoint_events(stack, eid):
    return stack.scalar(f"SELECT events FROM webhook_endpoints WHERE id = {int(eid)}")


# ------------------------------------------------------------ the list


def test_readme_table_is_the_list():
    assert def_event_types(), "include/domain/event_types.def has no EV() lines"
    assert readme_event_types() == def_event_types()


def test_filter_offers_every_subscribable_type(adm):
    doc = adm.get_xml("/settings/webhooks").xml()
    offered = doc.xpath("/page/event-types/type/@name")
    assert offered == [t for t, sub in def_event_types() if sub]
    assert "project.budget_threshold" in offered
    assert "webhook.test" not in offered


def test_every_subscribable_type_can_be_saved_in_a_filter(adm, stack):
    types = [t for t, sub in def_event_types() if sub]
    eid, _ = create_endpoint(adm, "http://example.com/all", events=types)
    try:
        assert endpoint_events(stack, eid) == ",".join(types)
    finally:
        disable_endpoint(stack, eid)


def test_budget_threshold_alone_can_be_saved(adm, stack):
    eid, _ = create_endpoint(adm, "http://example.com/b", events=["project.budget_threshold"])
    try:
        assert endpoint_events(stack, eid) == "project.budget_threshold"
        doc = adm.get_xml(f"/settings/webhooks/{eid}").xml()
        assert doc.xpath("string(/page/endpoint/@events)") == "project.budget_threshold"
    finally:
        disable_endpoint(stack, eid)


@pytest.mark.parametrize("bad", ["webhook.test", "project.budget", "Project.Created",
                                 "client.created,project.created", " client.created"])
def test_filter_refuses_what_is_not_a_subscribable_type(adm, stack, bad):
    n = stack.scalar("SELECT COUNT(*) FROM webhook_endpoints")
    r = adm.post("/settings/webhooks", [("name", unique("ep")), ("url", "http://example.com/x"),
                                        ("events", bad)], headers=XML)
    assert r.status == 422, r
    assert r.xml().xpath("/page/form-state[@for='endpoint']/error")
    assert stack.scalar("SELECT COUNT(*) FROM webhook_endpoints") == n


def test_endpoint_filtered_on_budget_threshold_receives_it(adm, recv, stack, pmc, adminc, memberc):
    eid, _ = create_endpoint(adm, recv.url, events=["project.budget_threshold"])
    try:
        pid = project_with(stack, pmc, MEMBER_ID, budget_hours="10", budget_amount="1000.00")
        assert adminc.post("/settings/rates", {"user_id": str(MEMBER_ID), "effective_from": "2000-01-01",
                                               "bill_rate": "10.00", "cost_rate": "0.00",
                                               "project_id": str(pid)}).status == 303
        week, mon = fresh_week(YEAR)
        assert log(memberc, pid, day(mon, 0), "8").status == 303
        assert memberc.post("/time/submit", {"week": week}).status == 303
        wait_for(lambda: any(e["type"] == "project.budget_threshold" for e in recv.events()),
                 timeout=30, what="project.budget_threshold delivered")
        evs = recv.events()
        # the filter took nothing else (project.created of the same project included)
        assert {e["type"] for e in evs} == {"project.budget_threshold"}
        row = stack.sql(f"SELECT o.type FROM deliveries d JOIN outbox o ON o.id = d.outbox_id"
                        f" WHERE d.endpoint_id = {eid}")
        assert row and {r[0] for r in row} == {"project.budget_threshold"}
    finally:
        disable_endpoint(stack, eid)


def test_test_event_keeps_its_wire_type(adm, recv, stack):
    eid, _ = create_endpoint(adm, recv.url, events=["client.created"])
    try:
        assert adm.post(f"/settings/webhooks/{eid}/test", {}).status == 303
        wait_for(lambda: recv.events(), timeout=30, what="test event delivered")
        assert [e["type"] for e in recv.events()] == ["webhook.test"]
    finally:
        disable_endpoint(stack, eid)


# ------------------------------------------------------------ roles and access levels


def test_session_names_role_and_access(stack, adminc, acmec):
    assert adminc.get_xml("/").xml().xpath("string(/page/session/@role)") == "admin"
    doc = acmec.get_xml("/portal").xml()
    assert doc.xpath("string(/page/session/@role)") == "client"
    assert doc.xpath("string(/page/session/@access)") in ("view", "comment", "approve")


@pytest.mark.parametrize("role", ["client", "Admin", "root", ""])
def test_user_form_takes_only_staff_roles(stack, adminc, role):
    email = unique("vocab") + "@team.test"
    r = adminc.post("/settings/users", {"name": unique("V"), "email": email, "role": role,
                                        "hourly_rate": "10.00", "password": "correct horse battery"},
                    headers=XML)
    assert r.status == 422, r
    assert "role" in r.xml().xpath("/page/form-state[@for='user']/error/@field")
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{email}'") == "0"


@pytest.mark.parametrize("role", ["admin", "pm", "member"])
def test_user_form_takes_each_staff_role(stack, adminc, role):
    email = unique("vocab") + "@team.test"
    r = adminc.post("/settings/users", {"name": unique("V"), "email": email, "role": role,
                                        "hourly_rate": "10.00", "password": "correct horse battery"})
    assert r.status == 303, r
    assert stack.scalar(f"SELECT role FROM users WHERE email = '{email}'") == role


@pytest.mark.parametrize("access", ["approved", "View", "none", ""])
def test_contact_form_takes_only_access_levels(stack, pmc, access):
    from fakes import new_client
    cid = new_client(pmc)
    email = unique("c") + "@contact.test"
    r = pmc.post(f"/clients/{cid}/contacts", {"name": unique("C"), "email": email, "access": access},
                 headers=XML)
    assert r.status == 422, r
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{email}'") == "0"


@pytest.mark.parametrize("role", ["client", "Admin", "nobody"])
def test_cli_user_add_takes_only_staff_roles(stack, role):
    email = unique("cli") + "@team.test"
    env = dict(stack.env, TANDEM_PASSWORD="a long enough password")
    r = subprocess.run([stack.env["BIN"], "-c", str(stack.var / "tandem.conf"), "user", "add",
                        "--email", email, "--name", "X", "--role", role],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 2, r.stderr
    assert stack.scalar(f"SELECT COUNT(*) FROM users WHERE email = '{email}'") == "0"


def test_cli_user_add_takes_a_staff_role(stack):
    email = unique("cli") + "@team.test"
    env = dict(stack.env, TANDEM_PASSWORD="a long enough password")
    r = subprocess.run([stack.env["BIN"], "-c", str(stack.var / "tandem.conf"), "user", "add",
                        "--email", email, "--name", "X", "--role", "pm"],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert stack.scalar(f"SELECT role FROM users WHERE email = '{email}'") == "pm"


def test_user_forms_offer_the_staff_roles_from_the_list(stack, adminc):
    doc = adminc.get_xml("/settings/users").xml()
    assert doc.xpath("/page/role-choices/choice/@value") == ["admin", "pm", "member"]
    assert doc.xpath("/page/role-choices/choice/@name") == ["Admin", "Project manager", "Team member"]
    page = adminc.get("/settings/users").html()
    assert page.xpath("//select[@id='user-role']/option/@value") == ["admin", "pm", "member"]
    assert page.xpath("//select[@id='user-role']/option[@selected]/@value") == ["member"]
    pm = adminc.get("/settings/users/2").html()
    assert pm.xpath("//select[@id='user-role']/option/@value") == ["admin", "pm", "member"]
    assert pm.xpath("//select[@id='user-role']/option[@selected]/@value") == ["pm"]


def test_contact_forms_offer_the_access_levels_from_the_list(stack, adminc):
    from fakes import new_client
    cid = new_client(adminc)
    email = unique("c") + "@contact.test"
    assert adminc.post(f"/clients/{cid}/contacts", {"name": unique("C"), "email": email,
                                                     "access": "comment"}).status == 303
    doc = adminc.get_xml(f"/clients/{cid}").xml()
    assert doc.xpath("/page/access-choices/choice/@value") == ["view", "comment", "approve"]
    page = adminc.get(f"/clients/{cid}").html()
    assert page.xpath("//select[@id='contact-access']/option/@value") == ["view", "comment", "approve"]
    assert page.xpath("//select[@id='contact-access']/option[@selected]/@value") == ["view"]
    uid = stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")
    sel = page.xpath(f"//select[@id='access-{uid}']")[0]
    assert sel.xpath("option/@value") == ["view", "comment", "approve"]
    assert sel.xpath("option[@selected]/@value") == ["comment"]
    assert sel.xpath("option/text()") == ["View only", "Can comment", "Can approve"]
