package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a caller identity reveals when printed, and its keys. */
class CallerIdentityTest {

    @Test
    void shouldNotPrintTheUserTenantOrWorkspace() {
        var identity = new CallerIdentity("auth0|alice", "org-acme", "org-acme:auth0|alice", IdentityMode.JWT);

        assertThat(identity.toString()).contains("JWT").doesNotContain("alice").doesNotContain("acme");
    }

    @Test
    void shouldKeyIdentitiesWithoutCollisions() {
        assertThat(new CallerIdentity("c", "a:b", "x", IdentityMode.JWT).key())
                .isNotEqualTo(new CallerIdentity("b:c", "a", "x", IdentityMode.JWT).key());
        assertThat(new CallerIdentity("u", null, "u", IdentityMode.JWT).key())
                .isNotEqualTo(new CallerIdentity("u", null, "u", IdentityMode.HEADER).key());
    }
}
