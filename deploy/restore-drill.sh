#!/usr/bin/env bash
# Restores baro's database from pgBackRest into a scratch cluster and checks it, as a drill: the
# live cluster is only read. Run as root on the database server (monthly, and after any change to
# backups). Exit 0 when every check passed.
#
#   deploy/restore-drill.sh                      the latest state (newest backup + all archived WAL)
#   deploy/restore-drill.sh --time '2026-12-04 10:00:00+00'
#                                                also the state at that moment (point in time)
#
# Checks on each restored copy: it finishes recovery and opens; `baro audit verify` passes on it
# (the hash chain is whole); for the latest copy, every contribution and audit entry that the live
# database had when the drill began is there, the newest contribution included; for a point in
# time, nothing received after it is there, and every contribution received more than
# BARO_DRILL_SETTLE_S seconds before it is (what was committed in between is legitimately either).
#
# Settings: BARO_PG_CLUSTER (main), BARO_PGBACKREST_CONF (/etc/pgbackrest/pgbackrest.conf),
# BARO_PGBACKREST_STANZA (baro-BARO_PG_CLUSTER); a live server that is not a Debian cluster (Patroni's)
# is named by BARO_DRILL_LIVE_PORT and BARO_DRILL_LIVE_SOCKET (/var/run/postgresql) instead of BARO_PG_CLUSTER;
# BARO_BIN_DIR (/usr/local/bin), BARO_DRILL_DIR (a new directory under /var/tmp: it needs room for
# one copy of the database, twice with --time), BARO_DRILL_PORT (first free port from 26432),
# BARO_DRILL_SETTLE_S (10).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/pg.sh"

target_time=""
while [ $# -gt 0 ]; do
    case "$1" in
        --time) target_time="$2"; shift 2 ;;
        *) echo "usage: restore-drill.sh [--time 'YYYY-MM-DD HH:MM:SS+TZ']" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "restore-drill.sh: run as root" >&2; exit 1; }

cluster=${BARO_PG_CLUSTER:-main}
conf=${BARO_PGBACKREST_CONF:-/etc/pgbackrest/pgbackrest.conf}
baro=${BARO_BIN_DIR:-/usr/local/bin}/baro
settle=${BARO_DRILL_SETTLE_S:-10}
stanza=${BARO_PGBACKREST_STANZA:-baro-$cluster}
live_socket=${BARO_DRILL_LIVE_SOCKET:-/var/run/postgresql}
live_port=${BARO_DRILL_LIVE_PORT:-$(pg_lsclusters -h | awk -v c="$cluster" '$1 == 15 && $2 == c {print $3}')}
[ -n "$live_port" ] || { echo "restore-drill.sh: no PostgreSQL cluster 15/$cluster" >&2; exit 1; }
live_name=${BARO_DRILL_LIVE_PORT:+"port $live_port"}
live_name=${live_name:-15/$cluster}
drill=${BARO_DRILL_DIR:-$(mktemp -d /var/tmp/baro-drill.XXXXXX)}
mkdir -p "$drill"
chown postgres: "$drill"
chmod 700 "$drill"
port=${BARO_DRILL_PORT:-$(baro_free_port 26432)}
failures=0
running=""

cleanup() {
    [ -n "$running" ] && runuser -u postgres -- "$baro_pg_bin/pg_ctl" -D "$running" -m immediate -w stop >/dev/null 2>&1
    [ -z "${BARO_DRILL_DIR:-}" ] && rm -rf "$drill"
    true
}
trap cleanup EXIT

as_pg() { runuser -u postgres -- "$@"; }
live_sql() { as_pg psql -X -At -h "$live_socket" -p "$live_port" -d baro -v ON_ERROR_STOP=1 -c "$1"; }
check() {   # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        echo "    ok   $1 ($3)"
    else
        echo "    FAIL $1: expected $2, found $3"
        failures=$((failures + 1))
    fi
}

# What the live database holds now; then `pgbackrest check` switches to a new WAL segment and waits
# until it is archived, so the latest restore must hold all of this.
newest=$(live_sql "select coalesce(max(id), 0) from contribution")
contributions=$(live_sql "select count(*) from contribution where id <= $newest")
newest_audit=$(live_sql "select coalesce(max(id), 0) from audit_event")
audits=$(live_sql "select count(*) from audit_event where id <= $newest_audit")
if [ -n "$target_time" ]; then
    before_target=$(live_sql "select count(*) from contribution where received_at <= timestamptz '$target_time' - interval '$settle seconds'")
    newest_before=$(live_sql "select coalesce(max(id), 0) from contribution where received_at <= timestamptz '$target_time' - interval '$settle seconds'")
