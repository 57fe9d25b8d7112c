"""Issue 10, items 14-16: cutting a client contact off (access level, deactivation),
a new password ending the other sessions, and the self-service password reset."""
import datetime
import hashlib
import re

import pytest

from conftest import XML, anon, form_state, login_as, new_staff, post_multipart, unique
from fakes import fast_settings, wait_for
from plan_helpers import new_project
from smtp_sink import html_part, text_part

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
SECRET = "a-long-secret-1"


@pytest.fixture(scope="module", autouse=True)
def fast(stack):
    fast_settings(stack)


def mail_link(stack, email, after, kind):
    pat = re.compile(rf"(/{kind}/[0-9a-f]{{64}})")
    m = stack.mail.wait_for(lambda m: email in m["rcpt"] and stack.mail.messages.index(m) >= after
                            and pat.search(text_part(m["message"])))
    return pat.search(text_part(m["message"])).group(1), m


def set_password(c, link, password=SECRET, password2=None):
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/invite/@nonce)")
    return c.request("POST", link + "?format=xml", body={
        "password": password, "password2": password if password2 is None else password2,
        "nonce": nonce})


def signed_in(c, path="/portal"):
    """1 when c's session still answers a signed-in page (XML: 401 once signed out)."""
    r = c.get_xml(path)
    assert r.status in (200, 401), r
    return r.status == 200


def token_sha(link):
    return hashlib.sha256(link.rsplit("/", 1)[1].encode()).hexdigest()


@pytest.fixture(scope="module")
def org(stack, pmc):
    """A fresh client whose project's PM is pm@demo.test, and one project."""
    pid = new_project(pmc, stack)
    cid = int(stack.scalar(f"SELECT client_id FROM projects WHERE id = {pid}"))
    return {"client": cid, "project": pid}


def new_contact(stack, pmc, org, access="approve"):
    """A contact of org with a password, signed in: (uid, email, client)."""
    email = f"{unique('acct')}@client.test"
    n = len(stack.mail.messages)
    r = pmc.post(f"/clients/{org['client']}/contacts", {"name": "Milton Waddams", "email": email,
                                                         "access": access})
    assert r.status == 303, r
    link, _ = mail_link(stack, email, n, "invite")
    assert set_password(anon(stack), link).status == 303
    uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
    return uid, email, login_as(stack, email, SECRET)


def ask_approval(stack, pmc, org, uid, email):
    """A pending approval of a new client-visible document, asked of contact uid: (id, link)."""
    r = post_multipart(pmc, f"/projects/{org['project']}/documents",
                       [("title", unique("Mock-up")), ("note", "v1"), ("client_visible", "1")],
                       [("file", "mock.png", "image/png", PNG + unique("p").encode())])
    assert r.status == 303, r
    did = int(r.header("location").rsplit("/", 1)[1])
    n = len(stack.mail.messages)
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    r = pmc.post(f"/documents/{did}/approvals", {"contact_id": str(uid), "due_date": due,
                                                 "message": "Please review."})
    assert r.status == 303, r
    aid = int(stack.scalar(f"SELECT MAX(id) FROM approvals WHERE document_id = {did}"))
    link, _ = mail_link(stack, email, n, "a")
    return aid, link


def decide_by_link(c, link):
    nonce = c.get(link, headers=XML).xml().xpath("string(/page/approval/@nonce)")
    return c.request("POST", link, body={"decision": "approve", "comment": "", "nonce": nonce,
                                         "signed_name": "Milton Waddams"})


def contact_row(stack, uid):
    return stack.sql(f"SELECT access, active, updated_at FROM users WHERE id = {uid}")[0]


# ------------------------------------------------------------ item 14: contacts can be cut off

