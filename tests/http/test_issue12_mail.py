"""Issue 12, notifications by e-mail: each notification marked 'now' as one branded e-mail at once
(with the RFC 8058 one-click unsubscribe headers), the ones marked 'digest' as one digest per person
and period at their client's cadence, at 08:00 in their time zone; the one-click unsubscribe link
(no sign-in, one person and one kind, a GET only asks); approval requests that cannot be turned
off; the reporting cadence: a status report due on the PM's dashboard and the PM told once.

The stack runs with test_clock on: the settings row clock_now is the outbox worker's "now" for
digests and reports due. Rows are written through the domain (d_notify_mail notify) while the
clock is parked in 2000 (nothing real is due then), dated back by SQL to a week of 2031, then the
clock is moved over that week. The worker is waited for with bounded waits; what must NOT happen
is checked through the same domain function run by the driver (d_notify_mail digest / due)."""
import datetime
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PASSWORD, XML, anon, login_as, new_staff, post_multipart, unique
from domain_util import DRIVERS, count, run
from fakes import set_setting, wait_for
from smtp_sink import html_part, text_part

PARKED = "2000-01-03 00:00:00"   # the clock parked: no row written today is due in any zone
SKIPPED = 1                      # NOTIFY_MAIL_SKIPPED, UNSUB_BAD
PM = 2                           # pm@demo.test, the actor of the notices
MAC = re.compile(r"^[0-9a-f]{32}$")


# ------------------------------------------------------------------ helpers

@pytest.fixture(scope="module", autouse=True)
def clock(stack):
    """The tests' clock, put back to the real time (and the agency's zone removed) at the end."""
    park(stack)
    yield
    stack.sql("DELETE FROM settings WHERE name IN ('clock_now', 'time_zone')")


def set_clock(stack, when):
    set_setting(stack, "clock_now", when)


def park(stack):
    """The clock in 2000: rows written now are newer than any digest's hour, none is sent; the
    pause lets a worker round that read the clock before finish first."""
    set_clock(stack, PARKED)
    time.sleep(0.3)


def new_client(stack, cadence="weekly"):
    name = unique("N-mail client")
    stack.sql(f"INSERT INTO clients (name, cadence, created_at, updated_at) VALUES ('{name}',"
              f" '{cadence}', NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM clients WHERE name = '{name}'"))


def new_contact(stack, cid, access="approve", zone=None, signs_in=True):
    """A contact of client cid: (id, e-mail). signs_in: with a password (contacts are mailed
    only once they can sign in)."""
    email = unique("contact") + "@issue12.test"
    stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, time_zone,"
              f" created_at, updated_at) VALUES ('{email}', 'Nora Contact', 'client', {cid}, '{access}',"
              f" {'NULL' if not signs_in else repr('x')}, {'NULL' if zone is None else repr(zone)},"
              " NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")), email


def new_project(stack, cid, pm=PM, start="2026-03-01", stage="execution", name=None):
    name = name or unique("N-mail project")
    stack.sql("INSERT INTO projects (client_id, name, pm_id, stage, start_date, created_at, updated_at)"
              f" VALUES ({cid}, '{name}', {pm}, '{stage}', '{start}', NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM projects WHERE name = '{name}'"))


def notice(stack, kind, uid, cid, pid, text, link="/portal", actor=PM):
    """One notification through notify(); the new row's id (None when notify skipped it)."""
    before = int(stack.scalar(f"SELECT COALESCE(MAX(id), 0) FROM notifications WHERE user_id = {uid}"))
    out = run(stack, "notify_mail", "notify", kind, uid, cid, pid, link, text, "-", actor=actor)
    if out["rc"] != 0:
        return None
    return int(stack.scalar(f"SELECT MAX(id) FROM notifications WHERE user_id = {uid} AND id > {before}"))


def mail_state(stack, nid):
    return stack.scalar(f"SELECT mail FROM notifications WHERE id = {nid}")


