#!/usr/bin/env bash
# Measures graceful shutdown under load (not a test): the packaged gateway serves CONNECTIONS connections of
# widget-token requests while the Airbyte stand-in answers in LATENCY_MS, gets SIGTERM after LOAD_BEFORE seconds, and
# the script reports every answer by status, every request lost to a socket error, and how long the exit took.
# The load behaves like a Service in front of the pod (scripts/drain_driver.py): once the pod is not ready it opens no
# new connection to it, and requests on connections already open go on until the gateway closes them. REROUTE=0 keeps
# reconnecting instead. Every socket error once a request was sent is a lost request.
#
# It runs once per kind of client in KINDS (scripts/drain_driver.py): "retry-after" clients wait as long as a 503's
# Retry-After says; "at-once" clients reconnect and send again at once, whatever the answer said. A fresh gateway
# process serves each run.
#
#   scripts/drain.sh                  # 32 connections, 200 ms upstream, SIGTERM after 5 s, 2 s shutdown delay
#   DELAY=0s REROUTE=0 scripts/drain.sh   # no delay, clients that keep coming back (a local run, no Service)
#   SKIP_BUILD=1 scripts/drain.sh     # reuse target/quarkus-app
#
# Settings (environment): CONNECTIONS (32), LATENCY_MS (200), LOAD_BEFORE (5), DELAY (QUARKUS_SHUTDOWN_DELAY, 2s),
# TIMEOUT (QUARKUS_SHUTDOWN_TIMEOUT, 20s), KINDS ("retry-after at-once"), REROUTE (1), OUT (target/drain), and the
# ports STANDIN_PORT, APP_PORT, MGMT_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-32}
LATENCY_MS=${LATENCY_MS:-200}
LOAD_BEFORE=${LOAD_BEFORE:-5}
DELAY=${DELAY:-2s}
TIMEOUT=${TIMEOUT:-20s}
KINDS=${KINDS:-retry-after at-once}
export REROUTE=${REROUTE:-1}
OUT=${OUT:-target/drain}
STANDIN_PORT=${STANDIN_PORT:-18289}
APP_PORT=${APP_PORT:-18280}
MGMT_PORT=${MGMT_PORT:-19200}
ORIGIN=https://app.partner.example
mkdir -p "$OUT"

# curl and python3, the packaged application, CP and the cleanup of pids (scripts/harness.sh).
source scripts/harness.sh
harness_prepare "$OUT" curl python3

java -XX:+UseSerialGC -cp "$CP" io.embedded.gateway.tools.StandInMain "$STANDIN_PORT" drain-client drain-secret-value \
  --event-loops=1 --latency-ms="$LATENCY_MS" > "$OUT/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$STANDIN_PORT/__standin/stats" > /dev/null 2>&1 && break; sleep 0.05; done

echo "drain: $CONNECTIONS connections, Airbyte answering in $LATENCY_MS ms, SIGTERM after $LOAD_BEFORE s," \
  "QUARKUS_SHUTDOWN_DELAY=$DELAY, $([[ $REROUTE == 1 ]] && echo 'no new connection once not ready (a Service)' \
  || echo 'clients keep reconnecting to the terminating process (REROUTE=0)')"

