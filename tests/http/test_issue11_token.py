"""Issue 11, the token module (src/token.c): every tokenised link - invitations, password
resets, surveys, approvals, calendar feeds, sessions - is checked, hashed and looked up the
same way.

- links minted before the module (rows holding SHA2(token, 256)) keep working;
- a token without a token's shape (64 lowercase hex) is refused like an unknown one, before
  any lookup: an upper-case spelling of a live token finds nothing;
- expiry is the database's clock: a minute left is open, a second past is expired, on the page
  and on the POST; a used link says "used" even once it has expired, a withdrawn one
  "withdrawn";
- a token works only under its own path (a reset link under /invite/ is unknown)."""
import datetime
import secrets

import pytest

from conftest import XML, anon, login_as, post_multipart, unique

ACME = 1
JORDAN = 7  # client@acme.test, access approve

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def new_token():
    return secrets.token_hex(32)


def refused(r, status, words):
    assert r.status == status, r
    doc = r.xml() if r.header("content-type", ).startswith(("application/xml", "text/xml")) else None
    if doc is not None:
        assert words in doc.xpath("string(/page/refused)"), r.body[:400]
    else:
        assert words.encode() in r.body, r.body[:400]


# ------------------------------------------------------------ rows as earlier code wrote them

def survey_row(stack, expires="UTC_TIMESTAMP() + INTERVAL 9 DAY", answered="NULL", token=None):
    token = token or new_token()
    stack.sql("INSERT INTO surveys (project_id, client_id, contact_id, kind, occasion, token_hash,"
              " expires_at, created_at, answered_at, score) VALUES"
              f" (1, {ACME}, {JORDAN}, 'csat', '{unique('occ')}', SHA2('{token}', 256), {expires},"
              f" UTC_TIMESTAMP(), {answered}, {'NULL' if answered == 'NULL' else 4})")
    return token


def contact(stack, active=1):
    email = f"{unique('tok')}@acme.test"
    stack.sql("INSERT INTO users (email, name, role, client_id, access, active, hourly_rate, currency,"
              f" created_at, updated_at) VALUES ('{email}', 'Token Test', 'client', {ACME}, 'view',"
              f" {active}, 0, 'EUR', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))


def invite_row(stack, uid, purpose="invite", expires="UTC_TIMESTAMP() + INTERVAL 7 DAY",
               used="NULL", revoked="NULL"):
    token = new_token()
    stack.sql("INSERT INTO invitations (user_id, purpose, token_hash, created_at, expires_at, used_at,"
              f" revoked_at) VALUES ({uid}, '{purpose}', SHA2('{token}', 256), UTC_TIMESTAMP(),"
              f" {expires}, {used}, {revoked})")
    return token


@pytest.fixture(scope="module")
def approval_id(stack, pmc):
    r = post_multipart(pmc, "/projects/1/documents",
                       [("title", unique("Token doc")), ("note", "v1"), ("client_visible", "1")],
                       [("file", "mock.png", "image/png", PNG + unique("p").encode())])
    assert r.status == 303, r
    did = int(r.header("location").rsplit("/", 1)[1])
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    r = pmc.post(f"/documents/{did}/approvals", [("contact_id", str(JORDAN)), ("due_date", due),
                                                 ("message", "Token test")])
    assert r.status == 303, r
    return int(stack.scalar(f"SELECT MAX(id) FROM approvals WHERE document_id = {did}"))


def approval_token(stack, aid, expires="UTC_TIMESTAMP() + INTERVAL 30 DAY"):
    token = new_token()
    stack.sql("INSERT INTO approval_tokens (token_hash, approval_id, expires_at) VALUES"
              f" (SHA2('{token}', 256), {aid}, {expires})")
    return token


def feed_row(stack, revoked="NULL"):
    token = new_token()
    stack.sql("INSERT INTO calendar_feeds (project_id, token_hash, audience, created_at, revoked_at)"
              f" VALUES (1, SHA2('{token}', 256), 'team', UTC_TIMESTAMP(), {revoked})")
    return token


# ------------------------------------------------------------ links minted before keep working

def test_rows_written_before_the_module_still_open(stack, approval_id):
    c = anon(stack)
    assert c.get(f"/s/{survey_row(stack)}", headers=XML).xml().xpath("string(/page/survey/@kind)") == "csat"
    inv = c.get(f"/invite/{invite_row(stack, contact(stack))}", headers=XML)
    assert inv.status == 200 and inv.xml().xpath("string(/page/invite/@purpose)") == "invite"
    reset = c.get(f"/reset/{invite_row(stack, contact(stack), 'reset')}", headers=XML)
    assert reset.status == 200 and reset.xml().xpath("string(/page/invite/@purpose)") == "reset"
    ap = c.get(f"/a/{approval_token(stack, approval_id)}", headers=XML)
    assert ap.status == 200 and ap.xml().xpath("string(/page/approval/@id)") == str(approval_id)
    feed = c.get(f"/calendar.ics?t={feed_row(stack)}")
    assert feed.status == 200 and feed.header("content-type").startswith("text/calendar")


def test_the_state_columns_stay_out_of_the_approval_page(stack, approval_id):
    n = anon(stack).get(f"/a/{approval_token(stack, approval_id)}", headers=XML).xml()
    ap = n.xpath("/page/approval")[0]
    assert ap.get("decided") is None and ap.get("closed") is None
    assert ap.get("expired") == "0"


def test_an_old_survey_link_answers_once(stack):
    c = anon(stack)
    link = f"/s/{survey_row(stack)}"
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/survey/@nonce)")
    assert len(nonce) == 32
    assert c.request("POST", link, body={"score": "5", "nonce": nonce}).status == 303
    refused(c.request("POST", link, body={"score": "4", "nonce": nonce}), 410, "answered already")


