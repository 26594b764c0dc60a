#!/usr/bin/env bash
# Benchmark (not a test): the packaged gateway, the jar or the native executable, against the Airbyte stand-in, side
# by side with the stand-in driven directly, which is the limit a perfect broker would reach on this machine. Reports a
# table (throughput, latency, CPU time per request, memory) and startup (exec to ready), and bench results JSON.
#
#   bench/run.sh                 # the jar: the full run (about 9 minutes on 2 cores, packaging included)
#   RUNNER=target/airbyte-embedded-gateway-1.0.0-SNAPSHOT-runner bench/run.sh   # the native executable, as shipped
#   SMOKE=1 bench/run.sh         # a few seconds per point, no judging: keeps the script working (CI)
#   SKIP_BUILD=1 bench/run.sh    # reuse target/quarkus-app (CI has just built it)
#   STORES=memory bench/run.sh   # skip the shared-store comparison
#   STARTS=7 SMOKE=1 STORES=memory bench/run.sh   # startup: the median of 7 launches, then a short load
#
# Settings (environment): RUNNER, a native executable to measure instead of target/quarkus-app/quarkus-run.jar (never
# built here); JAVA_OPTS for the jar only (see docs/performance.md); NATIVE_OPTS for the executable only (none by
# default: it is measured as shipped); DURATION seconds per point (8), WARMUP seconds of load before measuring (90),
# CONNECTIONS ("1 16 64"), LATENCIES: the stand-in's added latency per scenario in ms ("20 0"), USERS (10000),
# TOKEN_LIFETIME: the stand-in's operator-token lifetime in s (60: a run sees several refreshes; above DURATION),
# STARTS: launches timed from exec to ready, the last one measured under load (3; 1 with SMOKE=1), STEPS=1: the
# slowest startup steps of either form from one more launch (also in OUT/steps.txt and the summary), OUT
# (target/bench), SUMMARY: a file to append the Markdown tables to (the workflow passes $GITHUB_STEP_SUMMARY), STORES
# ("memory redis": after the main run, the same points again on a gateway with gateway.state.store=redis and a local
# redis-server, reported as the added p50/p99 of the shared store).
set -euo pipefail
# Relative to where it was called from, before the cd below.
RUNNER=${RUNNER:+$(realpath "$RUNNER")}
cd "$(dirname "$0")/.."

SMOKE=${SMOKE:-0}
if [[ $SMOKE == 1 ]]; then
  DURATION=${DURATION:-2}; WARMUP=${WARMUP:-3}; CONNECTIONS=${CONNECTIONS:-"1 16"}; LATENCIES=${LATENCIES:-"20"}
  STARTS=${STARTS:-1}
fi
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-90}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
LATENCIES=${LATENCIES:-"20 0"}
USERS=${USERS:-10000}
STARTS=${STARTS:-3}
STORES=${STORES:-"memory redis"}
REDIS_PORT=${REDIS_PORT:-18379}
if [[ -n $RUNNER ]]; then
  [[ -x $RUNNER && -f $RUNNER ]] || { echo "RUNNER=$RUNNER is not an executable file (./mvnw package -Dnative)" >&2; exit 1; }
  FORM=native
  OPTS=${NATIVE_OPTS:-}
else
  FORM=jar
  # The JVM options docs/performance.md recommends for the JVM image; JAVA_OPTS=" " measures the JVM's own defaults.
  OPTS=${JAVA_OPTS:-"-Xmx96m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000"}
