"""Contact invitations (one-time set-password links by e-mail), the mail lane of
the outbox (SMTP sink, retries, MIME shape) and branding."""
import hashlib
import re

import pytest

from lxml import html as lxml_html

from conftest import XML, anon, form_state, login_as, max_id, post_multipart, unique
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
        # the subject goes out 7-bit, its non-ASCII words as UTF-8 encoded-words (GMime encodes
        # only the words that need it: "Your access to Agentur =?UTF-8?B?...?=")
        subject = re.search(rb"^Subject: ([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", m["data"], re.M).group(1)
        assert b"=?UTF-8?" in subject.upper() and max(subject) < 0x80
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
        # a line no person wrote (a HubSpot deal, the outbox) is signed with the brand
        note = unique("Synced from the CRM")
        stack.sql("INSERT INTO activity (client_id, project_id, user_id, kind, note, client_visible,"
                  f" created_at) VALUES (1, 1, NULL, 'updated', '{note}', 1, UTC_TIMESTAMP(6))")
        page = acmec.get("/portal/projects/1")
        line = [li for li in page.html().xpath("//li[contains(@class, 'kind-updated')]")
                if note in li.text_content()]
        assert len(line) == 1 and line[0].xpath("string(.//strong)").strip() == "Northstar Studio"
        assert "Tandem" not in page.text
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


# ------------------------------------------------------------ the brand's logo

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def files_on_disk(stack):
    root = stack.var / "files"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def brand_post(c, name="Northstar Studio", accent="#aa3300", logo=None, remove=False, xml=False):
    fields = [("name", name), ("accent", accent)]
    if remove:
        fields.append(("remove_logo", "1"))
    files = [("logo",) + logo] if logo else []
    return post_multipart(c, "/settings/brand" + ("?format=xml" if xml else ""), fields, files)


def brand_settings(stack):
    return stack.sql("SELECT name, value FROM settings WHERE name LIKE 'brand_%' ORDER BY name")


@pytest.fixture
def clean_brand(stack):
    yield
    stack.sql("DELETE FROM settings WHERE name LIKE 'brand_%'")


def test_brand_logo_upload_is_served_and_shown(stack, adminc, acmec, clean_brand):
    data = PNG + unique("logo").encode()
    sha = hashlib.sha256(data).hexdigest()
    r = brand_post(adminc, logo=("logo.png", "image/png", data))
    assert r.status == 303, r
    assert dict(brand_settings(stack)) == {"brand_name": "Northstar Studio", "brand_accent": "#aa3300",
                                           "brand_logo": sha, "brand_logo_type": "image/png"}
    assert (stack.var / "files" / sha[:2] / sha).read_bytes() == data
    url = f"/brand/logo?v={sha[:12]}"
    # public, with its real type, inline, nosniff and a long cache
    f = anon(stack).get(url)
    assert f.status == 200 and f.body == data
    assert f.header("content-type") == "image/png"
    assert f.header("x-content-type-options") == "nosniff"
    assert f.header("content-disposition").startswith("inline")
    cache = f.header("cache-control")
    assert "public" in cache and "max-age=31536000" in cache and "no-store" not in cache
    # the pages carry it where the brand's name shows
    doc = acmec.get_xml("/portal").xml()
    assert doc.xpath("string(/page/brand/@logo)") == url
    for c, path in ((acmec, "/portal"), (anon(stack), "/login"),
                    (anon(stack), "/invite/" + "cd" * 32), (anon(stack), "/a/" + "cd" * 32),
                    (anon(stack), "/s/" + "cd" * 32)):
        page = c.get(path)
        imgs = page.html().xpath("//img[contains(@class, 'brand-logo')]/@src")
        assert imgs and set(imgs) == {url}, (path, page.status, imgs)
        assert "brand-mark" not in page.text and "Tandem" not in page.text, path
    # the admin's form shows it and offers to remove it
    form = adminc.get("/settings/brand").html()
    assert form.xpath("//form[@action='/settings/brand']/@enctype") == ["multipart/form-data"]
    assert form.xpath("//input[@name='remove_logo']") and form.xpath("//input[@type='file'][@name='logo']")
    # e-mails' HTML part shows it with the brand's name as alt text
    email = add_contact(adminc)
    _, m = invite_link(stack, email)
    html = html_part(m["message"])
    assert f'<img src="{stack.base}{url}" alt="Northstar Studio"' in html
    assert url not in text_part(m["message"])


def test_brand_logo_types_by_magic_bytes_not_declared_type(stack, adminc, clean_brand):
    for data, real, declared in ((JPEG, "image/jpeg", "image/png"), (GIF, "image/gif", "text/plain"),
                                 (WEBP, "image/webp", "application/octet-stream"),
                                 (PNG, "image/png", "image/svg+xml")):
        data = data + unique("x").encode()  # trailing bytes keep the magic number
        r = brand_post(adminc, logo=("whatever.bin", declared, data))
        assert r.status == 303, (real, r)
        assert stack.scalar("SELECT value FROM settings WHERE name = 'brand_logo_type'") == real
        sha = hashlib.sha256(data).hexdigest()
        f = anon(stack).get(f"/brand/logo?v={sha[:12]}")
        assert f.status == 200 and f.header("content-type") == real and f.body == data


