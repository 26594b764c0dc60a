package io.embedded.gateway.identity;

import jakarta.enterprise.event.Observes;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;

/**
 * Configures quarkus-oidc's default tenant from {@code gateway.identity.jwt.*}, so operators set one documented group
 * of properties and the mode alone decides whether bearer verification is on. In {@code header} and {@code body} modes
 * the tenant is disabled and no Authorization header is ever verified.
 */
public class OidcTenantSetup {

    private static final String DEFAULT_TENANT = "Default";

    void createDefaultTenant(@Observes Oidc oidc, IdentityConfig config) {
        // Runs while the application starts, before any request: bad identity configuration stops it here.
        IdentitySettings.check(config);
        if (config.mode() != IdentityMode.JWT) {
            oidc.create(OidcTenantConfig.builder().tenantId(DEFAULT_TENANT).tenantEnabled(false).build());
            return;
        }
        IdentityConfig.Jwt jwt = config.jwt();
        var tenant = OidcTenantConfig.builder().tenantId(DEFAULT_TENANT).applicationType(ApplicationType.SERVICE);
        jwt.jwksUrl().ifPresentOrElse(
                // No discovery: the JWKS is all we need, and a partner's IdP may not publish discovery metadata.
                url -> tenant.authServerUrl(url.toString()).discoveryEnabled(false).jwksPath(url.toString()),
                () -> tenant.publicKey(pemBody(jwt.publicKey().orElseThrow())));
        tenant.token()
                .issuer(jwt.issuer().orElseThrow())
                .audience(jwt.audience().orElseThrow())
                .lifespanGrace((int) jwt.clockSkew().toSeconds())
                .forcedJwkRefreshInterval(jwt.jwksForcedRefreshInterval())
                .principalClaim(jwt.userClaim())
                .end();
        oidc.create(tenant.build());
    }

    /** quarkus-oidc wants the base64 key alone; accept a whole PEM too. */
    static String pemBody(String key) {
        return key.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
