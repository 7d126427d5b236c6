#!/usr/bin/env bash
# Through nginx with TLS, side by side with baro direct, in one run (issue 12): cached summary and embed
# requests/s, and durable form posts/s with the synchronous standby on and off (with the search and
# grouping lag sampled during those posts). Never part of CTest:
# timed, wants a quiet machine; prints a table, records nothing (docs/performance.md, "TLS and nginx").
#
#   BARO_BIN=build/baro tests/bench/tls_bench.sh          (as root: PostgreSQL runs as user postgres)
#   BENCH_DURATION=10s  BENCH_CONC=64  BENCH_THREADS=2
#
# A throwaway primary (deploy/lib/pg.sh) and a streaming standby of it (pg_basebackup), `baro migrate`,
# `baro seed-demo`, `baro serve`, and nginx running deploy/nginx/baro.conf as install.sh writes it
# (a self-signed certificate, the site's ports moved to free ones). Two changes to the site, both
# for the load generator: its `limit_req` lines are dropped (wrk posts 2000 forms a second from one
# address; the limiter would answer 429, and the figure is the path's, not the limiter's), and
# nothing else. Reads: wrk GETs the same URL over keep-alive TLS (nginx's micro-cache answers; baro's
# own cache answers direct). Posts: tests/bench/ingest_wrk.lua, every request a distinct contribution,
# only a 303 counts (its row is committed, and with the standby on, replayed there). "Standby on" is
# synchronous_standby_names = 'FIRST 1 (bench_standby)' with synchronous_commit = remote_apply, as
# deploy/lib/standby.sh and deploy/patroni/baro.yml set it.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BARO_BIN:-$here/build/baro}
duration=${BENCH_DURATION:-10s}
conc=${BENCH_CONC:-64}
threads=${BENCH_THREADS:-2}
. "$here/deploy/lib/pg.sh"
. "$here/tests/bench/lib/lags.sh"
[ "$(id -u)" -eq 0 ] || { echo "tls_bench.sh: run as root (PostgreSQL as postgres, nginx as www-data)" >&2; exit 1; }

