"""Contact invitations (one-time set-password links by e-mail), the mail lane of
the outbox (SMTP sink, retries, MIME shape) and branding."""
import re

import pytest

from conftest import XML, anon, form_state, login_as, max_id, unique
from fakes import fast_settings, set_setting, wait_for
from smtp_sink import html_part, text_part

LINK = re.compile(r"(/invite/[0-9a-f]{64})")


def add_contact(adminc, client_id=3, access="comment", name=None, email=None):
    email = email or f"{unique('c')}@initech.test"
    r = adminc.post(f"/clients/{client_id}/contacts",
                    {"name": name or "Milton Waddams", "email": email, "access": access})
    assert r.status == 303, r
    return email


def invite_link(stack, email, after=0):
    m = stack.mail.wait_for(lambda m: email in m["rcpt"] and
                            stack.mail.messages.index(m) >= after)
    return LINK.search(text_part(m["message"])).group(1), m


def nonce_of(resp):
    return resp.xml().xpath("string(/page/invite/@nonce)")


@pytest.fixture(scope="module", autouse=True)
def fast(stack):
    fast_settings(stack)


def test_new_contact_gets_invitation_mail(stack, adminc):
    email = add_contact(adminc)
    link, m = invite_link(stack, email)
    msg = m["message"]
    assert msg["Message-ID"] and msg["Date"]
    assert msg.get_content_type() == "multipart/alternative"
    assert "set your password" in html_part(msg).lower()
    assert stack.base + link in text_part(msg)
    assert m["mail_from"] == "projects@agency.test"
    # only the hash is stored
    token = link.rsplit("/", 1)[1]
    assert stack.scalar(f"SELECT COUNT(*) FROM invitations WHERE token_hash = '{token}'") == "0"


def test_set_password_then_sign_in_lands_on_portal(stack, adminc):
    email = add_contact(adminc)
    link, _ = invite_link(stack, email)
    c = anon(stack)
    page = c.get(link, headers=XML)
    assert page.status == 200, page
    assert page.xml().xpath("string(/page/invite/@email)") == email
    r = c.request("POST", link, body={"password": "a-long-secret-1", "password2": "a-long-secret-1",
                                     "nonce": nonce_of(page)})
    assert r.status == 303 and r.header("location") == "/login", r
    signed = login_as(stack, email, "a-long-secret-1")
    assert signed.role == "client"


def test_link_works_once(stack, adminc):
    email = add_contact(adminc)
    link, _ = invite_link(stack, email)
    c = anon(stack)
    nonce = nonce_of(c.get(link, headers=XML))
    body = {"password": "a-long-secret-1", "password2": "a-long-secret-1", "nonce": nonce}
    assert c.request("POST", link, body=body).status == 303
    again = c.get(link)
    assert again.status == 410
    assert "already been used" in again.text
    assert c.request("POST", link, body=body).status == 410


def test_unknown_token_is_404_with_a_clear_page(stack):
    r = anon(stack).get("/invite/" + "ab" * 32)
    assert r.status == 404
    assert "not valid" in r.text


def test_expired_link_refused(stack, adminc):
    email = add_contact(adminc)
    link, _ = invite_link(stack, email)
    stack.sql("UPDATE invitations i JOIN users u ON u.id = i.user_id SET i.expires_at ="
              f" UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE u.email = '{email}'")
    r = anon(stack).get(link)
    assert r.status == 410 and "expired" in r.text


