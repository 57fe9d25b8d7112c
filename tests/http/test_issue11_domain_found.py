"""Issue 11: the state changes of the foundation pages in the domain, called without a page.

tests/domain/d_client, d_project, d_user, d_report and d_webhook are programs linked with the
core and domain objects only; each runs one scenario in a transaction against this stack's
database (committed on 0, rolled back otherwise) and prints key=value lines ending with rc=N.
These tests check the rows, activity lines, events and mail with SQL, good paths and bad (an
unknown id, a refused state, and nothing half-written)."""
import contextlib
import json
import subprocess

import pytest

from conftest import unique
from domain_util import DRIVERS, count, last_event, new_client, run, staff_id


def client_event(stack, cid):
    row = stack.sql(f"SELECT payload FROM outbox WHERE type = 'client.created' AND client_id = {cid}"
                    " ORDER BY id DESC LIMIT 1")
    return json.loads(row[0][0]) if row else None


def new_project(stack, cid=None):
    cid = cid or new_client(stack)
    return cid, int(run(stack, "project", "create", cid, unique("Found project "), "-", "tandem")["id"])


def add_session(stack, uid):
    """A session of user uid, as a sign-in makes it."""
    tok = unique("sess")
    stack.sql("INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at)"
              f" VALUES (SHA2('{tok}', 256), {uid}, REPEAT('c', 43), UTC_TIMESTAMP(), UTC_TIMESTAMP(),"
              " UTC_TIMESTAMP() + INTERVAL 1 DAY)")


@contextlib.contextmanager
def settings_kept(stack, *names):
    """Run the block, then put the settings names back as they were (absent ones removed)."""
    quoted = ", ".join(f"'{n}'" for n in names)
    before = stack.sql(f"SELECT name, value FROM settings WHERE name IN ({quoted})")
    try:
        yield
    finally:
        stack.sql(f"DELETE FROM settings WHERE name IN ({quoted})")
        for name, value in before:
            value = value.replace("\\", "\\\\").replace("'", "''")
            stack.sql(f"INSERT INTO settings (name, value, updated_at) VALUES ('{name}', '{value}',"
                      " UTC_TIMESTAMP())")


def set_private(stack, on):
    assert run(stack, "webhook", "private", 1 if on else 0)["rc"] == 0


# ------------------------------------------------------------------ clients

def test_client_create_writes_row_activity_and_event(stack):
    name = unique("Found client ")
    pm = staff_id(stack)
    out = run(stack, "client", "create", name, "found.example.com", "-", "tandem", actor=pm)
    assert out["rc"] == 0
    cid = int(out["id"])
    assert stack.sql(f"SELECT name, domain, cadence FROM clients WHERE id = {cid}") == [
        (name, "found.example.com", "weekly")]
    assert stack.sql(f"SELECT kind, user_id, client_visible FROM activity WHERE client_id = {cid}") == [
        ("client_created", str(pm), "0")]
    ev = client_event(stack, cid)
    assert ev["data"]["client"] == {"id": cid, "name": name, "domain": "found.example.com",
                                    "source": "tandem"}


def test_client_create_for_hubspot_is_the_same_change_by_nobody(stack):
    name = unique("CRM company ")
    out = run(stack, "client", "create", name, "-", "-", "hubspot")
    cid = int(out["id"])
    assert stack.sql(f"SELECT kind, COALESCE(user_id, 'none') FROM activity WHERE client_id = {cid}") == [
        ("client_created", "none")]
    ev = client_event(stack, cid)
    assert ev["data"]["client"]["source"] == "hubspot" and ev["data"]["client"]["domain"] is None


def test_client_create_refused_by_the_database_writes_nothing(stack):
    events = count(stack, "SELECT COUNT(*) FROM outbox")
    clients = count(stack, "SELECT COUNT(*) FROM clients")
    assert run(stack, "client", "create", unique("Bad cadence "), "-", "yearly", "tandem")["rc"] == -1
    assert count(stack, "SELECT COUNT(*) FROM clients") == clients
    assert count(stack, "SELECT COUNT(*) FROM outbox") == events


