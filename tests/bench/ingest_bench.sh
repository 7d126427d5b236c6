#!/usr/bin/env bash
# Web-form ingest benchmark (issue 2). Never part of CTest: it is timed and wants a quiet machine.
#
#   tests/bench/ingest_bench.sh            build, run everything, print the table, update docs/performance.md
#   BENCH_WRITE_DOC=0 tests/bench/...      same, without touching the doc
#   BENCH_SOURCE=head tests/bench/...      measure the current commit (clean export), not the working tree
#   BENCH_PATH=twilio tests/bench/...      the signed Twilio SMS webhook instead (issue 4): see below
#   BENCH_STATEMENTS=1 tests/bench/...     also PostgreSQL's time by statement in each ingest run (pg_stat_statements)
#
# Self-contained: builds Release into build-bench/, starts a throwaway PostgreSQL 15 cluster in a temp
# dir on a free port (deploy/lib/pg.sh), `baro migrate`, `baro seed-demo`, `baro serve`, then
#   1. durable web-form ingest at a FIXED offered rate (tests/bench/ingest_load.mjs, open loop, latency
#      from each request's due time), at BENCH_RATE and at BENCH_HIGH_RATE;
#   2. maximum web-form ingest (wrk, closed loop, tests/bench/ingest_wrk.lua, unique bodies);
#      after each run the rows in `contribution` are counted: every 303 must be a row;
#   3. the ceiling: the same rows re-inserted with raw multi-row INSERTs (256 rows per statement, one
#      transaction each, one connection, like the group-commit writer) through psql; plus one-row
#      transactions to show what a commit costs on this disk;
#   4. the read path: GET /c/matransition from baro vs the same bytes (and headers) from a private nginx.
#   Issue 17 adds, on both paths: the search and grouping lags during the max run and the fixed-rate
#   runs (baro_search_lag_seconds and baro_grouping_lag_seconds sampled every 0.1 s from /metrics; after
#   the max run, the time until search_pending is empty) and the HTTP floor (nginx answering the same
#   POSTs with a fixed reply, post_floor).
#
# BENCH_PATH=twilio (issue 4) runs, against POST /hooks/twilio with a Twilio auth token in the secrets file
# and BARO_PUBLIC_URL = the URL the generators use: requests precomputed and signed before the timed runs
# (tests/bench/twilio_sign.mjs: distinct MessageSid, From, Bayelemabaga Bambara/French lines), then
#   1. a FIXED offered rate (ingest_load.mjs --requests, BENCH_RATE, default 5000/s);
#   2. maximum throughput (wrk, ingest_wrk.lua file:PATH: each precomputed request sent once);
#   3. the ceiling: the max run's rows re-inserted by psql as in the web-form path (+ without GIN).
# It writes its own section of docs/performance.md, "Signed Twilio webhooks (issue 4)".
# CPU is accounted per process group (baro, PostgreSQL, load generator, everything else) from /proc so
# a run disturbed by other work on the machine says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. deploy/lib/pg.sh
. tests/bench/lib/lags.sh

bench_path=${BENCH_PATH:-web}
case $bench_path in web|twilio) ;; *) echo "ingest_bench: BENCH_PATH is web or twilio" >&2; exit 2;; esac
if [ "$bench_path" = twilio ]; then
    rate=${BENCH_RATE:-5000}
    max_seconds=${BENCH_MAX_SECONDS:-15}
    # precomputed requests for the max run: wrk sends each once, so enough for this rate
    max_rate_cap=${BENCH_TWILIO_MAX_RATE:-16000}
else
    rate=${BENCH_RATE:-2000}
    max_seconds=${BENCH_MAX_SECONDS:-20}
fi
high_rate=${BENCH_HIGH_RATE:-5000}
fixed_seconds=${BENCH_SECONDS:-30}
high_seconds=${BENCH_HIGH_SECONDS:-15}
# 512 connections: a broadcast's webhooks and posts arrive on many connections at once. With 64 (the
# default before 2026-12-06) a closed loop, and the open loop too, never had more than 64 requests in
# flight, so group commit could never take more than ~32 rows a batch per writer shard (Little's law):
# the generator, not baro, capped the rate at ~2,700/s (docs/performance.md, issue 17).
conns=${BENCH_CONNS:-512}
read_seconds=${BENCH_READ_SECONDS:-10}
batch=256
write_doc=${BENCH_WRITE_DOC:-1}

for tool in wrk nginx node psql cmake ninja curl; do
    command -v "$tool" >/dev/null || { echo "ingest_bench: $tool is missing (deploy/lib/deps.sh: baro_install_deps test)" >&2; exit 1; }
done

# BENCH_SOURCE=tree (default) builds the working tree; BENCH_SOURCE=head builds a clean export of the
# current commit into build-bench/head-src (for a shared checkout where others have edits in flight).
source_mode=${BENCH_SOURCE:-tree}
bd=${BENCH_BUILD_DIR:-build-bench}   # another engineer's run may be using build-bench/
commit=$(git rev-parse "${BENCH_COMMIT:-HEAD}")   # BENCH_COMMIT: with BENCH_SOURCE=head, another commit
if [ -n "${BENCH_BIN:-}" ]; then   # a binary built elsewhere (smoke tests of this script): no build here
    bin=$(realpath "$BENCH_BIN")
    build_cmds="# BENCH_BIN=$BENCH_BIN (built elsewhere)"
    dirty=" (binary $BENCH_BIN, not built by this script)"
elif [ "$source_mode" = head ]; then
    echo "==> Release build of commit ${commit:0:7} (clean export) into $bd/head (-j1: the 2 cores are shared)"
    if [ "$(cat $bd/head-src/.commit 2>/dev/null)" != "$commit" ]; then
        rm -rf $bd/head-src && mkdir -p $bd/head-src
        git archive "$commit" | tar -x -m -C $bd/head-src   # -m: fresh mtimes, or ninja trusts stale objects
        echo "$commit" > $bd/head-src/.commit
    fi
    cmake -S $bd/head-src -B $bd/head -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF >/dev/null
    cmake --build $bd/head -j1 --target baro
    bin=$root/$bd/head/baro
    build_cmds="git archive $commit | tar -x -m -C $bd/head-src
cmake -S $bd/head-src -B $bd/head -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF
cmake --build $bd/head -j1 --target baro"
    dirty=""
else
    echo "==> Release build of the working tree into $bd/ (-j1: the 2 cores are shared)"
    cmake -S . -B $bd -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF >/dev/null
    cmake --build $bd -j1 --target baro
    bin=$root/$bd/baro
    build_cmds="cmake -S . -B $bd -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF
cmake --build $bd -j1 --target baro"
    dirty=$(git status --porcelain -- server sql client-web CMakeLists.txt cmake | grep -q . && echo " + uncommitted changes in the working tree" || true)
fi

tmp=$(mktemp -d /tmp/baro-ingest-bench.XXXXXX)
chmod 755 "$tmp"    # postgres and nginx workers run as other users
pgdata=$tmp/pg
baro_pid="" nginx_started="" floor_started=""
cleanup() {
    set +e
    [ -n "$baro_pid" ] && kill "$baro_pid" 2>/dev/null && wait "$baro_pid" 2>/dev/null
    [ -n "$nginx_started" ] && [ -f "$tmp/nginx/nginx.pid" ] && kill "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null && sleep 0.5
    [ -n "$floor_started" ] && [ -f "$tmp/floor/nginx.pid" ] && kill "$(cat "$tmp/floor/nginx.pid")" 2>/dev/null && sleep 0.5
    baro_pg_stop "$pgdata"
    [ "${BENCH_KEEP_TMP:-0}" = 1 ] && echo "kept $tmp (perf.pg, perf.baro with BENCH_PROFILE=1)" || rm -rf "$tmp"
}
trap cleanup EXIT

echo "==> throwaway PostgreSQL cluster"
pgport=$(baro_free_port 25532)
baro_pg_init "$pgdata" "$pgport"
# BENCH_STATEMENTS=1: PostgreSQL's time by statement in each ingest run (pg_stat_statements, including
# what triggers run), printed in the log. It costs a little throughput; the doc says when it was on.
statements=${BENCH_STATEMENTS:-0}
[ "$statements" = 1 ] && printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n" >> "$pgdata/postgresql.conf"
# BENCH_PG_CONF: lines added to the cluster's postgresql.conf (experiments on PostgreSQL's settings);
# the doc records them.
pg_conf=${BENCH_PG_CONF:-}
[ -n "$pg_conf" ] && printf '%s\n' "$pg_conf" >> "$pgdata/postgresql.conf"
baro_pg_start "$pgdata" "$pgport"
psql "postgresql://baro@127.0.0.1:$pgport/postgres" -qAtX -c "create database baro_bench" >/dev/null
[ "$statements" = 1 ] && psql "postgresql://baro@127.0.0.1:$pgport/baro_bench" -qAtX -c "create extension pg_stat_statements" >/dev/null
db="postgresql://baro@127.0.0.1:$pgport/baro_bench"
q() { psql "$db" -v ON_ERROR_STOP=1 -qAtX -c "$1"; }

hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
twilio_token=$(hex 16)
if [ "$bench_path" = twilio ]; then
    printf '{"pepper":"%s","twilio":{"auth_token":"%s"}}\n' "$(hex 32)" "$twilio_token" > "$tmp/secrets.json"
else
    printf '{"pepper":"%s"}\n' "$(hex 32)" > "$tmp/secrets.json"
fi
export BARO_DATABASE_URL=$db BARO_SECRETS_FILE=$tmp/secrets.json
"$bin" migrate >/dev/null
"$bin" seed-demo --without-contributions >/dev/null
# BENCH_SETUP_SQL: an experiment on the schema or settings before the server starts (e.g. dropping an
# index to see what it costs); the doc records it.
setup_sql=${BENCH_SETUP_SQL:-}
[ -n "$setup_sql" ] && { echo "==> setup SQL: $setup_sql"; q "$setup_sql"; }

port=$(baro_free_port 18080)
base=http://127.0.0.1:$port
# The load generators all connect from 127.0.0.1: no per-address connection cap.
BARO_MAX_CONNECTIONS_PER_ADDRESS=0 BARO_LISTEN=127.0.0.1:$port BARO_PUBLIC_URL=$base "$bin" serve >"$tmp/baro.log" 2>&1 &
baro_pid=$!
for _ in $(seq 200); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
curl -fsS "$base/healthz" >/dev/null || { echo "baro serve did not start:" >&2; cat "$tmp/baro.log" >&2; exit 1; }
form_url="$base/c/matransition?lang=fr"
hook_url="$base/hooks/twilio"   # BARO_PUBLIC_URL + target: what Twilio signs

# --- accounting ---------------------------------------------------------------------------------
hz=$(getconf CLK_TCK)
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8; exit}' /proc/stat; }
steal_ticks() { awk '/^cpu /{print $9; exit}' /proc/stat; }
# utime+stime of the given pids (field 14, 15), plus their reaped children (16, 17).
proc_ticks() { for p in "$@"; do sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$12+$13+$14+$15} END{print s+0}'; }
pg_ticks() { local pm; pm=$(head -1 "$pgdata/postmaster.pid"); proc_ticks "$pm" $(pgrep -P "$pm"); }
batches() { curl -fsS "$base/metrics" | awk '/^baro_ingest_batches /{print $2}'; }
web_rows() { q "select count(*) from contribution where channel = 'web' and external_id like 'matransition:$1-%'"; }
# Twilio runs are told apart by the 8 hex digits after "SM" in MessageSid (tests/bench/twilio_sign.mjs).
twilio_tag() { case $1 in warm) echo 0000000a;; fixed) echo 0000000f;; max) echo 000000ff;; *) echo "no tag for $1" >&2; exit 1;; esac; }
twilio_rows() { q "select count(*) from contribution where channel = 'sms' and external_id like 'twilio:SM$(twilio_tag "$1")%'"; }
run_rows() { if [ "$bench_path" = twilio ]; then twilio_rows "$1"; else web_rows "$1"; fi; }
# twilio_sign RUN COUNT: sign COUNT requests for RUN into $tmp/RUN.req before it is timed.
twilio_sign() {
    node tests/bench/twilio_sign.mjs --url "$hook_url" --token "$twilio_token" --tag "$(twilio_tag "$1")" \
        --count "$2" --out "$tmp/$1.req"
}

# Per-thread CPU of baro and per-process CPU of PostgreSQL ("name ticks" lines), to find a saturated one.
task_ticks() {
    local pm t; pm=$(head -1 "$pgdata/postmaster.pid")
    for t in /proc/"$baro_pid"/task/*; do
        echo "baro/$(cat "$t/comm" 2>/dev/null)#${t##*/} $(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{print $12+$13}')"
    done
    for t in $(pgrep -P "$pm"); do
        echo "pg/$(tr '\0' ' ' < "/proc/$t/cmdline" 2>/dev/null | sed 's/^postgres: //; s/ *$//; s/ /_/g')#$t $(sed 's/^.*) //' "/proc/$t/stat" 2>/dev/null | awk '{print $12+$13}')"
    done
}
# task_cpu BEFORE_FILE AFTER_FILE SECONDS: the busiest tasks, in cores (CPU s per wall s)
task_cpu() {
    # matched on the pid/tid after '#': a backend's title changes with what it is doing
    awk -v hz="$hz" -v s="$3" '{k=$1; sub(/.*#/, "", k)} NR==FNR{a[k]=$2; next} {d=($2-a[k])/hz/s; if (d >= 0.05) printf "%s %.2f\n", $1, d}' "$1" "$2" \
        | sort -k2 -nr | head -8 | awk '{printf "%s%s %s", (NR>1?", ":""), $1, $2}'
}

