package io.embedded.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.embedded.gateway.client.UpstreamAvailability;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready means "can mint tokens": Airbyte accepts our credentials and no circuit breaker is pausing calls. Computed from
 * the outcomes of real calls; a probe never calls Airbyte.
 */
@Readiness
@ApplicationScoped
public class AirbyteReadinessCheck implements AsyncHealthCheck {

    private final UpstreamAvailability availability;

    AirbyteReadinessCheck(UpstreamAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("airbyte")
                .withData("credentialsRejected", availability.credentialsRejected());
        var paused = availability.pausedBreakers();
        response.withData("openCircuitBreakers", String.join(",", paused));
        availability.pausedFor().ifPresent(remaining -> response.withData("pausedForSeconds", remaining.toSeconds() + 1));
        return Uni.createFrom().item(response.status(!availability.credentialsRejected() && paused.isEmpty()).build());
    }
}
