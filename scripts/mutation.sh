#!/usr/bin/env bash
# Mutation testing (docs/testing.md, "Mutation testing"): PIT mutates the logic that has plain unit tests (limits,
# identity and keys, idempotency, origins, configuration validation, widget tokens) and fails when fewer than THRESHOLD
# per cent of its changes make a test fail. Run by .ci/run, never by `./mvnw verify`. Report: target/pit-reports.
set -euo pipefail
cd "$(dirname "$0")/.."
set -f # the class patterns below end in *, for PIT, not for the shell

# Measured 88 % (docs/testing.md); a little below, for timeouts that load turns into kills. Raise it as the score rises.
THRESHOLD=${THRESHOLD:-84}
# The classes mutated and the tests that may kill them: plain unit tests only, no @QuarkusTest, no redis-server.
classes=(ratelimit.LocalLimits* ratelimit.IdentityBuckets* ratelimit.TokenBucket* identity.BearerTokenVerifier*
  identity.IdentitySettings* identity.CallerIdentity identity.WorkspaceNameTemplate* idempotency.IdempotentRequests*
  origin.Origins* origin.TemplateFilter* sources.ConfigurationValidator* widget.WidgetTokenDecoder*)
tests=(ratelimit.LocalLimitsTest ratelimit.IdentityBucketsTest identity.BearerTokenVerifierTest
  identity.IdentitySettingsTest identity.CallerIdentityTest identity.WorkspaceNameTemplateTest
  idempotency.IdempotentRequestsTest origin.OriginsTest origin.TemplateFiltersTest sources.ConfigurationValidatorTest
  widget.WidgetTokenDecoderTest)
# Log lines and metrics are checked by the log and metrics tests, not by these unit tests.
avoid=(java.util.logging org.slf4j org.jboss.logging io.quarkus.logging io.micrometer)

qualified() { local IFS=,; echo "${*/#/io.embedded.gateway.}"; }
listed() { local IFS=,; echo "$*"; }
# The plugin's version and its JUnit 5 support are pinned in pom.xml's pluginManagement.
./mvnw -B test-compile org.pitest:pitest-maven:mutationCoverage "$@" \
  -DtargetClasses="$(qualified "${classes[@]}")" -DtargetTests="$(qualified "${tests[@]}")" \
  -DavoidCallsTo="$(listed "${avoid[@]}")" -Dthreads=2 -DoutputFormats=HTML,XML -DmutationThreshold="$THRESHOLD"