def test_client_update(stack):
    cid = new_client(stack)
    name = unique("Renamed client ")
    assert run(stack, "client", "update", cid, name, "-", "monthly", "new notes")["rc"] == 0
    assert stack.sql(f"SELECT name, cadence, notes FROM clients WHERE id = {cid}") == [
        (name, "monthly", "new notes")]
    # the same values again: nothing changed, still done
    assert run(stack, "client", "update", cid, name, "-", "monthly", "new notes")["rc"] == 0
    assert run(stack, "client", "update", 987654321, name, "-", "monthly", "-")["rc"] == 1


def test_contact_create_invites_by_mail(stack):
    cid = new_client(stack)
    email = unique("found-contact") + "@domain.test"
    mails = count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'invite'")
    out = run(stack, "client", "contact", cid, "Connie Contact", email, "comment", actor=staff_id(stack))
    assert out["rc"] == 0
    uid = int(out["id"])
    assert stack.sql(f"SELECT role, client_id, access, active, password_hash IS NULL FROM users"
                     f" WHERE id = {uid}") == [("client", str(cid), "comment", "1", "1")]
    assert count(stack, f"SELECT COUNT(*) FROM invitations WHERE user_id = {uid} AND revoked_at IS NULL") == 1
    assert count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'invite'") == mails + 1
    assert stack.scalar("SELECT to_addr FROM mails WHERE kind = 'invite' ORDER BY id DESC LIMIT 1") == email


def test_contact_create_refusals_write_nothing(stack):
    cid = new_client(stack)
    users = count(stack, "SELECT COUNT(*) FROM users")
    mails = count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'invite'")
    invites = count(stack, "SELECT COUNT(*) FROM invitations")
    # an address another account has (a staff user's)
    assert run(stack, "client", "contact", cid, "Copy", "pm@demo.test", "view")["rc"] == 3
    assert run(stack, "client", "contact", 987654321, "Nobody's", unique("x") + "@domain.test",
               "view")["rc"] == 1
    assert count(stack, "SELECT COUNT(*) FROM users") == users
    assert count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'invite'") == mails
    assert count(stack, "SELECT COUNT(*) FROM invitations") == invites


def contact_of(stack, cid):
    return int(stack.scalar(f"SELECT id FROM users WHERE client_id = {cid} ORDER BY id DESC LIMIT 1"))


def test_contact_access(stack):
    cid = new_client(stack, with_contact=True)
    uid = contact_of(stack, cid)
    pm = staff_id(stack)
    assert run(stack, "client", "access", cid, uid, "view", actor=pm)["rc"] == 0
    assert stack.scalar(f"SELECT access FROM users WHERE id = {uid}") == "view"
    assert stack.sql(f"SELECT from_value, to_value, note, user_id, client_visible FROM activity"
                     f" WHERE client_id = {cid} AND kind = 'contact_access'") == [
        ("approve", "view", "Dora Contact: can approve \u2192 view only", str(pm), "0")]
    # the same level: nothing written
    assert run(stack, "client", "access", cid, uid, "view")["rc"] == 2
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE client_id = {cid}") == 1
    # a contact of another client is no contact of this one
    other = new_client(stack)
    assert run(stack, "client", "access", other, uid, "approve")["rc"] == 1
    assert stack.scalar(f"SELECT access FROM users WHERE id = {uid}") == "view"


def test_contact_deactivation_ends_sessions_and_revokes_links(stack):
    cid = new_client(stack)
    email = unique("leaving") + "@domain.test"
    uid = int(run(stack, "client", "contact", cid, "Lee Leaving", email, "approve")["id"])
    add_session(stack, uid)
    pm = staff_id(stack)
    assert run(stack, "client", "active", cid, uid, 0, actor=pm)["rc"] == 0
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "0"
    assert count(stack, f"SELECT COUNT(*) FROM sessions WHERE user_id = {uid}") == 0
    assert count(stack, f"SELECT COUNT(*) FROM invitations WHERE user_id = {uid} AND revoked_at IS NULL") == 0
    assert stack.sql(f"SELECT kind, note, user_id FROM activity WHERE client_id = {cid}") == [
        ("contact_deactivated", "Lee Leaving", str(pm))]
    # deactivating again: no second line
    assert run(stack, "client", "active", cid, uid, 0)["rc"] == 0
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE client_id = {cid}") == 1
    assert run(stack, "client", "active", cid, uid, 1, actor=pm)["rc"] == 0
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "1"
    assert stack.scalar(f"SELECT kind FROM activity WHERE client_id = {cid} ORDER BY id DESC LIMIT 1") == \
        "contact_reactivated"
    assert run(stack, "client", "active", cid, 987654321, 0)["rc"] == 1


