"""Issue 14, mail in: the outbox worker reads the agency's mailbox over IMAP (libcurl) from the
test stack's real Dovecot (nginx/stack.sh, IMAP=1: 127.0.0.1, no TLS, polled every second).

Messages are put in with IMAP APPEND from this process (imaplib), and the tests wait (bounded)
for the worker: every message becomes one inbound_mails row with its exact bytes under the
folder's (UIDVALIDITY, UID), the cursor (settings imap_uidvalidity, imap_last_uid) moves on, and
the message leaves the folder for the done folder. A message over the upload limit is stored
refused (state 'inbox', the reason, no raw) without being fetched; a new UIDVALIDITY (the folder
made again) is read from UID 1; a wrong password stores nothing and is logged while the worker
keeps running; and with the worker SIGKILLed again and again while 500 messages wait, each is
stored exactly once and none is lost.

Only this stack's outbox worker (a child of the supervisor in $VAR/run/tandem.pid running our
binary) is ever signalled."""
import imaplib
import os
import random
import re
import signal
import time

import pytest

from conftest import IMAP_PASSWORD, IMAP_USER, MAX_UPLOAD, unique
from fakes import outbox_worker_pids, set_setting, wait_for

DONE = "Tandem/Done"


# ------------------------------------------------------------ helpers

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
    """SIGKILL pid, after checking that it is a child of our own supervisor."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    assert int(rest[1]) == supervisor(stack), f"{pid} is not a child of our supervisor"
    os.kill(pid, signal.SIGKILL)


def connect(stack):
    m = imaplib.IMAP4("127.0.0.1", stack.imap_port, timeout=30)
    m.login(IMAP_USER, IMAP_PASSWORD)
    return m


def message(tag, i, body=None, extra=b"", frm="Alex Client <alex@client.test>", to="projects@agency.test"):
    """An e-mail as a client would send it (CRLF lines), with a Message-ID of its own."""
    body = body if body is not None else f"Hello, this is reply {i} of {tag}.\r\n\r\nThanks,\r\nAlex\r\n".encode()
    return (f"From: {frm}\r\nTo: {to}\r\n"
            f"Subject: Re: [{tag}] message {i}\r\nDate: Tue, 08 Dec 2026 01:00:00 +0000\r\n"
            f"Message-ID: <{tag}-{i}@client.test>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n").encode() + extra + b"\r\n" + body


def append(stack, folder, msgs):
    """APPEND each message to folder; (UIDVALIDITY, [UIDs]) from the APPENDUID answers."""
    m = connect(stack)
    try:
        uids, validity = [], None
        for raw in msgs:
            typ, data = m.append(f'"{folder}"', None, None, raw)
            assert typ == "OK", data
            v, u = re.search(rb"APPENDUID (\d+) (\d+)", data[-1]).groups()
            validity = int(v)
            uids.append(int(u))
        return validity, uids
    finally:
        m.logout()


def in_folder(stack, folder, tag):
    """UIDs of the messages of folder whose Message-ID carries tag."""
    m = connect(stack)
    try:
        typ, _ = m.select(f'"{folder}"', readonly=True)
        if typ != "OK":
            return []
        typ, data = m.uid("SEARCH", None, "HEADER", "Message-ID", tag)
        assert typ == "OK", data
        return [int(x) for x in data[0].split()]
    finally:
        m.logout()


def rows(stack, tag):
    """(id, uidvalidity, uid, size, state, reason or '', raw bytes) of the rows of tag's messages."""
    out = []
    for r in stack.sql("SELECT id, uidvalidity, uid, size, state, COALESCE(reason, ''), HEX(raw)"
                       f" FROM inbound_mails WHERE raw LIKE '%<{tag}-%' ORDER BY id"):
        out.append((int(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4], r[5], bytes.fromhex(r[6])))
    return out


def count(stack, tag):
    return int(stack.scalar(f"SELECT COUNT(*) FROM inbound_mails WHERE raw LIKE '%<{tag}-%'"))


