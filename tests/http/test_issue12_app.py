"""Issue 12, the in-app side: who notify() tells (through tests/domain/d_notify, without a page),
the bell's count read with the session (no statement of its own), the notifications pages of
staff and contacts (newest first, unread marked, 25 a page by keyset, opening one marks it read,
mark one or all read, another's is a 404) and each person's preferences (the e-mail per kind, a
contact's general choice, the time zone), saved and refused."""
import pytest

from conftest import form_state, login_as, unique
from domain_util import count, new_client, run

PAGE = 25


# ------------------------------------------------------------------ helpers

def new_user(stack, role="member", client_id=None, access=None, active=1):
    """A user of the test's own who can sign in with the demo password: (id, e-mail)."""
    email = unique(role) + "@notify.test"
    pw = stack.scalar("SELECT password_hash FROM users WHERE id = 7")
    cid = client_id if client_id else "NULL"
    acc = f"'{access}'" if access else "NULL"
    stack.sql("INSERT INTO users (email, name, role, client_id, access, password_hash, active, created_at,"
              f" updated_at) VALUES ('{email}', '{unique('Person')}', '{role}', {cid}, {acc}, '{pw}',"
              f" {active}, NOW(), NOW())")
    return int(stack.scalar(f"SELECT id FROM users WHERE email = '{email}'")), email


def new_contact(stack, cid, access="approve", active=1):
    return new_user(stack, "client", cid, access, active)


def tell(stack, kind, uid, client=0, project=0, link="/me", text=None, dedupe="-", actor=None):
    return run(stack, "notify", "notify", kind, uid, client, project, link,
               text or unique("Notice"), dedupe, actor=actor)


def many(stack, uid, n, client=0):
    out = run(stack, "notify", "many", uid, client, n)
    assert out["rc"] == 0 and out["written"] == str(n), out
    return [int(r[0]) for r in stack.sql(f"SELECT id FROM notifications WHERE user_id = {uid} ORDER BY id DESC")]


def rows(stack, uid, where="1"):
    return count(stack, f"SELECT COUNT(*) FROM notifications WHERE user_id = {uid} AND {where}")


def unread(stack, uid):
    return int(stack.scalar(f"SELECT unread_notifications FROM users WHERE id = {uid}"))


def mail_of(stack, uid):
    """The e-mail state of uid's newest notification, with 'sent' read as 'now': the outbox
    worker sends an at-once row within a second or two (issue 12's e-mail side)."""
    state = stack.scalar(f"SELECT mail FROM notifications WHERE user_id = {uid} ORDER BY id DESC LIMIT 1")
    return "now" if state == "sent" else state


def stmt_count(stack, c, path, tries=20):
    """Prepared statements the stack executed for one GET of path: the least over a few tries
    (the outbox worker's polls run meanwhile and only ever add)."""
    def executed():
        return int(stack.sql("SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'")[0][1])
    best = None
    for _ in range(tries):
        before = executed()
        r = c.get(path)
        assert r.status in (200, 404), r
        n = executed() - before
        best = n if best is None else min(best, n)
    return best


def items(resp):
    return resp.xml().xpath("/page/notifications/notification")


@pytest.fixture(scope="module")
def member_a(stack):
    """A team member of this module, signed in: (id, client)."""
    uid, email = new_user(stack)
    return uid, login_as(stack, email)


# ------------------------------------------------------------------ notify(): who is told

def test_notify_writes_one_row_counts_it_and_mails_staff_at_once(stack):
    uid, _ = new_user(stack)
    actor = int(stack.scalar("SELECT id FROM users WHERE email = 'pm@demo.test'"))
    out = tell(stack, "task_assigned", uid, 0, 1, "/tasks/1", "Priya assigned you “Logo”", actor=actor)
    assert out["rc"] == 0
    assert stack.sql("SELECT kind, project_id, actor_id, link, text, mail IN ('now', 'sent'), read_at IS NULL"
                     f" FROM notifications WHERE user_id = {uid}") == [
        ("task_assigned", "1", str(actor), "/tasks/1", "Priya assigned you “Logo”", "1", "1")]
    assert unread(stack, uid) == 1


