#!/usr/bin/env bash
# Checks the layering rules of docs/architecture.md §2 on the sources, so they stay true:
#   1. only server/http/ and server/app/ include http/ headers;
#   2. pqxx stays in server/store/: no file elsewhere includes pqxx, or a header that does (at any depth);
#   3. no route file (server/http/*_routes.cpp) builds a thread, a hub, a cache, a listener or an exporter;
#   4. server/http/mod_routes.cpp is gone or under 250 lines;
#   5. the web form and the JSON API do not name the writer: they go through ingest/.
# Usage: tests/layering.sh [source dir]; prints each violation and exits 1 when there is one.
set -u
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src/server" || exit 2
failed=0
violation() { echo "layering: $*"; failed=1; }

# 1. http/ headers
while IFS= read -r hit; do
    violation "$hit: only server/http/ and server/app/ may include http/ headers"
done < <(grep -rn --include='*.cpp' --include='*.hpp' '#include "http/' . | grep -v -e '^\./http/' -e '^\./app/')

# 2. pqxx: the headers that include it, directly or through another project header. One grep
# reads every include; the closure is computed in bash without a process per file.
declare -A pq=()
mapfile -t edges < <(grep -rno --include='*.hpp' --include='*.cpp' -e '#include "[^"]*"' -e '#include <pqxx/[^>]*>' . |
                     sed -e 's|^\./||' -e 's|:[0-9]*:#include ["<]\(.*\)[">]$|:\1|')
for e in "${edges[@]}"; do
    [[ ${e#*:} == pqxx/* && ${e%%:*} == *.hpp ]] && pq[${e%%:*}]=1
done
changed=1
while [ $changed = 1 ]; do
    changed=0
    for e in "${edges[@]}"; do
        f=${e%%:*} inc=${e#*:}
        if [[ $f == *.hpp && -z ${pq[$f]:-} && -n ${pq[$inc]:-} ]]; then pq[$f]=1; changed=1; fi
    done
done
for e in "${edges[@]}"; do
    f=${e%%:*} inc=${e#*:}
    [[ $f == store/* ]] && continue
    if [[ $inc == pqxx/* ]]; then
        violation "$f includes <$inc>: pqxx types never leave server/store/"
    elif [ -n "${pq[$inc]:-}" ]; then
        violation "$f includes $inc, which brings in pqxx: pqxx types never leave server/store/"
    fi
done

# 3. long-lived objects are built in app/serve.cpp
while IFS= read -r hit; do
    violation "$hit: route files are handed long-lived objects; build them in app/serve.cpp"
done < <(grep -n -E 'std::thread|std::jthread|make_shared<live::(hub|summary_cache|page_cache)>|make_shared<store::publish_listener>|store::exporter [a-z_]+\(|live::hub [a-z_]+\(|\.detach\(\)' http/*_routes.cpp)

# 4. the console's routes are split by concern
if [ -f http/mod_routes.cpp ] && [ "$(wc -l < http/mod_routes.cpp)" -ge 250 ]; then
    violation "http/mod_routes.cpp has $(wc -l < http/mod_routes.cpp) lines: split it by concern (under 250)"
fi

# 5. every intake goes through ingest/
while IFS= read -r hit; do
    violation "$hit: the web form and the API submit through ingest::submit_web, never the writer itself"
done < <(grep -n -i -E 'writer' http/citizen_routes.cpp http/api_routes.cpp)

[ $failed = 0 ] && echo "layering: every rule holds"
exit $failed
