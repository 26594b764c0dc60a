#!/usr/bin/env bash
# Startup of the packaged application as it ships (prod profile, default jwt identity mode): RUNS launches, each timed
# from exec to the first 200 from /q/health/ready, with Quarkus's own "started in" and the RSS when ready. Prints every
# run and the medians. STEPS=1 adds the slowest startup steps of one more JVM run (-Dquarkus.debug.print-startup-times).
# Starting needs no upstream call, so Airbyte is an address nobody listens on.
# Usage: bench/startup.sh [jar|native]   (env: RUNS=7, STEPS=0, JAVA_OPTS for the JVM)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-jar}
runs=${RUNS:-7}
out=target/bench/startup
http_port=18180
management_port=19100
rm -rf "$out" && mkdir -p "$out"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/idp.key" 2>/dev/null
openssl pkey -in "$out/idp.key" -pubout -out "$out/idp.pub"

case "$mode" in
  # From inside quarkus-app, as the JVM image runs it: an AppCDS archive (JAVA_OPTS=-XX:SharedArchiveFile=app-cds.jsa)
  # records the class path relative to it.
  jar) dir=target/quarkus-app launch=(java ${JAVA_OPTS:-} -jar quarkus-run.jar) ;;
  native) dir=target launch=("./$(cd target && find . -maxdepth 1 -name '*-runner' -type f | head -1)") ;;
  *) echo "usage: bench/startup.sh [jar|native]" >&2; exit 1 ;;
esac
settings=(GATEWAY_ALLOWED_ORIGINS=https://app.example.com AIRBYTE_API_URL=http://127.0.0.1:9 AIRBYTE_CLIENT_ID=bench
  AIRBYTE_CLIENT_SECRET=bench-secret-value GATEWAY_IDENTITY_JWT_ISSUER=https://idp.example.com
  GATEWAY_IDENTITY_JWT_AUDIENCE=airbyte-embedded-gateway "GATEWAY_IDENTITY_JWT_PUBLIC_KEY=$(cat "$out/idp.pub")"
  QUARKUS_HTTP_PORT=$http_port QUARKUS_MANAGEMENT_PORT=$management_port)

# One launch: prints "<ready ms> <started in s> <rss MiB>"; extra arguments go before the launch command's own.
launch_once() {
  local log=$1; shift
  local start pid ready_ms
  start=$(date +%s%N)
  (cd "$dir" && exec env "${settings[@]}" "${launch[0]}" "$@" "${launch[@]:1}") >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    curl -fs -o /dev/null "http://127.0.0.1:$management_port/q/health/ready" && break
    kill -0 "$pid" 2>/dev/null || { echo "the application exited; $log:" >&2; tail -5 "$log" >&2; exit 1; }
    sleep 0.01
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  local rss_kb
  rss_kb=$(ps -o rss= -p "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ready_ms $(grep -o 'started in [0-9.]*s' "$log" | head -1 | grep -o '[0-9.]*') $((rss_kb / 1024))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "mode=$mode runs=$runs cores=$(nproc) ${JAVA_OPTS:-} $( [[ $mode == jar ]] && java -version 2>&1 | head -1)"
printf '%-5s %12s %12s %10s\n' run ready_ms started_s rss_mib
: >"$out/runs.txt"
for i in $(seq 1 "$runs"); do
  line=$(launch_once "$out/run-$i.log")
  echo "$line" >>"$out/runs.txt"
  printf '%-5s %12s %12s %10s\n' "$i" $line
done
printf '%-5s %12s %12s %10s\n' median "$(cut -d' ' -f1 "$out/runs.txt" | median)" \
  "$(cut -d' ' -f2 "$out/runs.txt" | median)" "$(cut -d' ' -f3 "$out/runs.txt" | median)"

if [[ "${STEPS:-0}" == 1 && "$mode" == jar ]]; then
  launch_once "$out/steps.log" -Dquarkus.debug.print-startup-times=true >/dev/null
  echo "slowest startup steps (ms), one JVM run:"
  grep 'Build step' "$out/steps.log" | sed -E 's/.*Build step (.*) completed in: ([0-9]+)ms.*/\2 \1/' | sort -rn | head -12
fi
