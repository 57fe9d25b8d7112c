#!/usr/bin/env bash
# tests/bench/bench_time.sh - time tracking at scale, called by bench.sh on its
# running stack (VAR, PORT, TIMING_LOG exported; SESSION = pm@demo.test's session):
#   1. tests/bench/gen_time.sql adds 200,000 time entries (one bench project, 40 people);
#   2. wrk (2 connections, one per worker) on the weekly timesheet and on the project time report, worker times from
#      TIMING_LOG (targets: median <= 3 ms and <= 10 ms);
#   3. the CSV export of all 200,000 rows, three times: rows/s (target >= 200,000) and
#      the request workers' RSS from /proc, sampled every 20 ms during the export
#      (target: flat, i.e. the peak no more than a few MB above the start).
# Exit 1 when something did not work (not when a target is missed).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
: "${VAR:?} ${PORT:?} ${TIMING_LOG:?} ${SESSION:?}"
DURATION=${BENCH_DURATION:-10}
BASE=http://127.0.0.1:$PORT
COOKIE="Cookie: tandem_session=$SESSION"
WEEK=2021-W10
say() { printf 'bench-time: %s\n' "$*"; }
die() { printf 'bench-time: error: %s\n' "$*" >&2; exit 1; }
sql() {
    local user=root
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    mariadb --no-defaults --socket="$VAR/run/mysql.sock" -u "$user" --batch --skip-column-names tandem "$@"
}

t0=$(date +%s.%N)
sql <tests/bench/gen_time.sql >/dev/null || die "the generator failed"
t1=$(date +%s.%N)
PID=$(sql -e "SELECT id FROM projects WHERE code = 'BENCH'")
N=$(sql -e "SELECT COUNT(*) FROM time_entries WHERE project_id = $PID")
[ "$N" = 200000 ] || die "the generator made $N entries, not 200000"
say "generated $N entries in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s (project $PID)"

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # median, measure

measure timesheet "/time?week=$WEEK" /time 3
measure report "/projects/$PID/time" "/projects/$PID/time" 10

# --- the CSV export, with the workers' RSS sampled from /proc
workers=$(for f in /proc/[0-9]*/stat; do
    read -r st 2>/dev/null <"$f" || continue
    rest=${st##*) }; read -r -a a <<<"$rest"
    if [ "${a[1]}" = "$(cat "$VAR/run/tandem.pid")" ]; then f=${f#/proc/}; echo "${f%/stat}"; fi
done || true)
[ -n "$workers" ] || die "no tandem workers found"
rss() { local t=0 p v; for p in $workers; do v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; echo "$t"; }
curl -sS -o /dev/null -H "$COOKIE" "$BASE/projects/$PID/time.csv" || die "CSV warm-up failed"
before=$(rss)
: >"$VAR/rss.samples"
( while :; do rss >>"$VAR/rss.samples"; sleep 0.02; done ) &
sampler=$!
best=0
for i in 1 2 3; do
    out=$(curl -sS -o "$VAR/export.csv" -w '%{http_code} %{time_total}' -H "$COOKIE" "$BASE/projects/$PID/time.csv") ||
        { kill "$sampler"; die "CSV export failed"; }
    rows=$(($(wc -l <"$VAR/export.csv") - 1))
    [ "${out%% *}" = 200 ] && [ "$rows" = 200000 ] || { kill "$sampler"; die "CSV export: status ${out%% *}, $rows rows"; }
    rate=$(awk -v n="$rows" -v t="${out#* }" 'BEGIN { printf "%.0f", n / t }')
    say "CSV export $i: $rows rows, $(stat -c %s "$VAR/export.csv") bytes in ${out#* } s = $rate rows/s"
    [ "$rate" -gt "$best" ] && best=$rate
done
kill "$sampler"; wait "$sampler" 2>/dev/null || true
peak=$(sort -n "$VAR/rss.samples" | tail -1)
growth=$(( (peak - before) / 1024 ))
verdict=PASS
[ "$best" -ge 200000 ] && [ "$growth" -le 8 ] || verdict=MISS
RES[csv]="$verdict  $best rows/s (best of 3; target >= 200000); workers' RSS $((before / 1024)) MB before, peak $((peak / 1024)) MB during ($(wc -l <"$VAR/rss.samples") samples; growth $growth MB, target flat <= 8 MB)"
say "csv: ${RES[csv]}"

echo
printf 'time (200,000 entries):\n'
for k in timesheet report csv; do printf '  %-10s %s\n' "$k" "${RES[$k]}"; done
