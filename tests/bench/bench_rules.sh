#!/usr/bin/env bash
# tests/bench/bench_rules.sh - automations (issue 13), called by bench.sh on its running stack
# (VAR, PORT, TIMING_LOG exported; SESSION = pm@demo.test's session):
#   1. a project of its own (a client with no contacts, PM pm@demo.test) and 5 rules on
#      project.stage_changed for all projects, their conditions holding, their actions tasks,
#      e-mails and notes (written by SQL as rule_save stores them; switched off to begin with);
#   2. the stack's outbox worker stopped (SIGSTOP to its own pid, never while it is inside a
#      transaction) while curl POSTs stage changes to the project (initiation <-> planning, one
#      connection) in 20 blocks of 100: the rules off (A), on (B), A, B, ...; the worker's time
#      per POST from TIMING_LOG and the stack's CPU per POST from /proc, A against B (target:
#      the rule set adds under 10 %);
#   3. the 1,000 B POSTs flagged 1,000 events for 5 rules (outbox.rules_due; the A POSTs none):
#      the worker is continued (SIGCONT), queues the 5,000 runs and carries them out; the time
#      until no event is flagged and no run queued gives the runs per second (target >= 500).
# Exit 1 when something did not work (not when a target is missed).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
: "${VAR:?} ${PORT:?} ${TIMING_LOG:?} ${SESSION:?}"
BASE=http://127.0.0.1:$PORT
COOKIE="Cookie: tandem_session=$SESSION"
RULES=5
BLOCKS=20         # A B A B ...: half of them with the rules on (fine-grained: other load drifts)
PER_BLOCK=100     # POSTs per block (even: each block ends in the stage it began with)
MIN_RUNS_S=500
MAX_COST_PCT=10
say() { printf 'bench-rules: %s\n' "$*"; }
die() { printf 'bench-rules: error: %s\n' "$*" >&2; exit 1; }
sql() {
    local user=root
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    mariadb --no-defaults --socket="$VAR/run/mysql.sock" -u "$user" --batch --skip-column-names tandem "$@"
}

# ------------------------------------------------------------ the outbox worker

