#!/usr/bin/env bash
# tests/browser/run.sh - the browser tests: Playwright (npm package
# playwright-core) driving Debian's /usr/bin/chromium against a private stack.
#
#   tests/browser/run.sh            (also run by tests/run.sh browser / make test)
#
# 1. makes sure /usr/bin/chromium is there (apt-get install chromium as root)
# 2. npm ci in tests/browser when node_modules is missing or package-lock.json
#    changed since the last install (stamp: node_modules/.tandem-lock.sha256)
# 3. starts its own stack (nginx/stack.sh: MariaDB + nginx + tandem, demo data, and with
#    IMAP=1 a private Dovecot) in a new VAR=/tmp/tbr.XXXX on a free port; stops it and removes VAR on exit
# 4. node tests/browser/ui.mjs http://127.0.0.1:PORT OUTDIR
#
# Environment:
#   BIN             tandem binary (build/san/tandem, built with `make san` if missing)
#   SCREENSHOT_DIR  where the screenshots go (var/screenshots)
#   WORKERS         tandem workers (2)
#   ONLY            run only the tests whose name contains this
#   KEEP=1          keep the runtime directory (logs) after the run
#
# The last line is always "browser: N passed, M failed"; exit 0 only if M is 0.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

PASSED=0
FAILED=0
VAR=""
STACK_UP=0
NODE_PID=""
FILTER_PID=""
STARTED_AT=$(date +%s)

say() { printf 'browser: %s\n' "$*"; }   # never "browser: N passed": that is the summary
fail_setup() { say "error: $*" >&2; FAILED=$((FAILED + 1)); exit 1; }

finish() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [ -n "$NODE_PID" ]; then          # interrupted while the tests ran
        kill -TERM "$NODE_PID" 2>/dev/null
        wait "$NODE_PID" 2>/dev/null
        [ -z "$FILTER_PID" ] || wait "$FILTER_PID" 2>/dev/null
        read_summary
        say "interrupted"
    fi
    [ "$STACK_UP" = 0 ] || stop_stack
    if [ -n "$VAR" ] && [ -d "$VAR" ]; then
        if [ "${KEEP:-0}" = 1 ]; then
            say "runtime directory kept: $VAR"
        else
            rm -rf "$VAR"
        fi
    fi
    [ "$rc" -eq 0 ] || [ "$FAILED" -gt 0 ] || FAILED=1
    say "took $(($(date +%s) - STARTED_AT)) s"
    echo "browser: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ] && [ "$rc" -eq 0 ] && exit 0
    exit 1
}
RESULTS=""
read_summary() { # PASSED, FAILED from the summary line of ui.mjs (if it got that far)
    local line
    [ -n "$RESULTS" ] && [ -f "$RESULTS" ] || return 0
    line=$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed$' "$RESULTS" | tail -n 1 || true)
    [ -n "$line" ] || return 0
    PASSED=$(sed -E 's/^browser: ([0-9]+) passed.*/\1/' <<<"$line")
    FAILED=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
}
stop_stack() {
    STACK_UP=0
    if [ -n "${SINK_PID:-}" ]; then kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=""; fi
    VAR=$VAR BIN=$BIN PORT=$PORT nginx/stack.sh stop >"$VAR/stop.log" 2>&1 \
        || { cat "$VAR/stop.log" >&2; say "warning: nginx/stack.sh stop failed"; }
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- chromium
CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        say "installing Debian's chromium (apt-get install -y chromium)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || {
            apt-get update -qq >/dev/null 2>&1 || true
            apt-get install -y --no-install-recommends chromium >/dev/null || true
        }
    fi
    [ -x "$CHROMIUM" ] || fail_setup "no $CHROMIUM: install Debian's chromium package (as root: apt-get install -y chromium)"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        say "installing Debian's nodejs and npm"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends nodejs npm >/dev/null 2>&1 || {
            apt-get update -qq >/dev/null 2>&1 || true
            apt-get install -y --no-install-recommends nodejs npm >/dev/null || true
        }
    fi
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        fail_setup "node and npm are needed (as root: apt-get install -y nodejs npm)"
    fi
fi

