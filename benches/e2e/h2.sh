#!/usr/bin/env bash
# End-to-end over HTTP/2 and TLS: the same routes served by `rook::Server` (rook-h2) and by axum
# with axum-server + rustls (axum-h2), both rustls with the ring provider, one worker each,
# measured with h2load in the same run. benches/README.md explains the method and the table.
#
#   benches/e2e/h2.sh                      # 3 interleaved rounds, 5 s per h2load run
#   DURATION=2 RUNS=1 benches/e2e/h2.sh    # a quick look
#
# Needs two CPUs (servers on CPU 0, h2load on CPU 1), cargo, curl, openssl, taskset and h2load
# (package nghttp2-client, installed with apt-get when missing). Prints a markdown report and
# keeps it, with the raw numbers, in target/e2e-results/h2-*.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="$PWD/target"

DURATION=${DURATION:-5}    # seconds per h2load run
RUNS=${RUNS:-3}            # interleaved rounds; the report shows medians
CLIENTS=${CLIENTS:-16}     # HTTP/2 connections
STREAMS=${STREAMS:-16}     # concurrent streams per connection
BASE_PORT=${BASE_PORT:-18443}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
# rook::Server logs every request at `info` by default (actix-web's access log, one formatted
# line and one write each: about 14 600 instructions of a request over HTTP/2); axum-h2 logs
# nothing. ROOK_LOG=warn (the default here) turns the access log off so that both do the same
# work; ROOK_LOG=info measures Rook with it.
ROOK_LOG=${ROOK_LOG:-warn}

SERVERS=(rook-h2 axum-h2)
ROUTES=(/plaintext /repos/p1/p2/stats/punch_card /user/keys/p1 /catalogue/products/42 "/search?q=rust&page=2")
declare -A EXPECT=(
    [/plaintext]="Hello, World!"
    [/repos/p1/p2/stats/punch_card]=107
    [/user/keys/p1]=129
    [/catalogue/products/42]="product 42"
    ["/search?q=rust&page=2"]="rust 2"
)

OUT=target/e2e-results
mkdir -p "$OUT"
RAW=$OUT/h2-raw.tsv
REPORT=$OUT/h2-report.md

die() { echo "h2.sh: $*" >&2; exit 1; }

if ! command -v h2load >/dev/null; then
    echo "installing h2load" >&2
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get install -y nghttp2-client || { $SUDO apt-get update && $SUDO apt-get install -y nghttp2-client; } ||
        die "cannot install h2load"
fi
for tool in cargo curl openssl taskset; do command -v $tool >/dev/null || die "$tool is needed"; done
[ "$(nproc)" -ge 2 ] || die "needs two CPUs (server on one, h2load on the other)"

cargo build --release --quiet -p e2e-rook -p e2e-axum --bins

# A certificate made for this run, never committed.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
    -keyout "$OUT/h2-key.pem" -out "$OUT/h2-cert.pem" 2>/dev/null

CLK_TCK=$(getconf CLK_TCK)
declare -A PID PORT_OF
cleanup() {
    for s in "${!PID[@]}"; do kill -TERM "${PID[$s]}" 2>/dev/null || true; done
    for s in "${!PID[@]}"; do wait "${PID[$s]}" 2>/dev/null || true; done
}
trap cleanup EXIT

start() {
    local s=$1 port=$2 log=$OUT/h2-$1.log
    curl -sk -o /dev/null --max-time 1 "https://127.0.0.1:$port/" && die "port $port is taken already (set BASE_PORT)"
    : >"$log"
    env PORT="$port" TLS_CERT="$OUT/h2-cert.pem" TLS_KEY="$OUT/h2-key.pem" RUST_LOG="$ROOK_LOG" \
        taskset -c "$SERVER_CPU" "target/release/$s" >>"$log" 2>&1 &
    PID[$s]=$!
    PORT_OF[$s]=$port
    for _ in $(seq 300); do
        grep -q "^listening on http://127.0.0.1:$port/" "$log" && break
        kill -0 "${PID[$s]}" 2>/dev/null || die "$s exited: $(cat "$log")"
        sleep 0.1
    done
    local path want got version
    for path in "${!EXPECT[@]}"; do
        want=${EXPECT[$path]}
        got=$(curl -sk --http2 --max-time 2 "https://127.0.0.1:$port$path") || die "$s: GET $path failed"
        [ "$got" = "$want" ] || die "$s: GET $path answered '$got', not '$want'"
    done
    version=$(curl -sk --http2 -o /dev/null -w '%{http_version}' "https://127.0.0.1:$port/plaintext")
    [ "$version" = 2 ] || die "$s does not speak HTTP/2 over TLS (got HTTP/$version)"
    echo "$s: pid ${PID[$s]} on 127.0.0.1:$port, answers correctly over HTTP/2" >&2
}

