#!/usr/bin/env bash
# Benchmark (not a test): the packaged gateway against a lean Airbyte stand-in, side by side with the stand-in driven
# directly, which is the limit a perfect broker would reach on this machine. Reports a table and bench results JSON.
#
#   bench/run.sh                 # the full run (under 5 minutes on 2 cores, packaging included)
#   SMOKE=1 bench/run.sh         # a few seconds per point, no judging: keeps the script working (CI)
#   SKIP_BUILD=1 bench/run.sh    # reuse target/quarkus-app (CI has just built it)
#   STORES=memory bench/run.sh   # skip the shared-store comparison
#
# Settings (environment): DURATION seconds per point (8), WARMUP seconds of load before measuring (90),
# CONNECTIONS ("1 16 64"), LATENCIES: the stand-in's added latency per scenario in ms ("20 0"), USERS (10000),
# TOKEN_LIFETIME: the stand-in's operator-token lifetime in s (60, so that a run sees several refreshes under load),
# JAVA_OPTS for the gateway (see docs/performance.md), OUT (target/bench), STORES ("memory redis": after the main run,
# the same points again on a gateway with gateway.state.store=redis and a local redis-server, reported as the added
# p50/p99 of the shared store).
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=${SMOKE:-0}
if [[ $SMOKE == 1 ]]; then
  DURATION=${DURATION:-2}; WARMUP=${WARMUP:-3}; CONNECTIONS=${CONNECTIONS:-"1 16"}; LATENCIES=${LATENCIES:-"20"}
fi
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-90}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
LATENCIES=${LATENCIES:-"20 0"}
USERS=${USERS:-10000}
STORES=${STORES:-"memory redis"}
REDIS_PORT=${REDIS_PORT:-18379}
# The JVM options docs/performance.md recommends for the JVM image; JAVA_OPTS=" " measures the JVM's own defaults.
JAVA_OPTS=${JAVA_OPTS:-"-Xmx96m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000"}
OUT=${OUT:-target/bench}
STANDIN_PORT=${STANDIN_PORT:-18189}
APP_PORT=${APP_PORT:-18180}
MGMT_PORT=${MGMT_PORT:-19100}
ORIGIN=https://app.partner.example
TOKEN_LIFETIME=${TOKEN_LIFETIME:-60}
CLIENT_ID=bench-client
# The harness's own direct calls fetch their tokens under another client id, so the gateway's are counted alone.
DIRECT_CLIENT_ID=bench-direct
CLIENT_SECRET=bench-secret-value
mkdir -p "$OUT"

# wrk, curl and python3, the packaged application, CP and the cleanup of pids (scripts/harness.sh).
source scripts/harness.sh
with_redis=$([[ " $STORES " == *" redis "* ]] && echo yes || echo no)
harness_prepare "$OUT" wrk curl python3 $([[ $with_redis == yes ]] && echo redis-server)

# The stand-in gets one event loop, leaving the rest of the machine to the gateway and wrk.
java -XX:+UseSerialGC -cp "$CP" io.embedded.gateway.tools.LeanStandInMain "$STANDIN_PORT" "$CLIENT_ID,$DIRECT_CLIENT_ID" \
  "$CLIENT_SECRET" 1 0 "$TOKEN_LIFETIME" > "$OUT/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$STANDIN_PORT/__bench/stats" > /dev/null 2>&1 && break; sleep 0.05; done
standin() { curl -sf "http://127.0.0.1:$STANDIN_PORT/__bench/$1" "${@:2}"; }

