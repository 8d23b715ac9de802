#!/usr/bin/env bash
# End-to-end benchmark: the same app served by Rook, idiomatic actix-web, axum, Rocket, a bare
# actix-http "floor" and an "app" floor (actix-web's App with one default service), measured with
# wrk. benches/README.md explains the method and the tables.
#
#   benches/e2e/run.sh                      # full run: 3 interleaved rounds, 5 s per wrk run
#   DURATION=2 RUNS=1 benches/e2e/run.sh    # a quick look
#   INSTRUCTIONS=1 benches/e2e/run.sh       # also count instructions per request (valgrind)
#   SERVERS="app rook" ROUTES="/plaintext" benches/e2e/run.sh   # only these (the goals need all)
#   SERVERS="rook axum" ROUTES="/me#token /me" benches/e2e/run.sh  # the Bearer-protected route
#
# Needs two CPUs (servers on CPU 0, wrk on CPU 1), cargo, curl, taskset, and wrk (installed with
# apt-get when missing). Prints a markdown report and keeps it, with the raw numbers, in
# target/e2e-results/.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="$PWD/target"   # the binaries are run from here, whatever the caller's setting

DURATION=${DURATION:-5}    # seconds per wrk run
RUNS=${RUNS:-3}            # interleaved rounds; the report shows medians
CONNECTIONS=${CONNECTIONS:-32}
DEPTH=${DEPTH:-16}         # requests per pipelined write in mode B
BASE_PORT=${BASE_PORT:-18080}
INSTRUCTIONS=${INSTRUCTIONS:-0}  # 1: also run each server under callgrind
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}

read -r -a SERVERS <<<"${SERVERS:-floor app rook actix axum rocket}"
# Measured routes: plaintext, a deep route, GitHub route #0 and #129, a typed capture.
read -r -a ROUTES <<<"${ROUTES:-/plaintext /repos/p1/p2/stats/punch_card /authorizations /user/keys/p1 /catalogue/products/42}"
# A route is a request target, or a target, `#` and a word naming a variant of the request that
# sends the headers HEADER gives it: `/me#token` is `GET /me` with the token, `/me` without.
declare -A HEADER=(
    ["/me#token"]="Authorization: Bearer let-me-in"
)
# The routes that do not answer 200, and their status.
declare -A STATUS=(
    [/me]=401
)
# Servers that do not have a route (Rocket's /me is not written).
declare -A LACKS=(
    [rocket]="/me /me#token"
)
# What the app answers (the floor and the app floor answer "Hello, World!" to everything).
declare -A EXPECT=(
    [/plaintext]="Hello, World!"
    [/json]='{"message":"Hello, World!"}'
    [/repos/p1/p2/stats/punch_card]=107
    [/authorizations]=0
    [/user/keys/p1]=129
    [/catalogue/products/42]="product 42"
    ["/search?q=rust&page=2"]="rust 2"
    ["/search?q=rust"]="rust 1"
    ["/me#token"]="welcome"
    [/me]="authentication required"
)

OUT=target/e2e-results
mkdir -p "$OUT"
RAW=$OUT/raw.tsv
REPORT=$OUT/report.md

die() { echo "run.sh: $*" >&2; exit 1; }

# The request target of route $1 (without its `#variant`), and wrk's or curl's header arguments.
target() { echo "${1%%#*}"; }
header_args=()
set_header_args() {
    header_args=()
    if [ -n "${HEADER[$1]:-}" ]; then header_args=(-H "${HEADER[$1]}"); fi
}
lacks() { [[ " ${LACKS[$1]:-} " == *" $2 "* ]]; }
for s in "${SERVERS[@]}"; do
    for path in "${ROUTES[@]}"; do
        if lacks "$s" "$path"; then die "$s has no route $path (leave it out of SERVERS)"; fi
    done
done

if ! command -v wrk >/dev/null; then
    echo "installing wrk" >&2
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get install -y wrk || { $SUDO apt-get update && $SUDO apt-get install -y wrk; } || die "cannot install wrk"
fi
for tool in cargo curl taskset; do command -v $tool >/dev/null || die "$tool is needed"; done
[ "$(nproc)" -ge 2 ] || die "needs two CPUs (server on one, wrk on the other)"