def test_the_actor_is_not_told(stack):
    uid, _ = new_user(stack)
    assert tell(stack, "task_assigned", uid, actor=uid)["rc"] == 1
    assert rows(stack, uid) == 0 and unread(stack, uid) == 0


def test_an_inactive_or_unknown_person_is_skipped(stack):
    uid, _ = new_user(stack, active=0)
    assert tell(stack, "task_assigned", uid)["rc"] == 1
    assert rows(stack, uid) == 0 and unread(stack, uid) == 0
    assert tell(stack, "task_assigned", 987654321)["rc"] == 1


def test_a_kind_of_another_audience_is_skipped(stack):
    staff, _ = new_user(stack)
    cid = new_client(stack)
    contact, _ = new_contact(stack, cid)
    assert tell(stack, "message", staff, cid)["rc"] == 1            # a contact's kind
    assert tell(stack, "task_assigned", contact, cid)["rc"] == 1    # a staff kind
    assert rows(stack, staff) == 0 and rows(stack, contact) == 0
    # the kinds for anyone reach both
    assert tell(stack, "thread_reply", staff)["rc"] == 0
    assert tell(stack, "thread_reply", contact, cid)["rc"] == 0


def test_a_contact_of_another_client_is_never_told(stack):
    mine, other = new_client(stack), new_client(stack)
    contact, _ = new_contact(stack, mine)
    assert tell(stack, "message", contact, other)["rc"] == 1
    assert tell(stack, "message", contact, 0)["rc"] == 1             # about no client: not theirs
    assert rows(stack, contact) == 0 and unread(stack, contact) == 0
    assert tell(stack, "message", contact, mine)["rc"] == 0
    assert rows(stack, contact) == 1


def test_a_view_contact_is_not_asked_to_decide(stack):
    cid = new_client(stack)
    viewer, _ = new_contact(stack, cid, access="view")
    commenter, _ = new_contact(stack, cid, access="comment")
    assert tell(stack, "approval_requested", viewer, cid)["rc"] == 1
    assert tell(stack, "approval_reminder", viewer, cid)["rc"] == 1
    assert rows(stack, viewer) == 0
    assert tell(stack, "message", viewer, cid)["rc"] == 0              # news, not a decision
    assert tell(stack, "approval_reminder", commenter, cid)["rc"] == 0
    assert rows(stack, viewer) == 1 and rows(stack, commenter) == 1


def test_a_deduplicated_notice_is_written_once(stack):
    uid, _ = new_user(stack, "pm")
    key = unique("approval-9-")[:60]
    assert tell(stack, "approval_overdue", uid, dedupe=key)["rc"] == 0
    assert tell(stack, "approval_overdue", uid, dedupe=key)["rc"] == 1
    assert rows(stack, uid) == 1 and unread(stack, uid) == 1
    # the key is per kind: another kind with it is another notice
    assert tell(stack, "report_due", uid, dedupe=key)["rc"] == 0
    assert rows(stack, uid) == 2 and unread(stack, uid) == 2


def test_a_rolled_back_change_notifies_no_one(stack):
    uid, _ = new_user(stack)
    out = run(stack, "notify", "notify_then_fail", "task_assigned", uid, 0, 0, "/me", "Lost", "-")
    assert out["notified"] == "0" and out["rc"] == 3          # written, then the change failed
    assert rows(stack, uid) == 0 and unread(stack, uid) == 0


def test_the_email_state_follows_kind_preference_and_mode(stack):
    cid = new_client(stack)
    contact, _ = new_contact(stack, cid)
    assert tell(stack, "message", contact, cid)["rc"] == 0
    assert mail_of(stack, contact) == "digest"                 # a contact's default
    assert tell(stack, "mention", contact, cid)["rc"] == 0
    assert mail_of(stack, contact) == "now"                    # NF_AT_ONCE
    assert tell(stack, "approval_requested", contact, cid)["rc"] == 0
    assert mail_of(stack, contact) == "none"                   # NF_OWN_MAIL: the change mails
    assert run(stack, "notify", "mode", contact, "now")["rc"] == 0
    assert tell(stack, "report_published", contact, cid)["rc"] == 0
    assert mail_of(stack, contact) == "now"
    assert run(stack, "notify", "pref", contact, "message", "off")["rc"] == 0
    assert tell(stack, "message", contact, cid)["rc"] == 0
    assert mail_of(stack, contact) == "none"
    staff, _ = new_user(stack)
    assert run(stack, "notify", "pref", staff, "task_assigned", "digest")["rc"] == 0
    assert tell(stack, "task_assigned", staff)["rc"] == 0
    assert mail_of(stack, staff) == "digest"


