#!/usr/bin/env bash
# deploy/install.sh on this machine, as an operator runs it, then baro behind nginx over HTTPS.
#
# Runs as root (CI is root). What it touches outside its scratch directory: the system user `baro`
# (created if missing, left in place: install.sh's first step), a Debian PostgreSQL cluster of its
# own, 15/baro_test_<pid> on a free port from 27432 (/etc/postgresql/15/…, /var/lib/postgresql/15/…,
# /var/log/postgresql/…; dropped at the end), and nothing else: the binary, /etc/baro, the units, the
# nginx site, the pgBackRest configuration and repository all go under the scratch directory through
# install.sh's BARO_* path settings. Without systemd as PID 1 (CI), it starts the services itself:
# baro with the unit's ExecStart as user baro, nginx with its own pid and prefix.
#
# Checks: install.sh twice (nothing rewritten), the unit (verify, exposure ≤ 2.0), nginx -t, then
# tests/deploy/https_checks.mjs over HTTPS, then deploy/restore-drill.sh (latest and a point in time),
# a synchronous standby, and two baro nodes behind nginx (tests/deploy/two_nodes.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh
. tests/deploy/nginx.sh

fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "this test installs a service: it runs as root (CI does)"
bin=${BARO_BIN:?BARO_BIN must name the baro binary (tests/CMakeLists.txt sets it)}

work=$(mktemp -d /tmp/baro-deploy.XXXXXX)
chmod 711 "$work"
cluster="baro_test_$$"
pg_port=$(baro_free_port 27432)
baro_port=$(baro_free_port 27080)
http_port=$(baro_free_port 27180)
https_port=$(baro_free_port 27443)
baro_pid=""
baro2_pid=""
baro2_port=$(baro_free_port 27090)

finish() {
    local rc=$?
    set +e
    if [ -n "$baro_pid" ] && kill -0 "$baro_pid" 2>/dev/null; then
        kill -TERM "$baro_pid"; wait "$baro_pid" 2>/dev/null
    fi
    [ -n "$baro2_pid" ] && kill -TERM "$baro2_pid" 2>/dev/null && wait "$baro2_pid" 2>/dev/null
    baro_test_nginx_stop "$work/nginx"
    if [ "$rc" -ne 0 ]; then
        echo "--- baro's log"; tail -40 "$work/baro.log" 2>/dev/null
        echo "--- nginx's error log"; tail -20 "$work/nginx/error.log" 2>/dev/null
    fi
    pg_dropcluster --stop 15 "${cluster}_sb" 2>/dev/null
    pg_dropcluster --stop 15 "$cluster" 2>/dev/null
    [ -n "${drill_dir:-}" ] && rm -rf "$drill_dir"
    rm -rf "$work"
    exit "$rc"
}
trap finish EXIT

export BARO_BINARY="$bin"
export BARO_BIN_DIR="$work/bin"
export BARO_ETC="$work/etc/baro"
export BARO_UNIT_DIR="$work/systemd"
export BARO_NGINX_SITES="$work/nginx/sites"
export BARO_NGINX_SNIPPETS="$work/nginx/snippets"
export BARO_NGINX_CACHE="$work/nginx/cache"
export BARO_PGBACKREST_CONF="$work/pgbackrest/pgbackrest.conf"
export BARO_BACKUP_REPO="$work/backup/repo"
export BARO_BACKUP_LOG="$work/backup/log"
export BARO_PG_CLUSTER="$cluster"
export BARO_PG_PORT="$pg_port"
export BARO_DOMAIN=localhost
export BARO_PUBLIC_URL="https://localhost:$https_port"
export BARO_LISTEN="127.0.0.1:$baro_port"
export BARO_TLS_CERT="$work/tls/cert.pem"
export BARO_TLS_KEY="$work/tls/key.pem"
base="https://localhost:$https_port"

