# The lag of the stages after the commit (issue 17), sampled from baro's /metrics during a bench run:
# baro_search_lag_seconds and baro_grouping_lag_seconds. Sourced by ingest_bench.sh and tls_bench.sh.
#
# One curl process on one keep-alive connection, 10 requests a second (curl --rate): sampling must not
# cost the run it measures (a curl process a sample cost ~0.09 cores).

lags_pid=

# lags_start URL RAW [SAMPLES]: samples URL into the file RAW, at most SAMPLES times (6000: 10 minutes).
lags_start() {
    local urls=() i
    for i in $(seq "${3:-6000}"); do urls+=("$1"); done
    curl -sS --rate 10/s "${urls[@]}" > "$2" 2>/dev/null &
    lags_pid=$!
}

# lags_stop RAW BOTH: stops the sampler; the file BOTH gets a line a sample: search lag, grouping lag.
lags_stop() {
    kill "$lags_pid" 2>/dev/null; wait "$lags_pid" 2>/dev/null || true
    awk '/^baro_search_lag_seconds /{s=$2} /^baro_grouping_lag_seconds /{g=$2}
         s != "" && g != "" {print s, g; s = ""; g = ""}' "$1" > "$2"
}

# lags_quantile COLUMN P BOTH: the P quantile (nearest rank; 1 is the maximum) of COLUMN of BOTH
# (1 search, 2 grouping), in seconds to the hundredth, or "n/a" without samples.
lags_quantile() {
    awk -v c="$1" 'NF >= c {print $c}' "$3" | sort -g | awk -v P="$2" '{a[NR]=$1}
        END { if (NR == 0) { print "n/a"; exit } i = int(NR * P + 0.999); if (i < 1) i = 1; if (i > NR) i = NR; printf "%.2f", a[i] }'
}
