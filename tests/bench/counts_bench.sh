#!/usr/bin/env bash
# The queue counts' statement alone (issue 17, docs/performance.md "Queue counts as deltas"): what it
# costs PostgreSQL to count a writer batch's rows by theme, updating the counter rows in place (the
# trigger of sql/030) or appending them as deltas (sql/035), with nothing else open and while another
# session holds a repeatable-read snapshot (an analyst's export, a search-indexer round).
#
#   tests/bench/counts_bench.sh               # BENCH_ROWS=130000 source rows in batches of BENCH_BATCH=130
#
# One throwaway cluster, no baro: per variant a fresh counter table, then one psql session runs the
# statement once per batch; the figure is that backend's CPU (utime + stime from /proc) per source
# row. The rows have the ingest bench's spread: 22 regions, 2 languages, 2 themes each.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/lib/pg.sh

rows=${BENCH_ROWS:-130000}
batch=${BENCH_BATCH:-130}
command -v psql >/dev/null || { echo "counts_bench: psql is missing (deploy/lib/deps.sh: baro_install_deps test)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/baro-counts-bench.XXXXXX)
chmod 755 "$tmp"   # the postgres user runs the cluster
pgdata=$tmp/pg
holder=""
cleanup() { set +e; [ -n "$holder" ] && kill "$holder" 2>/dev/null; baro_pg_stop "$pgdata"; rm -rf "$tmp"; }
trap cleanup EXIT

pgport=$(baro_free_port 25682)
baro_pg_init "$pgdata" "$pgport"
baro_pg_start "$pgdata" "$pgport"
db="postgresql://baro@127.0.0.1:$pgport/postgres"
export PGOPTIONS="-c client_min_messages=warning"
q() { psql "$db" -v ON_ERROR_STOP=1 -qAtX -c "$1"; }

q "create table new_rows as select g as id, 1::bigint as consultation_id, 'new'::text as status, 'web'::text as channel,
     case when g % 8 in (2, 6) then 'bm' else 'fr' end as language, 'r' || (g % 22) as region,
     array['t' || (g % 5), 't' || (g % 7)] as themes
   from generate_series(1, $rows) g"
q "create index on new_rows (id)"
q "analyze new_rows"

# The two statements, as the triggers run them on a batch (new_rows: the batch's transition table).
upsert="insert into kept as q select consultation_id, status, channel, language, region, t, 3, count(*)
  from new_rows d, lateral (select distinct unnest(d.themes)) x(t) where id between :lo and :hi
  group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
  on conflict (consultation_id, status, channel, language, region, theme, shard) do update set n = q.n + excluded.n;"
append="insert into delta select consultation_id, status, channel, language, region, t, count(*)
  from new_rows d, lateral (select distinct unnest(d.themes)) x(t) where id between :lo and :hi
  group by 1, 2, 3, 4, 5, 6;"

# run NAME STATEMENT HOLD: prints µs of backend CPU per source row
run() {
    local name=$1 stmt=$2 hold=$3
    q "drop table if exists kept; drop table if exists delta;
       create table kept (consultation_id bigint, status text not null, channel text not null, language text not null,
         region text, theme text not null, shard smallint not null, n bigint not null,
         unique nulls not distinct (consultation_id, status, channel, language, region, theme, shard));
       create table delta (consultation_id bigint, status text not null, channel text not null, language text not null,
         region text, theme text not null, n bigint not null)"
    q "checkpoint"
    if [ "$hold" = yes ]; then   # a snapshot older than every batch, held for the whole run
        psql "$db" -qAtX -c "begin isolation level repeatable read; select count(*) from new_rows; select pg_sleep(3600)" \
            >/dev/null 2>&1 &
        holder=$!
        until [ "$(q "select count(*) from pg_stat_activity where query like '%pg_sleep(3600)%' and state = 'active' and pid <> pg_backend_pid()")" = 1 ]; do
            sleep 0.05
        done
    fi
    {
        echo "\\o $tmp/pid"
        echo "select pg_backend_pid();"
        echo "\\o"
        echo "\\! awk '{print \$14 + \$15}' /proc/\$(cat $tmp/pid)/stat > $tmp/cpu0"
        for ((lo = 1; lo <= rows; lo += batch)); do
            echo "\\set lo $lo"
            echo "\\set hi $((lo + batch - 1))"
            echo "$stmt"
        done
        echo "\\! awk '{print \$14 + \$15}' /proc/\$(cat $tmp/pid)/stat > $tmp/cpu1"
    } > "$tmp/run.sql"
    psql "$db" -v ON_ERROR_STOP=1 -qAtX -f "$tmp/run.sql" >/dev/null
    if [ -n "$holder" ]; then
        q "select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(3600)%' and pid <> pg_backend_pid()" >/dev/null
        wait "$holder" 2>/dev/null || true
        holder=""
    fi
    local ticks hz
    ticks=$(( $(cat "$tmp/cpu1") - $(cat "$tmp/cpu0") ))
    hz=$(getconf CLK_TCK)
    awk -v t="$ticks" -v hz="$hz" -v n="$rows" -v name="$name" 'BEGIN { printf "| %s | %.1f |\n", name, t / hz * 1e6 / n }'
}

echo
echo "Counting $rows rows by theme in batches of $batch ($(nproc) cores, PostgreSQL $(q 'show server_version')):"
echo
echo "| statement per batch | µs of PostgreSQL CPU per source row |"
echo "|---|---|"
run "update in place (sql/030), nothing else open" "$upsert" no
run "update in place (sql/030), one repeatable-read snapshot open" "$upsert" yes
run "append deltas (sql/035), nothing else open" "$append" no
run "append deltas (sql/035), one repeatable-read snapshot open" "$append" yes