echo "==> install.sh (first run), with a self-signed certificate for localhost"
mkdir -p "$work/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$BARO_TLS_KEY" -out "$BARO_TLS_CERT" 2>/dev/null
bash deploy/install.sh > "$work/install1.log" 2>&1 || { cat "$work/install1.log"; fail "install.sh failed"; }
env_file="$BARO_ETC/baro.env"
secrets="$BARO_ETC/secrets.json"
for f in "$env_file" "$secrets"; do
    [ "$(stat -c '%a %U' "$f")" = "600 baro" ] || fail "$f is $(stat -c '%a %U' "$f"), not 600 baro"
done
grep -Eq '"pepper": "[0-9a-f]{64}"' "$secrets" || fail "no 64-hex pepper in $secrets"
sums_before=$(sha256sum "$env_file" "$secrets" "$BARO_PGBACKREST_CONF")
schema=$(runuser -u postgres -- psql -X -At -p "$pg_port" -d baro -c "select count(*) from schema_migrations")
[ "$schema" -gt 0 ] || fail "install.sh applied no migration"

echo "==> install.sh (second run: changes nothing it made)"
# An operator's edit, as docs/operations.md tells: the Twilio auth token goes into secrets.json.
twilio_token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
sed -i "s/^}$/  ,\"twilio\": { \"auth_token\": \"$twilio_token\" }\n}/" "$secrets"
sums_before=$(sha256sum "$env_file" "$secrets" "$BARO_PGBACKREST_CONF")
bash deploy/install.sh > "$work/install2.log" 2>&1 || { cat "$work/install2.log"; fail "install.sh failed the second time"; }
[ "$(sha256sum "$env_file" "$secrets" "$BARO_PGBACKREST_CONF")" = "$sums_before" ] ||
    fail "the second run rewrote baro.env, secrets.json or pgbackrest.conf"
grep -q "creating\|generating\|writing" "$work/install2.log" &&
    { cat "$work/install2.log"; fail "the second run created something again"; }
[ "$(runuser -u postgres -- psql -X -At -p "$pg_port" -d baro -c "select count(*) from schema_migrations")" = "$schema" ] ||
    fail "the second run changed schema_migrations"

echo "==> systemd units"
unit="$BARO_UNIT_DIR/baro.service"
systemd-analyze verify "$unit" "$BARO_UNIT_DIR"/baro-backup-*.timer "$BARO_UNIT_DIR"/baro-backup-*.service ||
    fail "systemd-analyze verify"
