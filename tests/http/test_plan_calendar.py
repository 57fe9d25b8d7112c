"""Calendar feeds: an iCalendar (RFC 5545) feed of a project's milestones at a
secret, revocable URL; the token is 256-bit and stored hashed (issue #3)."""
import hashlib
import re

import pytest

from conftest import login_as
from plan_helpers import milestone, new_project

TRICKY = "Go-live, phase 2; Zürich \\ Köln — ✓ naïve café 日本語 テスト, with a long tail of words to fold"


@pytest.fixture(scope="module")
def pmc(stack):
    return login_as(stack, "pm@demo.test")


@pytest.fixture(scope="module")
def proj(stack, pmc):
    pid = new_project(pmc, stack)
    milestone(pmc, stack, pid, name=TRICKY, due="2026-04-15", visible=True)
    milestone(pmc, stack, pid, name="Internal checkpoint", due="2026-05-01")
    return pid


def create_feed(c, pid, audience="team"):
    r = c.post(f"/projects/{pid}/calendar", {"audience": audience})
    assert r.status == 303, r
    doc = c.get_xml(f"/projects/{pid}/calendar").xml()
    url = doc.xpath("string(/page/new-feed-url)")
    m = re.search(r"/calendar\.ics\?t=([0-9a-f]{64})$", url)
    assert m, url
    return m.group(1)


def unfold(raw):
    """RFC 5545 3.1: physical lines joined (CRLF + one space or tab removed)."""
    assert raw.endswith(b"\r\n")
    return re.sub(rb"\r\n[ \t]", b"", raw).decode("utf-8").split("\r\n")[:-1]


def unescape(v):
    out, i = [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            out.append({"n": "\n", "N": "\n"}.get(v[i + 1], v[i + 1]))
            i += 2
        else:
            out.append(v[i])
            i += 1
    return "".join(out)


def events_of(raw):
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    evs, cur = [], None
    for line in lines:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            evs.append(cur)
            cur = None
        elif cur is not None:
            cur[name] = value
    return evs


def test_feed_needs_no_session_and_is_icalendar(stack, pmc, client, proj):
    token = create_feed(pmc, proj)
    r = client.get(f"/calendar.ics?t={token}")
    assert r.status == 200
    assert r.header("content-type").startswith("text/calendar")
    assert {"VERSION:2.0", "PRODID:-//Tandem//Milestones//EN"} <= set(unfold(r.body))


def test_feed_lists_every_milestone_as_an_all_day_event(stack, pmc, client, proj):
    evs = events_of(client.get(f"/calendar.ics?t={create_feed(pmc, proj)}").body)
    assert [(e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"]) for e in evs] == [
        ("20260415", "20260416"), ("20260501", "20260502")]
    assert all(e["UID"].startswith("milestone-") for e in evs)


def test_titles_round_trip_through_text_escaping(stack, pmc, client, proj):
    evs = events_of(client.get(f"/calendar.ics?t={create_feed(pmc, proj)}").body)
    assert unescape(evs[0]["SUMMARY"]) == TRICKY
    assert "\\," in evs[0]["SUMMARY"] and "\\;" in evs[0]["SUMMARY"] and "\\\\" in evs[0]["SUMMARY"]


def test_lines_are_folded_at_75_octets_on_utf8_boundaries(stack, pmc, client, proj):
    raw = client.get(f"/calendar.ics?t={create_feed(pmc, proj)}").body
    physical = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode("utf-8")   # no line ends inside a multi-byte character
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_client_feed_shows_only_client_visible_milestones(stack, pmc, client, proj):
    evs = events_of(client.get(f"/calendar.ics?t={create_feed(pmc, proj, 'client')}").body)
    assert [unescape(e["SUMMARY"]) for e in evs] == [TRICKY]


def test_url_is_shown_once(stack, pmc, proj):
    create_feed(pmc, proj)
    doc = pmc.get_xml(f"/projects/{proj}/calendar").xml()
    assert doc.xpath("/page/new-feed-url") == []


def test_only_the_hash_is_stored(stack, pmc, proj):
    token = create_feed(pmc, proj)
    h = hashlib.sha256(token.encode()).hexdigest()
    assert stack.scalar(f"SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '{h}'") == "1"
    assert stack.scalar(f"SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '{token}'") == "0"


def test_revoked_feed_is_404(stack, pmc, client, proj):
    token = create_feed(pmc, proj)
    fid = stack.scalar(f"SELECT id FROM calendar_feeds WHERE token_hash = '{hashlib.sha256(token.encode()).hexdigest()}'")
    assert pmc.post(f"/projects/{proj}/calendar/{fid}/revoke").status == 303
    assert client.get(f"/calendar.ics?t={token}").status == 404


def test_revoking_twice_is_404(stack, pmc, proj):
    token = create_feed(pmc, proj)
    fid = stack.scalar(f"SELECT id FROM calendar_feeds WHERE token_hash = '{hashlib.sha256(token.encode()).hexdigest()}'")
    pmc.post(f"/projects/{proj}/calendar/{fid}/revoke")
    assert pmc.post(f"/projects/{proj}/calendar/{fid}/revoke").status == 404


def test_revoking_through_another_project_is_404(stack, pmc, client, proj):
    token = create_feed(pmc, proj)
    fid = stack.scalar(f"SELECT id FROM calendar_feeds WHERE token_hash = '{hashlib.sha256(token.encode()).hexdigest()}'")
    assert pmc.post(f"/projects/1/calendar/{fid}/revoke").status == 404
    assert client.get(f"/calendar.ics?t={token}").status == 200


@pytest.mark.parametrize("query", ["", "?t=", "?t=" + "0" * 64, "?t=" + "A" * 64, "?t=abc",
                                   "?t=" + "0" * 63 + "g", "?t=" + "0" * 65])
def test_wrong_or_malformed_token_is_404(stack, client, query):
    assert client.get("/calendar.ics" + query).status == 404


def test_member_cannot_create_feeds(stack, member, proj):
    assert member.post(f"/projects/{proj}/calendar", {"audience": "team"}).status == 403


def test_bad_audience_is_422(stack, pmc, proj):
    r = pmc.post(f"/projects/{proj}/calendar", {"audience": "everyone"}, headers={"Accept": "application/xml"})
    assert r.status == 422
