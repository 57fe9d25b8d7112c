"""Generic webhooks: signed Standard Webhooks deliveries from the outbox worker,
retries, ordering, leases, the delivery log, replay and test events.

Contract: DESIGN §8 (outbox, signature, retries, dead, replay, private
targets), the issue's list (410 disables, 3xx fails, Retry-After, two workers
never send twice, SIGKILL loses nothing)."""
import os
import signal
import subprocess
import time

import pytest

from conftest import ROOT, login_as
from fakes import (Receiver, VerifyError, create_endpoint, disable_endpoint, fast_settings,
                   new_client, new_project, outbox_worker_pids, set_setting,
                   verify_standard_webhook, wait_for)

PM_ID = 2
ALL_TYPES = ["client.created", "project.created", "project.stage_changed",
             "project.health_changed"]


@pytest.fixture(scope="module")
def adm(stack):
    fast_settings(stack)
    c = login_as(stack, "admin@demo.test")
    yield c
    # nothing created here keeps receiving events after the module
    stack.sql("UPDATE webhook_endpoints SET enabled = 0 WHERE kind = 'generic'")


@pytest.fixture
def recv():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def endpoint(adm, recv, stack):
    eid, secret = create_endpoint(adm, recv.url, events=ALL_TYPES)
    yield eid, secret
    disable_endpoint(stack, eid)


def stage(c, pid, to, note=None):
    d = {"stage": to}
    if note:
        d["note"] = note
    r = c.post(f"/projects/{pid}/stage", d)
    assert r.status == 303, r


def switched_off(stack, eid):
    wait_for(lambda: stack.scalar(f"SELECT enabled FROM webhook_endpoints WHERE id = {eid}") == "0",
             what="endpoint switched off")


def deliveries(stack, eid):
    return stack.sql(f"SELECT id, state, tries, COALESCE(last_status, '') FROM deliveries "
                     f"WHERE endpoint_id = {int(eid)} ORDER BY id")


# ------------------------------------------------------------ signed delivery


def test_each_event_type_arrives_signed(adm, recv, endpoint, stack):
    eid, secret = endpoint
    cid = new_client(adm)
    pid = new_project(adm, cid)
    stage(adm, pid, "planning")
    r = adm.post(f"/projects/{pid}/health", {"health": "amber"})
    assert r.status == 303
    wait_for(lambda: len(recv.ok()) >= 4, what="four deliveries")
    got = {}
    for req in recv.ok():
        ev = verify_standard_webhook(secret, req["headers"], req["body"])
        got[ev["type"]] = ev
        assert req["headers"]["webhook-id"] == ev["id"]
    assert sorted(got) == sorted(ALL_TYPES)
    assert got["project.stage_changed"]["data"]["to"] == "planning"
    assert got["client.created"]["data"]["client"]["id"] == cid


def test_checker_rejects_tampered_body(adm, recv, endpoint):
    eid, secret = endpoint
    new_client(adm)
    req = wait_for(lambda: recv.ok(), what="a delivery")[0]
    with pytest.raises(VerifyError):
        verify_standard_webhook(secret, req["headers"], req["body"].replace(b"client", b"clienT"))


def test_checker_rejects_old_timestamp(adm, recv, endpoint):
    eid, secret = endpoint
    new_client(adm)
    req = wait_for(lambda: recv.ok(), what="a delivery")[0]
    with pytest.raises(VerifyError):
        verify_standard_webhook(secret, req["headers"], req["body"], now=int(time.time()) + 3600)


def test_checker_rejects_wrong_secret(adm, recv, endpoint):
    eid, secret = endpoint
    new_client(adm)
    req = wait_for(lambda: recv.ok(), what="a delivery")[0]
    with pytest.raises(VerifyError):
        verify_standard_webhook("whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB", req["headers"], req["body"])


def test_event_filter_limits_types(adm, recv, stack):
    eid, _ = create_endpoint(adm, recv.url, events=["project.stage_changed"])
    try:
        cid = new_client(adm)
        pid = new_project(adm, cid)
        stage(adm, pid, "execution")
        wait_for(lambda: recv.ok(), what="a delivery")
        time.sleep(0.5)
        assert [e["type"] for e in recv.events()] == ["project.stage_changed"]
    finally:
        disable_endpoint(stack, eid)


# ------------------------------------------------------------ retries, order


