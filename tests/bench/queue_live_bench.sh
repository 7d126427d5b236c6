#!/usr/bin/env bash
# Moderation queue (issue 5), cached summary / embed page and SSE fan-out (issue 6) benchmarks.
# Never part of CTest: timed, wants a quiet machine.
#
#   tests/bench/queue_live_bench.sh                 build, fill, run the three sections, update docs/performance.md
#   BENCH_SECTIONS="queue read sse"                 which sections to run (default all three)
#   BENCH_WRITE_DOC=0                               print only
#   BENCH_ROWS=1000000                              rows the generator puts in `contribution`
#   BENCH_SETUP_SQL='create index …'                an experiment on the schema before the server starts
#
# Self-contained, like ingest_bench.sh: Release build into build-bench2/, a throwaway PostgreSQL 15
# cluster (deploy/lib/pg.sh) on a free port with pg_stat_statements loaded, `baro migrate`,
# `baro seed-demo --without-contributions`, tests/bench/fill_contributions.sh (BENCH_ROWS rows from the
# corpus), `baro user add --role moderator`, `baro serve`, a login through POST /mod/login, then:
#   queue  GET /api/v1/mod/contributions with six console views, QUEUE_REQUESTS each at QUEUE_CONC
#          concurrent keep-alive connections (tests/bench/queue_load.mjs); the ceiling is the same SQL
#          (captured from PostgreSQL's log while baro ran it) through pgbench at the same concurrency;
#          EXPLAIN (ANALYZE, BUFFERS) of each view's two queries is kept in the printed output.
#   read   wrk on GET /api/v1/consultations/matransition/summary and GET /embed/matransition vs a
#          private nginx serving the same bytes and headers, same wrk settings, side by side.
#   sse    SSE_SUBSCRIBERS subscribers on …/events (tests/bench/sse_load.mjs), server RSS per idle
#          subscriber, SSE_PUBLISHES publishes by SQL + pg_notify, delay to the last subscriber.
#          SSE_CLIENT=native (default: SSE_WORKERS processes of tests/bench/sse_client.cpp, one epoll
#          loop each) or node (the same number of Node worker processes).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh
. tests/bench/lib/moderator.sh

sections=${BENCH_SECTIONS:-queue read sse}
rows=${BENCH_ROWS:-1000000}
write_doc=${BENCH_WRITE_DOC:-1}
queue_requests=${QUEUE_REQUESTS:-200}
queue_conc=${QUEUE_CONC:-4}
queue_max_seconds=${QUEUE_MAX_SECONDS:-60}
read_seconds=${READ_SECONDS:-10}
read_conns=${READ_CONNS:-64}
sse_subscribers=${SSE_SUBSCRIBERS:-15000}
sse_workers=${SSE_WORKERS:-2}
sse_client=${SSE_CLIENT:-native}
sse_publishes=${SSE_PUBLISHES:-20}
sse_interval=${SSE_INTERVAL_MS:-2000}
quiet_wait=${BENCH_QUIET_WAIT:-120}
has() { case " $sections " in *" $1 "*) return 0;; *) return 1;; esac; }

for tool in wrk nginx node psql pgbench cmake ninja curl python3; do
    command -v "$tool" >/dev/null || { echo "queue_live_bench: $tool is missing (deploy/lib/deps.sh: baro_install_deps test)" >&2; exit 1; }
done

commit=$(git rev-parse HEAD)
echo "==> Release build of the working tree into build-bench2/ (-j1: the 2 cores are shared)"
export CCACHE_NOHASHDIR=true CCACHE_BASEDIR=$(dirname "$root")
cmake -S . -B build-bench2 -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF >/dev/null
cmake --build build-bench2 -j1 --target baro
bin=$root/build-bench2/baro
dirty=$(git status --porcelain -- server sql client-web CMakeLists.txt cmake | grep -q . && echo " + uncommitted changes in the working tree" || true)

