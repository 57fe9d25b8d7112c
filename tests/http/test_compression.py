"""Issue 17: responses compressed when the client accepts it (nginx gzip, the static files from
their .gz), and the CSRF token masked afresh in every page so that compression reveals nothing
of it (BREACH). POSTs take the masked token (any pad) or the session's own; a damaged one, or
another session's, is refused with nothing written."""
import gzip
import hashlib
import re
from pathlib import Path

import pytest

from conftest import login_as, unique

ROOT = Path(__file__).resolve().parents[2]
GZ = {"Accept-Encoding": "gzip"}
CSRF = re.compile(rb'csrf="[0-9a-f]+"|name="csrf" value="[0-9a-f]+"')


def same_but_csrf(a, b):
    return CSRF.sub(b"csrf", a) == CSRF.sub(b"csrf", b)


@pytest.mark.parametrize("path", ["/", "/projects/1", "/projects?format=xml", "/projects/1?format=xml"])
def test_pages_and_the_xml_api_are_gzipped_when_accepted(stack, pmc, path):
    plain = pmc.get(path)
    packed = pmc.get(path, headers=GZ)
    assert plain.status == packed.status == 200
    assert plain.header("content-encoding") is None           # not asked: not compressed
    assert packed.header("content-encoding") == "gzip"
    assert "Accept-Encoding" in (packed.header("vary") or "")
    body = gzip.decompress(packed.body)
    assert same_but_csrf(body, plain.body)                    # the same page, the token aside
    assert len(packed.body) * 3 < len(plain.body), (len(packed.body), len(plain.body))


def test_the_portal_is_gzipped_for_a_contact(stack):
    c = login_as(stack, "client@acme.test")
    r = c.get("/portal", headers=GZ)
    assert r.status == 200 and r.header("content-encoding") == "gzip"
    assert b"Acme Corp" in gzip.decompress(r.body)


@pytest.mark.parametrize("name", ["tandem.css", "tandem.js"])
def test_static_files_come_from_their_precompressed_copy(stack, name):
    src = (ROOT / "nginx/static" / name).read_bytes()
    packed_file = (ROOT / "nginx/static" / (name + ".gz")).read_bytes()
    r = login_as(stack, "pm@demo.test").get(f"/static/{name}", headers=GZ)
    assert r.status == 200 and r.header("content-encoding") == "gzip"
    assert r.body == packed_file                               # gzip_static: the file made by make build
    assert gzip.decompress(r.body) == src                      # ... and it is the current file
    r = login_as(stack, "pm@demo.test").get(f"/static/{name}")
    assert r.header("content-encoding") is None and r.body == src


def test_the_csrf_token_is_masked_afresh_on_every_page(stack, pmc):
    token_hash = hashlib.sha256(pmc.cookies["tandem_session"].encode()).hexdigest()
    secret = stack.scalar(f"SELECT csrf FROM sessions WHERE token_hash = '{token_hash}'")
    assert re.fullmatch("[0-9a-f]{42}", secret), secret        # this client's own session
    seen = {pmc.csrf() for _ in range(5)}
    assert len(seen) == 5                                      # never the same twice
    for t in seen:
        assert re.fullmatch("[0-9a-f]+", t) and len(t) == 2 * len(secret)
        assert secret not in t
    html = pmc.get("/projects/1").text
    assert secret not in html


def new_client_named(c, token):
    name = unique("CSRF client")
    r = c.request("POST", "/clients", body={"name": name, "cadence": "weekly", "csrf": token})
    return r, name


def clients_named(stack, name):
    return int(stack.scalar(f"SELECT COUNT(*) FROM clients WHERE name = '{name}'"))


def test_any_masked_form_of_the_token_is_accepted(stack):
    c = login_as(stack, "pm@demo.test")
    for _ in range(3):
        r, name = new_client_named(c, c.csrf())
        assert r.status == 303, r
        assert clients_named(stack, name) == 1


def test_a_damaged_or_foreign_token_is_refused_and_writes_nothing(stack):
    c = login_as(stack, "pm@demo.test")
    other = login_as(stack, "admin@demo.test")
    good = c.csrf()
    flipped = good[:10] + ("0" if good[10] != "0" else "1") + good[11:]
    for token in (flipped, good[:-2], good[: len(good) // 2], good[len(good) // 2:], other.csrf(), "", "x" * len(good)):
        r, name = new_client_named(c, token)
        assert r.status == 403, (token, r)
        assert clients_named(stack, name) == 0
