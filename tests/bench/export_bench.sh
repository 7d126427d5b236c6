#!/usr/bin/env bash
# The analysts' full export benchmark (issue 14). Never part of CTest: it is timed and wants a quiet machine.
#
#   tests/bench/export_bench.sh                 1,000,000 contributions (BENCH_ROWS to change)
#   BENCH_BUILD_DIR=build tests/bench/...       use that build's baro (default: build-bench, Release)
#
# In one run, on a throwaway PostgreSQL 15 cluster (deploy/lib/pg.sh) filled by fill_contributions.sh
# (all states, both languages, duplicate groups), each timed from start to exit with its peak RSS
# (GNU time's %M):
#   1. `baro export matransition --all --format csv --output FILE`;
#   2. `baro export matransition --all --format xlsx --output FILE` (libxlsxwriter, constant_memory);
#   3. psql's `COPY (the same select) TO STDOUT` of the same rows into a file: the database's own
#      bulk path, the floor for any export.
# Prints times, rows/s, peak RSS and the ratios to COPY; record them in docs/performance.md ("Full export").
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh

rows=${BENCH_ROWS:-1000000}
bd=${BENCH_BUILD_DIR:-build-bench}
for tool in node psql cmake ninja /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "export_bench: $tool is missing" >&2; exit 1; }
done
if [ ! -x "$bd/baro" ]; then
    cmake -S . -B "$bd" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF >/dev/null
fi
cmake --build "$bd" --target baro >/dev/null
baro=$root/$bd/baro

work=$(mktemp -d /tmp/baro-export-bench.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres: "$work" && chmod 755 "$work"
port=$(baro_free_port 26532)
cleanup() { baro_pg_stop "$work/data" || true; rm -rf "$work"; }
trap cleanup EXIT
baro_pg_init "$work/data" "$port" >/dev/null
baro_pg_start "$work/data" "$port" >/dev/null
export BARO_DATABASE_URL="postgresql://baro@127.0.0.1:$port/postgres"
"$baro" migrate >/dev/null
"$baro" seed-demo --without-contributions >/dev/null
# fill_contributions.sh routes 95 % of its rows to the consultation; ask for enough to get `rows`.
tests/bench/fill_contributions.sh "$BARO_DATABASE_URL" $(( (rows * 20 + 18) / 19 )) matransition >/dev/null
n=$(psql "$BARO_DATABASE_URL" -AtX -c "select count(*) from contribution c join consultation k on k.id = c.consultation_id where k.slug = 'matransition'")
echo "contributions of matransition: $n"

# The same select as store/full_export.cpp (full_columns), unformatted: what COPY alone costs.
utc() { echo "to_char($1 at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"; }
query="select c.id, $(utc c.received_at), c.status, $(utc c.published_at), $(utc c.decided_at), c.language,
  coalesce(c.region, ''), c.channel, array_to_string(c.suggested_themes, ';'), array_to_string(c.themes, ';'),
  c.themes_confirmed, array_to_string(c.tags, ';'), g.group_id, c.duplicate_of, left(c.sender_key, 6),
  coalesce(c.edited_text, c.display_text)
  from contribution c left join contribution_group g on g.contribution_id = c.id
  where c.consultation_id = (select id from consultation where slug = 'matransition') order by c.id"

measure() {  # name, command…: prints "name seconds peak_kB bytes"
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
    local file=$work/$name.file
    echo "$name $(cat "$work/$name.time") $(stat -c %s "$file")"
    rm -f "$file"
}
{
    measure copy sh -c "psql \"\$0\" -AtX -c \"copy ($query) to stdout\" > \"\$1\"" "$BARO_DATABASE_URL" "$work/copy.file"
    measure csv "$baro" export matransition --all --format csv --output "$work/csv.file"
    measure xlsx "$baro" export matransition --all --format xlsx --output "$work/xlsx.file"
} | tee "$work/results"

awk -v n="$n" '
{ t[$1] = $2; m[$1] = $3; b[$1] = $4 }
END {
    printf "\n%-6s %9s %12s %14s %12s %10s\n", "", "seconds", "rows/s", "peak RSS kB", "MB", "× COPY";
    split("copy csv xlsx", names, " ");
    for (i = 1; i <= 3; i++) { k = names[i];
        printf "%-6s %9.1f %12.0f %14d %12.1f %10.2f\n", k, t[k], n / t[k], m[k], b[k] / 1048576, t[k] / t["copy"] }
}' "$work/results"