def test_the_defaults_per_audience(stack):
    def dflt(kind, aud, mode="-"):
        return run(stack, "notify", "default", kind, aud, mode)["email"]
    assert dflt("decision", "staff") == "now"
    assert dflt("message", "contact") == "digest"
    assert dflt("message", "contact", "now") == "now"
    assert dflt("mention", "contact") == "now"
    assert dflt("approval_requested", "contact") == "now"


# ------------------------------------------------------------------ notify_read

def test_read_one_all_and_never_anothers(stack):
    a, _ = new_user(stack)
    b, _ = new_user(stack)
    ids = many(stack, a, 3)
    theirs = many(stack, b, 1)[0]
    assert run(stack, "notify", "read", a, theirs)["marked"] == "0"
    assert rows(stack, b, "read_at IS NULL") == 1 and unread(stack, b) == 1
    assert run(stack, "notify", "read", a, ids[0])["marked"] == "1"
    assert unread(stack, a) == 2
    assert run(stack, "notify", "read", a, ids[0])["marked"] == "0"   # read already
    assert run(stack, "notify", "read", a, 0)["marked"] == "2"
    assert unread(stack, a) == 0 and rows(stack, a, "read_at IS NULL") == 0
    assert unread(stack, b) == 1


def test_read_sets_the_count_from_the_rows(stack):
    uid, _ = new_user(stack)
    many(stack, uid, 2)
    stack.sql(f"UPDATE users SET unread_notifications = 40 WHERE id = {uid}")
    assert run(stack, "notify", "read", uid, 0)["marked"] == "2"
    assert unread(stack, uid) == 0


# ------------------------------------------------------------------ preferences (domain)

def test_pref_set_refuses_fixed_kinds_and_other_audiences(stack):
    cid = new_client(stack)
    contact, _ = new_contact(stack, cid)
    staff, _ = new_user(stack)
    assert run(stack, "notify", "pref", contact, "approval_requested", "off")["rc"] == 1   # NF_OWN_MAIL
    assert run(stack, "notify", "pref", contact, "task_assigned", "off")["rc"] == 1        # staff's
    assert run(stack, "notify", "pref", staff, "message", "off")["rc"] == 1                # contacts'
    assert run(stack, "notify", "pref", 987654321, "decision", "off")["rc"] == 1
    assert count(stack, f"SELECT COUNT(*) FROM notification_prefs WHERE user_id IN ({contact}, {staff})") == 0
    assert run(stack, "notify", "pref", staff, "decision", "off")["rc"] == 0
    assert run(stack, "notify", "pref", staff, "decision", "digest")["rc"] == 0
    assert stack.sql(f"SELECT kind, email FROM notification_prefs WHERE user_id = {staff}") == [("decision", "digest")]


def test_mode_set_is_a_contacts_choice_now_or_digest(stack):
    cid = new_client(stack)
    contact, _ = new_contact(stack, cid)
    staff, _ = new_user(stack)
    assert run(stack, "notify", "mode", staff, "now")["rc"] == 1
    assert run(stack, "notify", "mode", contact, "off")["rc"] == 1
    assert stack.scalar(f"SELECT COALESCE(notify_mode, 'null') FROM users WHERE id = {contact}") == "null"
    assert run(stack, "notify", "mode", contact, "now")["rc"] == 0
    assert stack.scalar(f"SELECT notify_mode FROM users WHERE id = {contact}") == "now"
    assert stack.scalar(f"SELECT COALESCE(notify_mode, 'null') FROM users WHERE id = {staff}") == "null"


