#!/usr/bin/env bash
# The showcase's state under a bounded load (issue 10): RSS after big and many POST /log, and
# /user-log throughput after 110 000 visits. Usage: cargo build --release --example showcase, then
# bash benches/showcase_state.sh target/release/examples/showcase 18500  (needs h2load, curl, python3).
set -euo pipefail
bin=$1; port=$2
url=http://127.0.0.1:$port
PORT=$port RUST_LOG=warn "$bin" >/tmp/measure_$port.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
for _ in $(seq 50); do curl -s -o /dev/null $url/ && break; sleep 0.1; done
rss() { awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$pid/status; }
echo "start: RSS $(rss)"
# 300 POST /log of 1 MiB of JSON each (just under the default 1 MiB JSON limit).
python3 -c "import json; print(json.dumps({'level':'info','message':'x'*(1024*1024-64)}), end='')" > /tmp/big.json
h2load --h1 -n 300 -c 1 -d /tmp/big.json -H 'content-type: application/json' $url/log | grep -E "^status codes"
echo "after 300 POST /log of 1 MiB: RSS $(rss)"
# 5000 POST /log of 15 KiB each (under the showcase's 16 KiB entry limit).
python3 -c "import json; print(json.dumps({'level':'info','message':'x'*(15*1024)}), end='')" > /tmp/mid.json
h2load --h1 -n 5000 -c 4 -d /tmp/mid.json -H 'content-type: application/json' $url/log | grep -E "^status codes"
echo "after 5000 POST /log of 15 KiB: RSS $(rss)"
id=0123456789ab4def8123456789abcdef
h2load --h1 -n 20000 -c 10 $url/user-log/$id | grep -E "^finished in|^status codes"
h2load --h1 -n 90000 -c 10 $url/user-log/$id | grep -E "^finished in|^status codes"
echo "after 110 000 visits:"
h2load --h1 -n 20000 -c 10 $url/user-log/$id | grep -E "^finished in|^status codes"
curl -s $url/user-log/$id
echo "end: RSS $(rss)"
