#!/usr/bin/env bash
# Installs baro as a service on a Debian 12 server; run as root. Idempotent: a second run changes
# nothing that the first made, and never overwrites /etc/baro/baro.env or /etc/baro/secrets.json.
#
#   1. Debian packages (postgresql-15, nginx, pgbackrest, curl, openssl): deploy/lib/deps.sh `deploy`
#   2. the `baro` system user (no home, no shell)
#   3. the binary (it embeds migrations, seed data and the web assets: one file is the whole app)
#   4. Debian's PostgreSQL 15 cluster (15/main by default) with a `baro` role and database; baro
#      connects over the Unix socket with peer authentication, so no database password exists
#   5. pgBackRest: WAL archiving, a stanza, a first full backup, the backup timers (deploy/backup/)
#   6. /etc/baro/baro.env and /etc/baro/secrets.json, 0600 baro:baro, made once
#   7. `baro migrate`, before the service starts
#   8. the systemd units; the nginx site when BARO_DOMAIN is set
#   9. with systemd running: enable and (re)start postgresql, baro, the timers, nginx
#
# Settings (environment):
#   BARO_BINARY      the baro binary to install (default: build Release from this checkout)
#   BARO_DOMAIN      the public host name; also installs the nginx site for it (default: none)
#   BARO_PUBLIC_URL  written into baro.env on the first run (default https://BARO_DOMAIN)
#   BARO_LISTEN      written into baro.env on the first run (default 127.0.0.1:8080)
#   BARO_NODES       the baro nodes nginx balances over, host:port separated by spaces (default: this
#                    server's BARO_LISTEN); one `server` line each in the site's upstream
#   BARO_PG_CLUSTER  Debian cluster name (default main); BARO_PG_PORT its port when it is created
#                    (default 5432; an existing cluster keeps its own)
#   BARO_SKIP_DEPS=1 do not install Debian packages (they are there already)
#   BARO_STANDBY_ADDRS  on the primary: the standby's addresses (comma-separated), allowed to replicate;
#                    once that standby streams, a rerun makes it synchronous
#   BARO_STANDBY_OF  host:port of the primary: make this server's cluster its standby, and stop there;
#                    with BARO_REPLICATION_PASSWORD (the primary's /etc/baro/replication-password)
# Where files go (defaults are the real paths; tests/deploy/install_test.sh points them at a scratch
# directory so it touches only the `baro` user and a cluster of its own):
#   BARO_BIN_DIR (/usr/local/bin), BARO_ETC (/etc/baro), BARO_UNIT_DIR (/etc/systemd/system),
#   BARO_NGINX_SITES (/etc/nginx/sites-available), BARO_NGINX_SNIPPETS (/etc/nginx/snippets),
#   BARO_NGINX_CACHE (/var/cache/nginx/baro), BARO_PGBACKREST_CONF (/etc/pgbackrest/pgbackrest.conf),
#   BARO_BACKUP_REPO (/var/lib/pgbackrest), BARO_BACKUP_LOG (/var/log/pgbackrest), BARO_TLS_CERT / BARO_TLS_KEY (Let's Encrypt's
#   /etc/letsencrypt/live/BARO_DOMAIN/{fullchain,privkey}.pem)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/lib/deps.sh"
. "$here/lib/standby.sh"
. "$here/lib/nginx.sh"

[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 1; }

bin_dir=${BARO_BIN_DIR:-/usr/local/bin}
etc=${BARO_ETC:-/etc/baro}
unit_dir=${BARO_UNIT_DIR:-/etc/systemd/system}
nginx_sites=${BARO_NGINX_SITES:-/etc/nginx/sites-available}
nginx_snippets=${BARO_NGINX_SNIPPETS:-/etc/nginx/snippets}
nginx_cache=${BARO_NGINX_CACHE:-/var/cache/nginx/baro}
domain=${BARO_DOMAIN:-}
cluster=${BARO_PG_CLUSTER:-main}
backrest_conf=${BARO_PGBACKREST_CONF:-/etc/pgbackrest/pgbackrest.conf}
backup_repo=${BARO_BACKUP_REPO:-/var/lib/pgbackrest}
backup_log=${BARO_BACKUP_LOG:-/var/log/pgbackrest}
pg_version=15
systemd_running=false
[ -d /run/systemd/system ] && systemd_running=true