def test_item14_pm_of_client_deactivates_contact_signed_out_and_links_void(stack, pmc, org):
    uid, email, c = new_contact(stack, pmc, org)
    aid, link = ask_approval(stack, pmc, org, uid, email)
    assert signed_in(c)
    assert anon(stack).get(link).status == 200
    # the client page offers it to the PM, and asks first
    page = pmc.get(f"/clients/{org['client']}").html()
    btn = page.xpath(f"//form[@action='/clients/{org['client']}/contacts/{uid}/active']//button")
    assert btn and "signed out" in btn[0].get("data-confirm")
    acts = int(stack.scalar(f"SELECT COUNT(*) FROM activity WHERE client_id = {org['client']}"))
    r = pmc.post(f"/clients/{org['client']}/contacts/{uid}/active", {"active": "0"})
    assert r.status == 303 and r.header("location") == f"/clients/{org['client']}", r
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "0"
    assert stack.scalar(f"SELECT COUNT(*) FROM sessions WHERE user_id = {uid}") == "0"
    # the session's next request is signed out; the password no longer signs in
    assert not signed_in(c)
    assert c.get("/portal").status == 303
    assert anon(stack).request("POST", "/login", body={"email": email, "password": SECRET}).status == 401
    # the approval link answers that it is not valid, and nothing can be decided with it
    r = anon(stack).get(link)
    assert r.status == 404 and "no longer valid" in r.text
    assert decide_by_link(anon(stack), link).status == 404
    assert anon(stack).get(link + "/file").status == 404
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == "0"
    # one activity line, naming the contact
    line = stack.sql(f"SELECT kind, note, user_id FROM activity WHERE client_id = {org['client']}"
                     " ORDER BY id DESC LIMIT 1")[0]
    assert int(stack.scalar(f"SELECT COUNT(*) FROM activity WHERE client_id = {org['client']}")) == acts + 1
    assert line == ("contact_deactivated", "Milton Waddams", "2")
    feed = pmc.get(f"/clients/{org['client']}").html()
    assert feed.xpath(f"//tr[.//form[@action='/clients/{org['client']}/contacts/{uid}/active']]"
                      "//*[contains(@class, 'contact-inactive')]")


def test_item14_reactivated_contact_signs_in_but_old_links_stay_void(stack, pmc, org):
    uid, email, c = new_contact(stack, pmc, org)
    _, link = ask_approval(stack, pmc, org, uid, email)
    assert pmc.post(f"/clients/{org['client']}/contacts/{uid}/active", {"active": "0"}).status == 303
    r = pmc.post(f"/clients/{org['client']}/contacts/{uid}/active", {"active": "1"})
    assert r.status == 303
    assert stack.scalar(f"SELECT active FROM users WHERE id = {uid}") == "1"
    assert stack.scalar(f"SELECT kind FROM activity WHERE client_id = {org['client']}"
                        " ORDER BY id DESC LIMIT 1") == "contact_reactivated"
    assert signed_in(login_as(stack, email, SECRET))
    assert anon(stack).get(link).status == 404


def test_item14_admin_lowers_access_approve_to_view_stops_deciding(stack, pmc, adminc, org):
    uid, email, c = new_contact(stack, pmc, org)
    aid, link = ask_approval(stack, pmc, org, uid, email)
    assert c.get_xml(f"/portal/approvals/{aid}").status == 200
    r = adminc.post(f"/clients/{org['client']}/contacts/{uid}/access", {"access": "view"})
    assert r.status == 303, r
    assert stack.scalar(f"SELECT access FROM users WHERE id = {uid}") == "view"
    line = stack.sql(f"SELECT kind, from_value, to_value, note FROM activity"
                     f" WHERE client_id = {org['client']} ORDER BY id DESC LIMIT 1")[0]
    assert line[:3] == ("contact_access", "approve", "view") and "Milton Waddams" in line[3]
    # still signed in, but can decide neither in the portal nor by link
    assert signed_in(c)
    assert c.post(f"/portal/approvals/{aid}", {"decision": "approve", "comment": "",
                                              "signed_name": "Milton Waddams"}).status == 403
    assert decide_by_link(anon(stack), link).status == 403
    assert stack.scalar(f"SELECT state FROM approvals WHERE id = {aid}") == "pending"
    assert stack.scalar(f"SELECT COUNT(*) FROM approval_decisions WHERE approval_id = {aid}") == "0"
    # and back: the page shows the chosen level
    assert adminc.post(f"/clients/{org['client']}/contacts/{uid}/access", {"access": "comment"}).status == 303
    page = adminc.get(f"/clients/{org['client']}").html()
    assert page.xpath(f"string(//select[@id='access-{uid}']/option[@selected]/@value)") == "comment"


