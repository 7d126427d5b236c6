#!/usr/bin/env bash
# The README's run command, as a newcomer runs it: deploy/quickstart.sh brings baro up with its own
# cluster; the form accepts a Bambara sentence, stored once byte for byte; Ctrl-C stops the server
# and the cluster; a second run reuses the data. Uses its own var/ and ports, never the checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/lib/pg.sh

work=$(mktemp -d /tmp/baro-quickstart.XXXXXX)
chmod 711 "$work"
export BARO_VAR="$work/var"
# Below Linux's ephemeral range (32768-60999): an outgoing connection cannot hold these ports as its
# local end while the server starts (a port chosen at 58080 once failed with "Address already in use").
export BARO_PG_PORT=$(baro_free_port 26433)
port=$(baro_free_port 28080)
export BARO_LISTEN="127.0.0.1:$port"
base="http://$BARO_LISTEN"
sentence='An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.'
qs_pid=""

finish() {
    [ -n "$qs_pid" ] && kill -INT -- "-$qs_pid" 2>/dev/null && wait "$qs_pid" 2>/dev/null || true
    baro_pg_stop "$BARO_VAR/pg"
    rm -rf "$(readlink -f "$BARO_VAR/pg" 2>/dev/null || echo "$BARO_VAR/pg")" "$work"
}
trap finish EXIT

start() {   # runs the quickstart in its own process group, as a terminal would, and waits for it
    setsid deploy/quickstart.sh > "$work/run$1.log" 2>&1 &
    qs_pid=$!
    for _ in $(seq 1 1800); do
        grep -q "baro is running" "$work/run$1.log" && return 0
        kill -0 "$qs_pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "FAIL: quickstart run $1 did not come up; its output:"; cat "$work/run$1.log"; exit 1
}

stop() {   # Ctrl-C: SIGINT to the whole foreground group
    kill -INT -- "-$qs_pid"
    wait "$qs_pid" || true
    qs_pid=""
    if baro_pg_as "$baro_pg_bin/pg_ctl" -D "$BARO_VAR/pg" status >/dev/null 2>&1; then
        echo "FAIL: the cluster still runs after Ctrl-C"; exit 1
    fi
    if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "FAIL: the server still listens after Ctrl-C"; exit 1
    fi
}

count_rows() {
    echo "select count(*) from contribution where raw = :'s'" |
        psql -X -q -t -A -v s="$sentence" "postgresql://baro:$(cat "$BARO_VAR/pg-password")@127.0.0.1:$BARO_PG_PORT/baro"
}

start 1
grep -q "one-time password: " "$work/run1.log" || { echo "FAIL: no one-time password printed"; exit 1; }
grep -q "$base/c/matransition" "$work/run1.log" || { echo "FAIL: the form URL is not printed"; exit 1; }
nonce=$(curl -fsS "$base/c/matransition" | grep -o 'name="nonce" value="[^"]*"' | sed 's/.*value="//;s/"$//')
code=$(curl -sS -o /dev/null -w '%{http_code}' --data-urlencode "text=$sentence" --data-urlencode "nonce=$nonce" \
       -d region=bamako "$base/c/matransition")
[ "$code" = 303 ] || { echo "FAIL: the form answered $code, not 303"; exit 1; }
# The browser's retry of the same form (same nonce) must not store it twice.
curl -sS -o /dev/null --data-urlencode "text=$sentence" --data-urlencode "nonce=$nonce" -d region=bamako "$base/c/matransition"
[ "$(count_rows)" = 1 ] || { echo "FAIL: expected the sentence exactly once, found $(count_rows)"; exit 1; }
stop

start 2
grep -q "exists already" "$work/run2.log" || { echo "FAIL: the second run did not reuse the admin account"; exit 1; }
[ "$(count_rows)" = 1 ] || { echo "FAIL: the second run lost or duplicated the data"; exit 1; }
stop
echo "quickstart: up, stored once byte for byte, stopped by Ctrl-C, reused on the second run"
