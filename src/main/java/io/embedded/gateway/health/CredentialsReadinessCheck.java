package io.embedded.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.embedded.gateway.client.UpstreamAvailability;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready means "this pod can serve": its configuration was valid (else it would not have started) and Airbyte did not
 * reject its credentials, checked once at startup (an Airbyte that does not answer that check counts as not rejecting).
 * Deliberately not Airbyte's availability ({@link AirbyteHealthCheck}): an Airbyte outage would take every
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
        boolean checked = availability.credentialsChecked();
        boolean rejected = availability.credentialsRejected();
        return Uni.createFrom().item(HealthCheckResponse.named("airbyte-credentials")
                .withData("credentialsChecked", checked).withData("credentialsRejected", rejected)
                .status(checked && !rejected).build());
    }
}