SUP=$(awk '{ print $1; exit }' "$VAR/run/tandem.pid")
outbox_pid() { # the supervisor's child named tandem-outbox
    local f st rest a
    for f in /proc/[0-9]*/stat; do
        read -r st 2>/dev/null <"$f" || continue
        rest=${st##*) }
        read -r -a a <<<"$rest"
        if [ "${a[1]}" = "$SUP" ] && [ "$(cat "${f%/stat}/comm" 2>/dev/null)" = tandem-outbox ]; then
            f=${f#/proc/}; echo "${f%/stat}"; return 0
        fi
    done
    return 1
}
WORKER=$(outbox_pid) || die "no outbox worker under the supervisor $SUP"
STOPPED=0
cont() { [ "$STOPPED" = 0 ] || { kill -CONT "$WORKER" 2>/dev/null || true; STOPPED=0; }; }
trap cont EXIT
# Stop it between two transactions: a worker stopped inside one would hold its row locks.
stop_worker() {
    local i
    # (after the notification bench the worker is busy mailing a backlog in short transactions:
    # it takes many tries to find it between two)
    for ((i = 0; i < 1000; i++)); do
        kill -STOP "$WORKER"
        STOPPED=1
        [ "$(sql -e "SELECT COUNT(*) FROM information_schema.innodb_trx")" != 0 ] || return 0
        kill -CONT "$WORKER"
        STOPPED=0
        sleep 0.0$((RANDOM % 9 + 1))
    done
    die "the outbox worker was inside a transaction 1000 times in a row"
}

# ------------------------------------------------------------ the project and the rules

PM=$(sql -e "SELECT id FROM users WHERE email = 'pm@demo.test'")
TAG="Rules bench $$"
sql -e "INSERT INTO clients (name, created_at, updated_at) VALUES ('$TAG', UTC_TIMESTAMP(), UTC_TIMESTAMP());
        INSERT INTO projects (client_id, name, code, pm_id, stage, health, start_date, due_date, budget_minutes,
                              budget_amount, currency, scope, created_at, updated_at)
        SELECT id, '$TAG', NULL, $PM, 'initiation', 'green', CURDATE(), CURDATE() + INTERVAL 90 DAY, 60000,
               1000000, 'EUR', NULL, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM clients WHERE name = '$TAG'" ||
    die "could not write the project"
PID=$(sql -e "SELECT id FROM projects WHERE name = '$TAG'")
# The rules as rule_save stores them (conditions and actions in JSON): the actions of the five
# of tests/http/test_automation_exactly_once.py (3 tasks, two of them assigned to the PM, who is
# notified; 3 e-mails; 4 notes per event), on the stage change.
T='{rule}: {project} is {stage}'
sql -e "INSERT INTO rules (name, enabled, owner_id, scope, scope_id, trigger_code, trigger_days, conditions, actions,
                           created_at, updated_at) VALUES
  ('$TAG R1', 0, 1, 'all', NULL, 'project.stage_changed', 0, '[{\"field\":\"stage\",\"op\":\"is_not\",\"value\":\"closure\"}]',
   '[{\"do\":\"create_task\",\"text\":\"$T\",\"who\":\"pm\",\"start\":\"0\",\"due\":\"3\"},{\"do\":\"send_email\",\"text\":\"$T\",\"body\":\"{project} ({client}) moved to {stage}. {link}\",\"who\":\"pm\"}]',
   UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('$TAG R2', 0, 1, 'all', NULL, 'project.stage_changed', 0, '[{\"field\":\"health\",\"op\":\"is_not\",\"value\":\"red\"}]',
   '[{\"do\":\"create_task\",\"text\":\"$T\",\"start\":\"1\",\"due\":\"2\"},{\"do\":\"add_note\",\"text\":\"$T\"}]',
   UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('$TAG R3', 0, 1, 'all', NULL, 'project.stage_changed', 0, '[{\"field\":\"budget_hours_pct\",\"op\":\"lt\",\"value\":\"80\"}]',
   '[{\"do\":\"send_email\",\"text\":\"$T\",\"body\":\"{client}: {project} moved to {stage}.\",\"who\":\"team\"},{\"do\":\"add_note\",\"text\":\"$T\"}]',
   UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('$TAG R4', 0, 1, 'all', NULL, 'project.stage_changed', 0,
   '[{\"field\":\"stage\",\"op\":\"is_not\",\"value\":\"closure\"},{\"field\":\"health\",\"op\":\"is\",\"value\":\"green\"}]',
   '[{\"do\":\"add_note\",\"text\":\"$T\"},{\"do\":\"create_task\",\"text\":\"$T\",\"who\":\"pm\",\"start\":\"0\",\"due\":\"5\",\"visible\":true},{\"do\":\"send_email\",\"text\":\"$T\",\"body\":\"{project} moved to {stage}.\",\"who\":\"pm\"}]',
   UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('$TAG R5', 0, 1, 'all', NULL, 'project.stage_changed', 0, '[{\"field\":\"client\",\"op\":\"is\",\"value\":\"$(sql -e "SELECT client_id FROM projects WHERE id = $PID")\"}]',
   '[{\"do\":\"add_note\",\"text\":\"$T\"}]', UTC_TIMESTAMP(), UTC_TIMESTAMP())" ||
    die "could not write the rules"
rules_on() { sql -e "UPDATE rules SET enabled = $1 WHERE name LIKE '$TAG R%'"; }

code=$(curl -sS -o "$VAR/rules-project.html" -w '%{http_code}' -H "$COOKIE" "$BASE/projects/$PID") || die "GET /projects/$PID failed"
[ "$code" = 200 ] || die "GET /projects/$PID answered $code"
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$VAR/rules-project.html" | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$CSRF" ] || die "no CSRF token in /projects/$PID"
say "project $PID ('$TAG', no contacts), $RULES rules on project.stage_changed for all projects; outbox worker $WORKER"

# ------------------------------------------------------------ the POSTs, A B A B ...

# CPU time (ns) of nginx's workers, the supervisor's children (the stopped outbox worker adds
# nothing) and MariaDB, every thread, from /proc/PID/task/TID/schedstat (finer than ticks).
stack_ns() {
    local f st rest a t=0 ng db pids="" n s
    ng=$(awk '{ print $1; exit }' "$VAR/run/nginx.pid")
    db=$(awk '{ print $1; exit }' "$VAR/run/mariadb.pid")
    for f in /proc/[0-9]*/stat; do
        read -r st 2>/dev/null <"$f" || continue
        rest=${st##*) }
        read -r -a a <<<"$rest"
        if [ "${a[1]}" = "$SUP" ] || [ "${a[1]}" = "$ng" ]; then f=${f#/proc/}; pids="$pids ${f%/stat}"; fi
    done
    for f in $pids $db; do
        for s in /proc/"$f"/task/*/schedstat; do
            read -r n _ 2>/dev/null <"$s" && t=$((t + n))
        done
    done
    echo "$t"
}
# Who else used the machine: "busy total" clock ticks of all CPUs (/proc/stat), and the CPU
# seconds of this shell's finished children (curl, mariadb, awk) from `times`, which must run
# in this shell (not in a $(...)).
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
machine() { awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6 }' /proc/stat; }
children_s() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } } END { print t + 0 }' "$1"; }
# other_pct M0 M1 NS0 NS1 TIMES0 TIMES1 -> percent of the machine used by processes not ours
other_pct() {
    awk -v m0="$1" -v m1="$2" -v s0="$3" -v s1="$4" -v c0="$(children_s "$5")" -v c1="$(children_s "$6")" -v hz="$HZ" 'BEGIN {
        split(m0, a, " "); split(m1, b, " "); busy = (b[1] - a[1]) / hz; total = (b[2] - a[2]) / hz
        o = busy - (s1 - s0) / 1e9 - (c1 - c0); if (o < 0) o = 0
        printf "%.0f", (total > 0 ? 100 * o / total : 0) }'
}

events() { sql -e "SELECT COUNT(*) FROM outbox WHERE type = 'project.stage_changed' AND project_id = $PID"; }

# One curl for a block of POSTs (a config of n requests, one connection kept alive): the stage
# alternates (planning, initiation, ...) so that each POST is a change; n is even, so a block
# ends in the stage it began with. Prints each response's status.
posts() { # n
    local i
    for ((i = 1; i <= $1; i++)); do
        printf 'url = "%s/projects/%s/stage"\nheader = "%s"\ndata = "csrf=%s&stage=%s"\n' \
            "$BASE" "$PID" "$COOKIE" "$CSRF" "$( ((i % 2)) && echo planning || echo initiation)"
        printf 'output = "/dev/null"\nsilent\nshow-error\nwrite-out = "%%{http_code}\\n"\n'
        [ "$i" = "$1" ] || printf 'next\n'
    done >"$VAR/rules-posts.curl"
    curl -K "$VAR/rules-posts.curl"
}

declare -A BLOCK_MED
block() { # A|B n
    local c0 c1 e0 e1 bad
    e0=$(events)
    : >"$TIMING_LOG"
    c0=$(stack_ns)
    posts "$2" >"$VAR/rules-status.txt" || die "curl failed (block $1)"
    c1=$(stack_ns)
    sleep 0.1
    bad=$(grep -cv '^303$' "$VAR/rules-status.txt" || true)
    [ "$bad" = 0 ] && [ "$(wc -l <"$VAR/rules-status.txt")" = "$2" ] ||
        die "block $1: $bad of $2 POSTs did not answer 303 ($(sort "$VAR/rules-status.txt" | uniq -c | tr -s ' \n' ' '))"
    e1=$(events)
    [ $((e1 - e0)) = "$2" ] || die "block $1: $2 POSTs made $((e1 - e0)) stage changes"
    awk '$2 == "POST" && $3 ~ /\/stage$/ { print $1 }' "$TIMING_LOG" >"$VAR/rules-block.us"
    [ "$(wc -l <"$VAR/rules-block.us")" = "$2" ] || die "block $1: $(wc -l <"$VAR/rules-block.us") POSTs in $TIMING_LOG, not $2"
    cat "$VAR/rules-block.us" >>"$VAR/rules-$1.us"
    echo $((c1 - c0)) >>"$VAR/rules-$1.ns"
    BLOCK_MED[$1]="${BLOCK_MED[$1]:-} $(sort -n "$VAR/rules-block.us" | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1000 }')"
    [ "${BENCH_VERBOSE:-0}" != 1 ] || sort -n "$VAR/rules-block.us" | awk -v t=$((c1 - c0)) -v k="$1" '{ v[NR] = $1 } END {
        printf "bench-rules: block %s (rules %s): %d POSTs, worker median %.2f ms, %.2f ms CPU per POST\n",
            k, k == "A" ? "off" : "on", NR, v[int((NR + 1) / 2)] / 1000, t / 1e6 / NR }'
}

# a warm-up with the rules off, then the worker stopped for the whole measure
posts 50 >/dev/null || die "warm-up failed"
sleep 0.5
stop_worker
M0=$(machine); NS0=$(stack_ns); times >"$VAR/rules-times0"
: >"$VAR/rules-A.us"; : >"$VAR/rules-B.us"; : >"$VAR/rules-A.ns"; : >"$VAR/rules-B.ns"
for ((i = 0; i < BLOCKS; i++)); do
    if ((i % 2)); then rules_on 1; block B "$PER_BLOCK"; else rules_on 0; block A "$PER_BLOCK"; fi
done
M1=$(machine); NS1=$(stack_ns); times >"$VAR/rules-times1"
OTHER_POST=$(other_pct "$M0" "$M1" "$NS0" "$NS1" "$VAR/rules-times0" "$VAR/rules-times1")
rules_on 1
# the B POSTs flagged their events for the worker (outbox.rules_due), the A POSTs did not; no run
# is queued yet (the worker queues them, ST_RULE_FANOUT)
N_EVENTS=$((BLOCKS * PER_BLOCK / 2))
flagged=$(sql -e "SELECT COUNT(*) FROM outbox WHERE type = 'project.stage_changed' AND project_id = $PID AND rules_due = 1")
[ "$flagged" = "$N_EVENTS" ] || die "the B POSTs flagged $flagged events for the rules, not $N_EVENTS"
early=$(sql -e "SELECT COUNT(*) FROM rule_runs r JOIN rules u ON u.id = r.rule_id WHERE u.name LIKE '$TAG R%'")
[ "$early" = 0 ] || die "$early runs were queued while the worker was stopped"
queued=$((N_EVENTS * RULES))

stats() { # A|B -> "median p99 cpu_ms_per_post"
    local ns
    ns=$(awk '{ t += $1 } END { print t }' "$VAR/rules-$1.ns")
    sort -n "$VAR/rules-$1.us" | awk -v t="$ns" '{ v[NR] = $1 } END {
        m = int((NR + 1) / 2); q = int(NR * 0.99); if (q < 1) q = 1
        printf "%.3f %.3f %.3f %d\n", v[m] / 1000, v[q] / 1000, t / 1e6 / NR, NR }'
}
read -r A_MED A_P99 A_CPU A_N < <(stats A)
read -r B_MED B_P99 B_CPU B_N < <(stats B)
COST=$(awk -v a="$A_MED" -v b="$B_MED" 'BEGIN { printf "%+.1f", 100 * (b - a) / a }')
COST_P99=$(awk -v a="$A_P99" -v b="$B_P99" 'BEGIN { printf "%+.1f", 100 * (b - a) / a }')
COST_CPU=$(awk -v a="$A_CPU" -v b="$B_CPU" 'BEGIN { printf "%+.1f", 100 * (b - a) / a }')
verdict=PASS
awk -v c="$COST" -v x="$MAX_COST_PCT" 'BEGIN { exit !(c < x) }' || verdict=MISS
RES_POST="$verdict  $COST % worker median with the $RULES rules on (off: $A_MED ms, on: $B_MED ms; p99 $A_P99 -> $B_P99 ms, $COST_P99 %; CPU per POST $A_CPU -> $B_CPU ms, $COST_CPU %; $A_N + $B_N POSTs; target < $MAX_COST_PCT %)"
say "worker medians per block (ms), rules off:${BLOCK_MED[A]}; on:${BLOCK_MED[B]}"
say "stage-change POST: $RES_POST"

# ------------------------------------------------------------ the runs

say "$N_EVENTS events flagged for $RULES rules; continuing the outbox worker (it queues $queued runs and carries them out)"
M0=$(machine); NS0=$(stack_ns); times >"$VAR/rules-times0"
t0=$(date +%s.%N)
cont
left=$queued
# polled 4 times a second (each look is a client process: not too often on two cores); the
# end is the last run's finished_at, to the microsecond
for ((i = 0; i < 480; i++)); do
    sleep 0.25
    left=$(sql -e "SELECT (SELECT COUNT(*) FROM outbox WHERE rules_due = 1) + (SELECT COUNT(*) FROM rule_runs WHERE state = 'queued')")
    [ "$left" = 0 ] && break
done
[ "$left" = 0 ] || die "$left events or runs still queued after two minutes"
t1=$(sql -e "SET time_zone = '+00:00'; SELECT UNIX_TIMESTAMP(MAX(r.finished_at)) FROM rule_runs r
              JOIN rules u ON u.id = r.rule_id WHERE u.name LIKE '$TAG R%'")
M1=$(machine); NS1=$(stack_ns); times >"$VAR/rules-times1"
OTHER_RUNS=$(other_pct "$M0" "$M1" "$NS0" "$NS1" "$VAR/rules-times0" "$VAR/rules-times1")
states=$(sql -e "SELECT GROUP_CONCAT(CONCAT(state, ' ', n) SEPARATOR ', ') FROM (SELECT r.state, COUNT(*) AS n FROM rule_runs r
                 JOIN rules u ON u.id = r.rule_id WHERE u.name LIKE '$TAG R%' GROUP BY r.state) s")
[ "$states" = "done $queued" ] || die "the runs ended $states, not all done"
tasks=$(sql -e "SELECT COUNT(*) FROM tasks WHERE project_id = $PID AND title LIKE '$TAG R%'")
mails=$(sql -e "SELECT COUNT(*) FROM mails WHERE kind = 'automation' AND subject LIKE '$TAG R%'")
notes=$(sql -e "SELECT COUNT(*) FROM activity WHERE project_id = $PID AND kind = 'automation_note'")
[ "$tasks" = $((3 * N_EVENTS)) ] && [ "$mails" = $((3 * N_EVENTS)) ] && [ "$notes" = $((4 * N_EVENTS)) ] ||
    die "the runs made $tasks tasks, $mails e-mails, $notes notes (not $((3 * N_EVENTS)), $((3 * N_EVENTS)), $((4 * N_EVENTS)))"
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
rate=$(awk -v n="$queued" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
verdict=PASS
[ "$rate" -ge "$MIN_RUNS_S" ] || verdict=MISS
RES_RUNS="$verdict  $rate runs/s ($queued runs in $secs s: $tasks tasks, $mails e-mails, $notes notes; target >= $MIN_RUNS_S)"
say "runs: $RES_RUNS"

echo
printf 'automations (%s stage changes x %s rules):\n' "$N_EVENTS" "$RULES"
printf '  %-10s %s\n' runs "$RES_RUNS" post "$RES_POST"
if [ "$OTHER_POST" -ge 10 ] || [ "$OTHER_RUNS" -ge 10 ]; then
    printf '  note: other processes used %s %% of the machine during the POSTs and %s %% during the runs:\n' "$OTHER_POST" "$OTHER_RUNS"
    printf '        the figures are low and noisy; rerun on a quiet machine.\n'
fi
