package io.embedded.gateway.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP-level assertions against the packaged application. */
@QuarkusIntegrationTest
class SourcesApiIT extends SourcesApiTest {
}
