#!/usr/bin/env bash
# Soak test (not part of CI): runs the packaged gateway for a while at a fixed request rate against an Airbyte stand-in
# that injects random faults, then reports requests, outcomes by status, undocumented statuses, latency, heap and RSS
# (at start and end, one RSS sample a minute, and the RSS growth rate over the second half of the run).
#
#   scripts/soak.sh                         # 10 minutes at 50 requests/s, 10% faults
#   DURATION=120 RATE=100 FAULT_RATE=0.2 scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-600}        # seconds
RATE=${RATE:-50}                 # requests per second
FAULT_RATE=${FAULT_RATE:-0.1}    # share of upstream answers replaced by a random fault
STANDIN_PORT=${STANDIN_PORT:-18089}
APP_PORT=${APP_PORT:-18080}
MGMT_PORT=${MGMT_PORT:-19000}
ORIGIN=https://app.partner.example
OUT=target/soak
mkdir -p "$OUT"

# Always package: a stale jar would measure old code.
./mvnw -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile="$OUT/classpath" -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat "$OUT/classpath")"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -cp "$CP" io.embedded.gateway.tools.StandInMain "$STANDIN_PORT" soak-client soak-secret-value \
  --fault-rate="$FAULT_RATE" --seed=7 > "$OUT/standin.log" 2>&1 &
pids+=($!)

# The soak measures resilience, so callers name themselves in the body and our own minting limits are off.
GATEWAY_ALLOWED_ORIGINS=$ORIGIN AIRBYTE_API_URL=http://127.0.0.1:$STANDIN_PORT AIRBYTE_CLIENT_ID=soak-client \
AIRBYTE_CLIENT_SECRET=soak-secret-value QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
GATEWAY_IDENTITY_MODE=body GATEWAY_RATE_LIMIT_ENABLED=false \
  java -jar target/quarkus-app/quarkus-run.jar > "$OUT/gateway.log" 2>&1 &
app=$!
pids+=($app)

started=no
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/started" > /dev/null 2>&1; then started=yes; break; fi
  sleep 0.5
done
if [[ $started != yes ]]; then
  echo "FAIL: the gateway did not start; see $OUT/gateway.log"; tail -20 "$OUT/gateway.log"; exit 1
fi

heap() { curl -s "http://127.0.0.1:$MGMT_PORT/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {printf "%.1f", s/1048576}'; }
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$app/status"; }

heap_start=$(heap); rss_start=$(rss)
echo "soak: ${DURATION}s at ${RATE} req/s, fault rate ${FAULT_RATE}"
# One memory sample a minute under load, so a steady trend can be told from a one-off warm-up (JIT, metaspace).
t0=$(date +%s)
( while kill -0 "$app" 2>/dev/null; do echo "$(( $(date +%s) - t0 )) $(rss) $(heap)"; sleep 60; done ) > "$OUT/memory.tsv" &
sampler=$!
pids+=($sampler)
java -cp "$CP" io.embedded.gateway.tools.SoakDriver "http://127.0.0.1:$APP_PORT/api/airbyte/widget-token" "$ORIGIN" "$RATE" "$DURATION" | tee "$OUT/report.txt"
heap_end=$(heap); rss_end=$(rss)
kill "$sampler" 2>/dev/null || true
echo "$(( $(date +%s) - t0 )) $rss_end $heap_end" >> "$OUT/memory.tsv"
{
  echo "heap_start_mb $heap_start"
  echo "heap_end_mb $heap_end"
  echo "rss_start_mb $rss_start"
  echo "rss_end_mb $rss_end"
  echo "rss_mb_by_minute $(awk '{printf "%s%s", (NR > 1 ? " " : ""), $2}' "$OUT/memory.tsv")"
  # Growth over the second half of the run only: a warm-up is over by then, a leak is not.
  awk -v half=$((DURATION / 2)) '$1 >= half && !t {t = $1; r = $2} {lt = $1; lr = $2}
    END {if (t && lt > t) printf "rss_second_half_mb_per_min %.2f\n", (lr - r) * 60 / (lt - t)}' "$OUT/memory.tsv"
  if grep -q "soak-secret-value" "$OUT/gateway.log"; then echo "secret_in_log yes"; else echo "secret_in_log no"; fi
} | tee -a "$OUT/report.txt"
if awk '/^undocumented/ {exit !($2 > 0)}' "$OUT/report.txt"; then
  echo "FAIL: undocumented statuses seen"; exit 1
fi