# ------------------------------------------------------------------ projects and KPIs

def test_project_update(stack):
    cid, pid = new_project(stack)
    name = unique("Edited project ")
    events = count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}")
    assert run(stack, "project", "update", pid, cid, name, "2031-06-30")["rc"] == 0
    assert stack.sql(f"SELECT name, due_date, budget_minutes, budget_amount FROM projects WHERE id = {pid}") == [
        (name, "2031-06-30", "1200", "300000")]
    assert count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}") == events
    assert run(stack, "project", "update", 987654321, cid, name, "-")["rc"] == 1
    # a client that does not exist: the database refuses, nothing changes
    assert run(stack, "project", "update", pid, 987654321, unique("Moved "), "-")["rc"] == -1
    assert stack.scalar(f"SELECT name FROM projects WHERE id = {pid}") == name


def test_kpi_add_update_delete(stack):
    cid, pid = new_project(stack)
    pm = staff_id(stack)
    out = run(stack, "project", "kpi_add", pid, "Uptime", "99.9%", "-", actor=pm)
    assert out["rc"] == 0
    kid = int(out["id"])
    assert stack.sql(f"SELECT project_id, name, target, actual FROM project_kpis WHERE id = {kid}") == [
        (str(pid), "Uptime", "99.9%", "")]
    assert stack.sql(f"SELECT note, client_visible, user_id FROM activity WHERE project_id = {pid}"
                     " AND kind = 'kpi'") == [("Uptime: not measured yet (target 99.9%)", "1", str(pm))]
    out = run(stack, "project", "kpi_update", kid, "Uptime", "99.9%", "99.95%", actor=pm)
    assert (out["rc"], out["pid"]) == (0, str(pid))
    assert stack.scalar(f"SELECT actual FROM project_kpis WHERE id = {kid}") == "99.95%"
    assert stack.scalar(f"SELECT note FROM activity WHERE project_id = {pid} AND kind = 'kpi'"
                        " ORDER BY id DESC LIMIT 1") == "Uptime: 99.95% (target 99.9%)"
    # the same values: nothing written
    n = count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}")
    assert run(stack, "project", "kpi_update", kid, "Uptime", "99.9%", "99.95%")["rc"] == 2
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}") == n
    out = run(stack, "project", "kpi_delete", kid)
    assert (out["rc"], out["pid"]) == (0, str(pid))
    assert count(stack, f"SELECT COUNT(*) FROM project_kpis WHERE id = {kid}") == 0
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}") == n
    assert run(stack, "project", "kpi_delete", kid)["rc"] == 1
    assert run(stack, "project", "kpi_update", kid, "a", "b", "-")["rc"] == 1