# ------------------------------------------------------------ shape: refused before any lookup

@pytest.mark.parametrize("path", ["/s/", "/invite/", "/reset/", "/a/"])
def test_upper_case_spelling_of_a_live_token_is_unknown(stack, approval_id, path):
    token = {"/s/": lambda: survey_row(stack),
             "/invite/": lambda: invite_row(stack, contact(stack)),
             "/reset/": lambda: invite_row(stack, contact(stack), "reset"),
             "/a/": lambda: approval_token(stack, approval_id)}[path]()
    c = anon(stack)
    assert c.get(path + token).status == 200
    for bad in (token.upper(), token[:-1], token + "0", token[:-1] + "g", token[:32]):
        refused(c.get(path + bad, headers=XML), 404, "not valid")
        r = c.request("POST", path + bad, body={"nonce": "0" * 32})
        assert r.status == 404, (bad, r)


def test_calendar_feed_shape(stack):
    c = anon(stack)
    token = feed_row(stack)
    assert c.get(f"/calendar.ics?t={token}").status == 200
    for bad in (token.upper(), token[:-1], token + "a", "", "%20" + token[1:]):
        assert c.get(f"/calendar.ics?t={bad}").status == 404, bad
    assert c.get("/calendar.ics").status == 404
    assert c.get(f"/calendar.ics?t={feed_row(stack, 'UTC_TIMESTAMP()')}").status == 404  # revoked


def test_a_row_whose_token_has_no_token_shape_is_unreachable(stack):
    """The route lets any 16..128 letters, digits, '-' and '_' through to the handler; a row
    holding the hash of such a text (the demo data's survey rows are of this kind) is never
    looked up: the shape is refused before the hash is computed."""
    for text in ("Survey_link-for-a-demo", "ABCDEF0123456789" * 4, "0123456789abcdef" * 5):
        survey_row(stack, token=text)
        refused(anon(stack).get(f"/s/{text}", headers=XML), 404, "not valid")


def test_session_cookie_shape(stack):
    token = login_as(stack, "pm@demo.test").cookies["tandem_session"]
    live = anon(stack).request("GET", "/", headers={"Cookie": f"tandem_session={token}", **XML})
    assert live.status == 200 and live.xml().xpath("string(/page/session/@role)") == "pm"
    for bad in (token.upper(), token[:-1], token + "0", token[:-1] + "g"):
        r = anon(stack).request("GET", "/", headers={"Cookie": f"tandem_session={bad}", **XML})
        assert r.status == 401, (bad, r)  # not signed in