def test_time_zone_set_takes_a_listed_zone_or_the_default(stack):
    uid, _ = new_user(stack)
    zone = lambda: stack.scalar(f"SELECT COALESCE(time_zone, 'null') FROM users WHERE id = {uid}")  # noqa: E731
    assert run(stack, "notify", "zone", uid, "Europe/Paris")["rc"] == 0
    assert zone() == "Europe/Paris"
    for bad in ("Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "posixrules", "Europe/",
                "right/Europe/Paris", "x" * 70):
        out = run(stack, "notify", "zone", uid, bad)
        assert out["rc"] == 2 and out["why"] == "Time zone is not one of the list.", bad
        assert zone() == "Europe/Paris"
    assert run(stack, "notify", "zone", uid, "UTC")["rc"] == 0 and zone() == "UTC"
    assert run(stack, "notify", "zone", uid, "-")["rc"] == 0 and zone() == "null"
    assert run(stack, "notify", "zone", 987654321, "UTC")["rc"] == 1


# ------------------------------------------------------------------ the bell

def test_the_bell_shows_the_count_of_the_session_row(stack, member_a):
    uid, c = member_a
    stack.sql(f"UPDATE users SET unread_notifications = 42 WHERE id = {uid}")   # no rows: the column it is
    try:
        assert c.get_xml("/").xml().xpath("string(/page/session/@unread)") == "42"
        page = c.get("/").html()
        bell = page.xpath("//header//a[@class='bell']")
        assert len(bell) == 1 and bell[0].get("href") == "/notifications"
        assert bell[0].get("aria-label") == "Notifications, 42 unread"
        assert bell[0].xpath("string(span[@class='bell-count'])") == "42"
        stack.sql(f"UPDATE users SET unread_notifications = 120 WHERE id = {uid}")
        bell = c.get("/projects").html().xpath("//header//a[@class='bell']")[0]
        assert bell.get("aria-label") == "Notifications, 120 unread"
        assert bell.xpath("string(span[@class='bell-count'])") == "99+"
    finally:
        stack.sql(f"UPDATE users SET unread_notifications = 0 WHERE id = {uid}")
    bell = c.get("/").html().xpath("//header//a[@class='bell']")[0]
    assert bell.get("aria-label") == "Notifications" and not bell.xpath("span[@class='bell-count']")


def test_the_portal_bell_leads_to_the_portal_page(stack):
    cid = new_client(stack)
    contact, email = new_contact(stack, cid)
    many(stack, contact, 2, client=cid)
    c = login_as(stack, email)
    bell = c.get("/portal").html().xpath("//header//a[@class='bell']")[0]
    assert bell.get("href") == "/portal/notifications"
    assert bell.get("aria-label") == "Notifications, 2 unread"
    assert bell.xpath("string(span[@class='bell-count'])") == "2"


def test_the_count_adds_no_statement_to_a_page(stack, member_a):
    uid, c = member_a
    stack.sql(f"UPDATE users SET unread_notifications = 5 WHERE id = {uid}")
    try:
        # a page that shows the bell and runs nothing but the session's query
        r = c.get_xml("/no/such/page")
        assert r.status == 404 and r.xml().xpath("string(/page/session/@unread)") == "5"
        assert stmt_count(stack, c, "/no/such/page?format=xml") == 1
        # the notifications page: the session and its one page of rows
        assert stmt_count(stack, c, "/notifications?format=xml") == 2
        with_count = stmt_count(stack, c, "/?format=xml")
        stack.sql(f"UPDATE users SET unread_notifications = 0 WHERE id = {uid}")
        assert stmt_count(stack, c, "/?format=xml") == with_count
    finally:
        stack.sql(f"UPDATE users SET unread_notifications = 0 WHERE id = {uid}")


# ------------------------------------------------------------------ the notifications page

