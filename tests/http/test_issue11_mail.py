"""Issue 11, e-mail bodies as XML rendered by xslt/mail.xsl: every kind of mail the stack
sends (invitation, password reset, approval request and reminder, survey) arrives with a text
and an HTML part from the same document; a brand name, a person's
name, a project name and a comment holding <, &, " and non-ASCII are escaped in the HTML part
(and read back intact once parsed) and intact in the text part. The escaping of a link with &
in its query is in tests/unit/test_mail_body.c (no link of the stack has two parameters).
Since issue 12 a client-visible message and a published status report tell the contacts by a
notification (its e-mail is the notifications' own), and a contact who signs in is reminded of
an approval by one too: the reminder e-mail goes to a contact who cannot sign in."""
import datetime
import re

import pytest
from lxml import etree

from conftest import XML, anon, post_multipart, unique
from fakes import fast_settings, new_client, new_project
from smtp_sink import html_part, text_part

BRAND = 'Nord <S\u00fcd> & "Partner"'
PERSON = 'Zo\u00eb <Z> & "Q" Tanaka'
COMMENT = 'Bitte <pr\u00fcfen> & "freigeben" \u2013 danke'
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
# the subject tells each kind apart (the brand's name opens most of them)
KINDS = {
    "invite": lambda s: s.startswith("Your access to"),
    "reset": lambda s: s.startswith("Reset your"),
    "approval": lambda s: "please review" in s and not s.startswith("Reminder"),
    "approval-reminder": lambda s: s.startswith("Reminder - "),
    "survey": lambda s: "a quick question about" in s,
}


def in_days(n):
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


def mail_to(stack, email, kind, timeout=20.0):
    return stack.mail.wait_for(lambda m: email in m["rcpt"] and KINDS[kind](str(m["message"]["Subject"])),
                               timeout=timeout)["message"]


@pytest.fixture(scope="module")
def world(stack, adminc, pmc):
    """A client of its own with one contact who signs in (every kind of mail goes to them but the
    reminder) and one who does not (asked to approve too: the reminder's e-mail goes to them),
    under a brand and a project whose names need escaping; the brand is put back afterwards."""
    fast_settings(stack)
    assert adminc.post("/settings/brand", {"name": BRAND, "accent": "#aa3300"}).status == 303
    try:
        project = unique('Caf\u00e9 <b>Relaunch</b> & "Co"')
        email = f"{unique('zoe')}@issue11.test"
        cid = new_client(adminc, unique("Mail client"))
        assert adminc.post(f"/clients/{cid}/contacts",
                           {"name": PERSON, "email": email, "access": "approve"}).status == 303
        # the invitation: set a password, so the contact is mailed messages and reports
        link = re.search(r"(/invite/[0-9a-f]{64})", text_part(mail_to(stack, email, "invite"))).group(1)
        c = anon(stack)
        page = c.get(link, headers=XML)
        assert page.status == 200, page
        r = c.request("POST", link, body={"password": "a-long-secret-1", "password2": "a-long-secret-1",
                                         "nonce": page.xml().xpath("string(/page/invite/@nonce)")})
        assert r.status == 303, r
        contact = stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")
        # the second contact, never signing in: reminded by e-mail
        email2 = f"{unique('zoe2')}@issue11.test"
        assert adminc.post(f"/clients/{cid}/contacts",
                           {"name": PERSON, "email": email2, "access": "approve"}).status == 303
        contact2 = stack.scalar(f"SELECT id FROM users WHERE email = '{email2}'")
        pid = new_project(pmc, cid, name=project)
        # an approval request due tomorrow (the worker reminds of it at once)
        r = post_multipart(pmc, f"/projects/{pid}/documents",
                           [("title", "Mock-up"), ("note", "v1"), ("client_visible", "1")],
                           [("file", "mock.png", "image/png", PNG + unique("p").encode())])
        assert r.status == 303, r
        did = int(r.header("location").rsplit("/", 1)[1])
        assert pmc.post(f"/documents/{did}/approvals", [("contact_id", contact), ("contact_id", contact2),
                                                        ("due_date", in_days(1)),
                                                        ("message", COMMENT)]).status == 303
        # a message, a published status report, the closure's survey, a password reset
        assert post_multipart(pmc, f"/projects/{pid}/messages",
                              [("subject", "Kickoff"), ("body", COMMENT + "\nline two")]).status == 303
        r = pmc.post(f"/projects/{pid}/status-reports",
                     {"period_date": "2026-11-20", "health": "amber", "summary": COMMENT,
                      "done": "d", "next": "n", "risks": "r", "decisions": "x"})
        assert r.status == 303, r
        rid = int(r.header("location").rsplit("/", 1)[1])
        assert pmc.post(f"/status-reports/{rid}/publish", {"confirm": "1"}).status == 303
        # issue 16: the approval above is still pending, so closing needs a reason
        assert pmc.post(f"/projects/{pid}/stage", {"stage": "closure", "note": "done",
                                                   "reason": "Closed for the e-mail test"}).status == 303
        assert anon(stack).request("POST", "/password/forgot", body={"email": email}).status == 303
        to = {k: email2 if k == "approval-reminder" else email for k in KINDS}
        mails = {k: mail_to(stack, to[k], k, timeout=90 if k == "approval-reminder" else 20) for k in KINDS}
        yield {"email": email, "to": to, "project": project, "mails": mails, "pid": pid,
               "contact": contact}
    finally:
        stack.sql("DELETE FROM settings WHERE name LIKE 'brand_%'")


