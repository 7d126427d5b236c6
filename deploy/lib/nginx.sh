# baro's nginx site (deploy/nginx/) rendered for one server. Sourced by deploy/install.sh and by
# tests/deploy/failover_test.sh, so that the tests run the real site, not a copy of it.
#
#   baro_nginx_site SITES SNIPPETS CACHE DOMAIN CERT KEY "NODES"
#       writes SITES/baro.conf (atomically) from deploy/nginx/baro.conf: DOMAIN in place of
#       baro.example.org, CERT and KEY in place of certbot's files, one upstream `server` line per
#       host:port of NODES (with the template's health settings), the snippet and cache directories;
#       copies SNIPPETS/baro-micro-cache.conf; makes CACHE, owned by www-data.

baro_nginx_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../nginx" && pwd)

baro_nginx_site() {
    local sites=$1 snippets=$2 cache=$3 domain=$4 cert=$5 key=$6 nodes=$7
    local servers="" node
    # The upstream's one template line becomes one line per node, with the same health settings.
    for node in $nodes; do
        servers="$servers${servers:+\n}\1server $node \2"
    done
    mkdir -p "$sites" "$snippets" "$cache"
    sed -e "s#baro\.example\.org#$domain#g" \
        -e "s#/etc/letsencrypt/live/$domain/fullchain\.pem#$cert#" \
        -e "s#/etc/letsencrypt/live/$domain/privkey\.pem#$key#" \
        -e "s#^\(\s*\)server 127\.0\.0\.1:8080 \(.*\)\$#$servers#" \
        -e "s#/etc/nginx/snippets/#$snippets/#" -e "s#/var/cache/nginx/baro#$cache#" \
        "$baro_nginx_dir/baro.conf" > "$sites/baro.conf.new"
    mv -f "$sites/baro.conf.new" "$sites/baro.conf"
    chown www-data: "$cache"
    cp "$baro_nginx_dir/baro-micro-cache.conf" "$snippets/baro-micro-cache.conf"
}
