"""The HubSpot connector against the fake HubSpot (tests/fakes/fake_hubspot.py):
clients to companies, projects to deals (stage map, amount, close date,
association), stage changes and decisions to notes; pacing under the shared
budget; 429 and 500 storms; the daily limit; `tandem hubspot sync`; settings.

Approving a document does not exist in Tandem yet: the approval.decided
mapping is exercised with an event written straight into the outbox."""
import json
import os
import subprocess
import time

import pytest

from conftest import ROOT, login_as, unique
import fakes
from fakes import STAGE_MAP, fake_call, hubspot_module, set_setting, wait_for



@pytest.fixture(scope="module")
def hs(stack):
    yield from hubspot_module(stack, login_as(stack, "admin@demo.test"))


def state(hs):
    return fake_call(hs["url"], "GET", "/_fake/state")[1]


def calls(hs):
    return fake_call(hs["url"], "GET", "/_fake/calls")[1]


def new_client(c, name=None):
    return fakes.new_client(c, name, domain="example.com")


def new_project(c, cid):
    return fakes.new_project(c, cid, budget_amount="12500.50")


def company_of(hs, cid):
    for k, v in state(hs)["companies"].items():
        if v.get("tandem_client_id") == str(cid):
            return k, v
    return None


def deal_of(hs, pid):
    for k, v in state(hs)["deals"].items():
        if v.get("tandem_project_id") == str(pid):
            return k, v
    return None


