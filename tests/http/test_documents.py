"""Documents: multipart upload streamed to disk, immutable versions, storage under the
SHA-256, authorised downloads through nginx (X-Accel-Redirect), the client scope,
and uploads refused cleanly (over the limit, no name, path components)."""
import hashlib
import os

import pytest

from conftest import MAX_UPLOAD, XML, anon, form_state, max_id, post_multipart, unique

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def files_on_disk(stack):
    root = stack.var / "files"
    out = set()
    for d, _, fs in os.walk(root):
        for f in fs:
            out.add(os.path.join(d, f))
    return out


def upload(c, pid=1, title=None, data=PDF, filename="brief.pdf", visible=True, ctype="application/pdf"):
    fields = [("title", title or unique("doc")), ("note", "first draft")]
    if visible:
        fields.append(("client_visible", "1"))
    return post_multipart(c, f"/projects/{pid}/documents", fields,
                          [("file", filename, ctype, data)])


def doc_id(r):
    assert r.status == 303, r
    return int(r.header("location").rsplit("/", 1)[1])


def test_upload_stores_under_sha256_and_lists(stack, pmc):
    data = PDF + unique("x").encode()
    r = upload(pmc, data=data)
    did = doc_id(r)
    sha = hashlib.sha256(data).hexdigest()
    assert (stack.var / "files" / sha[:2] / sha).read_bytes() == data
    row = stack.sql(f"SELECT version, filename, size, sha256, content_type FROM document_versions WHERE document_id = {did}")
    assert row == [("1", "brief.pdf", str(len(data)), sha, "application/pdf")]
    doc = pmc.get_xml(f"/documents/{did}").xml()
    assert doc.xpath("string(/page/versions/version/@sha256)") == sha
    lst = pmc.get_xml("/projects/1/documents").xml()
    assert lst.xpath(f"count(/page/documents/document[@id={did}])") == 1
    # nothing left in the temporary folder
    tmp = stack.var / "files" / "tmp"
    assert not tmp.exists() or not list(tmp.iterdir())


def test_new_version_keeps_history(stack, pmc):
    did = doc_id(upload(pmc))
    r = post_multipart(pmc, f"/documents/{did}/versions", [("note", "second")],
                       [("file", "brief-v2.pdf", "application/pdf", PDF + b"v2")])
    assert r.status == 303
    vs = pmc.get_xml(f"/documents/{did}").xml().xpath("/page/versions/version")
    assert [v.get("version") for v in vs] == ["2", "1"]
    assert vs[0].get("note") == "second"
    assert int(stack.scalar("SELECT COUNT(*) FROM outbox WHERE type = 'document.version_added'")) >= 2


def test_versions_are_immutable_in_the_database(stack, pmc):
    did = doc_id(upload(pmc))
    vid = stack.scalar(f"SELECT id FROM document_versions WHERE document_id = {did}")
    stack.sql(f"UPDATE document_versions SET sha256 = REPEAT('0', 64), filename = 'x' WHERE id = {vid}")
    assert stack.scalar(f"SELECT filename FROM document_versions WHERE id = {vid}") == "brief.pdf"


def test_download_goes_through_nginx_with_attachment(stack, pmc, acmec):
    data = PDF + unique("dl").encode()
    did = doc_id(upload(pmc, data=data, filename="Entwurf – März.pdf"))
    vid = stack.scalar(f"SELECT id FROM document_versions WHERE document_id = {did}")
    for c in (pmc, acmec):
        r = c.get(f"/files/{vid}")
        assert r.status == 200, r
        assert r.body == data
        assert r.header("content-type") == "application/pdf"
        cd = r.header("content-disposition")
        assert cd.startswith("attachment;")
        assert "filename*=UTF-8''Entwurf%20%E2%80%93%20M%C3%A4rz.pdf" in cd
        assert r.header("x-content-type-options") == "nosniff"
        assert r.header("x-accel-redirect") is None


def test_unknown_type_is_octet_stream(stack, pmc):
    did = doc_id(upload(pmc, filename="page.html", ctype="text/html", data=b"<script>alert(1)</script>"))
    vid = stack.scalar(f"SELECT id FROM document_versions WHERE document_id = {did}")
    r = pmc.get(f"/files/{vid}")
    assert r.header("content-type") == "application/octet-stream"