def test_the_page_is_newest_first_unread_marked_and_keyset_paged(stack):
    uid, email = new_user(stack)
    ids = many(stack, uid, 2 * PAGE + 10)            # newest first
    run(stack, "notify", "read", uid, ids[1])
    c = login_as(stack, email)
    r = c.get_xml("/notifications")
    got = items(r)
    assert [int(n.get("id")) for n in got] == ids[:PAGE]
    assert got[0].get("text") == f"Notice {2 * PAGE + 10}" and got[0].get("link") == "/me"
    assert got[0].get("unread") == "1" and got[1].get("unread") is None
    lst = r.xml().xpath("/page/notifications")[0]
    assert lst.get("next-before") == str(ids[PAGE - 1]) and lst.get("older-than") is None
    html = c.get("/notifications").html()
    assert len(html.xpath("//ol[@class='notif-list']/li")) == PAGE
    assert len(html.xpath("//ol[@class='notif-list']/li[contains(@class, 'is-unread')]")) == PAGE - 1
    assert html.xpath("//ol[@class='notif-list']/li[not(contains(@class, 'is-unread'))]//a/@href") == [f"/notifications/{ids[1]}"]
    assert html.xpath("//a[@rel='next']/@href") == [f"/notifications?before={ids[PAGE - 1]}"]

    r = c.get_xml(f"/notifications?before={ids[PAGE - 1]}")
    assert [int(n.get("id")) for n in items(r)] == ids[PAGE:2 * PAGE]
    r = c.get_xml(f"/notifications?before={ids[2 * PAGE - 1]}")
    assert [int(n.get("id")) for n in items(r)] == ids[2 * PAGE:]
    assert r.xml().xpath("/page/notifications/@next-before") == []
    older = c.get(f"/notifications?before={ids[-1]}").html()
    assert older.xpath("//ol[@class='notif-list']") == []
    assert "No older notifications." in older.text_content()
    assert older.xpath("//a[contains(@class, 'pager-prev')]/@href") == ["/notifications"]
    # a before that is not an id is the first page
    assert [int(n.get("id")) for n in items(c.get_xml("/notifications?before=abc"))] == ids[:PAGE]


def test_an_empty_page_says_so(stack, member_a):
    uid, c = member_a
    stack.sql(f"DELETE FROM notifications WHERE user_id = {uid}")
    stack.sql(f"UPDATE users SET unread_notifications = 0 WHERE id = {uid}")
    html = c.get("/notifications").html()
    assert html.xpath("//div[@class='empty-state']//p[@class='empty-title']/text()") == ["Nothing yet"]
    assert html.xpath("//form[@action='/notifications/read-all']") == []
    assert html.xpath("//a[@href='/me/notifications']")


def test_opening_one_marks_it_read_and_goes_to_its_object(stack, member_a):
    uid, c = member_a
    out = tell(stack, "task_assigned", uid, 0, 1, "/tasks/1?from=bell")
    nid = int(stack.scalar(f"SELECT MAX(id) FROM notifications WHERE user_id = {uid}"))
    before = unread(stack, uid)
    assert out["rc"] == 0
    r = c.get(f"/notifications/{nid}")
    assert r.status == 303 and r.header("location") == "/tasks/1?from=bell"
    assert stack.scalar(f"SELECT read_at IS NOT NULL FROM notifications WHERE id = {nid}") == "1"
    assert unread(stack, uid) == before - 1
    r = c.get(f"/notifications/{nid}")                         # again: the same place, nothing more
    assert r.status == 303 and unread(stack, uid) == before - 1


def test_a_link_that_is_not_a_path_of_this_site_goes_home(stack, member_a):
    uid, c = member_a
    tell(stack, "task_assigned", uid, link="//evil.example/x")
    nid = int(stack.scalar(f"SELECT MAX(id) FROM notifications WHERE user_id = {uid}"))
    r = c.get(f"/notifications/{nid}")
    assert r.status == 303 and r.header("location") == "/"


def test_anothers_notification_is_a_404(stack, member_a):
    uid, c = member_a
    other, _ = new_user(stack)
    theirs = many(stack, other, 1)[0]
    assert c.get(f"/notifications/{theirs}").status == 404
    assert c.post(f"/notifications/{theirs}/read").status == 404
    assert c.get("/notifications/987654321").status == 404
    assert stack.scalar(f"SELECT read_at IS NULL FROM notifications WHERE id = {theirs}") == "1"
    assert unread(stack, other) == 1