# Starts the gateway with the extra settings given (NAME=value ...), logging to $1; waits until it is ready.
start_gateway() {
  env GATEWAY_ALLOWED_ORIGINS=$ORIGIN AIRBYTE_API_URL=http://127.0.0.1:$STANDIN_PORT AIRBYTE_CLIENT_ID=$CLIENT_ID \
    AIRBYTE_CLIENT_SECRET=$CLIENT_SECRET QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
    GATEWAY_IDENTITY_MODE=body \
    GATEWAY_RATE_LIMIT_PER_IDENTITY_LIMIT=1000000 GATEWAY_RATE_LIMIT_PER_IDENTITY_PERIOD=1s \
    GATEWAY_RATE_LIMIT_GLOBAL_LIMIT=1000000 GATEWAY_RATE_LIMIT_GLOBAL_PERIOD=1s "${@:2}" \
    java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$1" 2>&1 &
  app=$!
  pids+=($app)
  local ready=no
  for _ in $(seq 1 3000); do
    if curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" > /dev/null 2>&1; then ready=yes; break; fi
    kill -0 $app 2> /dev/null || break
    sleep 0.01
  done
  if [[ $ready != yes ]]; then echo "FAIL: the gateway did not become ready; see $1"; tail -20 "$1"; exit 1; fi
}

# Startup to ready: from the launch of the JVM to the first 200 from the readiness probe.
launched=$(date +%s%N)
start_gateway "$OUT/gateway.log"
startup_ms=$(( ($(date +%s%N) - launched) / 1000000 ))
quarkus_started=$(grep -o 'started in [0-9.]*s' "$OUT/gateway.log" | grep -o '[0-9.]*' || echo null)
echo "startup: ready ${startup_ms} ms after launch (Quarkus reports started in ${quarkus_started} s)"

