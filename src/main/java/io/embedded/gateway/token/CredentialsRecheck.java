package io.embedded.gateway.token;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.client.UpstreamAvailability;
import io.embedded.gateway.config.AirbyteConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * While Airbyte rejects our credentials the gateway reports not ready, so no request would ever find out that they
 * work again. One background token fetch per interval, and only in that state, closes the loop; probes never call out.
 */
@Startup
@ApplicationScoped
class CredentialsRecheck {

    private final Vertx vertx;
    private final long timerId;

    CredentialsRecheck(Vertx vertx, AirbyteConfig config, UpstreamAvailability availability,
            OperatorTokenService operatorTokens) {
        this.vertx = vertx;
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
