#!/usr/bin/env bash
# The README's run command works offline: `./mvnw quarkus:dev` starts with the Airbyte stand-in from src/dev, mints a
# widget token and serves the playground. Then a package built right after dev mode holds none of src/dev (dev mode
# compiles it into target/classes; the build removes it before packaging).
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/dev-mode-check
mkdir -p "$out"
pid=
cleanup() {
  [[ -n "$pid" ]] && kill -- -"$pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
fail() {
  echo "DEV MODE CHECK FAILED: $*" >&2
  tail -40 "$out/dev.log" >&2
  exit 1
}

set -m
./mvnw -B quarkus:dev -Dquarkus.console.enabled=false -Ddebug=false < /dev/null > "$out/dev.log" 2>&1 &
pid=$!
set +m
for _ in $(seq 1 240); do
  grep -q "Listening on" "$out/dev.log" && break
  grep -q "BUILD FAILURE" "$out/dev.log" && fail "dev mode did not start"
  sleep 1
done
grep -q "Airbyte stand-in listening" "$out/dev.log" || fail "the stand-in did not start in dev mode"

status=$(curl -s -o "$out/mint.json" -w '%{http_code}' -X POST http://localhost:8080/api/airbyte/widget-token \
  -H 'Origin: http://localhost:5173' -H 'Content-Type: application/json' -d '{"userId":"dev-check-user"}')
[[ "$status" == 200 ]] || fail "minting in dev mode answered $status: $(cat "$out/mint.json")"
grep -q '"token"' "$out/mint.json" || fail "no token in $(cat "$out/mint.json")"
status=$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/)
[[ "$status" == 200 ]] || fail "the playground answered $status"
# Source events: a source created in dev mode reaches the playground's receiver as a signed, verified webhook.
status=$(curl -s -o "$out/source.json" -w '%{http_code}' -X POST http://localhost:8080/api/airbyte/sources \
  -H 'Origin: http://localhost:5173' -H 'Content-Type: application/json' -d '{"userId":"dev-check-user",
  "sourceTemplateId":"9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11","configuration":{"credentials":{"access_token":"x"},
  "repositories":["acme/app"]}}')
[[ "$status" == 201 ]] || fail "creating a source in dev mode answered $status: $(cat "$out/source.json")"
for _ in $(seq 1 20); do
  curl -s http://localhost:8080/playground/webhooks > "$out/webhooks.json"
  grep -q '"verified":true' "$out/webhooks.json" && break
  sleep 0.5
done
grep -q '"verified":true' "$out/webhooks.json" || fail "no verified webhook in the playground: $(cat "$out/webhooks.json")"
cleanup
pid=

./mvnw -B -q package -DskipTests > "$out/package.log" 2>&1 || { cat "$out/package.log" >&2; exit 1; }
for jar in target/quarkus-app/app/*.jar; do
  if unzip -l "$jar" | grep -E 'standin|playground'; then
    echo "DEV MODE CHECK FAILED: $jar holds dev-only classes after dev mode" >&2
    exit 1
  fi
done
echo "dev mode: offline start, widget token, playground and a verified source-event webhook OK; the package built afterwards holds no src/dev class"
