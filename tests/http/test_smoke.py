"""The stack starts and the sign-in round trip works."""


def test_login_page(client):
    r = client.get("/login")
    assert r.status == 200
    assert r.html().xpath("//form[@action='/login']//input[@name='email']")


def test_pm_sees_dashboard(pm):
    r = pm.get_xml("/")
    assert r.status == 200
    doc = r.xml()
    assert doc.xpath("string(/page/@name)") == "dashboard"
    assert doc.xpath("string(/page/session/@role)") == "pm"
    assert sum(int(x) for x in doc.xpath("/page/dashboard/stages/stage/@count")) >= 8
