#!/usr/bin/env bash
# baro's whole test suite: installs what is missing, builds with warnings as errors, runs the
# unit tests under ASan+UBSan, fuzzes the parsers for a bounded time, starts a throwaway
# PostgreSQL cluster, runs every CTest test (unit, db, e2e), stops the cluster.
# Exits non-zero on any failure; ends with CTest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. deploy/lib/deps.sh
. deploy/lib/pg.sh

jobs=${BARO_JOBS:-2}
fuzz_seconds=${BARO_FUZZ_SECONDS:-15}

baro_install_deps test

echo "==> npm packages for browser tests"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

echo "==> build (warnings are errors)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBARO_WERROR=ON >/dev/null
cmake --build build -j"$jobs"

echo "==> unit tests under ASan+UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBARO_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" --target unit_text unit_pure unit_server
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -L unit --output-on-failure

echo "==> fuzzing the text pipeline and each channel parser (${fuzz_seconds}s each)"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBARO_FUZZ=ON -DBARO_UNIT_ONLY=ON \
      -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fuzzers=$(cd tests/fuzz && ls *_fuzz.cpp 2>/dev/null | sed 's/\.cpp$//' || true)
if [ -n "$fuzzers" ]; then
    cmake --build build-fuzz -j"$jobs" --target $fuzzers
    for f in $fuzzers; do
        mkdir -p build-fuzz/corpus/$f
        (cd build-fuzz && ./tests/$f -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 \
            -print_final_stats=1 corpus/$f ../tests/fuzz/seeds 2>&1 | tail -3)
    done
fi

echo "==> throwaway PostgreSQL cluster"
pgdir=$(mktemp -d /tmp/baro-test-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres: "$pgdir"
pgport=$(baro_free_port 25432)
cleanup() { baro_pg_stop "$pgdir/data"; rm -rf "$pgdir"; }
trap cleanup EXIT
baro_pg_init "$pgdir/data" "$pgport"
baro_pg_start "$pgdir/data" "$pgport"
export BARO_TEST_DATABASE_URL="postgresql://baro@127.0.0.1:$pgport/postgres"

echo "==> all tests (unit, db, e2e)"
ctest --test-dir build --output-on-failure
