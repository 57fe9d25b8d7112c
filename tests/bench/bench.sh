#!/usr/bin/env bash
# `make bench`: throughput and latency of the dashboard and a project page,
# measured beside nginx serving a static file of the same size, in the same
# run, on a private stack (MariaDB + tandem + nginx) started for the purpose
# with the release build (DESIGN.md section 10).
#
# Environment:
#   BENCH_DURATION  seconds per measured run (10)
#   BENCH_WARMUP    seconds of warm-up before each run (2)
#   WORKERS         tandem request workers (2)
#   BENCH_KEEP=1    keep the runtime directory (logs, raw wrk output) afterwards
#   BENCH_VERBOSE=1 also print wrk's own report for every run
#
# Exit status: 0 when the benchmark ran, whether the targets were met or not;
# 1 when the stack did not start, the login or the pages were wrong, or any
# response under load was not a 200 (or failed at the socket level).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
cd "$ROOT"

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
THREADS=2
CONNECTIONS=32
LUA=$SCRIPT_DIR/status.lua

# The issue's targets for the app pages.
MIN_RPS=1000
MAX_P99_MS=60
MAX_MEDIAN_MS=2

EMAIL=pm@demo.test
CLIENT_EMAIL=client@acme.test
PASSWORD=tandem-demo
PROJECT=/projects/1

say() { printf 'bench: %s\n' "$*"; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "BENCH_DURATION must be a whole number of seconds, not '$DURATION'"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds, not '$WARMUP'"
for c in wrk curl awk sort ss mktemp; do
    command -v "$c" >/dev/null 2>&1 || die "missing command: $c (make deps)"
done

# ------------------------------------------------------------ the stack

# Everything is ours: the environment (and make, which exports PORT) must
# not point the stack at another directory, port or binary.
for v in $(compgen -e); do
    case $v in TANDEM_*) unset "$v" ;; esac
done
BIN=$ROOT/build/rel/tandem
[ -x "$BIN" ] || die "no release build at $BIN (make build)"
WORKERS=${WORKERS:-2}
SEED=1

free_port() {
    local p
    if command -v python3 >/dev/null 2>&1 &&
        p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) &&
        [[ $p =~ ^[0-9]+$ ]]; then
        printf '%s\n' "$p"
        return
    fi
    for ((p = 20000 + RANDOM % 20000; p < 65000; p++)); do
        if [ -z "$(ss -Htln "sport = :$p")" ]; then
            printf '%s\n' "$p"
            return
        fi
    done
    return 1
}

VAR=$(mktemp -d /tmp/tbench.XXXX)
PORT=$(free_port) || die "no free TCP port found"
TIMING_LOG=$VAR/timing.log
# the private Dovecot of the mail-in step (issue 14), polled once an hour until that step
IMAP=1
IMAP_INTERVAL=3600
export VAR PORT BIN WORKERS SEED TIMING_LOG IMAP IMAP_INTERVAL
BASE=http://127.0.0.1:$PORT
STACK_STARTED=0

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "$STACK_STARTED" = 1 ]; then
        nginx/stack.sh stop >>"$VAR/stack.log" 2>&1 || printf 'bench: warning: stack.sh stop failed (see %s/stack.log)\n' "$VAR" >&2
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        say "runtime directory kept: $VAR"
    else
        rm -rf "$VAR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting a private stack in $VAR on port $PORT ($WORKERS workers, $BIN)"
STACK_STARTED=1
if ! nginx/stack.sh start >"$VAR/stack.log" 2>&1; then
    sed 's/^/  | /' "$VAR/stack.log" >&2
    die "the stack did not start"
fi

# ------------------------------------------------------------ login, pages