def test_bad_nonce_and_cross_site_refused(stack, adminc):
    email = add_contact(adminc)
    link, _ = invite_link(stack, email)
    c = anon(stack)
    nonce = nonce_of(c.get(link, headers=XML))
    body = {"password": "a-long-secret-1", "password2": "a-long-secret-1"}
    assert c.request("POST", link, body=dict(body, nonce="0" * 32)).status == 403
    r = c.request("POST", link, body=dict(body, nonce=nonce),
                  headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.status == 403
    assert stack.scalar(f"SELECT password_hash IS NULL FROM users WHERE email = '{email}'") == "1"


def test_password_rules_422_nothing_written(stack, adminc):
    email = add_contact(adminc)
    link, _ = invite_link(stack, email)
    c = anon(stack)
    nonce = nonce_of(c.get(link, headers=XML))
    r = c.request("POST", link + "?format=xml",
                  body={"password": "short", "password2": "short", "nonce": nonce})
    assert r.status == 422
    _, errors = form_state(r, "invite")
    assert "password" in errors
    r = c.request("POST", link + "?format=xml", body={"password": "a-long-secret-1",
                                                     "password2": "a-long-secret-2", "nonce": nonce})
    assert r.status == 422
    assert "password2" in form_state(r, "invite")[1]
    assert stack.scalar(f"SELECT password_hash IS NULL FROM users WHERE email = '{email}'") == "1"
    assert c.get(link).status == 200  # still usable


def test_resend_replaces_the_old_link(stack, adminc):
    email = add_contact(adminc)
    old, _ = invite_link(stack, email)
    uid = stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")
    n = len(stack.mail.messages)
    assert adminc.post(f"/clients/3/contacts/{uid}/invite").status == 303
    new, _ = invite_link(stack, email, after=n)
    assert new != old
    assert anon(stack).get(old).status == 410
    assert anon(stack).get(new).status == 200


def test_revoke(stack, adminc):
    email = add_contact(adminc)
    link, _ = invite_link(stack, email)
    uid = stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")
    assert adminc.post(f"/clients/3/contacts/{uid}/revoke").status == 303
    r = anon(stack).get(link)
    assert r.status == 410 and "withdrawn" in r.text


def test_resend_and_revoke_are_admin_only_and_scoped(stack, pmc, adminc):
    email = add_contact(adminc)
    uid = stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")
    assert pmc.post(f"/clients/3/contacts/{uid}/invite").status == 403
    # the contact of client 3 under client 1's address: unknown
    assert adminc.post(f"/clients/1/contacts/{uid}/invite").status == 404
    assert adminc.post(f"/clients/1/contacts/{uid}/revoke").status == 404


def test_duplicate_contact_queues_no_mail(stack, adminc):
    before = max_id(stack, "mails")
    r = adminc.post("/clients/3/contacts?format=xml",
                    {"name": "Dup", "email": "client@acme.test", "access": "view"})
    assert r.status == 422
    assert max_id(stack, "mails") == before


def test_mail_is_retried_after_a_temporary_failure(stack, adminc):
    # only this address is refused once, so other tests' mail cannot take the failure
    email = f"{unique('c')}@initech.test"
    stack.mail.fail_rcpt[email] = 1
    add_contact(adminc, email=email)
    invite_link(stack, email)
    # the worker records the send after the sink has the message: wait for it
    wait_for(lambda: stack.scalar(f"SELECT state FROM mails WHERE to_addr = '{email}'") == "sent",
             what="the mail marked sent")
    assert stack.scalar(f"SELECT tries FROM mails WHERE to_addr = '{email}'") == "2"
    assert stack.mail.fail_rcpt[email] == 0


def test_non_ascii_subject_is_encoded(stack, adminc):
    set_setting(stack, "brand_name", "Agentur Müller")
    try:
        email = add_contact(adminc)
        _, m = invite_link(stack, email)
        assert b"Subject: =?UTF-8?B?" in m["data"]
        assert m["message"]["Subject"].startswith("Your access to Agentur Müller")
        assert "Agentur Müller" in m["message"]["From"]
    finally:
        stack.sql("DELETE FROM settings WHERE name LIKE 'brand_%'")


def test_brand_settings(stack, adminc, pmc, acmec):
    try:
        r = adminc.post("/settings/brand", {"name": "Northstar Studio", "accent": "#aa3300"})
        assert r.status == 303
        doc = acmec.get_xml("/portal").xml()
        assert doc.xpath("string(/page/brand/@name)") == "Northstar Studio"
        assert doc.xpath("string(/page/brand/@accent)") == "#aa3300"
        html = acmec.get("/portal").text
        assert "Northstar Studio" in html and "Tandem" not in html
        link_page = anon(stack).get("/invite/" + "cd" * 32)
        assert "Northstar Studio" in link_page.text and "Tandem" not in link_page.text
    finally:
        stack.sql("DELETE FROM settings WHERE name LIKE 'brand_%'")


def test_brand_validation_and_access(stack, adminc, pmc):
    r = adminc.post("/settings/brand?format=xml", {"name": "X", "accent": "red;}"})
    assert r.status == 422
    values, errors = form_state(r, "brand")
    assert "accent" in errors and values["accent"] == "red;}"
    assert stack.scalar("SELECT COUNT(*) FROM settings WHERE name LIKE 'brand_%'") == "0"
    assert pmc.get("/settings/brand").status == 403
    assert pmc.post("/settings/brand", {"name": "X", "accent": "#000000"}).status == 403
