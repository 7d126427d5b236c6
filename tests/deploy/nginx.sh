# nginx for the deploy tests, around the real site of deploy/nginx/ (rendered by install.sh or by
# deploy/lib/nginx.sh): its own prefix directory, pid and logs, no system nginx touched. Sourced by
# tests/deploy/install_test.sh and tests/deploy/failover_test.sh.
#
#   baro_test_nginx_adapt SITE HTTP_PORT HTTPS_PORT   this machine's ports on 127.0.0.1 instead of 80
#       and 443 (no IPv6 here), and a load balancer on 127.0.0.1 in front (set_real_ip_from), so
#       that a test can play citizens from other addresses through X-Forwarded-For
#   baro_test_nginx_start DIR SITE    DIR/nginx.conf including SITE; nginx -t; start; wait for the pid
#   baro_test_nginx_reload DIR        reload, and wait until only new workers run
#   baro_test_nginx_stop DIR          graceful stop (nothing when it is not running)

baro_test_nginx_adapt() {
    local site=$1 http_port=$2 https_port=$3
    sed -i -e "s/^\(\s*\)listen 80;/\1listen 127.0.0.1:$http_port;/" \
           -e "s/^\(\s*\)listen 443 ssl http2;/\1listen 127.0.0.1:$https_port ssl http2;/" \
           -e '/listen \[::\]/d' -e 's/^\(\s*\)# set_real_ip_from 192.0.2.0\/24;/\1set_real_ip_from 127.0.0.1;/' "$site"
}

baro_test_nginx_start() {
    local dir=$1 site=$2
    mkdir -p "$dir/tmp"
    chown www-data: "$dir/tmp"
    # worker_connections: a proxied request holds two (client and upstream); the load tests keep
    # hundreds of deliveries in flight while no primary takes writes.
    cat > "$dir/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log $dir/access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $site;
}
CONF
    nginx -t -q -p "$dir" -c "$dir/nginx.conf" || { echo "FAIL: nginx -t" >&2; return 1; }
    nginx -p "$dir" -c "$dir/nginx.conf" || { echo "FAIL: nginx did not start" >&2; return 1; }
    local _
    for _ in $(seq 1 100); do [ -s "$dir/nginx.pid" ] && return 0; sleep 0.1; done
    echo "FAIL: nginx wrote no pid file" >&2
    return 1
}

baro_test_nginx_reload() {
    local dir=$1 master old_workers deadline
    nginx -t -q -p "$dir" -c "$dir/nginx.conf" || { echo "FAIL: nginx -t before the reload" >&2; return 1; }
    master=$(cat "$dir/nginx.pid")
    old_workers=$(pgrep -P "$master" | sort)
    nginx -p "$dir" -c "$dir/nginx.conf" -s reload
    # The reload is done when none of the old workers is left and a new one runs.
    deadline=$((SECONDS + 30))
    until [ -n "$(comm -13 <(echo "$old_workers") <(pgrep -P "$master" | sort))" ] &&
          [ -z "$(comm -12 <(echo "$old_workers") <(pgrep -P "$master" | sort))" ]; do
        [ $SECONDS -lt $deadline ] || { echo "FAIL: nginx did not reload" >&2; return 1; }
        sleep 0.1
    done
}

baro_test_nginx_stop() {
    [ -s "$1/nginx.pid" ] && kill -QUIT "$(cat "$1/nginx.pid")" 2>/dev/null
    true
}
