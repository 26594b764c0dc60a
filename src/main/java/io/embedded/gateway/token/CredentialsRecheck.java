package io.embedded.gateway.token;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.client.AirbyteConfig;
import io.embedded.gateway.client.UpstreamAvailability;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.subscription.Cancellable;
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
    private final Cancellable startupCheck;
    private final long timerId;

    CredentialsRecheck(Vertx vertx, AirbyteConfig config, UpstreamAvailability availability,
            OperatorTokenService operatorTokens) {
        this.vertx = vertx;
        // Asynchronous: startup does not wait for Airbyte; readiness does, for as long as the call's own timeout.
        this.startupCheck = operatorTokens.current().subscribe().with(token -> availability.credentialsCheckFinished(),
                failure -> {
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
        // An answer after shutdown (a start refused by another check while the call was out) must not reach the
        // beans: through their proxies it would create them again on a stopped application.
        startupCheck.cancel();
        vertx.cancelTimer(timerId);
    }
}