# ------------------------------------------------------------ expiry, by the database's clock

def test_survey_expiry_edge(stack):
    c = anon(stack)
    open_link = f"/s/{survey_row(stack, expires='UTC_TIMESTAMP() + INTERVAL 1 MINUTE')}"
    past_link = f"/s/{survey_row(stack, expires='UTC_TIMESTAMP() - INTERVAL 1 SECOND')}"
    nonce = c.get(open_link, headers=XML).xml().xpath("string(/page/survey/@nonce)")
    assert c.request("POST", open_link, body={"score": "3", "nonce": nonce}).status == 303
    refused(c.get(past_link, headers=XML), 410, "expired")
    refused(c.request("POST", past_link, body={"score": "3", "nonce": nonce}, headers=XML), 410,
            "expired")


def test_answered_then_expired_survey_still_thanks(stack):
    link = f"/s/{survey_row(stack, expires='UTC_TIMESTAMP() - INTERVAL 1 DAY', answered='UTC_TIMESTAMP() - INTERVAL 2 DAY')}"
    r = anon(stack).get(link, headers=XML)
    assert r.status == 200 and r.xml().xpath("string(/page/@name)") == "survey-thanks"


def test_invitation_expiry_edge_and_order(stack):
    c = anon(stack)
    assert c.get(f"/invite/{invite_row(stack, contact(stack), expires='UTC_TIMESTAMP() + INTERVAL 1 MINUTE')}").status == 200
    refused(c.get(f"/invite/{invite_row(stack, contact(stack), expires='UTC_TIMESTAMP() - INTERVAL 1 SECOND')}",
                  headers=XML), 410, "expired")
    past = "UTC_TIMESTAMP() - INTERVAL 1 SECOND"
    # used beats withdrawn beats expired
    refused(c.get(f"/invite/{invite_row(stack, contact(stack), expires=past, used='UTC_TIMESTAMP()', revoked='UTC_TIMESTAMP()')}",
                  headers=XML), 410, "already been used")
    refused(c.get(f"/invite/{invite_row(stack, contact(stack), expires=past, revoked='UTC_TIMESTAMP()')}",
                  headers=XML), 410, "withdrawn")
    # a deactivated contact's link counts as withdrawn, before its expiry
    refused(c.get(f"/invite/{invite_row(stack, contact(stack, active=0), expires=past)}", headers=XML),
            410, "withdrawn")
    refused(c.get(f"/reset/{invite_row(stack, contact(stack), 'reset', expires=past)}", headers=XML),
            410, "one hour")


def test_approval_expiry_edge(stack, approval_id):
    c = anon(stack)
    assert c.get(f"/a/{approval_token(stack, approval_id, 'UTC_TIMESTAMP() + INTERVAL 1 MINUTE')}").status == 200
    refused(c.get(f"/a/{approval_token(stack, approval_id, 'UTC_TIMESTAMP() - INTERVAL 1 SECOND')}",
                  headers=XML), 410, "expired")


# ------------------------------------------------------------ a token only under its own path

def test_token_only_under_its_own_path(stack, approval_id):
    c = anon(stack)
    reset = invite_row(stack, contact(stack), "reset")
    invite = invite_row(stack, contact(stack))
    refused(c.get(f"/invite/{reset}", headers=XML), 404, "not valid")
    refused(c.get(f"/reset/{invite}", headers=XML), 404, "not valid")
    survey = survey_row(stack)
    refused(c.get(f"/a/{survey}", headers=XML), 404, "not valid")
    refused(c.get(f"/s/{approval_token(stack, approval_id)}", headers=XML), 404, "not valid")
    assert c.get(f"/calendar.ics?t={survey}").status == 404
    assert c.get(f"/s/{survey}").status == 200 and c.get(f"/reset/{reset}").status == 200
