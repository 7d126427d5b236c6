#!/usr/bin/env bash
# PostgreSQL CPU per row of the group-commit writer's statement, and what each index and trigger on
# `contribution` adds to it (issue 17). Never part of CTest: timed.
#
#   tests/bench/writer_cost.sh                       every variant below, printed as a table
#   WRITER_BATCH=16 WRITER_ROWS=16384                rows per statement (baro's batches average 14-16
#                                                    rows under load) and rows per variant
#   WRITER_PREFILL=200000                            rows in the table before each variant
#   WRITER_VARIANTS="all no_queue_count ..."         a subset (names in the list below)
#   BENCH_BIN=build/baro                             the binary that migrates (default build/baro)
#
# Self-contained: a throwaway PostgreSQL 15 cluster (deploy/lib/pg.sh) on a free port, `baro migrate`,
# `baro seed-demo --without-contributions`, WRITER_PREFILL rows by tests/bench/fill_contributions.sh,
# then a template database. Each variant is a fresh copy of the template with one change (an index
# dropped, a trigger disabled), into which one psql session executes the writer's own prepared
# statement (insert_batch_sql, read from server/store/contribution_writer.cpp; plan_cache_mode =
# force_custom_plan, as the writer sets it), one autocommitted transaction per batch, on rows built
# from the Bayelemabaga corpus (French lines; every other row has a sender pseudonym, as SMS do). The
# figure is that backend's CPU (utime + stime from /proc, 10 ms ticks) divided by the rows: it counts
# parsing the array parameters, the insert, its indexes, its triggers and the commit's WAL work, not
# the wait for the disk. The batches are rendered to SQL before the clock starts.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/lib/pg.sh

batch=${WRITER_BATCH:-16}
rows=${WRITER_ROWS:-16384}
prefill=${WRITER_PREFILL:-200000}
bin=$(realpath "${BENCH_BIN:-build/baro}")
variants=${WRITER_VARIANTS:-all no_queue_count no_published_count no_search_pending no_contribution_queue \
no_contribution_status_time no_contribution_time no_contribution_consultation_time \
no_contribution_region_time no_contribution_sender no_contribution_tags \
no_fk_consultation lean}

# The change each variant makes to a fresh copy of the template.
variant_sql() {
    case $1 in
        all) echo "select 1" ;;
        no_queue_count) echo "alter table contribution disable trigger queue_count_insert" ;;
        no_published_count) echo "alter table contribution disable trigger published_count_insert" ;;
        no_search_pending) echo "alter table contribution disable trigger search_pending_insert" ;;
        no_fk_consultation) echo "alter table contribution drop constraint contribution_consultation_id_fkey" ;;
        no_contribution_*) echo "drop index ${1#no_}" ;;
        # The tags' GIN index without the rows that have none (every new row: an empty array).
        tags_partial) echo "drop index contribution_tags;
                            create index contribution_tags on contribution using gin (tags) where tags <> '{}'" ;;
        # Only what durability and idempotency need: the primary key, (channel, external_id), the
        # consultation's foreign key.
        lean) echo "alter table contribution disable trigger queue_count_insert;
                    alter table contribution disable trigger published_count_insert;
                    alter table contribution disable trigger search_pending_insert;
                    drop index contribution_queue, contribution_status_time, contribution_time,
                               contribution_consultation_time, contribution_region_time, contribution_sender,
                               contribution_tags" ;;
        *) echo "writer_cost: unknown variant $1" >&2; exit 2 ;;
    esac
}

tmp=$(mktemp -d /tmp/baro-writer-cost.XXXXXX)
chmod 755 "$tmp"
pgdata=$tmp/pg
trap 'baro_pg_stop "$pgdata" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
port=$(baro_free_port 25640)
baro_pg_init "$pgdata" "$port" >/dev/null
baro_pg_start "$pgdata" "$port" >/dev/null
server=postgresql://baro@127.0.0.1:$port
psql "$server/postgres" -qAtX -c "create database writer_template" >/dev/null
tmpl=$server/writer_template
BARO_DATABASE_URL=$tmpl "$bin" migrate >/dev/null
BARO_DATABASE_URL=$tmpl "$bin" seed-demo --without-contributions >/dev/null
[ "$prefill" -gt 0 ] && tests/bench/fill_contributions.sh "$tmpl" "$prefill" >/dev/null
psql "$tmpl" -qAtX -c "delete from search_pending" -c "vacuum analyze" >/dev/null

