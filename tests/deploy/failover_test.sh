#!/usr/bin/env bash
# Failover with Patroni and etcd under load, through nginx (issue 12): deploy/patroni/baro.yml on
# loopback, two PostgreSQL 15 nodes (primary + synchronous standby) and a one-member etcd; two baro
# nodes on a multi-host URL with target_session_attrs=read-write; in front of them nginx with the real
# site of deploy/nginx/ (rendered by deploy/lib/nginx.sh, as install.sh does) and a self-signed
# certificate. tests/deploy/failover_load.mjs sends signed Twilio deliveries over HTTPS at a steady
# rate and retries each until it gets a 2xx, while the primary is switched over (`patronictl
# switchover`), then one baro node is SIGKILLed, then the new primary's server dies (Patroni and the
# postmaster SIGKILLed). Afterwards every acknowledged delivery is stored exactly once on the primary
# left, the only refusals were 502/503/504 (retried), and the surviving baro node is the same process.
# Both primaries archived through the archive_command of baro.yml into one pgBackRest repository
# (a full backup taken at the start): deploy/restore-drill.sh then restores from it the latest state
# and a moment recorded under load while baro2 was primary.
#
# Runs as root (CI is root): etcd, Patroni and PostgreSQL run as user postgres, as Debian's units run
# them; everything lives in a scratch directory under /tmp, on free ports, removed at the end.
# Timings are shortened for the test (ttl 10 s, loop_wait 1 s instead of 30 s and 10 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh
. deploy/lib/nginx.sh
. tests/deploy/nginx.sh

fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "this test runs etcd and Patroni as user postgres: it runs as root (CI does)"
bin=${BARO_BIN:?BARO_BIN must name the baro binary (tests/CMakeLists.txt sets it)}
for tool in patroni patronictl etcd; do
    command -v "$tool" >/dev/null || fail "$tool is missing: deploy/lib/deps.sh installs it with the test packages"
done

work=$(mktemp -d /tmp/baro-failover.XXXXXX)
chown postgres: "$work"
chmod 711 "$work"
etcd_port=$(baro_free_port 27379)
etcd_peer=$(baro_free_port $((etcd_port + 1)))
pg1=$(baro_free_port 27632)
pg2=$(baro_free_port $((pg1 + 1)))
api1=$(baro_free_port 27808)
api2=$(baro_free_port $((api1 + 1)))
baro1_port=$(baro_free_port 27280)
baro2_port=$(baro_free_port $((baro1_port + 1)))
http_port=$(baro_free_port 27480)
https_port=$(baro_free_port $((http_port + 1)))
etcd_pid="" patroni1_pid="" patroni2_pid="" baro1_pid="" baro2_pid=""
baro_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')

finish() {
    local rc=$?
    set +e
    baro_test_nginx_stop "$work/nginx"
    for p in "$baro1_pid" "$baro2_pid"; do
        [ -n "$p" ] && kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
    # Patroni stops its PostgreSQL when it gets SIGTERM; a postmaster left behind is stopped by pg_ctl.
    for p in "$patroni1_pid" "$patroni2_pid"; do
        [ -n "$p" ] && kill -TERM "$p" 2>/dev/null
    done
    for p in "$patroni1_pid" "$patroni2_pid"; do
        [ -n "$p" ] && wait "$p" 2>/dev/null
    done
    for n in 1 2; do
        [ -f "$work/pg$n/postmaster.pid" ] && runuser -u postgres -- "$baro_pg_bin/pg_ctl" -D "$work/pg$n" -m immediate -w stop >/dev/null 2>&1
    done
    [ -n "$etcd_pid" ] && kill -TERM "$etcd_pid" 2>/dev/null && wait "$etcd_pid" 2>/dev/null
    if [ "$rc" -ne 0 ]; then
        for f in patroni1 patroni2 baro1 baro2 etcd nginx/error; do echo "--- $f.log"; tail -25 "$work/$f.log" 2>/dev/null; done
    fi
    [ -n "${BARO_KEEP_FAILOVER_DIR:-}" ] || rm -rf "$work"
    exit "$rc"
}
trap finish EXIT

echo "==> etcd, one member on loopback"
setpriv --reuid=postgres --regid=postgres --init-groups etcd --name baro-test --data-dir "$work/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "baro-test=http://127.0.0.1:$etcd_peer" > "$work/etcd.log" 2>&1 &
etcd_pid=$!
deadline=$((SECONDS + 60))
until curl -fsS "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"'; do
    [ $SECONDS -lt $deadline ] || fail "etcd is not healthy after 60 s"
    kill -0 "$etcd_pid" 2>/dev/null || fail "etcd exited"
    sleep 0.2
done

