"""Issue 10, the front line and sign-in hardening: a GET of a POST-only address
(item 7), the sign-in flood (21), lock-outs (22), the open redirect (23), the
webhook address filter at save and send time (24), uploads read before
authentication (25). Item 26 is a unit test (tests/unit/test_log.c)."""
import http.client
import os
import threading
import time
import urllib.parse

import pytest

from conftest import (MAX_UPLOAD, PASSWORD, XML, anon, login_as, multipart, new_staff, post_multipart,
                      unique)
from fakes import Receiver, disable_endpoint, fast_settings, new_client, set_setting, wait_for

PROJECT = 1  # a demo project the PM manages (read only here)


# ------------------------------------------------------------------ helpers

def raw(stack, method, path, body=None, headers=None, source="127.0.0.1", cookies=None,
        timeout=30):
    """One request from a chosen loopback source address; (status, headers, body)."""
    h = {"Host": f"127.0.0.1:{stack.port}"}
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if isinstance(body, (dict, list)):
        body = urllib.parse.urlencode(body, doseq=True).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
    h.update(headers or {})
    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=timeout,
                                      source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def login_from(stack, source, email, password, next_=None):
    data = {"email": email, "password": password}
    if next_ is not None:
        data["next"] = next_
    return raw(stack, "POST", "/login", data, source=source)


@pytest.fixture(scope="module")
def adm(stack):
    return login_as(stack, "admin@demo.test")


@pytest.fixture(scope="module")
def pmm(stack):
    return login_as(stack, "pm@demo.test")


def test_item07_get_of_post_only_address_leads_to_the_form_page(stack, pmm):
    # the reload after a 422 on the week grid
    bad = pmm.post("/time/grid", {"week": "not-a-week"})
    assert bad.status in (400, 422), bad
    r = pmm.get("/time/grid")
    assert r.status == 303, r
    assert r.header("location") == "/time"
    # the query is kept; HEAD too
    r = pmm.get("/time/grid?week=2026-W10")
    assert r.status == 303 and r.header("location") == "/time?week=2026-W10"
    r = pmm.request("HEAD", "/time/grid")
    assert r.status == 303 and r.header("location") == "/time"
    # a project form: the project page
    r = pmm.get(f"/projects/{PROJECT}/stage")
    assert r.status == 303 and r.header("location") == f"/projects/{PROJECT}"
    r = pmm.get(f"/projects/{PROJECT}/stage")
    assert pmm.get(r.header("location")).status == 200


def test_item07_reload_goes_back_to_the_referring_form_page(stack, pmm):
    ref = f"http://127.0.0.1:{stack.port}/projects/{PROJECT}/plan?tab=changes"
    r = pmm.get("/changes/1/approvals", headers={"Referer": ref})
    assert r.status == 303 and r.header("location") == f"/projects/{PROJECT}/plan?tab=changes"
    # no Referer: nothing to strip to (no GET /changes/1), so home
    r = pmm.get("/changes/1/approvals")
    assert r.status == 303 and r.header("location") == "/"
    # a Referer of another site, or of the address itself, is not followed
    for bad in ["http://evil.example/projects/1", "http://127.0.0.1.evil.example/x",
                f"http://127.0.0.1:{stack.port}/changes/1/approvals",
                f"http://127.0.0.1:{stack.port}//evil.example/"]:
        r = pmm.get("/changes/1/approvals", headers={"Referer": bad})
        assert r.status == 303 and r.header("location") == "/", bad


def test_item07_get_of_post_only_address_for_a_contact_stays_in_the_portal(stack):
    c = login_as(stack, "client@acme.test")
    r = c.get("/logout")
    assert r.status == 303 and r.header("location") in ("/portal", "/")
    r = c.get("/settings/users/1/active")  # the admin page is not the contact's
    assert r.status == 303 and r.header("location") == "/portal"


def test_item07_other_methods_still_405(stack, pmm):
    r = pmm.request("PUT", "/time/grid")
    assert r.status == 405
    r = pmm.request("POST", "/time")  # GET-only address
    assert r.status == 405
    assert "GET" in r.header("allow")


