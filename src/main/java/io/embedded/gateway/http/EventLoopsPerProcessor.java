package io.embedded.gateway.http;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.VertxOptions;

/**
 * One Vert.x event loop per processor the process may use (a container's CPU limit, rounded up), unless
 * {@code quarkus.vertx.event-loops-pool-size} is set.
 * <p>
 * Quarkus runs at least two. A widget token is one request in and one call to Airbyte out, and Vert.x hands the
 * client's pooled connections to whichever loop asks; with more loops than processors, the call often goes out on a
 * connection owned by another loop, so its write and its answer each cross to that thread and back, every crossing a
 * wake-up of a parked thread. On the two-core benchmark machine one loop instead of two cost 13 to 26 % less CPU per
 * widget token (docs/performance.md, 2026-12-06). The shipped Deployment's CPU limit of 1 gives one loop.
 */
@Singleton
class EventLoopsPerProcessor implements VertxOptionsCustomizer {

    static final String PROPERTY = "quarkus.vertx.event-loops-pool-size";

    private final Optional<Integer> configured;

    EventLoopsPerProcessor(Config config) {
        this.configured = config.getOptionalValue(PROPERTY, Integer.class);
    }

    @Override
    public void accept(VertxOptions options) {
        // Quarkus applies its configuration before its customizers, so only an unset property is ours to decide.
        int loops = eventLoops(configured, Runtime.getRuntime().availableProcessors());
        options.setEventLoopPoolSize(loops);
        Log.infof("Vert.x event loops: %d (%s)", loops,
                configured.isPresent() ? PROPERTY : "one per available processor; " + PROPERTY + " overrides");
    }

    /** The configured count if there is one, else one per processor. */
    static int eventLoops(Optional<Integer> configured, int processors) {
        return configured.orElse(Math.max(1, processors));
    }
}