# Only the servers measured (each is the package e2e-NAME).
cargo build --release --quiet "${SERVERS[@]/#/--package=e2e-}"

CLK_TCK=$(getconf CLK_TCK)
declare -A PID PORT_OF
# SIGTERM, not SIGINT: a background job of a script ignores SIGINT unless it handles it itself.
cleanup() {
    for s in "${!PID[@]}"; do kill -TERM "${PID[$s]}" 2>/dev/null || true; done
    for s in "${!PID[@]}"; do wait "${PID[$s]}" 2>/dev/null || true; done
}
trap cleanup EXIT

# Starts server $1 on CPU 0 and checks that this very process bound its port and answers.
start() {
    local s=$1 port=$2 log=$OUT/$1.log
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
        die "port $port is taken already (set BASE_PORT)"
    fi
    # Truncate here, not in the background job's redirection, which may run after the first look.
    : >"$log"
    env PORT="$port" taskset -c "$SERVER_CPU" "target/release/$s" >>"$log" 2>&1 &
    PID[$s]=$!
    PORT_OF[$s]=$port
    for _ in $(seq 300); do
        grep -q "^listening on http://127.0.0.1:$port/" "$log" && break
        kill -0 "${PID[$s]}" 2>/dev/null || die "$s exited: $(cat "$log")"
        sleep 0.1
    done
    grep -q "^listening on" "$log" || die "$s did not bind port $port: $(cat "$log")"
    # The listening socket must belong to our process, not to a leftover one.
    ss -ltnpH "sport = :$port" 2>/dev/null | grep -q "pid=${PID[$s]}," || [ "$(command -v ss)" = "" ] ||
        die "port $port is not held by $s (pid ${PID[$s]}): $(ss -ltnpH "sport = :$port")"
    local path want got status
    for path in "${!EXPECT[@]}"; do
        if lacks "$s" "$path"; then continue; fi
        want=${EXPECT[$path]}
        status=${STATUS[$path]:-200}
        case $s in floor | app) want="Hello, World!" status=200 ;; esac
        set_header_args "$path"
        got=$(curl -s --max-time 2 "${header_args[@]}" -w '\n%{http_code}' "http://127.0.0.1:$port$(target "$path")") ||
            die "$s: GET $path failed"
        [ "$got" = "$want"$'\n'"$status" ] || die "$s: GET $path answered '$got', not '$want' and $status"
    done
    echo "$s: pid ${PID[$s]} on 127.0.0.1:$port, answers correctly" >&2
}

