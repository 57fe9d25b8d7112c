"""The supervisor (fcgi/main.c, DESIGN.md section 3): a request worker that dies is
replaced, and SIGHUP re-forks every worker without dropping a request.

Only processes whose parent is this stack's own supervisor (the pid in
$VAR/run/tandem.pid, checked to run our binary) are ever signalled."""
import os
import re
import signal
import threading
import time

import pytest

from conftest import Client

LOAD_THREADS = 4
LOAD_PER_THREAD = 50   # 200 requests while a worker is killed


# ------------------------------------------------------------------ helpers

def supervisor(stack):
    pid = int((stack.var / "run/tandem.pid").read_text().split()[0])
    exe = os.path.realpath(f"/proc/{pid}/exe").removesuffix(" (deleted)")  # rebuilt meanwhile
    assert exe == os.path.realpath(stack.env["BIN"]), f"pid {pid} runs {exe}, not our tandem"
    return pid


def _stat(pid):
    """(state, ppid) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return rest[0], int(rest[1])


def _comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def workers(stack):
    """Pids of the live (not zombie) request workers of our supervisor (its
    other child, the outbox worker, names itself tandem-outbox)."""
    sup = supervisor(stack)
    kids = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = _stat(int(d))
            if st and st[1] == sup and st[0] not in ("Z", "X") and _comm(int(d)) != "tandem-outbox":
                kids.add(int(d))
    return kids


def signal_child(stack, pid, sig):
    """Signal pid only if it is, right now, a child of our supervisor."""
    st = _stat(pid)
    assert st and st[1] == supervisor(stack), f"{pid} is not a child of our supervisor"
    os.kill(pid, sig)


def wait_for(cond, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


def expected_workers(stack):
    return int(stack.env.get("WORKERS", "2"))


def stable_workers(stack):
    n = expected_workers(stack)
    kids = wait_for(lambda: (lambda k: k if len(k) == n else None)(workers(stack)), 15)
    assert kids and len(kids) == n, f"supervisor has {len(workers(stack))} workers, want {n}"
    return kids


def fetch(c):
    """One dashboard request (touches the session and the database): status or error."""
    try:
        r = c.get_xml("/")
        return r.status
    except Exception as e:  # a dropped connection is a failure, not a crash of the test
        return repr(e)


def clone(c):
    d = Client(c.stack)
    d.cookies = dict(c.cookies)
    d.role = c.role
    return d


@pytest.fixture(scope="module")
def user(stack):
    c = Client(stack)
    c.login("member@demo.test")
    return c


# ------------------------------------------------------- SIGKILL a worker

@pytest.fixture(scope="module")
def killed(stack, user):
    """Kill one request worker with SIGKILL while 200 requests are under way."""
    sup = supervisor(stack)
    before = stable_workers(stack)
    victim = min(before)
    results = []
    lock = threading.Lock()
    started = threading.Event()

    def load():
        c = clone(user)
        for i in range(LOAD_PER_THREAD):
            s = fetch(c)
            with lock:
                results.append(s)
                if len(results) >= 20:
                    started.set()

    threads = [threading.Thread(target=load, daemon=True) for _ in range(LOAD_THREADS)]
    for t in threads:
        t.start()
    assert started.wait(30), "the load did not get going"
    signal_child(stack, victim, signal.SIGKILL)
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "load threads hung"
    after = wait_for(lambda: (lambda k: k if len(k) == len(before) and victim not in k
                              else None)(workers(stack)), 15)
    return {"sup": sup, "before": before, "victim": victim, "after": after or workers(stack),
            "results": results}


def test_killed_worker_is_gone(stack, killed):
    assert _stat(killed["victim"]) is None or killed["victim"] not in workers(stack)


def test_killed_worker_is_replaced_with_a_new_pid(stack, killed):
    after = killed["after"]
    assert len(after) == len(killed["before"])
    assert killed["victim"] not in after
    assert len(after - killed["before"]) == 1


def test_other_worker_kept_running(stack, killed):
    survivors = killed["before"] - {killed["victim"]}
    assert survivors <= killed["after"]


def test_supervisor_survives_worker_death(stack, killed):
    assert supervisor(stack) == killed["sup"]


def test_load_ran_to_completion(stack, killed):
    assert len(killed["results"]) == LOAD_THREADS * LOAD_PER_THREAD


def test_only_the_request_in_hand_is_lost(stack, killed):
    """One worker serves one request at a time: killing it may lose that one, no more."""
    failed = [s for s in killed["results"] if s != 200]
    assert len(failed) <= 1, failed


def test_requests_succeed_after_a_worker_died(stack, killed, user):
    statuses = [fetch(user) for _ in range(50)]
    assert statuses == [200] * 50


def test_worker_death_is_logged(stack, killed):
    log = stack.log()
    assert re.search(rf"\b{killed['victim']}\b[^\n]*signal 9[^\n]*replac", log), log[-2000:]


# ------------------------------------------------------------- SIGHUP

@pytest.fixture(scope="module")
def hupped(stack, user):
    """SIGHUP the supervisor under light load; keep the load up until every worker
    is new, and a little longer."""
    sup = supervisor(stack)
    before = stable_workers(stack)
    n = len(before)
    results = []
    lock = threading.Lock()
    stop = threading.Event()

    def load():
        c = clone(user)
        while not stop.is_set():
            s = fetch(c)
            with lock:
                results.append(s)

    threads = [threading.Thread(target=load, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    with lock:
        before_hup = len(results)
    os.kill(sup, signal.SIGHUP)  # supervisor() checked it is our tandem
    t0 = time.monotonic()
    after = wait_for(lambda: (lambda k: k if len(k) == n and not (k & before) else None)(
        workers(stack)), 15)
    elapsed = time.monotonic() - t0
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "load threads hung"
    return {"sup": sup, "before": before, "after": after or workers(stack), "n": n,
            "results": results, "before_hup": before_hup, "elapsed": elapsed}


def test_sighup_replaces_every_worker(stack, hupped):
    assert not (hupped["after"] & hupped["before"])


def test_sighup_keeps_the_worker_count(stack, hupped):
    assert len(hupped["after"]) == hupped["n"]


def test_sighup_reforks_within_seconds(stack, hupped):
    assert hupped["elapsed"] < 5


def test_sighup_keeps_the_supervisor(stack, hupped):
    assert supervisor(stack) == hupped["sup"]


def test_sighup_drops_no_request(stack, hupped):
    results = hupped["results"]
    assert len(results) > hupped["before_hup"] + 10, "too little load during the re-fork"
    failed = [(i, s) for i, s in enumerate(results) if s != 200]
    assert failed == [], f"{len(failed)} of {len(results)} requests failed: {failed[:10]}"


def test_requests_succeed_after_sighup(stack, hupped, user):
    statuses = [fetch(user) for _ in range(50)]
    assert statuses == [200] * 50


def test_sighup_is_logged(stack, hupped):
    assert re.search(r"re-?fork", stack.log(), re.I)


def test_old_workers_exit_after_sighup(stack, hupped):
    """Retired workers finish and are reaped: none is left running or a zombie."""
    gone = wait_for(lambda: all(_stat(p) is None or _stat(p)[1] != hupped["sup"]
                                for p in hupped["before"]), 10)
    assert gone