say() { echo "==> $*"; }

if [ "${BARO_SKIP_DEPS:-0}" != 1 ]; then
    baro_install_deps deploy
fi

# 2. The service account: a system user with no login and no home.
if ! id -u baro >/dev/null 2>&1; then
    say "creating the system user baro"
    adduser --system --group --no-create-home --home /nonexistent --shell /usr/sbin/nologin baro >/dev/null
fi

# 3. The binary.
binary=${BARO_BINARY:-}
if [ -z "$binary" ]; then
    [ "${BARO_SKIP_DEPS:-0}" != 1 ] && baro_install_deps build
    say "building baro (Release)"
    cmake -S "$root" -B "$root/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBARO_TESTS=OFF \
          -DBARO_WERROR=OFF >/dev/null
    cmake --build "$root/build-release" -j"${BARO_JOBS:-2}" --target baro
    binary="$root/build-release/baro"
fi
[ -x "$binary" ] || { echo "install.sh: $binary is not an executable" >&2; exit 1; }
mkdir -p "$bin_dir"
if ! cmp -s "$binary" "$bin_dir/baro"; then
    say "installing $bin_dir/baro"
    install -m 0755 -o root -g root "$binary" "$bin_dir/baro.new"
    mv -f "$bin_dir/baro.new" "$bin_dir/baro"   # atomic: a running node keeps its old inode
    restart_needed=true
fi

# 4. The cluster: Debian's, created with pg_createcluster when it does not exist yet.
if ! pg_lsclusters -h | awk '{print $1 "/" $2}' | grep -qx "$pg_version/$cluster"; then
    say "creating PostgreSQL cluster $pg_version/$cluster on port ${BARO_PG_PORT:-5432}"
    pg_createcluster "$pg_version" "$cluster" --port "${BARO_PG_PORT:-5432}" --start-conf auto \
        -- --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" -v c="$cluster" '$1 == v && $2 == c {print $3}')
if [ -n "${BARO_PG_PORT:-}" ] && [ "$pg_port" != "$BARO_PG_PORT" ]; then
    echo "install.sh: cluster $pg_version/$cluster exists on port $pg_port, not $BARO_PG_PORT; using $pg_port" >&2
fi
pg_conf=/etc/postgresql/$pg_version/$cluster
pg_data=$(pg_lsclusters -h | awk -v v="$pg_version" -v c="$cluster" '$1 == v && $2 == c {print $6}')
stanza=baro-$cluster
pg_status() { pg_lsclusters -h | awk -v v="$pg_version" -v c="$cluster" '$1 == v && $2 == c {print $4}'; }
as_postgres() { runuser -u postgres -- "$@"; }
psql_pg() { as_postgres psql -X -q -t -A -p "$pg_port" -v ON_ERROR_STOP=1 "$@"; }

# A standby server (BARO_STANDBY_OF=primary-host:port) stops here: its cluster becomes a copy of the
# primary's, following it; no role, database, backups or baro service of its own (not built yet).
if [ -n "${BARO_STANDBY_OF:-}" ]; then
    baro_make_standby
    exit 0
fi

# 5. pgBackRest's configuration, written once (an operator adds an off-site repo2 to it).
if [ ! -e "$backrest_conf" ]; then
    say "writing $backrest_conf (stanza $stanza, repository $backup_repo)"
    mkdir -p "$(dirname "$backrest_conf")"
    sed -e "s#^repo1-path=.*#repo1-path=$backup_repo#" -e "s#^log-path=.*#log-path=$backup_log#" \
        -e "s#^\[baro-main\]#[$stanza]#" -e "s#^pg1-path=.*#pg1-path=$pg_data#" -e "s#^pg1-port=.*#pg1-port=$pg_port#" \
        "$here/backup/pgbackrest.conf" > "$backrest_conf"
    chmod 0640 "$backrest_conf"
    chown root:postgres "$backrest_conf"
