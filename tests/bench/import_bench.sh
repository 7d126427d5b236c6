#!/usr/bin/env bash
# `baro import` benchmark (issue 13). Never part of CTest: it is timed and wants a quiet machine.
#
#   tests/bench/import_bench.sh                 200,000 generated posts (BENCH_POSTS to change)
#   BENCH_BUILD_DIR=build tests/bench/...       use that build's baro (default: build-bench, Release)
#
# In one run, on a throwaway PostgreSQL 15 cluster (deploy/lib/pg.sh), against the same table with the
# same indexes and triggers:
#   1. `baro import` of a generated JSONL archive (tests/e2e's format: platform x, distinct ids, 5000
#      authors, French and Bambara words), timed from start to exit, with its peak RSS (--stats);
#   2. the rows it stored, copied out (`COPY … TO`), deleted, and loaded again with `COPY … FROM` into
#      `contribution` and `contribution_source`, timed: the database's own bulk path for the same rows.
# Prints both rates and their ratio; record them in docs/performance.md ("Archive import").
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh

posts=${BENCH_POSTS:-200000}
bd=${BENCH_BUILD_DIR:-build-bench}
for tool in node psql cmake ninja; do
    command -v "$tool" >/dev/null || { echo "import_bench: $tool is missing" >&2; exit 1; }
done
if [ ! -x "$bd/baro" ]; then
    cmake -S . -B "$bd" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF >/dev/null
fi
cmake --build "$bd" --target baro >/dev/null
baro=$root/$bd/baro

work=$(mktemp -d /tmp/baro-import-bench.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres: "$work" && chmod 755 "$work"
port=$(baro_free_port 26432)
cleanup() { baro_pg_stop "$work/data" || true; rm -rf "$work"; }
trap cleanup EXIT
baro_pg_init "$work/data" "$port" >/dev/null
baro_pg_start "$work/data" "$port" >/dev/null
export BARO_DATABASE_URL="postgresql://baro@127.0.0.1:$port/postgres"
node -e 'console.log(JSON.stringify({pepper: require("crypto").randomBytes(32).toString("hex")}))' > "$work/secrets.json"
export BARO_SECRETS_FILE=$work/secrets.json
"$baro" migrate >/dev/null
"$baro" seed-demo --without-contributions >/dev/null

node -e '
const fs = require("fs"); const [file, n] = [process.argv[1], Number(process.argv[2])];
const fd = fs.openSync(file, "w"); let lines = [];
const words = ["an bɛ hɔrɔnya fɛ", "la transition", "kalata ka kɛ ka ɲɛ", "le pouvoir aux civils", "jamana", "sigida"];
for (let i = 1; i <= n; i++) {
  lines.push(JSON.stringify({ platform: "x", id: String(1e15 + i), created_at: "2020-11-06T09:30:00Z", author_id: String(i % 5000),
    text: `${words[i % 6]} ${i} ${words[(i * 7) % 6]}`, url: `https://x.com/i/web/status/${1e15 + i}`, in_reply_to: "" }));
  if (lines.length === 5000) { fs.writeSync(fd, lines.join("\n") + "\n"); lines = []; }
}
if (lines.length) fs.writeSync(fd, lines.join("\n") + "\n");' "$work/posts.jsonl" "$posts"

now() { date +%s.%N; }
t0=$(now)
"$baro" import matransition "$work/posts.jsonl" --format jsonl --stats 2> "$work/import.err"
t1=$(now)
peak=$(sed -n 's/^peak_rss_kb //p' "$work/import.err")

cols="consultation_id, channel, external_id, sender_key, received_at, raw, display_text, search_key, language, script, status, suggested_themes, flags"
psql -qAtX "$BARO_DATABASE_URL" -v ON_ERROR_STOP=1 <<SQL
\copy (select id, $cols from contribution where channel = 'x' order by id) to '$work/contribution.copy'
\copy (select contribution_id, platform, permalink, in_reply_to, posted_at from contribution_source order by contribution_id) to '$work/source.copy'
delete from contribution where channel = 'x';
vacuum analyze contribution;
SQL
t2=$(now)
psql -qAtX "$BARO_DATABASE_URL" -v ON_ERROR_STOP=1 <<SQL
begin;
create temp table c_in (id bigint, $(echo "$cols" | sed 's/,/ text,/g') text) on commit drop;
\copy c_in from '$work/contribution.copy'
insert into contribution (id, $cols) overriding system value
    select id::bigint, consultation_id::bigint, channel, external_id, sender_key, received_at::timestamptz, raw, display_text,
           search_key, language, script, status, suggested_themes::text[], flags::text[] from c_in;
\copy contribution_source (contribution_id, platform, permalink, in_reply_to, posted_at) from '$work/source.copy'
commit;
SQL
t3=$(now)
rows=$(psql -qAtX "$BARO_DATABASE_URL" -c "select count(*) from contribution where channel = 'x'")

awk -v n="$posts" -v rows="$rows" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v peak="$peak" 'BEGIN {
    imp = b - a; cp = d - c;
    printf "posts %d, rows after COPY %d\n", n, rows;
    printf "baro import: %.1f s, %.0f posts/s, peak RSS %s kB\n", imp, n / imp, peak;
    printf "COPY of the same rows (same indexes and triggers): %.1f s, %.0f rows/s\n", cp, rows / cp;
    printf "ratio import/COPY: %.2f\n", (n / imp) / (rows / cp);
}'
