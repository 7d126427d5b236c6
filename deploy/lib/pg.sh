# A private PostgreSQL 15 cluster for baro: never the system cluster. Sourced by
# deploy/quickstart.sh and tests/run.sh.
#   baro_pg_init DATADIR PORT [PASSWORD]   create the cluster if DATADIR is empty
#   baro_pg_start DATADIR PORT             start it (listening on 127.0.0.1 only)
#   baro_pg_stop DATADIR                   fast shutdown
# As root, the server runs as the unprivileged user `postgres` (created by Debian's package).

baro_pg_bin=/usr/lib/postgresql/15/bin

baro_pg_as() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

baro_pg_init() {
    local data="$1" port="$2" password="${3:-}"
    [ -f "$data/PG_VERSION" ] && return 0
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    chmod 700 "$data"
    local auth=(-A trust)
    local pwfile=""
    if [ -n "$password" ]; then
        pwfile=$(mktemp)
        printf '%s\n' "$password" > "$pwfile"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
        auth=(-A scram-sha-256 --pwfile="$pwfile")
    fi
    baro_pg_as "$baro_pg_bin/initdb" -D "$data" -U baro -E UTF8 --locale=C.UTF-8 "${auth[@]}" >/dev/null
    [ -n "$pwfile" ] && rm -f "$pwfile"
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
CONF
}

baro_pg_start() {
    local data="$1" port="$2"
    if baro_pg_as "$baro_pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        return 0
    fi
    if ! baro_pg_as "$baro_pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "-p $port" start >/dev/null; then
        echo "PostgreSQL did not start; its log:" >&2
        tail -20 "$data/server.log" >&2
        return 1
    fi
}

baro_pg_stop() {
    local data="$1"
    [ -f "$data/postmaster.pid" ] || return 0
    baro_pg_as "$baro_pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# A TCP port nobody listens on, from START upwards. Prefer a START below 32768 (Linux's ephemeral
# range): a port in that range may be taken by an outgoing connection between this check and bind.
# The first port from $1 up that nothing listens on and no socket of this host uses at either end
# (a port held by an outgoing connection cannot be bound either). Callers start below Linux's
# ephemeral range (32768-60999), where outgoing connections take their ports.
baro_free_port() {
    local p="${1:-5433}"
    while (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null ||
          grep -qs "$(printf ':%04X ' "$p")" /proc/net/tcp /proc/net/tcp6; do
        p=$((p + 1))
    done
    echo "$p"
}

# True when user `postgres` can reach DIR (a checkout under /root cannot be).
baro_pg_can_reach() {
    [ "$(id -u)" -ne 0 ] && return 0
    runuser -u postgres -- test -x "$1"
}