def test_kpi_add_refusals_write_nothing(stack):
    cid, pid = new_project(stack)
    stack.sql("INSERT INTO project_kpis (project_id, name, target, actual, created_at, updated_at) VALUES "
              + ", ".join(f"({pid}, 'KPI {i}', 'x', '', NOW(), NOW())" for i in range(20)))
    acts = count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}")
    assert run(stack, "project", "kpi_add", pid, "One more", "x", "-")["rc"] == 3
    assert count(stack, f"SELECT COUNT(*) FROM project_kpis WHERE project_id = {pid}") == 20
    assert count(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {pid}") == acts
    kpis = count(stack, "SELECT COUNT(*) FROM project_kpis")
    assert run(stack, "project", "kpi_add", 987654321, "Nowhere", "x", "-")["rc"] == 1
    assert count(stack, "SELECT COUNT(*) FROM project_kpis") == kpis


# ------------------------------------------------------------------ staff users

def test_user_create_keeps_only_a_hash(stack):
    email = unique("found-staff") + "@demo.test"
    out = run(stack, "user", "create", "Fran Found", email, "member", "a long password 1")
    assert out["rc"] == 0
    uid = int(out["id"])
    row = stack.sql(f"SELECT role, active, hourly_rate, currency, password_hash FROM users WHERE id = {uid}")[0]
    assert row[:4] == ("member", "1", "9000", "EUR")
    assert row[4].startswith("$argon2id$") and "a long password" not in row[4]
    users = count(stack, "SELECT COUNT(*) FROM users")
    assert run(stack, "user", "create", "Copy", email, "pm", "a long password 2")["rc"] == 3
    assert run(stack, "user", "create", "Copy", "client@acme.test", "pm", "a long password 2")["rc"] == 3
    assert count(stack, "SELECT COUNT(*) FROM users") == users


def test_user_update_and_its_refusals(stack):
    uid = int(run(stack, "user", "create", "Ursula Update", unique("upd") + "@demo.test", "member",
                  "a long password 1")["id"])
    admin = staff_id(stack, "admin@demo.test")
    assert run(stack, "user", "update", uid, "Ursula Updated", "pm", 12000, "USD", actor=admin)["rc"] == 0
    assert stack.sql(f"SELECT name, role, hourly_rate, currency FROM users WHERE id = {uid}") == [
        ("Ursula Updated", "pm", "12000", "USD")]
    # no currency: kept
    assert run(stack, "user", "update", uid, "Ursula Updated", "pm", 13000, "-", actor=admin)["rc"] == 0
    assert stack.scalar(f"SELECT currency FROM users WHERE id = {uid}") == "USD"
    # an admin cannot demote themselves
    out = run(stack, "user", "update", admin, "Admin", "pm", 0, "-", actor=admin)
    assert out["rc"] == 2 and out["why"] == "You cannot take the admin role from yourself."
    assert stack.scalar(f"SELECT role FROM users WHERE id = {admin}") == "admin"
    assert run(stack, "user", "update", 987654321, "Nobody", "pm", 0, "-")["rc"] == 1
    # a client contact is not a staff user
    contact = int(stack.scalar("SELECT id FROM users WHERE email = 'client@acme.test'"))
    assert run(stack, "user", "update", contact, "Not staff", "pm", 0, "-")["rc"] == 1
    assert stack.scalar(f"SELECT role FROM users WHERE id = {contact}") == "client"


def test_user_deactivation_ends_sessions(stack):
    uid = int(run(stack, "user", "create", "Dee Active", unique("act") + "@demo.test", "member",
                  "a long password 1")["id"])
    add_session(stack, uid)
    admin = staff_id(stack, "admin@demo.test")
    assert run(stack, "user", "active", uid, 0, actor=admin)["rc"] == 0
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "0"
    assert count(stack, f"SELECT COUNT(*) FROM sessions WHERE user_id = {uid}") == 0
    assert run(stack, "user", "active", uid, 1, actor=admin)["rc"] == 0
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "1"
    out = run(stack, "user", "active", admin, 0, actor=admin)
    assert out["rc"] == 2 and out["why"] == "You cannot deactivate yourself."
    assert stack.scalar(f"SELECT active FROM users WHERE id = {admin}") == "1"
    assert run(stack, "user", "active", 987654321, 0)["rc"] == 1


# ------------------------------------------------------------------ status reports

def test_report_draft_then_publish(stack):
    cid = new_client(stack, with_contact=True)
    cid, pid = new_project(stack, cid)
    pm = staff_id(stack)
    out = run(stack, "report", "create", pid, "Going well.", "-", 0, actor=pm)
    assert out["rc"] == 0
    rid = int(out["id"])
    assert stack.sql(f"SELECT state, author_id, health, period_date = UTC_DATE() FROM status_reports"
                     f" WHERE id = {rid}") == [("draft", str(pm), "green", "1")]
    # a draft is the team's: no event, no mail, no activity
    assert last_event(stack, "status_report.published", pid) is None
    assert run(stack, "report", "update", rid, "Going very well.", "2030-01-15")["rc"] == 0
    assert stack.sql(f"SELECT summary, period_date, health FROM status_reports WHERE id = {rid}") == [
        ("Going very well.", "2030-01-15", "green")]
    mails = count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'status-report'")
    assert run(stack, "report", "publish", rid, actor=pm)["rc"] == 0
    assert stack.sql(f"SELECT state, published_by, snap_stage, snap_budget_minutes,"
                     f" COALESCE(snap_budget_amount, 'none') FROM status_reports WHERE id = {rid}") == [
        ("published", str(pm), "initiation", "600", "none")]
    assert stack.sql(f"SELECT to_value, note, client_visible FROM activity WHERE project_id = {pid}"
                     " AND kind = 'status_report'") == [("green", "Going very well.", "1")]
    ev = last_event(stack, "status_report.published", pid)
    assert ev["data"]["report_id"] == rid and ev["data"]["summary"] == "Going very well."
    assert ev["data"]["url"].endswith(f"/status-reports/{rid}")
    # the client's one contact who signs in is told (issue 12: a notification, no e-mail of its own)
    assert count(stack, "SELECT COUNT(*) FROM mails WHERE kind = 'status-report'") == mails
    told = f"SELECT COUNT(*) FROM notifications WHERE kind = 'report_published' AND link = '/status-reports/{rid}'"
    assert count(stack, told) == 1
    # published: a record, never changed
    events = count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}")
    out = run(stack, "report", "update", rid, "Rewritten.", "-")
    assert out["rc"] == 2 and out["published_at"]
    out = run(stack, "report", "publish", rid)
    assert out["rc"] == 2 and out["published_at"]
    assert stack.scalar(f"SELECT summary FROM status_reports WHERE id = {rid}") == "Going very well."
    assert count(stack, f"SELECT COUNT(*) FROM outbox WHERE project_id = {pid}") == events
    assert count(stack, told) == 1