# utime + stime of the whole process (all threads), in clock ticks.
cpu_ticks() {
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# One wrk run: mode (A keep-alive, B pipelined), route, server → a line of $RAW.
measure() {
    local run=$1 mode=$2 path=$3 s=$4 pid=${PID[$4]} url="http://127.0.0.1:${PORT_OF[$4]}$(target "$3")"
    set_header_args "$path"
    local args=(-t1 "-c$CONNECTIONS" "-d${DURATION}s" "${header_args[@]}")
    [ "$mode" = B ] && args+=(-s pipeline.lua)
    local t0 t1 out
    t0=$(cpu_ticks "$pid")
    if [ "$mode" = B ]; then
        out=$(taskset -c "$CLIENT_CPU" wrk "${args[@]}" "$url" -- "$DEPTH")
    else
        out=$(taskset -c "$CLIENT_CPU" wrk "${args[@]}" "$url")
    fi
    t1=$(cpu_ticks "$pid")
    kill -0 "$pid" 2>/dev/null || die "$s died during GET $path"
    if grep -q -E "Non-2xx|Socket errors" <<<"$out" && { [ -z "${STATUS[$path]:-}" ] || grep -q "Socket errors" <<<"$out"; }; then
        echo "warning: $s $mode $path: $(grep -E "Non-2xx|Socket errors" <<<"$out" | tr -s ' ')" >&2
    fi
    local requests rps
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    [ -n "$requests" ] && [ "$requests" -gt 0 ] || die "$s $mode $path: no requests completed: $out"
    # CPU µs per request; the server's share of its CPU shows how busy (or starved) it was.
    awk -v run="$run" -v mode="$mode" -v path="$path" -v s="$s" -v req="$requests" -v rps="$rps" \
        -v ticks=$((t1 - t0)) -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN {
        printf "%s\t%s\t%s\t%s\t%d\t%.1f\t%.3f\t%.2f\n", run, mode, path, s, req, rps,
            ticks / hz * 1e6 / req, ticks / hz / d
    }' >>"$RAW"
    printf '  run %s mode %s %-32s %-6s %9.0f req/s\n' "$run" "$mode" "$path" "$s" "$rps" >&2
}

i=0
for s in "${SERVERS[@]}"; do
    start "$s" $((BASE_PORT + i))
    i=$((i + 1))
done

STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo -e "run\tmode\tpath\tserver\trequests\trps\tcpu_us_per_req\tcpu_share" >"$RAW"
for s in "${SERVERS[@]}"; do   # warm up: 1 s each
    taskset -c "$CLIENT_CPU" wrk -t1 "-c$CONNECTIONS" -d1s "http://127.0.0.1:${PORT_OF[$s]}/plaintext" >/dev/null
done
# Interleaved: every server runs once per route and mode before any runs again, so a change in
# the machine's load hits all of them alike.
for run in $(seq "$RUNS"); do
    for path in "${ROUTES[@]}"; do
        for mode in A B; do
            for s in "${SERVERS[@]}"; do
                measure "$run" "$mode" "$path" "$s"
            done
        done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

ALLOCS=$OUT/allocations.tsv
: >"$ALLOCS"
for s in "${SERVERS[@]}"; do
    if [ -x "target/release/$s-allocs" ]; then "target/release/$s-allocs" >>"$ALLOCS"; fi
done

# User-space instructions per request under callgrind (pipelined, after a warm-up): a count
# that does not depend on the machine's load, unlike the times above. The kernel is not counted.
INSTR=$OUT/instructions.tsv
: >"$INSTR"
instructions() {
    # The profile is kept per server and route: callgrind_annotate FILE shows where the count goes.
    local s=$1 path=$2 port=$((BASE_PORT + 10)) cg log=$OUT/callgrind-$1.log
    cg=$OUT/callgrind-$1-$(tr -c 'a-zA-Z0-9\n' _ <<<"${path#/}").out
    rm -f "$cg"*
    : >"$log"
    env PORT="$port" valgrind --tool=callgrind --callgrind-out-file="$cg" "target/release/$s" >>"$log" 2>&1 &
    local pid=$!
    for _ in $(seq 300); do grep -q "^listening on" "$log" && break; sleep 0.1; done
    grep -q "^listening on" "$log" || die "$s under valgrind did not start: $(cat "$log")"
    local url="http://127.0.0.1:$port$(target "$path")" requests total
    set_header_args "$path"
    wrk -t1 -c4 -d2s "${header_args[@]}" -s pipeline.lua "$url" -- "$DEPTH" >/dev/null
    callgrind_control -z "$pid" >/dev/null
    requests=$(wrk -t1 -c4 -d3s "${header_args[@]}" -s pipeline.lua "$url" -- "$DEPTH" | awk '/requests in/ { print $1 }')
    callgrind_control -d "$pid" >/dev/null
    kill -TERM "$pid"; wait "$pid" || true
    total=$(callgrind_annotate "$(ls -t "$cg".* | head -1)" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
    echo -e "$s\t$path\t$((total / requests))" >>"$INSTR"
    printf '  instructions %-32s %-6s %6d per request\n' "$path" "$s" $((total / requests)) >&2
}
if [ "$INSTRUCTIONS" = 1 ]; then
    command -v valgrind >/dev/null || die "INSTRUCTIONS=1 needs valgrind"
    for path in "${ROUTES[@]}"; do
        for s in "${SERVERS[@]}"; do instructions "$s" "$path"; done
    done
fi

# The report: medians over the rounds, then ratios Rook / peer.
{
    echo "Run started $STARTED on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')):"
    echo "$RUNS interleaved rounds × ${DURATION} s per wrk run, $CONNECTIONS connections, pipelining depth $DEPTH;"
    echo "load average $LOAD_BEFORE before, $LOAD_AFTER after. Medians of the rounds."
    echo
    awk -F'\t' -v servers="${SERVERS[*]}" -v routes="${ROUTES[*]}" -v allocs="$ALLOCS" -v instr="$INSTR" -f report.awk "$RAW"
} | tee "$REPORT"
echo "raw numbers: $RAW; report: $REPORT" >&2
