#!/usr/bin/env bash
# Lints the OpenAPI document written at build time (target/openapi/openapi.yaml) with Redocly's recommended rules,
# every warning an error (.ci/openapi-lint/redocly.yaml). Installs its pinned tool from npm. Needs ./mvnw package first.
set -euo pipefail
cd "$(dirname "$0")/.."
here=.ci/openapi-lint
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error > /dev/null
"$here/node_modules/.bin/redocly" lint --config "$here/redocly.yaml" target/openapi/openapi.yaml