def test_files_are_not_reachable_directly(stack, pmc):
    data = PDF + unique("direct").encode()
    doc_id(upload(pmc, data=data))
    sha = hashlib.sha256(data).hexdigest()
    assert anon(stack).get(f"/_files/{sha[:2]}/{sha}").status == 404
    assert anon(stack).get(f"/files/{max_id(stack, 'document_versions')}").status in (303, 401)


def test_client_scope(stack, pmc, acmec, globexc, viewerc):
    shared = doc_id(upload(pmc, pid=1))
    internal = doc_id(upload(pmc, pid=1, visible=False))
    vs = stack.scalar(f"SELECT id FROM document_versions WHERE document_id = {shared}")
    vi = stack.scalar(f"SELECT id FROM document_versions WHERE document_id = {internal}")
    # the Acme contacts see the shared one only
    assert acmec.get(f"/documents/{shared}").status == 200
    assert viewerc.get(f"/documents/{shared}").status == 200
    assert acmec.get(f"/documents/{internal}").status == 404
    assert acmec.get(f"/files/{vi}").status == 404
    # Globex sees nothing of Acme: 404, never 403
    for path in (f"/documents/{shared}", f"/documents/{internal}", f"/files/{vs}", f"/files/{vi}",
                 "/documents/999999", "/files/999999"):
        assert globexc.get(path).status == 404, path
    # contacts cannot upload or list staff pages
    assert upload(acmec).status == 403
    assert post_multipart(acmec, f"/documents/{shared}/versions", [("note", "x")],
                          [("file", "x.pdf", "application/pdf", PDF)]).status == 403


@pytest.mark.parametrize("filename", ["../../etc/passwd", "..\\evil.pdf", "a/b.pdf", ".hidden",
                                      "bad\x01name.pdf", ""])
def test_bad_filenames_refused_leave_nothing(stack, pmc, filename):
    before_files, before_docs = files_on_disk(stack), max_id(stack, "documents")
    before_v = max_id(stack, "document_versions")
    r = upload(pmc, filename=filename, data=PDF + unique("bad").encode())
    assert r.status in (400, 422), r
    if r.status == 422:
        assert "<form" in r.text
    assert files_on_disk(stack) == before_files
    assert max_id(stack, "documents") == before_docs
    assert max_id(stack, "document_versions") == before_v


def test_over_the_limit_refused_leave_nothing(stack, pmc):
    before_files, before_docs = files_on_disk(stack), max_id(stack, "documents")
    r = upload(pmc, data=b"x" * (MAX_UPLOAD + 1))
    assert r.status == 413, r
    r = upload(pmc, data=b"x" * (MAX_UPLOAD + 200 * 1024))
    assert r.status == 413, r
    assert files_on_disk(stack) == before_files
    assert max_id(stack, "documents") == before_docs


def test_missing_title_or_file_422_keeps_values(stack, pmc):
    before_files = files_on_disk(stack)
    r = post_multipart(pmc, "/projects/1/documents?format=xml", [("title", ""), ("note", "kept")],
                       [("file", "a.pdf", "application/pdf", PDF + b"t")])
    assert r.status == 422
    values, errors = form_state(r, "document")
    assert "title" in errors and values.get("note") == "kept"
    r = post_multipart(pmc, "/projects/1/documents?format=xml", [("title", "No file")])
    assert r.status == 422
    assert "file" in form_state(r, "document")[1]
    assert files_on_disk(stack) == before_files


def test_multipart_needs_csrf_and_is_well_formed(stack, pmc):
    r = post_multipart(pmc, "/projects/1/documents", [("title", "x")],
                       [("file", "a.pdf", "application/pdf", PDF)], csrf=False)
    assert r.status == 403
    r = pmc.request("POST", "/projects/1/documents", raw_body=b"--zz\r\ngarbage",
                    headers={"Content-Type": "multipart/form-data; boundary=zz"})
    assert r.status == 400
    r = pmc.request("POST", "/projects/1/documents", raw_body=b"x",
                    headers={"Content-Type": "multipart/form-data"})
    assert r.status == 400


