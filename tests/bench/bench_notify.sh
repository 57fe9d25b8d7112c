#!/usr/bin/env bash
# tests/bench/bench_notify.sh - the notifications page at scale (issue 12), called by bench.sh on
# its running stack (VAR, PORT, TIMING_LOG exported; SESSION = pm@demo.test's session):
#   1. 10,000 notifications for pm@demo.test, in one INSERT ... SELECT over MariaDB's sequence
#      engine (as notify() writes them: a third read, the unread count kept on the user's row);
#   2. the plan of the page's query: keyset on notifications_user (user_id, id), walked backwards;
#   3. wrk (2 connections, one per worker) on the first page and on a page deep in the list
#      (?before=ID: the same cost by keyset), worker times from TIMING_LOG (target: median <= 3 ms).
# Exit 1 when something did not work (not when a target is missed).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
: "${VAR:?} ${PORT:?} ${TIMING_LOG:?} ${SESSION:?}"
DURATION=${BENCH_DURATION:-10}
BASE=http://127.0.0.1:$PORT
COOKIE="Cookie: tandem_session=$SESSION"
N=10000
MAX_MS=3
say() { printf 'bench-notify: %s\n' "$*"; }
die() { printf 'bench-notify: error: %s\n' "$*" >&2; exit 1; }
sql() {
    local user=root
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    mariadb --no-defaults --socket="$VAR/run/mysql.sock" -u "$user" --batch --skip-column-names tandem "$@"
}

UID_PM=$(sql -e "SELECT id FROM users WHERE email = 'pm@demo.test'")
t0=$(date +%s.%N)
sql -e "INSERT INTO notifications (user_id, kind, client_id, project_id, actor_id, link, text, mail, created_at, read_at)
        SELECT $UID_PM, ELT(1 + seq % 4, 'decision', 'client_message', 'approval_overdue', 'week_submitted'), 1,
               1 + seq % 3, 7, CONCAT('/projects/', 1 + seq % 3),
               CONCAT('Jordan Reyes asked for changes on “Homepage draft v', seq, '”: the hero image is too dark'),
               'sent', UTC_TIMESTAMP() - INTERVAL ($N - seq) MINUTE, IF(seq % 3 = 0, UTC_TIMESTAMP(), NULL)
        FROM seq_1_to_$N;
        UPDATE users SET unread_notifications = (SELECT COUNT(*) FROM notifications
          WHERE user_id = $UID_PM AND read_at IS NULL) WHERE id = $UID_PM" || die "the generator failed"
t1=$(date +%s.%N)
n=$(sql -e "SELECT COUNT(*) FROM notifications WHERE user_id = $UID_PM")
[ "$n" -ge "$N" ] || die "pm@demo.test has $n notifications, not $N"
say "generated $N notifications for pm@demo.test in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s ($n in all, $(sql -e "SELECT unread_notifications FROM users WHERE id = $UID_PM") unread)"

# the page's query (ST_NOTIFY_PAGE, src/core/sql/notify.def) run for a page deep in the list:
# the index it takes and the rows it reads (ANALYZE: the real count, not an estimate)
MID=$(sql -e "SELECT id FROM notifications WHERE user_id = $UID_PM ORDER BY id LIMIT 1 OFFSET $((N / 2))")
plan=$(sql -e "ANALYZE SELECT n.id, n.kind, n.link, n.text, n.created_at, IF(n.read_at IS NULL, 1, NULL) AS unread,
                 p.name FROM notifications n FORCE INDEX (notifications_user) LEFT JOIN projects p ON p.id = n.project_id
               WHERE n.user_id = $UID_PM AND n.id < $MID ORDER BY n.id DESC LIMIT 26" |
       awk -F'\t' 'NR == 1 { printf "%s on %s (%s key bytes), %d rows read", $4, $6, $7, $10 }')
say "the page's query deep in the list: $plan"
case $plan in "range on notifications_user (16 key bytes), 26 rows read") ;;
    *) die "the page's query is not the keyset range on notifications_user (user_id, id): $plan" ;; esac

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # median, measure

# the page lists 25 notifications (one page of the keyset)
lists_25() { [ "$(grep -o 'class="notif[ "]' "$1" | wc -l)" = 25 ]; }

measure first "/notifications" /notifications "$MAX_MS" lists_25
measure deep "/notifications?before=$MID" /notifications "$MAX_MS" lists_25

echo
printf 'notifications (%s for one user):\n' "$N"
for k in first deep; do printf '  %-10s %s\n' "$k" "${RES[$k]}"; done
