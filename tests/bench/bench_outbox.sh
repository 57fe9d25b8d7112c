#!/usr/bin/env bash
# bench_outbox.sh - outbox throughput: how many events per second the outbox
# worker of `tandem serve` (release build) delivers as signed webhooks to a
# receiver on loopback that answers at once. Called from tests/bench/bench.sh.
#
# N events (BENCH_EVENTS, 5000) are written to the outbox with their
# deliveries while the endpoint is off, spread over 200 order keys (clients:
# deliveries with one key go out one at a time); then the endpoint is switched
# on and the time until the last delivery is recorded is measured.
# Target (issue #6): at least 500 events/s. Exit 1 when the run is invalid.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
cd "$ROOT"
N=${BENCH_EVENTS:-5000}
TARGET=500

say() { printf 'bench-outbox: %s\n' "$*"; }
die() { printf 'bench-outbox: error: %s\n' "$*" >&2; exit 1; }
[[ $N =~ ^[1-9][0-9]*$ ]] || die "BENCH_EVENTS must be a positive number"

for v in $(compgen -e); do
    case $v in TANDEM_*) unset "$v" ;; esac
done
BIN=$ROOT/build/rel/tandem
[ -x "$BIN" ] || die "no release build at $BIN (make build)"
VAR=$(mktemp -d /tmp/tbout.XXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WORKERS=${WORKERS:-2}
SEED=1
export VAR PORT BIN WORKERS SEED
RECV_PID=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -z "$RECV_PID" ] || kill "$RECV_PID" 2>/dev/null || true
    nginx/stack.sh stop >>"$VAR/stack.log" 2>&1 || true
    rm -rf "$VAR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

nginx/stack.sh start >"$VAR/stack.log" 2>&1 || { sed 's/^/  | /' "$VAR/stack.log" >&2; die "the stack did not start"; }

# The receiver: asyncio, keep-alive, answers 200 at once, counts requests.
python3 - "$VAR/recv.port" "$VAR/recv.count" <<'EOF' &
import asyncio, sys
count = 0
async def handle(reader, writer):
    global count
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            n = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    n = int(line[15:])
            if n:
                await reader.readexactly(n)
            count += 1
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
    except Exception:
        writer.close()
async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    open(sys.argv[1], "w").write(str(srv.sockets[0].getsockname()[1]))
    while True:
        await asyncio.sleep(0.2)
        open(sys.argv[2], "w").write(str(count))
asyncio.run(main())
EOF
RECV_PID=$!
for _ in $(seq 50); do [ -s "$VAR/recv.port" ] && break; sleep 0.1; done
[ -s "$VAR/recv.port" ] || die "the receiver did not start"
RPORT=$(cat "$VAR/recv.port")

sql() {
    local user=root
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    mariadb --no-defaults --socket="$VAR/run/mysql.sock" -u "$user" --batch --skip-column-names tandem -e "$1"
}

sql "INSERT INTO settings (name, value, updated_at) VALUES ('allow_private_targets', '1', UTC_TIMESTAMP());
     INSERT INTO webhook_endpoints (name, url, kind, events, secret, enabled, created_at, updated_at)
     VALUES ('bench', 'http://127.0.0.1:$RPORT/hook', 'generic', '', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 0,
             UTC_TIMESTAMP(), UTC_TIMESTAMP());
     INSERT INTO outbox (event_uid, type, client_id, project_id, payload, created_at)
     SELECT CONCAT('evt_bench_', seq), 'project.stage_changed', NULL, NULL,
            CONCAT('{\"id\":\"evt_bench_', seq, '\",\"type\":\"project.stage_changed\",\"data\":{\"project\":{\"id\":', seq,
                   '},\"from\":\"planning\",\"to\":\"execution\",\"note\":\"benchmark event\"}}'), UTC_TIMESTAMP(6)
     FROM seq_1_to_$N;
     INSERT INTO deliveries (outbox_id, endpoint_id, order_key, next_at, created_at)
     SELECT o.id, e.id, o.id % 200 + 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM outbox o JOIN webhook_endpoints e ON e.name = 'bench' WHERE o.event_uid LIKE 'evt_bench_%';" ||
    die "could not write the events"

say "$N events queued over 200 order keys; receiver on 127.0.0.1:$RPORT; switching the endpoint on"
t0=$(date +%s.%N)
sql "UPDATE webhook_endpoints SET enabled = 1 WHERE name = 'bench'"
done_n=0
for _ in $(seq 1200); do
    done_n=$(sql "SELECT COUNT(*) FROM deliveries WHERE state = 'delivered'")
    [ "$done_n" -ge "$N" ] && break
    sleep 0.05
done
t1=$(date +%s.%N)
[ "$done_n" -ge "$N" ] || die "only $done_n of $N delivered within a minute"
failed=$(sql "SELECT COUNT(*) FROM delivery_attempts WHERE http_status IS NULL OR http_status <> 200")
sleep 0.3
received=$(cat "$VAR/recv.count")
rate=$(awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
printf 'outbox:  %s events delivered in %s s = %s events/s (received %s requests, %s failed attempts)\n' \
    "$N" "$secs" "$rate" "$received" "$failed"
if [ "$rate" -ge "$TARGET" ]; then
    printf '  outbox         PASS  (%s events/s >= %s)\n' "$rate" "$TARGET"
else
    printf '  outbox         MISS  (%s events/s < %s)\n' "$rate" "$TARGET"
fi
[ "$failed" = 0 ] || die "some attempts failed: the figure is not valid"