def test_mark_one_read_returns_to_the_same_page(stack, member_a):
    uid, c = member_a
    ids = many(stack, uid, 3)
    r = c.post(f"/notifications/{ids[1]}/read", {"before": str(ids[0])})
    assert r.status == 303 and r.header("location") == f"/notifications?before={ids[0]}"
    assert stack.scalar(f"SELECT read_at IS NOT NULL FROM notifications WHERE id = {ids[1]}") == "1"
    assert stack.scalar(f"SELECT read_at IS NULL FROM notifications WHERE id = {ids[0]}") == "1"
    r = c.post(f"/notifications/{ids[2]}/read", {"before": "x"})
    assert r.status == 303 and r.header("location") == "/notifications"
    page = c.get("/notifications").html()
    assert "Marked read." in page.xpath("string(//div[contains(@class, 'flash')])")


def test_mark_all_read_is_the_persons_own(stack, member_a):
    uid, c = member_a
    other, _ = new_user(stack)
    many(stack, uid, 4)
    many(stack, other, 2)
    assert c.post("/notifications/read-all", csrf=False).status == 403
    r = c.post("/notifications/read-all")
    assert r.status == 303 and r.header("location") == "/notifications"
    assert rows(stack, uid, "read_at IS NULL") == 0 and unread(stack, uid) == 0
    assert rows(stack, other, "read_at IS NULL") == 2 and unread(stack, other) == 2
    page = c.get("/notifications")
    assert "All notifications marked read." in page.html().xpath("string(//div[contains(@class, 'flash')])")
    assert page.html().xpath("//li[contains(@class, 'is-unread')]") == []


def test_pages_and_roles(stack, member_a, acmec, client):
    _, c = member_a
    assert acmec.get("/notifications").status == 403
    assert acmec.get("/me/notifications").status == 403
    assert c.get("/portal/notifications").status == 403
    assert c.get("/portal/notifications/settings").status == 403
    r = client.get("/notifications")
    assert r.status == 303 and r.header("location").startswith("/login")
    assert client.get("/notifications/1").status == 303
    assert client.request("POST", "/notifications/read-all", body={}).status == 401


def test_a_contacts_page_shows_only_their_own(stack):
    cid, other_cid = new_client(stack), new_client(stack)
    me, email = new_contact(stack, cid)
    colleague, _ = new_contact(stack, cid)
    stranger, _ = new_contact(stack, other_cid)
    mine = unique("Mine")
    tell(stack, "message", me, cid, text=mine, link="/portal")
    tell(stack, "message", colleague, cid, text=unique("Colleague's"), link="/portal")
    tell(stack, "message", stranger, other_cid, text=unique("Stranger's"), link="/portal")
    staff, _ = new_user(stack)
    tell(stack, "task_assigned", staff, text=unique("Staff's"))
    c = login_as(stack, email)
    r = c.get_xml("/portal/notifications")
    assert [n.get("text") for n in items(r)] == [mine]
    html = c.get("/portal/notifications").html()
    assert [t.strip() for t in html.xpath("//ol[@class='notif-list']//p[@class='notif-text']/a/text()")] == [mine]
    assert html.xpath("//a[@href='/portal/notifications/settings']")
    # no id of another person's opens, read or not
    for uid in (colleague, stranger, staff):
        nid = stack.scalar(f"SELECT MAX(id) FROM notifications WHERE user_id = {uid}")
        assert c.get(f"/notifications/{nid}").status == 404
    own = stack.scalar(f"SELECT MAX(id) FROM notifications WHERE user_id = {me}")
    r = c.get(f"/notifications/{own}")
    assert r.status == 303 and r.header("location") == "/portal"
    r = c.post("/notifications/read-all")
    assert r.status == 303 and r.header("location") == "/portal/notifications"
    assert unread(stack, colleague) == 1 and unread(stack, stranger) == 1


# ------------------------------------------------------------------ the preferences pages

def kinds_on(resp):
    return {k.get("code"): (k.get("email"), k.get("fixed")) for k in resp.xml().xpath("/page/prefs/kind")}


