#!/usr/bin/env bash
# Failover with Patroni and etcd under load (issue 12): deploy/patroni/baro.yml on loopback, two
# PostgreSQL 15 nodes (primary + synchronous standby) and a one-member etcd, baro connected with a
# multi-host URL and target_session_attrs=read-write. tests/deploy/failover_load.mjs sends signed Twilio
# deliveries at a steady rate and retries each until it gets a 2xx, while the primary is switched over
# (`patronictl switchover`) and then the new primary's server dies (Patroni and the postmaster
# SIGKILLed). Afterwards every acknowledged delivery is stored exactly once on the primary left, the
# only refusals were 503s, and the same baro process answers again.
#
# Runs as root (CI is root): etcd, Patroni and PostgreSQL run as user postgres, as Debian's units run
# them; everything lives in a scratch directory under /tmp, on free ports, removed at the end.
# Timings are shortened for the test (ttl 10 s, loop_wait 1 s instead of 30 s and 10 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh

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
baro_port=$(baro_free_port 27280)
etcd_pid="" patroni1_pid="" patroni2_pid="" baro_pid=""
baro_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')

finish() {
    local rc=$?
    set +e
    [ -n "$baro_pid" ] && kill -TERM "$baro_pid" 2>/dev/null && wait "$baro_pid" 2>/dev/null
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
        for f in patroni1 patroni2 baro etcd; do echo "--- $f.log"; tail -25 "$work/$f.log" 2>/dev/null; done
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
node_config 1 "$pg1" "$api1"
node_config 2 "$pg2" "$api2"
start_patroni 1
wait_role "$api1" primary "baro1 is not the primary" "$patroni1_pid"
start_patroni 2
wait_role "$api2" sync "baro2 is not the synchronous standby" "$patroni2_pid"
patronictl -c "$work/patroni1.yml" list

echo "==> baro on a multi-host URL with target_session_attrs=read-write"
url="postgresql://baro:$baro_password@127.0.0.1:$pg1,127.0.0.1:$pg2/baro?target_session_attrs=read-write"
secrets="$work/secrets.json"
twilio_token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
(umask 077; echo "{\"pepper\": \"$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')\", \"twilio\": {\"auth_token\": \"$twilio_token\"}}" > "$secrets")
export BARO_DATABASE_URL="$url"
"$bin" migrate > "$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; fail "baro migrate"; }
"$bin" seed-demo --without-contributions > /dev/null
base="http://127.0.0.1:$baro_port"
BARO_LISTEN="127.0.0.1:$baro_port" BARO_PUBLIC_URL="$base" BARO_SECRETS_FILE="$secrets" BARO_MAX_CONNECTIONS_PER_ADDRESS=0 \
    "$bin" serve >> "$work/baro.log" 2>&1 &
baro_pid=$!
deadline=$((SECONDS + 60))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ]; do
    [ $SECONDS -lt $deadline ] || fail "baro is not ready after 60 s"
    kill -0 "$baro_pid" 2>/dev/null || fail "baro exited"
    sleep 0.2
done

echo "==> under load: switchover, then the new primary's server dies"
BARO_FAILOVER_BASE="$base" BARO_TWILIO_TOKEN="$twilio_token" BARO_PID="$baro_pid" BARO_FAILOVER_DIR="$work" \
    BARO_PG_PORTS="$pg1 $pg2" BARO_API_PORTS="$api1 $api2" BARO_PATRONI_PIDS="$patroni1_pid $patroni2_pid" \
    BARO_DATABASE_URL="$url" timeout 240 node --test --test-force-exit tests/deploy/failover_load.mjs || fail "failover under load"
echo "failover: switchover and a dead primary under load, every acknowledged delivery stored once, baro answered again without restart"