# deploy/patroni/baro.yml for node N on loopback: its own name, ports, directories and socket.
install -o postgres -m 0755 deploy/patroni/baro-post-bootstrap.sh "$work/baro-post-bootstrap.sh"
node_config() {
    local n=$1 pg=$2 api=$3
    sed -e "s/^name: baro1/name: baro$n/" \
        -e "s/10\.0\.0\.1:8008/127.0.0.1:$api/g" \
        -e "s/10\.0\.0\.1:5432/127.0.0.1:$pg/g" \
        -e "s/^  hosts: .*/  hosts: 127.0.0.1:$etcd_port/" \
        -e "s/10\.0\.0\.0\/24/127.0.0.1\/32/g" \
        -e "s|/var/lib/postgresql/15/baro|$work/pg$n|" \
        -e "s|/var/lib/postgresql/15-baro.pgpass|$work/pgpass$n|" \
        -e "s|unix_socket_directories: .*|unix_socket_directories: $work|" \
        -e "s|/etc/patroni/baro-post-bootstrap.sh|$work/baro-post-bootstrap.sh|" \
        -e "s|pgbackrest --stanza=baro-main archive-push|pgbackrest --config=$work/pgbackrest$n.conf --stanza=baro-main archive-push|" \
        -e "s/^    ttl: 30/    ttl: 10/" -e "s/^    loop_wait: 10/    loop_wait: 1/" \
        -e "s/^    retry_timeout: 10/    retry_timeout: 4/" \
        deploy/patroni/baro.yml > "$work/patroni$n.yml"
    grep -v "^ *#" "$work/patroni$n.yml" | grep -q "10\.0\.0\." && fail "node $n's configuration still names 10.0.0.x"
    chown postgres: "$work/patroni$n.yml"
    chmod 600 "$work/patroni$n.yml"
}
start_patroni() {   # start_patroni N: prints nothing; sets patroniN_pid
    (cd "$work" && BARO_DB_PASSWORD="$baro_password" exec setpriv --reuid=postgres --regid=postgres --init-groups \
        patroni "$work/patroni$1.yml") >> "$work/patroni$1.log" 2>&1 &
    eval "patroni$1_pid=$!"
}
role_is() {   # role_is API_PORT primary|sync: Patroni's REST API answers 200 for the node's role
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/$2")" = 200 ]
}
wait_role() {   # wait_role API_PORT ROLE WHAT [PID]
    local deadline=$((SECONDS + 120))
    until role_is "$1" "$2"; do
        [ $SECONDS -lt $deadline ] || fail "$3 after 120 s"
        [ -z "${4:-}" ] || kill -0 "$4" 2>/dev/null || fail "$3: its Patroni exited"
        sleep 0.3
    done
}

echo "==> Patroni: baro1 bootstraps the cluster, baro2 clones it and becomes its synchronous standby"
# pgBackRest as on each server: deploy/backup/pgbackrest.conf with that server's data directory and
# port (here: socket), one repository for both (in production a repository host: docs/operations.md).
backrest_config() {   # backrest_config N PORT
    sed -e "s|^repo1-path=.*|repo1-path=$work/backup/repo|" -e "s|^log-path=.*|log-path=$work/backup/log|" \
        -e "s|^pg1-path=.*|pg1-path=$work/pg$1|" -e "s|^pg1-port=.*|pg1-port=$2|" \
        -e "s|^pg1-socket-path=.*|pg1-socket-path=$work|" deploy/backup/pgbackrest.conf > "$work/pgbackrest$1.conf"
    chown postgres: "$work/pgbackrest$1.conf"
}
install -d -o postgres -m 0750 "$work/backup" "$work/backup/repo" "$work/backup/log"
node_config 1 "$pg1" "$api1"
node_config 2 "$pg2" "$api2"
backrest_config 1 "$pg1"
backrest_config 2 "$pg2"
start_patroni 1
wait_role "$api1" primary "baro1 is not the primary" "$patroni1_pid"
start_patroni 2
wait_role "$api2" sync "baro2 is not the synchronous standby" "$patroni2_pid"
patronictl -c "$work/patroni1.yml" list

echo "==> pgBackRest: the stanza and a full backup of the primary, baro1 (its archive_command waited for the stanza)"
backrest() { runuser -u postgres -- pgbackrest --config="$work/pgbackrest1.conf" --stanza=baro-main "$@"; }
backrest stanza-create > "$work/backrest.log" 2>&1 || { cat "$work/backrest.log"; fail "pgbackrest stanza-create"; }
backrest backup --type=full >> "$work/backrest.log" 2>&1 || { cat "$work/backrest.log"; fail "pgbackrest backup"; }