def test_brand_save_without_file_keeps_logo_and_remove_drops_it(stack, adminc, acmec, clean_brand):
    assert anon(stack).get("/brand/logo").status == 404
    assert "logo" not in acmec.get_xml("/portal").xml().xpath("/page/brand")[0].attrib
    assert brand_post(adminc, logo=("l.png", "image/png", PNG)).status == 303
    sha = stack.scalar("SELECT value FROM settings WHERE name = 'brand_logo'")
    # urlencoded, or multipart without a file: name and colour change, the logo stays
    assert adminc.post("/settings/brand", {"name": "Renamed", "accent": "#112233"}).status == 303
    assert brand_post(adminc, name="Renamed again", logo=("", "application/octet-stream", b"")).status == 303
    assert stack.scalar("SELECT value FROM settings WHERE name = 'brand_logo'") == sha
    assert anon(stack).get("/brand/logo").status == 200
    r = brand_post(adminc, remove=True)
    assert r.status == 303
    assert stack.scalar("SELECT value FROM settings WHERE name = 'brand_logo'") == ""
    assert anon(stack).get("/brand/logo").status == 404
    doc = acmec.get_xml("/portal").xml()
    assert "logo" not in doc.xpath("/page/brand")[0].attrib
    assert 'class="brand-mark"' in acmec.get("/portal").text


@pytest.mark.parametrize("name,ctype,data,note", [
    ("logo.svg", "image/svg+xml", SVG, "SVG"),
    ("logo.png", "image/png", b"  \n<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
    ("logo.png", "image/png", b"%PDF-1.4 not an image at all", "PNG, JPEG, GIF or WebP"),
    ("logo.png", "image/png", b"\x89PN", "PNG, JPEG, GIF or WebP"),
    ("logo.png", "image/png", PNG + b"\0" * (512 * 1024), "512 KiB"),
    ("logo.png", "image/png", b"", "empty"),
], ids=["svg", "svg-declared-png", "pdf", "short-png", "too-big", "empty"])
def test_brand_bad_logo_is_refused_nothing_changed(stack, adminc, clean_brand, name, ctype, data, note):
    assert brand_post(adminc, name="Before", accent="#010203").status == 303
    before, disk = brand_settings(stack), files_on_disk(stack)
    r = brand_post(adminc, name="After", accent="#aabbcc", logo=(name, ctype, data), xml=True)
    assert r.status == 422, r
    values, errors = form_state(r, "brand")
    assert note in errors.get("logo", ""), errors
    assert values["name"] == "After" and values["accent"] == "#aabbcc"
    assert brand_settings(stack) == before
    assert files_on_disk(stack) == disk
    # the page shows the note next to the file field
    r = brand_post(adminc, name="After", accent="#aabbcc", logo=(name, ctype, data))
    assert r.status == 422
    assert note in r.html().xpath("string(//p[@id='brand-logo-err'])")


def test_brand_logo_only_for_admins(stack, pmc, acmec, clean_brand):
    before, disk = brand_settings(stack), files_on_disk(stack)
    for c in (pmc, acmec):
        r = brand_post(c, logo=("l.png", "image/png", PNG + b"pm"))
        assert r.status == 403
    assert brand_settings(stack) == before and files_on_disk(stack) == disk


def test_every_mail_wears_the_brand_s_frame(stack, adminc, clean_brand):
    """mail_queue() frames every HTML part: the brand's name in its accent at the top (no logo
    set), the content in a card bordered with the accent, the name again at the foot; the text
    part is signed with the name. Nothing of Tandem's."""
    assert adminc.post("/settings/brand", {"name": "Agentur <Nord> & Söhne", "accent": "#aa3300"}).status == 303
    email = add_contact(adminc)
    _, m = invite_link(stack, email)
    html, text = html_part(m["message"]), text_part(m["message"])
    doc = lxml_html.fromstring(html)
    card = doc.xpath("//body/div")[0]
    assert "border-top:4px solid #aa3300" in card.get("style")
    head = card.xpath("p[1]")[0]
    assert head.text_content() == "Agentur <Nord> & Söhne" and "color:#aa3300" in head.get("style")
    assert "Set your password" in card.text_content()
    assert doc.xpath("string(//body/p[last()])") == "Agentur <Nord> & Söhne"
    assert "&lt;Nord&gt; &amp; Söhne" in html and "<Nord>" not in html  # escaped, once parsed it reads right
    assert text.replace("\r\n", "\n").rstrip("\n").endswith("\n-- \nAgentur <Nord> & Söhne")
    assert "Tandem" not in html and "Tandem" not in text
