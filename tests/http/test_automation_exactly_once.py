"""Issue 13, exactly-once effect: the outbox worker is SIGKILLed again and again while 1,000
events run through 5 rules; afterwards every (rule, event) pair has exactly one run, done, and
every task, e-mail, activity note and notification the rules made exists exactly once.

The events are task.completed events of a project of the test's own (a client and a PM of its
own), made by tests/domain/d_rule_load in batches over a few seconds while the test kills the
stack's tandem-outbox process 0.3-0.5 s into each of its lives (later when it has not finished
a run by then); the supervisor forks a new one each time. Every row a rule makes names its rule
and its event's task ("{rule}: {item}"), so a duplicate or a missing row is seen by its title.
The auto-increment ids a killed transaction took and never used show that kills fell inside
runs. Only the outbox worker of this stack's own supervisor (the pid in $VAR/run/tandem.pid,
checked to run our binary) is ever signalled."""
import json
import os
import re
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import new_staff, unique
from domain_util import DRIVERS, new_client, run
from fakes import fast_settings, outbox_worker_pids, wait_for

EVENTS = 1000
BATCH = 25          # events committed together by the driver
BATCH_PAUSE_MS = 150  # between batches: the events flow for ~6 s
KILLS = 12
ADMIN = 1
ID_TABLES = ("tasks", "mails", "activity", "notifications")  # what the runs insert

# (actions of each rule): create_task assigned to the PM notifies the PM (task_assigned), who
# is mailed at once; "team" is the project's PM alone (no members).
RULES = [
    [{"kind": "create_task", "text": "{rule}: {item}", "who": "pm", "start": "0", "due": "3"},
     {"kind": "send_email", "who": "pm", "text": "{rule}: {item}", "body": "{item} of {project} is done. {link}"}],
    [{"kind": "create_task", "text": "{rule}: {item}", "start": "1", "due": "2"},
     {"kind": "add_note", "text": "{rule}: {item}"}],
    [{"kind": "send_email", "who": "team", "text": "{rule}: {item}", "body": "{client}: {item} is done."},
     {"kind": "add_note", "text": "{rule}: {item}"}],
    [{"kind": "add_note", "text": "{rule}: {item}"},
     {"kind": "create_task", "text": "{rule}: {item}", "who": "pm", "start": "0", "due": "5", "visible": True},
     {"kind": "send_email", "who": "pm", "text": "{rule}: {item}", "body": "{item} ({project}) is done."}],
    [{"kind": "add_note", "text": "{rule}: {item}"}],
]
CONDS = [[["client_visible", "is", "0"]], [["stage", "is_not", "closure"]], [["client_visible", "is", "0"]],
         [["stage", "is", "initiation"], ["client_visible", "is", "0"]], [["stage", "is_not", "closure"]]]


def n_of(kind, assigned=False):
    """How many rules act with kind (create_task: only those assigning the PM when assigned)."""
    return sum(1 for acts in RULES for a in acts
               if a["kind"] == kind and (not assigned or a.get("who") == "pm"))


def supervisor(stack):
    pid = int((stack.var / "run/tandem.pid").read_text().split()[0])
    exe = os.path.realpath(f"/proc/{pid}/exe").removesuffix(" (deleted)")
    assert exe == os.path.realpath(stack.env["BIN"]), f"pid {pid} runs {exe}, not our tandem"
    return pid


def the_worker(stack):
    """The pid of our supervisor's one outbox worker, or None (between a death and its fork)."""
    pids = outbox_worker_pids(stack)
    assert len(pids) <= 1, pids
    return pids[0] if pids else None


def kill_worker(stack, pid):
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    assert int(rest[1]) == supervisor(stack), f"{pid} is not a child of our supervisor"
    os.kill(pid, signal.SIGKILL)


def one(stack, sql):
    return int(stack.scalar(sql))