@pytest.mark.parametrize("who", ["member@demo.test", "lena@demo.test"])
def test_item14_member_or_pm_of_another_client_cannot_change_contact(stack, pmc, org, who):
    uid, email, c = new_contact(stack, pmc, org)
    other = login_as(stack, who)
    before = contact_row(stack, uid)
    acts = stack.scalar(f"SELECT COUNT(*) FROM activity WHERE client_id = {org['client']}")
    r1 = other.post(f"/clients/{org['client']}/contacts/{uid}/active", {"active": "0"})
    r2 = other.post(f"/clients/{org['client']}/contacts/{uid}/access", {"access": "view"})
    assert r1.status == 403 and r2.status == 403, (r1, r2)
    assert contact_row(stack, uid) == before
    assert stack.scalar(f"SELECT COUNT(*) FROM activity WHERE client_id = {org['client']}") == acts
    assert signed_in(c)
    # nor does the page offer it
    page = other.get(f"/clients/{org['client']}").html()
    assert not page.xpath("//form[contains(@action, '/active') or contains(@action, '/access')]")


def test_item14_contact_of_another_client_is_404_and_bad_values_422(stack, pmc, org):
    uid, email, c = new_contact(stack, pmc, org)
    before = contact_row(stack, uid)
    # Jordan (user 7) is Acme's contact, not this client's; pm is Acme's PM too: still 404 here
    assert pmc.post(f"/clients/{org['client']}/contacts/7/active", {"active": "0"}).status == 404
    assert pmc.post(f"/clients/{org['client']}/contacts/7/access", {"access": "view"}).status == 404
    assert stack.scalar("SELECT CONCAT(access, active) FROM users WHERE id = 7") == "approve1"
    r = pmc.post(f"/clients/{org['client']}/contacts/{uid}/access?format=xml", {"access": "owner"})
    assert r.status == 422
    assert "access" in form_state(r, "contact-access")[1]
    r = pmc.post(f"/clients/{org['client']}/contacts/{uid}/active?format=xml", {})
    assert r.status == 422
    assert "active" in form_state(r, "contact-active")[1]
    assert contact_row(stack, uid) == before
    assert signed_in(c)


# ------------------------------------------------------------ item 15: a new password ends other sessions

def test_item15_reinvitation_password_ends_the_old_session(stack, pmc, adminc, org):
    uid, email, old = new_contact(stack, pmc, org)
    assert signed_in(old)
    n = len(stack.mail.messages)
    assert adminc.post(f"/clients/{org['client']}/contacts/{uid}/invite").status == 303
    link, _ = mail_link(stack, email, n, "invite")
    assert set_password(anon(stack), link, "another-secret-2").status == 303
    assert not signed_in(old)
    assert signed_in(login_as(stack, email, "another-secret-2"))


def test_item15_reset_keeps_the_session_doing_it_ends_the_others(stack, pmc, org):
    uid, email, other = new_contact(stack, pmc, org)
    doing = login_as(stack, email, SECRET)
    n = len(stack.mail.messages)
    assert anon(stack).request("POST", "/password/forgot", body={"email": email}).status == 303
    link, _ = mail_link(stack, email, n, "reset")
    assert set_password(doing, link, "third-secret-33").status == 303
    assert signed_in(doing)
    assert not signed_in(other)
    assert stack.scalar(f"SELECT COUNT(*) FROM sessions WHERE user_id = {uid}") == "1"


