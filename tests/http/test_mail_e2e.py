"""Issue 14 end to end: real messages, shaped as Gmail, Outlook and Apple Mail send them (and an
auto-reply, a DSN bounce, captured and unmatched mail, a forged sender), APPENDed to the test
stack's Dovecot; the outbox worker reads them over IMAP, parses them with GMime and posts, files
or keeps each in the inbox. Each outcome is checked in the database.

The reply address and the token come from the notification e-mail Tandem itself queued for the
contact (the `mails` row of the thread's first message), as a client's mail program would see
them."""
import base64
import imaplib
import re

import pytest

from conftest import IMAP_PASSWORD, IMAP_USER, unique
from domain_util import run
from fakes import set_setting, wait_for

PM = 2  # pm@demo.test


def q(s):
    return s.replace("\\", "\\\\").replace("'", "''")


def append(stack, raws):
    m = imaplib.IMAP4("127.0.0.1", stack.imap_port, timeout=30)
    try:
        m.login(IMAP_USER, IMAP_PASSWORD)
        for raw in raws:
            typ, data = m.append("INBOX", None, None, raw)
            assert typ == "OK", data
    finally:
        m.logout()


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


@pytest.fixture(scope="module")
def world(stack):
    before = stack.sql("SELECT value FROM settings WHERE name = 'imap_address'")
    set_setting(stack, "imap_address", "inbox@agency.test")
    w = {"tag": unique("E2E").replace("-", "")}
    for side in ("a", "b"):
        name = unique(f"E2E client {side}")
        stack.sql(f"INSERT INTO clients (name, created_at, updated_at) VALUES ('{name}', NOW(), NOW())")
        cid = int(stack.scalar(f"SELECT id FROM clients WHERE name = '{name}'"))
        email = unique(f"contact{side}").lower() + "@client.test"
        stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, active, notify_mode,"
                  f" created_at, updated_at) VALUES ('{email}', 'Dora {side.upper()}', 'client', {cid}, 'approve',"
                  " 'x', 1, 'now', NOW(), NOW())")
        uid = int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'"))
        code = f"E2E{side.upper()}{w['tag'][-6:]}".upper()
        pname = unique(f"E2E project {side}")
        stack.sql("INSERT INTO projects (client_id, name, code, pm_id, stage, created_at, updated_at)"
                  f" VALUES ({cid}, '{pname}', '{code}', {PM}, 'execution', NOW(), NOW())")
        pid = int(stack.scalar(f"SELECT id FROM projects WHERE name = '{pname}'"))
        out = run(stack, "message", "start", pid, unique("Launch plan"), "Here is the plan for the launch.", 0, 0,
                  "-", "-", actor=PM)
        assert out["rc"] == 0, out
        w[side] = {"client": cid, "contact": uid, "email": email, "project": pid, "code": code,
                   "thread": int(out["thread"])}
        # the contact's notification e-mail, queued by the worker with its reply address
        row = wait_for(lambda: stack.sql("SELECT reply_to, reply_token FROM mails WHERE to_addr = "
                                         f"'{email}' AND reply_to IS NOT NULL ORDER BY id LIMIT 1"),
                       timeout=20, what=f"the notification mail to {email}")
        w[side]["reply_to"], w[side]["token"] = row[0]
    yield w
    if before:
        set_setting(stack, "imap_address", before[0][0])


def outcome(stack, message_id):
    """(state, reason, project, message, activity) of the stored message with that Message-ID,
    once the worker has taken it (not 'new')."""
    def look():
        rows = stack.sql("SELECT id, state, COALESCE(reason, ''), COALESCE(project_id, 0),"
                         " COALESCE(message_id, 0), COALESCE(activity_id, 0) FROM inbound_mails"
                         f" WHERE raw LIKE '%{q(message_id)}%' AND state <> 'new'")
        return rows[0] if rows else None
    r = wait_for(look, timeout=40, step=0.2, what=f"the message {message_id} taken")
    return {"id": int(r[0]), "state": r[1], "reason": r[2], "project": int(r[3]), "message": int(r[4]),
            "activity": int(r[5])}


def gmail_reply(w, msgid):
    a = w["a"]
    return crlf(f"""From: Dora A <{a['email']}>
To: Agency <{a['reply_to']}>
Subject: Re: Launch plan
Date: Tue, 8 Dec 2026 09:12:00 +0100
Message-ID: {msgid}
In-Reply-To: <r{a['token']}.0a1b2c@agency.test>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="000000000000gm"

--000000000000gm
Content-Type: text/plain; charset="UTF-8"

Looks good to us, go ahead with the launch on Thursday.

On Mon, 7 Dec 2026 at 18:03, Priya PM <projects@agency.test> wrote:
> Here is the plan for the launch.
>
--000000000000gm
Content-Type: text/html; charset="UTF-8"

<div dir="ltr">Looks good to us, go ahead with the launch on Thursday.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 7 Dec 2026 at 18:03, Priya PM &lt;projects@agency.test&gt; wrote:<br></div><blockquote class="gmail_quote">Here is the plan for the launch.</blockquote></div>
--000000000000gm--
""")