def test_report_with_the_budget_snapshots_money(stack):
    cid, pid = new_project(stack)
    rid = int(run(stack, "report", "create", pid, "Money too.", "amber", 1)["id"])
    assert stack.scalar(f"SELECT health FROM status_reports WHERE id = {rid}") == "amber"
    assert run(stack, "report", "publish", rid)["rc"] == 0
    assert stack.sql(f"SELECT snap_budget_amount, snap_currency FROM status_reports WHERE id = {rid}") == [
        ("150000", "EUR")]


def test_report_unknown_ids(stack):
    reports = count(stack, "SELECT COUNT(*) FROM status_reports")
    assert run(stack, "report", "create", 987654321, "Nowhere.", "-", 0)["rc"] == 1
    assert run(stack, "report", "update", 987654321, "Nowhere.", "-")["rc"] == 1
    assert run(stack, "report", "publish", 987654321)["rc"] == 1
    assert count(stack, "SELECT COUNT(*) FROM status_reports") == reports


# ------------------------------------------------------------------ webhooks

LOCAL = "http://127.0.0.1:9/found"  # nothing listens: nothing is ever sent


@pytest.fixture
def endpoint(stack):
    """A generic endpoint of the test's own, switched off at once (nothing goes out to it)."""
    with settings_kept(stack, "allow_private_targets"):
        set_private(stack, True)
        out = run(stack, "webhook", "create", unique("Found hook "), LOCAL, "status_report.published", "-")
        assert out["rc"] == 0
        eid = int(out["id"])
        assert run(stack, "webhook", "enabled", eid, 0)["rc"] == 0
        yield eid


def test_webhook_create_makes_a_secret_shown_once(stack, endpoint):
    assert stack.sql(f"SELECT kind, url, events, secret_shown FROM webhook_endpoints WHERE id = {endpoint}") == [
        ("generic", LOCAL, "status_report.published", "0")]
    out = run(stack, "webhook", "reveal", endpoint)
    assert out["shown"] == "1" and out["secret"].startswith("whsec_")
    assert out["secret"] == stack.scalar(f"SELECT secret FROM webhook_endpoints WHERE id = {endpoint}")
    assert run(stack, "webhook", "reveal", endpoint)["shown"] == "0"


def test_webhook_create_takes_a_given_secret(stack):
    mine = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    with settings_kept(stack, "allow_private_targets"):
        set_private(stack, True)
        out = run(stack, "webhook", "create", unique("Mine "), LOCAL, "status_report.published", mine)
    eid = int(out["id"])
    run(stack, "webhook", "enabled", eid, 0)
    assert stack.scalar(f"SELECT secret FROM webhook_endpoints WHERE id = {eid}") == mine


def test_webhook_create_refusals_write_nothing(stack):
    n = count(stack, "SELECT COUNT(*) FROM webhook_endpoints")
    with settings_kept(stack, "allow_private_targets"):
        set_private(stack, False)
        out = run(stack, "webhook", "create", unique("Private "), LOCAL, "", "-")
        assert (out["rc"], out["field"]) == (2, "url") and "private" in out["why"]
        out = run(stack, "webhook", "create", unique("No scheme "), "example.com/hook", "", "-")
        assert (out["rc"], out["field"]) == (2, "url")
        set_private(stack, True)
        out = run(stack, "webhook", "create", unique("Bad secret "), LOCAL, "", "whsec_short")
        assert (out["rc"], out["field"]) == (2, "secret")
    assert count(stack, "SELECT COUNT(*) FROM webhook_endpoints") == n