def test_the_staff_preferences_page(stack, member_a):
    _, c = member_a
    r = c.get_xml("/me/notifications")
    assert r.status == 200
    kinds = kinds_on(r)
    assert "decision" in kinds and "task_assigned" in kinds and "mention" in kinds
    assert "message" not in kinds and "approval_requested" not in kinds
    assert all(v == ("now", None) for v in kinds.values())
    p = r.xml().xpath("/page/prefs")[0]
    assert p.get("audience") == "staff" and p.get("mode") is None
    assert "Europe/Paris" in r.xml().xpath("/page/zones/zone/@code")
    html = c.get("/me/notifications").html()
    assert html.xpath("//select[@name='mode']") == []
    assert html.xpath("//select[@name='decision']/option[@selected]/@value") == ["now"]
    assert html.xpath("//label[@for='prefs-decision']/text()") == [
        "A client decided on an approval or a change request"]


def test_the_contacts_preferences_page(stack):
    cid = new_client(stack)
    stack.sql(f"UPDATE clients SET cadence = 'biweekly' WHERE id = {cid}")
    _, email = new_contact(stack, cid)
    c = login_as(stack, email)
    r = c.get_xml("/portal/notifications/settings")
    kinds = kinds_on(r)
    assert kinds["approval_requested"] == (None, "1")
    assert kinds["message"] == ("digest", None) and kinds["mention"] == ("now", None)
    assert "task_assigned" not in kinds and "decision" not in kinds
    html = c.get("/portal/notifications/settings").html()
    assert html.xpath("//select[@name='approval_requested']") == []
    fixed = html.xpath("//div[contains(@class, 'field-fixed')]")[0].text_content()
    assert "An approval is asked of me" in fixed and "Always e-mailed at once; cannot be turned off." in fixed
    assert html.xpath("//select[@name='mode']/option[@selected]/text()") == [
        "A fortnightly digest"]


def test_staff_preferences_saved(stack):
    uid, email = new_user(stack, "pm")
    c = login_as(stack, email)
    r = c.post("/me/notifications", {"decision": "off", "budget": "digest", "task_assigned": "now",
                                     "time_zone": "America/New_York"})
    assert r.status == 303 and r.header("location") == "/me/notifications"
    # a kind left as it was writes nothing: it keeps following the default
    assert sorted(stack.sql(f"SELECT kind, email FROM notification_prefs WHERE user_id = {uid}")) == [
        ("budget", "digest"), ("decision", "off")]
    assert stack.scalar(f"SELECT time_zone FROM users WHERE id = {uid}") == "America/New_York"
    page = c.get("/me/notifications")
    assert "Saved." in page.html().xpath("string(//div[contains(@class, 'flash')])")
    kinds = kinds_on(c.get_xml("/me/notifications"))
    assert kinds["decision"] == ("off", None) and kinds["budget"] == ("digest", None)
    # the agency's zone again: the empty choice
    assert c.post("/me/notifications", {"time_zone": ""}).status == 303
    assert stack.scalar(f"SELECT COALESCE(time_zone, 'null') FROM users WHERE id = {uid}") == "null"
    # a form without the field leaves the zone alone
    run(stack, "notify", "zone", uid, "Asia/Tokyo")
    assert c.post("/me/notifications", {"decision": "now"}).status == 303
    assert stack.scalar(f"SELECT time_zone FROM users WHERE id = {uid}") == "Asia/Tokyo"
    assert tell(stack, "budget", uid)["rc"] == 0 and mail_of(stack, uid) == "digest"


def test_a_contacts_general_choice_saved(stack):
    cid = new_client(stack)
    uid, email = new_contact(stack, cid)
    c = login_as(stack, email)
    # the form as shown (kinds at their digest default), the general choice switched
    r = c.post("/portal/notifications/settings", {"mode": "now", "message": "digest", "thread_reply": "digest",
                                                  "approval_reminder": "digest", "report_published": "off",
                                                  "mention": "now", "time_zone": ""})
    assert r.status == 303 and r.header("location") == "/portal/notifications/settings"
    assert stack.scalar(f"SELECT notify_mode FROM users WHERE id = {uid}") == "now"
    assert stack.sql(f"SELECT kind, email FROM notification_prefs WHERE user_id = {uid}") == [
        ("report_published", "off")]
    kinds = kinds_on(c.get_xml("/portal/notifications/settings"))
    assert kinds["message"] == ("now", None) and kinds["report_published"] == ("off", None)
    assert tell(stack, "message", uid, cid)["rc"] == 0 and mail_of(stack, uid) == "now"