fi
OUT=${OUT:-target/bench}
STANDIN_PORT=${STANDIN_PORT:-18189}
APP_PORT=${APP_PORT:-18180}
MGMT_PORT=${MGMT_PORT:-19100}
ORIGIN=https://app.partner.example
TOKEN_LIFETIME=${TOKEN_LIFETIME:-60}
CLIENT_ID=bench-client
# The harness's own direct calls fetch their tokens under another client id, so the gateway's are counted alone.
DIRECT_CLIENT_ID=bench-direct
# Known to the harness so that bench/audit_check.py can tell which workspace each audit line's identity hash must name.
AUDIT_KEY=bench-audit-identity-hash-key-of-32-characters
CLIENT_SECRET=bench-secret-value
CLK_TCK=$(getconf CLK_TCK)
# The direct runs hold one operator token each (wrk cannot refresh it), so each must end before that token expires.
if (( DURATION >= TOKEN_LIFETIME || (WARMUP > 10 ? 10 : WARMUP) >= TOKEN_LIFETIME )); then
  echo "TOKEN_LIFETIME=$TOKEN_LIFETIME must be longer than each direct run (DURATION=$DURATION, and up to 10 s of" \
    "direct warm-up): the direct calls use one operator token per point" >&2
  exit 2
fi
mkdir -p "$OUT"

# wrk, curl and python3, the packaged application, CP and the cleanup of pids (scripts/harness.sh).
source scripts/harness.sh
with_redis=$([[ " $STORES " == *" redis "* ]] && echo yes || echo no)
harness_prepare "$OUT" wrk curl python3 $([[ $with_redis == yes ]] && echo redis-server)

# The stand-in gets one event loop, leaving the rest of the machine to the gateway and wrk.
java -XX:+UseSerialGC -cp "$CP" io.embedded.gateway.tools.StandInMain "$STANDIN_PORT" "$CLIENT_ID,$DIRECT_CLIENT_ID" \
  "$CLIENT_SECRET" --event-loops=1 --token-lifetime-s="$TOKEN_LIFETIME" > "$OUT/standin.log" 2>&1 &
standin_pid=$!
pids+=($standin_pid)
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$STANDIN_PORT/__standin/stats" > /dev/null 2>&1 && break; sleep 0.05; done
standin() { curl -sf "http://127.0.0.1:$STANDIN_PORT/__standin/$1" "${@:2}"; }

# Starts the gateway with the extra settings given (NAME=value ...), logging to $1, and waits until it is ready: sets
# app (its pid), launched_us (when it was launched) and ready_ms (from then to the first 200 from the readiness probe).
start_gateway() {
  local log=$1
  launched_us=${EPOCHREALTIME/./}
  if [[ $FORM == native ]]; then
    env "${settings[@]}" "${@:2}" "$RUNNER" $OPTS > "$log" 2>&1 &
  else
    # From inside quarkus-app, as the JVM image runs it: an AppCDS archive (-XX:SharedArchiveFile=app-cds.jsa) records
    # the class path relative to it. exec: the pid is the JVM's.
    (cd target/quarkus-app && exec env "${settings[@]}" "${@:2}" java $OPTS -jar quarkus-run.jar) > "$log" 2>&1 &
  fi
  app=$!
  pids+=($app)
  if ! ready_ms=$(harness_ready "http://127.0.0.1:$MGMT_PORT/q/health/ready" "$app" "$launched_us"); then
    echo "FAIL: the gateway did not become ready; see $log"; tail -20 "$log"; exit 1
  fi
}
stop_gateway() { kill "$app" && wait "$app" 2> /dev/null || true; }
settings=(GATEWAY_ALLOWED_ORIGINS=$ORIGIN AIRBYTE_API_URL=http://127.0.0.1:$STANDIN_PORT AIRBYTE_CLIENT_ID=$CLIENT_ID
  AIRBYTE_CLIENT_SECRET=$CLIENT_SECRET QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT
  GATEWAY_IDENTITY_MODE=body GATEWAY_AUDIT_IDENTITY_HASH_KEY=$AUDIT_KEY
  GATEWAY_RATE_LIMIT_PER_IDENTITY_LIMIT=1000000 GATEWAY_RATE_LIMIT_PER_IDENTITY_PERIOD=1s
  GATEWAY_RATE_LIMIT_GLOBAL_LIMIT=1000000 GATEWAY_RATE_LIMIT_GLOBAL_PERIOD=1s)