declare -A R   # results, keyed "run.field"
snap_begin() {
    R[$1.load_before]=$(cut -d' ' -f1-3 /proc/loadavg)
    _b0=$(busy_ticks) _s0=$(steal_ticks) _x0=$(proc_ticks "$baro_pid") _p0=$(pg_ticks) _t0=$(date +%s.%N)
    _batch0=$(batches)
}
# snap_end RUN GENERATOR_CPU_SECONDS
snap_end() {
    local b1 s1 x1 p1 t1
    b1=$(busy_ticks) s1=$(steal_ticks) x1=$(proc_ticks "$baro_pid") p1=$(pg_ticks) t1=$(date +%s.%N)
    R[$1.wall]=$(awk -v a="$_t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
    R[$1.cpu_baro]=$(awk -v a="$_x0" -v b="$x1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
    R[$1.cpu_pg]=$(awk -v a="$_p0" -v b="$p1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
    R[$1.cpu_gen]=$2
    R[$1.cpu_all]=$(awk -v a="$_b0" -v b="$b1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
    R[$1.cpu_other]=$(awk -v all="${R[$1.cpu_all]}" -v x="${R[$1.cpu_baro]}" -v p="${R[$1.cpu_pg]}" -v g="$2" \
        'BEGIN{o=all-x-p-g; if(o<0)o=0; printf "%.1f", o}')
    R[$1.steal]=$(awk -v a="$_s0" -v b="$s1" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz}')
    R[$1.load_after]=$(cut -d' ' -f1-3 /proc/loadavg)
    local batch1; batch1=$(batches)
    R[$1.batches]=$(awk -v a="$_batch0" -v b="$batch1" 'BEGIN{printf "%d", b-a}')
}
jget() { node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));let v=o;for(const k of process.argv[1].split("."))v=v?.[k];console.log(v??"")' "$1"; }

# With BENCH_STATEMENTS=1: stmt_reset before a run; stmt_report RUN after it prints the statements that
# took most of PostgreSQL's time, per row the run stored ("in a trigger": also in the one that fired it).
stmt_reset() {
    wal0=$(q "select wal_records || ' ' || wal_fpi || ' ' || wal_bytes || ' ' || (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter) from pg_stat_wal")
    [ "$statements" = 1 ] && q "select pg_stat_statements_reset()" >/dev/null
    return 0
}
# The run's WAL: bytes a stored row, full-page images among the records, checkpoints (pg_stat_wal).
wal_report() {
    local rows; rows=$(run_rows "$1")
    R[$1.wal]=$(q "select wal_records || ' ' || wal_fpi || ' ' || wal_bytes || ' ' || (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter) from pg_stat_wal" |
        awk -v a="$wal0" -v n="$rows" 'BEGIN { split(a, w, " ") } { printf "%.0f bytes a row, %.1f %% of its %.1f records a row full-page images, %d checkpoint(s)", ($3 - w[3]) / n, 100 * ($2 - w[2]) / ($1 - w[1]), ($1 - w[1]) / n, $4 - w[4] }')
    echo "    WAL, $1 run ($rows rows): ${R[$1.wal]}"
}
stmt_report() {
    [ "$statements" = 1 ] || return 0
    local rows; rows=$(run_rows "$1")
    echo "    --- PostgreSQL time by statement, $1 run ($rows rows): calls, total s, µs per row ---"
    q "select format('    %s %s calls, %s s, %s µs/row: %s', case when toplevel then 'statement' else 'in a trigger' end,
                    calls, round(total_exec_time::numeric / 1000, 2), round((total_exec_time * 1000 / greatest($rows, 1))::numeric, 1),
                    left(regexp_replace(query, '\s+', ' ', 'g'), 100))
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
       order by total_exec_time desc limit 14"
}

# node ingest_load.mjs, timed with /usr/bin/time for its CPU. fixed_run RUN RATE SECONDS
fixed_run() {
    local run=$1 r=$2 s=$3 out
    snap_begin "$run"
    local gen=(--url "$form_url")
    if [ "$bench_path" = twilio ]; then gen=(--url "$hook_url" --requests "$tmp/$run.req" --ok 200); fi
    task_ticks > "$tmp/$run.tasks0"
    stmt_reset
    lag_start
    /usr/bin/time -f '%U %S' -o "$tmp/$run.time" \
        node tests/bench/ingest_load.mjs "${gen[@]}" --rate "$r" --seconds "$s" --conns "$conns" --run "$run" \
        > "$tmp/$run.json"
    lag_percentiles "$run"
    snap_end "$run" "$(awk '{printf "%.1f", $1+$2}' "$tmp/$run.time")"
    task_ticks > "$tmp/$run.tasks1"
    R[$run.tasks]=$(task_cpu "$tmp/$run.tasks0" "$tmp/$run.tasks1" "${R[$run.wall]}")
    out=$(cat "$tmp/$run.json")
    R[$run.offered]=$r
    R[$run.requests]=$(jget requests <<<"$out")
    R[$run.ok]=$(jget ok <<<"$out")
    R[$run.bad]=$(jget non_2xx_3xx <<<"$out")
    R[$run.non2xx]=$(jget non_2xx <<<"$out")
    R[$run.rate]=$(jget achieved_rate <<<"$out")
    R[$run.p50]=$(jget latency_ms.p50 <<<"$out")
    R[$run.p99]=$(jget latency_ms.p99 <<<"$out")
    R[$run.p999]=$(jget latency_ms.p999 <<<"$out")
    R[$run.max]=$(jget latency_ms.max <<<"$out")
    R[$run.rows]=$(run_rows "$run")
    echo "    $out"
    echo "    rows stored: ${R[$run.rows]} (acks: ${R[$run.ok]}); group-commit batches: ${R[$run.batches]}"
    echo "    busiest tasks (cores): ${R[$run.tasks]}"
    wal_report "$run"
    stmt_report "$run"
}

# wrk closed loop. wrk_run RUN URL SECONDS LUA_ARG
wrk_run() {
    local run=$1 url=$2 s=$3 arg=$4 line
    snap_begin "$run"
    task_ticks > "$tmp/$run.tasks0"
    if [ "${BENCH_PROFILE:-0}" = 1 ] && [ "$run" = max ] && command -v perf >/dev/null; then
        # Flat CPU profiles of baro and of the PostgreSQL cluster during the max run (cpu-clock: works
        # without hardware counters). They cost a little throughput; the doc says when they were on.
        local pm; pm=$(head -1 "$pgdata/postmaster.pid")
        perf record -q -e cpu-clock -F 499 -o "$tmp/perf.baro" -p "$baro_pid" -- sleep $((s - 1)) >/dev/null 2>&1 &
        perf_pids="$!"
        perf record -q -e cpu-clock -F 499 -o "$tmp/perf.pg" -p "$(pgrep -P "$pm" | paste -sd,)" -- sleep $((s - 1)) >/dev/null 2>&1 &
        perf_pids="$perf_pids $!"
    fi
    [ "$run" = max ] && stmt_reset
    /usr/bin/time -f '%U %S' -o "$tmp/$run.time" \
        wrk -t2 -c"$conns" -d"${s}s" --timeout 10s -s tests/bench/ingest_wrk.lua "$url" -- "$arg" > "$tmp/$run.out"
    snap_end "$run" "$(awk '{printf "%.1f", $1+$2}' "$tmp/$run.time")"
    task_ticks > "$tmp/$run.tasks1"
    R[$run.tasks]=$(task_cpu "$tmp/$run.tasks0" "$tmp/$run.tasks1" "${R[$run.wall]}")
    echo "    busiest tasks (cores): ${R[$run.tasks]}"
    [ "$run" = max ] && { wal_report max; stmt_report max; }
    if [ -f "$tmp/perf.baro" ] && [ "$run" = max ]; then
        wait $perf_pids   # the perf recorders (a bare `wait` would wait for baro too)
        for who in baro pg; do
            echo "    --- CPU profile: $who (top symbols, cpu-clock samples) ---"
            { perf report -i "$tmp/perf.$who" --stdio --no-children --sort dso,symbol 2>/dev/null || true; } \
                | awk '!/^#/ && NF && n++ < 25 { sub(/[ \t-]+$/, ""); print "    " substr($0, 1, 120) }' \
                | tee "$tmp/profile.$who"
        done
    fi
    line=$(sed -n 's/^WRK_JSON //p' "$tmp/$run.out")
    echo "    $line"
    R[$run.requests]=$(jget requests <<<"$line")
    R[$run.ok]=$(jget ok <<<"$line")
    R[$run.bad]=$(jget other_status <<<"$line")
    R[$run.errors]=$(node -e 'const e=JSON.parse(process.argv[1]).errors;console.log(Object.values(e).reduce((a,b)=>a+b,0))' "$line")
    R[$run.rate]=$(jget rate <<<"$line")
    R[$run.exhausted]=$(jget exhausted_threads <<<"$line")
    R[$run.p50]=$(jget latency_ms.p50 <<<"$line")
    R[$run.p99]=$(jget latency_ms.p99 <<<"$line")
    R[$run.max]=$(jget latency_ms.max <<<"$line")
}

# --- search lag (issue 17): search is indexed after the commit; how far behind is it? ---------------
# lag_start: samples the stages' lags from /metrics every 0.1 s until lag_percentiles or lag_stop
# (tests/bench/lib/lags.sh; the grouping lag is the duplicate grouper's, which yields to the writer).
lag_start() { lags_start "$base/metrics" "$tmp/lag.raw"; }
# lag_percentiles RUN: stops the sampler; RUN's search and grouping lag p99 and max (R[RUN.lag.p99] …).
lag_percentiles() {
    lags_stop "$tmp/lag.raw" "$tmp/lag.both"
    R[$1.lag.samples]=$(wc -l < "$tmp/lag.both")
    R[$1.lag.p99]=$(lags_quantile 1 0.99 "$tmp/lag.both")
    R[$1.lag.max]=$(lags_quantile 1 1 "$tmp/lag.both")
    R[$1.glag.p99]=$(lags_quantile 2 0.99 "$tmp/lag.both")
    R[$1.glag.max]=$(lags_quantile 2 1 "$tmp/lag.both")
    echo "    lags during $1: search p99 ${R[$1.lag.p99]} s (max ${R[$1.lag.max]}), grouping p99 ${R[$1.glag.p99]} s (max ${R[$1.glag.max]})"
}
# lag_stop: p50/p99/max of the samples, then the seconds until nothing waits for the indexer.
lag_stop() {
    lags_stop "$tmp/lag.raw" "$tmp/lag.both"
    R[glag.p50]=$(lags_quantile 2 0.5 "$tmp/lag.both")
    R[glag.p99]=$(lags_quantile 2 0.99 "$tmp/lag.both")
    R[glag.max]=$(lags_quantile 2 1 "$tmp/lag.both")
    R[lag.samples]=$(wc -l < "$tmp/lag.both")
    R[lag.p50]=$(lags_quantile 1 0.5 "$tmp/lag.both")
    R[lag.p99]=$(lags_quantile 1 0.99 "$tmp/lag.both")
    R[lag.max]=$(lags_quantile 1 1 "$tmp/lag.both")
    local t0 t1; t0=$(date +%s.%N)
    R[lag.pending_at_end]=$(q "select count(*) from search_pending")
    while [ "$(q "select count(*) from search_pending")" != 0 ]; do sleep 0.05; done
    t1=$(date +%s.%N)
    R[lag.drain]=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
    echo "    search lag during the run: p50 ${R[lag.p50]} s, p99 ${R[lag.p99]} s, max ${R[lag.max]} s (${R[lag.samples]} samples);" \
         "${R[lag.pending_at_end]} rows waited at the end, all indexed ${R[lag.drain]} s later"
    # Grouping: rows of the run not yet in a duplicate group, now and after up to 60 s more.
    local ungrouped="select count(*) from contribution c where not exists (select 1 from contribution_group g where g.contribution_id = c.id)"
    R[glag.left_at_end]=$(q "$ungrouped")
    t0=$(date +%s.%N)
    local left=${R[glag.left_at_end]}
    while [ "$left" != 0 ] && awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{exit !(b - a < 60)}'; do sleep 0.5; left=$(q "$ungrouped"); done
    t1=$(date +%s.%N)
    R[glag.left_after]=$left
    R[glag.wait]=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
    echo "    grouping lag during the run: p50 ${R[glag.p50]} s, p99 ${R[glag.p99]} s, max ${R[glag.max]} s;" \
         "${R[glag.left_at_end]} rows ungrouped at the end, ${R[glag.left_after]} after ${R[glag.wait]} s more"
}

# --- HTTP floor (issue 17): nginx answering the same POSTs with a fixed reply ------------------------
# post_floor RUN URL_PATH STATUS REPLY WRK_ARG: wrk against a private nginx (2 workers) that reads each
# POST and answers STATUS with REPLY (for 303: the Location), the most any HTTP server does per request here.
post_floor() {
    local run=$1 path=$2 status=$3 reply=$4 arg=$5 fport
    mkdir -p "$tmp/floor/tmp"
    fport=$(baro_free_port $((port + 2)))
    cat > "$tmp/floor/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/floor/nginx.pid;
error_log $tmp/floor/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $tmp/floor/tmp;
    proxy_temp_path $tmp/floor/tmp;
    fastcgi_temp_path $tmp/floor/tmp;
    uwsgi_temp_path $tmp/floor/tmp;
    scgi_temp_path $tmp/floor/tmp;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$fport;
        location = $path {
            default_type text/xml;
            return $status '$reply';
        }
    }
}
CONF
    chmod -R a+rX "$tmp/floor"
    nginx -p "$tmp/floor" -c "$tmp/floor/nginx.conf"
    floor_started=1
    for _ in $(seq 100); do curl -s -o /dev/null -X POST "http://127.0.0.1:$fport$path" 2>/dev/null && break; sleep 0.05; done
    echo "==> HTTP floor: nginx answers the same POSTs with a fixed $status"
    wrk_run "$run" "http://127.0.0.1:$fport$path${path_query:-}" "${floor_seconds}" "$arg"
    kill "$(cat "$tmp/floor/nginx.pid")"; floor_started=""
    sleep 0.5
}
floor_seconds=${BENCH_FLOOR_SECONDS:-10}

