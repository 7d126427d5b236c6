#!/usr/bin/env bash
# The duplicate grouper alone (issue 17): how fast `baro serve` groups a campaign that is already stored,
# and what that costs baro and PostgreSQL per message.
#
#   tests/bench/grouper_bench.sh                 # Release build of the working tree into build-bench/
#   BENCH_ROWS=100000 tests/bench/grouper_bench.sh
#   BENCH_BIN=/path/to/baro tests/bench/grouper_bench.sh   # a binary built elsewhere (another commit)
#
# 1. A throwaway PostgreSQL cluster; baro migrate, seed-demo without contributions, serve.
# 2. BENCH_ROWS web-form posts (tests/bench/ingest_load.mjs at 4,000/s: the ingest bench's texts, 8
#    sentences in pairs plus "n° i", so every message is a near-duplicate of thousands, as in a
#    copy-paste campaign read on the radio); wait until every one is grouped.
# 3. Keep those groups, stop baro, empty contribution_group (its band indexes with it), CHECKPOINT.
# 4. Timed: start baro serve and wait until every contribution is grouped again (count polled every
#    0.2 s). CPU of baro and of PostgreSQL (postmaster and all backends) from /proc over the same span.
# 5. The groups must be the ones of step 2, row for row (the grouper decides in id order whatever its
#    rounds): the script fails otherwise.
# Prints a Markdown table for docs/performance.md ("The duplicate grouper alone").
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh

rows=${BENCH_ROWS:-100000}
load_rate=4000
for tool in node psql cmake ninja curl; do
    command -v "$tool" >/dev/null || { echo "grouper_bench: $tool is missing (deploy/lib/deps.sh: baro_install_deps test)" >&2; exit 1; }
done

if [ -n "${BENCH_BIN:-}" ]; then
    bin=$(realpath "$BENCH_BIN")
    what="binary $BENCH_BIN"
else
    echo "==> Release build of the working tree into build-bench/ (-j1: the 2 cores are shared)"
    cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF >/dev/null
    cmake --build build-bench -j1 --target baro
    bin=$root/build-bench/baro
    what="commit $(git rev-parse --short HEAD)$(git status --porcelain -- server sql CMakeLists.txt | grep -q . && echo ' + uncommitted changes' || true)"
fi

tmp=$(mktemp -d /tmp/baro-grouper-bench.XXXXXX)
chmod 755 "$tmp"   # the postgres user runs the cluster
pgdata=$tmp/pg
baro_pid=""
stop_baro() { [ -n "$baro_pid" ] && kill "$baro_pid" 2>/dev/null && wait "$baro_pid" 2>/dev/null; baro_pid=""; }
cleanup() { set +e; stop_baro; baro_pg_stop "$pgdata"; rm -rf "$tmp"; }
trap cleanup EXIT

echo "==> throwaway PostgreSQL cluster"
pgport=$(baro_free_port 25632)
baro_pg_init "$pgdata" "$pgport"
# Where PostgreSQL's time goes, statement by statement (including those run by triggers)
printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n" >> "$pgdata/postgresql.conf"
baro_pg_start "$pgdata" "$pgport"
psql "postgresql://baro@127.0.0.1:$pgport/postgres" -qAtX -c "create database baro_bench" >/dev/null
db="postgresql://baro@127.0.0.1:$pgport/baro_bench"
q() { psql "$db" -v ON_ERROR_STOP=1 -qAtX -c "$1"; }

printf '{"pepper":"%s"}\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$tmp/secrets.json"
export BARO_DATABASE_URL=$db BARO_SECRETS_FILE=$tmp/secrets.json
q "create extension pg_stat_statements"
"$bin" migrate >/dev/null
"$bin" seed-demo --without-contributions >/dev/null

port=$(baro_free_port 18180)
base=http://127.0.0.1:$port
start_baro() {
    BARO_MAX_CONNECTIONS_PER_ADDRESS=0 BARO_LISTEN=127.0.0.1:$port BARO_PUBLIC_URL=$base "$bin" serve >>"$tmp/baro.log" 2>&1 &
    baro_pid=$!
}
wait_healthy() {
    for _ in $(seq 400); do curl -fsS "$base/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "baro serve did not start:" >&2; cat "$tmp/baro.log" >&2; exit 1
}
grouped() { q "select count(*) from contribution_group"; }
# wait_grouped SECONDS: until every contribution has its group row, polling every 0.2 s
wait_grouped() {
    local deadline=$(( $(date +%s) + $1 ))
    while [ "$(grouped)" -lt "$rows" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "grouper_bench: $(grouped) of $rows grouped after $1 s" >&2; exit 1; }
        sleep 0.2
    done
}

