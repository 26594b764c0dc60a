#!/usr/bin/env bash
# Measures the resident memory of the packaged JVM application (target/quarkus-app) idle and under a little load,
# against the in-process Airbyte stand-in. The numbers size the requests and limits in deploy/k8s.
# Usage: ./mvnw -B -q package -DskipTests && scripts/measure-rss.sh [extra JVM options, e.g. -Xmx128m]
# Needs wrk (apt-get install wrk). Not part of CI: it takes about a minute and its numbers depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-16}
API_PORT=${API_PORT:-28080}
MGMT_PORT=${MGMT_PORT:-29000}
STANDIN_PORT=${STANDIN_PORT:-28089}
for port in "$API_PORT" "$MGMT_PORT" "$STANDIN_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; set API_PORT, MGMT_PORT, STANDIN_PORT" >&2; exit 1; fi
done
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

wiremock=$(./mvnw -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout)/org/wiremock/wiremock-standalone
wiremock=$(ls "$wiremock"/*/wiremock-standalone-*.jar | grep -v sources | tail -1)
cat >"$work/StandIn.java" <<'JAVA'
public class StandIn {
    public static void main(String[] a) throws Exception {
        io.embedded.gateway.standin.AirbyteStandIn.start(Integer.parseInt(a[0]), "rss-client", "rss-secret");
        Thread.currentThread().join();
    }
}
JAVA
java -cp "target/classes:$wiremock:target/quarkus-app/lib/main/*" "$work/StandIn.java" "$STANDIN_PORT" >"$work/standin.log" 2>&1 &
pids+=($!)

AIRBYTE_API_URL=http://127.0.0.1:$STANDIN_PORT AIRBYTE_CLIENT_ID=rss-client AIRBYTE_CLIENT_SECRET=rss-secret \
  GATEWAY_ALLOWED_ORIGINS=https://app.example.com QUARKUS_HTTP_PORT=$API_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  java "$@" -jar target/quarkus-app/quarkus-run.jar >"$work/app.log" 2>&1 &
app=$!
pids+=($app)
ready=no
for _ in $(seq 1 120); do
  if curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"userId":"warmup"}' \
      "http://127.0.0.1:$API_PORT/api/airbyte/widget-token" 2>/dev/null; then ready=yes; break; fi
  sleep 0.5
done
[ "$ready" = yes ] || { echo "the gateway never minted a token; logs:" >&2; tail -20 "$work/standin.log" "$work/app.log" >&2; exit 1; }
kb() { awk -v k="$1:" '$1==k {print $2}' "/proc/$app/status"; }
idle=$(kb VmRSS)

cat >"$work/post.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/airbyte/widget-token", {["Content-Type"] = "application/json",
    ["Origin"] = "https://app.example.com"}, string.format('{"userId":"user_%d"}', n % 500))
end
LUA
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$work/post.lua" "http://127.0.0.1:$API_PORT" >"$work/wrk.txt"
loaded=$(kb VmRSS)
peak=$(kb VmHWM)
echo "JVM options: ${*:-(none)}"
grep -E 'Requests/sec|Latency|requests in' "$work/wrk.txt"
if grep -q 'Non-2xx' "$work/wrk.txt"; then grep 'Non-2xx' "$work/wrk.txt" >&2; echo "load run had failures; logs in app.log" >&2; exit 1; fi
echo "RSS idle after warm-up: $((idle / 1024)) MiB"
echo "RSS after ${DURATION} at ${CONNECTIONS} connections: $((loaded / 1024)) MiB"
echo "RSS peak (VmHWM): $((peak / 1024)) MiB"