fi
mkdir -p "$backup_repo" "$backup_log"
chown postgres:postgres "$backup_repo" "$backup_log"
chmod 0750 "$backup_repo" "$backup_log"

# Continuous WAL archiving into that repository (a restart of the cluster when it is switched on).
archive_conf=$pg_conf/conf.d/baro.conf
archive_line="archive_command = 'pgbackrest --config=$backrest_conf --stanza=$stanza archive-push %p'"
if ! grep -qxF "$archive_line" "$archive_conf" 2>/dev/null; then
    say "switching on WAL archiving for $pg_version/$cluster"
    mkdir -p "$pg_conf/conf.d"
    cat > "$archive_conf" <<CONF
# baro: WAL archiving to pgBackRest ($backrest_conf), written by deploy/install.sh
wal_level = replica
archive_mode = on
$archive_line
# A quiet server still archives a segment a minute: at most a minute of commits waits outside the repository.
archive_timeout = 60
max_wal_senders = 10
CONF
    chown postgres: "$archive_conf"
    pg_restart_needed=true
fi
if [ "$(pg_status)" != online ]; then
    say "starting PostgreSQL $pg_version/$cluster"
    if $systemd_running; then
        systemctl enable --now "postgresql@$pg_version-$cluster"
    else
        pg_ctlcluster "$pg_version" "$cluster" start
    fi
elif [ "${pg_restart_needed:-false}" = true ]; then
    say "restarting PostgreSQL $pg_version/$cluster (WAL archiving was switched on)"
    if $systemd_running; then
        systemctl restart "postgresql@$pg_version-$cluster"
    else
        pg_ctlcluster "$pg_version" "$cluster" restart
    fi
fi

if [ -z "$(psql_pg -c "select 1 from pg_roles where rolname = 'baro'")" ]; then
    say "creating the PostgreSQL role baro"
    psql_pg -c "create role baro login"
fi
if [ -z "$(psql_pg -c "select 1 from pg_database where datname = 'baro'")" ]; then
    say "creating the database baro"
    as_postgres createdb -p "$pg_port" -O baro -E UTF8 baro
fi

# Replication to a standby (BARO_STANDBY_ADDRS: its addresses): a role, pg_hba, and synchronous
# commit once the standby streams (run install.sh here again after installing the standby).
if [ -n "${BARO_STANDBY_ADDRS:-}" ]; then
    baro_replication_primary
fi

# The stanza, and a first full backup so that a restore is possible from day one.
if ! as_postgres pgbackrest --config="$backrest_conf" --stanza="$stanza" info 2>/dev/null | grep -q "status: ok"; then
    say "creating the pgBackRest stanza $stanza and a first full backup"
    as_postgres pgbackrest --config="$backrest_conf" --stanza="$stanza" stanza-create
    as_postgres pgbackrest --config="$backrest_conf" --stanza="$stanza" check
    as_postgres pgbackrest --config="$backrest_conf" --stanza="$stanza" --type=full backup
fi