echo "==> $rows web-form posts at $load_rate/s"
start_baro
wait_healthy
node tests/bench/ingest_load.mjs --url "$base/c/matransition?lang=fr" --rate "$load_rate" \
    --seconds "$(awk -v n="$rows" -v r="$load_rate" 'BEGIN{printf "%.3f", n/r}')" --conns 64 --run grp > "$tmp/load.json"
stored=$(q "select count(*) from contribution")
[ "$stored" -eq "$rows" ] || { echo "grouper_bench: $stored contributions stored, $rows posted: $(cat "$tmp/load.json")" >&2; exit 1; }
wait_grouped 900
q "create table bench_first_groups as select contribution_id, group_id from contribution_group"
stop_baro
q "truncate contribution_group"
q "vacuum analyze contribution_group"
q "checkpoint"

echo "==> timed: baro serve groups the $rows contributions again"
hz=$(getconf CLK_TCK)
proc_ticks() { for p in "$@"; do sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$12+$13+$14+$15} END{print s+0}'; }
pg_ticks() { local pm; pm=$(head -1 "$pgdata/postmaster.pid"); proc_ticks "$pm" $(pgrep -P "$pm"); }
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8; exit}' /proc/stat; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
q "select pg_stat_statements_reset()" >/dev/null
p0=$(pg_ticks) b0=$(busy_ticks) t0=$(date +%s.%N)
start_baro
wait_grouped 900
t1=$(date +%s.%N) p1=$(pg_ticks) b1=$(busy_ticks) x1=$(proc_ticks "$baro_pid")
stop_baro
statements=$(q "select format('| %s | %s | %s | %s | \`%s\` |', case when toplevel then 'statement' else 'in a trigger' end,
                      calls, round(total_exec_time::numeric / 1000, 2), round((total_exec_time * 1000 / $rows)::numeric, 1),
                      replace(left(regexp_replace(query, '\s+', ' ', 'g'), 110), '|', '\|'))
                from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
                order by total_exec_time desc limit 8")

different=$(q "select count(*) from bench_first_groups f full join contribution_group g using (contribution_id)
               where f.group_id is distinct from g.group_id")
[ "$different" -eq 0 ] || { echo "grouper_bench: $different contributions grouped differently the second time" >&2; exit 1; }
groups=$(q "select count(distinct group_id) from contribution_group")
largest=$(q "select max(n) from (select count(*) n from contribution_group group by group_id) s")

awk -v rows="$rows" -v t0="$t0" -v t1="$t1" -v x="$x1" -v p0="$p0" -v p1="$p1" -v b0="$b0" -v b1="$b1" -v hz="$hz" \
    -v groups="$groups" -v largest="$largest" -v what="$what" -v load="$load_before" -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" '
BEGIN {
    s = t1 - t0; cb = x / hz; cp = (p1 - p0) / hz; other = (b1 - b0) / hz - cb - cp; if (other < 0) other = 0
    printf "\nRun of %s, %s; load average before: %s\n\n", date, what, load
    print "| rows | groups (largest) | wall time to group all | rows/s | CPU s: baro / PostgreSQL / other | CPU per row: baro / PostgreSQL |"
    print "|---|---|---|---|---|---|"
    printf "| %d | %d (%d) | %.1f s | **%.0f** | %.1f / %.1f / %.1f | %.0f / %.0f µs |\n", rows, groups, largest, s, rows / s, cb, cp, other, cb / rows * 1e6, cp / rows * 1e6
    print "\nSame groups as when grouped during the load: yes (row for row).\n"
    print "PostgreSQL time by statement over the timed span (pg_stat_statements; a trigger'"'"'s statements are also in the one that fired it):\n"
    print "| run as | calls | total s | µs per row | statement |"
    print "|---|---|---|---|---|"
}'
printf '%s\n' "$statements"
echo
echo "Reproduce: BENCH_ROWS=$rows tests/bench/grouper_bench.sh"