exposure=$(systemd-analyze security --offline=true "$unit" 2>&1 | sed -n 's/.*Overall exposure level for baro.service: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || fail "no exposure level from systemd-analyze security"
awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || fail "exposure $exposure is above 2.0"
echo "    exposure $exposure"

echo "==> baro serve, as the unit runs it (user baro, EnvironmentFile, ExecStart, then ExecStartPost)"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
exec_post=$(sed -n 's/^ExecStartPost=//p' "$unit")
[ "$(sed -n 's/^EnvironmentFile=//p' "$unit")" = "$env_file" ] || fail "the unit reads another environment file"
# The demo consultation, before the server loads its catalogue.
(set -a; . "$env_file"; set +a; runuser -u baro -- "$BARO_BIN_DIR/baro" seed-demo --without-contributions) >/dev/null
start_baro() {
    # setpriv, not runuser: it execs in place (runuser stays as a parent), so $baro_pid is baro itself.
    (set -a; . "$env_file"; set +a; exec setpriv --reuid=baro --regid=baro --init-groups --inh-caps=-all $exec_start) \
        >> "$work/baro.log" 2>&1 &
    baro_pid=$!
    # The readiness check, with systemd's ${VAR} expansion done by the shell.
    (set -a; . "$env_file"; set +a; eval "$exec_post") || fail "the unit's readiness check failed"
}
start_baro
[ "$(ps -o user= -p "$baro_pid")" = baro ] || fail "baro does not run as user baro"

echo "==> nginx with a self-signed certificate"
site="$BARO_NGINX_SITES/baro.conf"
baro_test_nginx_adapt "$site" "$http_port" "$https_port"
grep -q "server $BARO_LISTEN" "$site" || fail "install.sh did not point the upstream at BARO_LISTEN"
baro_test_nginx_start "$work/nginx" "$site" || fail "nginx"

echo "==> over HTTPS: form, Twilio, gzip, micro-cache and moderators, SSE, limits"
NODE_EXTRA_CA_CERTS="$BARO_TLS_CERT" BARO_HTTPS_BASE="$base" BARO_HTTP_BASE="http://127.0.0.1:$http_port" \
    BARO_ENV_FILE="$env_file" BARO_INSTALLED_BIN="$BARO_BIN_DIR/baro" BARO_PG_PORT="$pg_port" \
    BARO_TWILIO_TOKEN="$twilio_token" \
    timeout 300 node --test --test-force-exit tests/deploy/https_checks.mjs || fail "HTTPS checks"

echo "==> restore drill: the latest state and a point in time between two sets of contributions"
live_sql() { runuser -u postgres -- psql -X -At -p "$pg_port" -d baro -c "$1"; }
# Everything so far lies more than BARO_DRILL_SETTLE_S (2 s) before the target moment T...
until [ "$(live_sql "select now() - max(received_at) > interval '3 seconds' from contribution")" = t ]; do sleep 0.2; done
target=$(live_sql "select now()")
# ...and five contributions come after it: the latest restore has them, the restore to T must not.
for i in 1 2 3 4 5; do
    curl -fsS -o /dev/null --cacert "$BARO_TLS_CERT" -H 'content-type: application/json' \
         -d "{\"text\": \"Après le point de restauration, numéro $i : an bɛ kalata fɛ.\"}" \
         "$base/api/v1/consultations/matransition/contributions" || fail "a contribution after T was refused"
done
[ "$(live_sql "select count(*) from contribution where received_at > timestamptz '$target'")" = 5 ] ||
    fail "the five contributions after T are not stored"
BARO_DRILL_SETTLE_S=2 BARO_DRILL_DIR="$work/drill" BARO_PG_CLUSTER="$cluster" bash deploy/restore-drill.sh --time "$target" \
    > "$work/drill.log" 2>&1 || { cat "$work/drill.log"; fail "the restore drill failed"; }
sed 's/^/    /' "$work/drill.log" | grep -E 'ok |FAIL|passed'

echo "==> a synchronous standby: a 2xx waits until the submission is on the standby's disk"
standby="${cluster}_sb"
standby_port=$(baro_free_port 27532)
standby_sql() { runuser -u postgres -- psql -X -At -p "$standby_port" -d baro -c "$1"; }
contribute() {   # contribute TEXT: the JSON intake over HTTPS; prints the HTTP status
    curl -sS -o /dev/null -w '%{http_code}' --max-time 120 --cacert "$BARO_TLS_CERT" -H 'content-type: application/json' \
         -d "{\"text\": \"$1\"}" "$base/api/v1/consultations/matransition/contributions"
}
BARO_STANDBY_ADDRS=127.0.0.1 bash deploy/install.sh > "$work/install-primary.log" 2>&1 ||
    { cat "$work/install-primary.log"; fail "install.sh on the primary with BARO_STANDBY_ADDRS"; }
BARO_STANDBY_OF="127.0.0.1:$pg_port" BARO_REPLICATION_PASSWORD=$(cat "$BARO_ETC/replication-password") \
    BARO_PG_CLUSTER="$standby" BARO_PG_PORT="$standby_port" BARO_ETC="$work/standby/etc" BARO_BIN_DIR="$work/standby/bin" \
    bash deploy/install.sh > "$work/install-standby.log" 2>&1 || { cat "$work/install-standby.log"; fail "install.sh for the standby"; }
BARO_STANDBY_ADDRS=127.0.0.1 bash deploy/install.sh > "$work/install-primary2.log" 2>&1 ||
    { cat "$work/install-primary2.log"; fail "install.sh on the primary, second time"; }
[ "$(live_sql "select sync_state from pg_stat_replication where application_name = 'baro_standby'")" = sync ] ||
    fail "the standby is not synchronous: $(live_sql "select application_name, state, sync_state from pg_stat_replication")"
code=$(contribute "Sira fila: an bɛ kalata fɛ.")
[ "$code" = 201 ] || [ "$code" = 202 ] || [ "$code" = 200 ] || fail "a contribution with the standby up got $code"
# With the standby down, a commit waits for it: no 2xx until it is back.
pg_ctlcluster 15 "$standby" stop
text="Sira fila, a tununnen: an bɛ kalata fɛ."
contribute "$text" > "$work/held.status" &
held=$!
deadline=$((SECONDS + 60))
until [ -n "$(live_sql "select 1 from pg_stat_activity where wait_event = 'SyncRep'")" ]; do
    [ $SECONDS -lt $deadline ] || fail "no commit waits for the stopped standby"
    kill -0 "$held" 2>/dev/null || fail "the contribution was answered ($(cat "$work/held.status")) with the standby down"
    sleep 0.2
done
kill -0 "$held" 2>/dev/null || fail "the contribution was answered ($(cat "$work/held.status")) while its commit waited"
pg_ctlcluster 15 "$standby" start
wait "$held" || true
code=$(cat "$work/held.status")
case "$code" in
    2??) [ "$(standby_sql "select count(*) from contribution where raw = '$text'")" = 1 ] ||
             fail "answered $code, but the standby does not hold the contribution once" ;;
    503) ;;   # baro gave up waiting; the gateway or browser retries, and the insert is idempotent
    *) fail "the held contribution got $code once the standby was back" ;;