@pytest.fixture(scope="module")
def load(stack, adminc):
    """The rules, the events and the kills; what happened, for the tests to read."""
    fast_settings(stack)  # a run that fails (a lock wait) is retried within milliseconds
    tag = unique("EO")
    cid = new_client(stack)
    pm_id, pm_email = new_staff(stack, adminc, role="pm")
    out = run(stack, "project", "create", cid, f"{tag} project", "-", "tandem", actor=pm_id)
    pid = int(out["id"])
    stack.sql(f"UPDATE projects SET pm_id = {pm_id} WHERE id = {pid}")
    rules = []
    for k, (acts, conds) in enumerate(zip(RULES, CONDS), 1):
        rule = {"name": f"{tag} R{k}", "enabled": True, "scope": "project", "scope_id": pid,
                "trigger": "task.completed", "cond": conds, "act": acts}
        o = run(stack, "rule", "save", 0, json.dumps(rule), actor=ADMIN)
        assert o["rc"] == 0 and "id" in o, o
        rules.append(int(o["id"]))
    ids = ",".join(map(str, rules))
    x = {"tag": tag, "pid": pid, "cid": cid, "pm": pm_id, "pm_email": pm_email, "rules": rules,
         "ids": ids, "killed": [], "lives": []}
    top = {t: one(stack, f"SELECT COALESCE(MAX(id), 0) FROM {t}") for t in ID_TABLES}

    def done():
        return one(stack, f"SELECT COUNT(*) FROM rule_runs WHERE rule_id IN ({ids}) AND state <> 'queued'")

    def hold_mail():
        """The PM's mails queued so far put off by a day: sending thousands of them to the SMTP
        sink would take most of the worker's time (they are counted, not read)."""
        # the worker leases and sends mails meanwhile: a deadlock or lock wait is tried again
        for attempt in range(5):
            try:
                stack.sql(f"UPDATE mails SET next_at = UTC_TIMESTAMP(6) + INTERVAL 1 DAY WHERE state = 'pending'"
                          f" AND next_at < UTC_TIMESTAMP(6) + INTERVAL 1 HOUR AND to_addr = '{pm_email}'")
                return
            except subprocess.CalledProcessError as e:
                if attempt == 4 or not re.search(r"Deadlock|Lock wait", e.stderr or ""):
                    raise AssertionError(f"holding the PM's mails failed: {e.stderr}") from e
                time.sleep(0.2)

    env = dict(os.environ, TANDEM_CONF=str(Path(stack.var) / "tandem.conf"))
    cmd = [str(DRIVERS / "d_rule_load"), "--actor", str(pm_id), "complete", str(pid), str(EVENTS),
           f"{tag}-E", str(BATCH), str(BATCH_PAUSE_MS)]
    t0 = time.monotonic()
    driver = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        pid_now = wait_for(lambda: the_worker(stack), 10, what="the outbox worker")
        for _ in range(KILLS):
            # 0.3-0.5 s into the worker's life; when it has not finished a run by then (a slow
            # start on a busy machine), until it has: every kill hits a worker at work
            hold_mail()
            born, at_birth = time.monotonic(), done()
            time.sleep(random.uniform(0.3, 0.5))
            at_kill = done()
            while at_kill == at_birth and time.monotonic() - born < 5:
                time.sleep(0.05)
                at_kill = done()
            queued = len(rules) * one(stack, "SELECT COUNT(*) FROM outbox WHERE type = 'task.completed'"
                                             f" AND project_id = {pid}") - at_kill
            kill_worker(stack, pid_now)
            x["killed"].append(pid_now)
            x["lives"].append((round(time.monotonic() - born, 2), at_birth, at_kill, queued))
            # the supervisor forks a new one (a second after a short life)
            pid_now = wait_for(lambda: (lambda p: p if p and p not in x["killed"] else None)(the_worker(stack)),
                               10, what="a new outbox worker after the SIGKILL")
        x["kills_s"] = time.monotonic() - t0
        stdout, stderr = driver.communicate(timeout=60)
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
    x["driver"] = {k: v for k, _, v in (line.partition("=") for line in stdout.splitlines())}
    x["driver_stderr"] = stderr
    x["events_s"] = time.monotonic() - t0
    # bounded: every run out of 'queued', and every notification of it mailed
    wait_for(lambda: hold_mail() or one(stack, f"SELECT COUNT(*) FROM rule_runs WHERE rule_id IN ({ids})"
                                        " AND state = 'queued'") == 0
             and one(stack, f"SELECT COUNT(*) FROM rule_runs WHERE rule_id IN ({ids})") == len(rules) * EVENTS,
             90, step=0.2, what="every run carried out")
    wait_for(lambda: hold_mail() or one(stack, f"SELECT COUNT(*) FROM notifications WHERE user_id = {pm_id}"
                                        " AND mail = 'now'") == 0,
             60, step=0.2, what="the PM's notifications mailed")
    x["total_s"] = time.monotonic() - t0
    x["last_worker"] = pid_now
    # ids never used: an insert that a kill rolled back (nothing else rolls back meanwhile: the
    # driver commits all it writes, and the suite's other tests do not run during this one)
    x["lost_ids"] = {}
    for t, lo in top.items():
        hi, n = stack.sql(f"SELECT COALESCE(MAX(id), 0), COUNT(*) FROM {t} WHERE id > {lo}")[0]
        x["lost_ids"][t] = int(hi) - lo - int(n) if int(hi) else 0
    yield x
    # the rules off and gone (their runs with them); the test's mails are not sent to the
    # sink afterwards (thousands of them would hold up other tests' mail)
    for r in rules:
        run(stack, "rule", "delete", r, actor=ADMIN)
    stack.sql(f"UPDATE mails SET state = 'dead', last_error = 'test_automation_exactly_once: not sent'"
              f" WHERE state = 'pending' AND to_addr = '{pm_email}'")