def settled(stack):
    return stack.scalar("SELECT COUNT(*) FROM deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                        "WHERE e.kind = 'hubspot' AND d.state = 'pending'") == "0"


# ------------------------------------------------------------ objects


def test_client_becomes_a_company(hs, stack):
    name = unique("Company")
    cid = new_client(hs["adm"], name)
    k, c = wait_for(lambda: company_of(hs, cid), what="the company")
    assert c["name"] == name and c["domain"] == "example.com"
    assert stack.scalar(f"SELECT remote_id FROM crm_links WHERE object = 'company' AND local_id = {cid}") == k


def test_project_becomes_a_deal_with_its_company(hs, stack):
    cid = new_client(hs["adm"])
    pid = new_project(hs["adm"], cid)
    dk, d = wait_for(lambda: deal_of(hs, pid), what="the deal")
    ck, _ = company_of(hs, cid)
    assert d["amount"] == "12500.50"
    assert d["closedate"] == "2026-06-30"
    assert d["dealstage"] == "appointmentscheduled"
    assert d["pipeline"] == "default"
    assert d["deal_currency_code"] == "EUR"
    wait_for(lambda: ["deals", dk, "companies", ck, 341] in state(hs)["associations"], what="association")


def test_upserts_name_their_id_property(hs, stack):
    cid = new_client(hs["adm"])
    new_project(hs["adm"], cid)
    wait_for(lambda: settled(stack), what="deliveries done")
    ups = [c for c in calls(hs) if c["path"].endswith("/batch/upsert")]
    assert ups
    for c in ups:
        for inp in c["body"]["inputs"]:
            assert inp["idProperty"] in ("tandem_client_id", "tandem_project_id")
            assert inp["properties"][inp["idProperty"]] == inp["id"]


def test_stage_change_moves_the_deal_and_adds_a_note(hs, stack):
    cid = new_client(hs["adm"])
    pid = new_project(hs["adm"], cid)
    # a note the PM shows to the client (issue 10 item 19: an internal one is not sent)
    r = hs["adm"].post(f"/projects/{pid}/stage", {"stage": "execution", "note": "Kick-off done",
                                                  "client_visible": "1"})
    assert r.status == 303
    wait_for(lambda: (deal_of(hs, pid) or (0, {}))[1].get("dealstage") == "contractsent", what="stage")
    dk, _ = deal_of(hs, pid)
    wait_for(lambda: settled(stack), what="the note sent")
    st = state(hs)
    notes = [a[1] for a in st["associations"] if a[0] == "notes" and a[3] == dk and a[4] == 214]
    assert len(notes) == 1
    body = st["notes"][notes[0]]["hs_note_body"]
    assert "execution" in body and "Kick-off done" in body


def test_closure_maps_to_closed_won(hs, stack):
    cid = new_client(hs["adm"])
    pid = new_project(hs["adm"], cid)
    assert hs["adm"].post(f"/projects/{pid}/stage", {"stage": "closure"}).status == 303
    wait_for(lambda: (deal_of(hs, pid) or (0, {}))[1].get("dealstage") == "closedwon", what="closed won")


def test_decision_events_become_notes_on_the_deal(hs, stack):
    # approval.decided has no producer yet (documents come later): write one
    cid = new_client(hs["adm"])
    pid = new_project(hs["adm"], cid)
    wait_for(lambda: deal_of(hs, pid), what="the deal")
    payload = json.dumps({"id": "evt_appr_" + str(pid), "type": "approval.decided",
                          "occurred_at": "2026-11-22T00:00:00.000Z",
                          "data": {"title": "Design v2", "decision": "approved", "note": "Looks great"}})
    stack.sql("INSERT INTO outbox (event_uid, type, client_id, project_id, payload, created_at) VALUES "
              f"('evt_appr_{pid}', 'approval.decided', {cid}, {pid}, '{payload}', UTC_TIMESTAMP(6))")
    stack.sql("INSERT INTO deliveries (outbox_id, endpoint_id, order_key, next_at, created_at) "
              "SELECT o.id, e.id, o.client_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM outbox o, webhook_endpoints e "
              f"WHERE o.event_uid = 'evt_appr_{pid}' AND e.kind = 'hubspot'")
    dk, _ = deal_of(hs, pid)

    def note_body():
        st = state(hs)
        for a in st["associations"]:
            if a[0] == "notes" and a[3] == dk and a[4] == 214:
                return st["notes"][a[1]]["hs_note_body"]
    body = wait_for(note_body, what="the note")
    assert "Design v2" in body and "approved" in body


def test_health_changes_do_not_reach_hubspot(hs, stack):
    cid = new_client(hs["adm"])
    pid = new_project(hs["adm"], cid)
    wait_for(lambda: settled(stack), what="deliveries done")
    n = len(calls(hs))
    assert hs["adm"].post(f"/projects/{pid}/health", {"health": "red"}).status == 303
    time.sleep(0.5)
    assert len(calls(hs)) == n


# ------------------------------------------------------------ pacing, storms


def test_burst_of_500_events_stays_under_the_limit_and_ends_synced(hs, stack):
    cid = new_client(hs["adm"])
    pids = [new_project(hs["adm"], cid) for _ in range(5)]
    wait_for(lambda: settled(stack), timeout=30, what="projects synced")
    fake_call(hs["url"], "POST", "/_fake/reset")
    fake_call(hs["url"], "POST", "/_fake/config", {"limit": 100, "window_ms": 1000})
    # the fake forgot everything: forget the links too, so objects are upserted again
    stack.sql("DELETE FROM crm_links")
    stages = ["planning", "execution", "closure", "initiation"]
    values = ",".join(
        f"('evt_b{time.time_ns() % 10**12}_{i}', 'project.stage_changed', {cid}, {pids[i % 5]}, "
        f"'{{\"data\":{{\"from\":\"planning\",\"to\":\"{stages[(i // 5) % 4]}\"}}}}', UTC_TIMESTAMP(6))"
        for i in range(500))
    t0 = time.time()
    stack.sql("INSERT INTO outbox (event_uid, type, client_id, project_id, payload, created_at) VALUES " + values)
    stack.sql("INSERT INTO deliveries (outbox_id, endpoint_id, order_key, next_at, created_at) "
              "SELECT o.id, e.id, o.client_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM outbox o, webhook_endpoints e "
              f"WHERE o.client_id = {cid} AND o.type = 'project.stage_changed' AND e.kind = 'hubspot'")
    stack.sql(f"UPDATE projects SET stage = 'execution' WHERE id = {pids[0]}")
    wait_for(lambda: settled(stack), timeout=120, step=0.5, what="500 events delivered")
    stats = fake_call(hs["url"], "GET", "/_fake/stats")[1]
    assert stats["max_in_window"] <= 100, stats
    assert stats["sent_429"] == 0, stats
    assert stack.scalar(f"SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id "
                        f"WHERE o.client_id = {cid} AND o.type = 'project.stage_changed' "
                        f"AND d.state = 'delivered'") == "500"
    assert deal_of(hs, pids[0])[1]["dealstage"] == "contractsent"
    assert len(state(hs)["notes"]) == 500
    print(f"burst: 500 events, {stats['calls']} calls in {time.time() - t0:.1f}s")


def test_429_storm_is_ridden_out(hs, stack):
    fake_call(hs["url"], "POST", "/_fake/fail", {"status": 429, "count": 6, "policy": "TEN_SECONDLY_ROLLING"})
    cid = new_client(hs["adm"])
    wait_for(lambda: company_of(hs, cid), timeout=30, what="the company after the storm")
    st = [c["status"] for c in calls(hs)]
    assert st.count(429) >= 6
    assert stack.scalar("SELECT COUNT(*) FROM delivery_attempts WHERE http_status = 429") not in (None, "0")


def test_500_storm_is_ridden_out(hs, stack):
    fake_call(hs["url"], "POST", "/_fake/fail", {"status": 500, "count": 5})
    cid = new_client(hs["adm"])
    wait_for(lambda: company_of(hs, cid), timeout=30, what="the company after the storm")


def test_daily_limit_parks_until_tomorrow(hs, stack):
    fake_call(hs["url"], "POST", "/_fake/config", {"daily_exhausted": True})
    try:
        cid = new_client(hs["adm"])
        wait_for(lambda: stack.scalar("SELECT parked_until IS NOT NULL FROM rate_budget WHERE name = 'hubspot'") == "1",
                 what="parked")
        n = len(calls(hs))
        time.sleep(0.5)
        assert len(calls(hs)) == n          # parked: no more calls
        row = stack.sql("SELECT d.tries, DATE(d.next_at) > UTC_DATE() FROM deliveries d JOIN outbox o ON o.id = d.outbox_id "
                        f"JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.kind = 'hubspot' AND o.client_id = {cid}")[0]
        assert row == ("0", "1")
    finally:
        fake_call(hs["url"], "POST", "/_fake/config", {"daily_exhausted": False})
        stack.sql("UPDATE rate_budget SET parked_until = NULL")
        stack.sql("UPDATE deliveries SET next_at = UTC_TIMESTAMP(6) WHERE state = 'pending'")
    wait_for(lambda: company_of(hs, cid), what="the company next 'day'")


def test_unknown_stage_is_dead_not_retried(hs, stack):
    old = stack.scalar("SELECT value FROM settings WHERE name = 'hubspot_stage_map'")
    set_setting(stack, "hubspot_stage_map", old.replace("appointmentscheduled", "nosuchstage"))
    try:
        cid = new_client(hs["adm"])
        pid = new_project(hs["adm"], cid)
        wait_for(lambda: stack.scalar(
            "SELECT d.state FROM deliveries d JOIN outbox o ON o.id = d.outbox_id JOIN webhook_endpoints e "
            f"ON e.id = d.endpoint_id WHERE e.kind = 'hubspot' AND o.project_id = {pid}") == "dead", what="dead")
        err = stack.scalar("SELECT d.last_error FROM deliveries d JOIN outbox o ON o.id = d.outbox_id "
                           f"WHERE o.project_id = {pid} AND o.type = 'project.created'")
        assert "nosuchstage" in err
    finally:
        set_setting(stack, "hubspot_stage_map", old)


def test_wrong_token_is_dead_with_the_reason(hs, stack):
    set_setting(stack, "hubspot_token", "pat-wrong")
    try:
        cid = new_client(hs["adm"])
        wait_for(lambda: stack.scalar(
            "SELECT d.state FROM deliveries d JOIN outbox o ON o.id = d.outbox_id JOIN webhook_endpoints e "
            f"ON e.id = d.endpoint_id WHERE e.kind = 'hubspot' AND o.client_id = {cid}") == "dead", what="dead")
        assert "401" in stack.scalar(f"SELECT d.last_error FROM deliveries d JOIN outbox o ON o.id = d.outbox_id "
                                     f"WHERE o.client_id = {cid} AND d.state = 'dead'")
    finally:
        set_setting(stack, "hubspot_token", "pat-test-token")


# ------------------------------------------------------------ full re-sync


def test_sync_command_sends_everything_again(hs, stack):
    wait_for(lambda: settled(stack), timeout=60, what="queue empty")
    stack.sql("UPDATE webhook_endpoints SET enabled = 0 WHERE kind = 'hubspot'")
    try:
        fake_call(hs["url"], "POST", "/_fake/reset")
        fake_call(hs["url"], "POST", "/_fake/config", {"limit": 100, "window_ms": 1000})
        stack.sql("DELETE FROM crm_links")
        out = subprocess.run([str(ROOT / stack.env["BIN"]), "-c", str(stack.var / "tandem.conf"),
                              "hubspot", "sync"], capture_output=True, text=True, timeout=300,
                             env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
        assert out.returncode == 0, out.stderr[-2000:]
        assert "companies:" in out.stderr and "deals:" in out.stderr
        assert "\r" not in out.stderr          # not a terminal: plain lines
        st = state(hs)
        nclients = int(stack.scalar("SELECT COUNT(*) FROM clients"))
        nprojects = int(stack.scalar("SELECT COUNT(*) FROM projects"))
        assert len(st["companies"]) == nclients
        assert len(st["deals"]) == nprojects
        assert fake_call(hs["url"], "GET", "/_fake/stats")[1]["max_in_window"] <= 100
    finally:
        stack.sql("UPDATE webhook_endpoints SET enabled = 1 WHERE kind = 'hubspot'")


def test_sync_without_connection_fails_plainly(hs, stack):
    stack.sql("UPDATE settings SET name = 'hubspot_token_off' WHERE name = 'hubspot_token'")
    try:
        out = subprocess.run([str(ROOT / stack.env["BIN"]), "-c", str(stack.var / "tandem.conf"),
                              "hubspot", "sync"], capture_output=True, text=True, timeout=60,
                             env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
        assert out.returncode == 1
        assert "not connected" in out.stderr
    finally:
        stack.sql("UPDATE settings SET name = 'hubspot_token' WHERE name = 'hubspot_token_off'")


# ------------------------------------------------------------ settings page


def test_settings_page_never_shows_the_secrets(hs, stack):
    r = hs["adm"].get_xml("/settings/hubspot")
    assert r.status == 200
    assert b"pat-test-token" not in r.body and b"test-client-secret" not in r.body
    doc = r.xml()
    assert doc.xpath("string(/page/hubspot/@token-set)") == "1"
    assert doc.xpath("string(/page/hubspot/@client-secret-set)") == "1"
    assert b"pat-test-token" not in hs["adm"].get("/settings/hubspot").body


def test_saving_without_a_token_keeps_the_stored_one(hs, stack):
    d = {"base_url": hs["url"], "pipeline": "default"}
    d.update(STAGE_MAP)
    assert hs["adm"].post("/settings/hubspot", d).status == 303
    assert stack.scalar("SELECT value FROM settings WHERE name = 'hubspot_token'") == "pat-test-token"


@pytest.mark.parametrize("field,value", [("base_url", "ftp://example.com"), ("base_url", ""),
                                         ("stage_planning", "a,b"), ("stage_closure", ""),
                                         ("pipeline", "")])
def test_bad_settings_are_422_and_change_nothing(hs, stack, field, value):
    before = stack.sql("SELECT name, value FROM settings ORDER BY name")
    d = {"base_url": hs["url"], "pipeline": "default"}
    d.update(STAGE_MAP)
    d[field] = value
    r = hs["adm"].post("/settings/hubspot?format=xml", d)
    assert r.status == 422
    assert r.xml().xpath("/page/form-state[@for='hubspot']/error/@field") == [field]
    assert stack.sql("SELECT name, value FROM settings ORDER BY name") == before


def test_settings_need_admin(hs, stack):
    pm = login_as(stack, "pm@demo.test")
    assert pm.get("/settings/hubspot").status == 403
    assert pm.post("/settings/hubspot", {"base_url": "https://x.example"}).status == 403


def test_hubspot_endpoint_has_a_delivery_log(hs, stack):
    eid = stack.scalar("SELECT id FROM webhook_endpoints WHERE kind = 'hubspot'")
    doc = hs["adm"].get_xml(f"/settings/webhooks/{eid}").xml()
    assert doc.xpath("string(/page/endpoint/@kind)") == "hubspot"
    assert doc.xpath("/page/deliveries/delivery/attempt")


def test_a_real_document_approval_becomes_a_note_on_the_deal(hs, stack):
    """Upload, ask the client, the client approves through the e-mailed link: the
    decision reaches the project's deal as a note, with the client's comment."""
    from conftest import anon, post_multipart
    from test_approvals import PNG, decide, in_days, link_for
    pid = new_project(hs["adm"], 1)          # Acme: client@acme.test may approve
    wait_for(lambda: deal_of(hs, pid), what="the deal")
    title = unique("Brochure")
    r = post_multipart(hs["adm"], f"/projects/{pid}/documents",
                       [("title", title), ("note", "v1"), ("client_visible", "1")],
                       [("file", "brochure.png", "image/png", PNG + unique("b").encode())])
    assert r.status == 303, r
    did = int(r.header("location").rsplit("/", 1)[1])
    n = len(stack.mail.messages)
    r = hs["adm"].post(f"/documents/{did}/approvals",
                       [("contact_id", "7"), ("due_date", in_days(5)), ("message", "Please approve")])
    assert r.status == 303, r
    link = link_for(stack, "client@acme.test", n)
    assert decide(anon(stack), link, comment="Ship it").status == 303
    dk, _ = deal_of(hs, pid)

    def note_body():
        st = state(hs)
        for a in st["associations"]:
            if a[0] == "notes" and a[3] == dk and a[4] == 214:
                body = st["notes"][a[1]]["hs_note_body"]
                if title in body:
                    return body
    body = wait_for(note_body, what="the approval note")
    assert "approve" in body and "Ship it" in body
