#!/usr/bin/env bash
# deploy/monitoring/: the Prometheus configuration and alert rules are valid, and every alert fires
# when it should and not before (promtool, from Debian's `prometheus` package).
set -euo pipefail
cd "$(dirname "$0")/../../deploy/monitoring"
command -v promtool >/dev/null || { echo "FAIL: promtool missing: baro_install_deps test installs the prometheus package" >&2; exit 1; }
# --syntax-only: the token file named in the scrape config exists on the monitoring host, not here.
promtool check config --syntax-only prometheus.yml
promtool check rules baro-alerts.yml
promtool test rules baro-alerts.test.yml
