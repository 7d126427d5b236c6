# PostgreSQL streaming replication for baro, with Debian's clusters. Sourced by deploy/install.sh.
#
#   baro_replication_primary   on the primary (BARO_STANDBY_ADDRS set): a `replicator` role, its
#                              pg_hba lines, and, once a standby named baro_standby streams, makes
#                              it synchronous: a commit (so a 2xx) then waits until the standby has
#                              the WAL on its disk.
#   baro_make_standby          on the standby (BARO_STANDBY_OF=host:port): replaces this machine's
#                              empty cluster by a copy of the primary (pg_basebackup) that follows it.
# Both expect install.sh's variables: pg_version, cluster, pg_port, pg_conf, pg_data, etc, say,
# as_postgres, psql_pg, systemd_running.

baro_standby_name=baro_standby

baro_replication_primary() {
    local pw_file="$etc/replication-password"
    if [ ! -s "$pw_file" ]; then
        say "generating $pw_file (the standby's replication password)"
        mkdir -p "$etc"
        (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$pw_file")
        chown root:root "$pw_file"
    fi
    local pw
    pw=$(cat "$pw_file")
    if [ -z "$(psql_pg -c "select 1 from pg_roles where rolname = 'replicator'")" ]; then
        say "creating the PostgreSQL role replicator"
        psql_pg -v pw="$pw" <<'SQL'
create role replicator with replication login password :'pw';
SQL
    fi
    local reload=false addr
    for addr in ${BARO_STANDBY_ADDRS//,/ }; do
        case "$addr" in */*) ;; *:*) addr="$addr/128" ;; *) addr="$addr/32" ;; esac
        local line="host replication replicator $addr scram-sha-256"
        if ! grep -qxF "$line" "$pg_conf/pg_hba.conf"; then
            say "allowing replication from $addr"
            echo "$line" >> "$pg_conf/pg_hba.conf"
            reload=true
        fi
    done
    # Synchronous only once the standby streams: before that, every commit would wait for it.
    local sync_conf="$pg_conf/conf.d/baro-sync.conf"
    if [ ! -e "$sync_conf" ] &&
       [ -n "$(psql_pg -c "select 1 from pg_stat_replication where application_name = '$baro_standby_name' and state = 'streaming'")" ]; then
        say "the standby streams: making it synchronous (a commit waits for its disk)"
        cat > "$sync_conf" <<CONF
# baro: a 2xx means the submission is on the standby's disk too (written by deploy/install.sh).
# If the standby is down, commits wait and baro answers 503 until it is back or this line goes.
synchronous_standby_names = 'FIRST 1 ($baro_standby_name)'
# remote_apply, not just on (flushed): a commit returns once the standby shows it, so baro's public
# reads there (BARO_READ_DATABASE_URL) see every acknowledged write, the one a NOTIFY announces too.
synchronous_commit = remote_apply
CONF
        chown postgres: "$sync_conf"
        reload=true
    fi
    if $reload; then
        psql_pg -c "select pg_reload_conf()" >/dev/null
    fi
}

baro_make_standby() {
    local primary_host=${BARO_STANDBY_OF%:*} primary_port=${BARO_STANDBY_OF##*:}
    local pw=${BARO_REPLICATION_PASSWORD:?BARO_REPLICATION_PASSWORD: the primary\'s /etc/baro/replication-password}
    if [ -e "$pg_data/standby.signal" ]; then
        say "15/$cluster is already a standby"
    else
        # Only an empty cluster (as Debian's package or pg_createcluster made it) is replaced.
        [ "$(pg_status)" = online ] || pg_ctlcluster "$pg_version" "$cluster" start
        if [ -n "$(psql_pg -c "select 1 from pg_database where datname = 'baro'")" ]; then
            echo "install.sh: 15/$cluster holds a baro database; refusing to replace it by a standby" >&2
            return 1
        fi
        say "copying the primary $BARO_STANDBY_OF into 15/$cluster (pg_basebackup)"
        pg_ctlcluster "$pg_version" "$cluster" stop
        find "$pg_data" -mindepth 1 -delete
        # A replication slot keeps the primary's WAL until this standby has it (-C creates it; it
        # exists already when a standby is rebuilt).
        local copy=(pg_basebackup -h "$primary_host" -p "$primary_port" -U replicator -D "$pg_data" -X stream)
        if ! PGPASSWORD="$pw" as_postgres "${copy[@]}" -C -S "$baro_standby_name" 2>"$pg_data/../basebackup.err"; then
            grep -q 'already exists' "$pg_data/../basebackup.err" || { cat "$pg_data/../basebackup.err" >&2; return 1; }
            find "$pg_data" -mindepth 1 -delete
            PGPASSWORD="$pw" as_postgres "${copy[@]}" -S "$baro_standby_name"
        fi
        rm -f "$pg_data/../basebackup.err"
        as_postgres tee -a "$pg_data/postgresql.auto.conf" >/dev/null <<CONF
primary_conninfo = 'host=$primary_host port=$primary_port user=replicator password=$pw application_name=$baro_standby_name'
primary_slot_name = '$baro_standby_name'
CONF
        as_postgres touch "$pg_data/standby.signal"
    fi
    if [ "$(pg_status)" != online ]; then
        if $systemd_running; then systemctl enable --now "postgresql@$pg_version-$cluster"; else pg_ctlcluster "$pg_version" "$cluster" start; fi
    fi
    local deadline=$((SECONDS + 120))
    until [ "$(psql_pg -c "select status from pg_stat_wal_receiver")" = streaming ]; do
        [ $SECONDS -lt $deadline ] || { echo "install.sh: the standby does not stream after 120 s" >&2; return 1; }
        sleep 0.5
    done
    say "15/$cluster streams from $BARO_STANDBY_OF; run deploy/install.sh on the primary again to make it synchronous"
}
