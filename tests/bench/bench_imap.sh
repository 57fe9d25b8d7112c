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
#      worker's next look at the settings left out), and the whole time with it. Parsing and
#      posting them (the replies side) is not in this figure.
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

# ------------------------------------------------------------ 1. the replies, appended

t_append=$(date +%s.%N)
IMAP_PORT=$IMAP_PORT IMAP_USER=$IMAP_USER IMAP_PASSWORD=$IMAP_PASSWORD FOLDER=$FOLDER TAG=$TAG N=$N \
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
    raw = (f"From: Alex Client <alex@acme.test>\r\nTo: projects+rtoken{i}@agency.test\r\n"
           f"Subject: Re: [ACME-WEB] Homepage copy {i}\r\nDate: Tue, 8 Dec 2026 09:00:00 +0000\r\n"
           f"Message-ID: <{tag}-{i}@mail.acme.test>\r\nIn-Reply-To: <rtoken{i}.x@agency.test>\r\n"
           f"References: <rtoken{i}.x@agency.test>\r\nMIME-Version: 1.0\r\n"
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
say "fetch+store: $verdict  $rate messages/s (first batch seen to the last of $N; target >= $MIN_PER_S/s);" \
    "$whole s from the switch to the folder, the worker's next look at the settings included;" \
    "$left left in the folder (moved to the done folder)"
