"""Issue 11, the stylesheets in parts: layout.xsl includes frame, forms, format, partials and
tables; a page stylesheet imports layout.xsl alone; a template name means one thing across
xslt/; the page head is one template (frame.xsl) and the project rows one (tables.xsl).
These read the stylesheets; that the pages render the same is what the rest of the suite
checks (see docs/architecture.md, "Issue 11: the stylesheets in parts")."""
import collections
import pathlib

from lxml import etree

XSLT = pathlib.Path(__file__).resolve().parents[2] / "xslt"
XSL = "{http://www.w3.org/1999/XSL/Transform}"
PARTS = ["frame.xsl", "forms.xsl", "format.xsl", "partials.xsl", "tables.xsl"]


def sheets():
    return {p.name: etree.parse(str(p)) for p in sorted(XSLT.glob("*.xsl"))}


def hrefs(tree, what):
    return [e.get("href") for e in tree.getroot().findall(XSL + what)]


def test_layout_includes_the_parts_and_pages_import_layout_alone():
    all_ = sheets()
    assert hrefs(all_["layout.xsl"], "include") == PARTS
    assert hrefs(all_["layout.xsl"], "import") == []
    pages = [n for n, t in all_.items()
             if any(e.get("mode") == "main" for e in t.getroot().findall(XSL + "template"))
             and n not in PARTS]
    assert "projects.xsl" in pages and "dashboard.xsl" in pages
    for name in pages:
        assert hrefs(all_[name], "import") == ["layout.xsl"], name
    for part in PARTS:
        assert hrefs(all_[part], "import") == [] and hrefs(all_[part], "include") == [], part


def test_a_template_name_is_defined_once():
    where = collections.defaultdict(list)
    for name, tree in sheets().items():
        for t in tree.getroot().findall(XSL + "template"):
            if t.get("name"):
                where[t.get("name")].append(name)
    twice = {n: f for n, f in where.items() if len(f) > 1}
    assert twice == {}
    assert "visibility" not in where and where["shared-badge"] == ["partials.xsl"]


def test_the_page_head_is_one_template():
    for name, tree in sheets().items():
        heads = [e for e in tree.iter("div") if (e.get("class") or "").split()[:1] == ["page-head"]]
        assert len(heads) == (1 if name == "frame.xsl" else 0), name
    calls = sum(len(t.xpath("//xsl:call-template[@name='page-head']", namespaces={"xsl": XSL[1:-1]}))
                for t in sheets().values())
    assert calls >= 36


def test_the_project_rows_are_one_template():
    all_ = sheets()
    rows = [(n, t.get("match")) for n, tree in all_.items()
            for t in tree.getroot().findall(XSL + "template") if t.get("mode") == "row"]
    assert rows == [("tables.xsl", "project")]
    for name, table in (("projects.xsl", "projects"), ("clients.xsl", "client-projects"),
                        ("dashboard.xsl", "attention")):
        src = (XSLT / name).read_text()
        assert "project-table" in src and f"'{table}'" in src, name
        assert f"t-{table}" not in src, name