# utime + stime of a process, in clock ticks (1/CLK_TCK s), from /proc/PID/stat (fields 14 and 15, after the command
# name in parentheses); all its threads, the JIT compiler and the collector included.
cpu_ticks() { local stat; stat=$(< "/proc/$1/stat"); stat=${stat##*) }; set -- $stat; echo $(( ${12} + ${13} )); }
# The gateway's resident memory and its high-water mark (VmRSS, VmHWM), MiB. VmHWM is loose (the kernel records it at
# some events only), so bench/report.py takes the peak as the larger of it and every RSS read.
memory() { awk '/^VmRSS:/ {r = $2} /^VmHWM:/ {h = $2} END {printf "%.1f %.1f\n", r / 1024, h / 1024}' "/proc/$app/status"; }
# Bytes the gateway's heap has allocated since it started, from its own metrics: Micrometer's count of what the young
# generation took in up to the last collection, plus what eden holds now (a collection empties it). Only the JVM has
# these meters; natively (no jvm_gc_* meters) it prints null. Stable from run to run where CPU time is not, so it is
# the figure to compare two builds of the hot path by on a noisy machine.
allocated() {
  { curl -sf "http://127.0.0.1:$MGMT_PORT/q/metrics" || true; } | python3 -c '
import re, sys
total, eden = None, 0.0
for line in sys.stdin:
    if line.startswith("jvm_gc_memory_allocated_bytes_total"):
        total = float(line.split()[-1])
    elif line.startswith("jvm_memory_used_bytes{") and re.search(r"id=\"[^\"]*[Ee]den", line):
        eden += float(line.split()[-1])
print("null" if total is None else int(total + eden))'
}

echo "form: $FORM ($([[ $FORM == native ]] && echo "$RUNNER" || java -version 2>&1 | head -1)), options: ${OPTS:-none}"
if [[ ${STEPS:-0} == 1 ]]; then
  # A system property: the JVM reads it from JAVA_TOOL_OPTIONS, the executable from its arguments. It slows the start
  # it reports on, so this launch is not timed.
  if [[ $FORM == native ]]; then
    timed_opts=$OPTS
    OPTS="$OPTS -Dquarkus.debug.print-startup-times=true"
    start_gateway "$OUT/steps.log"
    OPTS=$timed_opts
  else
    start_gateway "$OUT/steps.log" JAVA_TOOL_OPTIONS=-Dquarkus.debug.print-startup-times=true
  fi
  stop_gateway
  grep 'Build step' "$OUT/steps.log" | sed -E 's/.*Build step (.*) completed in: ([0-9]+)ms.*/\2 \1/' | sort -rn \
    | head -12 > "$OUT/steps.txt"
  echo "slowest startup steps (ms), one launch:"
  cat "$OUT/steps.txt"
  if [[ -n ${SUMMARY:-} ]]; then
    { echo "### Slowest startup steps ($FORM, one launch, ms)"; echo; echo '```'; cat "$OUT/steps.txt"; echo '```'; echo; } \
      >> "$SUMMARY"
  fi
fi
# Startup: STARTS launches as alike as possible, each timed from the exec to the first 200 from the readiness probe
# (which waits for the startup credentials check: one operator-token call to the stand-in), with Quarkus's own
# "started in" and the RSS when ready. The last one stays up and is measured under load.
: > "$OUT/starts.txt"
for i in $(seq 1 "$STARTS"); do
  log=$OUT/gateway.log
  (( i == STARTS )) || log=$OUT/start-$i.log
  start_gateway "$log"
  read -r rss_ready_mb _ < <(memory)
  started_s=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | grep -o '[0-9.]*' || echo null)
  echo "$ready_ms $started_s $rss_ready_mb" >> "$OUT/starts.txt"
  echo "start $i: ready ${ready_ms} ms after exec (Quarkus: started in ${started_s} s), RSS ${rss_ready_mb} MiB"
  (( i == STARTS )) || stop_gateway
done

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
drive() { # target connections seconds result-file; direct needs DIRECT_TOKEN
  if [[ $1 == gateway ]]; then
    RESULT=$4 USERS=$USERS ORIGIN=$ORIGIN BODY='{"userId":"{user}"}' \
      wrk -t "$(threads "$2")" -c "$2" -d "${3}s" --timeout 10s -s bench/widget-token.lua "$GATEWAY_URL" > /dev/null
  else
    RESULT=$4 USERS=$USERS AUTHORIZATION="Bearer $DIRECT_TOKEN" \
    BODY="{\"workspace_name\":\"{user}\",\"allowed_origin\":\"$ORIGIN\"}" \
      wrk -t "$(threads "$2")" -c "$2" -d "${3}s" --timeout 10s -s bench/widget-token.lua "$DIRECT_URL" > /dev/null
  fi
}
# The gateway's operator-token fetches so far, and all widget-token calls the stand-in answered.
stats() {
  standin stats | python3 -c "import json,sys; s=json.load(sys.stdin); print(len(s['tokensIssued'].get('$CLIENT_ID', [])), s['widgetTokenCalls'])"
}

# Warm-up: the JVM's JIT needs a while under load on a small machine (the executable only fills its pools and caches);
# nothing measured before it has settled.
max_c=${CONNECTIONS##* }
first_latency=${LATENCIES%% *}
standin "latency?ms=$first_latency" -X POST > /dev/null
echo "warm-up: ${WARMUP}s at $max_c connections (gateway), then measuring ${DURATION}s per point"
drive gateway "$max_c" "$WARMUP" "$OUT/warmup.json"
DIRECT_TOKEN=$(direct_token)
drive direct "$max_c" "$(( WARMUP > 10 ? 10 : WARMUP ))" "$OUT/warmup-direct.json"

points=()
declare -A gateway_ticks
for latency in $LATENCIES; do
  standin "latency?ms=$latency" -X POST > /dev/null
  for c in $CONNECTIONS; do
    # Side by side: the direct limit and the gateway at the same load, one right after the other; the CPU time of the
    # process under test (the stand-in, then the gateway) read around each.
    DIRECT_TOKEN=$(direct_token)
    standin_before=$(cpu_ticks $standin_pid)
    drive direct "$c" "$DURATION" "$OUT/direct-$latency-$c.json"
    standin_ticks=$(( $(cpu_ticks $standin_pid) - standin_before ))
    read -r tokens_before calls_before < <(stats)
    allocated_before=$(allocated)
    gateway_before=$(cpu_ticks $app)
    drive gateway "$c" "$DURATION" "$OUT/gateway-$latency-$c.json"
    gateway_ticks[$latency-$c]=$(( $(cpu_ticks $app) - gateway_before ))
    allocated_after=$(allocated)
    gateway_allocated=null
    [[ $allocated_before == null || $allocated_after == null ]] || gateway_allocated=$(( allocated_after - allocated_before ))
    read -r tokens_after calls_after < <(stats)
    read -r rss_mb hwm_mb < <(memory)
    echo "{\"latency_ms\":$latency,\"connections\":$c,\"direct\":$(cat "$OUT/direct-$latency-$c.json"),\"gateway\":$(cat "$OUT/gateway-$latency-$c.json"),\"operator_token_calls\":$(( tokens_after - tokens_before )),\"upstream_widget_calls\":$(( calls_after - calls_before )),\"standin_cpu_ticks\":$standin_ticks,\"gateway_cpu_ticks\":${gateway_ticks[$latency-$c]},\"gateway_allocated_bytes\":$gateway_allocated,\"gateway_rss_mb\":$rss_mb,\"gateway_hwm_mb\":$hwm_mb}" > "$OUT/point-$latency-$c.json"
    points+=("$OUT/point-$latency-$c.json")
  done
done
read -r rss_mb hwm_mb < <(memory)
# And once the process has had a moment to hand back what the load left behind (the JVM's periodic native-heap trim,
# if enabled).
sleep "$(( SMOKE == 1 ? 1 : 10 ))"
read -r rss_settled_mb _ < <(memory)
standin stats > "$OUT/standin-stats.json"

status=0
python3 bench/report.py --smoke "$SMOKE" --form "$FORM" --runner "${RUNNER:+${RUNNER#"$PWD"/}}" \
  --opts="$OPTS" --starts "$OUT/starts.txt" --rss-mb "$rss_mb" --rss-settled-mb "$rss_settled_mb" --rss-hwm-mb "$hwm_mb" \
  --clk-tck "$CLK_TCK" --warmup "$OUT/warmup.json" --standin-stats "$OUT/standin-stats.json" --client-id "$CLIENT_ID" \
  --token-lifetime "$TOKEN_LIFETIME" --since-ms "$(( launched_us / 1000 ))" --summary "${SUMMARY:-}" \
  --out "$OUT/results.json" "${points[@]}" || status=$?
# Every widget token's audit line names its own caller's workspace: under load, with token refreshes, no request's
# continuation ran with another request's context (the warm-up, a cold start at full concurrency, included).
python3 bench/audit_check.py --key "$AUDIT_KEY" --users "$USERS" "$OUT/gateway.log" || status=$?
[[ $with_redis == yes ]] || exit $status

# The shared store's cost: a fresh gateway on gateway.state.store=redis (one Lua round trip per request for the rate
# limits), warmed up like the first, at the same points. Compared with the memory gateway's figures above.
echo "shared store: the same points with gateway.state.store=redis (redis-server on port $REDIS_PORT)"
stop_gateway
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do redis-cli -p "$REDIS_PORT" ping > /dev/null 2>&1 && break; sleep 0.05; done
start_gateway "$OUT/gateway-redis.log" GATEWAY_STATE_STORE=redis QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$REDIS_PORT \
  GATEWAY_STATE_REDIS_KEY_HASH_KEY=bench-key-hash-key-of-at-least-32-characters
echo "redis gateway: ready ${ready_ms} ms after exec"
standin "latency?ms=$first_latency" -X POST > /dev/null
drive gateway "$max_c" "$WARMUP" "$OUT/warmup-redis.json"
store_points=()
for latency in $LATENCIES; do
  standin "latency?ms=$latency" -X POST > /dev/null
  for c in $CONNECTIONS; do
    gateway_before=$(cpu_ticks $app)
    drive gateway "$c" "$DURATION" "$OUT/redis-$latency-$c.json"
    redis_ticks=$(( $(cpu_ticks $app) - gateway_before ))
    echo "{\"latency_ms\":$latency,\"connections\":$c,\"memory\":$(cat "$OUT/gateway-$latency-$c.json"),\"redis\":$(cat "$OUT/redis-$latency-$c.json"),\"memory_cpu_ticks\":${gateway_ticks[$latency-$c]},\"redis_cpu_ticks\":$redis_ticks}" > "$OUT/store-$latency-$c.json"
    store_points+=("$OUT/store-$latency-$c.json")
  done
done
# Proof that the store was used: Redis's count of limit checks, and the gateway's own view of the store.
redis_checks=$(redis-cli -p "$REDIS_PORT" info commandstats | awk -F'[:=,]' '/^cmdstat_eval(sha)?:/ {n += $3} END {print n + 0}')
store_available=$(curl -sf "http://127.0.0.1:$MGMT_PORT/q/metrics" | awk '/^gateway_state_store_available/ {print $2}')
python3 bench/store_report.py --smoke "$SMOKE" --form "$FORM" --redis-checks "${redis_checks:-0}" \
  --store-available "${store_available:-0}" --clk-tck "$CLK_TCK" --summary "${SUMMARY:-}" \
  --warmup "$OUT/warmup-redis.json" --out "$OUT/store-results.json" \
  "${store_points[@]}" || status=$?
python3 bench/audit_check.py --key "$AUDIT_KEY" --users "$USERS" "$OUT/gateway-redis.log" || status=$?
exit $status