# ---------------------------------------------------------------- npm ci
LOCK=$HERE/package-lock.json
STAMP=$HERE/node_modules/.tandem-lock.sha256
want=$(sha256sum "$LOCK" | cut -d' ' -f1)
have=$(cat "$STAMP" 2>/dev/null || true)
if [ ! -d "$HERE/node_modules/playwright-core" ] || [ "$want" != "$have" ]; then
    say "npm ci in tests/browser"
    (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || fail_setup "npm ci failed in $HERE"
    printf '%s\n' "$want" >"$STAMP"
fi

# ---------------------------------------------------------------- the stack
if [ -z "${BIN:-}" ]; then
    BIN=$ROOT/build/san/tandem
    if [ ! -x "$BIN" ]; then
        say "no $BIN: make san"
        make -s san || fail_setup "make san failed"
    fi
fi
BIN=$(realpath -m "$BIN")
[ -x "$BIN" ] || fail_setup "no tandem binary at $BIN (make san, or set BIN=)"

# The worker may be the ASan/UBSan build: report errors, do not hide them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

free_port() {
    node -e 'const s = require("net").createServer();
        s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# the app's own settings come from the generated config, not the caller's environment
while read -r v; do unset "$v"; done < <(compgen -e | grep '^TANDEM_' || true)
VAR=$(mktemp -d /tmp/tbr.XXXX)
export VAR BIN
# the SMTP sink (tests/fakes/smtp_sink.py): every e-mail lands in $VAR/mail as NNNN.eml,
# where ui.mjs reads it (MAIL_DIR); stopped with the stack
SINK_PORT=$(free_port)
python3 "$ROOT/tests/fakes/smtp_sink.py" --port "$SINK_PORT" --dir "$VAR/mail" >"$VAR/sink.log" 2>&1 &
SINK_PID=$!
export SMTP_URL="smtp://127.0.0.1:$SINK_PORT" MAIL_FROM="projects@agency.test" MAIL_DIR="$VAR/mail"
export WORKERS=${WORKERS:-2}
export SEED=1
# a private Dovecot too (issue 14): the mailbox settings (imap_*, imap_address = MAIL_FROM) are
# written, so thread notifications carry a Reply-To; ui.mjs appends replies over IMAP
export IMAP=1 IMAP_USER=tandem IMAP_PASSWORD=tandem-imap IMAP_INTERVAL=1
PORT=""
for attempt in 1 2 3; do
    PORT=$(free_port)
    export PORT
    say "starting the stack on 127.0.0.1:$PORT (VAR=$VAR, BIN=$BIN)"
    STACK_UP=1   # stop whatever a half-failed start left behind
    if nginx/stack.sh start >"$VAR/start.log" 2>&1; then
        break
    fi
    if grep -q 'already in use' "$VAR/start.log" && [ "$attempt" -lt 3 ]; then
        say "port $PORT was taken meanwhile; another one"
        continue
    fi
    cat "$VAR/start.log" >&2
    fail_setup "nginx/stack.sh start failed (logs in $VAR/log)"
done

# ---------------------------------------------------------------- the tests
OUTDIR=${SCREENSHOT_DIR:-var/screenshots}
mkdir -p "$OUTDIR"
OUTDIR=$(realpath "$OUTDIR")
RESULTS=$VAR/ui.out

# node in the background and `wait` for it, so that INT/TERM reach the trap at
# once (it stops node, then the stack); the summary line of ui.mjs is held
# back here and printed again, as the very last line, by finish().
mkfifo "$VAR/ui.fifo"
tee "$RESULTS" <"$VAR/ui.fifo" | grep --line-buffered -vE '^browser: [0-9]+ passed, [0-9]+ failed$' &
FILTER_PID=$!
node "$HERE/ui.mjs" "http://127.0.0.1:$PORT" "$OUTDIR" >"$VAR/ui.fifo" 2>&1 &
NODE_PID=$!
node_rc=0
wait "$NODE_PID" || node_rc=$?
NODE_PID=""
wait "$FILTER_PID" || true
FILTER_PID=""

read_summary
if [ "$node_rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
    say "ui.mjs exited with status $node_rc"
    FAILED=1
fi

# Stop first (LeakSanitizer reports when the workers exit), then read the log:
# a sanitizer report fails the run even if every page looked fine.
stop_stack
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$VAR/log/tandem.log" 2>/dev/null; then
    say "sanitizer report in the tandem log:"
    grep -nE -A12 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$VAR/log/tandem.log" | head -60 >&2
    FAILED=$((FAILED + 1))
fi

say "screenshots in $OUTDIR"
[ "$FAILED" -eq 0 ]
