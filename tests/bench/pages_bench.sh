#!/usr/bin/env bash
# Results page, report and share image served from cache (issue 14), against nginx serving the same
# bytes from disk in the same run. Never part of CTest: timed, wants a quiet machine; prints a table,
# records nothing.
#
#   BARO_BIN=build/baro tests/bench/pages_bench.sh
#   BENCH_SLUG=matransition  BENCH_DURATION=10s  BENCH_CONC=64  BENCH_THREADS=2  BENCH_ROWS=5000
#
# A throwaway PostgreSQL 15 cluster (deploy/lib/pg.sh) on a free port, `baro migrate`, `baro seed-demo
# --without-contributions`, BENCH_ROWS published contributions inserted in one statement, `baro serve`;
# each URL is fetched once (filling the cache) and its bytes written under a temporary root that
# nginx (Debian's nginx-light, `sendfile on`) serves; then wrk runs the same URL against both.
# All three are rendered once per summary version (the report per language and day, live/page_cache)
# and then served from memory.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BARO_BIN:-$here/build/baro}
slug=${BENCH_SLUG:-matransition}
duration=${BENCH_DURATION:-10s}
conc=${BENCH_CONC:-64}
threads=${BENCH_THREADS:-2}
rows=${BENCH_ROWS:-5000}
. "$here/deploy/lib/pg.sh"
. "$here/deploy/lib/deps.sh"

work=$(mktemp -d /tmp/baro-pages-bench.XXXXXX)
chown postgres: "$work"
pg_port=$(baro_free_port 45000)
baro_port=$(baro_free_port $((pg_port + 1)))
nginx_port=$(baro_free_port $((baro_port + 1)))
baro_pid=
nginx_pid=
cleanup() {
    [ -n "$baro_pid" ] && kill "$baro_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    baro_pg_stop "$work/data" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
# Waits up to 60 s for a URL to answer 2xx; names what never came up instead of looping for ever.
wait_for() {
    for _ in $(seq 1 300); do
        curl -sf "$1" >/dev/null && return 0
        sleep 0.2
    done
    echo "pages_bench: $2 did not answer $1 within 60 s" >&2
    exit 1
}

baro_pg_init "$work/data" "$pg_port" >/dev/null
baro_pg_start "$work/data" "$pg_port" >/dev/null
export BARO_DATABASE_URL="postgresql://baro@127.0.0.1:$pg_port/postgres"
"$bin" migrate >/dev/null
"$bin" seed-demo --without-contributions >/dev/null
psql -q "$BARO_DATABASE_URL" -c "insert into contribution (consultation_id, channel, external_id, sender_key, raw, display_text,
    language, region, status, suggested_themes, received_at, published_at)
  select c.id, (array['sms','web','whatsapp','ussd'])[1 + i % 4], 'bench-' || i, 'k', 'avis ' || i, 'avis numéro ' || i,
    (array['fr','bm'])[1 + i % 2], (array['bamako','kayes','kita','gao','diaspora','mopti'])[1 + i % 6], 'published',
    (select array[slug] from theme t where t.consultation_id = c.id order by slug offset (i % 3) limit 1),
    now() - (i % 30) * interval '1 day', now() - (i % 30) * interval '1 day'
  from consultation c, generate_series(1, $rows) i where c.slug = '$slug'"

BARO_LISTEN=127.0.0.1:$baro_port "$bin" serve >"$work/baro.log" 2>&1 &
baro_pid=$!
wait_for "http://127.0.0.1:$baro_port/healthz" "baro serve (see $work/baro.log)"

declare -A paths=([results]="/c/$slug/resultats?lang=fr" [report]="/c/$slug/rapport?lang=fr" [share]="/c/$slug/partage.png?lang=fr")
mkdir -p "$work/www"
# $work belongs to postgres (0700, for the cluster); nginx's workers run as nobody and must reach www/.
chmod 711 "$work"
chmod 755 "$work/www"
for name in "${!paths[@]}"; do
    curl -sf "http://127.0.0.1:$baro_port${paths[$name]}" -o "$work/www/$name"
done
cat >"$work/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $work/nginx.pid; error_log $work/nginx.err;
events { worker_connections 4096; }
http { access_log off; sendfile on; default_type application/octet-stream;
  server { listen 127.0.0.1:$nginx_port; root $work/www; location / { try_files \$uri =404; } } }
CONF
nginx -c "$work/nginx.conf" &
nginx_pid=$!
wait_for "http://127.0.0.1:$nginx_port/results" "nginx (see $work/nginx.err)"

printf '%-8s %10s %14s %14s\n' page bytes "baro req/s" "nginx req/s"
for name in results report share; do
    rate() { wrk -t"$threads" -c"$conc" -d"$duration" "$1" | awk '/Requests\/sec/ {print $2}'; }
    printf '%-8s %10s %14s %14s\n' "$name" "$(stat -c %s "$work/www/$name")" \
        "$(rate "http://127.0.0.1:$baro_port${paths[$name]}")" "$(rate "http://127.0.0.1:$nginx_port/$name")"
done