cpu_ticks() {
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

measure() {
    local run=$1 path=$2 s=$3 pid=${PID[$3]} url="https://127.0.0.1:${PORT_OF[$3]}$2"
    local t0 t1 out
    t0=$(cpu_ticks "$pid")
    out=$(taskset -c "$CLIENT_CPU" h2load -D "$DURATION" -c "$CLIENTS" -m "$STREAMS" "$url")
    t1=$(cpu_ticks "$pid")
    kill -0 "$pid" 2>/dev/null || die "$s died during GET $path"
    grep -q "Application protocol: h2" <<<"$out" || die "$s: h2load did not negotiate h2: $out"
    local ok failed rps
    ok=$(awk '/^requests:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^succeeded/) print $(i - 1) }' <<<"$out")
    failed=$(awk '/^requests:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^failed/) print $(i - 1) }' <<<"$out")
    [ -n "$ok" ] && [ "$ok" -gt 0 ] || die "$s $path: no requests succeeded: $out"
    [ "$failed" = 0 ] || echo "warning: $s $path: $failed requests failed" >&2
    rps=$(awk -v ok="$ok" -v d="$DURATION" 'BEGIN { printf "%.1f", ok / d }')
    awk -v run="$run" -v path="$path" -v s="$s" -v req="$ok" -v rps="$rps" \
        -v ticks=$((t1 - t0)) -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN {
        printf "%s\t%s\t%s\t%d\t%.1f\t%.3f\t%.2f\n", run, path, s, req, rps, ticks / hz * 1e6 / req, ticks / hz / d
    }' >>"$RAW"
    printf '  run %s %-32s %-8s %9.0f req/s\n' "$run" "$path" "$s" "$rps" >&2
}

i=0
for s in "${SERVERS[@]}"; do
    start "$s" $((BASE_PORT + i))
    i=$((i + 1))
done

STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo -e "run\tpath\tserver\trequests\trps\tcpu_us_per_req\tcpu_share" >"$RAW"
for s in "${SERVERS[@]}"; do   # warm up
    taskset -c "$CLIENT_CPU" h2load -D 1 -c "$CLIENTS" -m "$STREAMS" "https://127.0.0.1:${PORT_OF[$s]}/plaintext" >/dev/null
done
for run in $(seq "$RUNS"); do
    for path in "${ROUTES[@]}"; do
        for s in "${SERVERS[@]}"; do
            measure "$run" "$path" "$s"
        done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "Run started $STARTED on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')):"
    echo "HTTP/2 over TLS (rustls, ring), $RUNS interleaved rounds × ${DURATION} s per h2load run, $CLIENTS connections ×"
    echo "$STREAMS streams; load average $LOAD_BEFORE before, $LOAD_AFTER after. Medians of the rounds."
    echo
    awk -F'\t' -v routes="${ROUTES[*]}" '
        function median(list,    n, a, i, j, t) {
            n = split(list, a, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        NR > 1 { rps[$2, $3] = rps[$2, $3] " " $5; cpu[$2, $3] = cpu[$2, $3] " " $6 }
        END {
            print "| route | Rook req/s | axum req/s | Rook ÷ axum req/s | Rook CPU µs/req | axum CPU µs/req | Rook ÷ axum CPU/req |"
            print "|---|---|---|---|---|---|---|"
            n = split(routes, r, " ")
            for (i = 1; i <= n; i++) {
                p = r[i]
                ro = median(rps[p, "rook-h2"]); ax = median(rps[p, "axum-h2"])
                rc = median(cpu[p, "rook-h2"]); ac = median(cpu[p, "axum-h2"])
                printf "| `%s` | %.0f | %.0f | **%.2f** | %.2f | %.2f | **%.2f** |\n", p, ro, ax, ro / ax, rc, ac, rc / ac
            }
        }' "$RAW"
} | tee "$REPORT"
echo "raw numbers: $RAW; report: $REPORT" >&2
