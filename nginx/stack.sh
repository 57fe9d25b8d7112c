#!/usr/bin/env bash
# Tandem local stack: a private MariaDB, `tandem serve` and nginx, all under
# one runtime directory. Used by `make run`, `make start`, `make stop`, the
# HTTP/browser test harness and the benchmark.
#
#   nginx/stack.sh start    start what is not running (reuses existing data), return
#   nginx/stack.sh run      start, then stay in the foreground; Ctrl-C stops all
#   nginx/stack.sh stop     stop tandem, nginx, MariaDB (idempotent)
#   nginx/stack.sh status   say which of the three run (exit 0 all, 3 none, 1 some)
#
# Environment (defaults):
#   ROOT        repository directory (the directory above this script)
#   VAR         runtime directory ($ROOT/var); made absolute
#   PORT        nginx port on 127.0.0.1 (8080)
#   BIN         tandem binary ($ROOT/build/rel/tandem)
#   WORKERS     request workers (nproc)
#   SEED        1 = load the demo data set if the database has no users (1)
#   TIMING_LOG  optional file for per-request timings (written to the config)
#   SMTP_URL    outgoing mail server (smtp_url in the config; the tests' SMTP sink)
#   MAIL_FROM   From address of outgoing mail (mail_from)
#   MAX_UPLOAD  bytes of one upload (max_upload; the tests make it small)
#   TEST_CLOCK  1 = the settings row clock_now sets the time of digests and reports due
#               (test_clock; the HTTP tests only, never production)
#   WRAP        command words put before `tandem serve`, e.g. valgrind and its
#               options (tests/valgrind.sh); empty by default
#   IMAP        1 = also a private Dovecot (IMAP on 127.0.0.1, no TLS, one user) that the
#               mailbox settings point at (issue 14; the HTTP tests set it, `make run` need not)
#   IMAP_PORT   its port (a free one when not given)
#   IMAP_USER, IMAP_PASSWORD  its one user (tandem / tandem-imap)
#   IMAP_ADDRESS  the mailbox's e-mail address (imap_address; MAIL_FROM, else tandem@localhost)
#   IMAP_INTERVAL seconds between the worker's polls (imap_interval_s; 1: the test stack)
#
# Layout under $VAR:
#   mysql/  MariaDB datadir      run/  sockets, pid files (mariadb.pid, nginx.pid, tandem.pid,
#                                      dovecot.pid)
#   log/    mariadb.log, nginx-error.log, tandem.log, dovecot.log     tmp/  temp files
#   dovecot/  with IMAP=1: dovecot.conf, users, run/ (its sockets), state/, mail/ (maildirs)
#   files/  uploaded files       bench/  static files for the benchmark
#   tandem.conf, nginx.conf      generated on every start
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(realpath -m "${ROOT:-$SCRIPT_DIR/..}")
VAR=$(realpath -m "${VAR:-$ROOT/var}")
PORT=${PORT:-8080}
BIN=$(realpath -m "${BIN:-$ROOT/build/rel/tandem}")
WORKERS=${WORKERS:-$(nproc 2>/dev/null || echo 2)}
SEED=${SEED:-1}
TIMING_LOG=${TIMING_LOG:-}
IMAP=${IMAP:-0}
IMAP_PORT=${IMAP_PORT:-}
IMAP_USER=${IMAP_USER:-tandem}
IMAP_PASSWORD=${IMAP_PASSWORD:-tandem-imap}
IMAP_ADDRESS=${IMAP_ADDRESS:-${MAIL_FROM:-tandem@localhost}}
IMAP_INTERVAL=${IMAP_INTERVAL:-1}
read -r -a WRAP_CMD <<<"${WRAP:-}"
[ -z "$TIMING_LOG" ] || TIMING_LOG=$(realpath -m "$TIMING_LOG")

RUN=$VAR/run
LOGDIR=$VAR/log
DATADIR=$VAR/mysql
MYSQL_SOCK=$RUN/mysql.sock
APP_SOCK=$RUN/tandem.sock
CONF=$VAR/tandem.conf
NGINX_CONF=$VAR/nginx.conf
TEMPLATE=$ROOT/nginx/tandem.conf.in
DB_NAME=tandem

MARIADB_PID=$RUN/mariadb.pid
TANDEM_PID=$RUN/tandem.pid
NGINX_PID=$RUN/nginx.pid
DOVECOT_PID=$RUN/dovecot.pid
DOVECOT_DIR=$VAR/dovecot
DOVECOT_CONF=$DOVECOT_DIR/dovecot.conf

if [ "$(id -u)" -eq 0 ]; then
    DB_USER=root            # root@localhost, unix_socket authentication
else
    DB_USER=$(id -un)       # created by mariadb-install-db --auth-root-socket-user
fi

# Daemons live in /usr/sbin, which a non-root PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

