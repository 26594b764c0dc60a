package io.embedded.gateway.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the gateway authenticates its caller and names the caller's workspace. Which groups are required depends on
 * {@link #mode()}; {@link IdentitySettings#check(IdentityConfig)} names any missing property at startup.
 */
@ConfigMapping(prefix = "gateway.identity")
public interface IdentityConfig {

    /** {@code jwt} (default), {@code header} or {@code body} (env {@code GATEWAY_IDENTITY_MODE}). */
    @WithDefault("jwt")
    IdentityMode mode();

    /**
     * Workspace name derived from the identity: {@code {user}} and {@code {tenant}} are replaced by the verified values,
     * e.g. {@code {user}}, {@code acme-{tenant}} or {@code {tenant}:{user}}; placeholders must be separated by literal
     * text.
     */
    @WithDefault("{user}")
    String workspaceTemplate();

    /** Bearer JWT verification ({@code mode=jwt}). */
    Jwt jwt();

    /** Trusted-proxy headers ({@code mode=header}). */
    Header header();

    /** Settings of {@code mode=jwt}. */
    interface Jwt {

        /** Required {@code iss} of the partner's tokens (env {@code GATEWAY_IDENTITY_JWT_ISSUER}). */
        Optional<String> issuer();

        /** Accepted {@code aud} values; a token must name at least one (env {@code GATEWAY_IDENTITY_JWT_AUDIENCE}). */
        Optional<List<String>> audience();

        /**
         * JWKS URL of the partner's identity provider: https (plain http only to localhost, 127.0.0.0/8 or ::1);
         * refetched when a token names an unknown key (rotation).
         */
        Optional<URI> jwksUrl();

        /** Alternatively, the verification key: a PEM or base64 (X.509 SubjectPublicKeyInfo) RSA or EC public key. */
        Optional<String> publicKey();

        /** Claim holding the user id. */
        @WithDefault("sub")
        String userClaim();

        /** Claim holding the partner organisation (tenant) id; required in tokens when set. */
        Optional<String> tenantClaim();

        /** Allowed clock difference when checking {@code exp} and {@code nbf}; at most 5 minutes. */
        @WithDefault("30s")
        Duration clockSkew();

        /**
         * Longest a token may be valid: its {@code exp} at most this long after its {@code iat}, and after now (plus
         * {@code clock-skew}) when it has no {@code iat} or one in the future; a token meant to live longer is refused
         * (401), so a leaked long-lived token is not accepted for long. Between 1 minute and 365 days.
         */
        @WithDefault("24h")
        Duration maxTokenLifetime();

        /** Longest wait for the JWKS: connecting and the whole answer. Requests waiting for keys wait at most this long. */
        @WithDefault("5s")
        Duration jwksTimeout();

        /** Minimum time between two JWKS refetches triggered by unknown key ids, so tokens cannot force a refetch storm. */
        @WithDefault("5m")
        Duration jwksForcedRefreshInterval();

        /**
         * Longest the fetched JWKS is used before it is fetched again in the background, so that a key the identity
         * provider removed (compromised, retired) stops verifying tokens within about this long. Requests never wait for
         * this refresh; while the provider cannot be reached the keys already loaded stay in use. At least 1 minute.
         */
        @WithDefault("10m")
        Duration jwksMaxAge();
    }

    /** Settings of {@code mode=header}. */
    interface Header {

        /** Header carrying the authenticated user id. */
        @WithDefault("X-Authenticated-User")
        String userHeader();

        /** Header carrying the tenant id, if the proxy sets one. */
        Optional<String> tenantHeader();

        /** Header carrying the shared secret that proves the request came through the proxy. */
        @WithDefault("X-Gateway-Secret")
        String secretHeader();

        /** The shared secret (env {@code GATEWAY_IDENTITY_HEADER_SECRET}); at least 32 characters; never logged. */
        Optional<String> secret();
    }
}
