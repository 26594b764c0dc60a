package io.embedded.gateway.identity;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The header-mode tests against the packaged application (prod profile). */
@QuarkusIntegrationTest
class HeaderIdentityIT extends HeaderIdentityTest {
}