# --- ceiling: the same rows, raw multi-row INSERT ---------------------------------------------------
cols="consultation_id, channel, external_id, sender_key, raw, display_text, search_key, language, script, region, gender, age_band, status, suggested_themes, themes, flags"
values="format('(%L,%L,%L,%L,%L,%L,%L,%L,%L,%L,%L,%L,%L,%L,%L,%L)', consultation_id, channel, 'PREFIX'||external_id, sender_key, raw,
        display_text, search_key, language, script, region, gender, age_band, status, suggested_themes, themes, flags)"
# ceiling_runs WHERE: the max run's rows (WHERE selects them) re-inserted by psql, $batch rows per INSERT,
# one transaction each; then the same into a copy of the table without its GIN indexes (LIKE … INCLUDING
# ALL: no triggers and no foreign keys either, and the server's after-commit stages never see its rows).
ceiling_runs() {
    echo "==> ceiling: the ${R[max.rows]} rows of the max run, re-inserted by psql, $batch rows per INSERT, one transaction each"
    q "select format('insert into contribution ($cols) values %s;', string_agg(${values//PREFIX/ceil:}, ',' order by id))
       from (select *, (row_number() over (order by id) - 1) / $batch as b from contribution
             where $1) s
       group by b order by b" > "$tmp/ceiling.sql"
    snap_begin ceiling
    /usr/bin/time -f '%U %S' -o "$tmp/ceiling.time" psql "$db" -v ON_ERROR_STOP=1 -qAtX -f "$tmp/ceiling.sql" >/dev/null
    snap_end ceiling "$(awk '{printf "%.1f", $1+$2}' "$tmp/ceiling.time")"
    R[ceiling.rows]=$(q "select count(*) from contribution where external_id like 'ceil:%'")
    R[ceiling.rate]=$(awk -v n="${R[ceiling.rows]}" -v s="${R[ceiling.wall]}" 'BEGIN{printf "%.1f", n/s}')
    echo "    ${R[ceiling.rows]} rows in ${R[ceiling.wall]} s: ${R[ceiling.rate]} rows/s"

    R[nogin.gin]=$(q "select count(*) from pg_indexes where tablename = 'contribution' and indexdef like '%USING gin%'")
    echo "==> the same INSERTs into a copy of the table without its ${R[nogin.gin]} GIN index(es), triggers and foreign keys"
    q "create table bench_nogin (like contribution including all)"
    q "do \$\$ declare i text; begin
         for i in select indexname from pg_indexes where tablename = 'bench_nogin' and indexdef like '%USING gin%' loop
           execute format('drop index %I', i); end loop; end \$\$"
    sed 's/^insert into contribution /insert into bench_nogin /' "$tmp/ceiling.sql" > "$tmp/nogin.sql"
    snap_begin nogin
    /usr/bin/time -f '%U %S' -o "$tmp/nogin.time" psql "$db" -v ON_ERROR_STOP=1 -qAtX -f "$tmp/nogin.sql" >/dev/null
    snap_end nogin "$(awk '{printf "%.1f", $1+$2}' "$tmp/nogin.time")"
    R[nogin.rows]=$(q "select count(*) from bench_nogin")
    R[nogin.rate]=$(awk -v n="${R[nogin.rows]}" -v s="${R[nogin.wall]}" 'BEGIN{printf "%.1f", n/s}')
    echo "    ${R[nogin.rows]} rows in ${R[nogin.wall]} s: ${R[nogin.rate]} rows/s"
    q "drop table bench_nogin"
}

# write_section HEADING MARKER: replace "## HEADING" of docs/performance.md (up to MARKER, or the next
# "## " heading) with $section, or append it. The file is read right before it is written: others may
# be editing other sections.
write_section() {
    local doc=docs/performance.md
    if [ ! -f "$doc" ]; then
        cat > "$doc" <<'MD'
# Performance

One section per path: what was measured, the figures, the ceiling they are compared with, the ratio,
and how to reproduce. Timed benchmarks live in tests/bench/ and never run in CTest.
MD
    fi
    # Replace this section (up to the next "## " heading) or append it.
    HEADING="$1" MARKER="$2" SECTION="$section" python3 - "$doc" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
section = os.environ["SECTION"].rstrip("\n") + "\n"
marker = os.environ["MARKER"]
pattern = re.compile(r"^## " + re.escape(os.environ["HEADING"]) + r"\n.*?(?:" + re.escape(marker) + r"\n|(?=^## )|\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section, text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w", encoding="utf-8").write(text.rstrip("\n") + "\n")
PY
    echo "==> wrote the \"$1\" section of $doc"
}

# disturbance_of RUN...: one sentence on the CPU other processes took during the given runs.
disturbance_of() {
    local run o disturbed=""
    for run in "$@"; do
        o=${R[$run.cpu_other]}
        if awk -v o="$o" 'BEGIN{exit !(o > 1.0)}'; then disturbed="$disturbed $run (${o} CPU s by other processes)"; fi
    done
    if [ -n "$disturbed" ]; then
        echo "**Disturbed:** other work on the machine used CPU during:$disturbed. Figures are lower bounds."
    else
        echo "Undisturbed: other processes used ≤ 1 CPU second during each run."
    fi
}

# Wait (up to BENCH_QUIET_WAIT seconds) for the machine to be quiet: under 0.3 cores busy over 5 s.
quiet_wait=${BENCH_QUIET_WAIT:-600}
waited=0
while :; do
    b0=$(busy_ticks); sleep 5; b1=$(busy_ticks)
    busy=$(awk -v a="$b0" -v b="$b1" -v hz="$hz" 'BEGIN{printf "%.2f", (b-a)/hz/5}')
    awk -v x="$busy" 'BEGIN{exit !(x < 0.3)}' && break
    waited=$((waited + 5))
    [ "$waited" -ge "$quiet_wait" ] && { echo "==> machine still busy ($busy cores) after ${quiet_wait}s; running anyway"; break; }
    [ $((waited % 30)) -eq 5 ] && echo "==> waiting for a quiet machine ($busy cores busy by others)"
done
R[quiet.busy]=$busy R[quiet.waited]=$waited

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "==> load average before the runs: $load_start"
echo "==> busiest processes before the runs:"
ps -eo pcpu,comm --sort=-pcpu | sed -n 2,6p | sed 's/^/    /'

