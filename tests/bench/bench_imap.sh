#!/usr/bin/env bash
# tests/bench/bench_imap.sh - mail in (issue 14), called by bench.sh on its running stack (VAR
# exported; the stack started with IMAP=1: its private Dovecot, the mailbox settings pointing at
# it, polled once an hour until this step):
#   1. 500 typical small replies (a quoted Gmail-style history and a signature, text and HTML,
#      about 3 KB each) APPENDed over IMAP into a folder of their own, which the worker does not
#      read yet;
#   2. the mailbox settings switched to that folder, polled every second: the outbox worker
#      reads them in batches of 50 (size, fetch, one transaction per batch, move to the done
#      folder) until all 500 are rows of inbound_mails;
#   3. stored messages per second from the first batch seen to the last (the wait for the
#      worker's next look at the settings left out), and the whole time with it;
#   4. ingested messages per second: the replies carry the reply address of a client-visible
#      thread of an Acme project, issued to client@acme.test (a reply_tokens row written here),
#      so the worker parses each (GMime), strips the quote and signature and posts it in the
#      thread, notifying as for an app message: from the first stored to the last posted
#      (target >= 100/s).
# Exit 1 when something did not work (not when a target is missed).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
: "${VAR:?}"
N=${BENCH_IMAP_MESSAGES:-500}
MIN_PER_S=100
say() { printf 'bench-imap: %s\n' "$*"; }
die() { printf 'bench-imap: error: %s\n' "$*" >&2; exit 1; }
sql() {
    local user=root
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    mariadb --no-defaults --socket="$VAR/run/mysql.sock" -u "$user" --batch --skip-column-names tandem "$@"
}
setting() { sql -e "SELECT value FROM settings WHERE name = '$1'"; }

IMAP_PORT=$(setting imap_port)
IMAP_USER=$(setting imap_user)
IMAP_PASSWORD=$(setting imap_password)
[ -n "$IMAP_PORT" ] && [ -n "$IMAP_PASSWORD" ] || die "the stack has no mailbox (start it with IMAP=1)"
FOLDER="Bench-$$-$RANDOM"
TAG="bench$$x$RANDOM"

restore() {
    sql -e "UPDATE settings SET value = 'INBOX' WHERE name = 'imap_folder';
            UPDATE settings SET value = '3600' WHERE name = 'imap_interval_s'" || true
}
trap restore EXIT

# ------------------------------------------------------------ 0. a thread to reply to