# 6. Settings and secrets: made once, never overwritten (an operator's edits stay).
mkdir -p "$etc"
chown root:baro "$etc"
chmod 0750 "$etc"
if [ ! -e "$etc/baro.env" ]; then
    say "writing $etc/baro.env"
    public_url=${BARO_PUBLIC_URL:-https://${domain:-$(hostname -f 2>/dev/null || hostname)}}
    (umask 077; cat > "$etc/baro.env" <<ENV
# baro's settings (docs/architecture.md §9), read by baro.service. Written once by deploy/install.sh.
# Peer authentication over PostgreSQL's Unix socket: the OS user baro is the role baro, no password.
BARO_DATABASE_URL=postgresql://baro@%2Fvar%2Frun%2Fpostgresql:$pg_port/baro
BARO_LISTEN=${BARO_LISTEN:-127.0.0.1:8080}
# The URL citizens and gateways use: gateway signatures (Twilio) are computed over it.
BARO_PUBLIC_URL=$public_url
BARO_SECRETS_FILE=$etc/secrets.json
# nginx on this host: its X-Forwarded-For names the citizen (login throttle, gateway allow-lists).
BARO_TRUSTED_PROXIES=127.0.0.1,::1
ENV
    )
fi
if [ ! -e "$etc/secrets.json" ]; then
    say "generating $etc/secrets.json (the pseudonym pepper: back it up apart from the database)"
    (umask 077; printf '{\n  "pepper": "%s"\n}\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
        > "$etc/secrets.json")
fi
chown baro:baro "$etc/baro.env" "$etc/secrets.json"
chmod 0600 "$etc/baro.env" "$etc/secrets.json"

# 7. Migrations, as the service account with the service's settings, before any start.
say "applying migrations"
(set -a; . "$etc/baro.env"; set +a; runuser -u baro -- "$bin_dir/baro" migrate)

# 8. The units, pointed at the paths used here; the nginx site.
mkdir -p "$unit_dir"
sed -e "s#/usr/local/bin/baro#$bin_dir/baro#g" -e "s#/etc/baro/#$etc/#g" "$here/systemd/baro.service" \
    > "$unit_dir/baro.service.new"
cmp -s "$unit_dir/baro.service.new" "$unit_dir/baro.service" || restart_needed=true
mv -f "$unit_dir/baro.service.new" "$unit_dir/baro.service"
for f in baro-backup-full.service baro-backup-full.timer baro-backup-diff.service baro-backup-diff.timer; do
    sed -e "s#--config=/etc/pgbackrest/pgbackrest.conf#--config=$backrest_conf#" -e "s#--stanza=baro-main#--stanza=$stanza#" \
        "$here/backup/$f" > "$unit_dir/$f"
done

if [ -n "$domain" ]; then
    cert=${BARO_TLS_CERT:-/etc/letsencrypt/live/$domain/fullchain.pem}
    key=${BARO_TLS_KEY:-/etc/letsencrypt/live/$domain/privkey.pem}
    if [ ! -e "$cert" ] || [ ! -e "$key" ]; then
        # No certificate yet (certbot needs nginx up on port 80 first): a self-signed one until
        # then; run install.sh again once certbot has issued the real one.
        cert=$etc/selfsigned-cert.pem
        key=$etc/selfsigned-key.pem
        if [ ! -e "$cert" ]; then
            say "no certificate for $domain yet: a self-signed one in $cert until certbot's exists"
            (umask 077; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 90 \
                -subj "/CN=$domain" -addext "subjectAltName=DNS:$domain" -keyout "$key" -out "$cert" 2>/dev/null)
            chmod 0644 "$cert"
        fi
    fi
    listen=$(. "$etc/baro.env"; echo "$BARO_LISTEN")
    baro_nginx_site "$nginx_sites" "$nginx_snippets" "$nginx_cache" "$domain" "$cert" "$key" "${BARO_NODES:-$listen}"
    mkdir -p /var/www/letsencrypt
    if [ "$nginx_sites" = /etc/nginx/sites-available ]; then
        ln -sf ../sites-available/baro.conf /etc/nginx/sites-enabled/baro.conf
        rm -f /etc/nginx/sites-enabled/default
    fi
fi

# 9. Start, where systemd runs (not in a container or CI sandbox: there the caller starts baro).
if $systemd_running; then
    systemctl daemon-reload
    systemctl enable baro.service >/dev/null
    systemctl enable --now baro-backup-full.timer baro-backup-diff.timer >/dev/null
    if [ "${restart_needed:-false}" = true ] || ! systemctl is-active --quiet baro.service; then
        say "restarting baro (it is ready when this returns)"
        systemctl restart baro.service
    fi
    if [ -n "$domain" ]; then
        nginx -t -q && systemctl reload-or-restart nginx
    fi
else
    say "systemd is not running here: start baro with $unit_dir/baro.service's ExecStart as user baro"
fi
say "baro is installed (database 15/$cluster port $pg_port, settings $etc)"