COOKIES=$VAR/cookies.txt
code=$(curl -sS -o "$VAR/login.html" -w '%{http_code} %{redirect_url}' -c "$COOKIES" \
    --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/login") ||
    die "POST /login failed"
[ "${code%% *}" = 303 ] || die "POST /login as $EMAIL answered '$code', not a 303 redirect"
SESSION=$(awk '$6 == "tandem_session" { v = $7 } END { print v }' "$COOKIES")
[[ $SESSION =~ ^[0-9A-Za-z]+$ ]] || die "POST /login set no tandem_session cookie"
COOKIE="Cookie: tandem_session=$SESSION"

fetch() { # path file -> prints the status
    curl -sS -o "$2" -w '%{http_code}' -H "$COOKIE" "$BASE$1"
}

sql() {
    local user=root
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    mariadb --no-defaults --socket="$VAR/run/mysql.sock" -u "$user" --batch --skip-column-names tandem -e "$1"
}

html_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

code=$(fetch / "$VAR/dashboard.html") || die "GET / failed"
[ "$code" = 200 ] || die "GET / answered $code, not 200"
grep -q 'Dashboard' "$VAR/dashboard.html" || die "GET / does not look like the dashboard (no 'Dashboard')"

project_name=$(sql "SELECT name FROM projects WHERE id = ${PROJECT##*/}") || die "could not read the project name from the database"
[ -n "$project_name" ] || die "project ${PROJECT##*/} is not in the demo data"
code=$(fetch "$PROJECT" "$VAR/project.html") || die "GET $PROJECT failed"
[ "$code" = 200 ] || die "GET $PROJECT answered $code, not 200"
grep -qF -- "$(printf '%s' "$project_name" | html_escape)" "$VAR/project.html" ||
    die "GET $PROJECT does not look like the project page (no '$project_name')"

# The nginx baseline: a static file exactly as big as the dashboard.
size=$(stat -c %s "$VAR/dashboard.html")
mkdir -p "$VAR/bench"
{
    head='<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>static</title></head><body><pre>'
    foot=$'</pre></body></html>\n'
    printf '%s' "$head"
    yes 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.' |
        head -c $((size - ${#head} - ${#foot})) || true
    printf '%s' "$foot"
} >"$VAR/bench/static.html"
[ "$(stat -c %s "$VAR/bench/static.html")" = "$size" ] || die "could not write a $size-byte static file"
code=$(curl -sS -o "$VAR/static.out" -w '%{http_code}' "$BASE/_bench/static.html") || die "GET /_bench/static.html failed"
[ "$code" = 200 ] && cmp -s "$VAR/static.out" "$VAR/bench/static.html" ||
    die "nginx did not serve $VAR/bench/static.html at /_bench/static.html (status $code)"
project_size=$(stat -c %s "$VAR/project.html")
say "signed in as $EMAIL; / is $size bytes, $PROJECT ('$project_name') $project_size bytes; static file $size bytes"

# ------------------------------------------------------------ CPU accounting

# Per-run CPU seconds of nginx's workers, each tandem worker and MariaDB,
# from /proc, to see who used the two cores (and whether a worker idled).
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)

proc_ticks() { # pid -> utime+stime in clock ticks
    local st rest a
    read -r st 2>/dev/null <"/proc/$1/stat" || { echo 0; return; }
    rest=${st##*) }
    read -r -a a <<<"$rest"
    echo $((a[11] + a[12]))
}

children() { # pid -> its child pids
    local f st rest a
    for f in /proc/[0-9]*/stat; do
        read -r st 2>/dev/null <"$f" || continue
        rest=${st##*) }
        read -r -a a <<<"$rest"
        [ "${a[1]}" = "$1" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
    done
}

pidof_file() { local p; read -r p 2>/dev/null <"$1" && echo "$p"; }

machine_ticks() { # -> "busy total"
    local user nice system idle iowait irq softirq steal rest
    read -r _ user nice system idle iowait irq softirq steal rest </proc/stat
    echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}

# snapshot -> lines "name pid ticks"
cpu_snapshot() {
    local p c
    p=$(pidof_file "$VAR/run/nginx.pid") || p=
    if [ -n "$p" ]; then for c in $(children "$p"); do echo "nginx $c $(proc_ticks "$c")"; done; fi
    p=$(pidof_file "$VAR/run/tandem.pid") || p=
    if [ -n "$p" ]; then for c in $(children "$p"); do echo "worker $c $(proc_ticks "$c")"; done; fi
    p=$(pidof_file "$VAR/run/mariadb.pid") || p=
    [ -z "$p" ] || echo "mariadb $p $(proc_ticks "$p")"
    echo "machine - $(machine_ticks)"
}

# CPU seconds of this shell's finished children (i.e. wrk) between two
# `times` outputs (the builtin must run in this shell, not in a $(...)).
children_cpu() { # times-before times-after
    awk 'FNR == 2 { for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t[FILENAME] += a[1] * 60 + a[2] } }
        END { printf "%.2f\n", t[ARGV[2]] - t[ARGV[1]] }' "$1" "$2"
}

# cpu_report before-file after-file wrk-seconds -> one line; sets OTHER_CPU
# (percent of the machine's CPU that went to processes outside this benchmark)
# and STACK_CPU (seconds used by nginx, the tandem workers and MariaDB)
cpu_report() {
    local line
    line=$(awk -v hz="$HZ" -v wrk="$3" '
        FNR == NR { if ($1 == "machine") { b0 = $3; t0 = $4 } else before[$1 " " $2] = $3; next }
        $1 == "machine" { busy = ($3 - b0) / hz; total = ($4 - t0) / hz; next }
        {
            k = $1 " " $2
            if (!(k in before)) { fresh[$1]++; before[k] = $3 }   # started during the run
            d = ($3 - before[k]) / hz
            if ($1 == "worker") { w = w sprintf(" %.1f", d); nw++ }
            sum[$1] += d
            seen[k] = 1
        }
        END {
            for (k in before) if (!(k in seen)) { split(k, a, " "); gone[a[1]]++ }
            ours = sum["nginx"] + sum["worker"] + sum["mariadb"] + wrk
            other = busy - ours; if (other < 0) other = 0
            printf "%.0f|%.3f|cpu s: nginx %.1f, workers%s, mariadb %.1f, wrk %.1f; other processes %.1f; idle %.1f (of %.1f)",
                (total > 0 ? 100 * other / total : 0), ours - wrk, sum["nginx"], w, sum["mariadb"], wrk, other, total - busy, total
            if (fresh["worker"] || gone["worker"])
                printf "  [workers changed during the run: %d new, %d gone]", fresh["worker"], gone["worker"]
            printf "\n"
        }' "$1" "$2")
    OTHER_CPU=${line%%|*}
    line=${line#*|}
    STACK_CPU=${line%%|*}
    printf '%s\n' "${line#*|}"
}

# ------------------------------------------------------------ runs

to_ms() { # wrk time ("812.00us", "14.00ms", "1.20s", "1.00m") -> milliseconds
    awk -v t="$1" 'BEGIN {
        if (t ~ /us$/) f = 0.001; else if (t ~ /ms$/) f = 1; else if (t ~ /m$/) f = 60000
        else if (t ~ /s$/) f = 1000; else if (t ~ /h$/) f = 3600000; else { print "nan"; exit }
        sub(/[a-z]+$/, "", t); printf "%.2f", t * f }'
}

WRK_SHOWN="wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -s tests/bench/status.lua -H 'Cookie: tandem_session=<session>' http://127.0.0.1:$PORT<path>"

declare -A RPS P99 ERRS WMED WP99 WCOUNT CPU OTHER CPUREQ
FAILED=()

# Wait until requests still in flight from the previous wrk (the workers
# finish them after wrk has gone) have been logged: the timing log stops growing.
settle() {
    local last=-1 now i
    for ((i = 0; i < 50; i++)); do
        now=$(stat -c %s "$TIMING_LOG" 2>/dev/null || echo 0)
        [ "$now" != "$last" ] || return 0
        last=$now
        sleep 0.2
    done
}

NOTES=()

run_target() { # name path
    local name=$1 path=$2 url=$BASE$2 out=$VAR/wrk-${1//[^A-Za-z0-9]/_}.txt
    local rps p99 requests sock non2xx status_ok status_bad codes

    say "$name: warm-up ${WARMUP}s"
    if [ "$WARMUP" -gt 0 ]; then
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "$COOKIE" "$url" >/dev/null ||
            die "wrk warm-up of $path failed"
    fi
    settle
    : >"$TIMING_LOG"
    cpu_snapshot >"$VAR/cpu-before"
    times >"$VAR/times-before"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" -H "$COOKIE" "$url" >"$out" 2>&1 ||
        { cat "$out" >&2; die "wrk on $path failed"; }
    times >"$VAR/times-after"
    cpu_snapshot >"$VAR/cpu-after"
    [ "${BENCH_VERBOSE:-0}" != 1 ] || sed 's/^/  | /' "$out"

    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    requests=$(awk '/requests in/ { print $1 }' "$out")
    sock=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    read -r status_ok status_bad codes < <(awk '/^bench-status / {
        split($2, a, "="); split($3, b, "="); split($4, c, "="); print a[2], b[2], c[2] }' "$out") || true
    [ -n "$rps" ] && [ -n "$p99" ] && [ -n "$requests" ] && [ -n "${status_ok:-}" ] ||
        { cat "$out" >&2; die "could not parse wrk's output for $path"; }

    RPS[$name]=$rps
    P99[$name]=$(to_ms "$p99")
    ERRS[$name]=$((${sock:-0} + status_bad))
    cpu_report "$VAR/cpu-before" "$VAR/cpu-after" "$(children_cpu "$VAR/times-before" "$VAR/times-after")" >"$VAR/cpu-line"
    CPU[$name]=$(cat "$VAR/cpu-line")
    OTHER[$name]=$OTHER_CPU
    CPUREQ[$name]=$(awk -v c="$STACK_CPU" -v n="$requests" 'BEGIN { if (n > 0) printf "%.2f", 1000 * c / n; else print "-" }')

    if [ "$status_bad" -gt 0 ]; then
        FAILED+=("$name: $status_bad of $requests responses were not 200 (status:count $codes)")
    fi
    if [ "${sock:-0}" -gt 0 ]; then
        FAILED+=("$name: $sock socket errors ($(grep 'Socket errors:' "$out" | sed 's/^ *//'))")
    fi
    [ -z "$non2xx" ] || [ "$status_bad" -gt 0 ] || FAILED+=("$name: wrk counted $non2xx non-2xx/3xx responses")

    if [ "$path" = /_bench/static.html ]; then
        WMED[$name]=-
        WP99[$name]=-
        WCOUNT[$name]=-
    else
        # The worker's own time, accept to end of response, for this path only.
        local stats
        stats=$(awk -v p="$path" '$2 == "GET" && $3 == p { print $1 }' "$TIMING_LOG" | sort -n |
            awk '{ v[NR] = $1 } END {
                if (NR == 0) { print 0, "-", "-"; exit }
                m = int((NR + 1) / 2); q = int(NR * 0.99); if (q < NR * 0.99) q++; if (q < 1) q = 1
                printf "%d %.2f %.2f\n", NR, v[m] / 1000, v[q] / 1000 }')
        read -r "WCOUNT[$name]" "WMED[$name]" "WP99[$name]" <<<"$stats"
        [ "${WCOUNT[$name]}" -gt 0 ] || FAILED+=("$name: no '$path' lines in the timing log ($TIMING_LOG)")
        local other
        other=$(awk -v p="$path" '!($2 == "GET" && $3 == p)' "$TIMING_LOG" | awk '{ print $2, $3 }' | sort | uniq -c |
            awk '{ printf "%s%s %s x%d", sep, $2, $3, $1; sep = ", " }')
        [ -z "$other" ] || NOTES+=("$name: the workers also logged other paths during the run: $other")
    fi
    say "$name: ${RPS[$name]} req/s, p99 ${P99[$name]} ms, $requests requests (200: $status_ok, other: $status_bad), worker log lines: ${WCOUNT[$name]}"
    say "$name: ${CPU[$name]}; nginx + workers + mariadb: ${CPUREQ[$name]} ms CPU per request"
}

say "wrk: $WRK_SHOWN (warm-up ${WARMUP}s before each)"
run_target static /_bench/static.html
run_target / /
run_target "$PROJECT" "$PROJECT"

# The client's side: the portal home and project page, signed in as the Acme contact.
STAFF_COOKIE=$COOKIE
code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$VAR/client-cookies.txt" \
    --data-urlencode "email=$CLIENT_EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/login") ||
    die "POST /login as $CLIENT_EMAIL failed"
[ "${code%% *}" = 303 ] && [ "${code##*/}" = portal ] || die "POST /login as $CLIENT_EMAIL answered '$code', not a 303 to /portal"
COOKIE="Cookie: tandem_session=$(awk '$6 == "tandem_session" { v = $7 } END { print v }' "$VAR/client-cookies.txt")"
for path in /portal "/portal$PROJECT"; do
    code=$(fetch "$path" "$VAR/portal.html") || die "GET $path failed"
    [ "$code" = 200 ] && grep -q 'Acme Corp' "$VAR/portal.html" || die "GET $path as $CLIENT_EMAIL answered $code, not the portal"
done
run_target /portal /portal
run_target "/portal$PROJECT" "/portal$PROJECT"
COOKIE=$STAFF_COOKIE

. "$SCRIPT_DIR/bench_gantt.sh"   # Gantt chart speed (issue #3), same stack and session
SESSION=$SESSION tests/bench/bench_time.sh || FAILED+=("time: tests/bench/bench_time.sh failed")
SESSION=$SESSION tests/bench/bench_notify.sh || FAILED+=("notify: tests/bench/bench_notify.sh failed")
SESSION=$SESSION tests/bench/bench_rules.sh || FAILED+=("rules: tests/bench/bench_rules.sh failed")

SESSION=$SESSION tests/bench/bench_templates.sh || FAILED+=("templates: tests/bench/bench_templates.sh failed")

SESSION=$SESSION tests/bench/bench_workload.sh || FAILED+=("workload: tests/bench/bench_workload.sh failed")

tests/bench/bench_imap.sh || FAILED+=("imap: tests/bench/bench_imap.sh failed")   # issue 14: mail in

# The session must have survived the load.
code=$(fetch / "$VAR/after.html") || code=000
if [ "$code" != 200 ] || ! grep -q 'Dashboard' "$VAR/after.html"; then
    FAILED+=("after the runs, GET / with the session answered $code, not the dashboard")
fi

# ------------------------------------------------------------ report

echo
printf 'machine: nproc %s, %s; tandem workers: %s\n' "$(nproc)" "$(uname -sr)" "$WORKERS"
printf 'wrk:     %s\n' "$WRK_SHOWN"
printf '         (%s s warm-up before each run; pages: / %s bytes, %s %s bytes; static %s bytes)\n' \
    "$WARMUP" "$size" "$PROJECT" "$project_size" "$size"
echo
printf '%-18s %8s %9s %11s %18s %15s %8s %14s\n' target 'req/s' 'p99 ms' 'vs static' 'worker median ms' 'worker p99 ms' errors 'cpu ms/req *'

TARGETS=(static / "$PROJECT" /portal "/portal$PROJECT")
for name in "${TARGETS[@]}"; do
    ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[static]}" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
    printf '%-18s %8s %9s %11s %18s %15s %8s %14s\n' "$name" "${RPS[$name]}" "${P99[$name]}" "$ratio" \
        "${WMED[$name]}" "${WP99[$name]}" "${ERRS[$name]}" "${CPUREQ[$name]}"
done
printf '* CPU time of nginx + tandem workers + MariaDB per request (wrk excluded), from /proc: less\n'
printf '  sensitive to other load than req/s; %s000 / this = the req/s ceiling on a quiet machine.\n' "$(nproc)"

echo
printf 'targets (issue): >= %s req/s, p99 <= %s ms, worker median <= %s ms\n' "$MIN_RPS" "$MAX_P99_MS" "$MAX_MEDIAN_MS"
for name in "${TARGETS[@]:1}"; do
    miss=$(awk -v r="${RPS[$name]}" -v p="${P99[$name]}" -v m="${WMED[$name]}" \
        -v R="$MIN_RPS" -v P="$MAX_P99_MS" -v M="$MAX_MEDIAN_MS" 'BEGIN {
            if (r < R) s = s sprintf("; req/s %s < %s", r, R)
            if (p > P) s = s sprintf("; p99 %s ms > %s", p, P)
            if (m == "-" || m > M) s = s sprintf("; worker median %s ms > %s", m, M)
            print substr(s, 3) }')
    if [ "${ERRS[$name]}" -gt 0 ]; then
        printf '  %-14s INVALID  (%s errors: responses were not 200)\n' "$name" "${ERRS[$name]}"
    elif [ -z "$miss" ]; then
        printf '  %-14s PASS  (%s req/s, p99 %s ms, worker median %s ms)\n' "$name" "${RPS[$name]}" "${P99[$name]}" "${WMED[$name]}"
    else
        printf '  %-14s MISS  %s\n' "$name" "$miss"
    fi
done

# Bytes on the wire (issue 17): each page as sent without and with "Accept-Encoding: gzip"
# (nginx gzip, level 1), the static CSS from its .gz; the client's pages with its session.
echo
printf '%-22s %10s %10s %7s\n' 'bytes on the wire' plain gzip ratio
wire() { # label cookie path
    local plain packed enc
    plain=$(curl -sS -o /dev/null -w '%{size_download}' -H "$2" "$BASE$3") || die "GET $3 failed"
    read -r packed enc < <(curl -sS -o /dev/null -w '%{size_download} %header{content-encoding}\n' \
        -H "$2" -H 'Accept-Encoding: gzip' "$BASE$3") || die "GET $3 (gzip) failed"
    [ "$enc" = gzip ] || FAILED+=("GET $3 with Accept-Encoding: gzip was not compressed (Content-Encoding '$enc')")
    printf '%-22s %10s %10s %6s%%\n' "$1" "$plain" "$packed" "$(awk -v a="$plain" -v b="$packed" 'BEGIN { printf "%.0f", a ? 100 * b / a : 0 }')"
}
CLIENT_COOKIE="Cookie: tandem_session=$(awk '$6 == "tandem_session" { v = $7 } END { print v }' "$VAR/client-cookies.txt")"
for path in / "$PROJECT" /time /notifications "$PROJECT?format=xml" /static/tandem.css; do
    wire "$path" "$STAFF_COOKIE" "$path"
done
for path in /portal "/portal$PROJECT"; do
    wire "$path" "$CLIENT_COOKIE" "$path"
done

# The request workers' proportional memory (PSS) after the runs (issue 17: target <= 16 MB).
SUP=$(awk '{ print $1; exit }' "$VAR/run/tandem.pid")
pss=""
for f in /proc/[0-9]*/stat; do
    read -r st 2>/dev/null <"$f" || continue
    rest=${st##*) }; read -r -a a <<<"$rest"
    d=${f%/stat}
    [ "${a[1]}" = "$SUP" ] && [ "$(cat "$d/comm" 2>/dev/null)" = tandem ] || continue
    pss="$pss $(awk '/^Pss:/ { printf "%.1f", $2 / 1024 }' "$d/smaps_rollup" 2>/dev/null)"
done
[ -n "$pss" ] || FAILED+=("no request worker found under the supervisor $SUP for the PSS reading")
echo
printf 'request workers, PSS after the runs (MB):%s (target <= 16 MB each: %s)\n' "$pss" \
    "$(awk -v l="$pss" 'BEGIN { n = split(l, v, " "); for (i = 1; i <= n; i++) if (v[i] > 16) { print "MISS"; exit } print "PASS" }')"

if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    printf 'note: %s\n' "${NOTES[@]}"
fi

noisy=""
for name in "${TARGETS[@]}"; do
    [ "${OTHER[$name]}" -lt 10 ] || noisy="$noisy, $name ${OTHER[$name]}%"
done
if [ -n "$noisy" ]; then
    echo
    printf 'note: other processes on this machine used CPU during the runs (%s of the machine):
' "${noisy#, }"
    printf '      the absolute numbers are low; compare with static (same run), or rerun on a quiet machine.
'
fi

echo; "$SCRIPT_DIR/bench_outbox.sh" || FAILED+=("tests/bench/bench_outbox.sh: the outbox run was not valid")

if [ ${#FAILED[@]} -gt 0 ]; then
    echo
    printf 'bench: WRONG RESPONSES - the numbers above are not valid:\n' >&2
    printf '  %s\n' "${FAILED[@]}" >&2
    exit 1
fi
exit 0