def parse(html):
    """The HTML part as a tree; any parse error (a tag left open, a stray one) raises."""
    return etree.fromstring(html.encode(), etree.HTMLParser(recover=False, encoding="utf-8"))


def parts(msg):
    text, html = text_part(msg), html_part(msg)
    assert text and html
    return text.replace("\r\n", "\n"), html


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_both_parts_well_formed(world, stack, kind):
    msg = world["mails"][kind]
    assert msg.get_content_type() == "multipart/alternative"
    text, html = parts(msg)
    # the HTML part parses without a single error, in the brand's frame
    doc = parse(html)
    assert doc.xpath("string(//body/div/p[1])") == BRAND
    assert doc.xpath("string(//body/p[last()])") == BRAND
    assert "border-top:4px solid #aa3300" in doc.xpath("string(//body/div/@style)")
    # every link of it goes to the stack, as in the text part
    hrefs = doc.xpath("//a/@href")
    assert hrefs and all(h.startswith(stack.base + "/") for h in hrefs)
    assert all(h in text for h in hrefs), (hrefs, text)
    # the text part: no markup, signed with the brand's name
    assert "<p>" not in text and "<a " not in text and "&amp;" not in text and "&lt;" not in text
    assert text.rstrip("\n").endswith("\n-- \n" + BRAND)
    # the queued row has this kind
    assert stack.scalar(f"SELECT COUNT(*) FROM mails WHERE kind = '{kind}' AND to_addr = '{world['to'][kind]}'") != "0"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_names_escaped_in_html_intact_in_text(world, kind):
    text, html = parts(world["mails"][kind])
    doc = parse(html)
    body = doc.xpath("string(//body)")
    # the brand: escaped in the markup, read back intact; intact in the text
    assert "<S\u00fcd>" not in html and "Nord &lt;S\u00fcd&gt; &amp; " in html
    assert BRAND in body and BRAND in text
    assert f"Hello {PERSON}," in text and f"Hello {PERSON}," in body
    assert "<Z>" not in html and "Zo\u00eb &lt;Z&gt; &amp; " in html
    if kind in ("survey", "approval", "approval-reminder"):
        needle = world["project"] if kind not in ("approval", "approval-reminder") else "Mock-up"
        assert needle in text and needle in body
        assert "<b>Relaunch" not in html
    if kind in ("approval", "approval-reminder"):
        assert COMMENT in text and COMMENT in body
        assert "<pr\u00fcfen>" not in html and "&lt;pr\u00fcfen&gt; &amp; " in html


def test_approval_mail_content_unchanged(world, stack):
    """The approval request reads as before the stylesheet: the same sentences, in order (and,
    since issue 12, the line saying approval requests cannot be turned off)."""
    text, html = parts(world["mails"]["approval"])
    link = re.search(r"(/a/[0-9a-f]{64})", text).group(1)
    assert text == (f"Hello {PERSON},\n\n{BRAND} asks you to review \"Mock-up\" by {in_days(1)}.\n\n"
                    f"{COMMENT}\n\nOpen it, then approve it or ask for changes:\n{stack.base}{link}\n\n"
                    f"The link is personal: please do not forward it.\n\n"
                    # issue 12: an approval request says it cannot be turned off (under the card)
                    f"Approval requests always come by e-mail: they cannot be turned off.\n\n-- \n{BRAND}\n")
    doc = parse(html)
    paras = [p.xpath("string(.)") for p in doc.xpath("//body/div/p")]
    assert paras == [BRAND, f"Hello {PERSON},", f"{BRAND} asks you to review Mock-up by {in_days(1)}.",
                     COMMENT, "Review and decide", "The link is personal: please do not forward it."]
    assert doc.xpath("//body/div/p/strong/text()") == ["Mock-up"]
    assert doc.xpath("//a[.='Review and decide']/@href") == [stack.base + link]


def test_message_report_and_reminder_tell_the_contact_by_notification(world, stack):
    """Issue 12: the message, the status report and the reminder reach the contact who signs in
    as notifications (plain text, names intact) and no e-mail of their own."""
    rows = dict(stack.sql(f"SELECT kind, text FROM notifications WHERE user_id = {world['contact']}"
                          " AND kind IN ('message', 'report_published', 'approval_reminder')"))
    assert set(rows) == {"message", "report_published", "approval_reminder"}
    assert world["project"] in rows["message"] and "Kickoff" in rows["message"]
    assert COMMENT in rows["message"] and COMMENT in rows["report_published"]
    assert "Mock-up" in rows["approval_reminder"]
    assert stack.scalar("SELECT COUNT(*) FROM mails WHERE kind IN ('message', 'status-report', 'approval-reminder')"
                        f" AND to_addr = '{world['email']}'") == "0"