esac
echo "    the held contribution was answered $code once the standby was back"

echo "==> public reads from the standby (BARO_READ_DATABASE_URL), writes and LISTEN on the primary"
echo "BARO_READ_DATABASE_URL=postgresql://baro@%2Fvar%2Frun%2Fpostgresql:$standby_port/baro" >> "$env_file"
kill -TERM "$baro_pid"; wait "$baro_pid" || fail "baro did not stop cleanly"
start_baro
NODE_EXTRA_CA_CERTS="$BARO_TLS_CERT" BARO_HTTPS_BASE="$base" BARO_ENV_FILE="$env_file" BARO_INSTALLED_BIN="$BARO_BIN_DIR/baro" \
    BARO_PG_PORT="$pg_port" BARO_STANDBY_PORT="$standby_port" \
    timeout 120 node --test --test-force-exit tests/deploy/standby_reads.mjs || fail "public reads from the standby"

echo "==> two baro nodes behind nginx: SSE resumes on the other node after its node is SIGKILLed"
# The second node: the same configuration on another port, started and checked as the unit does.
(set -a; . "$env_file"; BARO_LISTEN="127.0.0.1:$baro2_port"; set +a;
 exec setpriv --reuid=baro --regid=baro --init-groups --inh-caps=-all $exec_start) >> "$work/baro2.log" 2>&1 &
baro2_pid=$!
(set -a; . "$env_file"; BARO_LISTEN="127.0.0.1:$baro2_port"; set +a; eval "$exec_post") || fail "the second node is not ready"
BARO_STANDBY_ADDRS=127.0.0.1 BARO_NODES="$BARO_LISTEN 127.0.0.1:$baro2_port" bash deploy/install.sh > "$work/install-nodes.log" 2>&1 ||
    { cat "$work/install-nodes.log"; fail "install.sh with BARO_NODES"; }
baro_test_nginx_adapt "$site" "$http_port" "$https_port"
[ "$(grep -c "server 127.0.0.1:.* max_fails=3 fail_timeout=5s;" "$site")" = 2 ] || fail "the upstream does not list both nodes"
baro_test_nginx_reload "$work/nginx" || fail "nginx reload with two nodes"
NODE_EXTRA_CA_CERTS="$BARO_TLS_CERT" BARO_HTTPS_BASE="$base" BARO_ENV_FILE="$env_file" BARO_INSTALLED_BIN="$BARO_BIN_DIR/baro" \
    BARO_PG_PORT="$pg_port" BARO_NODE_A="$BARO_LISTEN" BARO_PID_A="$baro_pid" BARO_NODE_B="127.0.0.1:$baro2_port" \
    BARO_PID_B="$baro2_pid" timeout 120 node --test --test-force-exit tests/deploy/two_nodes.mjs || fail "two nodes behind nginx"

echo "deploy: installed twice, unit verified (exposure $exposure), HTTPS checks, restore drill, synchronous standby and reads from it, two nodes with SSE resumed across them passed"