def test_the_events_were_made(stack, load):
    d = load["driver"]
    assert d.get("rc") == "0" and d.get("events") == str(EVENTS), (d, load["driver_stderr"])
    assert one(stack, "SELECT COUNT(*) FROM outbox WHERE type = 'task.completed'"
                      f" AND project_id = {load['pid']}") == EVENTS


def test_the_worker_was_killed_and_replaced_each_time(stack, load):
    killed = load["killed"]
    assert len(killed) == KILLS and len(set(killed)) == KILLS, killed
    assert load["last_worker"] not in killed
    assert the_worker(stack) == load["last_worker"], "the last worker forked has not stayed up"
    log = stack.log()
    for p in killed:
        assert f"outbox worker {p} ended" in log, p
    # each kill hit a worker at work: it had finished runs in its life, and runs were queued
    lives = load["lives"]
    print(f"\nexactly-once: {EVENTS} events x {len(load['rules'])} rules; {KILLS} SIGKILLs in"
          f" {load['kills_s']:.1f} s; lives (s, runs done at birth, at the kill, runs still to do): {lives};"
          f" the driver done after {load['events_s']:.1f} s, every run after {load['total_s']:.1f} s;"
          f" ids lost to rolled-back inserts: {load['lost_ids']}")
    assert all(at_kill > at_birth and queued > 0 for _, at_birth, at_kill, queued in lives), lives
    # and some kills fell inside a run's transaction: its inserts were rolled back (an
    # auto-increment id taken and never used)
    assert sum(load["lost_ids"].values()) > 0, load["lost_ids"]


def test_every_rule_event_pair_has_exactly_one_done_run(stack, load):
    ids, pid = load["ids"], load["pid"]
    assert stack.sql(f"SELECT rule_id, subject, COUNT(*) FROM rule_runs WHERE rule_id IN ({ids})"
                     " GROUP BY rule_id, subject HAVING COUNT(*) <> 1") == []
    assert stack.sql(f"SELECT state, COUNT(*) FROM rule_runs WHERE rule_id IN ({ids}) GROUP BY state") == \
        [("done", str(len(load["rules"]) * EVENTS))]
    # each pair of rule and event is there (none missing, none of another event)
    assert one(stack, f"SELECT COUNT(*) FROM outbox o JOIN rules r ON r.id IN ({ids})"
                      " LEFT JOIN rule_runs x ON x.rule_id = r.id AND x.event_id = o.id"
                      f" WHERE o.type = 'task.completed' AND o.project_id = {pid} AND x.id IS NULL") == 0
    # and every action of every run succeeded
    assert one(stack, f"SELECT COUNT(*) FROM rule_runs WHERE rule_id IN ({ids})"
                      " AND log LIKE '%\"ok\":false%'") == 0
    retried = stack.sql(f"SELECT COUNT(*), COALESCE(MAX(tries), 0) FROM rule_runs WHERE rule_id IN ({ids})"
                        " AND tries > 1")
    print(f"\nexactly-once: runs tried more than once after a failure (not a kill): {retried}")