def outlook_reply(w, msgid):
    a = w["a"]
    body = ("Caf\xe9 opening moved: please plan for the 14th.\r\n\r\n"
            "Best\r\nDora\r\n\r\n"
            "From: Priya PM <projects@agency.test>\r\nSent: Monday, December 7, 2026 6:03 PM\r\n"
            "To: Dora A <x@client.test>\r\nSubject: Launch plan\r\n\r\nHere is the plan for the launch.\r\n")
    return crlf(f"""From: "Dora A" <{a['email'].upper()}>
To: <{a['reply_to']}>
Subject: RE: Launch plan
Date: Tue, 8 Dec 2026 09:30:00 +0000
Message-ID: {msgid}
MIME-Version: 1.0
Content-Type: text/plain; charset="windows-1252"
Content-Transfer-Encoding: quoted-printable

""") + body.replace("\xe9", "=E9").encode("latin-1")


def apple_reply_with_file(w, msgid):
    a = w["a"]
    pdf = base64.b64encode(b"%PDF-1.4\n% a small test file\n%%EOF\n").decode()
    return crlf(f"""From: Dora A <{a['email']}>
To: {a['reply_to']}
Subject: Re: Launch plan
Date: Tue, 8 Dec 2026 10:00:00 +0000
Message-Id: {msgid}
Mime-Version: 1.0 (Mac OS X Mail 16.0)
Content-Type: multipart/mixed; boundary="Apple-Mail=_1"

--Apple-Mail=_1
Content-Type: text/plain; charset=us-ascii

Signed copy attached.

> On 7 Dec 2026, at 18:03, Priya PM <projects@agency.test> wrote:
>
> Here is the plan for the launch.

--Apple-Mail=_1
Content-Disposition: attachment; filename=signed.pdf
Content-Type: application/pdf; name="signed.pdf"
Content-Transfer-Encoding: base64

{pdf}
--Apple-Mail=_1--
""")


def forged(w, msgid):
    a, b = w["a"], w["b"]
    return crlf(f"""From: Dora B <{b['email']}>
To: {a['reply_to']}
Subject: Re: Launch plan
Date: Tue, 8 Dec 2026 10:05:00 +0000
Message-ID: {msgid}
Content-Type: text/plain; charset=utf-8

Cancel everything.
""")


def auto_reply(w, msgid):
    a = w["a"]
    return crlf(f"""From: Dora A <{a['email']}>
To: {a['reply_to']}
Subject: Out of office: Launch plan
Date: Tue, 8 Dec 2026 10:06:00 +0000
Message-ID: {msgid}
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

I am away until Monday.
""")


def bounce(w, msgid):
    b = w["b"]
    return crlf(f"""From: Mail Delivery System <MAILER-DAEMON@mx.client.test>
To: inbox@agency.test
Subject: Undelivered Mail Returned to Sender
Date: Tue, 8 Dec 2026 10:07:00 +0000
Message-ID: {msgid}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn1"

--dsn1
Content-Type: text/plain; charset=us-ascii

This is the mail system. Your message could not be delivered.

--dsn1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.client.test

Final-Recipient: rfc822; {b['email']}
Action: failed
Status: 5.1.1

--dsn1--
""")


def captured(w, msgid):
    a = w["a"]
    return crlf(f"""From: Dora A <{a['email']}>
To: Priya PM <pm@agency.test>
Cc: inbox@agency.test
Subject: [{a['code']}] Budget question
Date: Tue, 8 Dec 2026 10:08:00 +0000
Message-ID: {msgid}
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: 8bit

""") + "Can we move 10 hours to design? Gr\xfc\xdfe\r\n".encode("latin-1")


def unmatched(w, msgid):
    return crlf(f"""From: Someone <someone@nowhere.test>
To: inbox@agency.test
Subject: =?UTF-8?B?UXVlc3Rpb24gw6Agdm91cw==?=
Date: Tue, 8 Dec 2026 10:09:00 +0000
Message-ID: {msgid}
Content-Type: text/plain; charset=utf-8

Hello?
""")


CASES = ["gmail", "outlook", "apple", "forged", "auto", "bounce", "captured", "unmatched"]
MAKERS = {"gmail": gmail_reply, "outlook": outlook_reply, "apple": apple_reply_with_file, "forged": forged,
          "auto": auto_reply, "bounce": bounce, "captured": captured, "unmatched": unmatched}


@pytest.fixture(scope="module")
def taken(stack, world):
    ids = {k: f"<{k}.{world['tag']}@client.test>" for k in CASES}
    append(stack, [MAKERS[k](world, ids[k]) for k in CASES])
    return {k: outcome(stack, ids[k]) for k in CASES}