def signed_in_frame(doc, name):
    assert doc.xpath("//nav[contains(@class,'site-nav')]"), "no navigation"
    assert doc.xpath("string(//*[contains(@class,'user-name')])").strip() == name
    assert doc.xpath("//form[@action='/logout']"), "no sign-out"
    assert not doc.xpath("//a[@href='/login' and normalize-space()='Sign in']")


def test_item07_error_pages_show_the_signed_in_frame(stack, pmm):
    name = pmm.get_xml("/").xml().xpath("string(/page/session/@name)")
    r = pmm.get("/no/such/page")
    assert r.status == 404
    signed_in_frame(r.html(), name)
    r = pmm.request("PUT", f"/projects/{PROJECT}")
    assert r.status == 405
    signed_in_frame(r.html(), name)
    r = pmm.get("/settings/users")  # admins only
    assert r.status == 403
    signed_in_frame(r.html(), name)
    x = pmm.get_xml("/no/such/page")
    assert x.status == 404
    assert x.xml().xpath("string(/page/session/@name)") == name


def test_item07_too_large_upload_page_keeps_the_signed_in_frame(stack, pmm):
    name = pmm.get_xml("/").xml().xpath("string(/page/session/@name)")
    body, ct = multipart([("csrf", pmm.csrf()), ("title", "big")],
                         [("file", "big.bin", "application/octet-stream", b"\0" * (MAX_UPLOAD + 70000))])
    r = pmm.request("POST", f"/projects/{PROJECT}/documents", raw_body=body,
                    headers={"Content-Type": ct})
    assert r.status == 413
    signed_in_frame(r.html(), name)


def test_item07_error_pages_anonymous_offer_sign_in(stack):
    r = anon(stack).get("/no/such/page")
    assert r.status == 404
    doc = r.html()
    assert doc.xpath("//a[@href='/login']")
    assert not doc.xpath("//form[@action='/logout']")


# ------------------------------------------------------------------ item 23

BAD_NEXT = [
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example",
    " /evil.example", "/\x0b/evil.example", "/\x0c/evil.example", "/\x7f/evil.example",
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
    "/\\/evil.example", "/.\\evil.example", "/x\\y", "https://evil.example/",
    "http:/evil.example", "evil.example", "javascript:alert(1)", "/\u3000/evil.example",
    "/\u2028/evil.example", "/\u00a0/evil.example", "",
]


def test_item23_login_refuses_every_unsafe_next(stack):
    for nxt in BAD_NEXT:
        st, h, _ = login_from(stack, "127.0.0.1", "pm@demo.test", PASSWORD, next_=nxt)
        # signed in and sent home, or the form again / 400 (control characters)
        assert st in (303, 400, 422), (nxt, st)
        assert h.get("location", "/") == "/", (nxt, h["location"])


def test_item23_login_form_drops_an_unsafe_next(stack):
    for nxt in ["/\t/evil.example", "//evil.example", "/\\evil.example", "/ x"]:
        r = anon(stack).get("/login?format=xml&next=" + urllib.parse.quote(nxt, safe=""))
        assert r.status == 200
        assert r.xml().xpath("string(/page/login/@next)") == "", nxt


def test_item23_a_plain_local_next_still_works(stack):
    for nxt in [f"/projects/{PROJECT}", "/time?week=2026-W10", "/projects?page=2&q=a%20b"]:
        st, h, _ = login_from(stack, "127.0.0.1", "pm@demo.test", PASSWORD, next_=nxt)
        assert st == 303 and h["location"] == nxt, (nxt, h.get("location"))
    r = anon(stack).get("/login?format=xml&next=%2Fprojects%2F1")
    assert r.xml().xpath("string(/page/login/@next)") == "/projects/1"


# ------------------------------------------------------------------ item 22

