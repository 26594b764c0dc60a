package io.embedded.gateway.token;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.client.AirbyteConfig;
import io.embedded.gateway.client.UpstreamAvailability;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Checks the credentials once at startup (the token obtained is then the cached one), so a pod with a wrong secret (a
 * bad rotation) stays out of the Service instead of passing a rolling update. While Airbyte rejects them the gateway
 * reports not ready and requests no longer send them, so one background token fetch per interval, and only in that
 * state, notices when they work again. Probes never call out.
 */
@Startup
@ApplicationScoped
class CredentialsRecheck {

    private final Vertx vertx;
    private final long timerId;

    CredentialsRecheck(Vertx vertx, AirbyteConfig config, UpstreamAvailability availability,
            OperatorTokenService operatorTokens) {
        this.vertx = vertx;
        // Asynchronous: startup does not wait for Airbyte; readiness does, for as long as the call's own timeout.
        operatorTokens.current().subscribe().with(token -> availability.credentialsCheckFinished(), failure -> {
            Log.debugf("Startup credentials check failed: %s", failure.getClass().getSimpleName());
            availability.credentialsCheckFinished();
        });
        this.timerId = vertx.setPeriodic(config.resilience().credentialsRecheckInterval().toMillis(), tick -> {
            if (availability.credentialsRejected()) {
                operatorTokens.invalidate().chain(operatorTokens::current).subscribe()
                        .with(token -> Log.debug("Credentials recheck succeeded"),
                                failure -> Log.debugf("Credentials recheck failed: %s",
                                        failure.getClass().getSimpleName()));
            }
        });
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timerId);
    }
}