def cursor(stack):
    s = dict(stack.sql("SELECT name, value FROM settings WHERE name IN ('imap_uidvalidity', 'imap_last_uid')"))
    return int(s.get("imap_uidvalidity") or 0), int(s.get("imap_last_uid") or 0)


@pytest.fixture(scope="module")
def mailbox(stack):
    """The stack's mailbox settings as they were, put back after the module."""
    before = dict(stack.sql("SELECT name, value FROM settings WHERE name LIKE 'imap%'"))
    yield before
    for k in ("imap_folder", "imap_done_folder", "imap_password", "imap_interval_s"):
        set_setting(stack, k, before[k])


# ------------------------------------------------------------ a few messages

@pytest.fixture(scope="module")
def three(stack, mailbox):
    """Three replies (one with 8-bit bytes, one with a long header) appended to INBOX, stored."""
    tag = unique("imap")
    msgs = [message(tag, 1),
            message(tag, 2, body="Grüße aus Köln: das Angebot passt.\r\n".encode("utf-8")),
            message(tag, 3, body=b"Caf\xe9 cr\xe8me, Latin-1 bytes as sent.\r\n",
                    extra=b"X-Long: " + b"a" * 900 + b"\r\n")]
    validity, uids = append(stack, "INBOX", msgs)
    wait_for(lambda: count(stack, tag) == 3, 30, step=0.2, what="the three messages stored")
    return {"tag": tag, "msgs": msgs, "validity": validity, "uids": uids}


def test_each_message_is_stored_once_with_its_exact_bytes(stack, three):
    got = rows(stack, three["tag"])
    assert len(got) == 3, got
    by_uid = {r[2]: r for r in got}
    assert sorted(by_uid) == sorted(three["uids"])
    for raw, uid in zip(three["msgs"], three["uids"]):
        _, validity, _, size, state, reason, stored = by_uid[uid]
        assert validity == three["validity"]
        assert stored == raw, (uid, stored[:200], raw[:200])
        assert size == len(raw)
        # stored with no reason; taken at once after (inbound_run), the reason is its decision's
        assert reason == "" or state != "new"
        # 'new' until the replies side handles it (then it says when)
        assert state == "new" or stack.scalar(
            f"SELECT processed_at IS NOT NULL FROM inbound_mails WHERE uidvalidity = {validity} AND uid = {uid}") == "1"


def test_the_cursor_moves_on_with_the_batch(stack, three):
    validity, last = cursor(stack)
    assert validity == three["validity"]
    assert last >= max(three["uids"])


def test_stored_messages_leave_the_folder_for_the_done_folder(stack, three):
    wait_for(lambda: not in_folder(stack, "INBOX", three["tag"]), 10, step=0.2,
             what="the messages gone from INBOX")
    assert len(in_folder(stack, DONE, three["tag"])) == 3