def backdate(stack, uid, when):
    """The person's rows waiting for a digest, dated when (UTC)."""
    stack.sql(f"UPDATE notifications SET created_at = '{when}' WHERE user_id = {uid} AND mail = 'digest'")


def digests(stack, uid):
    return stack.sql(f"SELECT id, period, items FROM digests WHERE user_id = {uid} ORDER BY id")


def digest_mails(stack, email):
    return [m["message"] for m in stack.mail.to(email) if "digest (" in str(m["message"]["Subject"])]


def wait_mail(stack, email, pred=lambda s: True, timeout=20):
    return stack.mail.wait_for(lambda m: email in m["rcpt"] and pred(str(m["message"]["Subject"])),
                               timeout=timeout)["message"]


def unsub_header(msg):
    v = str(msg["List-Unsubscribe"])
    m = re.fullmatch(r"<(http://127\.0\.0\.1:\d+/unsubscribe/([0-9]+)-([a-z_]+)-([0-9a-f]{32}))>", v)
    assert m, v
    return m.group(1), int(m.group(2)), m.group(3)


def token_of(url):
    return url.rsplit("/", 1)[1]


def unsub_url(stack, uid, code):
    out = run(stack, "notify_mail", "url", uid, code)
    assert out["rc"] == 0, out
    return out["url"]


def prefs(stack, uid):
    return dict(stack.sql(f"SELECT kind, email FROM notification_prefs WHERE user_id = {uid}"))


def one_click(stack, path, multipart=False):
    """The mail provider's RFC 8058 POST: no cookie, no CSRF token, no Origin."""
    c = anon(stack)
    if multipart:
        b = "tdmOneClick0123"
        body = (f"--{b}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
                f"One-Click\r\n--{b}--\r\n").encode()
        return c.request("POST", path, raw_body=body,
                         headers={"Content-Type": f"multipart/form-data; boundary={b}"})
    return c.request("POST", path, raw_body=b"List-Unsubscribe=One-Click",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})


@pytest.fixture(scope="module")
def staff(stack, adminc):
    """A team member of the test's own (mailed at once by default): (id, e-mail)."""
    return new_staff(stack, adminc)


# ------------------------------------------------------------------ at once

