package io.embedded.gateway.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP-layer refusals against the packaged application. */
@QuarkusIntegrationTest
class HttpLayerProblemsIT extends HttpLayerProblemsTest {
}
