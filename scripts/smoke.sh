#!/usr/bin/env bash
# Starts the packaged gateway as it ships (prod profile, the default jwt identity mode, every setting from the
# environment, as in the `docker run` of docs/operations.md and deploy/k8s) against the Airbyte stand-in, and checks its main job end
# to end: a widget token for a verified partner JWT, 401 without one, 403 for a foreign origin, the scoped token and the
# source templates. Reports startup (exec to ready), Quarkus's own "started in", and memory after start and after load.
#
# Usage: scripts/smoke.sh              the fast jar, target/quarkus-app (.ci/run)
#        scripts/smoke.sh native       the native executable, target/*-runner
#        scripts/smoke.sh image NAME   a container image, with docker (the release pipeline, read-only root as in k8s)
# Needs a built application (./mvnw package, or -Dnative), curl and openssl. SUMMARY=file appends a Markdown table
# (the workflow passes $GITHUB_STEP_SUMMARY). Exits non-zero on any failed check; timings are reported, never judged.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-jar}
image=${2:-}
out=target/smoke
standin_port=${SMOKE_STANDIN_PORT:-18089}
http_port=${SMOKE_HTTP_PORT:-18080}
management_port=${SMOKE_MANAGEMENT_PORT:-19000}
origin=https://app.example.com
issuer=https://idp.example.com
audience=airbyte-embedded-gateway
rm -rf "$out" && mkdir -p "$out"

pids=()
cleanup() {
  [[ "$mode" == image ]] && docker rm -f gateway-smoke >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
fail() {
  echo "SMOKE FAILED: $*" >&2
  echo "--- gateway log (last 40 lines)" >&2
  if [[ "$mode" == image ]]; then docker logs gateway-smoke 2>&1 | tail -40 >&2; else tail -40 "$out/gateway.log" >&2; fi
  exit 1
}

# The Airbyte stand-in (test code: never in the shipped application) as its own process.
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$out/classpath" -Dmdep.includeScope=test
[[ -f target/test-classes/io/embedded/gateway/tools/StandInMain.class ]] || ./mvnw -B -q test-compile
java -cp "target/test-classes:target/classes:$(cat "$out/classpath")" io.embedded.gateway.tools.StandInMain \
  "$standin_port" smoke-client smoke-client-secret-value >"$out/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "stand-in ready" "$out/standin.log" && break; sleep 0.1; done
grep -q "stand-in ready" "$out/standin.log" || { cat "$out/standin.log" >&2; echo "stand-in did not start" >&2; exit 1; }

# The partner's identity provider: an RSA key pair; the gateway gets the public key, the script signs JWTs.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/idp.key" 2>/dev/null
openssl pkey -in "$out/idp.key" -pubout -out "$out/idp.pub"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
jwt() {
  local now header payload
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","aud":"%s","sub":"%s","iat":%d,"exp":%d}' "$issuer" "$audience" "$1" "$now" $((now + 300)) | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$out/idp.key" | b64url)"
}

# Exactly the settings an operator gives (docs/operations.md); the identity mode is left at its default, jwt.
settings=(
  GATEWAY_ALLOWED_ORIGINS="$origin"
  AIRBYTE_API_URL="http://127.0.0.1:$standin_port"
  AIRBYTE_CLIENT_ID=smoke-client
  AIRBYTE_CLIENT_SECRET=smoke-client-secret-value
  GATEWAY_IDENTITY_JWT_ISSUER="$issuer"
  GATEWAY_IDENTITY_JWT_AUDIENCE="$audience"
  GATEWAY_IDENTITY_JWT_PUBLIC_KEY="$(cat "$out/idp.pub")"
  QUARKUS_HTTP_PORT="$http_port"
  QUARKUS_MANAGEMENT_PORT="$management_port"
)

start=$(date +%s%N)
case "$mode" in
  jar)
    env "${settings[@]}" java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$out/gateway.log" 2>&1 &
    pids+=($!)
    gateway_pid=$!
    ;;
  native)
    runner=$(find target -maxdepth 1 -name '*-runner' -type f | head -1)
    [[ -x "$runner" ]] || { echo "no native executable in target/: ./mvnw package -Dnative first" >&2; exit 1; }
    env "${settings[@]}" "$runner" >"$out/gateway.log" 2>&1 &
    pids+=($!)
    gateway_pid=$!
    ;;
  image)
    [[ -n "$image" ]] || { echo "usage: scripts/smoke.sh image NAME" >&2; exit 1; }
    docker_env=()
    for setting in "${settings[@]}"; do docker_env+=(-e "$setting"); done
    # Host network: the container reaches the stand-in on loopback. Read-only root and /tmp only, as in deploy/k8s.
    docker run -d --name gateway-smoke --network host --read-only --tmpfs /tmp "${docker_env[@]}" "$image" >/dev/null
    ;;
  *) echo "unknown mode $mode (jar, native or image NAME)" >&2; exit 1 ;;
