# Installs the Debian packages baro needs, only when some are missing. Sourced by
# deploy/quickstart.sh, deploy/install.sh and tests/run.sh. Usage: baro_install_deps build|test|deploy
baro_build_packages="build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  libboost1.74-dev libpqxx-dev nlohmann-json3-dev catch2 libicu-dev libssl-dev libsodium-dev libcurl4-openssl-dev
  librsvg2-dev fonts-dejavu-core libxlsxwriter-dev libjemalloc-dev postgresql-15 postgresql-contrib"
# libjemalloc-dev: the server binary's allocator (CMakeLists.txt; docs/performance.md, "The allocator").
# librsvg2-dev (librsvg + cairo): baro draws the share image of a consultation (Open Graph, 1200×630
# PNG) from SVG itself; fonts-dejavu-core gives that drawing its text on a bare server.
# libxlsxwriter-dev: the analysts' full export as XLSX (issue 14), written in constant memory.
baro_test_packages="clang libclang-rt-14-dev chromium nodejs npm wrk nginx-light pgbackrest openssl
  systemd prometheus patroni etcd-server etcd-client time opus-tools"
# pgbackrest, openssl and systemd (for systemd-analyze, not as PID 1): tests/deploy/install_test.sh;
# prometheus for promtool: tests/deploy/monitoring_test.sh; patroni, etcd-server, etcd-client:
# tests/deploy/failover_test.sh (a server installs them by docs/operations.md, "Failover with Patroni");
# time (GNU, peak RSS): tests/bench/export_bench.sh; opus-tools (opusenc) makes the real Ogg/Opus
# voice note of tests/e2e/media.test.mjs.
# A server (deploy/install.sh): the database, nginx (TLS, gzip, real_ip, proxy_cache, limit_req are all
# in Debian's nginx), pgBackRest for backups and WAL archiving, curl for the unit's readiness check.
# Not `prometheus`: under systemd it would start a Prometheus server on every baro node; the
# monitoring host installs it (docs/operations.md, "Monitoring").
baro_deploy_packages="postgresql-15 postgresql-contrib nginx pgbackrest curl libcurl4 ca-certificates openssl librsvg2-2
  fonts-dejavu-core libxlsxwriter4 libjemalloc2"

baro_install_deps() {
    local wanted="$baro_build_packages"
    [ "${1:-build}" = test ] && wanted="$wanted $baro_test_packages"
    [ "${1:-build}" = deploy ] && wanted="$baro_deploy_packages"
    local missing=""
    for p in $wanted; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    # A machine may already have Node.js from elsewhere; Debian's is only a fallback.
    if command -v node >/dev/null && command -v npm >/dev/null; then
        missing=$(echo "$missing" | tr ' ' '\n' | grep -vxE 'nodejs|npm' | tr '\n' ' ')
    fi
    missing=$(echo $missing)
    [ -z "$missing" ] && return 0
    echo "==> installing Debian packages: $missing"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    # The postgresql package starts a system cluster; baro never uses or touches it.
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}