say() { printf 'stack: %s\n' "$*"; }
warn() { printf 'stack: %s\n' "$*" >&2; }
die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

log_tail() { # file [lines]
    if [ -s "$1" ]; then
        printf -- '--- last lines of %s ---\n' "$1" >&2
        tail -n "${2:-25}" "$1" | sed 's/^/  | /' >&2
    fi
}

log_since() { # file byte-offset: what was appended since (last 25 lines of it)
    local n
    n=$(stat -c %s "$1" 2>/dev/null) || return 0
    [ "$n" -gt "$2" ] || return 0
    printf -- '--- %s ---\n' "$1" >&2
    tail -c +"$(($2 + 1))" "$1" | tail -n 25 | sed 's/^/  | /' >&2
}

# ---------------------------------------------------------------- processes

read_pid() { # pidfile -> prints the pid, fails if none
    local pid
    [ -r "$1" ] || return 1
    read -r pid <"$1" 2>/dev/null || [ -n "${pid:-}" ] || return 1
    [[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
    printf '%s\n' "$pid"
}

# Is $pid alive (not a zombie) and the program we expect ($2..: accepted
# names, matched as prefixes of /proc/PID/comm or of the executable's name)?
# Guards against signalling an unrelated process that reused a stale pid.
proc_is() {
    local pid=$1 stat rest state comm exe want
    shift
    kill -0 "$pid" 2>/dev/null || return 1
    [ -r "/proc/$pid/stat" ] || return 0          # no /proc: trust kill -0
    read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
    rest=${stat##*) }
    state=${rest%% *}
    [ "$state" != Z ] && [ "$state" != X ] || return 1
    read -r comm 2>/dev/null <"/proc/$pid/comm" || comm=
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || exe=
    exe=${exe##*/}
    for want in "$@"; do
        [[ $comm == "${want:0:15}"* || $exe == "$want"* ]] && return 0
    done
    return 1
}

proc_pgrp() { # pid -> process group id
    local stat rest
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    rest=${stat##*) }
    local f
    read -r -a f <<<"$rest"
    printf '%s\n' "${f[2]}"
}

# Does process group $1 still have a live (non-zombie) member? Zombies are
# skipped: on some hosts pid 1 reaps orphans only after a while.
group_alive() {
    local g=$1 f st rest a
    kill -0 -- "-$g" 2>/dev/null || return 1
    [ -d /proc/self ] || return 0
    for f in /proc/[0-9]*/stat; do
        read -r st 2>/dev/null <"$f" || continue
        rest=${st##*) }
        read -r -a a <<<"$rest"
        [ "${a[2]}" = "$g" ] && [ "${a[0]}" != Z ] && [ "${a[0]}" != X ] && return 0
    done
    return 1
}

tandem_names() { # under valgrind the process is its tool (memcheck-amd64-linux)
    printf '%s\n' tandem "$(basename "$BIN")"
    [ ${#WRAP_CMD[@]} -eq 0 ] || printf '%s\n' memcheck "$(basename "${WRAP_CMD[0]}")"
}

# running NAME -> prints the pid if that service of this stack is running
running() {
    local pid
    case $1 in
        mariadb)
            pid=$(read_pid "$MARIADB_PID") && proc_is "$pid" mariadbd mysqld ;;
        nginx)
            pid=$(read_pid "$NGINX_PID") && proc_is "$pid" nginx ;;
        tandem)
            local names
            mapfile -t names < <(tandem_names)
            pid=$(read_pid "$TANDEM_PID") && proc_is "$pid" "${names[@]}" ;;
        dovecot)
            pid=$(read_pid "$DOVECOT_PID") && proc_is "$pid" dovecot ;;
        *) return 1 ;;
    esac || return 1
    printf '%s\n' "$pid"
}

wait_gone() { # pid tenths-of-seconds names...
    local pid=$1 n=$2
    shift 2
    while [ "$n" -gt 0 ] && proc_is "$pid" "$@"; do
        sleep 0.1
        n=$((n - 1))
    done
    ! proc_is "$pid" "$@"
}

# stop_service NAME PIDFILE SIGNAL... : signals in turn (each given ~the
# time allowed below), SIGKILL as the last resort. Only the pid from our own
# pid file is signalled, plus its process group if it leads one (the
# service's own workers: each service runs in its own session).
stop_service() {
    local name=$1 pidfile=$2 pid pgrp="" sig names
    shift 2
    case $name in
        mariadb) names=(mariadbd mysqld) ;;
        nginx) names=(nginx) ;;
        tandem) mapfile -t names < <(tandem_names) ;;
        dovecot) names=(dovecot) ;;
    esac
    if ! pid=$(running "$name"); then
        if [ -e "$pidfile" ]; then
            rm -f "$pidfile"
            say "$name: not running (stale pid file removed)"
        else
            say "$name: not running"
        fi
        return 0
    fi
    pgrp=$(proc_pgrp "$pid" 2>/dev/null) || pgrp=""
    say "$name: stopping (pid $pid)"
    local stopped=0
    for sig in "$@"; do
        kill -s "$sig" "$pid" 2>/dev/null || true
        if wait_gone "$pid" 150 "${names[@]}"; then
            stopped=1
            break
        fi
        warn "$name: still running 15 s after SIG$sig"
    done
    if [ "$stopped" = 0 ]; then
        warn "$name: sending SIGKILL"
        if [ "$pgrp" = "$pid" ]; then
            kill -s KILL -- "-$pid" 2>/dev/null || true
        else
            kill -s KILL "$pid" 2>/dev/null || true
        fi
        wait_gone "$pid" 50 "${names[@]}" || warn "$name: pid $pid survived SIGKILL"
    fi
    # Leftover children in the service's own process group (e.g. workers
    # orphaned by a crashed supervisor): give them a moment, then kill.
    if [ "$pgrp" = "$pid" ] && group_alive "$pid"; then
        local n=50
        while [ "$n" -gt 0 ] && group_alive "$pid"; do
            sleep 0.1
            n=$((n - 1))
        done
        if group_alive "$pid"; then
            warn "$name: killing leftover processes of group $pid"
            kill -s KILL -- "-$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