def message_row(stack, mid):
    return stack.sql(f"SELECT thread_id, author_id, via_email, body FROM messages WHERE id = {mid}")[0]


def test_a_gmail_reply_lands_in_its_thread_without_the_quote(stack, world, taken):
    r = taken["gmail"]
    assert r["state"] == "posted" and r["message"], r
    thread, author, via, body = message_row(stack, r["message"])
    assert (int(thread), int(author), via) == (world["a"]["thread"], world["a"]["contact"], "1")
    assert body == "Looks good to us, go ahead with the launch on Thursday."
    # the PM is told as for a message posted in the app
    assert int(stack.scalar(f"SELECT COUNT(*) FROM notifications WHERE user_id = {PM}"
                            f" AND thread_id = {world['a']['thread']}")) >= 1


def test_an_outlook_reply_in_windows_1252_keeps_its_text_and_drops_the_sent_block(stack, world, taken):
    r = taken["outlook"]
    assert r["state"] == "posted", r
    body = message_row(stack, r["message"])[3]
    assert body.startswith("Caf\u00e9 opening moved: please plan for the 14th.")
    assert "Sent:" not in body and "Here is the plan" not in body


def test_an_apple_mail_reply_brings_its_attachment(stack, world, taken):
    r = taken["apple"]
    assert r["state"] == "posted", r
    assert message_row(stack, r["message"])[3] == "Signed copy attached."
    files = stack.sql(f"SELECT file_name, file_type, main, file_sha256 IS NOT NULL FROM inbound_files"
                      f" WHERE inbound_id = {r['id']}")
    assert files == [("signed.pdf", "application/pdf", "1", "1")]      # kept, the message's own file


def test_a_forged_sender_with_someone_elses_token_posts_nothing(stack, world, taken):
    r = taken["forged"]
    assert r["state"] == "inbox" and r["message"] == 0 and r["reason"], r
    bodies = [x[0] for x in stack.sql(f"SELECT body FROM messages WHERE thread_id = {world['a']['thread']}")]
    assert "Cancel everything." not in bodies


def test_an_auto_reply_is_not_posted(stack, world, taken):
    r = taken["auto"]
    assert r["state"] == "inbox" and r["message"] == 0 and "auto" in r["reason"], r


def test_a_bounce_marks_the_address(stack, world, taken):
    r = taken["bounce"]
    assert r["state"] == "inbox" and "bounce" in r["reason"], r
    assert stack.scalar(f"SELECT email_bouncing_at IS NOT NULL FROM users WHERE id = {world['b']['contact']}") == "1"
    assert stack.scalar(f"SELECT email_bouncing_at IS NULL FROM users WHERE id = {world['a']['contact']}") == "1"


def test_captured_mail_with_a_project_code_is_filed_on_that_project(stack, world, taken):
    r = taken["captured"]
    assert r["state"] == "filed" and r["project"] == world["a"]["project"] and r["activity"], r
    kind, project = stack.sql(f"SELECT kind, project_id FROM activity WHERE id = {r['activity']}")[0]
    assert (kind, int(project)) == ("email", world["a"]["project"])
    assert "Gr\u00fc\u00dfe" in stack.scalar(f"SELECT body_text FROM inbound_mails WHERE id = {r['id']}")


def test_unmatched_mail_waits_in_the_inbox_with_its_decoded_subject(stack, world, taken):
    r = taken["unmatched"]
    assert r["state"] == "inbox" and r["project"] == 0, r
    assert stack.scalar(f"SELECT subject FROM inbound_mails WHERE id = {r['id']}") == "Question \u00e0 vous"


def test_each_message_was_taken_once(stack, world, taken):
    for k in CASES:
        n = stack.scalar(f"SELECT COUNT(*) FROM inbound_mails WHERE raw LIKE '%<{k}.{world['tag']}@client.test>%'")
        assert n == "1", k


def test_messages_written_in_the_app_are_not_marked_by_e_mail(stack, world, pmc):
    """A thread started and answered in the app: via_email 0 and no inbound mail on both
    messages (the start form's message was once left partly unset)."""
    from conftest import post_multipart
    subject = unique("App thread")
    r = post_multipart(pmc, f"/projects/{world['a']['project']}/messages",
                       [("subject", subject), ("body", "Written in the app.")])
    assert r.status == 303, r
    tid = int(stack.scalar(f"SELECT id FROM message_threads WHERE subject = '{subject}'"))
    r = post_multipart(pmc, f"/messages/threads/{tid}", [("body", "Answered in the app.")])
    assert r.status == 303, r
    rows = stack.sql(f"SELECT via_email, inbound_id IS NULL FROM messages WHERE thread_id = {tid} ORDER BY id")
    assert rows == [("0", "1"), ("0", "1")]
    html = pmc.get(f"/messages/threads/{tid}").text
    assert "by e-mail" not in html