# --- BENCH_PATH=twilio: signed Twilio SMS webhooks (issue 4) -----------------------------------------
if [ "$bench_path" = twilio ]; then
    max_requests=$((max_seconds * max_rate_cap))
    echo "==> signing $((1500 + rate * fixed_seconds + max_requests)) Twilio webhooks before the timed runs (twilio_sign.mjs)"
    twilio_sign warm 1500
    twilio_sign fixed $((rate * fixed_seconds))
    twilio_sign max "$max_requests"
    load_signed=$(cut -d' ' -f1-3 /proc/loadavg)

    echo "==> warm-up: 500/s for 3 s"
    node tests/bench/ingest_load.mjs --url "$hook_url" --requests "$tmp/warm.req" --ok 200 --rate 500 --seconds 3 \
        --conns "$conns" --run warm > "$tmp/warm.json"
    [ "$(twilio_rows warm)" = 1500 ] || { echo "warm-up: $(twilio_rows warm) rows of 1500: $(cat "$tmp/warm.json")" >&2; tail "$tmp/baro.log" >&2; exit 1; }

    echo "==> fixed offered rate: $rate/s for ${fixed_seconds}s (signed Twilio webhooks)"
    fixed_run fixed "$rate" "$fixed_seconds"
    echo "==> maximum throughput: wrk -t2 -c$conns -d${max_seconds}s, each of $max_requests signed webhooks at most once"
    lag_start
    wrk_run max "$hook_url" "$max_seconds" "file:$tmp/max.req 2"
    lag_stop
    sleep 1   # requests wrk abandoned at the end are still committed
    R[max.rows]=$(twilio_rows max)
    echo "    rows stored: ${R[max.rows]} (200s seen by wrk: ${R[max.ok]}; threads out of requests: ${R[max.exhausted]})"
    R[max.rate_rows]=$(awk -v n="${R[max.rows]}" -v s="$max_seconds" 'BEGIN{printf "%.1f", n/s}')
    ceiling_runs "channel = 'sms' and external_id like 'twilio:SM$(twilio_tag max)%'"
    post_floor floor /hooks/twilio 200 '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' "file:$tmp/max.req 2"
    load_end=$(cut -d' ' -f1-3 /proc/loadavg)

    ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
    avg_batch() { awk -v n="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1f", n/b; else print "n/a" }'; }
    cores() { awk -v c="$1" -v w="$2" 'BEGIN{ if (w > 0) printf "%.2f", c/w; else print "n/a" }'; }
    per_row() { awk -v c="$1" -v n="$2" 'BEGIN{ if (n > 0) printf "%.0f", c*1e6/n; else print "n/a" }'; }
    ok_fixed=$([ "${R[fixed.ok]}" = "${R[fixed.rows]}" ] && [ "${R[fixed.non2xx]}" = 0 ] && echo yes || echo NO)
    ok_max=$([ "${R[max.rows]}" -ge "${R[max.ok]}" ] && [ "${R[max.exhausted]}" = 0 ] && echo yes || echo NO)
    met_rate=$(awk -v r="${R[max.rate_rows]}" 'BEGIN{print (r >= 10000) ? "met" : "NOT met"}')
    met_p99=$(awk -v p="${R[fixed.p99]}" -v a="${R[fixed.rate]}" -v o="$rate" 'BEGIN{print (p <= 50 && a >= 0.98*o) ? "met" : "NOT met"}')
    load1() { echo "${R[$1.load_before]%% *} → ${R[$1.load_after]%% *}"; }
    met_lag() { awk -v p="${R[lag.p99]}" 'BEGIN{print (p != "n/a" && p <= 1) ? "met" : "NOT met"}'; }
    met_drain() { awk -v d="${R[lag.drain]}" 'BEGIN{print (d <= 5) ? "met" : "NOT met"}'; }

    table=$(cat <<MD
| Run | Offered | Durable (200 and row) rate | p50 | p99 | p99.9 / max | non-2xx | rows = 200s | avg batch | CPU s: baro / PG / generator / other | load (1 min) before → after |
|---|---|---|---|---|---|---|---|---|---|---|
| Twilio, fixed rate (node, open loop) | ${R[fixed.offered]}/s × ${fixed_seconds} s | **${R[fixed.rate]}/s** | ${R[fixed.p50]} ms | **${R[fixed.p99]} ms** | ${R[fixed.p999]} / ${R[fixed.max]} ms | ${R[fixed.non2xx]} | ${R[fixed.rows]} = ${R[fixed.ok]} ($ok_fixed) | $(avg_batch "${R[fixed.rows]}" "${R[fixed.batches]}") | ${R[fixed.cpu_baro]} / ${R[fixed.cpu_pg]} / ${R[fixed.cpu_gen]} / ${R[fixed.cpu_other]} | $(load1 fixed) |
| Twilio, max (wrk -t2 -c$conns, closed loop) | as fast as answered, ${max_seconds} s | **${R[max.rate_rows]}/s** rows (${R[max.rate]}/s 200s seen) | ${R[max.p50]} ms | ${R[max.p99]} ms | – / ${R[max.max]} ms | ${R[max.bad]} (+${R[max.errors]} socket errors) | ${R[max.rows]} ≥ ${R[max.ok]} ($ok_max) | $(avg_batch "${R[max.rows]}" "${R[max.batches]}") | ${R[max.cpu_baro]} / ${R[max.cpu_pg]} / ${R[max.cpu_gen]} / ${R[max.cpu_other]} | $(load1 max) |
| Ceiling: psql multi-row INSERT, $batch rows/transaction | same ${R[ceiling.rows]} rows | **${R[ceiling.rate]} rows/s** | | | | | | $batch | – / ${R[ceiling.cpu_pg]} / ${R[ceiling.cpu_gen]} (psql) / ${R[ceiling.cpu_other]} | $(load1 ceiling) |
| Reference: same, into a copy of the table without its ${R[nogin.gin]} GIN index(es), triggers and foreign keys (nothing follows the commit) | same ${R[nogin.rows]} rows | ${R[nogin.rate]} rows/s | | | | | | $batch | – / ${R[nogin.cpu_pg]} / ${R[nogin.cpu_gen]} (psql) / ${R[nogin.cpu_other]} | $(load1 nogin) |
| HTTP floor: nginx 2 workers, the same signed POSTs, fixed 200 TwiML (wrk -t2 -c$conns) | as fast as answered, ${floor_seconds} s | **${R[floor.rate]}/s** | ${R[floor.p50]} ms | ${R[floor.p99]} ms | – / ${R[floor.max]} ms | ${R[floor.bad]} (+${R[floor.errors]} socket errors) | | | – / – / ${R[floor.cpu_gen]} / ${R[floor.cpu_other]} (nginx = other) | $(load1 floor) |

| Ratio | Value |
|---|---|
| baro max durable Twilio ingest / PostgreSQL multi-row INSERT ceiling (same rows, same run) | **$(ratio "${R[max.rate_rows]}" "${R[ceiling.rate]}")** |
| baro max durable Twilio ingest / nginx fixed reply (HTTP floor, same run) | **$(ratio "${R[max.rate_rows]}" "${R[floor.rate]}")** |
| baro durable rate at ${rate}/s offered / offered | $(ratio "${R[fixed.rate]}" "$rate") |

Where the CPU went (cores = CPU seconds per wall second; the machine has 2):

| Run | baro | PostgreSQL | generator | others | busiest threads / processes (cores) |
|---|---|---|---|---|---|
| fixed ${rate}/s | $(cores "${R[fixed.cpu_baro]}" "${R[fixed.wall]}") | $(cores "${R[fixed.cpu_pg]}" "${R[fixed.wall]}") | $(cores "${R[fixed.cpu_gen]}" "${R[fixed.wall]}") | $(cores "${R[fixed.cpu_other]}" "${R[fixed.wall]}") | ${R[fixed.tasks]} |
| max | $(cores "${R[max.cpu_baro]}" "${R[max.wall]}") | $(cores "${R[max.cpu_pg]}" "${R[max.wall]}") | $(cores "${R[max.cpu_gen]}" "${R[max.wall]}") | $(cores "${R[max.cpu_other]}" "${R[max.wall]}") | ${R[max.tasks]} |

CPU per durable webhook in the max run: baro $(per_row "${R[max.cpu_baro]}" "${R[max.rows]}") µs, PostgreSQL $(per_row "${R[max.cpu_pg]}" "${R[max.rows]}") µs;
in the ceiling: PostgreSQL $(per_row "${R[ceiling.cpu_pg]}" "${R[ceiling.rows]}") µs per row ($(per_row "${R[nogin.cpu_pg]}" "${R[nogin.rows]}") µs into the copy without GIN index, triggers and foreign keys: no search indexing, grouping or counts).
WAL in the max run: ${R[max.wal]}.

Search lag during the max run (\`baro_search_lag_seconds\` sampled every 0.1 s, ${R[lag.samples]} samples): p50 ${R[lag.p50]} s,
p99 **${R[lag.p99]} s**, max ${R[lag.max]} s; ${R[lag.pending_at_end]} rows waited for the indexer when wrk stopped, all indexed ${R[lag.drain]} s later.
Grouping lag in the same samples (\`baro_grouping_lag_seconds\`; while messages wait for the writer the duplicate grouper works in rounds of 500 and rests as long as each took, twice as long while 64 or more wait; with fewer than 64 waiting it catches up a lag of 0.5 s or more without rest):
p50 ${R[glag.p50]} s, p99 **${R[glag.p99]} s**, max ${R[glag.max]} s; ${R[glag.left_at_end]} rows ungrouped when wrk stopped, ${R[glag.left_after]} after ${R[glag.wait]} s more.

Targets (2-core machine): ≥ 10,000 durable signed webhooks/s — **$met_rate** (${R[max.rate_rows]}/s);
p99 ≤ 50 ms at ${rate}/s offered — **$met_p99** (${R[fixed.p99]} ms, ${R[fixed.rate]}/s achieved);
search lag p99 ≤ 1 s during the max run — **$(met_lag)**; every row indexed within 5 s after it — **$(met_drain)**.
grouping lag p99 ≤ 1 s during the max run — **$(awk -v p="${R[glag.p99]}" 'BEGIN{print (p != "n/a" && p <= 1) ? "met" : "NOT met"}')**.
At ${rate}/s offered (the same 0.1-s samples of /metrics during that run): search lag p99 ${R[fixed.lag.p99]} s (max ${R[fixed.lag.max]} s),
grouping lag p99 ${R[fixed.glag.p99]} s (max ${R[fixed.glag.max]} s).
MD
)
    echo
    echo "$table"
    echo
    echo "load average: $load_start before the runs, $load_end after; commit ${commit:0:7}$dirty"
    [ "$write_doc" = 1 ] || exit 0

    section=$(cat <<MD
## Signed Twilio webhooks (issue 4)

Durable signed Twilio SMS webhooks: \`POST /hooks/twilio\`, each a distinct inbound SMS as Twilio posts
it (urlencoded \`MessageSid\` unique, \`AccountSid\`, \`From\` +2237 and 7 varied digits, \`To\`, \`Body\` a
line of the Bambara or French dev split of Bayelemabaga, \`NumMedia=0\`) with a valid
\`X-Twilio-Signature\` (HMAC-SHA1 over \`BARO_PUBLIC_URL\` + path and the sorted parameters), answered
\`200\` with TwiML only after the group-commit writer's transaction committed (\`synchronous_commit =
on\`, \`fsync = on\`). The requests are signed before the timed runs (tests/bench/twilio_sign.mjs), so the
generators only send bytes. The ceiling is PostgreSQL taking the max run's own rows through multi-row
\`INSERT\`s of $batch rows (the 14 columns the writer inserts), one transaction per statement, one connection,
into the same tables with the same indexes and triggers, in the same run; the running server's search indexer
and duplicate grouper take those rows too (their PostgreSQL CPU is in the ceiling's). The HTTP floor is nginx reading the same signed
POSTs and answering each with a fixed TwiML 200. Search lag: \`baro_search_lag_seconds\` sampled during the max run.

Run of $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`${commit:0:7}\`$dirty; machine: 2 cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)),
$(free -g | awk '/^Mem:/{print $2}') GB RAM; PostgreSQL $(psql "$db" -AtX -c 'show server_version' | cut -d' ' -f1) (throwaway cluster, \`shared_buffers = 256MB\`,
otherwise defaults); baro Release build, default threads. Generators on the same 2 cores (their CPU is
in the table). Quiet-machine wait: ${R[quiet.waited]} s, last 5 s at ${R[quiet.busy]} cores busy by others.${pg_conf:+ **PostgreSQL settings added:** \`$(echo $pg_conf)\`.}
Load average (1/5/15 min): $load_start before the runs, $load_end after. $(disturbance_of fixed max ceiling)

$table

Latency in the fixed-rate run is measured from each request's *due* time (open loop, no coordinated
omission; the generator's connections are open before its clock starts, as a gateway's are before a broadcast); wrk's is closed loop. "rows = 200s": rows counted in \`contribution\` for the run's
MessageSids after the run. "other" is the machine's busy time minus baro, PostgreSQL and the generator:
other people's work, which also takes cores from these runs (so rates under disturbance are lower bounds).

How to reproduce:

\`\`\`sh
BENCH_PATH=twilio tests/bench/ingest_bench.sh   # builds, runs (~2 min + signing), rewrites this section
# knobs: BENCH_RATE=$rate BENCH_SECONDS=$fixed_seconds BENCH_MAX_SECONDS=$max_seconds BENCH_TWILIO_MAX_RATE=$max_rate_cap BENCH_CONNS=$conns
#        BENCH_SOURCE=head (this run: $source_mode) BENCH_BUILD_DIR=$bd BENCH_COMMIT=… BENCH_WRITE_DOC=0
#        BENCH_PROFILE=1 (perf during the max run) BENCH_QUIET_WAIT=$quiet_wait
#        BENCH_STATEMENTS=1 (pg_stat_statements: PostgreSQL time by statement per run, in the log; this run: $statements)
\`\`\`

The commands it runs, with PORT the server's port and TOKEN the auth token in the secrets file:

\`\`\`sh
$build_cmds
baro migrate && baro seed-demo --without-contributions
BARO_SECRETS_FILE=secrets.json BARO_PUBLIC_URL=http://127.0.0.1:PORT baro serve   # {"pepper": …, "twilio": {"auth_token": TOKEN}}
node tests/bench/twilio_sign.mjs --url http://127.0.0.1:PORT/hooks/twilio --token TOKEN --tag $(twilio_tag fixed) --count $((rate * fixed_seconds)) --out fixed.req
node tests/bench/twilio_sign.mjs --url http://127.0.0.1:PORT/hooks/twilio --token TOKEN --tag $(twilio_tag max) --count $max_requests --out max.req
node tests/bench/ingest_load.mjs --url http://127.0.0.1:PORT/hooks/twilio --requests fixed.req --ok 200 --rate $rate --seconds $fixed_seconds --conns $conns
wrk -t2 -c$conns -d${max_seconds}s --timeout 10s -s tests/bench/ingest_wrk.lua http://127.0.0.1:PORT/hooks/twilio -- 'file:max.req 2'
psql -f ceiling.sql   # the max run's rows as INSERT ... VALUES (256 rows), ..., one statement per line
psql -f nogin.sql     # the same into a copy of contribution (LIKE … INCLUDING ALL) without its GIN index(es): no triggers, no foreign keys
nginx -p TMP -c TMP/floor.conf   # worker_processes 2; location = /hooks/twilio { return 200 '<Response>…'; }
wrk -t2 -c$conns -d${floor_seconds}s --timeout 10s -s tests/bench/ingest_wrk.lua http://127.0.0.1:NGINX_PORT/hooks/twilio -- 'file:max.req 2'
curl -s http://127.0.0.1:PORT/metrics   # every 0.1 s during the max run: baro_search_lag_seconds
\`\`\`

<!-- end of the part ingest_bench.sh BENCH_PATH=twilio rewrites; notes below it are kept -->
MD
)
    write_section "Signed Twilio webhooks (issue 4)" "<!-- end of the part ingest_bench.sh BENCH_PATH=twilio rewrites; notes below it are kept -->"
    exit 0
fi

echo "==> warm-up: 500/s for 3 s"
node tests/bench/ingest_load.mjs --url "$form_url" --rate 500 --seconds 3 --conns "$conns" --run warm >/dev/null

echo "==> fixed offered rate: $rate/s for ${fixed_seconds}s"
fixed_run fixed "$rate" "$fixed_seconds"
echo "==> fixed offered rate: $high_rate/s for ${high_seconds}s"
fixed_run high "$high_rate" "$high_seconds"
echo "==> maximum throughput: wrk -t2 -c$conns -d${max_seconds}s"
lag_start
wrk_run max "$form_url" "$max_seconds" max
lag_stop
sleep 1   # requests wrk abandoned at the end are still committed
R[max.rows]=$(web_rows max)
echo "    rows stored: ${R[max.rows]} (303s seen by wrk: ${R[max.ok]}; wrk drops the replies in flight when it stops)"
R[max.rate_rows]=$(awk -v n="${R[max.rows]}" -v s="$max_seconds" 'BEGIN{printf "%.1f", n/s}')

ceiling_runs "channel = 'web' and external_id like 'matransition:max-%'"
path_query='?lang=fr' post_floor floor /c/matransition 303 /c/matransition/merci floor

one_rows=2000
echo "==> one row per transaction: $one_rows single-row INSERTs (what one commit costs here)"
q "select format('insert into contribution ($cols) values %s;', ${values//PREFIX/one:})
   from contribution where channel = 'web' and external_id like 'matransition:max-%' order by id limit $one_rows" > "$tmp/one.sql"
snap_begin one
/usr/bin/time -f '%U %S' -o "$tmp/one.time" psql "$db" -v ON_ERROR_STOP=1 -qAtX -f "$tmp/one.sql" >/dev/null
snap_end one "$(awk '{printf "%.1f", $1+$2}' "$tmp/one.time")"
R[one.rows]=$(q "select count(*) from contribution where external_id like 'one:%'")
R[one.rate]=$(awk -v n="${R[one.rows]}" -v s="${R[one.wall]}" 'BEGIN{printf "%.1f", n/s}')
echo "    ${R[one.rows]} commits in ${R[one.wall]} s: ${R[one.rate]} rows/s"

# --- read path: baro vs nginx serving the same bytes -----------------------------------------------
echo "==> read path: GET /c/matransition?lang=fr, baro vs nginx with the same bytes"
mkdir -p "$tmp/nginx/tmp"
curl -fsS -D "$tmp/nginx/headers" -o "$tmp/nginx/form.html" -H 'Accept-Language: fr' "$form_url"
page_bytes=$(stat -c %s "$tmp/nginx/form.html")
extra_headers=$(tr -d '\r' < "$tmp/nginx/headers" | sed 1d | grep -viE '^(date|content-length|content-type|connection|server|keep-alive|transfer-encoding):|^$' \
    | sed -E 's/^([^:]+): (.*)$/\1\t\2/' | awk -F'\t' '{gsub(/"/, "\\\"", $2); printf "            add_header %s \"%s\" always;\n", $1, $2}' || true)
content_type=$(tr -d '\r' < "$tmp/nginx/headers" | awk -F': ' 'tolower($1)=="content-type"{print $2}')
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
        location = /c/matransition {
            default_type "$content_type";
            alias $tmp/nginx/form.html;
$extra_headers
        }
    }
}
CONF
chmod -R a+rX "$tmp/nginx"
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
nginx_started=1
for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/c/matransition" 2>/dev/null && break; sleep 0.05; done
cmp -s <(curl -fsS "http://127.0.0.1:$nginx_port/c/matransition?lang=fr") "$tmp/nginx/form.html" \
    || { echo "nginx does not serve the saved page" >&2; exit 1; }
wrk_run read_baro "$form_url" "$read_seconds" GET
wrk_run read_nginx "http://127.0.0.1:$nginx_port/c/matransition?lang=fr" "$read_seconds" GET
kill "$(cat "$tmp/nginx/nginx.pid")"; nginx_started=""
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ----------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
ok_fixed=$([ "${R[fixed.ok]}" = "${R[fixed.rows]}" ] && [ "${R[fixed.bad]}" = 0 ] && echo yes || echo NO)
ok_high=$([ "${R[high.ok]}" = "${R[high.rows]}" ] && [ "${R[high.bad]}" = 0 ] && echo yes || echo NO)
ok_max=$([ "${R[max.rows]}" -ge "${R[max.ok]}" ] && echo yes || echo NO)
avg_batch() { awk -v n="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1f", n/b; else print "n/a" }'; }
met_rate=$(awk -v r="${R[max.rate_rows]}" 'BEGIN{print (r >= 10000) ? "met" : "NOT met"}')
met_p99_high=$(awk -v p="${R[high.p99]}" -v a="${R[high.rate]}" -v o="$high_rate" 'BEGIN{print (p <= 50 && a >= 0.98*o) ? "met" : "NOT met"}')
met_lag=$(awk -v p="${R[lag.p99]}" 'BEGIN{print (p != "n/a" && p <= 1) ? "met" : "NOT met"}')
met_drain=$(awk -v d="${R[lag.drain]}" 'BEGIN{print (d <= 5) ? "met" : "NOT met"}')
met_p99=$(awk -v p="${R[fixed.p99]}" -v a="${R[fixed.rate]}" -v o="$rate" 'BEGIN{print (p <= 50 && a >= 0.98*o) ? "met" : "NOT met"}')
commit=${commit:0:7}

table=$(cat <<MD
| Run | Offered | Durable (303 and row) rate | p50 | p99 | p99.9 / max | non-2xx/3xx | rows = 303s | avg batch | CPU s: baro / PG / generator / other |
|---|---|---|---|---|---|---|---|---|---|
| Web form, fixed rate (node, open loop) | ${R[fixed.offered]}/s × ${fixed_seconds} s | **${R[fixed.rate]}/s** | ${R[fixed.p50]} ms | **${R[fixed.p99]} ms** | ${R[fixed.p999]} / ${R[fixed.max]} ms | ${R[fixed.bad]} | ${R[fixed.rows]} = ${R[fixed.ok]} ($ok_fixed) | $(avg_batch "${R[fixed.rows]}" "${R[fixed.batches]}") | ${R[fixed.cpu_baro]} / ${R[fixed.cpu_pg]} / ${R[fixed.cpu_gen]} / ${R[fixed.cpu_other]} |
| Web form, fixed rate (node, open loop) | ${R[high.offered]}/s × ${high_seconds} s | ${R[high.rate]}/s | ${R[high.p50]} ms | ${R[high.p99]} ms | ${R[high.p999]} / ${R[high.max]} ms | ${R[high.bad]} | ${R[high.rows]} = ${R[high.ok]} ($ok_high) | $(avg_batch "${R[high.rows]}" "${R[high.batches]}") | ${R[high.cpu_baro]} / ${R[high.cpu_pg]} / ${R[high.cpu_gen]} / ${R[high.cpu_other]} |
| Web form, max (wrk -t2 -c$conns, closed loop) | as fast as answered, ${max_seconds} s | **${R[max.rate_rows]}/s** rows (${R[max.rate]}/s 303s seen) | ${R[max.p50]} ms | ${R[max.p99]} ms | – / ${R[max.max]} ms | ${R[max.bad]} (+${R[max.errors]} socket errors) | ${R[max.rows]} ≥ ${R[max.ok]} ($ok_max) | $(avg_batch "${R[max.rows]}" "${R[max.batches]}") | ${R[max.cpu_baro]} / ${R[max.cpu_pg]} / ${R[max.cpu_gen]} / ${R[max.cpu_other]} |
| Ceiling: psql multi-row INSERT, $batch rows/transaction | same ${R[ceiling.rows]} rows | **${R[ceiling.rate]} rows/s** | | | | | | $batch | – / ${R[ceiling.cpu_pg]} / ${R[ceiling.cpu_gen]} (psql) / ${R[ceiling.cpu_other]} |
| Reference: same, into a copy of the table without its ${R[nogin.gin]} GIN index(es), triggers and foreign keys (nothing follows the commit) | same ${R[nogin.rows]} rows | ${R[nogin.rate]} rows/s | | | | | | $batch | – / ${R[nogin.cpu_pg]} / ${R[nogin.cpu_gen]} (psql) / ${R[nogin.cpu_other]} |
| Reference: psql single-row INSERT, 1 row/transaction | ${R[one.rows]} rows | ${R[one.rate]} rows/s | | | | | | 1 | – / ${R[one.cpu_pg]} / ${R[one.cpu_gen]} (psql) / ${R[one.cpu_other]} |
| HTTP floor: nginx 2 workers, the same POSTs, fixed 303 (wrk -t2 -c$conns) | as fast as answered, ${floor_seconds} s | **${R[floor.rate]}/s** | ${R[floor.p50]} ms | ${R[floor.p99]} ms | – / ${R[floor.max]} ms | ${R[floor.bad]} (+${R[floor.errors]} socket errors) | | | – / – / ${R[floor.cpu_gen]} / ${R[floor.cpu_other]} (nginx = other) |

| Ratio | Value |
|---|---|
| baro max durable ingest / PostgreSQL multi-row INSERT ceiling | **$(ratio "${R[max.rate_rows]}" "${R[ceiling.rate]}")** |
| baro max durable ingest / nginx fixed reply (HTTP floor, same run) | **$(ratio "${R[max.rate_rows]}" "${R[floor.rate]}")** |
| baro durable rate at ${rate}/s offered / offered | $(ratio "${R[fixed.rate]}" "$rate") |
| baro durable rate at ${high_rate}/s offered / offered | $(ratio "${R[high.rate]}" "$high_rate") |

CPU per durable submission in the max run: baro $(awk -v c="${R[max.cpu_baro]}" -v n="${R[max.rows]}" 'BEGIN{printf "%.0f", c*1e6/n}') µs, PostgreSQL $(awk -v c="${R[max.cpu_pg]}" -v n="${R[max.rows]}" 'BEGIN{printf "%.0f", c*1e6/n}') µs;
in the ceiling: PostgreSQL $(awk -v c="${R[ceiling.cpu_pg]}" -v n="${R[ceiling.rows]}" 'BEGIN{printf "%.0f", c*1e6/n}') µs per row ($(awk -v c="${R[nogin.cpu_pg]}" -v n="${R[nogin.rows]}" 'BEGIN{printf "%.0f", c*1e6/n}') µs into the copy without GIN index, triggers and foreign keys: no search indexing, grouping or counts).
WAL in the max run: ${R[max.wal]}.

Search lag during the max run (\`baro_search_lag_seconds\` sampled every 0.1 s, ${R[lag.samples]} samples): p50 ${R[lag.p50]} s,
p99 **${R[lag.p99]} s**, max ${R[lag.max]} s; ${R[lag.pending_at_end]} rows waited for the indexer when wrk stopped, all indexed ${R[lag.drain]} s later.
Grouping lag in the same samples (\`baro_grouping_lag_seconds\`; while messages wait for the writer the duplicate grouper works in rounds of 500 and rests as long as each took, twice as long while 64 or more wait; with fewer than 64 waiting it catches up a lag of 0.5 s or more without rest):
p50 ${R[glag.p50]} s, p99 **${R[glag.p99]} s**, max ${R[glag.max]} s; ${R[glag.left_at_end]} rows ungrouped when wrk stopped, ${R[glag.left_after]} after ${R[glag.wait]} s more.

Targets (2-core machine, issue 17): ≥ 10,000 durable submissions/s — **$met_rate** (${R[max.rate_rows]}/s);
p99 ≤ 50 ms at ${high_rate}/s offered — **$met_p99_high** (${R[high.p99]} ms, ${R[high.rate]}/s achieved); at ${rate}/s: ${R[fixed.p99]} ms;
search lag p99 ≤ 1 s during the max run — **$met_lag**; every row indexed within 5 s after it — **$met_drain**.
grouping lag p99 ≤ 1 s during the max run — **$(awk -v p="${R[glag.p99]}" 'BEGIN{print (p != "n/a" && p <= 1) ? "met" : "NOT met"}')**.
At the fixed rates (the same 0.1-s samples of /metrics during each run): at ${rate}/s search lag p99 ${R[fixed.lag.p99]} s, grouping lag p99 ${R[fixed.glag.p99]} s;
at ${high_rate}/s search lag p99 ${R[high.lag.p99]} s (max ${R[high.lag.max]} s), grouping lag p99 ${R[high.glag.p99]} s (max ${R[high.glag.max]} s).

Read path, GET /c/matransition?lang=fr ($page_bytes bytes of HTML, same headers), wrk -t2 -c$conns -d${read_seconds}s:

| Server | Requests/s (200) | p50 | p99 | max | non-200 | CPU s: server / wrk / other |
|---|---|---|---|---|---|---|
| baro (renders the page, fresh nonce each time) | **${R[read_baro.rate]}** | ${R[read_baro.p50]} ms | ${R[read_baro.p99]} ms | ${R[read_baro.max]} ms | ${R[read_baro.bad]} | ${R[read_baro.cpu_baro]} / ${R[read_baro.cpu_gen]} / ${R[read_baro.cpu_other]} |
| nginx 2 workers, static file (ceiling) | **${R[read_nginx.rate]}** | ${R[read_nginx.p50]} ms | ${R[read_nginx.p99]} ms | ${R[read_nginx.max]} ms | ${R[read_nginx.bad]} | (nginx = other) / ${R[read_nginx.cpu_gen]} / ${R[read_nginx.cpu_other]} |

Read ratio baro / nginx: **$(ratio "${R[read_baro.rate]}" "${R[read_nginx.rate]}")**
MD
)

echo
echo "$table"
echo
echo "load average: $load_start before, $load_end after; commit $commit$dirty"

[ "$write_doc" = 1 ] || exit 0

disturbance=$(disturbance_of fixed high max ceiling read_baro)

section=$(cat <<MD
## Web-form ingest (issue 2)

Durable web-form ingest: \`POST /c/matransition\` (urlencoded \`nonce\`, \`text\`, \`region\`; every
body distinct) answered \`303\` only after the group-commit writer's transaction committed
(\`synchronous_commit = on\`, \`fsync = on\`). The ceiling is PostgreSQL itself taking the same rows
through multi-row \`INSERT\`s of $batch rows, one transaction per statement, on one connection (what the
writer does, minus HTTP, form parsing, text cleaning, the column arrays and the \`ON CONFLICT\`/\`RETURNING\` join),
into the same tables with the same indexes and triggers; the running server's search indexer and duplicate
grouper take those rows too, as they do baro's (their PostgreSQL CPU is in the ceiling's). The HTTP floor is nginx reading the same POSTs
and answering each with a fixed 303. Search lag: \`baro_search_lag_seconds\` sampled during the max run.

Run of $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$commit\`$dirty; machine: 2 cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)),
$(free -g | awk '/^Mem:/{print $2}') GB RAM, ext4 on a virtio disk; PostgreSQL $(psql "$db" -AtX -c 'show server_version' | cut -d' ' -f1) (throwaway cluster,
\`shared_buffers = 256MB\`, otherwise defaults); baro Release build, default threads (2). The load
generators run on the same 2 cores as baro and PostgreSQL (their CPU is in the table).
${setup_sql:+**Experiment:** before the server started, \`$setup_sql\`. }${pg_conf:+**PostgreSQL settings added:** \`$(echo $pg_conf)\`. }Load average (1/5/15 min): $load_start before the runs, $load_end after. $disturbance

$table

Latency in the fixed-rate runs is measured from each request's *due* time (open loop: no coordinated
omission; the generator's connections are open before its clock starts, as a gateway's are before a broadcast); wrk's figures are closed loop (each of the $conns connections waits for its answer). "rows = 303s":
rows counted in \`contribution\` for the run's nonces after the run; for wrk, rows may exceed the 303s it
saw because it drops replies in flight when it stops. "CPU s other" is the machine's busy time minus
baro, PostgreSQL (postmaster and all backends) and the generator: other people's work.

How to reproduce (as root or a user that can run PostgreSQL; wrk, nginx-light, node from Debian):

\`\`\`sh
tests/bench/ingest_bench.sh      # builds build-bench/, runs everything (~3 min), rewrites this section
# knobs: BENCH_RATE=$rate BENCH_SECONDS=$fixed_seconds BENCH_HIGH_RATE=$high_rate BENCH_HIGH_SECONDS=$high_seconds
#        BENCH_MAX_SECONDS=$max_seconds BENCH_CONNS=$conns BENCH_READ_SECONDS=$read_seconds BENCH_WRITE_DOC=0
#        BENCH_SOURCE=head (this run: $source_mode)  BENCH_SETUP_SQL='drop index ...' (experiments)
#        BENCH_PROFILE=1 (perf profiles of baro and PostgreSQL during the max run)  BENCH_QUIET_WAIT=600
#        BENCH_KEEP_TMP=1 (keep the run's files: logs, perf data)
#        BENCH_STATEMENTS=1 (pg_stat_statements: PostgreSQL time by statement per run, in the log; this run: $statements)
\`\`\`

The commands it runs, with PORT the server's port:

\`\`\`sh
$build_cmds
baro migrate && baro seed-demo && baro serve      # BARO_DATABASE_URL, BARO_LISTEN, BARO_SECRETS_FILE
node tests/bench/ingest_load.mjs --url 'http://127.0.0.1:PORT/c/matransition?lang=fr' --rate $rate --seconds $fixed_seconds --conns $conns --run fixed
node tests/bench/ingest_load.mjs --url 'http://127.0.0.1:PORT/c/matransition?lang=fr' --rate $high_rate --seconds $high_seconds --conns $conns --run high
wrk -t2 -c$conns -d${max_seconds}s --timeout 10s -s tests/bench/ingest_wrk.lua 'http://127.0.0.1:PORT/c/matransition?lang=fr' -- max
psql -f ceiling.sql   # the max run's rows as INSERT ... VALUES (256 rows), ..., one statement per line
psql -f nogin.sql     # the same into a copy of contribution (LIKE … INCLUDING ALL) without its GIN index(es): no triggers, no foreign keys
psql -f one.sql       # $one_rows of them as single-row INSERTs
nginx -p TMP -c TMP/floor.conf   # worker_processes 2; location = /c/matransition { return 303 /c/matransition/merci; }
wrk -t2 -c$conns -d${floor_seconds}s --timeout 10s -s tests/bench/ingest_wrk.lua 'http://127.0.0.1:NGINX_PORT/c/matransition?lang=fr' -- floor
curl -s http://127.0.0.1:PORT/metrics   # every 0.1 s during the max run: baro_search_lag_seconds
wrk -t2 -c$conns -d${read_seconds}s -s tests/bench/ingest_wrk.lua 'http://127.0.0.1:PORT/c/matransition?lang=fr' -- GET
nginx -p TMP -c TMP/nginx.conf   # worker_processes 2; location = /c/matransition { alias form.html; + baro's headers }
wrk -t2 -c$conns -d${read_seconds}s -s tests/bench/ingest_wrk.lua 'http://127.0.0.1:NGINX_PORT/c/matransition?lang=fr' -- GET
\`\`\`

<!-- end of the part ingest_bench.sh rewrites; notes below it are kept -->
MD
)

write_section "Web-form ingest (issue 2)" "<!-- end of the part ingest_bench.sh rewrites; notes below it are kept -->"