# ------------------------------------------------------------ item 16: forgot password

def forgot(stack, email, c=None):
    return (c or anon(stack)).request("POST", "/password/forgot", body={"email": email})


def reset_mails(stack, email):
    """Reset e-mails queued for email, once the outbox worker has processed its requests."""
    wait_for(lambda: stack.scalar("SELECT COUNT(*) FROM reset_requests WHERE processed_at IS NULL"
                                  f" AND email = '{email}'") == "0", what="reset requests processed")
    return int(stack.scalar(f"SELECT COUNT(*) FROM mails WHERE to_addr = '{email}' AND kind = 'reset'"))


def test_item16_login_page_links_to_forgot_form(stack):
    page = anon(stack).get("/login").html()
    assert page.xpath("//a[@href='/password/forgot']")
    r = anon(stack).get("/password/forgot")
    assert r.status == 200
    assert r.html().xpath("//form[@action='/password/forgot']//input[@name='email']")


def test_item16_staff_reset_by_mail_sets_password_once_and_ends_sessions(stack, adminc):
    uid, email = new_staff(stack, adminc, password=SECRET)
    old = login_as(stack, email, SECRET)
    n = len(stack.mail.messages)
    c = anon(stack)
    r = forgot(stack, email, c)
    assert r.status == 303 and r.header("location") == "/password/forgot", r
    flash = c.get_xml("/password/forgot").xml().xpath("string(/page/flash)")
    assert "If an account exists" in flash
    link, m = mail_link(stack, email, n, "reset")
    assert stack.base + link in text_part(m["message"])
    assert "new password" in html_part(m["message"]).lower()
    # stored hashed, one hour, in the one token table
    row = stack.sql("SELECT purpose, user_id, TIMESTAMPDIFF(MINUTE, created_at, expires_at)"
                    f" FROM invitations WHERE token_hash = '{token_sha(link)}'")
    assert row == [("reset", str(uid), "60")]
    assert stack.scalar("SELECT COUNT(*) FROM invitations WHERE token_hash ="
                        f" '{link.rsplit('/', 1)[1]}'") == "0"
    page = c.get(link, headers=XML)
    assert page.status == 200
    assert page.xml().xpath("string(/page/invite/@purpose)") == "reset"
    r = set_password(c, link, "brand-new-secret")
    assert r.status == 303 and r.header("location") == "/login", r
    assert not signed_in(old, "/")
    assert stack.scalar(f"SELECT COUNT(*) FROM sessions WHERE user_id = {uid}") == "0"
    assert anon(stack).request("POST", "/login", body={"email": email, "password": SECRET}).status == 401
    assert signed_in(login_as(stack, email, "brand-new-secret"), "/")
    # used once
    again = anon(stack).get(link)
    assert again.status == 410 and "already been used" in again.text
    assert set_password(anon(stack), link, "yet-another-secret").status == 410
    assert signed_in(login_as(stack, email, "brand-new-secret"), "/")


def test_item16_expired_tampered_and_wrong_path_links_refused(stack, adminc):
    uid, email = new_staff(stack, adminc, password=SECRET)
    n = len(stack.mail.messages)
    forgot(stack, email)
    link, _ = mail_link(stack, email, n, "reset")
    hash_before = stack.scalar(f"SELECT password_hash FROM users WHERE id = {uid}")
    token = link.rsplit("/", 1)[1]
    tampered = "/reset/" + ("0" if token[0] != "0" else "1") + token[1:]
    assert anon(stack).get(tampered).status == 404
    assert set_password(anon(stack), tampered).status == 404
    # a reset token is not an invitation
    assert anon(stack).get("/invite/" + token).status == 404
    stack.sql("UPDATE invitations SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE"
              f" WHERE token_hash = '{token_sha(link)}'")
    r = anon(stack).get(link)
    assert r.status == 410 and "expired" in r.text
    assert set_password(anon(stack), link, "brand-new-secret").status == 410
    assert stack.scalar(f"SELECT password_hash FROM users WHERE id = {uid}") == hash_before


