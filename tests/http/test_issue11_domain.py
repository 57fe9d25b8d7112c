"""Issue 11: the domain functions called without a page.

Each tests/domain/d_<module> is a program linked with the core and domain objects only; it runs
one scenario in a transaction against this stack's database (committed on 0, rolled back
otherwise) and prints key=value lines ending with rc=N. These tests run them and check the rows,
the activity lines, the events and the mail with SQL, good paths and bad."""
import re
import subprocess

import pytest

from domain_util import DRIVERS, count, last_event, new_client, run, staff_id
from conftest import ROOT, unique


# ------------------------------------------------------------------ the harness itself

def test_a_driver_refuses_an_unknown_scenario_or_a_wrong_count(stack):
    run(stack, "project", "nonsense", expect_exit=2)
    run(stack, "project", "stage", "1", expect_exit=2)
    run(stack, "project", "stage", "x", "execution", "-", "0", expect_exit=2)


# ------------------------------------------------------------------ project

def test_project_create_writes_row_activity_and_event(stack):
    cid = new_client(stack)
    name = unique("Domain project ")
    out = run(stack, "project", "create", cid, name, "-", "tandem", actor=staff_id(stack))
    assert out["rc"] == 0
    pid = int(out["id"])
    assert stack.sql(f"SELECT name, client_id, stage FROM projects WHERE id = {pid}") == [
        (name, str(cid), "initiation")]
    assert stack.sql(f"SELECT kind, user_id, client_visible FROM activity WHERE project_id = {pid}") == [
        ("created", str(staff_id(stack)), "1")]
    ev = last_event(stack, "project.created", pid)
    assert ev["data"]["project"]["id"] == pid
    assert ev["data"]["project"]["source"] == "tandem"
    assert ev["data"]["project"]["code"] is None


def test_project_create_for_no_client_writes_nothing(stack):
    name = unique("Orphan ")
    before = count(stack, "SELECT COUNT(*) FROM outbox")
    out = run(stack, "project", "create", 987654321, name, "-", "tandem")
    assert out["rc"] == -1
    assert count(stack, f"SELECT COUNT(*) FROM projects WHERE name = '{name}'") == 0
    assert count(stack, "SELECT COUNT(*) FROM outbox") == before


def test_project_stage_and_health(stack):
    cid = new_client(stack)
    pid = int(run(stack, "project", "create", cid, unique("Staged "), "-", "hubspot")["id"])
    pm = staff_id(stack)
    assert run(stack, "project", "stage", pid, "planning", "kick-off done", 0, actor=pm)["rc"] == 0
    assert stack.scalar(f"SELECT stage FROM projects WHERE id = {pid}") == "planning"
    ev = last_event(stack, "project.stage_changed", pid)
    assert (ev["data"]["from"], ev["data"]["to"], ev["data"]["note"]) == ("initiation", "planning", "kick-off done")
    # an internal note stays out of the event and off the client's line
    assert run(stack, "project", "stage", pid, "execution", "margin talk", 1, actor=pm)["rc"] == 0
    ev = last_event(stack, "project.stage_changed", pid)
    assert ev["data"]["note"] is None and ev["data"]["note_internal"] is True
    assert stack.scalar(f"SELECT note_internal FROM activity WHERE project_id = {pid} AND kind = 'stage'"
                        " ORDER BY id DESC LIMIT 1") == "1"
    # the same stage again writes nothing
    n = count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}")
    assert run(stack, "project", "stage", pid, "execution", "-", 0)["rc"] == 2
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}") == n
    # an unknown project
    assert run(stack, "project", "stage", 987654321, "planning", "-", 0)["rc"] == 1
    # health: an internal line and its event
    assert run(stack, "project", "health", pid, "amber", "slipping", actor=pm)["rc"] == 0
    assert stack.sql(f"SELECT to_value, client_visible FROM activity WHERE project_id = {pid}"
                     " AND kind = 'health'") == [("amber", "0")]
    assert last_event(stack, "project.health_changed", pid) is not None
    assert run(stack, "project", "health", pid, "amber", "-")["rc"] == 2


# ------------------------------------------------------------------ change requests

def proposed_change(stack, pid, days=0, minutes=0, amount=0, status="proposed"):
    title = unique("Change ")
    stack.sql("INSERT INTO change_requests (project_id, title, impact_days, impact_minutes, impact_amount,"
              f" status, created_at, updated_at) VALUES ({pid}, '{title}', {days}, {minutes}, {amount},"
              f" '{status}', NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM change_requests WHERE title = '{title}'"))


def test_change_decide_approves_and_then_refuses_a_second_decision(stack):
    cid = new_client(stack)
    pid = int(run(stack, "project", "create", cid, unique("Changed "), "-", "tandem")["id"])
    chg = proposed_change(stack, pid, minutes=120, amount=5000)
    pm = staff_id(stack)
    out = run(stack, "change", "decide", chg, "approved", pm, "fine", actor=pm)
    assert out["rc"] == 0
    assert stack.sql(f"SELECT status, decided_by FROM change_requests WHERE id = {chg}") == [("approved", str(pm))]
    assert stack.sql(f"SELECT budget_minutes, budget_amount FROM projects WHERE id = {pid}") == [("720", "155000")]
    assert last_event(stack, "change.decided", pid)["data"]["decision"] == "approved"
    out = run(stack, "change", "decide", chg, "rejected", pm, "-", actor=pm)
    assert out["rc"] == 2 and out["why"]
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {chg}") == "approved"
    assert run(stack, "change", "decide", 987654321, "approved", pm, "-")["rc"] == 1