echo "==> two baro nodes on a multi-host URL with target_session_attrs=read-write, nginx in front"
url="postgresql://baro:$baro_password@127.0.0.1:$pg1,127.0.0.1:$pg2/baro?target_session_attrs=read-write"
secrets="$work/secrets.json"
twilio_token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
(umask 077; echo "{\"pepper\": \"$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')\", \"twilio\": {\"auth_token\": \"$twilio_token\"}}" > "$secrets")
export BARO_DATABASE_URL="$url"
"$bin" migrate > "$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; fail "baro migrate"; }
"$bin" seed-demo --without-contributions > /dev/null
# An analysts' export is an audit entry: one before the failover and one after (below) give the
# restore drill a hash chain that spans the timelines to check.
"$bin" export matransition --all --format csv > /dev/null || fail "baro export --all before the failover"
# The URL gateways see (Twilio signs it): nginx's, as in production; nginx on 127.0.0.1 is trusted
# for X-Forwarded-For; every delivery comes from 127.0.0.1, so baro's per-address cap is off.
base="https://localhost:$https_port"
start_baro() {   # start_baro N PORT: sets baroN_pid
    BARO_LISTEN="127.0.0.1:$2" BARO_PUBLIC_URL="$base" BARO_SECRETS_FILE="$secrets" BARO_TRUSTED_PROXIES=127.0.0.1 \
        BARO_MAX_CONNECTIONS_PER_ADDRESS=0 "$bin" serve >> "$work/baro$1.log" 2>&1 &
    eval "baro$1_pid=$!"
}
wait_ready() {   # wait_ready PORT PID
    local deadline=$((SECONDS + 60))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz")" = 200 ]; do
        [ $SECONDS -lt $deadline ] || fail "baro on port $1 is not ready after 60 s"
        kill -0 "$2" 2>/dev/null || fail "baro on port $1 exited"
        sleep 0.2
    done
}
start_baro 1 "$baro1_port"
start_baro 2 "$baro2_port"
wait_ready "$baro1_port" "$baro1_pid"
wait_ready "$baro2_port" "$baro2_pid"
mkdir -p "$work/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null
site="$work/nginx/sites/baro.conf"
baro_nginx_site "$work/nginx/sites" "$work/nginx/snippets" "$work/nginx/cache" localhost \
    "$work/tls/cert.pem" "$work/tls/key.pem" "127.0.0.1:$baro1_port 127.0.0.1:$baro2_port"
baro_test_nginx_adapt "$site" "$http_port" "$https_port"
[ "$(grep -c "server 127.0.0.1:.* max_fails=3 fail_timeout=5s;" "$site")" = 2 ] || fail "the upstream does not list both nodes"
baro_test_nginx_start "$work/nginx" "$site" || fail "nginx"
[ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/tls/cert.pem" "$base/readyz")" = 200 ] || fail "no /readyz through nginx"

echo "==> under load through nginx: switchover, a baro node SIGKILLed, then the new primary's server dies"
NODE_EXTRA_CA_CERTS="$work/tls/cert.pem" BARO_FAILOVER_BASE="$base" BARO_TWILIO_TOKEN="$twilio_token" \
    BARO_NODE_PORTS="$baro1_port $baro2_port" BARO_NODE_PIDS="$baro1_pid $baro2_pid" BARO_FAILOVER_DIR="$work" \
    BARO_PG_PORTS="$pg1 $pg2" BARO_API_PORTS="$api1 $api2" BARO_PATRONI_PIDS="$patroni1_pid $patroni2_pid" \
    BARO_DATABASE_URL="$url" timeout 240 node --test --test-force-exit tests/deploy/failover_load.mjs || fail "failover under load"
echo "==> restore drill from the repository both primaries archived to: the latest state, and a point in time before the failover"
# The drill's baro audit verify runs as user postgres: a copy of the binary it may execute.
install -D -m 0755 "$bin" "$work/bin/baro"
"$bin" export matransition --all --format csv > /dev/null || fail "baro export --all after the failover"
[ -s "$work/target-time" ] || fail "failover_load.mjs recorded no point in time"
BARO_PGBACKREST_CONF="$work/pgbackrest1.conf" BARO_PGBACKREST_STANZA=baro-main BARO_DRILL_LIVE_PORT="$pg1" \
    BARO_DRILL_LIVE_SOCKET="$work" BARO_BIN_DIR="$work/bin" BARO_DRILL_DIR="$work/drill" BARO_DRILL_SETTLE_S=5 \
    bash deploy/restore-drill.sh --time "$(cat "$work/target-time")" > "$work/drill.log" 2>&1 ||
    { cat "$work/drill.log"; fail "the restore drill failed"; }
sed 's/^/    /' "$work/drill.log" | grep -E 'ok |FAIL|passed'
echo "failover: through nginx over HTTPS, switchover, a baro node killed and a dead primary under load; every acknowledged delivery stored once, the other node answered again without restart"