def test_item22_owner_signs_in_from_own_address_while_attacked_from_another(stack, adm):
    _, email = new_staff(stack, adm)
    # the attacker, from 127.0.0.2: five wrong passwords, then 429 there
    for i in range(5):
        assert login_from(stack, "127.0.0.2", email, f"wrong-{i}")[0] == 401, i
    st, h, _ = login_from(stack, "127.0.0.2", email, "wrong-again")
    assert st == 429
    assert int(h["retry-after"]) > 0
    # ... and with the right password too: that address is throttled
    assert login_from(stack, "127.0.0.2", email, PASSWORD)[0] == 429
    # the owner, from 127.0.0.3, with the right password: signed in
    st, h, _ = login_from(stack, "127.0.0.3", email, PASSWORD)
    assert st == 303, st
    assert "tandem_session=" in h.get("set-cookie", "")
    # throttled tries cost no hash and are not recorded
    assert stack.scalar(f"SELECT COUNT(*) FROM login_attempts WHERE email = '{email}'") == "5"


def test_item22_many_addresses_slow_an_email_down_but_its_owner_gets_in(stack, adm):
    _, email = new_staff(stack, adm)
    owner = login_from(stack, "127.0.0.9", email, PASSWORD)
    assert owner[0] == 303  # the owner holds a session from 127.0.0.9
    # 20 failures from four addresses (5 each): the e-mail is now slowed down
    for a in range(4):
        for i in range(5):
            assert login_from(stack, f"127.0.1.{a + 1}", email, f"w{i}")[0] == 401
    # a new address must wait a few seconds (a delay, not a lock) ...
    st, h, _ = login_from(stack, "127.0.2.1", email, "w")
    assert st == 429
    assert 1 <= int(h["retry-after"]) <= 5
    # ... and after the delay it gets its try
    time.sleep(int(h["retry-after"]) + 0.2)
    assert login_from(stack, "127.0.2.1", email, PASSWORD)[0] == 303
    # the owner's own address is never slowed down by others' failures
    for i in range(2):
        assert login_from(stack, "127.0.2.2", email, "w")[0] in (401, 429)
    assert login_from(stack, "127.0.0.9", email, PASSWORD)[0] == 303


# ------------------------------------------------------------------ item 24

WEBHOOK_BAD = [
    "http://localhost./x", "http://LOCALHOST./x", "http://a.localhost./x",
    "http://[64:ff9b::7f00:1]/x", "http://[64:ff9b::a9fe:a9fe]/latest",
    "http://[::127.0.0.1]/x", "http://[::ffff:0:127.0.0.1]/x", "http://[::ffff:0:a00:1]/x",
    "http://[2002:7f00:1::1]/x", "http://[2002:c0a8:101::1]/x", "http://[fec0::1]/x",
    "http://127.1/x", "http://2130706433/x", "http://0x7f000001/x",
]


def test_item24_webhook_save_refuses_ipv6_forms_and_localhost_dot(stack, adm):
    set_setting(stack, "allow_private_targets", "0")
    try:
        n = stack.scalar("SELECT COUNT(*) FROM webhook_endpoints")
        for url in WEBHOOK_BAD:
            r = adm.post("/settings/webhooks?format=xml", [("name", "n"), ("url", url),
                                                           ("events", "client.created")])
            assert r.status == 422, (url, r)
            assert r.xml().xpath("string(/page/form-state/error[@field='url'])") != "", url
        assert stack.scalar("SELECT COUNT(*) FROM webhook_endpoints") == n
        # a public address in the same forms is still accepted
        r = adm.post("/settings/webhooks?format=xml", [("name", "n"),
                                                       ("url", "http://[64:ff9b::808:808]/x"),
                                                       ("events", "client.created")])
        assert r.status == 303, r
        eid = int(r.header("location").rsplit("/", 1)[1])
        disable_endpoint(stack, eid)
    finally:
        set_setting(stack, "allow_private_targets", "1")