def test_change_decide_below_the_budget_floor_writes_nothing(stack):
    cid = new_client(stack)
    pid = int(run(stack, "project", "create", cid, unique("Floor "), "-", "tandem")["id"])
    stack.sql(f"UPDATE change_requests SET status = status WHERE project_id = {pid}")
    chg = proposed_change(stack, pid, minutes=-6000)
    events = count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}")
    out = run(stack, "change", "decide", chg, "approved", staff_id(stack), "-")
    assert out["rc"] == 2 and "below zero" in out["why"]
    assert stack.scalar(f"SELECT status FROM change_requests WHERE id = {chg}") == "proposed"
    assert stack.scalar(f"SELECT budget_minutes FROM projects WHERE id = {pid}") == "600"
    assert count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}") == events


# ------------------------------------------------------------------ surveys

def test_survey_send_asks_each_contact_once(stack):
    cid = new_client(stack, with_contact=True)
    pid = int(run(stack, "project", "create", cid, unique("Surveyed "), "-", "tandem")["id"])
    mails = count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'survey'")
    assert run(stack, "survey", "send", pid, cid, 0)["rc"] == 0
    assert count(stack, f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid}") == 1
    assert count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'survey'") == mails + 1
    # the same occasion again: nobody asked twice
    assert run(stack, "survey", "send", pid, cid, 0)["rc"] == 0
    assert count(stack, f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid}") == 1
    assert count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'survey'") == mails + 1


def test_survey_send_to_a_client_without_contacts_sends_nothing(stack):
    cid = new_client(stack)
    pid = int(run(stack, "project", "create", cid, unique("Nobody to ask "), "-", "tandem")["id"])
    assert run(stack, "survey", "send", pid, cid, 0)["rc"] == 0
    assert count(stack, f"SELECT COUNT(*) FROM surveys WHERE project_id = {pid}") == 0


# ------------------------------------------------------------------ outbox and activity

def test_outbox_emit_and_activity(stack):
    cid = new_client(stack)
    pid = int(run(stack, "project", "create", cid, unique("Events "), "-", "tandem")["id"])
    assert run(stack, "outbox", "emit", "project.budget_threshold", cid, pid, '{"threshold": 80}')["rc"] == 0
    ev = last_event(stack, "project.budget_threshold", pid)
    assert ev["type"] == "project.budget_threshold" and ev["data"] == {"threshold": 80}
    pm = staff_id(stack)
    assert run(stack, "outbox", "activity", cid, pid, "kpi", "a note", 1, actor=pm)["rc"] == 0
    assert stack.sql(f"SELECT user_id, note, client_visible FROM activity WHERE project_id = {pid}"
                     " AND kind = 'kpi'") == [(str(pm), "a note", "1")]


def test_outbox_refuses_an_unknown_type_and_bad_json(stack):
    before = count(stack, "SELECT COUNT(*) FROM outbox")
    assert run(stack, "outbox", "emit", "project.exploded", 1, 1, "{}")["rc"] == 1
    assert run(stack, "outbox", "emit", "project.created", 1, 1, "{not json")["rc"] == 1
    assert count(stack, "SELECT COUNT(*) FROM outbox") == before


def test_outbox_settings_read_the_table_with_defaults(stack):
    rows = dict(stack.sql("SELECT name, value FROM settings"))
    out = run(stack, "outbox", "settings")
    assert out["rc"] == 0
    assert float(out["retry_scale"]) == float(rows.get("retry_scale", "1"))
    assert int(out["lease_s"]) == int(rows.get("lease_seconds", "60"))
    assert out["hs_pipeline"] == rows.get("hubspot_pipeline", "default")
    assert out["hs_connected"] == ("1" if rows.get("hubspot_token") else "0")


@pytest.mark.parametrize("map_, key, want", [
    ("initiation=appointmentscheduled,closure=closedwon", "closure", "closedwon"),
    ("initiation=appointmentscheduled,closure=closedwon", "initiation", "appointmentscheduled"),
    ("initiation=appointmentscheduled", "closure", ""),       # absent
    ("planning_x=1,planning=2", "planning", "2"),              # no prefix match
    ("", "planning", ""),
])
def test_outbox_map_get(stack, map_, key, want):
    assert run(stack, "outbox", "map-get", map_, key)["value"] == want


@pytest.mark.parametrize("module", ["project", "change", "survey", "outbox"])
def test_each_driver_links_without_web_or_pages(module):
    """The drivers are linked with core and domain objects only (Makefile); their symbols
    show it: nothing of the front line, the page frame or a page."""
    syms = subprocess.run(["nm", str(DRIVERS / f"d_{module}")], capture_output=True, text=True,
                          check=True).stdout
    for s in (" route_dispatch", " render_page", " xml_page", " page_one_row", " sess_load"):
        assert s not in syms, s


def test_every_domain_module_is_called_without_a_page():
    """Each src/domain/<module>.c has a driver (tests/domain/) or a unit test (tests/unit/) that
    calls one of its functions: the domain is reachable, and tested, with no page in between."""
    callers = {p: p.read_text() for p in [*ROOT.glob("tests/domain/*.c"), *ROOT.glob("tests/unit/*.c")]}
    missing = []
    for src in sorted(ROOT.glob("src/domain/*.c")):
        obj = ROOT / "build/san" / src.relative_to(ROOT).with_suffix(".o")
        out = subprocess.run(["nm", "--defined-only", str(obj)], capture_output=True, text=True,
                             check=True).stdout
        funcs = [line.split()[2] for line in out.splitlines() if line.split()[1:2] == ["T"]]
        assert funcs, f"{src.name} defines no function"
        if not any(re.search(rf"\b{f}\s*\(", text) for f in funcs for text in callers.values()):
            missing.append(src.name)
    assert not missing, f"domain modules no driver or unit test calls: {missing}"