esac

ready=
for _ in $(seq 1 1500); do
  if curl -fs -o /dev/null "http://127.0.0.1:$management_port/q/health/ready"; then ready=yes; break; fi
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[[ -n "$ready" ]] || fail "not ready after 30 s"

logs() { if [[ "$mode" == image ]]; then docker logs gateway-smoke 2>&1; else cat "$out/gateway.log"; fi; }
rss() {
  if [[ "$mode" == image ]]; then
    docker stats --no-stream --format '{{.MemUsage}}' gateway-smoke | cut -d/ -f1 | tr -d ' '
  else
    echo "$(( $(ps -o rss= -p "$gateway_pid") / 1024 ))MiB"
  fi
}
rss_started=$(rss)

api=http://127.0.0.1:$http_port/api/airbyte
# status code of a request; the body lands in $out/body
call() { curl -s -o "$out/body" -w '%{http_code}' "$@"; }
expect() {
  local want=$1 what=$2; shift 2
  local got
  got=$(curl -s -o "$out/body" -w '%{http_code} %{time_total}' "$@")
  [[ "${got% *}" == "$want" ]] || fail "$what: expected $want, got ${got% *}: $(head -c 300 "$out/body")"
  echo "ok  $want $what ($(awk '{printf "%d", $1 * 1000}' <<<"${got#* }") ms)"
}

token=$(jwt smoke-user)
expect 200 "widget token for a verified JWT" -X POST "$api/widget-token" -H "Origin: $origin" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}'
grep -q '"token"' "$out/body" || fail "the widget-token answer has no token: $(head -c 300 "$out/body")"
expect 401 "widget token without a bearer" -X POST "$api/widget-token" -H "Origin: $origin" \
  -H 'Content-Type: application/json' -d '{}'
grep -q '"type"' "$out/body" || fail "401 without a problem body"
expect 401 "widget token with a forged JWT" -X POST "$api/widget-token" -H "Origin: $origin" \
  -H "Authorization: Bearer ${token%.*}.AAAA" -H 'Content-Type: application/json' -d '{}'
expect 403 "widget token for a foreign origin" -X POST "$api/widget-token" -H "Origin: https://evil.example.com" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}'
expect 200 "scoped token" -X POST "$api/scoped-token" -H "Origin: $origin" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{}'
expect 200 "source templates" "$api/source-templates" -H "Origin: $origin" -H "Authorization: Bearer $token"
template=$(grep -o '"id" *: *"[^"]*"' "$out/body" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
[[ -n "$template" ]] || fail "no source template in the answer"
# An empty configuration misses the template's required fields: the JSON Schema validator answers, Airbyte is not called.
expect 422 "source with an invalid configuration" -X POST "$api/sources" -H "Origin: $origin" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"sourceTemplateId\":\"$template\",\"name\":\"smoke\",\"configuration\":{}}"
grep -q '"pointer"' "$out/body" || fail "422 without field pointers: $(head -c 300 "$out/body")"
expect 200 "sources of the caller's workspace" "$api/sources" -H "Origin: $origin" -H "Authorization: Bearer $token"

# A little load (distinct users, so the per-identity limit is not what is measured), then memory again.
load_tokens=()
for i in $(seq 0 19); do load_tokens+=("$(jwt "load-user-$i")"); done
load_start=$(date +%s%N)
for i in $(seq 1 200); do
  code=$(call -X POST "$api/widget-token" -H "Origin: $origin" -H "Authorization: Bearer ${load_tokens[$((i % 20))]}" \
    -H 'Content-Type: application/json' -d '{}')
  [[ "$code" == 200 ]] || fail "request $i of the load answered $code: $(head -c 300 "$out/body")"
done
load_ms=$(( ($(date +%s%N) - load_start) / 1000000 ))
echo "ok  200 x 200 widget tokens in ${load_ms} ms"
rss_loaded=$(rss)
reported=$(logs | grep -o 'started in [0-9.]*s' | head -1 || true)

report() {
  echo "### Smoke test: $mode${image:+ ($image)}"
  echo "| metric | value |"
  echo "| --- | --- |"
  [[ "$mode" == image ]] && echo "| image size | $(( $(docker image inspect --format '{{.Size}}' "$image") / 1024 / 1024 )) MiB |"
  [[ "$mode" == native ]] && echo "| executable size | $(( $(stat -c %s "$runner") / 1024 / 1024 )) MiB |"
  echo "| launch to /q/health/ready | ${ready_ms} ms |"
  echo "| startup reported by Quarkus | ${reported:-not found in the log} |"
  echo "| memory (RSS) when ready | ${rss_started} |"
  echo "| memory (RSS) after 200 widget tokens | ${rss_loaded} |"
  echo "| 200 sequential widget tokens (one curl each) | ${load_ms} ms |"
}
report
[[ -n "${SUMMARY:-}" ]] && report >>"$SUMMARY"
echo "smoke: all checks passed"