work=$(mktemp -d /tmp/baro-tls-bench.XXXXXX)
chmod 711 "$work"
chown postgres: "$work"
pg_port=$(baro_free_port 46000)
sb_port=$(baro_free_port $((pg_port + 1)))
baro_port=$(baro_free_port $((sb_port + 1)))
https_port=$(baro_free_port $((baro_port + 1)))
http_port=$(baro_free_port $((https_port + 1)))
baro_pid=
cleanup() {
    [ -n "$baro_pid" ] && kill "$baro_pid" 2>/dev/null && wait "$baro_pid" 2>/dev/null
    [ -s "$work/nginx/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
    baro_pg_stop "$work/standby" >/dev/null 2>&1 || true
    baro_pg_stop "$work/primary" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "==> a primary and its streaming standby" >&2
baro_pg_init "$work/primary" "$pg_port" >/dev/null
echo "host replication baro 127.0.0.1/32 trust" >> "$work/primary/pg_hba.conf"
baro_pg_start "$work/primary" "$pg_port" >/dev/null
baro_pg_as pg_basebackup -h 127.0.0.1 -p "$pg_port" -U baro -D "$work/standby" -X stream -R >/dev/null
sed -i "s/^port = .*/port = $sb_port/" "$work/standby/postgresql.conf"
baro_pg_as sed -i "s/^primary_conninfo = '/primary_conninfo = 'application_name=bench_standby /" "$work/standby/postgresql.auto.conf"
baro_pg_start "$work/standby" "$sb_port" >/dev/null
primary="postgresql://baro@127.0.0.1:$pg_port/postgres"
until [ "$(psql -X -At "$primary" -c "select count(*) from pg_stat_replication where application_name = 'bench_standby' and state = 'streaming'")" = 1 ]; do
    sleep 0.2
done
standby_sync() {   # standby_sync on|off
    local names="''"
    [ "$1" = on ] && names="'FIRST 1 (bench_standby)'"
    psql -X -q "$primary" -c "alter system set synchronous_standby_names = $names" \
        -c "alter system set synchronous_commit = remote_apply" -c "select pg_reload_conf()" >/dev/null
    local want=async
    [ "$1" = on ] && want=sync
    until [ "$(psql -X -At "$primary" -c "select sync_state from pg_stat_replication where application_name = 'bench_standby'")" = "$want" ]; do
        sleep 0.1
    done
}

echo "==> baro" >&2
export BARO_DATABASE_URL="$primary"
"$bin" migrate >/dev/null
"$bin" seed-demo >/dev/null
BARO_LISTEN=127.0.0.1:$baro_port BARO_PUBLIC_URL="https://localhost:$https_port" BARO_TRUSTED_PROXIES=127.0.0.1 \
    BARO_MAX_CONNECTIONS_PER_ADDRESS=0 "$bin" serve > "$work/baro.log" 2>&1 &
baro_pid=$!
until curl -sf "http://127.0.0.1:$baro_port/readyz" >/dev/null; do sleep 0.2; done

echo "==> nginx with deploy/nginx/baro.conf over TLS" >&2
mkdir -p "$work/nginx/tmp" "$work/nginx/cache" "$work/nginx/snippets"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null
cp "$here/deploy/nginx/baro-micro-cache.conf" "$work/nginx/snippets/"
sed -e "s#baro\.example\.org#localhost#g" \
    -e "s#/etc/letsencrypt/live/localhost/fullchain\.pem#$work/nginx/cert.pem#" \
    -e "s#/etc/letsencrypt/live/localhost/privkey\.pem#$work/nginx/key.pem#" \
    -e "s#^\(\s*\)server 127\.0\.0\.1:8080 #\1server 127.0.0.1:$baro_port #" \
    -e "s#/etc/nginx/snippets/#$work/nginx/snippets/#" -e "s#/var/cache/nginx/baro#$work/nginx/cache#" \
    -e "s/^\(\s*\)listen 80;/\1listen 127.0.0.1:$http_port;/" -e "s/^\(\s*\)listen 443 ssl http2;/\1listen 127.0.0.1:$https_port ssl http2;/" \
    -e '/listen \[::\]/d' -e '/^\s*limit_req zone=/d' \
    "$here/deploy/nginx/baro.conf" > "$work/nginx/site.conf"
chown -R www-data: "$work/nginx/tmp" "$work/nginx/cache"
cat > "$work/nginx/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    include $work/nginx/site.conf;
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
until curl -sfk -o /dev/null "https://localhost:$https_port/healthz"; do sleep 0.2; done

lua="$here/tests/bench/ingest_wrk.lua"
rate() {   # rate URL RUN: requests answered as expected per second (200 for GET, 303 for a form post)
    wrk -t"$threads" -c"$conc" -d"$duration" -s "$lua" "$1" -- "$2" | sed -n 's/^WRK_JSON //p' |
        sed -n 's/.*"rate":\([0-9.]*\).*/\1/p'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
direct="http://127.0.0.1:$baro_port"
tls="https://localhost:$https_port"
summary=/api/v1/consultations/matransition/summary?lang=fr
embed=/embed/matransition?lang=fr
form=/c/matransition?lang=fr

printf '%-34s %14s %16s %8s\n' "what" "baro direct/s" "nginx + TLS/s" "ratio"
row() {   # row LABEL PATH RUN
    local d t
    # ingest_wrk.lua reads "GET" as a read run; any other argument is the run id of a set of posts.
    local rd=GET rt=GET
    [ "$3" = GET ] || { rd="$3-d"; rt="$3-t"; }
    d=$(rate "$direct$2" "$rd")
    t=$(rate "$tls$2" "$rt")
    printf '%-34s %14s %16s %8s\n' "$1" "$d" "$t" "$(ratio "$t" "$d")"
}
# The stages after the commit during the post rows: their lags sampled from /metrics every 0.1 s
# (tests/bench/lib/lags.sh).
lags_print() {   # stops the sampler; prints the p99 and max of each lag over the samples
    lags_stop "$work/lag.raw" "$work/lag.both"
    echo "    lags ($(wc -l < "$work/lag.both") samples):" \
         "search p99 $(lags_quantile 1 0.99 "$work/lag.both") s (max $(lags_quantile 1 1 "$work/lag.both") s)" \
         "grouping p99 $(lags_quantile 2 0.99 "$work/lag.both") s (max $(lags_quantile 2 1 "$work/lag.both") s)"
}

row "summary (cached)" "$summary" GET
row "embed (cached)" "$embed" GET
standby_sync off
lags_start "$direct/metrics" "$work/lag.raw" 3000
row "form posts, standby async" "$form" "async$$"
lags_print
standby_sync on
lags_start "$direct/metrics" "$work/lag.raw" 3000
row "form posts, standby synchronous" "$form" "sync$$"
lags_print
echo "(load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores at the end)"
