package io.embedded.gateway.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link IdentityConfig} for plain unit tests: jwt mode with a JWKS URL and the production defaults, varied per test. */
record TestIdentityConfig(IdentityMode mode, String workspaceTemplate, IdentityConfig.Jwt jwt,
        IdentityConfig.Header header) implements IdentityConfig {

    static final String ISSUER = "https://idp.partner.example/";
    static final String AUDIENCE = "airbyte-embedded-gateway";

    /** jwt mode, template {@code {user}}, keys from {@code https://idp.partner.example/jwks}. */
    static TestIdentityConfig jwtMode() {
        return new TestIdentityConfig(IdentityMode.JWT, "{user}", Jwt.defaults(), null);
    }

    TestIdentityConfig withJwt(Jwt jwt) {
        return new TestIdentityConfig(mode, workspaceTemplate, jwt, header);
    }

    TestIdentityConfig withTemplate(String template) {
        return new TestIdentityConfig(mode, template, jwt, header);
    }

    /** The jwt group, with the defaults {@link IdentityConfig.Jwt} declares. */
    record Jwt(Optional<String> issuer, Optional<List<String>> audience, Optional<URI> jwksUrl,
            Optional<String> publicKey, String userClaim, Optional<String> tenantClaim, Duration clockSkew,
            Duration maxTokenLifetime, Duration jwksTimeout, Duration jwksForcedRefreshInterval,
            Duration jwksMaxAge) implements IdentityConfig.Jwt {

        static Jwt defaults() {
            return new Jwt(Optional.of(ISSUER), Optional.of(List.of(AUDIENCE)),
                    Optional.of(URI.create("https://idp.partner.example/jwks")), Optional.empty(), "sub",
                    Optional.empty(), Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofSeconds(5),
                    Duration.ofMinutes(5), Duration.ofMinutes(10));
        }

        Jwt withJwksUrl(String url) {
            return new Jwt(issuer, audience, Optional.of(URI.create(url)), publicKey, userClaim, tenantClaim, clockSkew,
                    maxTokenLifetime, jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withMaxTokenLifetime(Duration lifetime) {
            return new Jwt(issuer, audience, jwksUrl, publicKey, userClaim, tenantClaim, clockSkew, lifetime, jwksTimeout,
                    jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withIssuer(Optional<String> value) {
            return new Jwt(value, audience, jwksUrl, publicKey, userClaim, tenantClaim, clockSkew, maxTokenLifetime,
                    jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withAudience(Optional<List<String>> value) {
            return new Jwt(issuer, value, jwksUrl, publicKey, userClaim, tenantClaim, clockSkew, maxTokenLifetime,
                    jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withoutJwksUrl() {
            return new Jwt(issuer, audience, Optional.empty(), publicKey, userClaim, tenantClaim, clockSkew,
                    maxTokenLifetime, jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withPublicKey(String value) {
            return new Jwt(issuer, audience, jwksUrl, Optional.of(value), userClaim, tenantClaim, clockSkew,
                    maxTokenLifetime, jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withUserClaim(String value) {
            return new Jwt(issuer, audience, jwksUrl, publicKey, value, tenantClaim, clockSkew, maxTokenLifetime,
                    jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withTenantClaim(Optional<String> value) {
            return new Jwt(issuer, audience, jwksUrl, publicKey, userClaim, value, clockSkew, maxTokenLifetime,
                    jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withClockSkew(Duration value) {
            return new Jwt(issuer, audience, jwksUrl, publicKey, userClaim, tenantClaim, value, maxTokenLifetime,
                    jwksTimeout, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withJwksTimeout(Duration value) {
            return new Jwt(issuer, audience, jwksUrl, publicKey, userClaim, tenantClaim, clockSkew, maxTokenLifetime,
                    value, jwksForcedRefreshInterval, jwksMaxAge);
        }

        Jwt withJwksMaxAge(Duration maxAge) {
            return new Jwt(issuer, audience, jwksUrl, publicKey, userClaim, tenantClaim, clockSkew, maxTokenLifetime,
                    jwksTimeout, jwksForcedRefreshInterval, maxAge);
        }
    }
}