CONTACT=$(sql -e "SELECT id FROM users WHERE email = 'client@acme.test'")
PROJECT=$(sql -e "SELECT p.id FROM projects p JOIN users u ON u.client_id = p.client_id WHERE u.id = $CONTACT
                  AND p.stage <> 'closure' ORDER BY p.id LIMIT 1")
[ -n "$CONTACT" ] && [ -n "$PROJECT" ] || die "no Acme contact or project in the demo data"
TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
THREAD=$(sql -e "INSERT INTO message_threads (project_id, subject, internal, created_by, created_at, last_message_at)
                 VALUES ($PROJECT, 'Mail-in bench', 0, 2, UTC_TIMESTAMP(), UTC_TIMESTAMP());
                 SELECT LAST_INSERT_ID()")
sql -e "INSERT INTO reply_tokens (token, thread_id, user_id, address, created_at)
        VALUES ('$TOKEN', $THREAD, $CONTACT, 'client@acme.test', UTC_TIMESTAMP())" || die "could not write the token"
BOX=$(setting imap_address)
REPLY_TO="${BOX%@*}+r$TOKEN@${BOX#*@}"

# ------------------------------------------------------------ 1. the replies, appended

t_append=$(date +%s.%N)
IMAP_PORT=$IMAP_PORT IMAP_USER=$IMAP_USER IMAP_PASSWORD=$IMAP_PASSWORD FOLDER=$FOLDER TAG=$TAG N=$N REPLY_TO=$REPLY_TO \
    python3 - <<'EOF' || die "could not APPEND the replies"
import imaplib, os
n, tag, folder = int(os.environ["N"]), os.environ["TAG"], os.environ["FOLDER"]
quote = "".join(f"> Line {k} of what the PM wrote: the milestone moves to Friday, the mockups follow.\r\n"
                for k in range(12))
m = imaplib.IMAP4("127.0.0.1", int(os.environ["IMAP_PORT"]), timeout=30)
m.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
assert m.create(f'"{folder}"')[0] == "OK"
for i in range(n):
    text = (f"Thanks, that works for us. We will send the copy for page {i} by Thursday.\r\n\r\n"
            f"Best,\r\nAlex\r\n--\r\nAlex Client | Acme Corp | +1 555 0100\r\n\r\n"
            f"On Mon, 7 Dec 2026 at 10:{i % 60:02d}, Priya PM <projects@agency.test> wrote:\r\n{quote}")
    html = ("<div dir=\"ltr\">Thanks, that works for us. We will send the copy by Thursday.<br><br>"
            "Best,<br>Alex</div><blockquote class=\"gmail_quote\">" + quote.replace("\r\n", "<br>") + "</blockquote>")
    raw = (f"From: Acme Contact <client@acme.test>\r\nTo: {os.environ['REPLY_TO']}\r\n"
           f"Subject: Re: [ACME-WEB] Homepage copy {i}\r\nDate: Tue, 8 Dec 2026 09:00:00 +0000\r\n"
           f"Message-ID: <{tag}-{i}@mail.acme.test>\r\nMIME-Version: 1.0\r\n"
           f"Content-Type: multipart/alternative; boundary=\"b{i}\"\r\n\r\n"
           f"--b{i}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{text}\r\n"
           f"--b{i}\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n{html}\r\n--b{i}--\r\n").encode()
    typ, data = m.append(f'"{folder}"', None, None, raw)
    assert typ == "OK", data
m.logout()
EOF
t_appended=$(date +%s.%N)
say "$N replies APPENDed to \"$FOLDER\" in $(awk -v a="$t_append" -v b="$t_appended" 'BEGIN { printf "%.2f", b - a }') s"

# ------------------------------------------------------------ 2. read by the worker

count() { sql -e "SELECT COUNT(*) FROM inbound_mails WHERE raw LIKE '%<$TAG-%'"; }
before_rows=$(sql -e "SELECT COUNT(*) FROM inbound_mails")
t0=$(date +%s.%N)
sql -e "UPDATE settings SET value = '$FOLDER' WHERE name = 'imap_folder';
        UPDATE settings SET value = '1' WHERE name = 'imap_interval_s'" || die "could not switch the folder"
t1="" n1=0 n=0
for ((i = 0; i < 6000; i++)); do   # 120 s at most
    n=$(count)
    if [ -z "$t1" ] && [ "$n" -gt 0 ]; then
        t1=$(date +%s.%N)
        n1=$n
    fi
    [ "$n" -lt "$N" ] || break
    sleep 0.02
done
t2=$(date +%s.%N)
[ "$n" -eq "$N" ] || die "only $n of $N replies were stored within 120 s"
after_rows=$(sql -e "SELECT COUNT(*) FROM inbound_mails")
[ $((after_rows - before_rows)) -eq "$N" ] || die "$((after_rows - before_rows)) rows for $N replies"
left=$(IMAP_PORT=$IMAP_PORT IMAP_USER=$IMAP_USER IMAP_PASSWORD=$IMAP_PASSWORD FOLDER=$FOLDER python3 -c '
import imaplib, os
m = imaplib.IMAP4("127.0.0.1", int(os.environ["IMAP_PORT"]), timeout=30)
m.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
typ, data = m.select(chr(34) + os.environ["FOLDER"] + chr(34))
print(data[0].decode())
m.logout()') || left="?"

# ------------------------------------------------------------ 3. the figure

read -r rate whole verdict < <(awk -v n="$N" -v n1="$n1" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v min="$MIN_PER_S" 'BEGIN {
    r = (t2 > t1 && n > n1) ? (n - n1) / (t2 - t1) : 0
    printf "%.0f %.2f %s\n", r, t2 - t0, (r >= min ? "PASS" : "MISS") }')
# ------------------------------------------------------------ 4. taken: parsed and posted

taken() { sql -e "SELECT COUNT(*) FROM inbound_mails WHERE raw LIKE '%<$TAG-%' AND state <> 'new'"; }
for ((i = 0; i < 6000; i++)); do   # 120 s at most
    k=$(taken)
    [ "$k" -lt "$N" ] || break
    sleep 0.02
done
[ "$k" -eq "$N" ] || die "only $k of $N replies were taken within 120 s"
posted=$(sql -e "SELECT COUNT(*) FROM inbound_mails WHERE raw LIKE '%<$TAG-%' AND state = 'posted'")
in_thread=$(sql -e "SELECT COUNT(*) FROM messages WHERE thread_id = $THREAD AND via_email = 1
                    AND body LIKE 'Thanks, that works for us.%' AND body NOT LIKE '%wrote:%'")
[ "$posted" -eq "$N" ] && [ "$in_thread" -eq "$N" ] ||
    die "$posted of $N replies posted, $in_thread in the thread without their quote"
span=$(sql -e "SET time_zone = '+00:00'; SELECT UNIX_TIMESTAMP(MAX(processed_at)) - UNIX_TIMESTAMP(MIN(received_at))
               FROM inbound_mails WHERE raw LIKE '%<$TAG-%'")
read -r irate iverdict < <(awk -v n="$N" -v s="$span" -v min="$MIN_PER_S" 'BEGIN {
    r = s > 0 ? n / s : 0; printf "%.0f %s\n", r, (r >= min ? "PASS" : "MISS") }')

say "fetch+store: $verdict  $rate messages/s (first batch seen to the last of $N; target >= $MIN_PER_S/s);" \
    "$whole s from the switch to the folder, the worker's next look at the settings included;" \
    "$left left in the folder (moved to the done folder)"
say "ingested: $iverdict  $irate messages/s ($N replies from the first stored to the last posted, parsed, stripped and posted in their thread; target >= $MIN_PER_S/s)"
echo
printf 'mail in (%s typical replies over IMAP):\n' "$N"
printf '  %-10s %s\n' stored "$verdict  $rate messages/s" ingested "$iverdict  $irate messages/s (target >= $MIN_PER_S/s)"