def prefs_refused(stack, c, path, data, uid):
    before_prefs = stack.sql(f"SELECT kind, email FROM notification_prefs WHERE user_id = {uid}")
    before_user = stack.sql(f"SELECT time_zone, notify_mode FROM users WHERE id = {uid}")
    r = c.post(path + "?format=xml", data)
    assert r.status == 422, r
    assert stack.sql(f"SELECT kind, email FROM notification_prefs WHERE user_id = {uid}") == before_prefs
    assert stack.sql(f"SELECT time_zone, notify_mode FROM users WHERE id = {uid}") == before_user
    return form_state(r, "prefs")


def test_preferences_refused_write_nothing(stack):
    uid, email = new_user(stack)
    c = login_as(stack, email)
    # a zone not in the list: the form back with the values and a note on the field
    values, errors = prefs_refused(stack, c, "/me/notifications",
                                   {"decision": "off", "time_zone": "Mars/Olympus_Mons"}, uid)
    assert values["decision"] == "off" and values["time_zone"] == "Mars/Olympus_Mons"
    assert errors == {"time_zone": "Time zone is not one of the list."}
    # a kind of the contacts'
    _, errors = prefs_refused(stack, c, "/me/notifications", {"decision": "off", "message": "off"}, uid)
    assert errors == {"_form": "“A message from the agency” is not a notification you get."}
    # the contacts' general choice
    _, errors = prefs_refused(stack, c, "/me/notifications", {"decision": "off", "mode": "now"}, uid)
    assert errors == {"_form": "Only a client's contacts choose between every message and the digest."}
    # a choice that is not one
    _, errors = prefs_refused(stack, c, "/me/notifications", {"decision": "sometimes"}, uid)
    assert errors == {"decision": "A client decided on an approval or a change request is not one of the choices."}
    # the HTML: the summary, the note under the field, the bad value kept
    html = c.post("/me/notifications", {"decision": "off", "time_zone": "Nowhere/Else"}).html()
    assert html.xpath("//div[@class='form-errors']")
    assert html.xpath("//p[@id='prefs-time_zone-error']/text()") == ["Time zone is not one of the list."]
    assert html.xpath("//select[@name='decision']/option[@selected]/@value") == ["off"]


def test_a_contact_cannot_turn_off_what_asks_for_a_decision(stack):
    cid = new_client(stack)
    uid, email = new_contact(stack, cid)
    c = login_as(stack, email)
    _, errors = prefs_refused(stack, c, "/portal/notifications/settings",
                              {"approval_requested": "off", "message": "off", "time_zone": "Europe/Paris"}, uid)
    assert errors == {"approval_requested": "“An approval is asked of me” is always e-mailed at once;"
                                            " it cannot be turned off."}
    html = c.post("/portal/notifications/settings", {"approval_requested": "off"}).html()
    fixed = html.xpath("//div[contains(@class, 'field-fixed')]")[0]
    assert "has-error" in fixed.get("class")
    assert "cannot be turned off." in fixed.xpath("string(p[@class='field-error'])")
    _, errors = prefs_refused(stack, c, "/portal/notifications/settings", {"task_assigned": "off"}, uid)
    assert errors == {"_form": "“A task was assigned to me” is not a notification you get."}
    _, errors = prefs_refused(stack, c, "/portal/notifications/settings", {"mode": "off"}, uid)
    assert list(errors) == ["mode"]


def test_preferences_need_the_csrf_token(stack, member_a):
    uid, c = member_a
    r = c.post("/me/notifications", {"decision": "off"}, csrf=False)
    assert r.status == 403
    assert count(stack, f"SELECT COUNT(*) FROM notification_prefs WHERE user_id = {uid}") == 0

