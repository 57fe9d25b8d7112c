"""Issue 14, the mailbox settings (/settings/mailbox): the admin's form for the IMAP mailbox Tandem
reads. Good values are saved (303); bad ones come back 422 with the values kept, a message on
each bad field and nothing written; the password is write-only (only "set" is ever shown, a blank
one keeps the stored one); nobody but an admin sees or changes any of it.

The test stack's mailbox settings point at its private Dovecot (nginx/stack.sh, IMAP=1) and the
worker reads it every second; every test here puts the stack's values back when it is done."""
import pytest

from conftest import IMAP_PASSWORD, IMAP_USER, anon, form_state
from fakes import set_setting

PATH = "/settings/mailbox"


def settings(stack):
    return dict(stack.sql("SELECT name, value FROM settings WHERE name LIKE 'imap%' ORDER BY name"))


def good(stack, **over):
    d = {"host": "127.0.0.1", "port": str(stack.imap_port), "tls": "none", "user": IMAP_USER,
         "password": "", "address": "projects@agency.test", "folder": "INBOX",
         "done_folder": "Tandem/Done", "interval_s": "30"}
    d.update(over)
    return d


@pytest.fixture
def restore(stack):
    """The stack's own mailbox settings back after the test (the form cannot set the test
    stack's one-second interval)."""
    before = settings(stack)
    yield before
    for name, value in before.items():
        set_setting(stack, name, value)   # a row the test deleted comes back too
    stack.sql("DELETE FROM settings WHERE name LIKE 'imap%' AND name NOT IN ("
              + ", ".join(f"'{n}'" for n in before) + ")")


def test_the_page_shows_the_settings_and_never_the_password(stack, adminc):
    r = adminc.get_xml(PATH)
    assert r.status == 200, r
    m = r.xml().xpath("/page/mailbox")[0]
    assert (m.get("host"), m.get("port"), m.get("tls"), m.get("user")) == \
        ("127.0.0.1", str(stack.imap_port), "none", IMAP_USER)
    assert m.get("password-set") == "1" and m.get("configured") == "1"
    assert (m.get("folder"), m.get("done-folder")) == ("INBOX", "Tandem/Done")
    assert IMAP_PASSWORD.encode() not in r.body
    page = adminc.get(PATH)
    assert page.status == 200 and IMAP_PASSWORD.encode() not in page.body
    doc = page.html()
    assert doc.xpath("//input[@name='password' and @type='password']")
    assert not doc.xpath("//input[@name='password']/@value")
    assert doc.xpath("string(//input[@name='host']/@value)") == "127.0.0.1"
    # the settings tab is there, and is the current one
    assert doc.xpath("//nav[contains(@class,'settings-tabs')]//a[@aria-current='page']/@href") == [PATH]


def test_saving_good_values_keeps_the_stored_password(stack, adminc, restore):
    r = adminc.post(PATH, good(stack, address="inbox@agency.test", interval_s="30"))
    assert r.status == 303 and r.header("location") == PATH, r
    s = settings(stack)
    assert s["imap_address"] == "inbox@agency.test" and s["imap_interval_s"] == "30"
    assert s["imap_password"] == IMAP_PASSWORD          # blank: the stored one is kept
    # same host, port, user and folder: the reader's cursor is left as it was
    assert s.get("imap_last_uid") == restore.get("imap_last_uid")
    doc = adminc.get_xml(PATH).xml()
    assert doc.xpath("string(/page/mailbox/@address)") == "inbox@agency.test"
    assert doc.xpath("string(/page/mailbox/@interval-s)") == "30"


def test_a_new_password_is_stored_and_not_shown(stack, adminc, restore):
    r = adminc.post(PATH, good(stack, password="n3w-Secret-pw"))
    assert r.status == 303, r
    assert settings(stack)["imap_password"] == "n3w-Secret-pw"
    page = adminc.get_xml(PATH)
    assert b"n3w-Secret-pw" not in page.body
    assert page.xml().xpath("string(/page/mailbox/@password-set)") == "1"


def test_another_folder_starts_the_cursor_again(stack, adminc, restore):
    stack.sql("UPDATE settings SET value = '7' WHERE name = 'imap_last_uid'")
    r = adminc.post(PATH, good(stack, folder="Elsewhere", done_folder="Elsewhere/Done"))
    assert r.status == 303, r
    s = settings(stack)
    assert s["imap_folder"] == "Elsewhere" and s["imap_last_uid"] == "0" and s["imap_uidvalidity"] == ""


@pytest.mark.parametrize("field,value", [
    ("host", "imap://mail.example.com"), ("host", "mail example.com"), ("host", "mail.example.com/x"),
    ("host", ""), ("port", "0"), ("port", "65536"), ("port", "imap"), ("tls", "ssl"),
    ("user", ""), ("address", "not-an-address"), ("address", ""), ("folder", 'In"box'),
    ("folder", ""), ("done_folder", "INBOX"), ("done_folder", "Done*"), ("interval_s", "9"),
    ("interval_s", "3601"), ("interval_s", "soon"),
])
def test_bad_values_are_422_with_the_values_kept_and_nothing_written(stack, adminc, restore, field, value):
    before = stack.sql("SELECT name, value FROM settings WHERE name LIKE 'imap%' ORDER BY name")
    d = good(stack, password="typed-Secret-1")
    d[field] = value
    r = adminc.post(PATH + "?format=xml", d)
    assert r.status == 422, r
    values, errors = form_state(r, "mailbox")
    assert list(errors) == [field], errors
    assert errors[field]
    # what was typed comes back (the password never does)
    for k, v in d.items():
        if k != "password" and v.strip():
            assert values.get(k) == v, (k, values)
    assert "password" not in values and b"typed-Secret-1" not in r.body
    assert stack.sql("SELECT name, value FROM settings WHERE name LIKE 'imap%' ORDER BY name") == before


def test_the_html_form_comes_back_with_a_note_on_each_bad_field(stack, adminc, restore):
    r = adminc.post(PATH, good(stack, port="70000", interval_s="2", host="imaps://x"))
    assert r.status == 422, r
    doc = r.html()
    for name in ("port", "interval_s", "host"):
        assert doc.xpath(f"//input[@name='{name}' and @aria-invalid='true']"), name
        assert doc.xpath(f"string(//p[@id='mailbox-{name}-error'])"), name
    assert doc.xpath("string(//input[@name='port']/@value)") == "70000"


def test_no_password_stored_and_none_given_is_refused(stack, adminc, restore):
    stack.sql("DELETE FROM settings WHERE name = 'imap_password'")
    r = adminc.post(PATH + "?format=xml", good(stack))
    assert r.status == 422, r
    assert list(form_state(r, "mailbox")[1]) == ["password"]
    assert stack.scalar("SELECT COUNT(*) FROM settings WHERE name = 'imap_password'") == "0"
    assert adminc.get_xml(PATH).xml().xpath("string(/page/mailbox/@password-set)") == "0"


def test_only_an_admin_sees_or_changes_the_mailbox(stack, pmc, memberc, acmec, restore):
    for who in (pmc, memberc, acmec):
        r = who.get(PATH)
        assert r.status == 403, (who.role, r)
        assert IMAP_PASSWORD.encode() not in r.body
        assert who.get_xml(PATH).status == 403
        assert who.post(PATH, good(stack, host="evil.example", password="x")).status == 403
    assert settings(stack) == restore
    r = anon(stack).get(PATH)
    assert r.status == 303 and r.header("location").startswith("/login")
    # and no other page gives it away
    for who, path in ((acmec, "/portal"), (pmc, "/")):
        assert IMAP_PASSWORD.encode() not in who.get(path).body
