#!/usr/bin/env bash
# tests/bench/bench_templates.sh - a project from a template at scale (issue 16), called by bench.sh
# on its running stack (VAR, PORT, TIMING_LOG exported; SESSION = pm@demo.test's session):
#   1. a project with 200 tasks (10 milestones, 3 people, 250 finish-to-start dependencies, 3 KPIs,
#      3 risks), made with SQL, saved as a template through its page (POST /projects/{id}/template);
#   2. TEMPLATE_RUNS projects made from it, one after the other (POST /templates/{id}/use: client,
#      name, start date, PM, a person for each of the 3 roles), each answered 303 and holding its
#      200 tasks, 250 dependencies and 10 milestones on working days;
#   3. the worker's own time of each POST from TIMING_LOG (target: median <= 50 ms), and the
#      server's COMMIT count over the runs (Com_commit: one transaction per project, plus what the
#      outbox worker commits meanwhile), and a refused one (a role nobody fills: 422, no row).
# Exit 1 when something did not work (not when the target is missed).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
: "${VAR:?} ${PORT:?} ${TIMING_LOG:?} ${SESSION:?}"
BASE=http://127.0.0.1:$PORT
COOKIE="Cookie: tandem_session=$SESSION"
RUNS=${TEMPLATE_RUNS:-30}
N=200
MAX_MS=50
say() { printf 'bench-templates: %s\n' "$*"; }
die() { printf 'bench-templates: error: %s\n' "$*" >&2; exit 1; }
sql() {
    local user=root
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    mariadb --no-defaults --socket="$VAR/run/mysql.sock" -u "$user" --batch --skip-column-names tandem "$@"
}
csrf() {
    curl -sS -H "$COOKIE" "$BASE/?format=xml" | grep -o 'csrf="[0-9a-f]*"' | head -1 | cut -d'"' -f2
}
post() { # path data... -> "status location"
    local path=$1
    shift
    curl -sS -o "$VAR/tpl-post.html" -w '%{http_code} %{redirect_url}\n' -H "$COOKIE" \
        --data-urlencode "csrf=$(csrf)" "$@" "$BASE$path"
}

# ------------------------------------------------------------ the source project, made with SQL
CODE=TPL-BENCH-$$
sql -e "INSERT INTO projects (client_id, name, code, pm_id, stage, health, start_date, due_date,
          budget_minutes, budget_amount, currency, created_at, updated_at)
        VALUES (1, 'Bench template source', '$CODE', 2, 'planning', 'green', '2027-01-04', '2027-12-31',
          0, 0, 'EUR', UTC_TIMESTAMP(), UTC_TIMESTAMP())" || die "the project"
