"""Helpers shared by the time tests (tests/http/test_time*.py)."""
import datetime
import itertools

import pytest

from conftest import login_as
from plan_helpers import add_member, new_project, task  # noqa: F401 (re-exported)

XML = {"Accept": "application/xml"}
MEMBER_ID = 3    # member@demo.test
TOM_ID = 5       # tom@demo.test

_weeks = {}


def fresh_week(year):
    """An ISO week of `year` that no other test of the session used: (id, monday)."""
    n = _weeks.setdefault(year, itertools.count(1))
    w = next(n)
    assert w <= 52
    monday = datetime.date.fromisocalendar(year, w, 1)
    return f"{year}-W{w:02d}", monday


def day(monday, i):
    return (monday + datetime.timedelta(days=i)).isoformat()


def project_with(stack, pmc, *members, **kw):
    pid = new_project(pmc, stack, **kw)
    for uid in members:
        add_member(pmc, pid, uid)
    return pid


def log(c, pid, date, hours, billable=True, task_id=None, note=None):
    d = {"project_id": str(pid), "work_date": date, "hours": hours}
    if billable:
        d["billable"] = "1"
    if task_id:
        d["task_id"] = str(task_id)
    if note is not None:
        d["note"] = note
    return c.post("/time/entries", d)


def minutes_of(stack, uid, pid):
    return int(stack.scalar(f"SELECT COALESCE(SUM(minutes), 0) FROM time_entries"
                            f" WHERE user_id = {uid} AND project_id = {pid}"))


def week_xml(c, week):
    r = c.get_xml(f"/time?week={week}")
    assert r.status == 200, r
    return r.xml()


def form_errors(resp, form):
    doc = resp.xml()
    return [e.text for e in doc.xpath("/page/form-state[@for=$f]/error", f=form)]


# Signed-in clients beyond the harness's (pmc, memberc, adminc are in conftest).
@pytest.fixture(scope="module")
def tomc(stack):
    return login_as(stack, "tom@demo.test")


@pytest.fixture(scope="module")
def lenac(stack):
    return login_as(stack, "lena@demo.test")
