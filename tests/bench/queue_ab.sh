#!/usr/bin/env bash
# Two baro binaries answering the same moderation-queue view on the same database, by turns: for a
# change whose effect is smaller than this machine's spread from one quarter hour to the next, which
# separate runs of queue_live_bench.sh cannot tell apart (issue 17). Never part of CTest: timed.
#
#   tests/bench/queue_ab.sh BIN_A BIN_B            e.g. a build of main and a build of the working tree
#   AB_FILTER='search=q=kono' AB_ROUNDS=8 AB_REQUESTS=200 AB_CONC=4 BENCH_ROWS=1000000
#
# Self-contained: a throwaway PostgreSQL 15 cluster (deploy/lib/pg.sh), BIN_A migrates and seeds,
# tests/bench/fill_contributions.sh fills BENCH_ROWS rows; both servers run side by side on their
# own ports with the same secrets and moderator (one login each); each round sends AB_REQUESTS
# requests at AB_CONC at a time (after 20 unmeasured) to A, then to B. Prints p50/p95/p99 per round.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/lib/pg.sh
. tests/bench/lib/moderator.sh
bin_a=$(realpath "${1:?usage: queue_ab.sh BIN_A BIN_B}")
bin_b=$(realpath "${2:?usage: queue_ab.sh BIN_A BIN_B}")
filter=${AB_FILTER:-search=q=kono}
rounds=${AB_ROUNDS:-8}
requests=${AB_REQUESTS:-200}
conc=${AB_CONC:-4}
rows=${BENCH_ROWS:-1000000}

tmp=$(mktemp -d /tmp/baro-queue-ab.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
pgport=$(baro_free_port 26100)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; baro_pg_stop "$tmp/data"; rm -rf "$tmp"; }
trap cleanup EXIT
baro_pg_init "$tmp/data" "$pgport"
baro_pg_start "$tmp/data" "$pgport"
export BARO_DATABASE_URL="postgresql://baro@127.0.0.1:$pgport/postgres"
"$bin_a" migrate >/dev/null
"$bin_a" seed-demo --without-contributions >/dev/null
echo "==> $rows contributions (tests/bench/fill_contributions.sh)"
tests/bench/fill_contributions.sh "$BARO_DATABASE_URL" "$rows" matransition | sed 's/^/    /'

printf '{"pepper":"%s"}\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$tmp/secrets.json"
start() {  # start BIN PORT
    BARO_SECRETS_FILE="$tmp/secrets.json" BARO_MAX_CONNECTIONS_PER_ADDRESS=0 BARO_MAX_STREAMS_PER_ADDRESS=0 \
        BARO_LISTEN=127.0.0.1:$2 BARO_PUBLIC_URL=http://127.0.0.1:$2 "$1" serve > "$tmp/baro-$2.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 200); do curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "baro serve ($1) did not start:" >&2; cat "$tmp/baro-$2.log" >&2; exit 1
}
port_a=$(baro_free_port 18400); start "$bin_a" "$port_a"
port_b=$(baro_free_port $((port_a + 1))); start "$bin_b" "$port_b"
moderator_new "$bin_a" "http://127.0.0.1:$port_a" ab@baro.ml
cookie_a=$moderator_cookie
cookie_b=$(moderator_login "http://127.0.0.1:$port_b" ab@baro.ml "$moderator_password")
[ -n "$cookie_b" ] || { echo "login at B failed" >&2; exit 1; }

run() {  # run PORT COOKIE -> "p50 p95 p99"
    node tests/bench/queue_load.mjs --base "http://127.0.0.1:$1" --cookie "$2" --requests "$requests" --conc "$conc" --warm 20 \
        --filter "$filter" 2>/dev/null |
        node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));for(const v of Object.values(o.filters))
                 console.log(v.latency_ms.p50, v.latency_ms.p95, v.latency_ms.p99, "non-200:", v.non_200)'
}
echo "==> $filter: $requests requests at $conc at a time, A ($bin_a) then B ($bin_b), $rounds rounds; p50 p95 p99 ms"
for r in $(seq "$rounds"); do
    echo "round $r  A $(run "$port_a" "$cookie_a")"
    echo "round $r  B $(run "$port_b" "$cookie_b")"
done
