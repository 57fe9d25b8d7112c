#!/usr/bin/env bash
# tests/run.sh - run the test suites and print one summary line.
#   tests/run.sh            unit, http and browser
#   tests/run.sh unit|http|browser
# Expects `make san` and the unit test binaries to be built (make test does).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
what=${1:-all}
passed=0 failed=0
declare -a failures=()

# The worker is built with ASan/UBSan: report errors, do not hide them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_unit() {
	local t out rc n_ok n_bad
	for t in build/san/tests/unit/test_*; do
		[ -x "$t" ] || continue
		out=$("$t" 2>&1); rc=$?
		n_ok=$(grep -c '^\[       OK \]' <<<"$out")
		n_bad=$(grep -c '^\[  FAILED  \]' <<<"$out")
		# the summary line repeats each failed test; count failures once
		n_bad=$(grep -E '^\[  FAILED  \] [a-z_0-9]+$' <<<"$out" | sort -u | wc -l)
		passed=$((passed + n_ok))
		if [ "$rc" -ne 0 ] || [ "$n_bad" -gt 0 ]; then
			[ "$n_bad" -gt 0 ] || n_bad=1
			failed=$((failed + n_bad))
			failures+=("unit: $(basename "$t")")
			printf '%s\n' "$out" | tail -40
		fi
		printf 'unit   %-28s %3d ok %s\n' "$(basename "$t")" "$n_ok" "$([ "$rc" -eq 0 ] && echo || echo "FAILED (exit $rc)")"
	done
}

run_http() {
	local out rc p f
	out=$(BIN=build/san/tandem /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/http 2>&1); rc=$?
	printf '%s\n' "$out" | tail -60
	# pytest's closing line: "3 failed, 10 passed, 1 error in 2.1s"
	local summary n
	summary=$(grep -E '(passed|failed|error|no tests ran).* in [0-9.]+s' <<<"$out" | tail -1)
	p=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+'); p=${p:-0}
	f=0
	for n in $(grep -oE '[0-9]+ (failed|errors?)' <<<"$summary" | grep -oE '^[0-9]+'); do
		f=$((f + n))
	done
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$rc" -ne 0 ]; then
		[ "$f" -gt 0 ] || failed=$((failed + 1))
		failures+=("http (pytest exit $rc)")
	fi
}

run_browser() {
	local out rc
	if [ ! -f tests/browser/run.sh ]; then return; fi
	out=$(tests/browser/run.sh 2>&1); rc=$?
	printf '%s\n' "$out" | tail -30
	p=$(grep -oE '^browser: [0-9]+ passed' <<<"$out" | grep -oE '[0-9]+'); p=${p:-0}
	f=$(grep -oE '[0-9]+ failed' <<<"$out" | tail -1 | grep -oE '[0-9]+'); f=${f:-0}
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$rc" -ne 0 ]; then
		[ "$f" -gt 0 ] || failed=$((failed + 1))
		failures+=("browser (exit $rc)")
	fi
}

case "$what" in
	unit) run_unit ;;
	http) run_http ;;
	browser) run_browser ;;
	all) run_unit; run_http; run_browser ;;
	*) echo "usage: tests/run.sh [unit|http|browser]"; exit 2 ;;
esac

echo
for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