def test_item16_unknown_address_same_answer_and_no_mail(stack, adminc):
    uid, email = new_staff(stack, adminc, password=SECRET)
    nobody = f"{unique('nobody')}@nowhere.test"
    known, unknown = anon(stack), anon(stack)
    a, b = forgot(stack, email, known), forgot(stack, nobody, unknown)
    assert (a.status, a.header("location"), a.body) == (b.status, b.header("location"), b.body)
    fa = known.get_xml("/password/forgot").xml().xpath("string(/page/flash)")
    fb = unknown.get_xml("/password/forgot").xml().xpath("string(/page/flash)")
    assert fa == fb and fa
    assert stack.scalar(f"SELECT COUNT(*) FROM reset_requests WHERE email = '{nobody}'") == "1"
    assert reset_mails(stack, nobody) == 0
    assert reset_mails(stack, email) == 1


def test_item16_deactivated_user_gets_no_mail(stack, adminc):
    uid, email = new_staff(stack, adminc, password=SECRET)
    assert adminc.post(f"/settings/users/{uid}/active", {"active": "0"}).status == 303
    r = forgot(stack, email)
    assert r.status == 303 and r.header("location") == "/password/forgot"
    assert reset_mails(stack, email) == 0


def test_item16_throttled_per_address_and_per_ip_looks_the_same(stack, adminc):
    uid, email = new_staff(stack, adminc, password=SECRET)
    answers = [forgot(stack, email) for _ in range(4)]
    assert {(r.status, r.header("location")) for r in answers} == {(303, "/password/forgot")}
    assert reset_mails(stack, email) == 3
    # per client address: fill this address's hour, then a fresh account gets nothing
    ip = stack.scalar(f"SELECT ip FROM reset_requests WHERE email = '{email}' LIMIT 1")
    uid2, email2 = new_staff(stack, adminc, password=SECRET)
    stack.sql("INSERT INTO reset_requests (email, ip, at, processed_at) VALUES "
              + ", ".join(f"('flood{i}@x.test', '{ip}', UTC_TIMESTAMP(), UTC_TIMESTAMP())"
                          for i in range(20)))
    try:
        r = forgot(stack, email2)
        assert r.status == 303 and r.header("location") == "/password/forgot"
        assert reset_mails(stack, email2) == 0
    finally:
        stack.sql("DELETE FROM reset_requests WHERE email LIKE 'flood%@x.test'")
    forgot(stack, email2)
    assert reset_mails(stack, email2) == 1


def test_item16_weak_password_422_with_message_nothing_written(stack, adminc):
    uid, email = new_staff(stack, adminc, password=SECRET)
    n = len(stack.mail.messages)
    forgot(stack, email)
    link, _ = mail_link(stack, email, n, "reset")
    hash_before = stack.scalar(f"SELECT password_hash FROM users WHERE id = {uid}")
    r = set_password(anon(stack), link, "short")
    assert r.status == 422
    values, errors = form_state(r, "invite")
    assert "10" in errors["password"]
    r = set_password(anon(stack), link, "a-long-secret-9", "a-long-secret-8")
    assert r.status == 422 and "differ" in form_state(r, "invite")[1]["password2"]
    assert stack.scalar(f"SELECT password_hash FROM users WHERE id = {uid}") == hash_before
    assert anon(stack).get(link).status == 200  # still usable


def test_item16_bad_address_422_and_cross_site_refused(stack):
    r = anon(stack).request("POST", "/password/forgot?format=xml", body={"email": "not-an-address"})
    assert r.status == 422
    assert "email" in form_state(r, "forgot")[1]
    r = anon(stack).request("POST", "/password/forgot", body={"email": "admin@demo.test"},
                            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.status == 403
    assert reset_mails(stack, "admin@demo.test") == 0
