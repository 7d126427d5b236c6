#!/bin/sh
# Builds and runs the text benchmark on one core, with the flags of the CMake Release build the
# server ships (-O3 -DNDEBUG), no sanitizers.
#   tests/bench/text_bench.sh [corpus_dir] [bytes_per_contribution]
# corpus_dir defaults to the dev split in tests/data; a folder holding train.bam/train.fr (such as
# ../shared/corpus/bayelemabaga) runs the train split. BARO_BENCH_DIR: where to build.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BARO_BENCH_DIR:-$root/build-text-bench}
mkdir -p "$out"
${CXX:-g++} -std=c++17 -O3 -DNDEBUG -DBARO_SOURCE_DIR="\"$root\"" -I"$root/server" \
    "$root"/server/text/*.cpp "$root/tests/bench/text_bench.cpp" -o "$out/text_bench" \
    $(pkg-config --cflags --libs icu-uc icu-i18n)
exec taskset -c 0 "$out/text_bench" "$@"
