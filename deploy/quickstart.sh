#!/usr/bin/env bash
# baro on this machine, with one command: installs what is missing, builds Release, creates a
# private PostgreSQL 15 cluster under var/ (never the system one), applies migrations, seeds the
# demo consultation, creates an admin account, and serves on 127.0.0.1:8080 until Ctrl-C.
# A second run reuses the cluster and its data. Reset: stop it, then `rm -rf var/`.
#
#   BARO_PG_PORT   port of the private cluster (default 5433)
#   BARO_LISTEN    host:port of the server (default 127.0.0.1:8080)
#   BARO_JOBS      parallel build jobs (default 2)
#   BARO_VAR       where the cluster and secrets live (default var/ in the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. deploy/lib/deps.sh
. deploy/lib/pg.sh

pg_port=${BARO_PG_PORT:-5433}
listen=${BARO_LISTEN:-127.0.0.1:8080}
jobs=${BARO_JOBS:-2}
var=${BARO_VAR:-$root/var}
admin_email=${BARO_ADMIN_EMAIL:-admin@baro.local}

baro_install_deps build

echo "==> building baro (Release)"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF -DBARO_WERROR=OFF >/dev/null
cmake --build build-release -j"$jobs" --target baro
baro="$root/build-release/baro"

mkdir -p "$var"
chmod 711 "$var"   # others may pass through to var/pg, not list; secrets are mode 600

# The cluster lives in var/pg. As root, PostgreSQL runs as the unprivileged user `postgres`,
# which cannot enter a checkout under /root: then the data goes to /var/lib/baro/<hash of var path>
# and var/pg is a link to it, so `rm -rf var/` still names everything to delete.
pgdata="$var/pg"
if [ ! -e "$pgdata" ] && ! baro_pg_can_reach "$var"; then
    outside="/var/lib/baro/$(printf '%s' "$var" | sha256sum | cut -c1-12)/pg"
    # Left over from a var/ that was deleted: its link was the only way to it, so it goes too.
    [ -e "$outside" ] && { baro_pg_stop "$outside"; rm -rf "$outside"; }
    mkdir -p "$(dirname "$outside")"
    chown postgres: "$(dirname "$outside")"
    ln -s "$outside" "$pgdata"
    echo "==> $var is not reachable by user postgres: the cluster lives in $outside (linked from var/pg)"
fi
if [ -L "$pgdata" ] && [ ! -e "$pgdata" ]; then
    mkdir -p "$(readlink "$pgdata")"
fi
[ "$(id -u)" -eq 0 ] && [ ! -f "$pgdata/PG_VERSION" ] && mkdir -p "$pgdata" && chown postgres: "$pgdata"

# A password for the cluster's `baro` role, made once and kept in var/ (mode 600).
if [ ! -s "$var/pg-password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$var/pg-password")
fi
pg_password=$(cat "$var/pg-password")

if [ ! -f "$pgdata/PG_VERSION" ]; then
    echo "==> creating the private PostgreSQL cluster in var/pg (port $pg_port)"
    baro_pg_init "$pgdata" "$pg_port" "$pg_password"
fi
if (echo > "/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null && \
   ! baro_pg_as "$baro_pg_bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    echo "Port $pg_port is taken by another program; choose another with BARO_PG_PORT=..." >&2
    exit 1
fi
echo "==> starting PostgreSQL on 127.0.0.1:$pg_port"
baro_pg_start "$pgdata" "$pg_port"

server_pid=""
stop_all() {
    trap - INT TERM EXIT
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        echo
        echo "==> stopping baro (finishing requests in flight)"
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    echo "==> stopping PostgreSQL"
    baro_pg_stop "$pgdata"
}
trap stop_all INT TERM EXIT

admin_url="postgresql://baro:$pg_password@127.0.0.1:$pg_port/postgres"
if ! psql -X -q -t -A "$admin_url" -c "select 1 from pg_database where datname = 'baro'" | grep -q 1; then
    psql -X -q "$admin_url" -c "create database baro" >/dev/null
fi
export BARO_DATABASE_URL="postgresql://baro:$pg_password@127.0.0.1:$pg_port/baro"
export BARO_LISTEN="$listen"
export BARO_PUBLIC_URL="${BARO_PUBLIC_URL:-http://$listen}"

# The pepper that turns phone numbers and account ids into pseudonyms: made once, kept private.
# Losing it means new pseudonyms for everyone; leaking it lets someone test phone numbers.
export BARO_SECRETS_FILE="$var/secrets.json"
if [ ! -s "$BARO_SECRETS_FILE" ]; then
    (umask 077; printf '{\n  "pepper": "%s"\n}\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
        > "$BARO_SECRETS_FILE")
    echo "==> generated $BARO_SECRETS_FILE (the pseudonym pepper; gateway secrets go here too)"
fi

echo "==> applying migrations"
"$baro" migrate
echo "==> seeding the demo consultation"
"$baro" seed-demo

password_note=""
if out=$("$baro" user add --email "$admin_email" --role admin 2>&1); then
    password_note=$(printf '%s\n' "$out" | sed '2,$s/^/                      /')
else
    code=$?
    if [ "$code" -eq 3 ]; then
        password_note="admin account $admin_email exists already; a new one-time password:
  $baro user add --email $admin_email --role admin --reset   (with BARO_DATABASE_URL from var/)"
    else
        echo "$out" >&2
        exit "$code"
    fi
fi

"$baro" serve &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://$listen/readyz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "baro serve stopped; see the messages above" >&2; exit 1; }
    sleep 0.1
done

cat <<EOF

  baro is running.

  Citizen form        http://$listen/c/matransition
                      (?lang=bm for Bamanankan, ?lang=en for English)
  Moderator console   http://$listen/mod   (log in with the admin account below)
  Organiser workspace http://$listen/mod/admin   (consultations, themes, accounts: docs/organising.md)
  Public results      http://$listen/c/matransition/resultats   (the embed snippet for blogs)
  Transparency        http://$listen/c/matransition/transparence
  Home                http://$listen/
  JSON intake         POST http://$listen/api/v1/consultations/matransition/contributions
  Health / metrics    http://$listen/healthz   http://$listen/readyz   http://$listen/metrics

  Admin account       $password_note

  Data                $pgdata (PostgreSQL 15, port $pg_port, database baro)
                      psql "$BARO_DATABASE_URL"
  Secrets             $BARO_SECRETS_FILE

  Ctrl-C stops the server and the database. Run this script again to continue with the same
  data; stop it and delete var/ to start afresh.

EOF
wait "$server_pid" || true
server_pid=""
stop_all
