#!/usr/bin/env bash
# User-space instructions per request over HTTP/2 and TLS, under callgrind: each server of h2.sh
# (rook-h2, axum-h2) per route, h2load with 16 connections × 16 streams, 20 000 requests of
# warm-up, then 40 000 counted. Unlike h2.sh's CPU times, the count does not depend on the
# machine's load (the kernel's share is not in it). benches/README.md has the figures.
#
#   benches/e2e/h2-instructions.sh                        # both servers, the five routes
#   SERVERS=rook-h2 ROUTES=/plaintext ROOK_LOG=info benches/e2e/h2-instructions.sh
#
# Needs valgrind, openssl and h2load; builds the servers as h2.sh does. Each profile is kept
# (target/e2e-results/callgrind-h2-SERVER-ROUTE.out.1): callgrind_annotate shows where it goes.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="$PWD/target"

read -r -a SERVERS <<<"${SERVERS:-rook-h2 axum-h2}"
read -r -a ROUTES <<<"${ROUTES:-/plaintext /repos/p1/p2/stats/punch_card /user/keys/p1 /catalogue/products/42 /search?q=rust&page=2}"
ROOK_LOG=${ROOK_LOG:-warn} # as in h2.sh: rook::Server's access log off, as axum-h2 has none
PORT=${PORT:-18991}
OUT=target/e2e-results
mkdir -p "$OUT"

cargo build --release --quiet -p e2e-rook -p e2e-axum --bins
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
    -keyout "$OUT/h2-key.pem" -out "$OUT/h2-cert.pem" 2>/dev/null

for path in "${ROUTES[@]}"; do
    for s in "${SERVERS[@]}"; do
        cg=$OUT/callgrind-h2-$s-$(tr -c 'a-zA-Z0-9\n' _ <<<"${path#/}").out
        log=$OUT/callgrind-h2-$s.log
        rm -f "$cg"*
        : >"$log"
        env PORT="$PORT" TLS_CERT="$OUT/h2-cert.pem" TLS_KEY="$OUT/h2-key.pem" RUST_LOG="$ROOK_LOG" \
            valgrind --tool=callgrind --callgrind-out-file="$cg" "target/release/$s" >>"$log" 2>&1 &
        pid=$!
        for _ in $(seq 300); do grep -q "^listening on" "$log" && break; sleep 0.1; done
        url="https://127.0.0.1:$PORT$path"
        h2load -n 20000 -c 16 -m 16 "$url" >/dev/null
        callgrind_control -z "$pid" >/dev/null 2>&1
        ok=$(h2load -n 40000 -c 16 -m 16 "$url" | awk '/^requests:/ { print $8 }')
        callgrind_control -d "$pid" >/dev/null 2>&1
        kill -TERM "$pid"
        wait "$pid" || true
        total=$(callgrind_annotate "$(ls -t "$cg".* | head -1)" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
        printf '%-8s %-32s %6d instructions per request (%s succeeded)\n' "$s" "$path" $((total / ok)) "$ok"
    done
done