# ---------------------------------------------------------------- locking

# Serialise start/stop on one VAR. fd 9 must not leak into the daemons
# (they would hold the lock forever): every daemon launch closes it (9>&-).
take_lock() {
    mkdir -p "$RUN"
    exec 9>"$RUN/stack.lock"
    flock -w 120 9 || die "another nginx/stack.sh is busy with $VAR (lock $RUN/stack.lock)"
}
drop_lock() { exec 9>&-; }

# ---------------------------------------------------------------- start

STARTED=()          # services this invocation started (stopped again on failure)
STARTING=0

on_exit() {
    local rc=$?
    if [ "$rc" -ne 0 ] && [ "$STARTING" = 1 ] && [ ${#STARTED[@]} -gt 0 ]; then
        STARTING=0
        warn "start failed; stopping what this run started: ${STARTED[*]}"
        local s
        for s in tandem nginx dovecot mariadb; do
            if [[ " ${STARTED[*]} " == *" $s "* ]]; then
                case $s in
                    tandem) stop_service tandem "$TANDEM_PID" TERM || true ;;
                    dovecot) stop_service dovecot "$DOVECOT_PID" TERM || true ;;
                    nginx) stop_service nginx "$NGINX_PID" QUIT TERM || true ;;
                    mariadb) stop_service mariadb "$MARIADB_PID" TERM || true ;;
                esac
            fi
        done
    fi
    exit "$rc"
}
trap on_exit EXIT