tmp=$(mktemp -d /tmp/baro-queue-live-bench.XXXXXX)
chmod 755 "$tmp"
pgdata=$tmp/pg
baro_pid="" nginx_started=""
cleanup() {
    set +e
    [ -n "$baro_pid" ] && kill "$baro_pid" 2>/dev/null && wait "$baro_pid" 2>/dev/null
    [ -n "$nginx_started" ] && [ -f "$tmp/nginx/nginx.pid" ] && kill "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null && sleep 0.5
    baro_pg_stop "$pgdata"
    [ "${BENCH_KEEP_TMP:-0}" = 1 ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT

echo "==> throwaway PostgreSQL cluster"
pgport=$(baro_free_port 25632)
baro_pg_init "$pgdata" "$pgport"
cat >> "$pgdata/postgresql.conf" <<CONF
shared_preload_libraries = 'pg_stat_statements'
log_line_prefix = '%m [%p] '
CONF
baro_pg_start "$pgdata" "$pgport"
psql "postgresql://baro@127.0.0.1:$pgport/postgres" -qAtX -c "create database baro_bench" >/dev/null
db="postgresql://baro@127.0.0.1:$pgport/baro_bench"
q() { psql "$db" -v ON_ERROR_STOP=1 -qAtX -c "$1"; }
printf '{"pepper":"%s"}\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$tmp/secrets.json"
export BARO_DATABASE_URL=$db BARO_SECRETS_FILE=$tmp/secrets.json
"$bin" migrate >/dev/null
"$bin" seed-demo --without-contributions >/dev/null
echo "==> generator: $rows contributions from the corpus (tests/bench/fill_contributions.sh)"
t=$(date +%s.%N)
tests/bench/fill_contributions.sh "$db" "$rows" matransition | sed 's/^/    /'
fill_seconds=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN{printf "%.0f", b-a}')
table_size=$(q "select pg_size_pretty(pg_total_relation_size('contribution'))")
echo "    ${fill_seconds} s; contribution with its indexes: $table_size"
setup_sql=${BENCH_SETUP_SQL:-}
[ -n "$setup_sql" ] && { echo "==> setup SQL: $setup_sql"; q "$setup_sql"; q "analyze contribution"; }
q "create extension if not exists pg_stat_statements" >/dev/null
cid=$(q "select id from consultation where slug = 'matransition'")

port=$(baro_free_port 18180)
base=http://127.0.0.1:$port
# All the load comes from 127.0.0.1: no per-address caps (the total still fits the descriptor limit).
BARO_MAX_CONNECTIONS_PER_ADDRESS=0 BARO_MAX_STREAMS_PER_ADDRESS=0 \
    BARO_LISTEN=127.0.0.1:$port BARO_PUBLIC_URL=$base "$bin" serve >"$tmp/baro.log" 2>&1 &
baro_pid=$!
for _ in $(seq 200); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
curl -fsS "$base/healthz" >/dev/null || { echo "baro serve did not start:" >&2; cat "$tmp/baro.log" >&2; exit 1; }

echo "==> login as bench@baro.ml (moderator) through POST /mod/login, one-time password changed"
moderator_new "$bin" "$base" bench@baro.ml || exit 1
cookie=$moderator_cookie
echo "    cookie ${cookie%%=*}"

# --- accounting (as in ingest_bench.sh) ---------------------------------------------------------
hz=$(getconf CLK_TCK)
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8; exit}' /proc/stat; }
proc_ticks() { for p in "$@"; do sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$12+$13+$14+$15} END{print s+0}'; }
pg_ticks() { local pm; pm=$(head -1 "$pgdata/postmaster.pid"); proc_ticks "$pm" $(pgrep -P "$pm"); }
declare -A R
snap_begin() { R[$1.load_before]=$(cut -d' ' -f1-3 /proc/loadavg); _b0=$(busy_ticks) _x0=$(proc_ticks "$baro_pid") _p0=$(pg_ticks) _t0=$(date +%s.%N); }
# snap_end RUN GENERATOR_CPU_SECONDS [EXTRA_CPU_SECONDS_TO_EXCLUDE]
snap_end() {
    local b1 x1 p1 t1
    b1=$(busy_ticks) x1=$(proc_ticks "$baro_pid") p1=$(pg_ticks) t1=$(date +%s.%N)
    R[$1.wall]=$(awk -v a="$_t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
    R[$1.cpu_baro]=$(awk -v a="$_x0" -v b="$x1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
    R[$1.cpu_pg]=$(awk -v a="$_p0" -v b="$p1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
    R[$1.cpu_gen]=$2
    R[$1.cpu_all]=$(awk -v a="$_b0" -v b="$b1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
    R[$1.cpu_other]=$(awk -v all="${R[$1.cpu_all]}" -v x="${R[$1.cpu_baro]}" -v p="${R[$1.cpu_pg]}" -v g="$2" -v e="${3:-0}" \
        'BEGIN{o=all-x-p-g-e; if(o<0)o=0; printf "%.1f", o}')
    R[$1.load_after]=$(cut -d' ' -f1-3 /proc/loadavg)
}
jget() { node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));let v=o;for(const k of process.argv[1].split("."))v=v?.[k];console.log(typeof v==="object"&&v!==null?JSON.stringify(v):(v??""))' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
quiet() {
    local waited=0 b0 b1 busy
    while :; do
        b0=$(busy_ticks); sleep 5; b1=$(busy_ticks)
        busy=$(awk -v a="$b0" -v b="$b1" -v hz="$hz" 'BEGIN{printf "%.2f", (b-a)/hz/5}')
        awk -v x="$busy" 'BEGIN{exit !(x < 0.3)}' && break
        waited=$((waited + 5))
        [ "$waited" -ge "$quiet_wait" ] && { echo "==> machine still busy ($busy cores) after ${quiet_wait}s; running anyway"; break; }
        [ $((waited % 30)) -eq 5 ] && echo "==> waiting for a quiet machine ($busy cores busy by others)"
    done
    R[$1.quiet_busy]=$busy R[$1.quiet_waited]=$waited
    echo "    machine before $1: $busy cores busy by others over 5 s (waited ${waited}s); load $(cut -d' ' -f1-3 /proc/loadavg)"
    ps -eo pcpu,comm --sort=-pcpu | sed -n 2,5p | sed 's/^/      /'
}
machine="2 cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/^Mem:/{print $2}') GB RAM"
pgver=$(q 'show server_version' | cut -d' ' -f1)

# Replace "## TITLE" … end marker in docs/performance.md, or append. write_section TITLE MARKER TEXT
write_section() {
    [ "$write_doc" = 1 ] || return 0
    local doc=docs/performance.md
    TITLE="$1" MARKER="$2" SECTION="$3" python3 - "$doc" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
title, marker, section = os.environ["TITLE"], os.environ["MARKER"], os.environ["SECTION"].rstrip("\n") + "\n"
pattern = re.compile(r"^## " + re.escape(title) + r"\n.*?(?:" + re.escape(marker) + r"\n|(?=^## )|\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section, text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w", encoding="utf-8").write(text.rstrip("\n") + "\n")
PY
    echo "==> wrote the \"$1\" section of $doc"
}
run_at=$(date -u '+%Y-%m-%d %H:%M UTC')
header="Run of $run_at, commit \`${commit:0:7}\`$dirty; machine: $machine; PostgreSQL $pgver (throwaway
cluster, \`shared_buffers = 256MB\`, otherwise defaults, pg_stat_statements loaded); baro Release build
(build-bench2/), default threads (2); \`contribution\` filled with $rows rows by
\`tests/bench/fill_contributions.sh\` ($table_size with indexes, ${fill_seconds} s to generate).${setup_sql:+
**Experiment:** before the server started, \`$setup_sql\`.}"

# =================================================================================================
# 1. Moderation queue
# =================================================================================================
if has queue; then
    echo "==> moderation queue: GET /api/v1/mod/contributions, $queue_requests requests per view, $queue_conc at a time"
    filters=(
        "new=status=new"
        "new_bm=status=new&language=bm"
        "search=q=kono"
        "theme=theme=securite"
        "oldest=consultation=matransition&order=oldest"
        "page2=status=new&after={next:status=new}"
    )
    fargs=(); for f in "${filters[@]}"; do fargs+=(--filter "$f"); done
    # Capture the SQL baro sends, with its parameter, from PostgreSQL's log: one request per view.
    q "alter system set log_min_duration_statement = 0" >/dev/null; q "select pg_reload_conf()" >/dev/null; sleep 0.5
    log_from=$(stat -c %s "$pgdata/server.log")
    node tests/bench/queue_load.mjs --base "$base" --cookie "$cookie" --requests 0 --conc 1 --warm 1 "${fargs[@]}" > "$tmp/capture.json" 2>"$tmp/capture.err" \
        || { cat "$tmp/capture.err" >&2; exit 1; }
    sleep 0.5
    q "alter system reset log_min_duration_statement" >/dev/null; q "select pg_reload_conf()" >/dev/null
    tail -c +"$((log_from + 1))" "$pgdata/server.log" > "$tmp/capture.log"
    # Per view (in order): the session check, the page's ids, its items, the counts, each with its $1.
    python3 - "$tmp/capture.log" "$tmp" <<'PY'
import re, sys, json
log, out = sys.argv[1], sys.argv[2]
recs, cur = [], None
for line in open(log, encoding="utf-8", errors="replace"):
    if re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", line):
        cur = [line]; recs.append(cur)
    elif cur is not None:
        cur.append(line)
stmts, last_was_statement = [], False
for r in recs:
    text = "".join(r)
    m = re.search(r"LOG:  duration: [\d.]+ ms  (?:execute [^:]*|statement): (.*)", text, re.S)
    if m:
        stmts.append({"sql": m.group(1).rstrip("\n"), "param": None})
        last_was_statement = True
        continue
    # The parameters logged right after an execute are its own (a bind's, logged after the bind, are not).
    m = re.search(r"DETAIL:  parameters: \$1 = '(.*)'\s*$", text, re.S)
    if m and last_was_statement:
        stmts[-1]["param"] = m.group(1).replace("''", "'")
    last_was_statement = False
def is_session(sql):   # the session check: a select, and an update of last_seen at most once a minute
    return "from moderator_session s join moderator m" in sql or sql.startswith("update moderator_session")
views, i = [], 0
while i < len(stmts):
    s = stmts[i]
    if is_session(s["sql"]):
        view = {"session": s}
        j = i + 1
        while j < len(stmts) and not is_session(stmts[j]["sql"]):
            if stmts[j]["sql"].startswith("select c.id from contribution c"): view["ids"] = stmts[j]
            if "json_agg(x)" in stmts[j]["sql"]: view["page"] = stmts[j]
            if "json_object_agg(status, n)" in stmts[j]["sql"]: view["counts"] = stmts[j]
            # a setting for the counts alone (store/queue.cpp: a text search's, without merge joins)
            if stmts[j]["sql"].lower().startswith("set local"): view.setdefault("settings", []).append(stmts[j]["sql"])
            j += 1
        if "page" in view and "ids" in view: views.append(view)
        i = j
    else:
        i += 1
json.dump(views, open(out + "/captured.json", "w"))
print(f"    captured the SQL of {len(views)} requests")
PY
    # The view "page2" needs a cursor request first: the capture holds 7 requests; keep the ones
    # whose parameters match the views (the cursor request has the same parameter as "new").
    names=(); for f in "${filters[@]}"; do names+=("${f%%=*}"); done
    quiet queue
    snap_begin queue
    /usr/bin/time -f '%U %S' -o "$tmp/queue.time" \
        node tests/bench/queue_load.mjs --base "$base" --cookie "$cookie" --requests "$queue_requests" --conc "$queue_conc" --max-seconds "$queue_max_seconds" "${fargs[@]}" > "$tmp/queue.json"
    snap_end queue "$(awk '{printf "%.1f", $1+$2}' "$tmp/queue.time")"
    # Ceiling: the captured statements through pgbench, literal parameter, same concurrency and count.
    python3 - "$tmp" "${names[@]}" <<'PY'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
views = json.load(open(out + "/captured.json"))
# the last view (page2) was preceded by its cursor request (same parameter as "new"): drop that one
keep = views[:-2] + views[-1:] if len(views) == len(names) + 1 else views
if len(keep) != len(names):
    sys.exit(f"captured {len(views)} requests for {len(names)} views")
lit = lambda p: "'" + p.replace("'", "''") + "'"
for name, v in zip(names, keep):
    def sub(s): return s["sql"].replace("$1", lit(s["param"]))
    # as baro's pool runs it: one repeatable-read snapshot, no parallel workers (store/database)
    script = (sub(v["session"]) + ";\nBEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n" +
              "SET LOCAL max_parallel_workers_per_gather = 0;\n" + sub(v["ids"]) + ";\n" + sub(v["page"]) + ";\n" +
              "".join(x + ";\n" for x in v.get("settings", [])) + sub(v["counts"]) + ";\nCOMMIT;\n")
    open(f"{out}/pgbench_{name}.sql", "w").write(script)
    open(f"{out}/explain_{name}.sql", "w").write(
        "\\pset pager off\nSET max_parallel_workers_per_gather = 0;\nEXPLAIN (ANALYZE, BUFFERS) " + sub(v["ids"]) + ";\nEXPLAIN (ANALYZE, BUFFERS) " + sub(v["page"]) +
        ";\n" + "".join(x.replace("set local", "set", 1) + ";\n" for x in v.get("settings", [])) +
        "EXPLAIN (ANALYZE, BUFFERS) " + sub(v["counts"]) + ";\n")
    open(f"{out}/param_{name}.json", "w").write(v["ids"]["param"])
PY
    echo "==> ceiling: the same SQL through pgbench -M simple -c $queue_conc (session check, BEGIN REPEATABLE READ READ ONLY, no parallel workers, ids, items, counts, COMMIT)"
    snap_begin ceiling
    for name in "${names[@]}"; do
        # as many transactions as baro answered for this view (fewer when the view hit QUEUE_MAX_SECONDS)
        done_n=$(jget "filters.$name.requests" < "$tmp/queue.json")
        R[ceil_n.$name]=$(( (done_n + queue_conc - 1) / queue_conc * queue_conc ))
        (cd "$tmp" && pgbench -n -M simple -c "$queue_conc" -j 1 -t $(( (done_n + queue_conc - 1) / queue_conc )) -f "pgbench_$name.sql" -l --log-prefix="pgb_$name" "$db" > "pgbench_$name.out" 2>&1) \
            || { cat "$tmp/pgbench_$name.out" >&2; exit 1; }
        R[ceil.$name]=$(cat "$tmp"/pgb_"$name".* | awk '{print $3/1000}' | sort -n \
            | awk '{a[NR]=$1} END{printf "%.3f %.3f %.3f %.3f", a[int(0.5*NR+0.999999)], a[int(0.95*NR+0.999999)], a[int(0.99*NR+0.999999)], a[NR]}')
        rm -f "$tmp"/pgb_"$name".*
        echo "    $name: p50/p95/p99/max ${R[ceil.$name]} ms"
    done
    snap_end ceiling 0
    echo "==> EXPLAIN (ANALYZE, BUFFERS) of each view's page (ids, items) and counts queries"
    for name in "${names[@]}"; do
        psql "$db" -qX -f "$tmp/explain_$name.sql" > "$tmp/explain_$name.txt"
        R[exp.$name]=$(grep -o 'Execution Time: [0-9.]*' "$tmp/explain_$name.txt" | awk '{printf "%s%s", sep, $3; sep=" / "}')
        echo "    --- $name ($(cat "$tmp/param_$name.json")): execution ids / items / counts ${R[exp.$name]} ms"
        { sed 's/^/      /' "$tmp/explain_$name.txt" | grep -v '^ *$' | head -"${BENCH_EXPLAIN_LINES:-60}"; } || true
    done
    qj=$(cat "$tmp/queue.json")
    qtable="| View | Query string | Items | Requests baro / SQL | baro p50 | baro p95 | baro p99 | max | non-200 | SQL alone (pgbench) p50 / p95 / p99 | EXPLAIN ANALYZE ids / items / counts | baro p95 / SQL p95 |
|---|---|---|---|---|---|---|---|---|---|---|---|"
    worst=0
    for name in "${names[@]}"; do
        f=$(jget "filters.$name" <<<"$qj")
        read -r c50 c95 c99 cmax <<<"${R[ceil.$name]}"
        p95=$(jget latency_ms.p95 <<<"$f")
        worst=$(awk -v a="$worst" -v b="$p95" 'BEGIN{print (b > a) ? b : a}')
        qtable="$qtable
| $name | \`$(jget query <<<"$f" | sed 's/after=[^&]*/after=CURSOR/')\` | $(jget items <<<"$f") | $(jget requests <<<"$f") / ${R[ceil_n.$name]} | $(jget latency_ms.p50 <<<"$f") ms | **$p95 ms** | $(jget latency_ms.p99 <<<"$f") ms | $(jget latency_ms.max <<<"$f") ms | $(jget non_200 <<<"$f") | $c50 / $c95 / $c99 ms | ${R[exp.$name]} ms | $(ratio "$p95" "$c95") |"
    done
    met=$(awk -v w="$worst" 'BEGIN{print (w <= 50) ? "met" : "NOT met"}')
    echo "$qtable"
    counts_new=$(jget filters.new.counts <<<"$qj")
    write_section "Moderation queue (issue 5)" "<!-- end of the part queue_live_bench.sh rewrites (queue) -->" "$(cat <<MD
## Moderation queue (issue 5)

\`GET /api/v1/mod/contributions\` as the console sends it (session cookie from \`POST /mod/login\`),
against $rows contributions. Each request is, in PostgreSQL: the session check (a \`select\` on
\`moderator_session\`; \`last_seen\` is written at most once a minute), then in one read-only
transaction the page's ids (50, under the filter), the page's items (those ids, each with its
duplicate-group size and channels, sender repeat and block flags) and the counts query (per status for
the same filter without the status: from the counter tables for consultation/channel/language/region/theme,
else matches counted up to 1,000; a text search's counts without merge joins). The reference is the same
statements, captured from PostgreSQL's
log while baro ran them, sent by pgbench at the same concurrency with the parameters written as literals.
baro sends each filter shape as a prepared statement that PostgreSQL plans once per connection (a text
search's ids and counts excepted: planned for their words), and the items as one prepared statement for
every view; the literal statements are planned at every execution, so this reference pays planning
that baro does not (a ratio below 1 means that).

$header
Closed loop, $queue_conc concurrent keep-alive connections, up to $queue_requests measured requests per view after 5 unmeasured
ones, each view cut after $queue_max_seconds s (a slow view gets fewer requests: see the Requests column; its
percentiles are then coarse). The SQL ceiling runs the same number of transactions. Load average (1/5/15 min): ${R[queue.load_before]} before, ${R[queue.load_after]} after; other processes used
${R[queue.cpu_other]} CPU s during the baro run (${R[queue.wall]} s; baro ${R[queue.cpu_baro]}, PostgreSQL ${R[queue.cpu_pg]}, client ${R[queue.cpu_gen]})
and ${R[ceiling.cpu_other]} CPU s during the pgbench runs (${R[ceiling.wall]} s; PostgreSQL ${R[ceiling.cpu_pg]}).

$qtable

Counts the console shows for \`status=new\` (every status, same filter): \`$counts_new\`.

Target: p95 ≤ 50 ms for every view — **$met** (worst p95 $worst ms).

How to reproduce: \`tests/bench/queue_live_bench.sh\` (knobs: BENCH_SECTIONS=queue BENCH_ROWS=$rows
QUEUE_REQUESTS=$queue_requests QUEUE_CONC=$queue_conc QUEUE_MAX_SECONDS=$queue_max_seconds BENCH_SETUP_SQL=… BENCH_WRITE_DOC=0 BENCH_QUIET_WAIT=$quiet_wait). It runs:

\`\`\`sh
cmake -S . -B build-bench2 -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF && cmake --build build-bench2 -j1 --target baro
baro migrate && baro seed-demo --without-contributions
tests/bench/fill_contributions.sh "\$BARO_DATABASE_URL" $rows matransition
baro user add --email bench@baro.ml --role moderator; baro serve
curl -H "Origin: \$BASE" --data-urlencode email=bench@baro.ml --data-urlencode password=… \$BASE/mod/login   # Set-Cookie
node tests/bench/queue_load.mjs --base \$BASE --cookie "\$COOKIE" --requests $queue_requests --conc $queue_conc --max-seconds $queue_max_seconds $(printf -- "--filter '%s' " "${filters[@]}")
pgbench -n -M simple -c $queue_conc -j 1 -t N -f pgbench_VIEW.sql -l   # per view, N = baro's requests / $queue_conc; the captured SQL
psql -f explain_VIEW.sql                                                # EXPLAIN (ANALYZE, BUFFERS) of ids, items and counts
\`\`\`

<!-- end of the part queue_live_bench.sh rewrites (queue) -->
MD
)"
fi

# =================================================================================================
# 2. Cached summary and embed page vs nginx
# =================================================================================================
if has read; then
    echo "==> read: summary and embed from baro vs the same bytes from nginx"
    summary_url="$base/api/v1/consultations/matransition/summary"
    embed_url="$base/embed/matransition"
    t=$(date +%s.%N); curl -fsS -o /dev/null -H 'Accept-Language: fr' "$summary_url"
    R[read.first_ms]=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN{printf "%.0f", (b-a)*1000}')
    mkdir -p "$tmp/nginx/tmp" "$tmp/nginx/www"
    declare -A NGX
    for which in summary embed; do
        url=$summary_url; [ "$which" = embed ] && url=$embed_url
        curl -fsS -D "$tmp/nginx/$which.headers" -o "$tmp/nginx/www/$which" -H 'Accept-Language: fr' "$url"
        R[read.$which.bytes]=$(stat -c %s "$tmp/nginx/www/$which")
        lm=$(tr -d '\r' < "$tmp/nginx/$which.headers" | awk -F': ' 'tolower($1)=="last-modified"{print $2}')
        [ -n "$lm" ] && touch -d "$lm" "$tmp/nginx/www/$which"   # nginx sends the file's mtime as Last-Modified
        ct=$(tr -d '\r' < "$tmp/nginx/$which.headers" | awk -F': ' 'tolower($1)=="content-type"{print $2}')
        extra=$(tr -d '\r' < "$tmp/nginx/$which.headers" | sed 1d | grep -viE '^(date|content-length|content-type|connection|server|keep-alive|transfer-encoding|last-modified):|^$' \
            | sed -E 's/^([^:]+): (.*)$/\1\t\2/' | awk -F'\t' '{gsub(/"/, "\\\"", $2); printf "            add_header %s \"%s\" always;\n", $1, $2}' || true)
        NGX[$which]="        location = /$which { default_type \"$ct\"; etag off; alias $tmp/nginx/www/$which;
$extra
        }"
    done
    nginx_port=$(baro_free_port $((port + 1)))
    cat > "$tmp/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $tmp/nginx/tmp;
    proxy_temp_path $tmp/nginx/tmp;
    fastcgi_temp_path $tmp/nginx/tmp;
    uwsgi_temp_path $tmp/nginx/tmp;
    scgi_temp_path $tmp/nginx/tmp;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
${NGX[summary]}
${NGX[embed]}
    }
}
CONF
    chmod -R a+rX "$tmp/nginx"
    nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
    nginx_started=1
    for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/summary" 2>/dev/null && break; sleep 0.05; done
    for which in summary embed; do
        cmp -s <(curl -fsS "http://127.0.0.1:$nginx_port/$which") "$tmp/nginx/www/$which" || { echo "nginx does not serve the saved $which" >&2; exit 1; }
        # the bytes baro sends now must still be the saved ones (no publish in between)
        url=$summary_url; [ "$which" = embed ] && url=$embed_url
        cmp -s <(curl -fsS -H 'Accept-Language: fr' "$url") "$tmp/nginx/www/$which" || echo "    note: baro's $which changed since it was saved"
        R[read.$which.hdr_baro]=$(curl -fsS -o /dev/null -D - -H 'Accept-Language: fr' "$url" | wc -c)
        R[read.$which.hdr_nginx]=$(curl -fsS -o /dev/null -D - "http://127.0.0.1:$nginx_port/$which" | wc -c)
    done
    nginx_pids=$(pgrep -P "$(cat "$tmp/nginx/nginx.pid")" | tr '\n' ' ')
    wrk_run() {   # wrk_run RUN URL EXCLUDE_PIDS
        local run=$1 url=$2 line ex0 ex1
        snap_begin "$run"; ex0=$(proc_ticks $3)
        /usr/bin/time -f '%U %S' -o "$tmp/$run.time" \
            wrk -t2 -c"$read_conns" -d"${read_seconds}s" --timeout 10s -s tests/bench/ingest_wrk.lua "$url" -- GET > "$tmp/$run.out"
        ex1=$(proc_ticks $3)
        R[$run.cpu_server_ext]=$(awk -v a="$ex0" -v b="$ex1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
        snap_end "$run" "$(awk '{printf "%.1f", $1+$2}' "$tmp/$run.time")" "${R[$run.cpu_server_ext]}"
        line=$(sed -n 's/^WRK_JSON //p' "$tmp/$run.out")
        echo "    $run: $line"
        R[$run.rate]=$(jget rate <<<"$line"); R[$run.bad]=$(jget other_status <<<"$line")
        R[$run.p50]=$(jget latency_ms.p50 <<<"$line"); R[$run.p99]=$(jget latency_ms.p99 <<<"$line"); R[$run.max]=$(jget latency_ms.max <<<"$line")
        R[$run.errors]=$(node -e 'const e=JSON.parse(process.argv[1]).errors;console.log(Object.values(e).reduce((a,b)=>a+b,0))' "$line")
    }
    quiet read
    wrk_run baro_summary "$summary_url" ""
    wrk_run nginx_summary "http://127.0.0.1:$nginx_port/summary" "$nginx_pids"
    wrk_run baro_embed "$embed_url" ""
    wrk_run nginx_embed "http://127.0.0.1:$nginx_port/embed" "$nginx_pids"
    kill "$(cat "$tmp/nginx/nginx.pid")"; nginx_started=""
    rtable="| Path | Bytes (body; head baro / nginx) | Server | Requests/s (200) | p50 | p99 | max | non-200 / socket errors | CPU s: server / PostgreSQL / wrk / other |
|---|---|---|---|---|---|---|---|---|"
    for which in summary embed; do
        path=/api/v1/consultations/matransition/summary; [ "$which" = embed ] && path=/embed/matransition
        for srv in baro nginx; do
            r=${srv}_$which
            cpu_srv=${R[$r.cpu_baro]}; [ "$srv" = nginx ] && cpu_srv=${R[$r.cpu_server_ext]}
            rtable="$rtable
| \`$path\` | ${R[read.$which.bytes]}; ${R[read.$which.hdr_baro]} / ${R[read.$which.hdr_nginx]} | $srv | **${R[$r.rate]}** | ${R[$r.p50]} ms | ${R[$r.p99]} ms | ${R[$r.max]} ms | ${R[$r.bad]} / ${R[$r.errors]} | $cpu_srv / ${R[$r.cpu_pg]} / ${R[$r.cpu_gen]} / ${R[$r.cpu_other]} |"
        done
    done
    rs=$(ratio "${R[baro_summary.rate]}" "${R[nginx_summary.rate]}"); re_=$(ratio "${R[baro_embed.rate]}" "${R[nginx_embed.rate]}")
    met_s=$(awk -v r="$rs" 'BEGIN{print (r >= 0.5) ? "met" : "NOT met"}'); met_e=$(awk -v r="$re_" 'BEGIN{print (r >= 0.5) ? "met" : "NOT met"}')
    echo "$rtable"; echo "    ratios: summary $rs, embed $re_"
    write_section "Cached summary and embed page (issue 6)" "<!-- end of the part queue_live_bench.sh rewrites (read) -->" "$(cat <<MD
## Cached summary and embed page (issue 6)

\`GET /api/v1/consultations/matransition/summary\` (JSON, from the summary cache) and \`GET
/embed/matransition\` (HTML rendered from the cached summary) from baro, against a private nginx
(Debian's, 2 workers, temporary config on a free port) serving the very bytes baro sent, saved to
files, with baro's headers (ETag, Cache-Control, Vary, CORS, CSP; Last-Modified from the file's mtime,
set to baro's). Both measured side by side in one run with the same wrk settings: \`wrk -t2
-c$read_conns -d${read_seconds}s\`, \`Accept-Language: fr\`, no conditional requests.

$header
The first summary request after start (cold cache, computed from the $rows rows) took ${R[read.first_ms]} ms.
Load average (1/5/15 min): ${R[baro_summary.load_before]} before, ${R[nginx_embed.load_after]} after.

$rtable

| Ratio baro / nginx | Value | Target ≥ 0.5 |
|---|---|---|
| summary | **$rs** | $met_s |
| embed page | **$re_** | $met_e |

"other" is the machine's busy time minus the server (baro, or nginx's workers), PostgreSQL and wrk.
Nothing is published during these runs: the summary cache recomputes on publish events, and in the
background only when its summary is older than 5 minutes (\`summary_max_age\`), so PostgreSQL should
stay idle; the embed page is rendered once per summary version and options, then served from memory.

How to reproduce: \`BENCH_SECTIONS=read tests/bench/queue_live_bench.sh\` (READ_SECONDS=$read_seconds READ_CONNS=$read_conns). It runs
\`wrk -t2 -c$read_conns -d${read_seconds}s --timeout 10s -s tests/bench/ingest_wrk.lua URL -- GET\` on, in order, baro's summary, nginx's
copy, baro's embed page, nginx's copy; nginx: \`nginx -p TMP -c TMP/nginx.conf\` with
\`location = /summary { alias summary; etag off; add_header … }\` and the same for \`/embed\`.

<!-- end of the part queue_live_bench.sh rewrites (read) -->
MD
)"
fi

# =================================================================================================
# 3. SSE fan-out
# =================================================================================================
if has sse; then
    echo "==> SSE: $sse_subscribers subscribers on /api/v1/consultations/matransition/events"
    soft_before=$(ulimit -Sn); hard=$(ulimit -Hn)
    ulimit -Sn "$hard" 2>/dev/null || true
    R[sse.nofile]="soft $soft_before → $(ulimit -Sn), hard $hard"
    echo "    open files: ${R[sse.nofile]}; baro's limit: $(awk '/Max open files/{print $4" soft, "$5" hard"}' /proc/$baro_pid/limits)"
    # baro was started before the raise: it has the soft limit it inherited. Restart it with the raised one.
    baro_nofile_before=$(awk '/Max open files/{print $4}' /proc/$baro_pid/limits)
    if [ "$baro_nofile_before" -lt "$(ulimit -Sn)" ]; then
        kill "$baro_pid"; wait "$baro_pid" 2>/dev/null || true
        BARO_MAX_CONNECTIONS_PER_ADDRESS=0 BARO_MAX_STREAMS_PER_ADDRESS=0 \
            BARO_LISTEN=127.0.0.1:$port BARO_PUBLIC_URL=$base "$bin" serve >>"$tmp/baro.log" 2>&1 &
        baro_pid=$!
        for _ in $(seq 200); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
    fi
    baro_nofile=$(awk '/Max open files/{print $4}' /proc/$baro_pid/limits)
    curl -fsS -o /dev/null -H 'Accept-Language: fr' "$base/api/v1/consultations/matransition/summary"   # warm the summary
    sleep 1
    quiet sse
    snap_begin sse
    client_args=()
    if [ "$sse_client" = native ]; then
        g++ -std=c++17 -O2 -Wall -Wextra -Werror tests/bench/sse_client.cpp -o build-bench2/sse_client
        client_args=(--client native --client-bin "$root/build-bench2/sse_client")
    fi
    /usr/bin/time -f '%U %S' -o "$tmp/sse.time" \
        node tests/bench/sse_load.mjs --port "$port" --path '/api/v1/consultations/matransition/events?lang=fr' \
            --subscribers "$sse_subscribers" --workers "$sse_workers" --server-pid "$baro_pid" --db "$db" \
            --consultation-id "$cid" --publishes "$sse_publishes" --interval-ms "$sse_interval" "${client_args[@]}" > "$tmp/sse.json"
    snap_end sse "$(awk '{printf "%.1f", $1+$2}' "$tmp/sse.time")"
    sj=$(cat "$tmp/sse.json")
    client_desc=$([ "$sse_client" = native ] && echo "$sse_workers worker processes of \`tests/bench/sse_client.cpp\` (one epoll loop each, g++ -O2)" || echo "$sse_workers Node worker processes")
    echo "    $(jget last_subscriber_ms <<<"$sj") ; bytes per idle subscriber $(jget bytes_per_idle_subscriber <<<"$sj")"
    connected=$(jget connected <<<"$sj")
    lp50=$(jget last_subscriber_ms.p50 <<<"$sj"); lp99=$(jget last_subscriber_ms.p99 <<<"$sj"); lmax=$(jget last_subscriber_ms.max <<<"$sj")
    bps=$(jget bytes_per_idle_subscriber <<<"$sj")
    met_n=$([ "$connected" -ge 15000 ] && echo met || echo "NOT met")
    met_l=$(awk -v p="$lp99" 'BEGIN{print (p != "" && p <= 250) ? "met" : "NOT met"}')
    met_m=$(awk -v b="$bps" 'BEGIN{print (b != "" && b <= 8192) ? "met" : "NOT met"}')
    ptable="| Publish | Received | Missing | First | Median subscriber | p99 subscriber | Last subscriber |
|---|---|---|---|---|---|---|"
    ptable="$ptable
$(node -e 'for (const [i,p] of JSON.parse(process.argv[1]).publishes.entries()) console.log(`| ${i+1} | ${p.received} | ${p.missing} | ${p.first_ms} ms | ${p.p50_ms} ms | ${p.p99_ms} ms | ${p.last_ms} ms |`)' "$sj")"
    echo "$ptable"
    write_section "SSE fan-out (issue 6)" "<!-- end of the part queue_live_bench.sh rewrites (sse) -->" "$(cat <<MD
## SSE fan-out (issue 6)

Subscribers on \`GET /api/v1/consultations/matransition/events?lang=fr\`, opened by
\`tests/bench/sse_load.mjs\` with $client_desc, raw TCP sockets, opened 100 at a time, on the same 2
cores as baro and PostgreSQL. Server memory: baro's VmRSS before the first subscriber and 5 s after the
last one connected. Then $sse_publishes publishes, ${sse_interval} ms apart, each one psql transaction that
inserts a published contribution and runs \`pg_notify('baro_publish', {"consultation_id", "id", "event":
"publish"})\` (what store::notify_publish sends) and reads \`clock_timestamp()\` just before COMMIT
(= t0). Each worker stamps, per subscriber, the wall-clock time the \`contribution\` event with that id
arrives. Delay = arrival − t0: it includes the commit, the NOTIFY, baro's \`load_published\` query, the
fan-out, the kernel and the client's own scheduling (the client shares the 2 cores: an upper bound
on the server's part).

$header
Open files: ${R[sse.nofile]} (raised by the script); baro ran with a limit of $baro_nofile.
Load average (1/5/15 min): ${R[sse.load_before]} before, ${R[sse.load_after]} after; during the run (${R[sse.wall]} s)
baro used ${R[sse.cpu_baro]} CPU s, PostgreSQL ${R[sse.cpu_pg]}, the client ${R[sse.cpu_gen]}, other processes ${R[sse.cpu_other]}.

| Measure | Value | Target |
|---|---|---|
| Subscribers connected (wanted $sse_subscribers) | **$connected** in $(jget connect_seconds <<<"$sj") s (failed $(jget failed <<<"$sj"), errors $(jget errors <<<"$sj")) | 15,000 — $met_n |
| baro VmRSS before → idle with subscribers → after the publishes | $(jget rss_kb_before <<<"$sj") → $(jget rss_kb_idle <<<"$sj") → $(jget rss_kb_after <<<"$sj") kB | |
| Server memory per idle subscriber (RSS delta / subscribers) | **$bps bytes** | ≤ 8 KB — $met_m |
| baro open files idle | $(jget fds_idle <<<"$sj") | |
| publish → last subscriber, p50 / p99 / max over $sse_publishes publishes | $lp50 / **$lp99** / $lmax ms | p99 ≤ 250 ms — $met_l |
| median over publishes of the per-publish p99 subscriber | $(jget subscriber_p99_ms_median <<<"$sj") ms | |
| deliveries missing (connected subscribers × publishes not received) | $(jget deliveries_missing <<<"$sj") | 0 |

Per publish:

$ptable

How to reproduce: \`BENCH_SECTIONS=sse tests/bench/queue_live_bench.sh\` (SSE_SUBSCRIBERS=$sse_subscribers SSE_WORKERS=$sse_workers
SSE_PUBLISHES=$sse_publishes SSE_INTERVAL_MS=$sse_interval SSE_CLIENT=$sse_client). It runs \`ulimit -Sn \$(ulimit -Hn)\`, restarts \`baro serve\` under that limit, then
\`node tests/bench/sse_load.mjs --port PORT --path '/api/v1/consultations/matransition/events?lang=fr'
--subscribers $sse_subscribers --workers $sse_workers --server-pid PID --db URL --consultation-id $cid --publishes $sse_publishes --interval-ms $sse_interval ${client_args[*]:+--client native --client-bin build-bench2/sse_client}\`.

<!-- end of the part queue_live_bench.sh rewrites (sse) -->
MD
)"
fi
echo "==> done; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
