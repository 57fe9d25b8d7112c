"""Project messages: staff write internal or client-visible ones, contacts with comment or
approve write client-visible ones, view contacts only read; attachments in the client
scope; client-visible messages are e-mailed to the other side."""
from conftest import XML, max_id, post_multipart, unique
from smtp_sink import text_part


def post(c, pid, body, internal=False, files=()):
    fields = [("body", body)] + ([("internal", "1")] if internal else [])
    return post_multipart(c, f"/projects/{pid}/messages", fields, files)


def bodies(c, pid):
    return c.get_xml(f"/projects/{pid}/messages").xml().xpath("/page/messages/message/@body")


def test_internal_and_visible_messages(stack, pmc, acmec, viewerc):
    vis, internal = unique("Hello Acme"), unique("Internal note")
    assert post(pmc, 1, vis).status == 303
    assert post(pmc, 1, internal, internal=True).status == 303
    staff_sees = bodies(pmc, 1)
    assert vis in staff_sees and internal in staff_sees
    for c in (acmec, viewerc):
        seen = bodies(c, 1)
        assert vis in seen and internal not in seen


def test_visible_message_mails_the_contacts(stack, pmc):
    text = unique("Kick-off moved")
    n = len(stack.mail.messages)
    assert post(pmc, 1, text).status == 303
    m = stack.mail.wait_for(lambda m: stack.mail.messages.index(m) >= n and text in text_part(m["message"]))
    assert "client@acme.test" in m["rcpt"] or any(
        "client@acme.test" in x["rcpt"] for x in stack.mail.messages[n:])


def test_contact_posts_and_pm_is_told(stack, acmec):
    text = unique("Question from Jordan")
    n = len(stack.mail.messages)
    assert post(acmec, 1, text).status == 303
    m = stack.mail.wait_for(lambda m: stack.mail.messages.index(m) >= n and text in text_part(m["message"]))
    assert m["rcpt"] == ["pm@demo.test"]


def test_contact_cannot_post_internal(stack, acmec):
    before = max_id(stack, "messages")
    r = post_multipart(acmec, "/projects/1/messages?format=xml", [("body", "x"), ("internal", "1")])
    assert r.status == 422
    assert max_id(stack, "messages") == before


def test_view_contact_cannot_post(stack, viewerc):
    before = max_id(stack, "messages")
    assert post(viewerc, 1, "hello").status == 403
    assert max_id(stack, "messages") == before


def test_other_client_gets_404(stack, pmc, globexc):
    r = post(pmc, 1, unique("with file"), files=[("file", "notes.txt", "text/plain", b"hello")])
    assert r.status == 303
    mid = max_id(stack, "messages")
    for path in ("/projects/1/messages", f"/messages/{mid}/file"):
        assert globexc.get(path).status == 404
    assert post(globexc, 1, "hi").status == 404


def test_attachment_download_and_internal_attachment_hidden(stack, pmc, acmec):
    assert post(pmc, 1, "shared file", files=[("file", "plan.txt", "text/plain", b"plan " + unique().encode())]).status == 303
    shared = max_id(stack, "messages")
    assert post(pmc, 1, "internal file", internal=True,
                files=[("file", "secret.txt", "text/plain", b"secret " + unique().encode())]).status == 303
    hidden = max_id(stack, "messages")
    r = acmec.get(f"/messages/{shared}/file")
    assert r.status == 200 and r.header("content-disposition").startswith("attachment;")
    assert acmec.get(f"/messages/{hidden}/file").status == 404
    assert pmc.get(f"/messages/{hidden}/file").status == 200


def test_empty_body_422(stack, pmc):
    before = max_id(stack, "messages")
    r = post_multipart(pmc, "/projects/1/messages?format=xml", [("body", "")])
    assert r.status == 422
    assert max_id(stack, "messages") == before
