#!/usr/bin/env bash
# tests/valgrind.sh - HTTP suites against the release build of the worker running
# under valgrind's memcheck (nginx/stack.sh's WRAP), then every process's report is
# read: any memcheck error, or memory definitely lost, fails the run.
#   tests/valgrind.sh                 the default suites below
#   tests/valgrind.sh tests/http/test_x.py ...
# Expects `make build` (make valgrind does it). Reports stay in the directory printed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(
	tests/http/test_smoke.py tests/http/test_auth.py tests/http/test_portal.py
	tests/http/test_client_portal.py tests/http/test_documents.py tests/http/test_approvals.py
	tests/http/test_messages.py tests/http/test_status_reports.py tests/http/test_kpis.py
	tests/http/test_time.py tests/http/test_plan_tasks.py tests/http/test_webhooks.py
	tests/http/test_client_invite.py tests/http/test_change_approvals.py tests/http/test_surveys.py
)
dir=$(mktemp -d /tmp/tdm-valgrind.XXXXXX)
start=$SECONDS
vg=(valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite
	--errors-for-leak-kinds=definite --num-callers=30 "--log-file=$dir/vg.%p")
export WRAP="${vg[*]}" # one line: stack.sh splits it on blanks
BIN=build/rel/tandem /usr/bin/python3 -m pytest -q -p no:cacheprovider "${suites[@]}" >"$dir/pytest.log" 2>&1
rc=$?
tail -3 "$dir/pytest.log"

procs=0 bad=0 killed=0
for f in "$dir"/vg.*; do
	[ -f "$f" ] || continue
	procs=$((procs + 1))
	# every ending prints a summary (a crash too) except SIGKILL, which
	# test_webhooks sends the outbox worker on purpose
	if ! grep -q 'ERROR SUMMARY:' "$f"; then
		killed=$((killed + 1))
	elif ! grep -q 'ERROR SUMMARY: 0 errors' "$f" || grep -q 'definitely lost: [1-9]' "$f"; then
		bad=$((bad + 1))
		echo "valgrind: $f:"
		grep -E '^==[0-9]+== ' "$f" | head -80
	fi
done
echo "valgrind: $procs processes, $bad with errors or leaks, $killed killed by SIGKILL; took $((SECONDS - start)) s; reports in $dir"
[ "$procs" -gt 0 ] || { echo "valgrind: no process ran under valgrind"; exit 1; }
[ "$rc" -eq 0 ] || { echo "valgrind: pytest failed (exit $rc, $dir/pytest.log)"; exit 1; }
[ "$bad" -eq 0 ]