def test_endpoint_down_then_back_gets_every_event_in_order(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 503
    cid = new_client(adm)
    pid = new_project(adm, cid)
    for s in ["planning", "execution", "closure", "planning", "execution"]:
        stage(adm, pid, s)
    wait_for(lambda: len(recv.requests) >= 3, what="failed attempts")
    time.sleep(1.0)
    recv.status = 200
    wait_for(lambda: len(recv.ok()) >= 7, timeout=40, what="all seven events")
    time.sleep(0.5)
    evs = recv.events()
    ids = [e["id"] for e in evs]
    assert len(ids) == len(set(ids)) == 7
    expected = [r[0] for r in stack.sql(
        f"SELECT event_uid FROM outbox WHERE client_id = {cid} ORDER BY id")]
    assert ids == expected
    assert [e["data"]["to"] for e in evs if e["type"] == "project.stage_changed"] == \
        ["planning", "execution", "closure", "planning", "execution"]


def test_failed_attempts_are_recorded(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 500
    recv.body = b"x" * 5000
    new_client(adm)
    wait_for(lambda: stack.scalar(
        f"SELECT COUNT(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
        f"WHERE d.endpoint_id = {eid}") not in (None, "0"), what="an attempt")
    row = stack.sql(f"SELECT a.http_status, a.latency_ms, LENGTH(a.response), a.error FROM delivery_attempts a "
                    f"JOIN deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = {eid} ORDER BY a.id LIMIT 1")[0]
    assert row[0] == "500"
    assert int(row[1]) >= 0
    assert row[2] == "2048"
    assert row[3] == "HTTP 500"


def test_3xx_is_a_failure_and_not_followed(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 302
    recv.headers = {"Location": recv.url + "/elsewhere"}
    new_client(adm)
    wait_for(lambda: len(recv.requests) >= 2, what="a retry")
    assert all(r["path"] == "/hook" for r in recv.requests)
    assert deliveries(stack, eid)[0][1] == "pending"
    assert deliveries(stack, eid)[0][3] == "302"


def test_retry_after_is_honoured(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 503
    recv.headers = {"Retry-After": "86400"}     # a day: 8.6 s at the test scale
    new_client(adm)
    wait_for(lambda: recv.requests, what="an attempt")
    wait_for(lambda: deliveries(stack, eid) and deliveries(stack, eid)[0][2] == "1", what="one try")
    gap = float(stack.scalar(f"SELECT TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), next_at) / 1e6 "
                             f"FROM deliveries WHERE endpoint_id = {eid}"))
    assert gap > 5.0       # the schedule alone would retry after 0.5 ms
    assert len(recv.requests) == 1


def test_410_disables_the_endpoint_and_admins_see_it(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 410
    new_client(adm)
    switched_off(stack, eid)
    assert stack.scalar(f"SELECT disabled_reason FROM webhook_endpoints WHERE id = {eid}") == "gone"
    assert deliveries(stack, eid)[0][1] == "dead"
    doc = adm.get_xml("/").xml()
    assert str(eid) in doc.xpath("/page/dashboard/endpoints-off/endpoint/@id")


def test_pm_does_not_see_switched_off_endpoints(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 410
    new_client(adm)
    switched_off(stack, eid)
    pm = login_as(stack, "pm@demo.test")
    assert not pm.get_xml("/").xml().xpath("/page/dashboard/endpoints-off")


def test_failing_for_three_days_disables(adm, recv, endpoint, stack):
    eid, _ = endpoint
    stack.sql(f"UPDATE webhook_endpoints SET failing_since = UTC_TIMESTAMP() - INTERVAL 4 DAY WHERE id = {eid}")
    # the worker checks once a minute; a restart makes it check at once
    for pid in outbox_worker_pids(stack):
        os.kill(pid, signal.SIGTERM)
    wait_for(lambda: stack.scalar(f"SELECT disabled_reason FROM webhook_endpoints WHERE id = {eid}") == "failing",
             timeout=20, what="switched off for failing")


def test_dead_after_the_last_attempt_then_replay(adm, recv, endpoint, stack):
    eid, _ = endpoint
    set_setting(stack, "retry_scale", "0.00001")
    try:
        recv.status = 500
        new_client(adm)
        wait_for(lambda: deliveries(stack, eid) and deliveries(stack, eid)[0][1] == "dead",
                 timeout=30, what="dead")
    finally:
        set_setting(stack, "retry_scale", "0.0001")
    did, state, tries, _ = deliveries(stack, eid)[0]
    assert tries == "10"
    assert len(recv.requests) == 10
    recv.status = 200
    r = adm.post(f"/deliveries/{did}/replay")
    assert r.status == 303 and r.header("location") == f"/settings/webhooks/{eid}"
    wait_for(lambda: recv.ok(), what="the replay")
    assert deliveries(stack, eid)[0][1] == "delivered"


def test_replay_of_a_delivered_one_sends_it_again(adm, recv, endpoint, stack):
    eid, _ = endpoint
    new_client(adm)
    wait_for(lambda: deliveries(stack, eid) and deliveries(stack, eid)[0][1] == "delivered", what="delivered")
    did = deliveries(stack, eid)[0][0]
    assert adm.post(f"/deliveries/{did}/replay").status == 303
    wait_for(lambda: len(recv.ok()) == 2, what="second copy")
    a, b = recv.ok()
    assert a["headers"]["webhook-id"] == b["headers"]["webhook-id"]


def test_replay_of_a_pending_one_is_refused(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 503
    recv.headers = {"Retry-After": "86400"}
    new_client(adm)
    wait_for(lambda: deliveries(stack, eid) and deliveries(stack, eid)[0][2] == "1", what="one try")
    did = deliveries(stack, eid)[0][0]
    r = adm.post(f"/deliveries/{did}/replay")
    assert r.status == 303
    assert deliveries(stack, eid)[0][2] == "1"
    assert len(recv.requests) == 1


def test_replay_unknown_delivery_is_404(adm):
    assert adm.post("/deliveries/999999999/replay").status == 404


def test_replay_needs_admin(adm, recv, endpoint, stack):
    eid, _ = endpoint
    new_client(adm)
    wait_for(lambda: deliveries(stack, eid), what="a delivery")
    pm = login_as(stack, "pm@demo.test")
    assert pm.post(f"/deliveries/{deliveries(stack, eid)[0][0]}/replay").status == 403


# ------------------------------------------------------------ workers, leases


def test_two_more_workers_never_send_twice(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.delay = 0.01
    procs = [subprocess.Popen([str(ROOT / stack.env["BIN"]), "-c", str(stack.var / "tandem.conf"),
                               "deliver"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
             for _ in range(2)]
    try:
        cids = [new_client(adm) for _ in range(40)]
        wait_for(lambda: len(recv.requests) >= 40, timeout=40, what="forty deliveries")
        time.sleep(1.0)
        ids = [r["headers"]["webhook-id"] for r in recv.requests]
        assert len(ids) == len(set(ids)) == 40
        assert len(cids) == 40
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=20)


def test_sigkill_of_the_worker_mid_batch_loses_nothing(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.delay = 1.5           # the batch is in flight when the worker dies
    cids = [new_client(adm) for _ in range(20)]
    wait_for(lambda: len(recv.requests) >= 1, what="the batch in flight")
    for pid in outbox_worker_pids(stack):
        os.kill(pid, signal.SIGKILL)
    recv.delay = 0
    wait_for(lambda: stack.scalar(f"SELECT COUNT(*) FROM deliveries WHERE endpoint_id = {eid} "
                                  f"AND state = 'delivered'") == "20", timeout=40, what="all delivered")
    before = int(stack.scalar(f"SELECT COUNT(*) FROM outbox WHERE client_id IN ({','.join(map(str, cids))})"))
    delivered = {r["headers"]["webhook-id"] for r in recv.ok()}
    assert before == 20 == len(delivered)
    wait_for(lambda: outbox_worker_pids(stack), what="a replacement worker")


# ------------------------------------------------------------ pages


def test_secret_is_shown_once(adm, recv, stack):
    eid, secret = create_endpoint(adm, recv.url, events=["client.created"])
    disable_endpoint(stack, eid)
    assert secret.startswith("whsec_")
    again = adm.get_xml(f"/settings/webhooks/{eid}").xml()
    assert again.xpath("string(/page/endpoint/secret)") == ""
    assert secret not in adm.get(f"/settings/webhooks/{eid}").text


def test_own_secret_is_used(adm, recv, stack):
    mine = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    eid, _ = create_endpoint(adm, recv.url, events=["client.created"], secret=mine)
    try:
        new_client(adm)
        req = wait_for(lambda: recv.ok(), what="a delivery")[0]
        verify_standard_webhook(mine, req["headers"], req["body"])
    finally:
        disable_endpoint(stack, eid)


def test_send_test_event(adm, recv, endpoint, stack):
    eid, secret = endpoint
    r = adm.post(f"/settings/webhooks/{eid}/test")
    assert r.status == 303
    req = wait_for(lambda: recv.ok(), what="the test event")[0]
    ev = verify_standard_webhook(secret, req["headers"], req["body"])
    assert ev["type"] == "webhook.test"


def test_test_event_goes_to_that_endpoint_only(adm, recv, endpoint, stack):
    eid, _ = endpoint
    other = Receiver()
    try:
        oid, _ = create_endpoint(adm, other.url)
        assert adm.post(f"/settings/webhooks/{eid}/test").status == 303
        wait_for(lambda: recv.ok(), what="the test event")
        time.sleep(0.5)
        assert other.requests == []
        disable_endpoint(stack, oid)
    finally:
        other.close()


def test_delivery_log_shows_attempts(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 500
    new_client(adm)
    wait_for(lambda: int(stack.scalar(
        f"SELECT COUNT(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
        f"WHERE d.endpoint_id = {eid}")) >= 2, what="two attempts")
    doc = adm.get_xml(f"/settings/webhooks/{eid}").xml()
    d = doc.xpath("/page/deliveries/delivery")[0]
    assert d.get("type") == "client.created"
    assert len(d.xpath("attempt")) >= 2
    assert d.xpath("attempt/@status")[0] == "500"
    assert d.xpath("attempt/@latency-ms")


def test_delivery_log_is_paginated(adm, recv, endpoint, stack):
    eid, _ = endpoint
    for _ in range(22):
        assert adm.post(f"/settings/webhooks/{eid}/test").status == 303
    p1 = adm.get_xml(f"/settings/webhooks/{eid}").xml()
    p2 = adm.get_xml(f"/settings/webhooks/{eid}?page=2").xml()
    assert len(p1.xpath("/page/deliveries/delivery")) == 20
    assert len(p2.xpath("/page/deliveries/delivery")) == 2
    assert p1.xpath("string(/page/pager/@total)") == "22"


def test_log_page_renders_html(adm, recv, endpoint):
    eid, _ = endpoint
    r = adm.get(f"/settings/webhooks/{eid}")
    assert r.status == 200 and b"Delivery log" in r.body


def test_list_page_renders(adm, endpoint):
    r = adm.get("/settings/webhooks")
    assert r.status == 200 and b"New endpoint" in r.body


def test_disabled_endpoint_gets_nothing_until_enabled(adm, recv, endpoint, stack):
    eid, _ = endpoint
    assert adm.post(f"/settings/webhooks/{eid}/enabled", {"enabled": "0"}).status == 303
    new_client(adm)
    time.sleep(0.7)
    assert recv.requests == []
    # events of the time it was off are not queued for it (fan-out at emit time)
    assert deliveries(stack, eid) == []
    assert adm.post(f"/settings/webhooks/{eid}/enabled", {"enabled": "1"}).status == 303
    new_client(adm)
    wait_for(lambda: recv.ok(), what="delivery after enabling")


def test_pending_deliveries_wait_while_disabled(adm, recv, endpoint, stack):
    eid, _ = endpoint
    recv.status = 503
    new_client(adm)
    wait_for(lambda: recv.requests, what="a failed attempt")
    assert adm.post(f"/settings/webhooks/{eid}/enabled", {"enabled": "0"}).status == 303
    # an attempt claimed before the switch-off may still be in flight: let it
    # end (still failing), then nothing more may arrive while disabled
    time.sleep(0.5)
    recv.status = 200
    n = len(recv.requests)
    time.sleep(0.7)
    assert len(recv.requests) == n
    assert not recv.ok()
    assert adm.post(f"/settings/webhooks/{eid}/enabled", {"enabled": "1"}).status == 303
    wait_for(lambda: recv.ok(), what="the pending one after enabling")


def test_update_endpoint(adm, recv, endpoint, stack):
    eid, _ = endpoint
    r = adm.post(f"/settings/webhooks/{eid}", [("name", "Renamed"), ("url", recv.url + "?v=2"),
                                               ("events", "client.created")])
    assert r.status == 303
    row = stack.sql(f"SELECT name, url, events FROM webhook_endpoints WHERE id = {eid}")[0]
    assert row == ("Renamed", recv.url + "?v=2", "client.created")


# ------------------------------------------------------------ bad input, access


def count_endpoints(stack):
    return int(stack.scalar("SELECT COUNT(*) FROM webhook_endpoints"))


@pytest.mark.parametrize("data,field", [
    ([("name", ""), ("url", "http://127.0.0.1:9/x")], "name"),
    ([("name", "n"), ("url", "ftp://example.com/x")], "url"),
    ([("name", "n"), ("url", "example.com/x")], "url"),
    ([("name", "n"), ("url", "http://user:pw@example.com/x")], "url"),
    ([("name", "n"), ("url", "http://example.com/x"), ("secret", "whsec_short")], "secret"),
    ([("name", "n"), ("url", "http://example.com/x"), ("secret", "nothing-like-a-secret-at-all-really")], "secret"),
])
def test_bad_endpoint_form_is_422_and_writes_nothing(adm, stack, data, field):
    n = count_endpoints(stack)
    r = adm.post("/settings/webhooks?format=xml", data)
    assert r.status == 422, r
    doc = r.xml()
    assert doc.xpath("/page/form-state[@for='endpoint']/error/@field") == [field]
    if field != "name":
        assert doc.xpath("string(/page/form-state[@for='endpoint']/value[@name='name'])") == "n"
    assert count_endpoints(stack) == n


def test_unknown_event_type_is_422(adm, stack):
    n = count_endpoints(stack)
    r = adm.post("/settings/webhooks?format=xml", [("name", "n"), ("url", "http://example.com/x"),
                                                    ("events", "client.deleted")])
    assert r.status == 422
    assert count_endpoints(stack) == n


def test_private_target_refused_when_not_allowed(adm, stack):
    set_setting(stack, "allow_private_targets", "0")
    try:
        n = count_endpoints(stack)
        for url in ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/x",
                    "http://[::1]/x", "http://169.254.169.254/latest"]:
            r = adm.post("/settings/webhooks?format=xml", [("name", "n"), ("url", url)])
            assert r.status == 422, url
        assert count_endpoints(stack) == n
    finally:
        set_setting(stack, "allow_private_targets", "1")


def test_private_address_refused_at_send_time(adm, recv, stack):
    # "vm" passes the text check but resolves to 127.0.0.1 (/etc/hosts)
    eid, _ = create_endpoint(adm, f"http://vm:{recv.port}/hook", events=["client.created"])
    set_setting(stack, "allow_private_targets", "0")
    try:
        new_client(adm)
        wait_for(lambda: stack.scalar(
            f"SELECT COUNT(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
            f"WHERE d.endpoint_id = {eid}") not in (None, "0"), what="a refused attempt")
        err = stack.scalar(f"SELECT a.error FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
                           f"WHERE d.endpoint_id = {eid} LIMIT 1")
        assert "not allowed" in err
        assert recv.requests == []
    finally:
        set_setting(stack, "allow_private_targets", "1")
        disable_endpoint(stack, eid)


def test_options_toggle_private_targets(adm, stack):
    assert adm.post("/settings/webhooks/options", {"allow_private_targets": "0"}).status == 303
    assert stack.scalar("SELECT value FROM settings WHERE name = 'allow_private_targets'") == "0"
    assert adm.post("/settings/webhooks/options", {"allow_private_targets": "1"}).status == 303
    assert stack.scalar("SELECT value FROM settings WHERE name = 'allow_private_targets'") == "1"


def test_bad_option_value_is_422(adm, stack):
    r = adm.post("/settings/webhooks/options", {"allow_private_targets": "maybe"})
    assert r.status == 422


def test_pm_cannot_see_webhooks(stack):
    pm = login_as(stack, "pm@demo.test")
    assert pm.get("/settings/webhooks").status == 403
    assert pm.post("/settings/webhooks", {"name": "x", "url": "http://example.com"}).status == 403


def test_create_without_csrf_is_refused(adm, stack):
    n = count_endpoints(stack)
    r = adm.post("/settings/webhooks", {"name": "x", "url": "http://example.com"}, csrf=False)
    assert r.status == 403
    assert count_endpoints(stack) == n


def test_unknown_endpoint_is_404(adm):
    assert adm.get("/settings/webhooks/999999999").status == 404
    assert adm.post("/settings/webhooks/999999999/test").status == 404


def test_bad_enabled_value_is_422(adm, endpoint):
    eid, _ = endpoint
    assert adm.post(f"/settings/webhooks/{eid}/enabled", {}).status == 422