fi
# A standby-style recovery refuses to run with smaller limits than the primary had: the copy takes them.
limits=$(live_sql "select string_agg(name || ' = ' || setting, E'\n') from pg_settings where name in
    ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')")
echo "==> live $live_name: $contributions contributions (newest id $newest), $audits audit entries"
as_pg pgbackrest --config="$conf" --stanza="$stanza" check
as_pg pgbackrest --config="$conf" --stanza="$stanza" info | sed 's/^/    /'

restore() {   # restore NAME [pgbackrest options…]: restores into $drill/NAME and starts it on $port
    local name="$1"; shift
    local data="$drill/$name"
    echo "==> restoring $name into $data"
    rm -rf "$data"
    mkdir -p "$data"
    chown postgres: "$data"
    chmod 700 "$data"
    if ! as_pg pgbackrest --config="$conf" --stanza="$stanza" --pg1-path="$data" --archive-mode=off "$@" restore; then
        echo "    FAIL pgbackrest restore"; failures=$((failures + 1)); return 1
    fi
    # Debian keeps postgresql.conf and pg_hba.conf in /etc, outside the backup: a scratch pair, with
    # no archiving (a drill must never write into the live repository) and no TCP listener.
    as_pg tee "$data/postgresql.conf" >/dev/null <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$drill'
archive_mode = off
shared_buffers = 128MB
$limits
CONF
    printf 'local all all trust\n' | as_pg tee "$data/pg_hba.conf" >/dev/null
    : | as_pg tee "$data/pg_ident.conf" >/dev/null
    running="$data"
    if ! as_pg "$baro_pg_bin/pg_ctl" -D "$data" -l "$drill/$name.log" -w -t 600 start >/dev/null; then
        echo "    FAIL the restored cluster did not start; its log:"; tail -20 "$drill/$name.log"
        failures=$((failures + 1)); running=""; return 1
    fi
    # Recovery replays the archive and then promotes: wait until the copy accepts writes.
    local deadline=$((SECONDS + 600))
    until [ "$(copy_sql "select pg_is_in_recovery()" 2>/dev/null)" = f ]; do
        [ $SECONDS -lt $deadline ] || { echo "    FAIL $name is still recovering after 600 s"; failures=$((failures + 1)); return 1; }
        sleep 0.2
    done
}
copy_sql() { as_pg psql -X -At -h "$drill" -p "$port" -d baro -v ON_ERROR_STOP=1 -c "$1"; }
audit_verify() {
    local out
    if out=$(BARO_DATABASE_URL="postgresql://baro@$(printf '%s' "$drill" | sed 's#/#%2F#g'):$port/baro" \
             as_pg "$baro" audit verify 2>&1); then
        echo "    ok   baro audit verify: $(echo "$out" | head -1)"
    else
        echo "    FAIL baro audit verify: $out"; failures=$((failures + 1))
    fi
}
stop_copy() {
    as_pg "$baro_pg_bin/pg_ctl" -D "$running" -m fast -w stop >/dev/null
    rm -rf "$running"
    running=""
}

if restore latest --type=default; then
    check "contributions up to id $newest" "$contributions" "$(copy_sql "select count(*) from contribution where id <= $newest")"
    check "the newest contribution (id $newest) is there" "$newest" "$(copy_sql "select coalesce(max(id), 0) from contribution where id = $newest")"
    check "audit entries up to id $newest_audit" "$audits" "$(copy_sql "select count(*) from audit_event where id <= $newest_audit")"
    audit_verify
    stop_copy
fi

if [ -n "$target_time" ] && restore point-in-time --type=time --target="$target_time" --target-action=promote; then
    check "contributions received after $target_time" 0 \
        "$(copy_sql "select count(*) from contribution where received_at > timestamptz '$target_time'")"
    check "contributions received ${settle} s or more before $target_time" "$before_target" \
        "$(copy_sql "select count(*) from contribution where received_at <= timestamptz '$target_time' - interval '$settle seconds'")"
    check "the newest of those (id $newest_before) is there" "$newest_before" \
        "$(copy_sql "select coalesce(max(id), 0) from contribution where id = $newest_before")"
    audit_verify
    stop_copy
fi

if [ "$failures" -ne 0 ]; then
    echo "restore drill: $failures check(s) FAILED"
    exit 1
fi
echo "restore drill: passed"
