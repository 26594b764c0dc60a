package io.embedded.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.embedded.gateway.identity.IdentityProviderKeys;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * In {@code jwt} mode with a JWKS, a pod is ready once it has loaded the identity provider's keys: before that it
 * cannot verify anyone. A later outage of the provider does not make it unready, because the loaded keys still verify
 * tokens (as with Airbyte, pulling every pod would only replace our 503 with the ingress's error). A probe never
 * fetches; the gateway retries by itself with backoff.
 */
@Readiness
@ApplicationScoped
public class IdentityProviderReadinessCheck implements AsyncHealthCheck {

    private final IdentityProviderKeys keys;

    IdentityProviderReadinessCheck(IdentityProviderKeys keys) {
        this.keys = keys;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("identity-provider-keys");
        if (!keys.enabled()) {
            return Uni.createFrom().item(response.withData("jwks", "not used").up().build());
        }
        response.withData("loaded", keys.loaded());
        if (keys.lastFailure() != null) {
            response.withData("lastFailure", keys.lastFailure());
        }
        return Uni.createFrom().item(response.status(keys.loaded()).build());
    }
}