# The writer's statement, exactly as baro prepares it.
sed -n '/insert_batch_sql = R"sql(/,/^)sql";/p' server/store/contribution_writer.cpp | sed '1d;$d' > "$tmp/writer.sql"

# The batches as EXECUTE statements (31 array parameters each), rendered once.
cp tests/data/bayelemabaga/dev.fr "$tmp/fr.txt"
psql "$tmpl" -qAtX -v ON_ERROR_STOP=1 -v batch="$batch" -v rows="$rows" > "$tmp/batches.sql" <<SQL
create temp table line (n serial, t text);
\copy line (t) from '$tmp/fr.txt' with (format csv, delimiter E'\x01', quote E'\x02')
with r as (
    select g - 1 as i, l.t,
           case when g % 2 = 0 then encode(sha256(('sender' || g)::bytea), 'hex') end as sender
    from generate_series(1, :rows) g
    join line l on l.n = 1 + g % (select count(*) from line)
)
select format('execute w(%L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L);',
              array_agg((select id from consultation where slug = 'matransition') order by i),
              array_agg(case when sender is null then 'web' else 'sms' end order by i),
              array_agg('writer-cost-' || i order by i), array_agg(sender order by i),
              array_agg('text=' || t order by i), array_agg(t order by i), array_agg(lower(t) order by i),
              array_agg('fr'::text order by i), array_agg('latin'::text order by i),
              array_agg(case when i % 3 = 0 then 'bamako' end order by i), array_agg(null::text order by i),
              array_agg(null::text order by i), array_agg('new'::text order by i),
              array_agg(case when i % 4 = 0 then '{gouvernance}' else '{}' end order by i),
              array_agg('{}'::text order by i), array_agg('{}'::text order by i),
              array_agg(null::text order by i), array_agg(null::text order by i), array_agg(null::text order by i),
              array_agg(null::bigint order by i), array_agg(false order by i),
              array_agg(null::text order by i), array_agg(null::text order by i), array_agg(null::text order by i),
              array_agg(null::text order by i), array_agg(null::bigint order by i), array_agg(null::bigint order by i),
              array_agg(null::text order by i), array_agg(null::text order by i), array_agg(null::text order by i),
              array_agg(null::text order by i))
from r group by i / :batch order by i / :batch;
SQL

hz=$(getconf CLK_TCK)
printf '%s\n' "PostgreSQL $(psql "$tmpl" -qAtX -c 'show server_version'), $prefill rows before, $rows rows in batches of $batch"
printf '%-36s %12s %10s\n' variant "µs CPU/row" "rows/s"
for v in $variants; do
    db=v_$v
    psql "$server/postgres" -qAtX -c "create database $db template writer_template" >/dev/null
    psql "$server/$db" -qAtX -v ON_ERROR_STOP=1 -c "$(variant_sql "$v")" -c "checkpoint" >/dev/null
    {
        echo "set plan_cache_mode = force_custom_plan;"
        echo "prepare w as $(cat "$tmp/writer.sql");"
        echo "select pg_backend_pid() as pid \\gset"
        echo "\\setenv PID :pid"
        echo "\\! awk '{print \$14 + \$15}' /proc/\$PID/stat > $tmp/t0; date +%s.%N >> $tmp/t0"
        cat "$tmp/batches.sql"
        echo "\\! awk '{print \$14 + \$15}' /proc/\$PID/stat > $tmp/t1; date +%s.%N >> $tmp/t1"
    } > "$tmp/run.sql"
    psql "$server/$db" -qAtX -v ON_ERROR_STOP=1 -f "$tmp/run.sql" >/dev/null
    n=$(psql "$server/$db" -qAtX -c "select count(*) from contribution where external_id like 'writer-cost-%'")
    [ "$n" = "$rows" ] || { echo "writer_cost: $v stored $n rows of $rows" >&2; exit 1; }
    paste "$tmp/t0" "$tmp/t1" | awk -v v="$v" -v hz="$hz" -v n="$rows" '
        NR == 1 { cpu = ($2 - $1) / hz } NR == 2 { wall = $2 - $1 }
        END { printf "%-36s %12.1f %10.0f\n", v, cpu * 1e6 / n, n / wall }'
    psql "$server/postgres" -qAtX -c "drop database $db" >/dev/null
done
