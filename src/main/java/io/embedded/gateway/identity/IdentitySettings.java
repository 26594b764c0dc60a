package io.embedded.gateway.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.netty.util.NetUtil;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Startup checks of {@link IdentityConfig}: each mode's required properties, named in the error. */
public final class IdentitySettings {

    static final int MIN_SECRET_LENGTH = 32;

    private IdentitySettings() {
    }

    /** Throws a {@link ConfigurationException} naming the first missing or invalid property of the chosen mode. */
    public static void check(IdentityConfig config) {
        WorkspaceNameTemplate.parse(config.workspaceTemplate());
        switch (config.mode()) {
            case JWT -> {
                IdentityConfig.Jwt jwt = config.jwt();
                require(jwt.issuer().filter(value -> !value.isBlank()).isPresent(), "gateway.identity.jwt.issuer",
                        "must be set to the issuer (iss) of the partner's tokens");
                require(jwt.audience().filter(values -> !values.isEmpty()).isPresent(), "gateway.identity.jwt.audience",
                        "must list the audience (aud) the partner's tokens are issued for");
                require(jwt.jwksUrl().isPresent() != jwt.publicKey().isPresent(),
                        "gateway.identity.jwt.jwks-url",
                        "exactly one of gateway.identity.jwt.jwks-url and gateway.identity.jwt.public-key must be set");
                // Keys fetched in clear text could be swapped on the way: anyone on the path could then sign tokens.
                jwt.jwksUrl().ifPresent(url -> require("https".equalsIgnoreCase(url.getScheme())
                        || ("http".equalsIgnoreCase(url.getScheme()) && isLoopback(url.getHost())),
                        "gateway.identity.jwt.jwks-url",
                        "must be an https URL (plain http only to a loopback host: localhost, 127.0.0.0/8 or ::1)"));
                require(!jwt.jwksTimeout().isNegative() && !jwt.jwksTimeout().isZero()
                        && jwt.jwksTimeout().toSeconds() <= 60, "gateway.identity.jwt.jwks-timeout",
                        "must be between 1 ms and 60 s");
                require(jwt.jwksMaxAge().toSeconds() >= 60, "gateway.identity.jwt.jwks-max-age", "must be at least 1 minute");
                require(jwt.maxTokenLifetime().toSeconds() >= 60 && jwt.maxTokenLifetime().toDays() <= 365,
                        "gateway.identity.jwt.max-token-lifetime", "must be between 1 minute and 365 days");
                jwt.publicKey().ifPresent(BearerTokenVerifier::publicKey);
                require(!jwt.userClaim().isBlank(), "gateway.identity.jwt.user-claim", "must name a claim");
                require(!jwt.clockSkew().isNegative() && jwt.clockSkew().toSeconds() <= 300, "gateway.identity.jwt.clock-skew",
                        "must be between 0 and 5 minutes");
                if (config.workspaceTemplate().contains("{tenant}")) {
                    require(jwt.tenantClaim().isPresent(), "gateway.identity.jwt.tenant-claim",
                            "must be set when gateway.identity.workspace-template uses {tenant}");
                }
            }
            case HEADER -> {
                IdentityConfig.Header header = config.header();
                require(header.secret().filter(secret -> secret.length() >= MIN_SECRET_LENGTH).isPresent(),
                        "gateway.identity.header.secret",
                        "must be set, at least " + MIN_SECRET_LENGTH
                                + " characters, to the secret the authenticating proxy sends");
                if (config.workspaceTemplate().contains("{tenant}")) {
                    require(header.tenantHeader().isPresent(), "gateway.identity.header.tenant-header",
                            "must be set when gateway.identity.workspace-template uses {tenant}");
                }
            }
            case BODY -> require(!config.workspaceTemplate().contains("{tenant}"), "gateway.identity.workspace-template",
                    "cannot use {tenant} in body mode, which has no tenant");
        }
    }

    /**
     * Whether {@code host} (as {@link java.net.URI#getHost()} gives it) is {@code localhost} or a literal loopback
     * address. A name is never resolved: DNS must not be able to make a remote host count as local.
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        try {
            return address != null && InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void require(boolean condition, String property, String message) {
        if (!condition) {
            throw new ConfigurationException(property + " " + message + " (gateway.identity.mode chooses which are needed)");
        }
    }
}
