# tests/bench/lib.sh - what the bench steps share (sourced; needs VAR, BASE, COOKIE, DURATION,
# TIMING_LOG and the caller's say/die).

# median PATH -> "count median_ms p99_ms" of the GET lines for PATH in TIMING_LOG
median() {
    awk -v p="$1" '$2 == "GET" && $3 == p { print $1 }' "$TIMING_LOG" | sort -n |
        awk '{ v[NR] = $1 } END { if (NR == 0) { print 0, "-", "-"; exit }
            m = int((NR + 1) / 2); q = int(NR * 0.99); if (q < 1) q = 1
            printf "%d %.2f %.2f\n", NR, v[m] / 1000, v[q] / 1000 }'
}

# measure NAME URL PATH-IN-LOG MAX-MS [CHECK]: one GET of URL must answer 200 (and, with CHECK,
# `CHECK FILE` must accept the page saved in FILE); then a warm-up, then wrk for DURATION s
# with the timing log emptied first. RES[NAME] = "PASS|MISS  worker median ... (target)".
declare -A RES
measure() {
    local code page="$VAR/page-$1.html" n med p99 verdict=PASS
    code=$(curl -sS -o "$page" -w '%{http_code}' -H "$COOKIE" "$BASE$2") || die "GET $2 failed"
    [ "$code" = 200 ] || die "GET $2 answered $code"
    [ -z "${5:-}" ] || "$5" "$page" || die "GET $2: the page is not what $5 expects"
    wrk -t1 -c2 -d2s -H "$COOKIE" "$BASE$2" >/dev/null
    sleep 0.3
    : >"$TIMING_LOG"
    wrk -t1 -c2 -d"${DURATION}s" -H "$COOKIE" "$BASE$2" >"$VAR/wrk-$1.txt"
    sleep 0.3
    read -r n med p99 < <(median "$3")
    awk -v m="$med" -v x="$4" 'BEGIN { exit !(m != "-" && m <= x) }' || verdict=MISS
    RES[$1]="$verdict  worker median $med ms (p99 $p99 ms, $n requests; target <= $4 ms)"
    say "$1: ${RES[$1]}"
}