SRC=$(sql -e "SELECT id FROM projects WHERE code = '$CODE'")
sql -e "INSERT INTO project_members (project_id, user_id, added_at) VALUES ($SRC, 3, UTC_TIMESTAMP()),
          ($SRC, 5, UTC_TIMESTAMP()), ($SRC, 6, UTC_TIMESTAMP());
        INSERT INTO milestones (project_id, name, due_date, client_visible, created_at, updated_at)
        SELECT $SRC, CONCAT('Phase ', seq, ' signed off'), '2027-01-04' + INTERVAL seq * 30 DAY, seq % 2,
          UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_10;
        INSERT INTO tasks (project_id, milestone_id, title, description, assignee_id, start_date, due_date,
          estimate_minutes, client_visible, created_at, updated_at)
        SELECT $SRC, m.id, CONCAT('Work package ', s.seq, ': build, review and ship the next increment'),
          'Acceptance: reviewed by the lead, demoed to the client.', ELT(1 + s.seq % 3, 3, 5, 6),
          '2027-01-04' + INTERVAL ((s.seq - 1) DIV 10 * 14) DAY,
          '2027-01-04' + INTERVAL ((s.seq - 1) DIV 10 * 14 + 4 + s.seq % 5) DAY, 480 + 60 * (s.seq % 4),
          s.seq % 2, UTC_TIMESTAMP(), UTC_TIMESTAMP()
        FROM seq_1_to_$N s JOIN milestones m ON m.project_id = $SRC
          AND m.name = CONCAT('Phase ', 1 + (s.seq - 1) DIV ($N DIV 10), ' signed off');
        INSERT INTO task_deps (task_id, depends_on_id, project_id)
        SELECT t.id, t.id - 10, $SRC FROM tasks t WHERE t.project_id = $SRC
          AND t.id >= (SELECT MIN(id) FROM tasks WHERE project_id = $SRC) + 10;
        INSERT INTO task_deps (task_id, depends_on_id, project_id)
        SELECT t.id, t.id - 11, $SRC FROM tasks t WHERE t.project_id = $SRC
          AND t.id >= (SELECT MIN(id) FROM tasks WHERE project_id = $SRC) + 11 ORDER BY t.id LIMIT 60;
        INSERT INTO project_kpis (project_id, name, target, actual, created_at, updated_at) VALUES
          ($SRC, 'Mobile PageSpeed score', '90 or more', '72', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
          ($SRC, 'Checkout conversion', '3.5 %', '2.9 %', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
          ($SRC, 'Pages migrated', '1,200', '640', UTC_TIMESTAMP(), UTC_TIMESTAMP());
        INSERT INTO risks (project_id, title, probability, impact, owner_id, mitigation, status, created_at, updated_at) VALUES
          ($SRC, 'Content arrives late', 4, 3, 3, 'Weekly content check-in', 'open', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
          ($SRC, 'Key developer away', 2, 4, 5, NULL, 'open', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
          ($SRC, 'Legal review delays launch', 3, 5, NULL, NULL, 'open', UTC_TIMESTAMP(), UTC_TIMESTAMP())" ||
    die "the source project's plan"
read -r nt nd < <(sql -e "SELECT (SELECT COUNT(*) FROM tasks WHERE project_id = $SRC),
                                 (SELECT COUNT(*) FROM task_deps WHERE project_id = $SRC)")
[ "$nt" = "$N" ] || die "the source project has $nt tasks, not $N"
say "source project $SRC: $nt tasks, $nd dependencies, 10 milestones, 3 people"

# ------------------------------------------------------------ saved as a template (its page)
NAME="Bench 200-task plan $$"
read -r code loc < <(post "/projects/$SRC/template" --data-urlencode "name=$NAME" \
    --data-urlencode "role_3=Developer" --data-urlencode "role_5=Designer" --data-urlencode "role_6=Tester")
[ "$code" = 303 ] || die "POST /projects/$SRC/template answered $code, not 303"
TPL=${loc##*/}
[[ $TPL =~ ^[0-9]+$ ]] || die "no template id in '$loc'"
read -r tt tr < <(sql -e "SELECT (SELECT COUNT(*) FROM template_tasks WHERE template_id = $TPL),
                                 (SELECT COUNT(*) FROM template_roles WHERE template_id = $TPL)")
[ "$tt" = "$N" ] && [ "$tr" = 3 ] || die "template $TPL holds $tt tasks and $tr roles, not $N and 3"
ROLES=()
while read -r rid rname; do
    case $rname in Developer) ROLES+=(--data "role_$rid=3") ;; Designer) ROLES+=(--data "role_$rid=5") ;;
        Tester) ROLES+=(--data "role_$rid=6") ;; esac
done < <(sql -e "SELECT id, name FROM template_roles WHERE template_id = $TPL")
say "template $TPL: $tt tasks, $tr roles"

# ------------------------------------------------------------ a refused one writes nothing
before=$(sql -e "SELECT COUNT(*) FROM projects")
read -r code _ < <(post "/templates/$TPL/use" --data "client_id=2" --data-urlencode "name=Refused $$" \
    --data "start_date=2027-03-06" --data "pm_id=2" --data "currency=EUR" "${ROLES[@]:0:4}")
[ "$code" = 422 ] || die "a role nobody fills: POST /templates/$TPL/use answered $code, not 422"
[ "$(sql -e "SELECT COUNT(*) FROM projects")" = "$before" ] || die "the refused project left a row"

# ------------------------------------------------------------ the runs
commits0=$(sql -e "SHOW GLOBAL STATUS LIKE 'Com_commit'" | awk '{ print $2 }')
: >"$TIMING_LOG"
for ((i = 1; i <= RUNS; i++)); do
    read -r code loc < <(post "/templates/$TPL/use" --data "client_id=2" --data-urlencode "name=From the bench $$ #$i" \
        --data "start_date=2027-03-06" --data "pm_id=2" --data "currency=EUR" "${ROLES[@]}")
    [ "$code" = 303 ] || die "run $i: POST /templates/$TPL/use answered $code, not 303"
    last=${loc##*/}
done
sleep 0.3
commits1=$(sql -e "SHOW GLOBAL STATUS LIKE 'Com_commit'" | awk '{ print $2 }')
read -r pt pd pm wd < <(sql -e "SELECT (SELECT COUNT(*) FROM tasks WHERE project_id = $last),
        (SELECT COUNT(*) FROM task_deps WHERE project_id = $last),
        (SELECT COUNT(*) FROM milestones WHERE project_id = $last),
        (SELECT COUNT(*) FROM tasks WHERE project_id = $last AND (WEEKDAY(start_date) > 4 OR WEEKDAY(due_date) > 4))")
[ "$pt" = "$N" ] && [ "$pd" = "$nd" ] && [ "$pm" = 10 ] ||
    die "project $last holds $pt tasks, $pd dependencies, $pm milestones (not $N, $nd, 10)"
[ "$wd" = 0 ] || die "project $last has $wd tasks starting or ending on a weekend"
stats=$(awk -v p="/templates/$TPL/use" '$2 == "POST" && $3 == p { print $1 }' "$TIMING_LOG" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print 0, "-", "-", "-"; exit }
        m = int((NR + 1) / 2); q = int(NR * 0.9); if (q < 1) q = 1
        printf "%d %.2f %.2f %.2f\n", NR, v[m] / 1000, v[q] / 1000, v[NR] / 1000 }')
read -r n med p90 max <<<"$stats"
[ "$n" = "$RUNS" ] || die "the timing log holds $n POST lines for /templates/$TPL/use, not $RUNS"
verdict=PASS
awk -v m="$med" -v x="$MAX_MS" 'BEGIN { exit !(m <= x) }' || verdict=MISS

# one more, traced in MariaDB's general log: the request worker's connection writes the whole
# project between one START TRANSACTION (db_begin) and one COMMIT
GLOG=$VAR/tpl-general.log
sql -e "SET GLOBAL general_log_file = '$GLOG'; SET GLOBAL general_log = 1"
read -r code _ < <(post "/templates/$TPL/use" --data "client_id=2" --data-urlencode "name=Traced $$" \
    --data "start_date=2027-03-06" --data "pm_id=2" --data "currency=EUR" "${ROLES[@]}")
sql -e "SET GLOBAL general_log = 0"
[ "$code" = 303 ] || die "the traced run answered $code"
trace=$(awk '
    { line = $0; sub(/^[0-9]+ +[0-9:]+\t/, "", line); sub(/^\t+ */, "", line)
      split(line, f, /\t/); n = split(f[1], w, / +/); id = w[n - 1]; kind = w[n]; q = f[2] }
    kind == "Execute" && q ~ /^INSERT INTO tasks / { worker = id }
    { ev[NR] = id "|" kind "|" q }
    END {
        for (i = 1; i <= NR; i++) {
            split(ev[i], e, "|"); if (e[1] != worker) continue
            if (e[3] ~ /^START TRANSACTION/) { open = 1; begins++ }
            else if (e[3] ~ /^COMMIT/) { commits++; open = 0 }
            else if (e[3] ~ /^ROLLBACK/) rollbacks++
            else if (open && e[2] == "Execute") { stmts++; if (e[3] ~ /^INSERT INTO (tasks|task_deps) /) bulk++ }
        }
        printf "%d %d %d %d %d\n", begins, commits, rollbacks, stmts, bulk }' "$GLOG")
read -r begins commits rollbacks stmts bulk <<<"$trace"
[ "$begins" = 1 ] && [ "$commits" = 1 ] && [ "$rollbacks" = 0 ] ||
    die "the traced run's worker began $begins, committed $commits and rolled back $rollbacks transactions"

echo
printf 'templates (a %s-task project from a template, %s runs; last: project %s, %s tasks, %s dependencies, none on a weekend):\n' \
    "$N" "$RUNS" "$last" "$pt" "$pd"
printf '  %-10s %s  worker median %s ms (p90 %s ms, max %s ms; target <= %s ms)\n' \
    create "$verdict" "$med" "$p90" "$max" "$MAX_MS"
printf '  %-10s one transaction: the worker began 1 and committed 1, with %s statements in it (%s bulk INSERTs of tasks and dependencies); the server counted %s COMMITs during the %s runs, the outbox worker'"'"'s included\n' \
    traced "$stmts" "$bulk" "$((commits1 - commits0))" "$RUNS"