def test_upload_says_so_on_the_next_page(stack, pmc):
    r = upload(pmc, data=PDF + unique("f").encode())
    assert r.status == 303, r
    doc = pmc.get_xml(r.header("location")).xml()
    assert doc.xpath("string(/page/flash[@kind='ok'])") == "Document uploaded."


def test_new_version_says_so_on_the_next_page(stack, pmc):
    did = doc_id(upload(pmc, data=PDF + unique("g").encode()))
    pmc.get_xml(f"/documents/{did}")     # the upload's flash is shown and spent
    r = post_multipart(pmc, f"/documents/{did}/versions", [("note", "v2")],
                       [("file", "brief.pdf", "application/pdf", PDF + unique("h").encode())])
    assert r.status == 303, r
    doc = pmc.get_xml(r.header("location")).xml()
    assert doc.xpath("string(/page/flash[@kind='ok'])") == "New version uploaded."


def test_list_is_paginated_and_contacts_see_the_shared_ones(stack, pmc, acmec, viewerc, globexc):
    from plan_helpers import new_project
    pid = new_project(pmc, stack, client_id=1)
    shared = [doc_id(upload(pmc, pid=pid, title=f"Shared {i:02d}", data=PDF + unique("s").encode()))
              for i in range(26)]
    internal = doc_id(upload(pmc, pid=pid, title="Internal only", visible=False, data=PDF + b"i"))
    # staff: 27 in all, 25 a page, newest first, the upload form
    doc = pmc.get_xml(f"/projects/{pid}/documents").xml()
    assert doc.xpath("string(/page/pager/@total)") == "27" and doc.xpath("string(/page/pager/@pages)") == "2"
    ids = [int(i) for i in doc.xpath("/page/documents/document/@id")]
    assert ids == [internal] + shared[::-1][:24]
    page2 = [int(i) for i in pmc.get_xml(f"/projects/{pid}/documents?page=2").xml().xpath("/page/documents/document/@id")]
    assert page2 == shared[1::-1]
    html = pmc.get(f"/projects/{pid}/documents").html()
    assert html.xpath(f"//form[@action='/projects/{pid}/documents']")
    assert html.xpath("//nav[contains(@class, 'pager')]//a[contains(@href, 'page=2')]")
    # a contact of the client: the shared ones only, no upload form, no staff tabs, back to the portal
    for c in (acmec, viewerc):
        r = c.get_xml(f"/projects/{pid}/documents")
        assert r.status == 200
        assert r.xml().xpath("string(/page/pager/@total)") == "26"
        assert internal not in [int(i) for i in r.xml().xpath("/page/documents/document/@id")]
        h = c.get(f"/projects/{pid}/documents")
        assert "Internal only" not in h.text and "Shared 25" in h.text
        t = h.html()
        assert not t.xpath(f"//form[@action='/projects/{pid}/documents']") and not t.xpath("//nav[contains(@class, 'plan-tabs')]")
        assert t.xpath(f"//a[@href='/portal/projects/{pid}']")
    # another organisation: 404, the same as for a project nobody has
    for path in (f"/projects/{pid}/documents", "/projects/987654321/documents"):
        r = globexc.get(path)
        assert r.status == 404 and b"Shared 0" not in r.body
    # the portal project page shows the newest ten and links to the rest
    portal = acmec.get(f"/portal/projects/{pid}").html()
    items = portal.xpath("//section[@aria-labelledby='docs-h']//ul[contains(@class, 'doc-list')]/li")
    assert len(items) == 10 and "Shared 25" in items[0].text_content()
    assert portal.xpath(f"//section[@aria-labelledby='docs-h']//a[@href='/projects/{pid}/documents']")
    # ... and no link when ten or fewer are shared
    few = new_project(pmc, stack, client_id=1)
    doc_id(upload(pmc, pid=few, data=PDF + b"few"))
    assert not acmec.get(f"/portal/projects/{few}").html().xpath(
        f"//section[@aria-labelledby='docs-h']//a[@href='/projects/{few}/documents']")
