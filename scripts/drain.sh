#!/usr/bin/env bash
# Measures graceful shutdown under load (not a test): the packaged gateway serves CONNECTIONS connections of
# widget-token requests while the Airbyte stand-in answers in LATENCY_MS, gets SIGTERM after LOAD_BEFORE seconds, and
# the script reports every answer by status and every request lost to a socket error, and how long the exit took.
# The load behaves like a Service in front of the pod (scripts/drain_driver.py): once the pod is not ready it opens no
# new connection to it, and requests on connections already open go on until the gateway closes them. REROUTE=0 keeps
# reconnecting instead. Every socket error once a request was sent is a lost request.
#
#   scripts/drain.sh                  # 32 connections, 200 ms upstream, SIGTERM after 5 s, 2 s shutdown delay
#   SKIP_BUILD=1 scripts/drain.sh     # reuse target/quarkus-app
#
# Settings (environment): CONNECTIONS (32), LATENCY_MS (200), LOAD_BEFORE (5), DELAY (QUARKUS_SHUTDOWN_DELAY, 2s),
# TIMEOUT (QUARKUS_SHUTDOWN_TIMEOUT, 20s), OUT (target/drain).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-32}
LATENCY_MS=${LATENCY_MS:-200}
LOAD_BEFORE=${LOAD_BEFORE:-5}
DELAY=${DELAY:-2s}
TIMEOUT=${TIMEOUT:-20s}
OUT=${OUT:-target/drain}
STANDIN_PORT=${STANDIN_PORT:-18289}
APP_PORT=${APP_PORT:-18280}
MGMT_PORT=${MGMT_PORT:-19200}
ORIGIN=https://app.partner.example
mkdir -p "$OUT"

# curl and python3, the packaged application, CP and the cleanup of pids (scripts/harness.sh).
source scripts/harness.sh
harness_prepare "$OUT" curl python3

java -XX:+UseSerialGC -cp "$CP" io.embedded.gateway.tools.LeanStandInMain "$STANDIN_PORT" drain-client drain-secret-value \
  1 "$LATENCY_MS" 900 > "$OUT/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$STANDIN_PORT/__bench/stats" > /dev/null 2>&1 && break; sleep 0.05; done

GATEWAY_ALLOWED_ORIGINS=$ORIGIN AIRBYTE_API_URL=http://127.0.0.1:$STANDIN_PORT AIRBYTE_CLIENT_ID=drain-client \
AIRBYTE_CLIENT_SECRET=drain-secret-value QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
GATEWAY_IDENTITY_MODE=body QUARKUS_SHUTDOWN_DELAY=$DELAY QUARKUS_SHUTDOWN_TIMEOUT=$TIMEOUT \
GATEWAY_RATE_LIMIT_PER_IDENTITY_LIMIT=1000000 GATEWAY_RATE_LIMIT_GLOBAL_LIMIT=1000000 \
  java -jar target/quarkus-app/quarkus-run.jar > "$OUT/gateway.log" 2>&1 &
app=$!
pids+=($app)
for _ in $(seq 1 3000); do
  curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" > /dev/null 2>&1 && break
  kill -0 $app 2> /dev/null || { echo "FAIL: the gateway exited; see $OUT/gateway.log"; exit 1; }
  sleep 0.01
done

seconds=$(( LOAD_BEFORE + ${DELAY%s} + 8 ))
python3 scripts/drain_driver.py 127.0.0.1 "$APP_PORT" "$CONNECTIONS" "$seconds" "$ORIGIN" "$OUT/result.json" \
  "http://127.0.0.1:$MGMT_PORT/q/health/ready" &
load=$!
sleep "$LOAD_BEFORE"
sigterm=$(date +%s%N)
kill -TERM $app
not_ready_ms=null
while kill -0 $app 2> /dev/null; do
  if [[ $not_ready_ms == null ]] && ! curl -sf -m 1 "http://127.0.0.1:$MGMT_PORT/q/health/ready" > /dev/null 2>&1; then
    not_ready_ms=$(( ($(date +%s%N) - sigterm) / 1000000 ))
  fi
  sleep 0.05
done
exit_ms=$(( ($(date +%s%N) - sigterm) / 1000000 ))
wait $app 2> /dev/null && code=0 || code=$?
wait $load

timed_out=$(grep -c 'Timed out waiting for graceful shutdown' "$OUT/gateway.log" || true)
python3 - "$OUT/result.json" "$not_ready_ms" "$exit_ms" "$code" "$timed_out" "$sigterm" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
sigterm = int(sys.argv[6]) / 1e9 - result["started"]
print(f"answers by status: {result['statuses']}")
print(f"lost (reset, closed or timed out after sending): {result['lost']}"
      + (f", at {[round(t - sigterm, 3) for t in result['lost_at']]} s after SIGTERM" if result['lost'] else ""))
print(f"rerouted (no new connection to a pod that is not ready): {result['rerouted']}")
print(f"refused connections (the process had exited): {result['refused']}")
print(f"after SIGTERM: not ready after {sys.argv[2]} ms, exited after {sys.argv[3]} ms (exit code {sys.argv[4]}); "
      f"shutdown timed out: {'yes' if sys.argv[5] != '0' else 'no'}")
PY