def test_webhook_update_and_switch(stack, endpoint):
    with settings_kept(stack, "allow_private_targets"):
        set_private(stack, True)
        assert run(stack, "webhook", "update", endpoint, "Renamed", LOCAL + "?v=2",
                   "client.created,project.created")["rc"] == 0
        assert stack.sql(f"SELECT name, url, events FROM webhook_endpoints WHERE id = {endpoint}") == [
            ("Renamed", LOCAL + "?v=2", "client.created,project.created")]
        set_private(stack, False)
        out = run(stack, "webhook", "update", endpoint, "Again", LOCAL, "")
        assert (out["rc"], out["field"]) == (2, "url")
        assert stack.scalar(f"SELECT name FROM webhook_endpoints WHERE id = {endpoint}") == "Renamed"
        assert run(stack, "webhook", "update", 987654321, "Nobody", "https://example.com/", "")["rc"] == 1
    assert stack.sql(f"SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = {endpoint}") == [
        ("0", "admin")]
    assert run(stack, "webhook", "enabled", 987654321, 1)["rc"] == 1


def test_webhook_test_goes_to_one_endpoint_and_replays(stack, endpoint):
    before = count(stack, "SELECT COUNT(*) FROM deliveries")
    assert run(stack, "webhook", "test", endpoint)["rc"] == 0
    rows = stack.sql(f"SELECT d.id, o.type, o.payload FROM deliveries d JOIN outbox o ON o.id = d.outbox_id"
                     f" WHERE d.endpoint_id = {endpoint}")
    assert len(rows) == 1 and rows[0][1] == "webhook.test"
    assert json.loads(rows[0][2])["data"]["endpoint_id"] == endpoint
    assert count(stack, "SELECT COUNT(*) FROM deliveries") == before + 1
    did = int(rows[0][0])
    # pending: on its way already
    out = run(stack, "webhook", "replay", did)
    assert (out["rc"], out["endpoint"]) == (3, str(endpoint))
    stack.sql(f"UPDATE deliveries SET state = 'dead', tries = 10, done_at = UTC_TIMESTAMP(6) WHERE id = {did}")
    out = run(stack, "webhook", "replay", did)
    assert (out["rc"], out["endpoint"]) == (0, str(endpoint))
    assert stack.sql(f"SELECT state, tries, done_at IS NULL FROM deliveries WHERE id = {did}") == [
        ("pending", "0", "1")]
    assert run(stack, "webhook", "replay", 987654321)["rc"] == 1
    events = count(stack, "SELECT COUNT(*) FROM outbox")
    assert run(stack, "webhook", "test", 987654321)["rc"] == 1
    assert count(stack, "SELECT COUNT(*) FROM outbox") == events


def test_webhook_allow_private_setting(stack):
    with settings_kept(stack, "allow_private_targets"):
        set_private(stack, True)
        assert stack.scalar("SELECT value FROM settings WHERE name = 'allow_private_targets'") == "1"
        set_private(stack, False)
        assert stack.scalar("SELECT value FROM settings WHERE name = 'allow_private_targets'") == "0"


HUBSPOT_SETTINGS = ("allow_private_targets", "hubspot_token", "hubspot_client_secret", "hubspot_base_url",
                    "hubspot_pipeline", "hubspot_stage_map")


@contextlib.contextmanager
def hubspot_kept(stack):
    """The HubSpot settings and connector endpoint put back as they were after the block."""
    ep = stack.sql("SELECT id, url, events, enabled, COALESCE(disabled_reason, 'NULL') FROM webhook_endpoints"
                   " WHERE kind = 'hubspot' ORDER BY id LIMIT 1")
    with settings_kept(stack, *HUBSPOT_SETTINGS):
        try:
            yield
        finally:
            if ep:
                eid, url, events, enabled, reason = ep[0]
                reason = "NULL" if reason == "NULL" else f"'{reason}'"
                stack.sql(f"UPDATE webhook_endpoints SET url = '{url}', events = '{events}',"
                          f" enabled = {enabled}, disabled_reason = {reason} WHERE id = {eid}")
            else:
                stack.sql("UPDATE webhook_endpoints SET enabled = 0 WHERE kind = 'hubspot'")


