package io.embedded.gateway.identity;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The jwt-mode tests against the packaged application (prod profile). */
@QuarkusIntegrationTest
class JwtIdentityIT extends JwtIdentityTest {
}
