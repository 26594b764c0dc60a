package io.embedded.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.embedded.gateway.client.UpstreamAvailability;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready means "this pod can serve": its configuration was valid (else it would not have started) and Airbyte accepts its
 * credentials. Deliberately not Airbyte's availability ({@link AirbyteHealthCheck}): an Airbyte outage would take every
 * pod out of the Service at once, and browsers would get the ingress's error without CORS headers instead of our 503
 * problem with {@code Retry-After}. Computed from real calls' outcomes; a probe never calls Airbyte.
 */
@Readiness
@ApplicationScoped
public class CredentialsReadinessCheck implements AsyncHealthCheck {

    private final UpstreamAvailability availability;

    CredentialsReadinessCheck(UpstreamAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        boolean rejected = availability.credentialsRejected();
        return Uni.createFrom().item(HealthCheckResponse.named("airbyte-credentials")
                .withData("credentialsRejected", rejected).status(!rejected).build());
    }
}
