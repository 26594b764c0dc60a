package io.embedded.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.embedded.gateway.client.UpstreamAvailability;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;

/**
 * Airbyte as this pod sees it, at {@code /q/health/group/airbyte}: down while a circuit breaker pauses calls or the
 * credentials are rejected. For dashboards and alerts, never for probes (see {@link CredentialsReadinessCheck}).
 */
@HealthGroup(AirbyteHealthCheck.GROUP)
@ApplicationScoped
public class AirbyteHealthCheck implements AsyncHealthCheck {

    static final String GROUP = "airbyte";

    private final UpstreamAvailability availability;

    AirbyteHealthCheck(UpstreamAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(GROUP)
                .withData("credentialsRejected", availability.credentialsRejected());
        var paused = availability.pausedBreakers();
        response.withData("openCircuitBreakers", String.join(",", paused));
        availability.pausedFor().ifPresent(remaining -> response.withData("pausedForSeconds", remaining.toSeconds() + 1));
        return Uni.createFrom().item(response.status(!availability.credentialsRejected() && paused.isEmpty()).build());
    }
}