def test_item24_webhook_send_time_refuses_ipv6_form_before_connecting(stack, adm):
    fast_settings(stack)
    recv = Receiver()
    try:
        # saved while private targets were allowed, sent after they no longer are
        r = adm.post("/settings/webhooks", [("name", "v6"),
                                            ("url", f"http://[::ffff:0:127.0.0.1]:{recv.port}/hook"),
                                            ("events", "client.created")])
        assert r.status == 303, r
        eid = int(r.header("location").rsplit("/", 1)[1])
        set_setting(stack, "allow_private_targets", "0")
        new_client(adm)
        wait_for(lambda: stack.scalar(
            f"SELECT COUNT(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
            f"WHERE d.endpoint_id = {eid}") not in (None, "0"), what="a refused attempt")
        err = stack.scalar("SELECT a.error FROM delivery_attempts a JOIN deliveries d"
                           f" ON d.id = a.delivery_id WHERE d.endpoint_id = {eid} LIMIT 1")
        assert "not allowed" in err
        assert recv.requests == []
    finally:
        set_setting(stack, "allow_private_targets", "1")
        recv.close()
        stack.sql("UPDATE webhook_endpoints SET enabled = 0 WHERE name = 'v6'")


# ------------------------------------------------------------------ item 25

def tmp_files(stack):
    d = stack.var / "files" / "tmp"
    return set(os.listdir(d)) if d.exists() else set()


def big_multipart(size):
    return multipart([("title", "x")], [("file", "big.bin", "application/octet-stream",
                                         b"\0" * size)])


def test_item25_anonymous_upload_is_refused_unread(stack):
    before = tmp_files(stack)
    body, ct = big_multipart(MAX_UPLOAD - 4096)
    for path, want in [(f"/projects/{PROJECT}/documents", 401), ("/no/such/upload", 404),
                       ("/login", 415)]:
        t0 = time.monotonic()
        st, _, _ = raw(stack, "POST", path, body, {"Content-Type": ct})
        took = time.monotonic() - t0
        assert st == want, (path, st)
        assert took < 5, (path, took)
    assert tmp_files(stack) == before
    # over the limit: refused on its Content-Length alone
    body, ct = big_multipart(30 * 1024 * 1024)
    t0 = time.monotonic()
    st, _, _ = raw(stack, "POST", f"/projects/{PROJECT}/documents", body, {"Content-Type": ct})
    assert st in (401, 413)
    assert time.monotonic() - t0 < 10
    assert tmp_files(stack) == before


def test_item25_body_is_not_parsed_before_the_front_line(stack):
    # a malformed multipart body was a 400 (parsed before routing); now the
    # front line answers first and never reads it
    junk = b"--nope\r\nthis is not multipart at all" * 100
    ct = "multipart/form-data; boundary=tdmBoundary7MA4YWxkTrZu0gW"
    assert raw(stack, "POST", f"/projects/{PROJECT}/documents", junk, {"Content-Type": ct})[0] == 401
    assert raw(stack, "POST", "/no/such/upload", junk, {"Content-Type": ct})[0] == 404
    c = login_as(stack, "client@acme.test")
    st = raw(stack, "POST", f"/projects/{PROJECT}/documents", junk, {"Content-Type": ct},
             cookies=c.cookies)[0]
    assert st == 403  # a contact may not add documents: refused unread


def test_item25_file_before_a_valid_csrf_is_refused_unwritten(stack, pmm):
    before = tmp_files(stack)
    n = stack.scalar("SELECT COUNT(*) FROM document_versions")
    body, ct = multipart([("csrf", "0" * 42), ("title", "forged")],
                         [("file", "a.txt", "text/plain", b"x" * 50000)])
    r = pmm.request("POST", f"/projects/{PROJECT}/documents", raw_body=body,
                    headers={"Content-Type": ct})
    assert r.status == 403
    assert tmp_files(stack) == before
    assert stack.scalar("SELECT COUNT(*) FROM document_versions") == n
    # multipart to a route that takes no file: 415, nothing read
    body, ct = multipart([("csrf", pmm.csrf()), ("week", "2026-W10")],
                         [("file", "a.txt", "text/plain", b"x")])
    r = pmm.request("POST", "/time/grid", raw_body=body, headers={"Content-Type": ct})
    assert r.status == 415
    # the real form still works
    r = post_multipart(pmm, f"/projects/{PROJECT}/documents", [("title", unique("doc"))],
                       [("file", "ok.txt", "text/plain", b"hello")])
    assert r.status == 303, r
    assert int(stack.scalar("SELECT COUNT(*) FROM document_versions")) == int(n) + 1