need() {
    local c missing=()
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || missing+=("$c")
    done
    [ ${#missing[@]} -eq 0 ] || die "missing commands: ${missing[*]} (install the packages: .ci/deps.sh)"
}

check_sock_path() { # unix socket paths are limited to 107 bytes
    [ "${#1}" -le 107 ] || die "socket path too long (${#1} > 107 bytes): $1 — use a shorter VAR"
}

check_env() {
    [[ $PORT =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "PORT must be a port number, not '$PORT'"
    [[ $WORKERS =~ ^[1-9][0-9]*$ ]] || die "WORKERS must be a positive number, not '$WORKERS'"
    [[ $SEED =~ ^[01]$ ]] || die "SEED must be 0 or 1, not '$SEED'"
    [[ $IMAP =~ ^[01]$ ]] || die "IMAP must be 0 or 1, not '$IMAP'"
    case $VAR$ROOT in *'"'* | *$'\n'*) die "VAR and ROOT must not contain quotes or newlines" ;; esac
    [ -x "$BIN" ] && [ -f "$BIN" ] || die "no tandem binary at $BIN — build it first (make), or set BIN=/path/to/tandem"
    [ -r "$TEMPLATE" ] || die "missing nginx template $TEMPLATE"
    need mariadbd mariadb-install-db mariadb-admin mariadb nginx curl setsid flock
    check_sock_path "$MYSQL_SOCK"
    check_sock_path "$APP_SOCK"
    if [ "$IMAP" = 1 ]; then
        need dovecot
        [ -z "$IMAP_PORT" ] || { [[ $IMAP_PORT =~ ^[0-9]+$ ]] && [ "$IMAP_PORT" -ge 1 ] && [ "$IMAP_PORT" -le 65535 ]; } \
            || die "IMAP_PORT must be a port number, not '$IMAP_PORT'"
        [[ $IMAP_INTERVAL =~ ^[1-9][0-9]*$ ]] || die "IMAP_INTERVAL must be a number of seconds, not '$IMAP_INTERVAL'"
        [[ $IMAP_USER =~ ^[a-z][a-z0-9_-]*$ ]] || die "IMAP_USER must be a plain user name, not '$IMAP_USER'"
        [[ $IMAP_PASSWORD =~ ^[A-Za-z0-9._-]+$ ]] || die "IMAP_PASSWORD must be letters, digits, '.', '_' or '-'"
        [[ $IMAP_ADDRESS =~ ^[^[:space:]\'\"@]+@[^[:space:]\'\"@]+$ ]] || die "IMAP_ADDRESS must be an e-mail address, not '$IMAP_ADDRESS'"
        check_sock_path "$DOVECOT_DIR/run/imap-urlauth-worker"
    fi
}

sql() { mariadb --no-defaults --socket="$MYSQL_SOCK" -u "$DB_USER" "$@"; }

start_mariadb() {
    local pid
    if [ ! -d "$DATADIR/mysql" ]; then
        say "mariadb: initialising a new data directory in $DATADIR"
        mkdir -p "$DATADIR"
        local args=(--no-defaults "--datadir=$DATADIR" --auth-root-authentication-method=socket --skip-test-db)
        if [ "$(id -u)" -eq 0 ]; then
            args+=(--user=root)
        else
            args+=("--auth-root-socket-user=$DB_USER")
        fi
        if ! mariadb-install-db "${args[@]}" >"$LOGDIR/mariadb-install.log" 2>&1 </dev/null 9>&-; then
            log_tail "$LOGDIR/mariadb-install.log"
            die "mariadb-install-db failed (full log: $LOGDIR/mariadb-install.log)"
        fi
    fi

    local launched=""
    if pid=$(running mariadb); then
        say "mariadb: already running (pid $pid)"
    else
        rm -f "$MARIADB_PID"
        local args=(--no-defaults
            "--datadir=$DATADIR"
            "--socket=$MYSQL_SOCK"
            --skip-networking
            "--pid-file=$MARIADB_PID"
            "--log-error=$LOGDIR/mariadb.log"
            "--tmpdir=$VAR/tmp"
            --innodb-buffer-pool-size=256M
            --innodb-log-file-size=64M
            --innodb-flush-log-at-trx-commit=2
            --character-set-server=utf8mb4
            --collation-server=utf8mb4_unicode_ci
            --max-connections=200
            --max-allowed-packet=64M
            --skip-name-resolve)
        [ "$(id -u)" -ne 0 ] || args+=(--user=root)
        printf '=== %s stack.sh: starting mariadbd\n' "$(date '+%F %T')" >>"$LOGDIR/mariadb.log"
        # Own session: Ctrl-C in the terminal reaches only stack.sh, whose
        # trap stops everything in order.
        setsid mariadbd "${args[@]}" >>"$LOGDIR/mariadb.log" 2>&1 </dev/null 9>&- &
        launched=$!
        disown "$launched" 2>/dev/null || true    # no "Killed" job notices from bash
        STARTED+=(mariadb)
    fi

    local i
    for ((i = 0; i < 300; i++)); do
        if mariadb-admin --no-defaults --socket="$MYSQL_SOCK" -u "$DB_USER" ping >/dev/null 2>&1; then
            break
        fi
        if [ -n "$launched" ] && [ "$i" -ge 5 ] && ! proc_is "$launched" mariadbd mysqld && ! running mariadb >/dev/null; then
            log_tail "$LOGDIR/mariadb.log"
            die "mariadbd exited during startup (log: $LOGDIR/mariadb.log)"
        fi
        sleep 0.1
    done
    if [ "$i" -ge 300 ]; then
        log_tail "$LOGDIR/mariadb.log"
        die "mariadb did not answer on $MYSQL_SOCK within 30 s (log: $LOGDIR/mariadb.log)"
    fi
    if [ -n "$launched" ]; then
        pid=$(running mariadb) || pid=$launched
        say "mariadb: started (pid $pid, socket $MYSQL_SOCK)"
    fi

    sql -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" \
        || die "could not create database $DB_NAME"
}

# write_if_changed FILE: content on stdin; returns 0 if the file changed.
write_if_changed() {
    local tmp
    tmp=$(mktemp "$1.XXXXXX")
    cat >"$tmp"
    if [ -f "$1" ] && cmp -s "$tmp" "$1"; then
        rm -f "$tmp"
        return 1
    fi
    chmod 644 "$tmp"
    mv -f "$tmp" "$1"
    return 0
}

CONF_CHANGED=0
write_tandem_conf() {
    if {
        printf '# Generated by nginx/stack.sh on every start; edit the script, not this file.\n'
        printf 'db_socket = %s\n' "$MYSQL_SOCK"
        printf 'db_user = %s\n' "$DB_USER"
        printf 'db_name = %s\n' "$DB_NAME"
        printf 'socket = %s\n' "$APP_SOCK"
        printf 'socket_mode = 0666\n'
        printf 'workers = %s\n' "$WORKERS"
        printf 'base_url = http://127.0.0.1:%s\n' "$PORT"
        printf 'secure_cookies = 0\n'
        printf 'xslt_dir = %s\n' "$ROOT/xslt"
        printf 'schema_dir = %s\n' "$ROOT/schema"
        printf 'files_dir = %s\n' "$VAR/files"
        [ -z "$TIMING_LOG" ] || printf 'timing_log = %s\n' "$TIMING_LOG"
        [ -z "${SMTP_URL:-}" ] || printf 'smtp_url = %s\n' "$SMTP_URL"
        [ -z "${MAIL_FROM:-}" ] || printf 'mail_from = %s\n' "$MAIL_FROM"
        [ -z "${MAX_UPLOAD:-}" ] || printf 'max_upload = %s\n' "$MAX_UPLOAD"
        [ -z "${TEST_CLOCK:-}" ] || printf 'test_clock = %s\n' "$TEST_CLOCK"
    } | write_if_changed "$CONF"; then
        CONF_CHANGED=1
    fi
}

app_cmd() { # subcommand...: run a one-shot tandem command, output to terminal and tandem.log
    local log=$LOGDIR/tandem.log
    printf '=== %s stack.sh: tandem %s\n' "$(date '+%F %T')" "$*" >>"$log"
    if ! "$BIN" -c "$CONF" "$@" </dev/null 9>&- 2>&1 | tee -a "$log" | sed 's/^/  | /'; then
        die "'tandem $*' failed (log: $log)"
    fi
}

# ---------------------------------------------------------------- dovecot (IMAP=1)

# The port of a running Dovecot's configuration, or nothing.
dovecot_conf_port() {
    sed -n 's/^[[:space:]]*port = \([0-9][0-9]*\)$/\1/p' "$DOVECOT_CONF" 2>/dev/null | grep -v '^0$' | head -n 1
}

# A free port on 127.0.0.1 (nothing accepts connections on it), from a random start.
free_port() {
    local p i
    for ((i = 0; i < 200; i++)); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { printf '%s\n' "$p"; return 0; }
    done
    return 1
}

# A private Dovecot: IMAP on 127.0.0.1:$IMAP_PORT without TLS, one passwd-file user, maildirs
# under $VAR/dovecot/mail, its sockets, state and log under $VAR; its own process (dovecot -F,
# pid in $DOVECOT_PID), stopped by that pid. As a normal user everything runs as that user; as
# root (CI) the login processes run as dovenull and the mail as the dovecot user (Dovecot
# refuses root for both), which then must reach $VAR/dovecot/mail: $VAR and $VAR/dovecot get
# o+x (no listing).
start_dovecot() {
    local pid mail_uid mail_gid internal login group
    if pid=$(running dovecot); then
        IMAP_PORT=$(dovecot_conf_port)
        say "dovecot: already running (pid $pid, imap://127.0.0.1:$IMAP_PORT)"
        return 0
    fi
    [ -n "$IMAP_PORT" ] || IMAP_PORT=$(free_port) || die "no free port for Dovecot"
    mkdir -p "$DOVECOT_DIR/run" "$DOVECOT_DIR/state" "$DOVECOT_DIR/mail"
    if [ "$(id -u)" -eq 0 ]; then
        id dovecot >/dev/null 2>&1 && id dovenull >/dev/null 2>&1 \
            || die "users dovecot and dovenull are missing (install dovecot-imapd: .ci/deps.sh)"
        mail_uid=$(id -u dovecot)
        mail_gid=$(id -g dovecot)
        internal=dovecot
        group=$(id -gn dovecot)
        login=dovenull
        chmod o+x "$VAR" "$DOVECOT_DIR"
        chown -R "$mail_uid:$mail_gid" "$DOVECOT_DIR/mail"
        ! command -v runuser >/dev/null 2>&1 || runuser -u dovecot -- test -w "$DOVECOT_DIR/mail" \
            || die "the dovecot user cannot reach $DOVECOT_DIR/mail (a folder above $VAR is closed to others): use another VAR"
    else
        mail_uid=$(id -u)
        mail_gid=$(id -g)
        internal=$(id -un)
        group=$(id -gn)
        login=$internal
    fi
    printf '%s:{PLAIN}%s:%s:%s::%s\n' "$IMAP_USER" "$IMAP_PASSWORD" "$mail_uid" "$mail_gid" \
        "$DOVECOT_DIR/mail/$IMAP_USER" >"$DOVECOT_DIR/users"
    chmod 600 "$DOVECOT_DIR/users"
    {
        printf '# Generated by nginx/stack.sh (IMAP=1) on every start: the stack'"'"'s private Dovecot.\n'
        printf 'protocols = imap\n'
        printf 'listen = 127.0.0.1\n'
        printf 'base_dir = %s\n' "$DOVECOT_DIR/run"
        printf 'state_dir = %s\n' "$DOVECOT_DIR/state"
        printf 'log_path = %s\n' "$LOGDIR/dovecot.log"
        printf 'ssl = no\n'
        printf '# plaintext login: the listener is on loopback only\n'
        printf 'disable_plaintext_auth = no\n'
        printf 'auth_mechanisms = plain login\n'
        printf 'auth_verbose = yes\n'
        printf 'mail_location = maildir:%s/%%u\n' "$DOVECOT_DIR/mail"
        printf 'mail_fsync = never\n'
        printf 'default_internal_user = %s\n' "$internal"
        printf 'default_internal_group = %s\n' "$group"
        printf 'default_login_user = %s\n' "$login"
        printf 'first_valid_uid = 1\n'
        printf 'namespace inbox {\n  inbox = yes\n  separator = /\n}\n'
        printf 'passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%%u %s\n}\n' "$DOVECOT_DIR/users"
        printf 'userdb {\n  driver = passwd-file\n  args = username_format=%%u %s\n}\n' "$DOVECOT_DIR/users"
        printf 'protocol imap {\n  mail_max_userip_connections = 200\n}\n'
        printf 'service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = %s\n  }\n' "$IMAP_PORT"
        printf '  inet_listener imaps {\n    port = 0\n  }\n'
        if [ "$(id -u)" -eq 0 ]; then
            printf '}\n'
            printf '# the users file is under $VAR (0700 when the harness made it)\nservice auth {\n  user = root\n}\n'
        else
            printf '  chroot =\n}\nservice anvil {\n  chroot =\n}\n'
        fi
    } >"$DOVECOT_CONF"
    local out
    if ! out=$(dovecot -n -c "$DOVECOT_CONF" 2>&1 >/dev/null </dev/null 9>&-); then
        printf '%s\n' "$out" >&2
        die "dovecot rejected the generated configuration ($DOVECOT_CONF)"
    fi
    rm -f "$DOVECOT_PID"
    printf '=== %s stack.sh: starting dovecot on 127.0.0.1:%s\n' "$(date '+%F %T')" "$IMAP_PORT" >>"$LOGDIR/dovecot.log"
    # shellcheck disable=SC2016
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$DOVECOT_PID" dovecot -F -c "$DOVECOT_CONF" \
        >>"$LOGDIR/dovecot.log" 2>&1 </dev/null 9>&- &
    local launched=$! i
    disown "$launched" 2>/dev/null || true
    STARTED+=(dovecot)
    for ((i = 0; i < 100; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null && break
        if [ "$i" -ge 3 ] && ! proc_is "$launched" dovecot bash && ! running dovecot >/dev/null; then
            log_tail "$LOGDIR/dovecot.log"
            die "dovecot exited during startup (log: $LOGDIR/dovecot.log)"
        fi
        sleep 0.1
    done
    (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null || {
        log_tail "$LOGDIR/dovecot.log"
        die "dovecot did not listen on 127.0.0.1:$IMAP_PORT within 10 s (log: $LOGDIR/dovecot.log)"
    }
    pid=$(read_pid "$DOVECOT_PID") || pid=$launched
    say "dovecot: started (pid $pid, imap://127.0.0.1:$IMAP_PORT, user $IMAP_USER)"
}

# The mailbox settings (settings rows imap_*) pointing at the private Dovecot; the reader's
# cursor is left as it is (a restart of the same stack goes on where it was).
imap_settings() {
    local row rows=""
    for row in "imap_host:127.0.0.1" "imap_port:$IMAP_PORT" "imap_tls:none" "imap_user:$IMAP_USER" \
        "imap_password:$IMAP_PASSWORD" "imap_address:$IMAP_ADDRESS" "imap_folder:INBOX" \
        "imap_done_folder:Tandem/Done" "imap_interval_s:$IMAP_INTERVAL"; do
        rows+="${rows:+, }('${row%%:*}', '${row#*:}', UTC_TIMESTAMP())"
    done
    sql "$DB_NAME" -e "INSERT INTO settings (name, value, updated_at) VALUES $rows
        ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)" \
        || die "could not write the mailbox settings"
}

start_tandem() {
    local pid log=$LOGDIR/tandem.log
    if pid=$(running tandem); then
        local old_bin=""
        [ ! -r "$RUN/tandem.bin" ] || read -r old_bin <"$RUN/tandem.bin" || true
        if [ "$old_bin" != "$BIN" ] || [ "$BIN" -nt "$TANDEM_PID" ]; then
            # Rebuilt (or another build chosen): SIGHUP would re-fork the old
            # code, so restart the supervisor instead.
            say "tandem: binary changed since it started (pid $pid), restarting"
            stop_service tandem "$TANDEM_PID" TERM
        elif [ "$CONF_CHANGED" = 1 ]; then
            kill -s HUP "$pid"
            say "tandem: configuration changed, sent SIGHUP (pid $pid)"
            return 0
        else
            say "tandem: already running (pid $pid)"
            return 0
        fi
    fi
    rm -f "$TANDEM_PID" "$APP_SOCK"
    printf '%s\n' "$BIN" >"$RUN/tandem.bin"
    local log_start
    log_start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    printf '=== %s stack.sh: tandem serve\n' "$(date '+%F %T')" >>"$log"
    # The inner shell writes its own pid (which exec hands to tandem), so the
    # pid file is right whether or not setsid had to fork.
    # shellcheck disable=SC2016
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$TANDEM_PID" ${WRAP_CMD[@]+"${WRAP_CMD[@]}"} "$BIN" -c "$CONF" serve \
        >>"$log" 2>&1 </dev/null 9>&- &
    local launched=$! i names tries=100
    [ ${#WRAP_CMD[@]} -eq 0 ] || tries=600 # valgrind starts slowly
    disown "$launched" 2>/dev/null || true
    mapfile -t names < <(tandem_names)
    STARTED+=(tandem)
    for ((i = 0; i < tries; i++)); do
        [ -S "$APP_SOCK" ] && break
        if [ "$i" -ge 3 ] && ! proc_is "$launched" "${names[@]}" bash && ! running tandem >/dev/null; then
            log_since "$log" "$log_start"
            die "tandem serve exited during startup (log: $log)"
        fi
        sleep 0.1
    done
    if [ ! -S "$APP_SOCK" ]; then
        log_since "$log" "$log_start"
        die "tandem serve did not create $APP_SOCK within $((tries / 10)) s (log: $log)"
    fi
    pid=$(read_pid "$TANDEM_PID") || pid=$launched
    say "tandem: started (pid $pid, $WORKERS workers, socket $APP_SOCK)"
}

# Before touching anything: PORT must be free, or be our own nginx's port.
check_port() {
    if running nginx >/dev/null && [ "$(conf_port "$NGINX_CONF")" = "$PORT" ]; then
        return 0
    fi
    if port_in_use; then
        die "port $PORT on 127.0.0.1 is already in use by another program (not this stack's nginx); stop it or choose another port: PORT=8081 $0 ${CMD:-start}"
    fi
}

sed_repl() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

conf_port() { # nginx.conf -> the port it listens on
    sed -n 's/^[[:space:]]*listen 127\.0\.0\.1:\([0-9]*\).*/\1/p;T;q' "$1" 2>/dev/null || true
}

port_in_use() { # something accepts connections on 127.0.0.1:$PORT
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

start_nginx() {
    local pid user_line="" tmp out
    [ "$(id -u)" -ne 0 ] || user_line="user root root;"
    tmp=$(mktemp "$NGINX_CONF.XXXXXX")
    {
        printf '# Generated by nginx/stack.sh from nginx/tandem.conf.in; edit the template.\n'
        sed -e "s|@PORT@|$(sed_repl "$PORT")|g" \
            -e "s|@VAR@|$(sed_repl "$VAR")|g" \
            -e "s|@ROOT@|$(sed_repl "$ROOT")|g" \
            -e "s|@SOCKET@|$(sed_repl "$APP_SOCK")|g" \
            -e "s|@USER@|$(sed_repl "$user_line")|g" \
            "$TEMPLATE"
    } >"$tmp"
    if ! out=$(nginx -t -q -c "$tmp" -p "$VAR/" 2>&1 </dev/null 9>&-); then
        printf '%s\n' "$out" >&2
        rm -f "$tmp"
        die "nginx rejected the generated configuration (template: $TEMPLATE)"
    fi
    local changed=1
    if [ -f "$NGINX_CONF" ] && cmp -s "$tmp" "$NGINX_CONF"; then
        changed=0
        rm -f "$tmp"
    else
        chmod 644 "$tmp"
        mv -f "$tmp" "$NGINX_CONF"
    fi

    if pid=$(running nginx); then
        if [ "$changed" = 1 ]; then
            kill -s HUP "$pid"
            say "nginx: configuration changed, reloaded (pid $pid)"
            sleep 0.3
        else
            say "nginx: already running (pid $pid)"
        fi
    else
        rm -f "$NGINX_PID"
        # nginx daemonises itself (fork + setsid).
        if ! out=$(nginx -c "$NGINX_CONF" -p "$VAR/" 2>&1 </dev/null 9>&-); then
            printf '%s\n' "$out" >&2
            log_tail "$LOGDIR/nginx-error.log"
            die "nginx failed to start (log: $LOGDIR/nginx-error.log)"
        fi
        STARTED+=(nginx)
        local i
        for ((i = 0; i < 50; i++)); do
            pid=$(running nginx) && break
            sleep 0.1
        done
        [ -n "${pid:-}" ] || { log_tail "$LOGDIR/nginx-error.log"; die "nginx did not come up"; }
        say "nginx: started (pid $pid, http://127.0.0.1:$PORT/)"
    fi

    # Wait until the whole chain answers: nginx -> tandem -> MariaDB.
    local code=000 i
    for ((i = 0; i < 200; i++)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/login" 9>&-) || true
        [ "$code" = 200 ] && break
        if ! running tandem >/dev/null; then
            log_tail "$LOGDIR/tandem.log"
            die "tandem serve died (log: $LOGDIR/tandem.log)"
        fi
        sleep 0.1
    done
    if [ "$code" != 200 ]; then
        log_tail "$LOGDIR/tandem.log"
        log_tail "$LOGDIR/nginx-error.log"
        die "GET http://127.0.0.1:$PORT/login answered $code, not 200, within 20 s"
    fi
}

banner() {
    cat <<EOF

  Tandem is running at http://127.0.0.1:$PORT/
  runtime dir $VAR  (logs in $VAR/log)
EOF
    if [ "$SEED" = 1 ]; then
        cat <<EOF

  Demo logins, password for all: tandem-demo
    admin@demo.test      admin
    pm@demo.test         project manager
    member@demo.test     team member
    client@acme.test     Acme contact (approve)
    viewer@acme.test     Acme contact (view)
    client@globex.test   Globex contact (approve)
EOF
    fi
    echo
}

cmd_start() {
    check_env
    mkdir -p "$RUN" "$LOGDIR" "$DATADIR" "$VAR/tmp" "$VAR/files" "$VAR/bench"
    take_lock
    check_port
    STARTING=1
    start_mariadb
    write_tandem_conf
    app_cmd migrate
    [ "$SEED" != 1 ] || app_cmd seed-demo
    if [ "$IMAP" = 1 ]; then
        start_dovecot
        imap_settings
    fi
    start_tandem
    start_nginx
    STARTING=0
    drop_lock
    banner
}

cmd_stop() {
    if [ ! -d "$RUN" ]; then
        say "nothing to stop in $VAR"
        return 0
    fi
    take_lock
    stop_service tandem "$TANDEM_PID" TERM
    # tandem removes its socket itself; a crash may leave it behind.
    running tandem >/dev/null || rm -f "$APP_SOCK"
    stop_service nginx "$NGINX_PID" QUIT TERM
    # a Dovecot of this stack (IMAP=1 when it started), by its pid file alone
    [ ! -e "$DOVECOT_PID" ] || stop_service dovecot "$DOVECOT_PID" TERM
    stop_service mariadb "$MARIADB_PID" TERM
    drop_lock
}

cmd_status() {
    local s pid up=0
    for s in mariadb tandem nginx; do
        if pid=$(running "$s"); then
            printf '%-8s running (pid %s)\n' "$s:" "$pid"
            up=$((up + 1))
        else
            printf '%-8s stopped\n' "$s:"
        fi
    done
    if pid=$(running dovecot); then
        printf '%-8s running (pid %s, imap://127.0.0.1:%s)\n' "dovecot:" "$pid" "$(dovecot_conf_port)"
    elif [ "$IMAP" = 1 ]; then
        printf '%-8s stopped\n' "dovecot:"
    fi
    if running nginx >/dev/null; then
        local port
        port=$(conf_port "$NGINX_CONF")
        printf 'url:     http://127.0.0.1:%s/\n' "${port:-$PORT}"
    fi
    [ "$up" -eq 3 ] && return 0
    [ "$up" -eq 0 ] && return 3
    return 1
}

SLEEPER=""
on_signal() {
    trap '' INT TERM HUP
    [ -z "$SLEEPER" ] || kill "$SLEEPER" 2>/dev/null || true
    echo
    say "stopping"
    cmd_stop
    exit 0
}

cmd_run() {
    cmd_start
    trap on_signal INT TERM HUP
    say "running in the foreground; press Ctrl-C to stop"
    local s
    while :; do
        sleep 1 &
        SLEEPER=$!
        wait "$SLEEPER" || true
        SLEEPER=""
        for s in tandem nginx mariadb; do
            if ! running "$s" >/dev/null; then
                trap '' INT TERM HUP
                warn "$s stopped unexpectedly"
                case $s in
                    tandem) log_tail "$LOGDIR/tandem.log" ;;
                    nginx) log_tail "$LOGDIR/nginx-error.log" ;;
                    mariadb) log_tail "$LOGDIR/mariadb.log" ;;
                esac
                cmd_stop
                exit 1
            fi
        done
    done
}

CMD=${1:-}
case $CMD in
    start) cmd_start ;;
    stop) cmd_stop ;;
    run) cmd_run ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 start|stop|run|status   (env: ROOT VAR PORT BIN WORKERS SEED TIMING_LOG SMTP_URL MAIL_FROM MAX_UPLOAD TEST_CLOCK IMAP IMAP_PORT)" >&2
        exit 2
        ;;
esac