STAGES = "appt/qualified/contract/closure/closedwon/closedlost"


def test_hubspot_save_refusals_write_nothing(stack):
    with hubspot_kept(stack):
        stack.sql("DELETE FROM settings WHERE name = 'hubspot_token'")
        set_private(stack, True)
        names = ", ".join(f"'{n}'" for n in HUBSPOT_SETTINGS)
        settings = stack.sql(f"SELECT name, value FROM settings WHERE name IN ({names}) ORDER BY name")
        endpoints = count(stack, "SELECT COUNT(*) FROM webhook_endpoints")
        out = run(stack, "webhook", "hubspot", "-", "-", LOCAL, "default", STAGES, "client.created")
        assert (out["rc"], out["field"]) == (2, "token")
        out = run(stack, "webhook", "hubspot", "pat", "-", LOCAL, "default",
                  "appt/qualified/con,tract/closure/closedwon/closedlost", "client.created")
        assert (out["rc"], out["field"]) == (2, "stage_execution")
        out = run(stack, "webhook", "hubspot", "pat", "-", "ftp://hub.example/", "default", STAGES, "")
        assert (out["rc"], out["field"]) == (2, "base_url")
        assert stack.sql(f"SELECT name, value FROM settings WHERE name IN ({names}) ORDER BY name") == settings
        assert count(stack, "SELECT COUNT(*) FROM webhook_endpoints") == endpoints


def test_hubspot_save_writes_settings_and_its_endpoint(stack):
    with hubspot_kept(stack):
        set_private(stack, True)
        out = run(stack, "webhook", "hubspot", "pat-found", "found-secret", LOCAL, "found-pipe", STAGES,
                  "client.created,project.created")
        assert out["rc"] == 0
        got = dict(stack.sql("SELECT name, value FROM settings WHERE name LIKE 'hubspot\\_%'"))
        assert got["hubspot_token"] == "pat-found" and got["hubspot_client_secret"] == "found-secret"
        assert got["hubspot_base_url"] == LOCAL and got["hubspot_pipeline"] == "found-pipe"
        assert got["hubspot_stage_map"] == ("initiation=appt,planning=qualified,execution=contract,"
                                            "closure=closure,closed_won=closedwon,closed_lost=closedlost")
        assert stack.sql("SELECT url, events, enabled FROM webhook_endpoints WHERE kind = 'hubspot'"
                         " ORDER BY id LIMIT 1") == [(LOCAL, "client.created,project.created", "1")]
        # saved again without a token: the one set is kept
        assert run(stack, "webhook", "hubspot", "-", "-", LOCAL, "found-pipe", STAGES, "client.created")["rc"] == 0
        assert stack.scalar("SELECT value FROM settings WHERE name = 'hubspot_token'") == "pat-found"
        assert count(stack, "SELECT COUNT(*) FROM webhook_endpoints WHERE kind = 'hubspot'") == 1


def test_inbound_events_are_stored_once(stack):
    base = int(stack.scalar("SELECT UNIX_TIMESTAMP() * 1000")) * 10 + 7
    events = [{"eventId": base, "subscriptionType": "contact.creation", "objectId": 5},
              {"eventId": base + 1, "subscriptionType": "contact.creation"}]
    assert run(stack, "webhook", "inbound", json.dumps(events))["rc"] == 0
    assert run(stack, "webhook", "inbound", json.dumps(events[:1]))["rc"] == 0
    rows = stack.sql(f"SELECT event_id, subscription_type, COALESCE(object_id, 'none') FROM hubspot_events"
                     f" WHERE event_id IN ({base}, {base + 1}) ORDER BY event_id")
    assert rows == [(str(base), "contact.creation", "5"), (str(base + 1), "contact.creation", "none")]


# ------------------------------------------------------------------ the drivers' links

@pytest.mark.parametrize("module", ["client", "user", "report", "webhook"])
def test_each_new_driver_links_without_web_or_pages(module):
    syms = subprocess.run(["nm", str(DRIVERS / f"d_{module}")], capture_output=True, text=True,
                          check=True).stdout
    for s in (" route_dispatch", " render_page", " xml_page", " page_one_row", " sess_load",
              " xfer_init", " hubspot_call"):
        assert s not in syms, s