def test_a_message_over_the_upload_limit_is_refused_without_its_bytes(stack, mailbox):
    tag = unique("big")
    line = b"x" * 78 + b"\r\n"
    body = line * (MAX_UPLOAD // len(line) + 500)
    big = message(tag, 1, body=body)
    small = message(tag, 2)
    assert len(big) > MAX_UPLOAD
    validity, (uid_big, uid_small) = append(stack, "INBOX", [big, small])

    def stored():
        return stack.sql(f"SELECT uid, size, state, reason, raw IS NULL FROM inbound_mails"
                         f" WHERE uidvalidity = {validity} AND uid IN ({uid_big}, {uid_small}) ORDER BY uid")
    got = wait_for(lambda: (lambda r: r if len(r) == 2 else None)(stored()), 30, step=0.2,
                   what="both messages stored")
    assert got[0] == (str(uid_big), str(len(big)), "inbox",
                      f"too large: {len(big)} bytes (limit {MAX_UPLOAD})", "1")
    # the small one after it is stored whole, in the same batch or the next
    assert got[1][0] == str(uid_small) and got[1][4] == "0"
    assert got[1][3] == "NULL" or got[1][2] != "new"      # no reason until it is taken
    assert count(stack, tag) == 1
    # the refused one is kept in the done folder, where people can read it
    wait_for(lambda: len(in_folder(stack, DONE, tag)) == 2, 10, step=0.2, what="both moved")
    assert in_folder(stack, "INBOX", tag) == []


def test_a_new_uidvalidity_is_read_from_uid_one(stack, mailbox):
    tag = unique("valid")
    folder = f"Validity-{tag}"
    m = connect(stack)
    assert m.create(f'"{folder}"')[0] == "OK"
    m.logout()
    v1, uids1 = append(stack, folder, [message(tag, 1), message(tag, 2)])
    try:
        set_setting(stack, "imap_folder", folder)
        wait_for(lambda: count(stack, tag) == 2, 30, step=0.2, what="the first two stored")
        assert cursor(stack) == (v1, max(uids1))
        # the folder made again: a new UIDVALIDITY, and its UIDs start again at 1
        wait_for(lambda: not in_folder(stack, folder, tag), 10, step=0.2, what="the first two moved")
        m = connect(stack)
        assert m.delete(f'"{folder}"')[0] == "OK"
        assert m.create(f'"{folder}"')[0] == "OK"
        m.logout()
        v2, uids2 = append(stack, folder, [message(tag, 3), message(tag, 4)])
        assert v2 != v1 and uids2 == uids1 == [1, 2]
        wait_for(lambda: count(stack, tag) == 4, 30, step=0.2, what="the next two stored")
    finally:
        set_setting(stack, "imap_folder", "INBOX")
    got = sorted((r[1], r[2], r[6]) for r in rows(stack, tag))
    assert [(v, u) for v, u, _ in got] == sorted([(v1, 1), (v1, 2), (v2, 1), (v2, 2)])
    assert {raw.split(b"Message-ID: <")[1].split(b">")[0] for _, _, raw in got} == \
        {f"{tag}-{i}@client.test".encode() for i in (1, 2, 3, 4)}


def test_a_wrong_password_stores_nothing_logs_and_the_worker_keeps_going(stack, mailbox):
    tag = unique("pw")
    worker = the_worker(stack)
    assert worker
    log_at = len(stack.log())
    set_setting(stack, "imap_password", "not-the-password")
    try:
        append(stack, "INBOX", [message(tag, 1)])
        wait_for(lambda: "imap: tandem@127.0.0.1" in stack.log()[log_at:], 20, step=0.2,
                 what="the failure logged")
        time.sleep(2.5)  # more polls, each refused
        assert count(stack, tag) == 0
        assert in_folder(stack, "INBOX", tag)
        line = [x for x in stack.log()[log_at:].splitlines() if "imap: tandem@127.0.0.1" in x][0]
        assert "not-the-password" not in stack.log()
        assert re.search(r"(?i)login|auth", line), line
        assert the_worker(stack) == worker, "the worker ended"
    finally:
        set_setting(stack, "imap_password", mailbox["imap_password"])
    # the right password again: the message comes in
    wait_for(lambda: count(stack, tag) == 1, 30, step=0.2, what="the message stored after the fix")
    assert the_worker(stack) == worker
    assert "read again" in stack.log()[log_at:]


def test_a_message_read_again_is_not_stored_twice_and_is_moved_later(stack, mailbox):
    """What a reader stopped between the commit and the move leaves behind, made on purpose: a
    done folder the server refuses ("a//b" is no name with the separator '/') keeps the stored
    messages in INBOX. With the cursor put back to 0 (as if it were lost) they are read again,
    and the unique key (UIDVALIDITY, UID) stores nothing twice; with a good done folder again,
    the next poll moves them (they are at or below the cursor) without storing them again."""
    tag = unique("again")
    log_at = len(stack.log())
    set_setting(stack, "imap_done_folder", "Stuck//Here")
    try:
        validity, uids = append(stack, "INBOX", [message(tag, 1), message(tag, 2)])
        wait_for(lambda: count(stack, tag) == 2, 30, step=0.2, what="both stored")
        wait_for(lambda: "not moved to \"Stuck//Here\"" in stack.log()[log_at:], 20, step=0.2,
                 what="the failed move logged")
        assert sorted(in_folder(stack, "INBOX", tag)) == uids      # still there
        ids = [r[0] for r in rows(stack, tag)]
        # the cursor lost: the same two are read again, and dropped by the unique key
        read_again_at = len(stack.log())
        set_setting(stack, "imap_last_uid", "0")
        wait_for(lambda: re.search(r'imap: 2 messages read from "INBOX" \(0 new\)', stack.log()[read_again_at:]),
                 20, step=0.2, what="the two read again")
        assert cursor(stack) == (validity, max(uids))
        assert [r[0] for r in rows(stack, tag)] == ids
    finally:
        set_setting(stack, "imap_done_folder", mailbox["imap_done_folder"])
    # a done folder that works: the next poll moves them, and stores nothing
    wait_for(lambda: not in_folder(stack, "INBOX", tag), 20, step=0.2, what="the two moved")
    assert sorted(in_folder(stack, DONE, tag)) and len(in_folder(stack, DONE, tag)) == 2
    assert "2 messages stored before moved to \"Tandem/Done\"" in stack.log()[log_at:]
    assert [r[0] for r in rows(stack, tag)] == ids


def test_a_folder_that_is_not_there_is_a_logged_failure(stack, mailbox):
    log_at = len(stack.log())
    worker = the_worker(stack)
    set_setting(stack, "imap_folder", "No-Such-Folder")
    try:
        wait_for(lambda: 'No-Such-Folder' in stack.log()[log_at:], 20, step=0.2, what="the failure logged")
    finally:
        set_setting(stack, "imap_folder", "INBOX")
    assert the_worker(stack) == worker


# ------------------------------------------------------------ exactly once, under SIGKILL

TOTAL = 500
KILLS = 8


@pytest.fixture(scope="module")
def killed(stack, mailbox):
    """500 replies waiting in a folder of their own, read and posted while the worker is
    SIGKILLed again and again: in each life, 0-0.15 s after it has stored a batch or posted some
    (so every kill hits a worker at work: fetching, in a transaction, between the commit and the
    move, or posting); then every one stored and posted."""
    tag = unique("eo")
    folder = f"EO-{tag}"
    m = connect(stack)
    assert m.create(f'"{folder}"')[0] == "OK"
    m.logout()
    # replies of the Acme contact to a client-visible thread, through the reply address issued to
    # them (as a notification e-mail carries it): each is to be posted in the thread once
    contact = int(stack.scalar("SELECT id FROM users WHERE email = 'client@acme.test'"))
    project = int(stack.scalar("SELECT p.id FROM projects p JOIN users u ON u.client_id = p.client_id"
                               f" WHERE u.id = {contact} AND p.stage <> 'closure' ORDER BY p.id LIMIT 1"))
    thread = int(stack.sql("INSERT INTO message_threads (project_id, subject, internal, created_by, created_at,"
                           f" last_message_at) VALUES ({project}, '{tag}', 0, 2, UTC_TIMESTAMP(), UTC_TIMESTAMP());"
                           " SELECT LAST_INSERT_ID()")[0][0])
    token = os.urandom(16).hex()
    stack.sql("INSERT INTO reply_tokens (token, thread_id, user_id, address, created_at)"
              f" VALUES ('{token}', {thread}, {contact}, 'client@acme.test', UTC_TIMESTAMP())")
    box = stack.scalar("SELECT value FROM settings WHERE name = 'imap_address'")
    local, domain = box.split("@")
    msgs = [message(tag, i, body=f"Reply {i}: fine by us.\r\n".encode(), frm="Acme Contact <client@acme.test>",
                    to=f"{local}+r{token}@{domain}") for i in range(TOTAL)]
    validity, uids = append(stack, folder, msgs)
    x = {"tag": tag, "folder": folder, "validity": validity, "uids": uids, "killed": [], "at_kill": [],
         "log_at": len(stack.log()), "thread": thread}
    pid = the_worker(stack)
    assert pid
    set_setting(stack, "imap_folder", folder)  # the worker starts on them now
    try:
        # a worker's life ends once it has done something: stored a batch, or taken (posted)
        # some; the kills go on until every message is posted
        def progress():
            return tuple(int(v) for v in stack.sql(
                "SELECT COUNT(*), COALESCE(SUM(state <> 'new'), 0) FROM inbound_mails"
                f" WHERE raw LIKE '%<{tag}-%'")[0])
        for _ in range(KILLS):
            born, at_birth = time.monotonic(), progress()
            while progress() == at_birth and time.monotonic() - born < 20:
                time.sleep(0.02)
            time.sleep(random.uniform(0, 0.15))
            n, taken = progress()
            if taken >= TOTAL:
                break
            kill_worker(stack, pid)
            x["killed"].append(pid)
            x["at_kill"].append(n)
            pid = wait_for(lambda: (lambda p: p if p and p not in x["killed"] else None)(the_worker(stack)),
                           15, what="a new outbox worker after the SIGKILL")
        wait_for(lambda: count(stack, tag) >= TOTAL, 120, step=0.3, what="all 500 stored")
        wait_for(lambda: not in_folder(stack, folder, tag), 30, step=0.3, what="the folder emptied")
        wait_for(lambda: stack.scalar("SELECT COUNT(*) FROM inbound_mails WHERE state = 'new'"
                                      f" AND raw LIKE '%<{tag}-%'") == "0", 120, step=0.3, what="all 500 taken")
    finally:
        set_setting(stack, "imap_folder", "INBOX")
    x["last"] = pid
    return x


def test_the_worker_was_killed_while_it_read(stack, killed):
    assert len(killed["killed"]) >= 3, killed
    for p in killed["killed"]:
        assert f"outbox worker {p} ended" in stack.log(), p
    # kills fell while messages were being stored: some before the first, some in the middle
    assert any(0 < n < TOTAL for n in killed["at_kill"]), killed["at_kill"]
    assert the_worker(stack) == killed["last"]
    log = stack.log()[killed["log_at"]:]
    print(f"\nimap exactly-once: {TOTAL} messages, {len(killed['killed'])} SIGKILLs,"
          f" stored at each kill: {killed['at_kill']}; polls that moved messages a killed worker had"
          f" stored but not moved: {len(re.findall(r'stored before moved', log))}")


def test_each_message_is_stored_exactly_once_and_none_is_lost(stack, killed):
    tag = killed["tag"]
    ids = [r[0] for r in stack.sql(
        "SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(CAST(raw AS CHAR), 'Message-ID: <', -1), '>', 1)"
        f" FROM inbound_mails WHERE raw LIKE '%<{tag}-%'")]
    want = {f"{tag}-{i}@client.test" for i in range(TOTAL)}
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup and set(ids) == want and len(ids) == TOTAL, \
        (len(ids), sorted(dup)[:3], sorted(want - set(ids))[:3], sorted(set(ids) - want)[:3])
    # one row per (UIDVALIDITY, UID) the server gave, and nothing else
    got = sorted((int(v), int(u)) for v, u in stack.sql(
        f"SELECT uidvalidity, uid FROM inbound_mails WHERE raw LIKE '%<{tag}-%'"))
    assert got == sorted((killed["validity"], u) for u in killed["uids"])


def test_each_message_is_in_the_done_folder_once(stack, killed):
    done = in_folder(stack, DONE, killed["tag"])
    assert len(done) == TOTAL and len(set(done)) == TOTAL
    assert in_folder(stack, killed["folder"], killed["tag"]) == []


def test_each_message_is_posted_in_its_thread_exactly_once(stack, killed):
    states = stack.sql(f"SELECT state, COUNT(*) FROM inbound_mails WHERE raw LIKE '%<{killed['tag']}-%' GROUP BY state")
    assert states == [("posted", str(TOTAL))], states
    bodies = [b for (b,) in stack.sql(f"SELECT body FROM messages WHERE thread_id = {killed['thread']} AND via_email = 1")]
    assert sorted(bodies) == sorted(f"Reply {i}: fine by us." for i in range(TOTAL))