def test_immediate_mail_has_the_text_the_link_and_one_click_headers(stack, staff):
    uid, email = staff
    cid = new_client(stack)
    pname = unique("Relaunch")
    pid = new_project(stack, cid, name=pname)
    text = unique("Priya assigned you \u201cWireframes\u201d")
    nid = notice(stack, "task_assigned", uid, cid, pid, text, link="/tasks/4242")
    msg = wait_mail(stack, email, lambda s: s == text)
    url, who, code = unsub_header(msg)
    assert (who, code) == (uid, "task_assigned")
    assert url == unsub_url(stack, uid, "task_assigned")
    assert str(msg["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    body, html = text_part(msg), html_part(msg)
    assert text in body and f"Project: {pname}" in body
    assert f"{stack.base}/tasks/4242" in body and url in body
    assert 'You get this e-mail for "A task was assigned to me"' in body
    assert f'href="{stack.base}/tasks/4242"' in html and f'href="{url}"' in html
    assert "Open in " in html
    wait_for(lambda: mail_state(stack, nid) == "sent", timeout=10, what="the row marked sent")


def test_an_immediate_mail_goes_once(stack, staff):
    uid, email = staff
    text = unique("Your week was approved")
    nid = notice(stack, "week_decided", uid, 0, 0, text, link="/time")
    wait_mail(stack, email, lambda s: s == text)
    wait_for(lambda: mail_state(stack, nid) == "sent", timeout=10, what="the row marked sent")
    # sending it again does nothing: the row is not 'now' any more
    assert run(stack, "notify_mail", "send", nid)["rc"] == SKIPPED
    time.sleep(0.5)
    assert len([m for m in stack.mail.to(email) if str(m["message"]["Subject"]) == text]) == 1
    assert count(stack, f"SELECT COUNT(*) FROM mails WHERE to_addr = '{email}' AND subject = '{text}'") == 1


def test_a_person_not_mailed_gets_no_mail(stack, adminc):
    """A contact who cannot sign in yet, a deactivated person: the row is set 'none', no e-mail."""
    cid = new_client(stack)
    pid = new_project(stack, cid)
    cuid, cemail = new_contact(stack, cid, signs_in=False)
    stack.sql(f"UPDATE users SET notify_mode = 'now' WHERE id = {cuid}")
    suid, semail = new_staff(stack, adminc)
    stack.sql(f"UPDATE users SET active = 0 WHERE id = {suid}")
    # notify() tells no inactive person: a row written before the deactivation, as it was
    stack.sql("INSERT INTO notifications (user_id, kind, link, text, mail, created_at) VALUES"
              f" ({suid}, 'task_assigned', '/tasks/1', 'Assigned', 'now', UTC_TIMESTAMP())")
    snid = int(stack.scalar(f"SELECT MAX(id) FROM notifications WHERE user_id = {suid}"))
    cnid = notice(stack, "message", cuid, cid, pid, unique("A message"))
    assert cnid
    for nid in (snid, cnid):
        wait_for(lambda: mail_state(stack, nid) == "none", timeout=10, what="the row set none")
    assert not stack.mail.to(cemail) and not stack.mail.to(semail)
    assert count(stack, f"SELECT COUNT(*) FROM mails WHERE to_addr IN ('{cemail}', '{semail}')") == 0


# ------------------------------------------------------------------ unsubscribe

def test_unsubscribe_get_asks_and_changes_nothing(stack, staff):
    uid, email = staff
    url = unsub_url(stack, uid, "dependency_done")
    path = url[len(stack.base):]
    r = anon(stack).get(path, headers=XML)
    assert r.status == 200, r
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "unsubscribe"
    u = doc.xpath("/page/unsubscribe")[0]
    assert (u.get("kind"), u.get("label"), u.get("email"), u.get("done")) == (
        "dependency_done", "A task mine depends on is done", email, "0")
    page = anon(stack).get(path)
    assert page.status == 200
    form = page.html().xpath("//form[@method='post']")[0]
    assert form.get("action") == path
    assert form.xpath("string(.//input[@name='List-Unsubscribe']/@value)") == "One-Click"
    # a GET (a mail scanner opening the link) never unsubscribes
    assert "dependency_done" not in prefs(stack, uid)
    assert run(stack, "notify_mail", "email_of", uid, "dependency_done")["email"] == "now"


def test_one_click_post_unsubscribes_that_kind_only_without_signing_in(stack, adminc):
    uid, email = new_staff(stack, adminc)
    cid = new_client(stack)
    pid = new_project(stack, cid)
    first = unique("Assigned before")
    notice(stack, "task_assigned", uid, cid, pid, first)
    msg = wait_mail(stack, email, lambda s: s == first)
    url, _, _ = unsub_header(msg)
    path = url[len(stack.base):]
    r = one_click(stack, path)
    assert r.status == 200, r
    assert "You are unsubscribed" in r.text
    assert prefs(stack, uid) == {"task_assigned": "off"}
    # that kind is no longer mailed (the notification stays in the app) ...
    off = unique("Assigned after")
    nid = notice(stack, "task_assigned", uid, cid, pid, off)
    assert nid and mail_state(stack, nid) == "none"
    # ... another kind still is
    other = unique("Depends done")
    notice(stack, "dependency_done", uid, cid, pid, other)
    wait_mail(stack, email, lambda s: s == other)
    assert not [m for m in stack.mail.to(email) if str(m["message"]["Subject"]) == off]
    # again: the same answer, nothing more
    assert one_click(stack, path).status == 200
    assert prefs(stack, uid) == {"task_assigned": "off"}


def test_one_click_post_as_multipart_form_data(stack, adminc):
    """RFC 8058 asks the provider to POST multipart/form-data (it may send urlencoded)."""
    uid, _ = new_staff(stack, adminc)
    path = unsub_url(stack, uid, "week_decided")[len(stack.base):]
    r = one_click(stack, path, multipart=True)
    assert r.status == 200, r
    assert prefs(stack, uid) == {"week_decided": "off"}


def test_unsubscribe_is_only_for_that_person(stack, adminc):
    a, _ = new_staff(stack, adminc)
    b, _ = new_staff(stack, adminc)
    assert one_click(stack, unsub_url(stack, a, "budget")[len(stack.base):]).status == 200
    assert prefs(stack, a) == {"budget": "off"} and prefs(stack, b) == {}


def test_forged_or_bad_tokens_are_404(stack, staff):
    uid, _ = staff
    good = token_of(unsub_url(stack, uid, "survey_answered"))
    u, code, mac = good.split("-", 2)[0], "survey_answered", good.rsplit("-", 1)[1]
    other_mac = token_of(unsub_url(stack, uid, "budget")).rsplit("-", 1)[1]
    flip = "0" if mac[-1] != "0" else "1"
    bad = [
        f"{u}-{code}-{mac[:-1]}{flip}",          # one character of the mac changed
        f"{int(u) + 1}-{code}-{mac}",            # another person with this mac
        f"{u}-budget-{mac}",                     # another kind with this mac
        f"{u}-{code}-{other_mac}",               # another kind's mac
        f"{u}-digest-{mac}",                     # the digest's link with a kind's mac
        f"{u}-approval_requested-{mac}",         # a kind that cannot be turned off
        f"{u}-nonsense-{mac}",                   # no such kind
        f"{u}-{code}-{mac.upper()}",             # the mac in upper case
        f"0{u}-{code}-{mac}",                    # the id with a leading zero
        f"{u}-{code}-{mac}0",                    # a longer mac
        "0123456789abcdef" * 4,                  # another link's shape
    ]
    for t in bad:
        for method in ("GET", "POST"):
            c = anon(stack)
            r = c.get(f"/unsubscribe/{t}") if method == "GET" else one_click(stack, f"/unsubscribe/{t}")
            assert r.status == 404, (t, method, r)
    assert prefs(stack, uid) == {}
    r = anon(stack).get(f"/unsubscribe/{good}")
    assert r.status == 200


def test_approval_requests_have_no_unsubscribe_link(stack, staff):
    cid = new_client(stack)
    cuid, _ = new_contact(stack, cid)
    out = run(stack, "notify_mail", "url", cuid, "approval_requested")
    assert out["rc"] == SKIPPED and "url" not in out


def test_approval_request_mail_says_it_cannot_be_turned_off(stack, pmc):
    """The approval request (its own e-mail, sent with the change) has no List-Unsubscribe and
    says it cannot be turned off; its reminder, a notification kind, can be."""
    cid = new_client(stack)
    pid = new_project(stack, cid)
    cuid, cemail = new_contact(stack, cid)
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
           b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
           b"\x00\x00\x00\x00IEND\xaeB`\x82")
    r = post_multipart(pmc, f"/projects/{pid}/documents",
                       [("title", "Logo"), ("note", "v1"), ("client_visible", "1")],
                       [("file", "logo.png", "image/png", png + unique("p").encode())])
    assert r.status == 303, r
    did = int(r.header("location").rsplit("/", 1)[1])
    due = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    assert pmc.post(f"/documents/{did}/approvals", [("contact_id", cuid), ("due_date", due),
                                                    ("message", "Please")]).status == 303
    msg = wait_mail(stack, cemail, lambda s: "please review" in s)
    assert msg["List-Unsubscribe"] is None and msg["List-Unsubscribe-Post"] is None
    assert "Approval requests always come by e-mail: they cannot be turned off." in text_part(msg)
    assert "they cannot be turned off" in html_part(msg)


# ------------------------------------------------------------------ digests

def test_weekly_digest_holds_the_weeks_news_once(stack):
    park(stack)
    cid = new_client(stack, "weekly")
    pname = unique("Website")
    pid = new_project(stack, cid, name=pname)
    cuid, cemail = new_contact(stack, cid)
    quiet, _ = new_contact(stack, cid)
    texts = {
        "message": unique("Priya wrote: Kickoff agenda"),
        "report_published": unique("The status report of Website was published"),
        "approval_reminder": unique("Reminder: please review Logo"),
    }
    ids = {k: notice(stack, k, cuid, cid, pid, t) for k, t in texts.items()}
    asked_text = unique("Please review Logo")
    asked = notice(stack, "approval_requested", cuid, cid, pid, asked_text)
    assert all(ids.values()) and asked
    assert {k: mail_state(stack, i) for k, i in ids.items()} == dict.fromkeys(texts, "digest")
    assert mail_state(stack, asked) == "none"       # its own e-mail went with the request
    backdate(stack, cuid, "2031-01-08 10:00:00")    # Wednesday of 2031-W02
    # Sunday: the week's digest is due on Monday at 08:00 (UTC: no zone anywhere)
    set_clock(stack, "2031-01-12 10:00:00")
    assert run(stack, "notify_mail", "digest", cuid)["rc"] == SKIPPED
    assert digests(stack, cuid) == []
    # Monday 08:30: the worker sends it
    set_clock(stack, "2031-01-13 08:30:00")
    msg = wait_mail(stack, cemail, lambda s: "weekly digest" in s)
    assert str(msg["Subject"]).endswith(": your weekly digest (3 updates)")
    url, who, code = unsub_header(msg)
    assert (who, code) == (cuid, "digest")
    assert str(msg["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    body, html = text_part(msg), html_part(msg)
    assert pname in body and all(t in body for t in texts.values())
    assert asked_text not in body and asked_text not in html
    assert f"{stack.base}/portal" in body
    for label in ("A message from the agency", "A status report was published",
                  "A reminder of an approval waiting for me"):
        assert label in body and label in html
    [(did, period, items)] = digests(stack, cuid)
    assert (period, items) == ("2031-W03", "3")
    assert stack.sql(f"SELECT id, mail, digest_id FROM notifications WHERE user_id = {cuid} ORDER BY id") == \
        [(str(ids[k]), "digested", did) for k in texts] + [(str(asked), "none", "NULL")]
    # the other contact had nothing: no digest
    assert run(stack, "notify_mail", "digest", quiet)["rc"] == SKIPPED
    assert digests(stack, quiet) == []
    # never twice in a period: news written before Monday 08:00 of this week waits for the next
    park(stack)
    late = notice(stack, "message", cuid, cid, pid, unique("Priya wrote: one more thing"))
    backdate(stack, cuid, "2031-01-10 09:00:00")
    set_clock(stack, "2031-01-13 09:00:00")
    assert run(stack, "notify_mail", "digest", cuid)["rc"] == SKIPPED
    time.sleep(6)  # a round of the worker's schedule (every 5 s)
    assert len(digest_mails(stack, cemail)) == 1 and len(digests(stack, cuid)) == 1
    assert mail_state(stack, late) == "digest"
    # next Monday: the second digest, with that one only
    set_clock(stack, "2031-01-20 09:00:00")
    msg = wait_mail(stack, cemail, lambda s: "(1 update)" in s)
    assert "one more thing" in text_part(msg)
    assert [p for _, p, _ in digests(stack, cuid)] == ["2031-W03", "2031-W04"]
    # nothing new since: no digest the week after
    set_clock(stack, "2031-01-27 09:00:00")
    assert run(stack, "notify_mail", "digest", cuid)["rc"] == SKIPPED
    assert len(digests(stack, cuid)) == 2


def test_digest_at_the_local_morning_hour(stack):
    """Tokyo (+9) has its Monday 08:00 while New York (-5) is still on Sunday evening."""
    park(stack)
    cid = new_client(stack, "weekly")
    pid = new_project(stack, cid)
    tokyo, tmail = new_contact(stack, cid, zone="Asia/Tokyo")
    york, ymail = new_contact(stack, cid, zone="America/New_York")
    for uid in (tokyo, york):
        assert notice(stack, "message", uid, cid, pid, unique("News"))
        backdate(stack, uid, "2031-02-05 12:00:00")      # Wednesday of 2031-W06
    set_clock(stack, "2031-02-09 22:30:00")              # Monday 07:30 in Tokyo
    assert run(stack, "notify_mail", "digest", tokyo)["rc"] == SKIPPED
    set_clock(stack, "2031-02-09 23:30:00")              # Monday 08:30 in Tokyo, Sunday 18:30 in New York
    wait_mail(stack, tmail, lambda s: "weekly digest" in s)
    assert run(stack, "notify_mail", "digest", york)["rc"] == SKIPPED
    set_clock(stack, "2031-02-10 12:30:00")              # Monday 07:30 in New York
    assert run(stack, "notify_mail", "digest", york)["rc"] == SKIPPED
    assert digests(stack, york) == []
    set_clock(stack, "2031-02-10 13:30:00")              # Monday 08:30 in New York
    wait_mail(stack, ymail, lambda s: "weekly digest" in s)
    assert [p for _, p, _ in digests(stack, tokyo)] == [p for _, p, _ in digests(stack, york)] == ["2031-W07"]


def test_digest_in_the_agencys_zone_by_default(stack):
    """A contact without a zone of their own has the agency's (settings time_zone); a zone
    that is no zone file counts as none."""
    park(stack)
    set_setting(stack, "time_zone", "Pacific/Auckland")  # +13 in March (daylight saving)
    try:
        cid = new_client(stack, "weekly")
        pid = new_project(stack, cid)
        kiwi, kmail = new_contact(stack, cid)
        odd, omail = new_contact(stack, cid, zone="Mars/Olympus_Mons")
        utc, _ = new_contact(stack, cid, zone="UTC")
        for uid in (kiwi, odd, utc):
            assert notice(stack, "message", uid, cid, pid, unique("News"))
            backdate(stack, uid, "2031-03-05 12:00:00")
        set_clock(stack, "2031-03-09 19:30:00")          # Monday 08:30 in Auckland, Sunday in UTC
        wait_mail(stack, kmail, lambda s: "weekly digest" in s)
        wait_mail(stack, omail, lambda s: "weekly digest" in s)
        assert run(stack, "notify_mail", "digest", utc)["rc"] == SKIPPED
        assert digests(stack, utc) == []
    finally:
        stack.sql("DELETE FROM settings WHERE name = 'time_zone'")


def test_cadences_fortnightly_monthly_and_none(stack):
    park(stack)
    got = {}
    for cadence in ("biweekly", "monthly", "none", "daily"):
        cid = new_client(stack, cadence)
        pid = new_project(stack, cid)
        uid, _ = new_contact(stack, cid)
        assert notice(stack, "report_published", uid, cid, pid, unique("Report"))
        backdate(stack, uid, "2031-03-20 12:00:00")
        got[cadence] = uid
    set_clock(stack, "2031-04-01 09:00:00")              # Tuesday, the 1st
    wait_for(lambda: all(digests(stack, uid) for uid in got.values()), timeout=20, what="four digests")
    period = {c: digests(stack, uid)[0][1] for c, uid in got.items()}
    # fortnights start on every other Monday from 1970-01-05: 2031-03-24 (W13) is one, F(13+1)/2
    assert period == {"biweekly": "2031-F07", "monthly": "2031-04", "none": "2031-W14",
                      "daily": "2031-04-01"}


def test_staff_digest_is_daily(stack, adminc):
    park(stack)
    uid, email = new_staff(stack, adminc)
    stack.sql("INSERT INTO notification_prefs (user_id, kind, email, updated_at) VALUES"
              f" ({uid}, 'task_assigned', 'digest', NOW())")
    cid = new_client(stack)
    pid = new_project(stack, cid)
    nid = notice(stack, "task_assigned", uid, cid, pid, unique("Assigned"))
    assert mail_state(stack, nid) == "digest"
    backdate(stack, uid, "2031-05-06 15:00:00")
    set_clock(stack, "2031-05-07 07:59:00")
    assert run(stack, "notify_mail", "digest", uid)["rc"] == SKIPPED
    set_clock(stack, "2031-05-07 08:01:00")
    msg = wait_mail(stack, email, lambda s: "daily digest" in s)
    assert "(1 update)" in str(msg["Subject"])
    assert [p for _, p, _ in digests(stack, uid)] == ["2031-05-07"]


def test_digest_unsubscribe_turns_off_what_goes_to_the_digest(stack):
    park(stack)
    cid = new_client(stack)
    pid = new_project(stack, cid)
    cuid, cemail = new_contact(stack, cid)
    path = unsub_url(stack, cuid, "digest")[len(stack.base):]
    page = anon(stack).get(path)
    assert page.status == 200 and "Stop the digest e-mails to" in page.text
    assert prefs(stack, cuid) == {}
    r = one_click(stack, path)
    assert r.status == 200 and "no more digest e-mails" in r.text
    assert prefs(stack, cuid) == dict.fromkeys(
        ["thread_reply", "approval_reminder", "message", "report_published"], "off")
    nid = notice(stack, "message", cuid, cid, pid, unique("Quiet"))
    assert mail_state(stack, nid) == "none"
    # a mention still comes at once: it never went to the digest
    text = unique("Priya mentioned you")
    nid = notice(stack, "mention", cuid, cid, pid, text)
    assert mail_state(stack, nid) in ("now", "sent")
    wait_mail(stack, cemail, lambda s: s == text)


def test_no_digest_for_a_contact_who_cannot_sign_in(stack):
    """Their rows waiting for a digest are set 'none' when it would be due; nothing is sent."""
    park(stack)
    cid = new_client(stack, "daily")
    pid = new_project(stack, cid)
    cuid, cemail = new_contact(stack, cid, signs_in=False)
    nid = notice(stack, "report_published", cuid, cid, pid, unique("Report"))
    assert mail_state(stack, nid) == "digest"
    backdate(stack, cuid, "2031-06-10 12:00:00")
    set_clock(stack, "2031-06-11 09:00:00")
    wait_for(lambda: mail_state(stack, nid) == "none", timeout=20, what="the row set none")
    assert digests(stack, cuid) == [] and not stack.mail.to(cemail)


# ------------------------------------------------------------------ reports due

def dashboard_due(c):
    r = c.get_xml("/")
    assert r.status == 200, r
    return {int(p.get("id")): p.get("overdue") for p in r.xml().xpath("/page/dashboard/reports-due/project")}


def report_due_rows(stack, uid):
    return stack.sql(f"SELECT project_id, dedupe FROM notifications WHERE user_id = {uid}"
                     " AND kind = 'report_due' ORDER BY id")


def test_report_due_on_the_dashboard_and_the_pm_told_once(stack, adminc, pmc):
    park(stack)
    pm_id, pm_email = new_staff(stack, adminc, role="pm")
    pmx = login_as(stack, pm_email, PASSWORD)
    weekly = new_client(stack, "weekly")
    pname = unique("Due project")
    pid = new_project(stack, weekly, pm=pm_id, start="2031-04-07", name=pname)
    never = new_project(stack, new_client(stack, "none"), pm=pm_id, start="2031-04-07")
    closed = new_project(stack, weekly, pm=pm_id, start="2031-04-07", stage="closure")
    monthly = new_project(stack, new_client(stack, "monthly"), pm=pm_id, start="2031-03-14")
    assert dashboard_due(pmx) == {}
    set_clock(stack, "2031-04-13 12:00:00")           # the day before
    assert dashboard_due(pmx) == {}
    assert run(stack, "notify_mail", "due", "-")["told"] == "0"
    set_clock(stack, "2031-04-14 09:00:00")           # start + 7 days, and start + 1 month
    assert dashboard_due(pmx) == {pid: "0", monthly: "0"}
    page = pmx.get("/")
    assert page.status == 200 and "Status report due" in page.text and "due today" in page.text
    assert page.html().xpath(f"//section[@id='reports-due']//a[@href='/projects/{pid}/status-reports']")
    msg = wait_mail(stack, pm_email, lambda s: s == f"A status report for {pname} is due today")
    assert msg["List-Unsubscribe"] is not None
    wait_for(lambda: len(report_due_rows(stack, pm_id)) == 2, timeout=15, what="both PMs' notices")
    assert sorted(report_due_rows(stack, pm_id)) == sorted(
        [(str(pid), f"report-due:{pid}:2031-04-14"), (str(monthly), f"report-due:{monthly}:2031-04-14")])
    # once: running the job again tells nobody
    assert run(stack, "notify_mail", "due", "-")["told"] == "0"
    # another PM's dashboard does not list them
    assert not set(dashboard_due(pmc)) & {pid, never, closed, monthly}
    # overdue two days later, still told once
    set_clock(stack, "2031-04-16 09:00:00")
    assert dashboard_due(pmx) == {pid: "1", monthly: "1"}
    assert "overdue, was due 14 Apr 2031" in pmx.get("/").text
    assert run(stack, "notify_mail", "due", "-")["told"] == "0"
    assert len(report_due_rows(stack, pm_id)) == 2
    # a published report moves the next one a week on from its date
    stack.sql("INSERT INTO status_reports (project_id, author_id, period_date, health, summary, state,"
              " published_at, published_by, created_at, updated_at) VALUES"
              f" ({pid}, {pm_id}, '2031-04-16', 'green', 'On track', 'published', NOW(), {pm_id}, NOW(), NOW())")
    assert dashboard_due(pmx) == {monthly: "1"}
    assert run(stack, "notify_mail", "due", "2031-04-23")["rc"] == 0
    assert [p for p, _ in report_due_rows(stack, pm_id)].count(str(pid)) == 2
    # a draft does not count; neither a client without a cadence nor a closed project is ever due
    assert never not in dashboard_due(pmx) and closed not in dashboard_due(pmx)
    assert run(stack, "notify_mail", "due", "2031-04-14")["told"] == "0"


# ------------------------------------------------------------------ the clock

def test_the_clock_is_settable_only_with_test_clock(stack):
    assert "test_clock = 1" in (Path(stack.var) / "tandem.conf").read_text()
    set_clock(stack, "2031-06-02 10:00:00")
    assert run(stack, "notify_mail", "clock")["now"] == "2031-06-02 10:00:00"
    # the digests' periods by it: Monday 10:00 UTC is past 08:00 in UTC and in Tokyo
    out = run(stack, "notify_mail", "period", "weekly", "-")
    assert (out["period"], out["moment"]) == ("2031-W23", "2031-06-02 08:00:00")
    out = run(stack, "notify_mail", "period", "weekly", "Asia/Tokyo")
    assert (out["period"], out["moment"]) == ("2031-W23", "2031-06-01 23:00:00")
    out = run(stack, "notify_mail", "period", "daily", "America/New_York")  # 06:00 there: yesterday's
    assert (out["period"], out["moment"]) == ("2031-06-01", "2031-06-01 12:00:00")
    # the same configuration with test_clock off (production): the real time
    env = dict(os.environ, TANDEM_CONF=str(Path(stack.var) / "tandem.conf"), TANDEM_TEST_CLOCK="0")
    p = subprocess.run([str(DRIVERS / "d_notify_mail"), "clock"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    now = dict(line.split("=", 1) for line in p.stdout.splitlines())["now"]
    real = datetime.datetime.now(datetime.timezone.utc)
    assert abs((datetime.datetime.fromisoformat(now).replace(tzinfo=datetime.timezone.utc) - real)
               .total_seconds()) < 120
    # a clock row that is no UTC time is ignored
    set_clock(stack, "next tuesday")
    assert run(stack, "notify_mail", "clock")["now"][:4] == str(real.year)
    park(stack)