# ------------------------------------------------------------------ item 21

def measure(stack, cookies, path, seconds):
    """Sequential GETs of path for `seconds`: (req/s, p50, p99 in ms, non-200 count)."""
    lat, bad = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        st = raw(stack, "GET", path, cookies=cookies)[0]
        lat.append(time.monotonic() - t0)
        bad += st != 200
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    return len(lat) / seconds, p(0.5), p(0.99), bad


def test_item21_login_flood_leaves_signed_in_pages_usable(stack):
    pm = login_as(stack, "pm@demo.test")
    page = f"/projects/{PROJECT}"
    measure(stack, pm.cookies, page, 1)  # warm up
    base = measure(stack, pm.cookies, page, 4)

    stop = threading.Event()
    counts = {}
    lock = threading.Lock()

    def flood(n):
        # 8 addresses x 8 a second: 64 sign-ins a second (the issue saw 26),
        # under nginx's per-address rate so that all reach the app's cap
        src = f"127.0.3.{n + 1}"
        i = 0
        deadline = time.monotonic() + 15  # bounded whatever happens
        nxt = time.monotonic()
        while not stop.is_set() and time.monotonic() < deadline:
            i += 1
            try:
                st = login_from(stack, src, f"flood-{n}-{i}-{time.time_ns()}@x.test", "guess")[0]
            except OSError:
                st = "error"
            with lock:
                counts[st] = counts.get(st, 0) + 1
            nxt += 1 / 8
            time.sleep(max(0.0, nxt - time.monotonic()))

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    try:
        under = measure(stack, pm.cookies, page, 5)
    finally:
        stop.set()
        for t in threads:
            t.join()
    total = sum(counts.values())
    print(f"\nitem 21: signed-in {page} without flood: {base[0]:.1f} req/s, "
          f"p50 {base[1]:.0f} ms, p99 {base[2]:.0f} ms")
    print(f"item 21: signed-in {page} under flood:   {under[0]:.1f} req/s, "
          f"p50 {under[1]:.0f} ms, p99 {under[2]:.0f} ms")
    print(f"item 21: flood {total} POST /login in ~5.5 s from 8 addresses: {counts}")
    assert base[3] == 0 and under[3] == 0
    # the flood was real, and most of it was refused cheaply
    assert total >= 150, counts
    assert counts.get(429, 0) > counts.get(401, 0), counts
    # the signed-in page stays usable: at least a fifth of its rate, and no
    # request waits 1.5 s (main: 807 -> 3 req/s, p99 1.18 s; the machine is
    # shared, so the bound is relative to the rate just measured)
    assert under[0] >= base[0] / 5, (base, under)
    assert under[2] <= 1500, (base, under)
    # the sign-in still works for a person once the flood stops
    assert login_from(stack, "127.0.0.1", "pm@demo.test", PASSWORD)[0] == 303


def test_item21_nginx_limits_sign_in_per_address(stack):
    results = []
    lock = threading.Lock()

    def burst():
        for i in range(30):  # 180 in all: over 10/s + a burst of 40 unless 14 s slow
            st, _, body = login_from(stack, "127.0.4.1", f"burst-{time.time_ns()}@x.test", "x")
            with lock:
                results.append((st, body))

    threads = [threading.Thread(target=burst) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    by_nginx = [b for st, b in results if st == 429 and b"came from your address" in b]
    assert by_nginx, [st for st, _ in results]
    # another address is not affected
    st, _, body = login_from(stack, "127.0.4.2", "pm@demo.test", PASSWORD)
    assert st == 303