def titles(stack, sql):
    """The rows' titles (strings) that belong to the test's rules."""
    return [r[0] for r in stack.sql(sql)]


def expected(load, kind, assigned=False):
    """The titles the rules of this kind should have made: one per rule and event."""
    out = []
    for k, acts in enumerate(RULES, 1):
        if any(a["kind"] == kind and (not assigned or a.get("who") == "pm") for a in acts):
            out += [f"{load['tag']} R{k}: {load['tag']}-E-{i:04d}" for i in range(1, EVENTS + 1)]
    return sorted(out)


def same(got, want):
    """got holds each title of want once: no duplicate, none missing, none else."""
    dup = sorted(t for t, n in Counter(got).items() if n > 1)
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    assert not dup and not missing and not extra and len(got) == len(want), \
        (f"{len(got)} rows for {len(want)}: {len(dup)} duplicated {dup[:3]}, {len(missing)} missing"
         f" {missing[:3]}, {len(extra)} unexpected {extra[:3]}")


def test_tasks_are_made_once(stack, load):
    got = titles(stack, f"SELECT title FROM tasks WHERE project_id = {load['pid']}"
                              f" AND title LIKE '{load['tag']} R%' ORDER BY title")
    assert len(expected(load, "create_task")) == n_of("create_task") * EVENTS
    same(got, expected(load, "create_task"))


def test_emails_are_queued_once(stack, load):
    got = titles(stack, f"SELECT subject FROM mails WHERE kind = 'automation'"
                              f" AND to_addr = '{load['pm_email']}' ORDER BY subject")
    assert len(expected(load, "send_email")) == n_of("send_email") * EVENTS
    same(got, expected(load, "send_email"))


def test_notes_are_written_once(stack, load):
    got = titles(stack, f"SELECT note FROM activity WHERE project_id = {load['pid']}"
                              " AND kind = 'automation_note' ORDER BY note")
    assert len(expected(load, "add_note")) == n_of("add_note") * EVENTS
    same(got, expected(load, "add_note"))
    # each signed by its rule
    assert one(stack, f"SELECT COUNT(*) FROM activity WHERE project_id = {load['pid']}"
                      " AND kind = 'automation_note' AND actor_label <> CONCAT('Automation: ',"
                      " SUBSTRING_INDEX(note, ':', 1))") == 0


def test_assignment_notices_are_mailed_once(stack, load):
    """A task assigned to the PM by a run notifies the PM in the run's transaction, and the
    notice is mailed (notify_mail_run, a transaction each) once though the worker was killed."""
    n = n_of("create_task", assigned=True) * EVENTS
    assert one(stack, f"SELECT COUNT(*) FROM notifications WHERE user_id = {load['pm']}"
                      " AND kind = 'task_assigned'") == n
    assert stack.sql(f"SELECT link, COUNT(*) FROM notifications WHERE user_id = {load['pm']}"
                     " GROUP BY link HAVING COUNT(*) <> 1") == []
    got = titles(stack, f"SELECT subject FROM mails WHERE kind = 'notice'"
                              f" AND to_addr = '{load['pm_email']}' ORDER BY subject")
    dup = sorted(t for t, k in Counter(got).items() if k > 1)
    assert len(got) == n and not dup, f"{len(got)} notice mails for {n} tasks; {len(dup)} duplicated {dup[:3]}"