measure() {
  local kind=$1 log="$OUT/gateway-$1.log" result="$OUT/result-$1.json"
  GATEWAY_ALLOWED_ORIGINS=$ORIGIN AIRBYTE_API_URL=http://127.0.0.1:$STANDIN_PORT AIRBYTE_CLIENT_ID=drain-client \
  AIRBYTE_CLIENT_SECRET=drain-secret-value QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  GATEWAY_IDENTITY_MODE=body QUARKUS_SHUTDOWN_DELAY=$DELAY QUARKUS_SHUTDOWN_TIMEOUT=$TIMEOUT \
  GATEWAY_RATE_LIMIT_PER_IDENTITY_LIMIT=1000000 GATEWAY_RATE_LIMIT_GLOBAL_LIMIT=1000000 \
  QUARKUS_HTTP_ACCESS_LOG_PATTERN='%h "%m %R" %s %b %D ms connection=%{o,Connection}' \
    java -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
  local app=$!
  pids+=($app)
  for _ in $(seq 1 3000); do
    curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" > /dev/null 2>&1 && break
    kill -0 $app 2> /dev/null || { echo "FAIL: the gateway exited; see $log"; exit 1; }
    sleep 0.01
  done

  local seconds=$(( LOAD_BEFORE + ${DELAY%s} + 8 ))
  KIND=$kind python3 scripts/drain_driver.py 127.0.0.1 "$APP_PORT" "$CONNECTIONS" "$seconds" "$ORIGIN" "$result" \
    "http://127.0.0.1:$MGMT_PORT/q/health/ready" &
  local load=$!
  sleep "$LOAD_BEFORE"
  local sigterm
  sigterm=$(date +%s%N)
  kill -TERM $app
  local not_ready_ms=null
  while kill -0 $app 2> /dev/null; do
    if [[ $not_ready_ms == null ]] && ! curl -sf -m 1 "http://127.0.0.1:$MGMT_PORT/q/health/ready" > /dev/null 2>&1; then
      not_ready_ms=$(( ($(date +%s%N) - sigterm) / 1000000 ))
    fi
    sleep 0.05
  done
  local exit_ms=$(( ($(date +%s%N) - sigterm) / 1000000 )) code
  wait $app 2> /dev/null && code=0 || code=$?
  wait $load

  local timed_out
  timed_out=$(grep -c 'Timed out waiting for graceful shutdown' "$log" || true)
  python3 - "$result" "$not_ready_ms" "$exit_ms" "$code" "$timed_out" "$sigterm" "$log" <<'PY'
import datetime, json, sys
result = json.load(open(sys.argv[1]))
sigterm = int(sys.argv[6]) / 1e9 - result["started"]
# When the gateway began to drain (its "Shutting down" line), and the answers it ended afterwards that left their
# connection open (its access log, which names each answer's Connection header here): JSON logs in the prod profile.
drain, drain_sequence, kept_open = None, None, []
def seconds_of(stamp):
    whole, _, fraction = stamp.rstrip("Z").partition(".")
    at = datetime.datetime.fromisoformat(whole).replace(tzinfo=datetime.timezone.utc).timestamp()
    return at + float("0." + (fraction or "0")) - result["started"]
for line in open(sys.argv[7], errors="replace"):
    try:
        record = json.loads(line)
    except ValueError:
        continue
    message = record.get("message", "")
    if drain is None and message.startswith("Shutting down:"):
        drain, drain_sequence = seconds_of(record["timestamp"]), record["sequence"]
    elif drain is not None and record["sequence"] > drain_sequence and '"POST /api/airbyte/widget-token"' in message \
            and not message.endswith("connection=close"):
        kept_open.append(seconds_of(record["timestamp"]) - drain)
what = {"retry-after": "clients that wait as a 503's Retry-After says",
        "at-once": "clients that reconnect and send again at once, whatever the answer"}[result["kind"]]
print(f"\n{result['kind']}: {what}")
print(f"  answers by status: {result['statuses']}")
if drain is not None:
    print(f"  the gateway began to drain {(drain - sigterm) * 1000:.0f} ms after SIGTERM; answers it logged after that"
          f" which left their connection open: {len(kept_open)}"
          + (f" (the last {max(kept_open) * 1000:.1f} ms after: an answer is logged once written, and these were written"
             " as the drain began)" if kept_open and max(kept_open) < 0.05 else
             f" (the last {max(kept_open) * 1000:.1f} ms after)" if kept_open else ""))
lost = result["lost"]
print(f"  lost (a request sent and never answered): {len(lost)}")
for how in ("reset", "closed", "timed out"):
    for reused, on in ((True, "a connection that had carried answers"), (False, "a new connection")):
        times = sorted(round(l["at"] - sigterm, 3) for l in lost if l["how"] == how and l["reused"] == reused)
        if times:
            print(f"    {how} on {on}: {len(times)}, at {times[:12]}{' ...' if len(times) > 12 else ''} s after SIGTERM")
if any(not l["reused"] for l in lost):
    print("    (on a new connection: written while the listener closed, just after the last request in flight ended;"
          + (" these clients come back at once whatever they are told, so some always land in that instant)"
             if result["kind"] == "at-once" else
             " a client that waits as Retry-After says lands there only if its own request was among the last in"
             " flight: its 200 closes the connection and it reconnects at once)"))
if any(l["reused"] for l in lost):
    print("    (on a connection that had carried answers: written as the gateway closed that connection)")
print(f"  waited as Retry-After said: {result['waited']}; rerouted (no new connection to a pod that is not ready): "
      f"{result['rerouted']}; refused connections (the process had exited): {result['refused']}")
print(f"  after SIGTERM: not ready after {sys.argv[2]} ms, exited after {sys.argv[3]} ms (exit code {sys.argv[4]}); "
      f"shutdown timed out: {'yes' if sys.argv[5] != '0' else 'no'}")
PY
}

for kind in $KINDS; do
  measure "$kind"
done