# The direct target needs an operator token of its own (fresh for every point: tokens expire during the run).
direct_token() {
  curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"client_id\":\"$DIRECT_CLIENT_ID\",\"client_secret\":\"$CLIENT_SECRET\"}" \
    "http://127.0.0.1:$STANDIN_PORT/api/v1/account/applications/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

GATEWAY_URL="http://127.0.0.1:$APP_PORT/api/airbyte/widget-token"
DIRECT_URL="http://127.0.0.1:$STANDIN_PORT/api/v1/account/applications/widget-token"
# One wrk thread per connection up to the core count: wrk needs no more, and more would steal from the gateway.
threads() { (( $1 < 2 )) && echo 1 || echo 2; }
drive() { # target connections seconds result-file
  if [[ $1 == gateway ]]; then
    RESULT=$4 USERS=$USERS ORIGIN=$ORIGIN BODY='{"userId":"{user}"}' \
      wrk -t "$(threads "$2")" -c "$2" -d "${3}s" --timeout 10s -s bench/widget-token.lua "$GATEWAY_URL" > /dev/null
  else
    RESULT=$4 USERS=$USERS AUTHORIZATION="Bearer $(direct_token)" \
    BODY="{\"workspace_name\":\"{user}\",\"allowed_origin\":\"$ORIGIN\"}" \
      wrk -t "$(threads "$2")" -c "$2" -d "${3}s" --timeout 10s -s bench/widget-token.lua "$DIRECT_URL" > /dev/null
  fi
}
# The gateway's operator-token fetches so far, and all widget-token calls the stand-in answered.
stats() {
  standin stats | python3 -c "import json,sys; s=json.load(sys.stdin); print(len(s['tokensIssued'].get('$CLIENT_ID', [])), s['widgetTokenCalls'])"
}

# Warm-up: the JIT needs a while under load on a small machine; nothing measured before it has settled.
max_c=${CONNECTIONS##* }
first_latency=${LATENCIES%% *}
standin "latency?ms=$first_latency" -X POST > /dev/null
echo "warm-up: ${WARMUP}s at $max_c connections (gateway), then measuring ${DURATION}s per point"
drive gateway "$max_c" "$WARMUP" "$OUT/warmup.json"
drive direct "$max_c" "$(( WARMUP > 10 ? 10 : WARMUP ))" "$OUT/warmup-direct.json"

points=()
for latency in $LATENCIES; do
  standin "latency?ms=$latency" -X POST > /dev/null
  for c in $CONNECTIONS; do
    # Side by side: the direct limit and the gateway at the same load, one right after the other.
    drive direct "$c" "$DURATION" "$OUT/direct-$latency-$c.json"
    read -r tokens_before calls_before < <(stats)
    drive gateway "$c" "$DURATION" "$OUT/gateway-$latency-$c.json"
    read -r tokens_after calls_after < <(stats)
    echo "{\"latency_ms\":$latency,\"connections\":$c,\"direct\":$(cat "$OUT/direct-$latency-$c.json"),\"gateway\":$(cat "$OUT/gateway-$latency-$c.json"),\"operator_token_calls\":$(( tokens_after - tokens_before )),\"upstream_widget_calls\":$(( calls_after - calls_before ))}" > "$OUT/point-$latency-$c.json"
    points+=("$OUT/point-$latency-$c.json")
  done
done
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$app/status"; }
rss_mb=$(rss)
# And once the JVM has had a moment to hand back what the load left behind (periodic native-heap trim, if enabled).
sleep "$(( SMOKE == 1 ? 1 : 10 ))"
rss_settled_mb=$(rss)
standin stats > "$OUT/standin-stats.json"

status=0
python3 bench/report.py --smoke "$SMOKE" --startup-ms "$startup_ms" --quarkus-started "$quarkus_started" \
  --rss-mb "$rss_mb" --rss-settled-mb "$rss_settled_mb" --warmup "$OUT/warmup.json" --standin-stats "$OUT/standin-stats.json" --client-id "$CLIENT_ID" \
  --token-lifetime "$TOKEN_LIFETIME" --java-opts "$JAVA_OPTS" \
  --out "$OUT/results.json" "${points[@]}" || status=$?
[[ $with_redis == yes ]] || exit $status

# The shared store's cost: a fresh gateway on gateway.state.store=redis (one Lua round trip per request for the rate
# limits), warmed up like the first, at the same points. Compared with the memory gateway's figures above.
echo "shared store: the same points with gateway.state.store=redis (redis-server on port $REDIS_PORT)"
kill "$app" && wait "$app" 2> /dev/null || true
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do redis-cli -p "$REDIS_PORT" ping > /dev/null 2>&1 && break; sleep 0.05; done
start_gateway "$OUT/gateway-redis.log" GATEWAY_STATE_STORE=redis QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$REDIS_PORT \
  GATEWAY_STATE_REDIS_KEY_HASH_KEY=bench-key-hash-key-of-at-least-32-characters
standin "latency?ms=$first_latency" -X POST > /dev/null
drive gateway "$max_c" "$WARMUP" "$OUT/warmup-redis.json"
store_points=()
for latency in $LATENCIES; do
  standin "latency?ms=$latency" -X POST > /dev/null
  for c in $CONNECTIONS; do
    drive gateway "$c" "$DURATION" "$OUT/redis-$latency-$c.json"
    echo "{\"latency_ms\":$latency,\"connections\":$c,\"memory\":$(cat "$OUT/gateway-$latency-$c.json"),\"redis\":$(cat "$OUT/redis-$latency-$c.json")}" > "$OUT/store-$latency-$c.json"
    store_points+=("$OUT/store-$latency-$c.json")
  done
done
# Proof that the store was used: Redis's count of limit checks, and the gateway's own view of the store.
redis_checks=$(redis-cli -p "$REDIS_PORT" info commandstats | awk -F'[:=,]' '/^cmdstat_eval(sha)?:/ {n += $3} END {print n + 0}')
store_available=$(curl -sf "http://127.0.0.1:$MGMT_PORT/q/metrics" | awk '/^gateway_state_store_available/ {print $2}')
python3 bench/store_report.py --smoke "$SMOKE" --redis-checks "${redis_checks:-0}" \
  --store-available "${store_available:-0}" --warmup "$OUT/warmup-redis.json" --out "$OUT/store-results.json" \
  "${store_points[@]}" || status=$?
exit $status
