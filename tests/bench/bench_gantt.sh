# tests/bench/bench_gantt.sh - Gantt chart speed, sourced by bench.sh (its stack, session,
# sql(), fetch(), say(), die(), TIMING_LOG and FAILED are used as they are).
#
# Makes its own data with SQL: a project with 200 tasks (10 milestones, 250
# dependencies) and one with 2,000 tasks (40 milestones) and 3,000
# dependencies (parallel lanes of finish-to-start chains), then requests each chart GANTT_REQUESTS times one after the
# other and reads the worker's own time per request from the timing log.
# Targets (issue #3): median <= 5 ms for 200 tasks, <= 40 ms for 2,000.

GANTT_REQUESTS=${GANTT_REQUESTS:-40}

gantt_project() { # code tasks milestones -> prints the project id
    local code=$1 n=$2 nm=$3 id
    sql "INSERT INTO projects (client_id, name, code, pm_id, stage, health, start_date, due_date,
           budget_minutes, budget_amount, currency, created_at, updated_at, baseline_at, baseline_due)
         VALUES (1, 'Bench plan $n tasks', '$code', 2, 'execution', 'green', CURDATE() - INTERVAL 60 DAY,
           CURDATE() + INTERVAL 300 DAY, 0, 0, 'EUR', UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(),
           CURDATE() + INTERVAL 290 DAY)" || return 1
    id=$(sql "SELECT id FROM projects WHERE code = '$code'") || return 1
    sql "INSERT INTO milestones (project_id, name, due_date, client_visible, baseline_due, created_at, updated_at)
         SELECT $id, CONCAT('Milestone ', seq), CURDATE() - INTERVAL 60 DAY + INTERVAL seq * (360 DIV $nm) DAY,
           seq % 2, CURDATE() - INTERVAL 62 DAY + INTERVAL seq * (360 DIV $nm) DAY, UTC_TIMESTAMP(), UTC_TIMESTAMP()
         FROM seq_1_to_$nm" || return 1
    # assigned to two team members (3, 5), not to pm@demo.test, whose timesheet the
    # time benchmark measures in the same database
    # n/20 parallel lanes of 20 steps of 18 days: task k is step (k-1) div lanes of lane
    # k mod lanes, lasting 15-17 days; milestone ceil(k / (n / nm))
    sql "INSERT INTO tasks (project_id, milestone_id, title, assignee_id, start_date, due_date, estimate_minutes,
           status, completed_at, client_visible, baseline_start, baseline_due, created_at, updated_at)
         SELECT $id, m.id, CONCAT('Work package ', s.seq, ': build, review and ship the next increment'),
           3 + 2 * (s.seq % 2), CURDATE() - INTERVAL 60 DAY + INTERVAL ((s.seq - 1) DIV ($n DIV 20) * 18) DAY,
           CURDATE() - INTERVAL 45 DAY + INTERVAL ((s.seq - 1) DIV ($n DIV 20) * 18 + s.seq % 3) DAY, 480,
           ELT(1 + s.seq % 4, 'todo', 'doing', 'blocked', 'done'), IF(s.seq % 4 = 3, UTC_TIMESTAMP(), NULL), s.seq % 2,
           CURDATE() - INTERVAL 60 DAY + INTERVAL ((s.seq - 1) DIV ($n DIV 20) * 18) DAY,
           CURDATE() - INTERVAL 46 DAY + INTERVAL ((s.seq - 1) DIV ($n DIV 20) * 18) DAY, UTC_TIMESTAMP(), UTC_TIMESTAMP()
         FROM seq_1_to_$n s JOIN milestones m ON m.project_id = $id
           AND m.name = CONCAT('Milestone ', 1 + (s.seq - 1) DIV ($n DIV $nm))" || return 1
    printf '%s\n' "$id"
}

gantt_deps() { # project-id lanes extra: each task on the previous step of its lane, and
    # the first `extra` of them also on the previous step of the lane before (finish-to-start holds)
    local id=$1 lanes=$2 extra=$3
    sql "INSERT INTO task_deps (task_id, depends_on_id, project_id)
         SELECT t.id, t.id - $lanes, $id FROM tasks t WHERE t.project_id = $id
           AND t.id >= (SELECT MIN(id) FROM tasks WHERE project_id = $id) + $lanes" &&
    sql "INSERT INTO task_deps (task_id, depends_on_id, project_id)
         SELECT t.id, t.id - $lanes - 1, $id FROM tasks t WHERE t.project_id = $id
           AND t.id >= (SELECT MIN(id) FROM tasks WHERE project_id = $id) + $lanes + 1
         ORDER BY t.id LIMIT $extra"
}

gantt_measure() { # label path target-ms
    local label=$1 path=$2 target=$3 i code stats n med p90
    for ((i = 0; i < 5; i++)); do fetch "$path" "$VAR/gantt.html" >/dev/null; done
    : >"$TIMING_LOG"
    for ((i = 0; i < GANTT_REQUESTS; i++)); do
        code=$(fetch "$path" "$VAR/gantt.html") || code=000
        [ "$code" = 200 ] || { FAILED+=("gantt $label: GET $path answered $code"); return; }
    done
    settle
    stats=$(awk -v p="$path" '$2 == "GET" && $3 == p { print $1 }' "$TIMING_LOG" | sort -n |
        awk '{ v[NR] = $1 } END { if (!NR) { print 0, "-", "-"; exit }
            m = int((NR + 1) / 2); q = int(NR * 0.9 + 0.5); if (q < 1) q = 1
            printf "%d %.2f %.2f\n", NR, v[m] / 1000, v[q] / 1000 }')
    read -r n med p90 <<<"$stats"
    [ "$n" -gt 0 ] || { FAILED+=("gantt $label: no '$path' lines in the timing log"); return; }
    if awk -v m="$med" -v t="$target" 'BEGIN { exit !(m <= t) }'; then
        say "gantt $label: PASS  worker median $med ms, p90 $p90 ms over $n requests (target <= $target ms; $(stat -c %s "$VAR/gantt.html") bytes)"
    else
        say "gantt $label: MISS  worker median $med ms > $target ms, p90 $p90 ms over $n requests"
    fi
}

say "gantt: generating a 200-task and a 2,000-task project (3,000 dependencies) with SQL"
GANTT_SMALL=$(gantt_project BENCH-G200 200 10) && gantt_deps "$GANTT_SMALL" 10 60 &&
    GANTT_BIG=$(gantt_project BENCH-G2000 2000 40) && gantt_deps "$GANTT_BIG" 100 1100 ||
    die "could not generate the Gantt benchmark data"
say "gantt: $(sql "SELECT COUNT(*) FROM tasks WHERE project_id = $GANTT_BIG") tasks and $(sql "SELECT COUNT(*) FROM task_deps WHERE project_id = $GANTT_BIG") dependencies in project $GANTT_BIG"
gantt_measure "200 tasks" "/projects/$GANTT_SMALL/gantt" 5
gantt_measure "2,000 tasks + 3,000 deps" "/projects/$GANTT_BIG/gantt" 40
